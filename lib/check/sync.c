/* SPDX-License-Identifier: MIT */
/* sync.c: the synchronous checks, thin wrappers that run the context's
 * loop until the check's callback has come or a deadline has passed. */
#include <stdlib.h>

#include "check/context.h"

typedef struct sync_slot {
	fcrdns_result *result;
	int done;
	int status;
} sync_slot;

static void on_sync_result(void *arg, int status, const fcrdns_result *r)
{
	sync_slot *s = arg;

	s->status = status;
	s->result = r ? fcrdns_result_dup(r) : NULL;
	s->done = 1;
}

int fcrdns_check_request_sync(fcrdns_ctx *ctx, const fcrdns_request *req, unsigned timeout_ms,
			      fcrdns_result **out)
{
	sync_slot s = { NULL, 0, FCRDNS_OK };
	int64_t deadline = fcrdns_now_ms() + timeout_ms, left = -1;
	check *c;
	int st;

	*out = NULL;
	if ((st = check_begin(ctx, req, on_sync_result, &s, &c)) != FCRDNS_OK)
		return st;
	while (!s.done) {
		if (timeout_ms > 0 && (left = deadline - fcrdns_now_ms()) <= 0)
			break;
		if ((st = fcrdns_process(ctx, timeout_ms > 0 ? (int)left : -1)) == FCRDNS_ESYS)
			break;
	}
	/* s lives on this stack: a check still running is detached first. */
	*out = s.done ? s.result : check_snapshot(c);
	if (st == FCRDNS_ESYS)
		return st;
	if (s.done && s.status != FCRDNS_OK)
		return s.status;
	return *out ? FCRDNS_OK : FCRDNS_ENOMEM;
}

int fcrdns_check_sync(fcrdns_ctx *ctx, const fcrdns_addr *addr, fcrdns_result **out)
{
	fcrdns_request req = { .helo = NULL, .expect = NULL };

	*out = NULL;
	if (addr == NULL)
		return FCRDNS_EINVAL;
	req.addr = *addr;
	return fcrdns_check_request_sync(ctx, &req, 0, out);
}
