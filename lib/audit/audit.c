/* SPDX-License-Identifier: MIT */
/* audit.c: the audit of a domain, driven on the context's loop: discovery
 * (the SPF tree and the MX hosts, concurrently), then the plan of what to
 * check, then an iprev check of every address and a probe of every mail
 * server, concurrently, then the summary; each step told to the caller as
 * an event. Also the names of the audit's codes. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "audit/machine.h"
#include "check/context.h"
#include "check/helo.h"

/* ---- Names -------------------------------------------------------------------- */

const char *audit_problem_name(audit_problem_code c)
{
	switch (c) {
#define AUDIT_PROBLEM_CASE(name, code, perm) case AUDIT_PROBLEM_##name: return code;
	AUDIT_PROBLEM_MAP(AUDIT_PROBLEM_CASE)
#undef AUDIT_PROBLEM_CASE
	}
	return "unknown";
}

int audit_problem_is_permerror(audit_problem_code c)
{
	switch (c) {
#define AUDIT_PROBLEM_CASE(name, code, perm) case AUDIT_PROBLEM_##name: return perm;
	AUDIT_PROBLEM_MAP(AUDIT_PROBLEM_CASE)
#undef AUDIT_PROBLEM_CASE
	}
	return 0;
}

const char *audit_spf_result_name(audit_spf_result r)
{
	static const char *const names[] = { [AUDIT_SPF_NONE] = "none", [AUDIT_SPF_OK] = "ok",
					     [AUDIT_SPF_PERMERROR] = "permerror",
					     [AUDIT_SPF_TEMPERROR] = "temperror" };

	return r <= AUDIT_SPF_TEMPERROR ? names[r] : "none";
}

const char *audit_class_name(audit_class c)
{
	return c == AUDIT_OWN ? "own" : c == AUDIT_PROVIDER ? "provider" : "unenumerable";
}

const char *audit_name_verdict_name(const audit_name_verdict *v)
{
	switch (v->kind) {
	case AUDIT_NAME_NO_NAME: return "no-name";
	case AUDIT_NAME_NO_GREETING: return "no-greeting";
	default: return fcrdns_helo_verdict_name(v->verdict);
	}
}

int audit_domain_valid(const char *name)
{
	return name != NULL && fcrdns_name_is_hostname(name);
}

/* ---- What the machine's files share --------------------------------------------- */

int slot_take(void *arg, int status, audit_domain **d, audit_record **rec, size_t *index)
{
	lookup_slot *slot = arg;

	*d = slot->d;
	*rec = slot->rec;
	*index = slot->index;
	free(slot);
	if (status == FCRDNS_OK)
		return 0;
	(*d)->cancelled = 1;
	return -1;
}

void domain_ask(audit_domain *d, const char *name, uint16_t type, fcrdns_query_cb cb,
		audit_record *rec, size_t index)
{
	lookup_slot *slot = malloc(sizeof *slot);
	int st;

	if (slot == NULL) {
		d->failed = 1;
		return;
	}
	*slot = (lookup_slot){ d, rec, index };
	d->pending++;
	if ((st = fcrdns_query_start(d->session->ctx, name, type, cb, slot)) == FCRDNS_OK)
		return;
	if (st == FCRDNS_EINVAL) {
		/* Not a name DNS can hold: it has no records. */
		fcrdns_answer none = { .qname = name, .qtype = type,
				       .outcome = FCRDNS_LOOKUP_NXDOMAIN, .rcode = 3 };
		cb(slot, FCRDNS_OK, &none);
		return;
	}
	free(slot);
	d->pending--;
	d->failed = 1;
}

char *name_copy(const char *name)
{
	size_t len = strlen(name);
	char *copy;

	if (len > 1 && name[len - 1] == '.')
		len--;
	if ((copy = malloc(len + 1)) == NULL)
		return NULL;
	for (size_t i = 0; i < len; i++)
		copy[i] = (char)tolower((unsigned char)name[i]);
	copy[len] = '\0';
	return copy;
}

const char *domain_org(const audit_domain *d, const char *name)
{
	const char *reg = registrable_domain(d->session->ctx->psl, name);

	return reg ? reg : name;
}

audit_class domain_classify(const audit_domain *d, const char *name, const char **operator)
{
	size_t n = strlen(name), o = strlen(d->org);

	*operator = NULL;
	if (n == o ? strcmp(name, d->org) == 0
		   : n > o && name[n - o - 1] == '.' && strcmp(name + n - o, d->org) == 0)
		return AUDIT_OWN;
	*operator = domain_org(d, name);
	return AUDIT_PROVIDER;
}

audit_problem *problem_add(audit_domain *d, audit_problem **list, size_t *n,
			   audit_problem_code code)
{
	audit_problem *bigger = realloc(*list, (*n + 1) * sizeof *bigger);

	if (bigger == NULL) {
		d->failed = 1;
		return NULL;
	}
	*list = bigger;
	bigger[*n] = (audit_problem){ .code = code };
	return &bigger[(*n)++];
}

/* ---- Events ------------------------------------------------------------------------ */

static void emit(audit_domain *d, int event, audit_address *a)
{
	if (!d->cancelled)
		d->cb(d->arg, event, d, a);
}

/* Every address is done: sum up and tell. */
static void domain_finish(audit_domain *d)
{
	if (summarize(d) != 0)
		d->failed = 1;
	emit(d, AUDIT_EVENT_DONE, NULL);
}

void address_release(audit_domain *d, size_t i)
{
	audit_address *a = &d->addrs[i];

	if (--a->waiting > 0)
		return;
	a->done = 1;
	emit(d, AUDIT_EVENT_ADDRESS, a);
	if (--d->open_addresses == 0)
		domain_finish(d);
}

static void on_check(void *arg, int status, const fcrdns_result *r)
{
	audit_domain *d;
	audit_record *unused;
	size_t i;

	if (slot_take(arg, status, &d, &unused, &i) != 0)
		return;
	if ((d->addrs[i].result = fcrdns_result_dup(r)) == NULL)
		d->failed = 1;
	address_release(d, i);
}

/* Start the check (and the probe) of address i. */
static void start_address(audit_domain *d, size_t i)
{
	audit_address *a = &d->addrs[i];
	fcrdns_request req = { .addr = a->addr };
	lookup_slot *slot = malloc(sizeof *slot);

	a->waiting = a->probe ? 2 : 1;
	if (a->probe && servers_request(d, i))
		a->waiting--;
	if (slot != NULL) {
		*slot = (lookup_slot){ d, NULL, i };
		if (fcrdns_check_start(d->session->ctx, &req, on_check, slot) == FCRDNS_OK)
			return;
		free(slot);
	}
	d->failed = 1;
	address_release(d, i); /* no result: left out of the counts */
}

/* Discovery is over: decide what was found, tell it, start the checks. */
static void discovery_done(audit_domain *d)
{
	walk_finish(d);
	mx_finish(d);
	if (plan_sources(d) != 0 || plan_addresses(d, &d->session->o) != 0)
		d->failed = 1;
	emit(d, AUDIT_EVENT_FOUND, NULL);
	d->open_addresses = d->naddrs + 1; /* held while they start */
	for (size_t i = 0; i < d->naddrs; i++)
		start_address(d, i);
	if (--d->open_addresses == 0)
		domain_finish(d);
}

void discovery_hold(audit_domain *d)
{
	d->pending++;
}

void discovery_release(audit_domain *d)
{
	if (--d->pending == 0 && !d->cancelled)
		discovery_done(d);
}

/* ---- Sessions and domains ---------------------------------------------------------- */

int audit_session_new(audit_session **out, fcrdns_ctx *ctx, const audit_options *o)
{
	audit_session *s;

	*out = NULL;
	if (o->sample == 0 || o->sample > AUDIT_SAMPLE_MAX || o->max_addresses == 0 ||
	    o->max_addresses > AUDIT_MAX_ADDRESSES_MAX ||
	    (!o->no_smtp && !smtp_helo_name_usable(o->helo_name)))
		return FCRDNS_EINVAL;
	if ((s = calloc(1, sizeof *s)) == NULL)
		return FCRDNS_ENOMEM;
	s->ctx = ctx;
	s->o = *o;
	s->given = o->ngiven ? calloc(o->ngiven, sizeof *s->given) : NULL;
	s->helo_name = strdup(o->no_smtp ? "localhost" : o->helo_name);
	if ((o->ngiven && s->given == NULL) || s->helo_name == NULL) {
		audit_session_free(s);
		return FCRDNS_ENOMEM;
	}
	if (o->ngiven)
		memcpy(s->given, o->given, o->ngiven * sizeof *s->given);
	s->o.given = s->given;
	s->o.helo_name = s->helo_name;
	*out = s;
	return FCRDNS_OK;
}

int audit_session_failed(const audit_session *s)
{
	if (s->failed)
		return 1;
	for (size_t i = 0; i < s->ndomains; i++)
		if (s->domains[i]->failed)
			return 1;
	return 0;
}

/* Free d and everything it found. */
static void domain_free(audit_domain *d)
{
	walk_free(d->spf);
	mx_free(d);
	plan_free(d);
	free(d->spf_problems);
	free(d->problems);
	free(d->summary.codes);
	free(d->summary.fixes);
	free(d->org);
	free(d->name);
	free(d);
}

void audit_session_free(audit_session *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; i < s->ndomains; i++)
		domain_free(s->domains[i]);
	servers_free(s);
	free(s->domains);
	free(s->given);
	free(s->helo_name);
	free(s);
}

/* The start timer: discovery begins from the loop. */
static void on_start(void *arg, int status)
{
	audit_domain *d = arg;

	if (status != FCRDNS_OK) {
		d->cancelled = 1;
		return;
	}
	discovery_hold(d);
	walk_start(d);
	mx_start(d);
	discovery_release(d);
}

/* Make a domain for name in s (its root record included). */
static audit_domain *domain_new(audit_session *s, const char *name, audit_cb cb, void *arg)
{
	audit_domain *d = calloc(1, sizeof *d);

	if (d == NULL)
		return NULL;
	*d = (audit_domain){ .session = s, .cb = cb, .arg = arg };
	if ((d->name = name_copy(name)) == NULL || (d->spf = calloc(1, sizeof *d->spf)) == NULL ||
	    (d->spf->domain = strdup(d->name)) == NULL ||
	    (d->org = strdup(domain_org(d, d->name))) == NULL) {
		domain_free(d);
		return NULL;
	}
	d->spf->cls = AUDIT_OWN;
	d->spf->via = SPF_ALL;
	return d;
}

int audit_start(audit_session *s, const char *name, audit_cb cb, void *arg)
{
	audit_domain *d;

	if (!audit_domain_valid(name))
		return FCRDNS_EINVAL;
	if (s->ndomains == s->domain_cap) {
		size_t cap = s->domain_cap ? 2 * s->domain_cap : 4;
		audit_domain **bigger = realloc(s->domains, cap * sizeof *bigger);
		if (bigger == NULL)
			return FCRDNS_ENOMEM;
		s->domains = bigger;
		s->domain_cap = cap;
	}
	if ((d = domain_new(s, name, cb, arg)) == NULL)
		return FCRDNS_ENOMEM;
	if (fcrdns_timer_add(fcrdns_ctx_loop(s->ctx), 0, on_start, d, NULL) != FCRDNS_OK) {
		domain_free(d);
		return FCRDNS_ENOMEM;
	}
	s->domains[s->ndomains++] = d;
	return FCRDNS_OK;
}
