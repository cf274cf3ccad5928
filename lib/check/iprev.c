/* SPDX-License-Identifier: MIT */
/* iprev.c: the check state machine, the engine's first client: the PTR
 * lookup, then the forward lookups of up to ten names in parallel (plus
 * the HELO and expected names' addresses), then the verdict and the
 * diagnosis. A check's callback is called exactly once: with the result,
 * or cancelled when the context is freed first. */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "check/context.h"
#include "check/helo.h"
#include "check/internal.h"
#include "core/name.h"
#include "diag/diagnose.h"

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
	int cancelled;         /* a lookup was cancelled: the context is going */
	int64_t started_ms;
	forward_slot slots[FCRDNS_MAX_FORWARD_CHECKED];
	side_slot helo_slot;   /* A and AAAA of the HELO name share it */
	side_slot expect_slot;
	int side_pending[2];   /* lookups outstanding: [0] HELO, [1] expected */
	check *prev, *next;    /* ctx->checks list */
};

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

/* Decide r's verdict and diagnosis from the outcomes it holds. */
static void check_decide(check *c, fcrdns_result *r)
{
	verdict_decide(r);
	if (verdict_problems(r) != 0 || diagnose(r, c->ctx->psl, c->ctx->ranges) != 0)
		c->ctx->failed = 1;
	r->elapsed_ms = (unsigned)(fcrdns_now_ms() - c->started_ms);
}

/* Drop one outstanding lookup; when none is left, decide and deliver (or
 * report the cancellation), exactly once. */
static void check_release(check *c)
{
	if (--c->waiting > 0)
		return;
	if (c->cancelled) {
		c->cb(c->arg, FCRDNS_ECANCELLED, NULL);
	} else {
		check_decide(c, c->result);
		c->cb(c->arg, FCRDNS_OK, c->result);
	}
	check_unlink_free(c);
}

/* Return the last CNAME target of ans as a new string in *out (NULL when
 * none). Returns 0, or -1 when memory runs out. */
static int last_cname(const fcrdns_answer *ans, const char **out)
{
	*out = NULL;
	if (ans->ncnames == 0)
		return 0;
	*out = strdup(ans->cnames[ans->ncnames - 1]);
	return *out ? 0 : -1;
}

/* Add the addresses of ans to nc, noting whether one is the client's. */
static void take_addresses(fcrdns_name_check *nc, const fcrdns_answer *ans, const fcrdns_addr *client)
{
	for (size_t i = 0; i < ans->nrrs; i++) {
		const fcrdns_addr *a = &ans->rrs[i].addr;
		if (ans->rrs[i].type != FCRDNS_TYPE_A && ans->rrs[i].type != FCRDNS_TYPE_AAAA)
			continue;
		nc->naddrs++;
		if (fcrdns_addr_equal(a, client))
			nc->confirms = 1;
		if (nc->naddrs_kept < FCRDNS_MAX_ADDRS_KEPT)
			nc->addrs[nc->naddrs_kept++] = *a;
	}
}

/* Store a forward answer: the addresses kept, and whether one is ours. */
static void on_forward(void *arg, int status, const fcrdns_answer *ans)
{
	forward_slot *slot = arg;
	check *c = slot->owner;
	fcrdns_name_check *nc = &c->result->checks[slot->index];

	if (status != FCRDNS_OK) {
		c->cancelled = 1;
		check_release(c);
		return;
	}
	nc->outcome = ans->outcome;
	nc->authenticated = ans->authenticated;
	if (last_cname(ans, &nc->cname) != 0)
		c->ctx->failed = 1;
	take_addresses(nc, ans, &c->result->addr);
	if (ans->outcome == FCRDNS_LOOKUP_ANSWER && nc->naddrs == 0)
		nc->outcome = FCRDNS_LOOKUP_NODATA;
	check_release(c);
}

/* Merge one address lookup of a HELO or expected name into its check. A
 * transient failure outranks an answer in the merged outcome: when no
 * address holds the client, a lookup that failed might have (RFC 8601
 * temperror logic); confirms and naddrs keep what the answers said. */
static void on_side(void *arg, int status, const fcrdns_answer *ans)
{
	side_slot *slot = arg;
	fcrdns_name_check *nc = slot->target;
	size_t before;

	--*slot->pending;
	if (status != FCRDNS_OK) {
		slot->owner->cancelled = 1;
		check_release(slot->owner);
		return;
	}
	before = nc->naddrs;
	/* Every lookup of the name must be authenticated for it to be. */
	nc->authenticated = nc->authenticated && ans->authenticated;
	take_addresses(nc, ans, &slot->owner->result->addr);
	if (fcrdns_lookup_is_transient(ans->outcome))
		nc->outcome = ans->outcome;
	else if (nc->naddrs > before && !fcrdns_lookup_is_transient(nc->outcome))
		nc->outcome = FCRDNS_LOOKUP_ANSWER;
	else if (nc->outcome == FCRDNS_LOOKUP_SKIPPED)
		nc->outcome = ans->outcome == FCRDNS_LOOKUP_ANSWER ? FCRDNS_LOOKUP_NODATA : ans->outcome;
	check_release(slot->owner);
}

static void start_side_lookup(check *c, side_slot *slot, const char *name, uint16_t type)
{
	if (*slot->pending == 0)
		slot->target->authenticated = 1; /* until an answer says otherwise */
	slot->owner = c;
	c->waiting++;
	++*slot->pending;
	if (dns_query(c->ctx->dns, name, type, on_side, slot) != FCRDNS_OK) {
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
		start_side_lookup(c, &c->helo_slot, domain, FCRDNS_TYPE_A);
		start_side_lookup(c, &c->helo_slot, domain, FCRDNS_TYPE_AAAA);
	}
	if (r->expect) {
		c->expect_slot.target = &r->expect_check;
		c->expect_slot.pending = &c->side_pending[1];
		start_side_lookup(c, &c->expect_slot, r->expect,
				  r->addr.family == AF_INET ? FCRDNS_TYPE_A : FCRDNS_TYPE_AAAA);
	}
}

/* Start the forward lookups of the checked names, in the client's family. */
static void start_forward_lookups(check *c)
{
	fcrdns_result *r = c->result;
	uint16_t type = r->addr.family == AF_INET ? FCRDNS_TYPE_A : FCRDNS_TYPE_AAAA;

	for (size_t i = 0; i < r->nchecks; i++) {
		const char *name = r->checks[i].name;
		int st;
		/* A PTR name that is not a host name is never looked up: it
		 * stays SKIPPED and counts as no address. */
		if (!name_valid(name, strlen(name), NAME_UNDERSCORE | NAME_LOOSE_HYPHEN))
			continue;
		c->slots[i].owner = c;
		c->slots[i].index = i;
		/* Until the answer comes, a deadline reads it as no answer. */
		r->checks[i].outcome = FCRDNS_LOOKUP_TIMEOUT;
		c->waiting++;
		st = dns_query(c->ctx->dns, name, type, on_forward, &c->slots[i]);
		if (st == FCRDNS_OK)
			continue;
		c->waiting--;
		r->checks[i].outcome = FCRDNS_LOOKUP_ERROR;
		c->ctx->failed = 1;
	}
}

/* Store the PTR names of ans in r. Returns 0, or -1 on ENOMEM. */
static int take_ptr_names(fcrdns_result *r, const fcrdns_answer *ans)
{
	char **names = calloc(ans->nrrs + 1, sizeof *names);
	size_t n = 0;
	int st;

	if (names == NULL)
		return -1;
	for (size_t i = 0; i < ans->nrrs; i++)
		if (ans->rrs[i].type == FCRDNS_TYPE_PTR && ans->rrs[i].name)
			names[n++] = (char *)ans->rrs[i].name;
	st = result_set_ptr(r, names, n);
	free(names);
	return st;
}

static void on_ptr(void *arg, int status, const fcrdns_answer *ans)
{
	check *c = arg;
	fcrdns_result *r = c->result;

	if (status != FCRDNS_OK) {
		c->cancelled = 1;
		check_release(c);
		return;
	}
	r->ptr_outcome = ans->outcome;
	r->ptr_authenticated = ans->authenticated;
	if (last_cname(ans, &r->ptr_cname) != 0)
		c->ctx->failed = 1;
	if (ans->outcome == FCRDNS_LOOKUP_ANSWER) {
		if (take_ptr_names(r, ans) != 0) {
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
	c->started_ms = fcrdns_now_ms();
	c->next = ctx->checks;
	if (ctx->checks)
		ctx->checks->prev = c;
	ctx->checks = c;
	ctx->pending++;
	return c;
}

int check_begin(fcrdns_ctx *ctx, const fcrdns_request *req, fcrdns_check_cb cb, void *arg,
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
	if ((st = dns_query(ctx->dns, c->result->reverse_name, FCRDNS_TYPE_PTR, on_ptr, c)) != FCRDNS_OK) {
		check_unlink_free(c);
		return st;
	}
	start_side_lookups(c);
	*started = c;
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

static void on_abandoned_result(void *arg, int status, const fcrdns_result *r)
{
	(void)arg;
	(void)status;
	(void)r;
}

/* A lookup of a HELO or expected name still out reads as a timeout. */
static void side_timeout(fcrdns_name_check *nc, int pending)
{
	if (pending > 0 && !fcrdns_lookup_is_transient(nc->outcome))
		nc->outcome = FCRDNS_LOOKUP_TIMEOUT;
}

fcrdns_result *check_snapshot(check *c)
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
