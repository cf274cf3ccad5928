/* SPDX-License-Identifier: MIT */
/* context.c: the public context: one event loop, one DNS engine on it,
 * the Public Suffix List and the provider ranges every check shares; the
 * loop's entry points (fcrdns_process, fcrdns_run) and generic queries. */
#include <stdlib.h>
#include <string.h>

#include "check/context.h"
#include "core/loop.h"

/* Load the Public Suffix List named in opts, or take libpsl's built-in
 * list. Returns a status. */
static int psl_setup(fcrdns_ctx *ctx, const fcrdns_options *opts, unsigned mask)
{
	if ((mask & FCRDNS_OPT_PSL_FILE) && opts->psl_file && opts->psl_file[0]) {
		if ((ctx->psl = psl_load_file(opts->psl_file)) == NULL)
			return FCRDNS_EPSL;
		ctx->psl_owned = 1;
		return FCRDNS_OK;
	}
	return (ctx->psl = (psl_ctx_t *)psl_builtin()) ? FCRDNS_OK : FCRDNS_EPSL;
}

static int make_ares(dns_transport **out, fcrdns_loop *loop, const fcrdns_options *opts,
		     unsigned mask, void *arg)
{
	(void)arg;
	return transport_ares_new(out, loop, opts, mask);
}

int ctx_new_with(fcrdns_ctx **out, const fcrdns_options *opts, unsigned mask,
		 transport_maker make, void *arg)
{
	fcrdns_ctx *ctx = calloc(1, sizeof *ctx);
	fcrdns_options none;
	dns_transport *tp;
	int st;

	*out = NULL;
	if (ctx == NULL)
		return FCRDNS_ENOMEM;
	if (opts == NULL) {
		memset(&none, 0, sizeof none);
		opts = &none;
		mask = 0;
	}
	if (mask & FCRDNS_OPT_RANGES)
		ctx->ranges = opts->ranges;
	if ((st = psl_setup(ctx, opts, mask)) != FCRDNS_OK ||
	    (st = loop_new(&ctx->loop)) != FCRDNS_OK ||
	    (st = make(&tp, ctx->loop, opts, mask, arg)) != FCRDNS_OK ||
	    (st = dns_engine_new(&ctx->dns, ctx->loop, tp, opts, mask)) != FCRDNS_OK) {
		fcrdns_ctx_free(ctx);
		return st;
	}
	*out = ctx;
	return FCRDNS_OK;
}

int fcrdns_ctx_new(fcrdns_ctx **out, const fcrdns_options *opts, unsigned mask)
{
	return ctx_new_with(out, opts, mask, make_ares, NULL);
}

void fcrdns_ctx_free(fcrdns_ctx *ctx)
{
	if (ctx == NULL)
		return;
	/* Every query callback runs, cancelled; so every check ends, and its
	 * callback runs, cancelled. Then what is left on the loop. */
	dns_engine_free(ctx->dns);
	loop_free(ctx->loop);
	if (ctx->psl_owned)
		psl_free(ctx->psl);
	free(ctx);
}

fcrdns_loop *fcrdns_ctx_loop(fcrdns_ctx *ctx)
{
	return ctx->loop;
}

size_t fcrdns_pending(const fcrdns_ctx *ctx)
{
	return ctx->pending;
}

int fcrdns_query_start(fcrdns_ctx *ctx, const char *name, uint16_t type, fcrdns_query_cb cb,
		       void *arg)
{
	if (ctx == NULL || name == NULL)
		return FCRDNS_EINVAL;
	return dns_query(ctx->dns, name, type, cb, arg);
}

int fcrdns_process(fcrdns_ctx *ctx, int timeout_ms)
{
	int st = loop_run_once(ctx->loop, timeout_ms);

	if (dns_engine_take_failure(ctx->dns))
		ctx->failed = 1;
	if (st == FCRDNS_OK && ctx->failed) {
		ctx->failed = 0;
		return FCRDNS_ENOMEM;
	}
	return st;
}

int fcrdns_run(fcrdns_ctx *ctx)
{
	int st = FCRDNS_OK;

	while (ctx->pending > 0 || dns_engine_pending(ctx->dns) > 0 || loop_alive(ctx->loop)) {
		int s = fcrdns_process(ctx, -1);
		if (s == FCRDNS_ESYS)
			return s;
		if (s != FCRDNS_OK)
			st = s;
	}
	return st;
}

void fcrdns_ctx_stats(const fcrdns_ctx *ctx, fcrdns_stats *out, size_t size)
{
	fcrdns_stats st;

	dns_engine_stats(ctx->dns, &st);
	memcpy(out, &st, size < sizeof st ? size : sizeof st);
}
