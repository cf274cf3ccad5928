/* SPDX-License-Identifier: MIT */
/* iprev.c: the check state machine and the public context: PTR lookup,
 * then the forward lookups of up to ten names in parallel, then the
 * verdict; plus the event-loop entry points and the synchronous wrapper. */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libpsl.h>

#include "diag/diagnose.h"
#include "dns/dns.h"
#include "check/helo.h"
#include "check/internal.h"

typedef struct check check;

/* One forward lookup's back-pointer: which check, which name. */
typedef struct forward_slot {
	check *owner;
	size_t index;
} forward_slot;

/* Where a side lookup's answer goes. */
typedef struct side_slot {
	check *owner;
	fcrdns_name_check *target; /* helo_check or expect_check */
	int *pending;              /* the owner's count for this name */
} side_slot;

struct check {
	fcrdns_ctx *ctx;
	fcrdns_result *result;
	fcrdns_check_cb cb;
	void *arg;
	size_t waiting;        /* lookups outstanding, plus one while submitting */
	struct timespec started;
	forward_slot slots[FCRDNS_MAX_FORWARD_CHECKED];
	side_slot helo_slot;   /* A and AAAA of the HELO name share it */
	side_slot expect_slot;
	int side_pending[2];   /* lookups outstanding: [0] HELO, [1] expected */
	check *prev, *next;    /* ctx->checks list */
};

struct fcrdns_ctx {
	dns_engine *dns;
	psl_ctx_t *psl;        /* loaded from a file, or libpsl's built-in */
	int psl_owned;
	const fcrdns_ranges *ranges; /* borrowed, or NULL */
	check *checks;
	size_t pending;
	int failed; /* a lookup could not be queued: out of memory */
};

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
	if (mask & FCRDNS_OPT_RANGES)
		ctx->ranges = opts->ranges;
	if ((st = psl_setup(ctx, opts, mask)) != FCRDNS_OK) {
		free(ctx);
		return st;
	}
	if ((st = dns_engine_new(&ctx->dns, opts, mask)) != FCRDNS_OK) {
		if (ctx->psl_owned)
			psl_free(ctx->psl);
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
	if (ctx->psl_owned)
		psl_free(ctx->psl);
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

/* Decide r's verdict and diagnosis from the outcomes it holds. */
static void check_decide(check *c, fcrdns_result *r)
{
	verdict_decide(r);
	if (verdict_problems(r) != 0 || diagnose(r, c->ctx->psl, c->ctx->ranges) != 0)
		c->ctx->failed = 1;
	r->elapsed_ms = elapsed_ms_since(&c->started);
}

/* Drop one outstanding lookup; when none is left, decide and deliver. */
static void check_release(check *c)
{
	if (--c->waiting > 0)
		return;
	check_decide(c, c->result);
	c->cb(c->arg, c->result);
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

/* Merge one address lookup of a HELO or expected name into its check. A
 * transient failure outranks an answer in the merged outcome: when no
 * address holds the client, a lookup that failed might have (RFC 8601
 * temperror logic); confirms and naddrs keep what the answers said. */
static void on_side(void *arg, const dns_answer *ans)
{
	side_slot *slot = arg;
	fcrdns_name_check *nc = slot->target;

	for (size_t i = 0; i < ans->naddrs; i++) {
		if (fcrdns_addr_equal(&ans->addrs[i], &slot->owner->result->addr))
			nc->confirms = 1;
		if (nc->naddrs_kept < FCRDNS_MAX_ADDRS_KEPT)
			nc->addrs[nc->naddrs_kept++] = ans->addrs[i];
	}
	nc->naddrs += ans->naddrs;
	--*slot->pending;
	if (fcrdns_lookup_is_transient(ans->outcome))
		nc->outcome = ans->outcome;
	else if (ans->naddrs > 0 && !fcrdns_lookup_is_transient(nc->outcome))
		nc->outcome = FCRDNS_LOOKUP_ANSWER;
	else if (nc->outcome == FCRDNS_LOOKUP_SKIPPED)
		nc->outcome = ans->outcome == FCRDNS_LOOKUP_ANSWER ? FCRDNS_LOOKUP_NODATA : ans->outcome;
	check_release(slot->owner);
}

static void start_side_lookup(check *c, side_slot *slot, const char *name, dns_type type)
{
	slot->owner = c;
	c->waiting++;
	++*slot->pending;
	if (dns_lookup(c->ctx->dns, name, type, on_side, slot) != FCRDNS_OK) {
		slot->target->outcome = FCRDNS_LOOKUP_ERROR;
		c->ctx->failed = 1;
		c->waiting--;
		--*slot->pending;
	}
}

/* Start the address lookups of the HELO name (both families: a HELO that
 * resolves only in the other family is a mismatch, not unresolvable) and
 * of the expected name (the client's family), when given and well formed. */
static void start_side_lookups(check *c)
{
	fcrdns_result *r = c->result;
	char domain[256];
	fcrdns_addr literal;

	if (r->helo_name &&
	    helo_parse(r->helo_name, domain, sizeof domain, &literal) == HELO_SYNTAX_DOMAIN &&
	    helo_is_fqdn(c->ctx->psl, domain)) {
		c->helo_slot.target = &r->helo_check;
		c->helo_slot.pending = &c->side_pending[0];
		start_side_lookup(c, &c->helo_slot, domain, DNS_TYPE_A);
		start_side_lookup(c, &c->helo_slot, domain, DNS_TYPE_AAAA);
	}
	if (r->expect) {
		c->expect_slot.target = &r->expect_check;
		c->expect_slot.pending = &c->side_pending[1];
		start_side_lookup(c, &c->expect_slot, r->expect,
				  r->addr.family == AF_INET ? DNS_TYPE_A : DNS_TYPE_AAAA);
	}
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
		/* Until the answer comes, a deadline reads it as no answer. */
		r->checks[i].outcome = FCRDNS_LOOKUP_TIMEOUT;
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

/* Copy the request's optional names into r. Returns a status. */
static int request_names(fcrdns_result *r, const fcrdns_request *req)
{
	if (req->helo) {
		if (strnlen(req->helo, FCRDNS_NAME_INPUT_MAX + 1) > FCRDNS_NAME_INPUT_MAX)
			return FCRDNS_EINVAL;
		if ((r->helo_name = strdup(req->helo)) == NULL)
			return FCRDNS_ENOMEM;
		r->helo_check.name = r->helo_name;
		r->helo_check.outcome = FCRDNS_LOOKUP_SKIPPED;
	}
	if (req->expect) {
		size_t len = strnlen(req->expect, FCRDNS_NAME_INPUT_MAX + 1);
		if (len > FCRDNS_NAME_INPUT_MAX)
			return FCRDNS_EINVAL;
		if ((r->expect = strndup(req->expect, len)) == NULL)
			return FCRDNS_ENOMEM;
		if (len > 1 && r->expect[len - 1] == '.')
			r->expect[len - 1] = '\0';
		for (char *p = r->expect; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		if (!fcrdns_name_is_hostname(r->expect))
			return FCRDNS_EINVAL;
		r->expect_check.name = r->expect;
		r->expect_check.outcome = FCRDNS_LOOKUP_SKIPPED;
	}
	return FCRDNS_OK;
}

static check *check_new(fcrdns_ctx *ctx, const fcrdns_request *req, int *status)
{
	check *c = calloc(1, sizeof *c);

	*status = FCRDNS_ENOMEM;
	if (c == NULL)
		return NULL;
	if ((c->result = result_new(&req->addr)) == NULL ||
	    (*status = request_names(c->result, req)) != FCRDNS_OK) {
		fcrdns_result_free(c->result);
		free(c);
		return NULL;
	}
	c->ctx = ctx;
	c->waiting = 1;
	clock_gettime(CLOCK_MONOTONIC, &c->started);
	c->next = ctx->checks;
	if (ctx->checks)
		ctx->checks->prev = c;
	ctx->checks = c;
	ctx->pending++;
	return c;
}

/* Start a check; *started is the check (NULL once it is already
 * delivered). Returns a status. */
static int check_begin(fcrdns_ctx *ctx, const fcrdns_request *req, fcrdns_check_cb cb, void *arg,
		       check **started)
{
	check *c;
	int st;

	*started = NULL;
	if (ctx == NULL || req == NULL || cb == NULL ||
	    (req->addr.family != AF_INET && req->addr.family != AF_INET6))
		return FCRDNS_EINVAL;
	if ((c = check_new(ctx, req, &st)) == NULL)
		return st;
	c->cb = cb;
	c->arg = arg;
	c->waiting++; /* held while the lookups are submitted */
	if (dns_lookup(ctx->dns, c->result->reverse_name, DNS_TYPE_PTR, on_ptr, c) != FCRDNS_OK) {
		check_unlink_free(c);
		return FCRDNS_ENOMEM;
	}
	start_side_lookups(c);
	*started = c->waiting > 1 ? c : NULL;
	check_release(c);
	return FCRDNS_OK;
}

int fcrdns_check_start(fcrdns_ctx *ctx, const fcrdns_request *req, fcrdns_check_cb cb, void *arg)
{
	check *c;

	return check_begin(ctx, req, cb, arg, &c);
}

int fcrdns_check_submit(fcrdns_ctx *ctx, const fcrdns_addr *addr, fcrdns_check_cb cb, void *arg)
{
	fcrdns_request req = { .helo = NULL, .expect = NULL };

	if (addr == NULL)
		return FCRDNS_EINVAL;
	req.addr = *addr;
	return fcrdns_check_start(ctx, &req, cb, arg);
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

typedef struct sync_slot {
	fcrdns_result *result;
	int done;
} sync_slot;

static void on_sync_result(void *arg, const fcrdns_result *r)
{
	sync_slot *s = arg;

	s->result = fcrdns_result_dup(r);
	s->done = 1;
}

static void on_abandoned_result(void *arg, const fcrdns_result *r)
{
	(void)arg;
	(void)r;
}

/* A lookup of a HELO or expected name still out reads as a timeout. */
static void side_timeout(fcrdns_name_check *nc, int pending)
{
	if (pending > 0 && !fcrdns_lookup_is_transient(nc->outcome))
		nc->outcome = FCRDNS_LOOKUP_TIMEOUT;
}

/* Detach c from its caller (it finishes silently) and return a decided
 * copy of how far it got: lookups still out read as timeouts, so the
 * verdict is temperror unless a name has already confirmed. */
static fcrdns_result *check_snapshot(check *c)
{
	fcrdns_result *r = fcrdns_result_dup(c->result);

	c->cb = on_abandoned_result;
	c->arg = NULL;
	if (r == NULL)
		return NULL;
	side_timeout(&r->helo_check, c->side_pending[0]);
	side_timeout(&r->expect_check, c->side_pending[1]);
	check_decide(c, r);
	return r;
}

/* Return the milliseconds left until deadline (a CLOCK_MONOTONIC time). */
static long ms_left(const struct timespec *deadline)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (deadline->tv_sec - now.tv_sec) * 1000 + (deadline->tv_nsec - now.tv_nsec) / 1000000;
}

int fcrdns_check_request_sync(fcrdns_ctx *ctx, const fcrdns_request *req, unsigned timeout_ms,
			      fcrdns_result **out)
{
	sync_slot s = { NULL, 0 };
	struct timespec deadline;
	check *c;
	long left = -1;
	int st;

	*out = NULL;
	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += timeout_ms / 1000;
	deadline.tv_nsec += (long)(timeout_ms % 1000) * 1000000;
	if ((st = check_begin(ctx, req, on_sync_result, &s, &c)) != FCRDNS_OK)
		return st;
	while (!s.done) {
		if (timeout_ms > 0 && (left = ms_left(&deadline)) <= 0)
			break;
		if ((st = fcrdns_process(ctx, timeout_ms > 0 ? (int)left : -1)) == FCRDNS_ESYS)
			break;
	}
	/* s lives on this stack: a check still running is detached first. */
	*out = s.done ? s.result : check_snapshot(c);
	if (st == FCRDNS_ESYS)
		return st;
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
