/* SPDX-License-Identifier: MIT */
/* context.h: the context's insides (internal; see context.c), shared by
 * the check machine and the synchronous wrappers. */
#ifndef FCRDNS_CHECK_CONTEXT_H
#define FCRDNS_CHECK_CONTEXT_H

#include <libpsl.h>

#include "fcrdns.h"
#include "dns/engine.h"

typedef struct check check;

struct fcrdns_ctx {
	fcrdns_loop *loop;
	dns_engine *dns;
	psl_ctx_t *psl;              /* loaded from a file, or libpsl's built-in */
	int psl_owned;
	const fcrdns_ranges *ranges; /* borrowed, or NULL */
	check *checks;               /* in progress */
	size_t pending;
	int failed;                  /* a lookup could not be queued: out of memory */
};

/* Make the transport of a new context on loop; arg is the caller's. */
typedef int (*transport_maker)(dns_transport **out, fcrdns_loop *loop, const fcrdns_options *opts,
			       unsigned mask, void *arg);

/* fcrdns_ctx_new() with another transport than c-ares (unit tests drive
 * the whole machine through a scripted one). Returns a status. */
int ctx_new_with(fcrdns_ctx **out, const fcrdns_options *opts, unsigned mask,
		 transport_maker make, void *arg);

/* Start a check; *started is the check while it is still running (NULL
 * once delivered). Returns a status (cb not called unless FCRDNS_OK). */
int check_begin(fcrdns_ctx *ctx, const fcrdns_request *req, fcrdns_check_cb cb, void *arg,
		check **started);
/* Detach c from its caller (it finishes silently) and return a decided
 * copy of how far it got: lookups still out read as timeouts. Returns
 * NULL when memory runs out. */
fcrdns_result *check_snapshot(check *c);

#endif
