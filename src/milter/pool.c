/* SPDX-License-Identifier: MIT */
/* pool.c: lends fcrdns contexts to connection threads. A context is not
 * thread-safe, so each check borrows one for itself and returns it; idle
 * ones are kept so their DNS cache serves later connections. */
#include <pthread.h>
#include <stdlib.h>

#include "milter.h"

#define POOL_IDLE_MAX 32 /* idle contexts kept; more are freed */
#define TRIES 2

static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static fcrdns_ctx *idle[POOL_IDLE_MAX];
static size_t nidle;
static fcrdns_options opts;

/* Return which fields of opts are set. */
static unsigned options_mask(void)
{
	return FCRDNS_OPT_TIMEOUT | FCRDNS_OPT_TRIES |
	       (opts.resolvers != NULL ? FCRDNS_OPT_RESOLVERS : 0) |
	       (opts.ranges != NULL ? FCRDNS_OPT_RANGES : 0);
}

/* Return a context: an idle one, or a new one. NULL on failure. */
static fcrdns_ctx *borrow(void)
{
	fcrdns_ctx *ctx = NULL;

	pthread_mutex_lock(&pool_lock);
	if (nidle > 0)
		ctx = idle[--nidle];
	pthread_mutex_unlock(&pool_lock);
	if (ctx == NULL && fcrdns_ctx_new(&ctx, &opts, options_mask()) != FCRDNS_OK)
		return NULL;
	return ctx;
}

static void give_back(fcrdns_ctx *ctx)
{
	pthread_mutex_lock(&pool_lock);
	if (nidle < POOL_IDLE_MAX) {
		idle[nidle++] = ctx;
		ctx = NULL;
	}
	pthread_mutex_unlock(&pool_lock);
	fcrdns_ctx_free(ctx);
}

int pool_init(void)
{
	fcrdns_ctx *ctx;
	int st;

	/* A check is a PTR lookup then forward lookups (CNAMEs aside): two
	 * rounds of TRIES tries each must fit in the budget. */
	opts.timeout_ms = cfg.timeout_ms / (2 * TRIES);
	opts.tries = TRIES;
	opts.resolvers = cfg.resolvers;
	opts.ranges = cfg.ranges; /* borrowed: cfg lives until exit */
	if ((st = fcrdns_ctx_new(&ctx, &opts, options_mask())) != FCRDNS_OK)
		return st;
	give_back(ctx);
	return FCRDNS_OK;
}

void pool_shutdown(void)
{
	pthread_mutex_lock(&pool_lock);
	while (nidle > 0)
		fcrdns_ctx_free(idle[--nidle]);
	pthread_mutex_unlock(&pool_lock);
}

int pool_check(const fcrdns_addr *addr, const char *helo, fcrdns_result **out)
{
	fcrdns_request req = { .addr = *addr, .helo = helo, .expect = NULL };
	fcrdns_ctx *ctx;
	int st;

	*out = NULL;
	if ((ctx = borrow()) == NULL)
		return FCRDNS_EDNSINIT;
	/* Within the budget, or temperror for what is still out; a check cut
	 * short finishes silently on the context's later use. */
	st = fcrdns_check_request_sync(ctx, &req, cfg.timeout_ms, out);
	if (st == FCRDNS_ESYS)
		fcrdns_ctx_free(ctx);
	else
		give_back(ctx);
	return st;
}
