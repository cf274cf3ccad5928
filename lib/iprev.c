/* SPDX-License-Identifier: MIT */
/* iprev.c: the check state machine and the public context: PTR lookup,
 * then the forward lookups of up to ten names in parallel, then the
 * verdict; plus the event-loop entry points and the synchronous wrapper. */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dns.h"
#include "internal.h"

typedef struct check check;

/* One forward lookup's back-pointer: which check, which name. */
typedef struct forward_slot {
	check *owner;
	size_t index;
} forward_slot;

struct check {
	fcrdns_ctx *ctx;
	fcrdns_result *result;
	fcrdns_check_cb cb;
	void *arg;
	size_t waiting;        /* lookups outstanding, plus one while submitting */
	struct timespec started;
	forward_slot slots[FCRDNS_MAX_FORWARD_CHECKED];
	check *prev, *next;    /* ctx->checks list */
};

struct fcrdns_ctx {
	dns_engine *dns;
	check *checks;
	size_t pending;
	int failed; /* a lookup could not be queued: out of memory */
};

int fcrdns_ctx_new(fcrdns_ctx **out, const fcrdns_options *opts, unsigned mask)
{
	fcrdns_ctx *ctx = calloc(1, sizeof *ctx);
	fcrdns_options none;
	int st;

	*out = NULL;
	if (ctx == NULL)
		return FCRDNS_ENOMEM;
	if (opts == NULL) {
		memset(&none, 0, sizeof none);
		opts = &none;
		mask = 0;
	}
	if ((st = dns_engine_new(&ctx->dns, opts, mask)) != FCRDNS_OK) {
		free(ctx);
		return st;
	}
	*out = ctx;
	return FCRDNS_OK;
}

static void check_unlink_free(check *c)
{
	fcrdns_ctx *ctx = c->ctx;

	if (c->prev)
		c->prev->next = c->next;
	else
		ctx->checks = c->next;
	if (c->next)
		c->next->prev = c->prev;
	ctx->pending--;
	fcrdns_result_free(c->result);
	free(c);
}

void fcrdns_ctx_free(fcrdns_ctx *ctx)
{
	if (ctx == NULL)
		return;
	dns_engine_free(ctx->dns); /* no callback runs after this */
	while (ctx->checks)
		check_unlink_free(ctx->checks);
	free(ctx);
}

size_t fcrdns_pending(const fcrdns_ctx *ctx)
{
	return ctx->pending;
}

static unsigned elapsed_ms_since(const struct timespec *t0)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (unsigned)((now.tv_sec - t0->tv_sec) * 1000 + (now.tv_nsec - t0->tv_nsec) / 1000000);
}

/* Drop one outstanding lookup; when none is left, decide and deliver. */
static void check_release(check *c)
{
	fcrdns_result *r = c->result;

	if (--c->waiting > 0)
		return;
	verdict_decide(r);
	if (verdict_problems(r) != 0)
		c->ctx->failed = 1;
	r->elapsed_ms = elapsed_ms_since(&c->started);
	c->cb(c->arg, r);
	check_unlink_free(c);
}

/* Store a forward answer: the addresses kept, and whether one is ours. */
static void on_forward(void *arg, const dns_answer *ans)
{
	forward_slot *slot = arg;
	check *c = slot->owner;
	fcrdns_name_check *nc = &c->result->checks[slot->index];

	nc->outcome = ans->outcome;
	nc->naddrs = ans->naddrs;
	if (ans->cname && (nc->cname = strdup(ans->cname)) == NULL)
		c->ctx->failed = 1;
	for (size_t i = 0; i < ans->naddrs; i++) {
		if (fcrdns_addr_equal(&ans->addrs[i], &c->result->addr))
			nc->confirms = 1;
		if (nc->naddrs_kept < FCRDNS_MAX_ADDRS_KEPT)
			nc->addrs[nc->naddrs_kept++] = ans->addrs[i];
	}
	if (ans->outcome == FCRDNS_LOOKUP_ANSWER && ans->naddrs == 0)
		nc->outcome = FCRDNS_LOOKUP_NODATA;
	check_release(c);
}

/* Start the forward lookups of the checked names, in the client's family. */
static void start_forward_lookups(check *c)
{
	fcrdns_result *r = c->result;
	dns_type type = r->addr.family == AF_INET ? DNS_TYPE_A : DNS_TYPE_AAAA;

	for (size_t i = 0; i < r->nchecks; i++) {
		if (!dns_name_is_queryable(r->checks[i].name))
			continue; /* stays SKIPPED: counts as no address */
		c->slots[i].owner = c;
		c->slots[i].index = i;
		c->waiting++;
		if (dns_lookup(c->ctx->dns, r->checks[i].name, type, on_forward, &c->slots[i]) != FCRDNS_OK) {
			r->checks[i].outcome = FCRDNS_LOOKUP_ERROR;
			c->ctx->failed = 1;
			c->waiting--;
		}
	}
}

static void on_ptr(void *arg, const dns_answer *ans)
{
	check *c = arg;
	fcrdns_result *r = c->result;

	r->ptr_outcome = ans->outcome;
	if (ans->cname && (r->ptr_cname = strdup(ans->cname)) == NULL)
		c->ctx->failed = 1;
	if (ans->outcome == FCRDNS_LOOKUP_ANSWER) {
		if (result_set_ptr(r, ans->names, ans->nnames) != 0) {
			r->ptr_outcome = FCRDNS_LOOKUP_ERROR;
			c->ctx->failed = 1;
		} else if (r->nptr == 0) {
			r->ptr_outcome = FCRDNS_LOOKUP_NODATA;
		}
	}
	/* Hold a reference while submitting: a lookup may complete at once. */
	c->waiting++;
	if (r->ptr_outcome == FCRDNS_LOOKUP_ANSWER)
		start_forward_lookups(c);
	check_release(c); /* the reference just taken */
	check_release(c); /* the PTR lookup itself */
}

int fcrdns_check_submit(fcrdns_ctx *ctx, const fcrdns_addr *addr, fcrdns_check_cb cb, void *arg)
{
	check *c;

	if (ctx == NULL || addr == NULL || cb == NULL ||
	    (addr->family != AF_INET && addr->family != AF_INET6))
		return FCRDNS_EINVAL;
	if ((c = calloc(1, sizeof *c)) == NULL)
		return FCRDNS_ENOMEM;
	if ((c->result = result_new(addr)) == NULL) {
		free(c);
		return FCRDNS_ENOMEM;
	}
	c->ctx = ctx;
	c->cb = cb;
	c->arg = arg;
	c->waiting = 1;
	clock_gettime(CLOCK_MONOTONIC, &c->started);
	c->next = ctx->checks;
	if (ctx->checks)
		ctx->checks->prev = c;
	ctx->checks = c;
	ctx->pending++;
	if (dns_lookup(ctx->dns, c->result->reverse_name, DNS_TYPE_PTR, on_ptr, c) != FCRDNS_OK) {
		check_unlink_free(c);
		return FCRDNS_ENOMEM;
	}
	return FCRDNS_OK;
}

int fcrdns_process(fcrdns_ctx *ctx, int timeout_ms)
{
	int st = dns_engine_process(ctx->dns, timeout_ms);

	if (st == FCRDNS_OK && ctx->failed) {
		ctx->failed = 0;
		return FCRDNS_ENOMEM;
	}
	return st;
}

int fcrdns_run(fcrdns_ctx *ctx)
{
	int st = FCRDNS_OK;

	while (ctx->pending > 0) {
		int s = fcrdns_process(ctx, -1);
		if (s == FCRDNS_ESYS)
			return s;
		if (s != FCRDNS_OK)
			st = s;
	}
	return st;
}

/* The synchronous wrapper's slot lives on the heap: if the loop fails, the
 * check stays pending and its callback frees the abandoned slot. */
typedef struct sync_slot {
	fcrdns_result *result;
	int done;
	int abandoned;
} sync_slot;

static void on_sync_result(void *arg, const fcrdns_result *r)
{
	sync_slot *s = arg;

	if (s->abandoned) {
		free(s);
		return;
	}
	s->result = fcrdns_result_dup(r);
	s->done = 1;
}

int fcrdns_check_sync(fcrdns_ctx *ctx, const fcrdns_addr *addr, fcrdns_result **out)
{
	sync_slot *s = calloc(1, sizeof *s);
	int st;

	*out = NULL;
	if (s == NULL)
		return FCRDNS_ENOMEM;
	if ((st = fcrdns_check_submit(ctx, addr, on_sync_result, s)) != FCRDNS_OK) {
		free(s);
		return st;
	}
	while (!s->done) {
		if ((st = fcrdns_process(ctx, -1)) == FCRDNS_ESYS) {
			s->abandoned = 1;
			return st;
		}
	}
	*out = s->result;
	free(s);
	return *out ? FCRDNS_OK : FCRDNS_ENOMEM;
}
