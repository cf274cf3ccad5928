/* SPDX-License-Identifier: MIT */
/* plan.c: from what discovery found to what gets checked: the sources of
 * mail (each SPF term with addresses, or that cannot list them, once per
 * record and term), and the addresses to check, each once with all its
 * roles and sources, large blocks sampled, at most --max-addresses. */
#include <stdlib.h>
#include <string.h>

#include "audit/machine.h"

/* ---- Sources ---------------------------------------------------------------- */

/* Return 1 when term i of rec is a source: a mechanism that names senders,
 * or an include or redirect that was to be read but cannot be (a macro). */
static int is_source(const audit_record *rec, size_t i)
{
	const spf_term *t = &rec->spf.terms[i];
	const audit_term *at = &rec->terms[i];

	if (t->error != SPF_ERR_NONE || (at->flags & AUDIT_TERM_SKIPPED))
		return 0;
	switch (t->kind) {
	case SPF_A: case SPF_MX: case SPF_IP4: case SPF_IP6: case SPF_PTR: case SPF_EXISTS:
		return 1;
	case SPF_INCLUDE:
	case SPF_REDIRECT:
		return (at->flags & AUDIT_TERM_LOOKUP) && t->unenumerable != SPF_REASON_NONE;
	default:
		return 0;
	}
}

/* Return 1 when d already lists term t of the record at domain. */
static int source_listed(const audit_domain *d, const char *domain, const spf_term *t)
{
	for (size_t i = 0; i < d->nsources; i++) {
		const audit_source *s = &d->sources[i];
		if (s->term->len == t->len && memcmp(s->term->text, t->text, t->len) == 0 &&
		    strcmp(s->record->domain, domain) == 0)
			return 1;
	}
	return 0;
}

/* Append term i of rec to d's sources. Returns 0 or -1 (ENOMEM). */
static int source_add(audit_domain *d, const audit_record *rec, size_t i, size_t *cap)
{
	const audit_term *at = &rec->terms[i];
	audit_source *s;

	if (d->nsources == *cap) {
		size_t grow = *cap ? 2 * *cap : 8;
		audit_source *bigger = realloc(d->sources, grow * sizeof *bigger);
		if (bigger == NULL)
			return -1;
		d->sources = bigger;
		*cap = grow;
	}
	s = &d->sources[d->nsources++];
	*s = (audit_source){ .record = rec, .term = &rec->spf.terms[i], .found = at,
			     .authorized = rec->spf.terms[i].qualifier == SPF_QUAL_PASS };
	for (size_t k = 0; k < at->ncidrs; k++)
		spf_count_add_block(&s->size, at->cidrs[k].net.family, at->cidrs[k].prefix);
	return 0;
}

/* List the sources of rec and of the records it reaches, in order. */
static int list_sources(audit_domain *d, const audit_record *rec, size_t *cap)
{
	if (rec == NULL || rec->state != AUDIT_REC_PARSED)
		return 0;
	for (size_t i = 0; i < rec->spf.nterms; i++) {
		if (is_source(rec, i) && !source_listed(d, rec->domain, &rec->spf.terms[i]) &&
		    source_add(d, rec, i, cap) != 0)
			return -1;
		if (list_sources(d, rec->terms[i].child, cap) != 0)
			return -1;
	}
	return 0;
}

int plan_sources(audit_domain *d)
{
	size_t cap = 0;

	return list_sources(d, d->spf, &cap);
}

/* ---- Addresses -------------------------------------------------------------- */

#define DROPPED_TRACKED 4096 /* addresses beyond the cap told apart */

/* An open-addressing set of the addresses met: index into d->addrs, or
 * SIZE_MAX for one left out by the cap. */
typedef struct addr_set {
	fcrdns_addr *keys;
	size_t *values;
	size_t size, used, limit;
} addr_set;

typedef struct planner {
	audit_domain *d;
	const audit_options *o;
	addr_set set;
	size_t cap;              /* room in d->addrs */
	fcrdns_addr *samples;
	size_t sample_room;
} planner;

/* Return the slot of a in the set: where it is, or the empty one where
 * it goes. */
static size_t set_slot(const addr_set *s, const fcrdns_addr *a)
{
	uint32_t h = 2166136261u;

	h = (h ^ (uint32_t)a->family) * 16777619u;
	for (size_t i = 0; i < sizeof a->bytes; i++)
		h = (h ^ a->bytes[i]) * 16777619u;
	for (size_t i = h & (s->size - 1);; i = (i + 1) & (s->size - 1))
		if (s->keys[i].family == 0 || fcrdns_addr_equal(&s->keys[i], a))
			return i;
}

/* Make the set for up to limit addresses. Returns 0 or -1. */
static int set_init(addr_set *s, size_t limit)
{
	s->size = 16;
	while (s->size < 2 * limit)
		s->size *= 2;
	s->limit = limit;
	s->used = 0;
	s->keys = calloc(s->size, sizeof *s->keys);
	s->values = calloc(s->size, sizeof *s->values);
	return s->keys && s->values ? 0 : -1;
}

static void set_free(addr_set *s)
{
	free(s->keys);
	free(s->values);
}

/* Add source index src to a once; count the address for that source. */
static int address_add_source(audit_domain *d, audit_address *a, size_t src)
{
	for (size_t i = 0; i < a->nsources; i++)
		if (a->sources[i] == src)
			return 0;
	if (a->nsources == a->source_cap) {
		size_t cap = a->source_cap ? 2 * a->source_cap : 2;
		size_t *bigger = realloc(a->sources, cap * sizeof *bigger);
		if (bigger == NULL)
			return -1;
		a->sources = bigger;
		a->source_cap = cap;
	}
	a->sources[a->nsources++] = src;
	d->sources[src].checked++;
	return 0;
}

/* Append a new address to d->addrs. Returns its index, or SIZE_MAX on
 * ENOMEM. */
static size_t address_new(planner *pl, const fcrdns_addr *addr, audit_class cls)
{
	audit_domain *d = pl->d;

	if (d->naddrs == pl->cap) {
		size_t cap = pl->cap ? 2 * pl->cap : 16;
		audit_address *bigger = realloc(d->addrs, cap * sizeof *bigger);
		if (bigger == NULL)
			return SIZE_MAX;
		d->addrs = bigger;
		pl->cap = cap;
	}
	d->addrs[d->naddrs] = (audit_address){ .addr = *addr, .cls = cls };
	fcrdns_addr_format(addr, d->addrs[d->naddrs].ip);
	return d->naddrs++;
}

/* Meet addr through role (from source src, or SIZE_MAX): check it once,
 * unless the cap is reached. Returns 0 or -1 (ENOMEM). */
static int meet(planner *pl, const fcrdns_addr *addr, unsigned role, audit_class cls, int probe,
		size_t src)
{
	audit_domain *d = pl->d;
	size_t slot = set_slot(&pl->set, addr), idx = pl->set.values[slot];

	if (pl->set.keys[slot].family == 0) {
		if (d->naddrs < pl->o->max_addresses) {
			if ((idx = address_new(pl, addr, cls)) == SIZE_MAX)
				return -1;
		} else {
			idx = SIZE_MAX;
			d->unchecked++;
			if (pl->set.used == pl->set.limit)
				return 0; /* past what is told apart: counted as new */
		}
		pl->set.keys[slot] = *addr;
		pl->set.values[slot] = idx;
		pl->set.used++;
	}
	if (idx == SIZE_MAX)
		return 0;
	audit_address *a = &d->addrs[idx];
	a->roles |= role;
	a->probe |= probe;
	if (cls == AUDIT_OWN)
		a->cls = AUDIT_OWN;
	return src == SIZE_MAX ? 0 : address_add_source(d, a, src);
}

/* Meet the addresses of the MX hosts of class cls. */
static int meet_mx(planner *pl, audit_class cls)
{
	const audit_domain *d = pl->d;

	for (size_t i = 0; i < d->nmx; i++) {
		if (d->mx[i].cls != cls)
			continue;
		for (size_t k = 0; k < d->mx[i].naddrs; k++)
			if (meet(pl, &d->mx[i].addrs[k], AUDIT_ROLE_MX, cls, !pl->o->no_smtp,
				 SIZE_MAX) != 0)
				return -1;
	}
	return 0;
}

/* Meet the sampled addresses of the authorized sources of class cls. */
static int meet_sources(planner *pl, audit_class cls)
{
	const audit_domain *d = pl->d;

	for (size_t i = 0; i < d->nsources; i++) {
		const audit_source *s = &d->sources[i];
		if (!s->authorized || s->found->cls != cls)
			continue;
		for (size_t k = 0; k < s->found->ncidrs; k++) {
			const audit_cidr *c = &s->found->cidrs[k];
			size_t n = spf_block_sample(&c->net, c->prefix, pl->o->sample, pl->samples,
						    pl->sample_room);
			for (size_t j = 0; j < n; j++)
				if (meet(pl, &pl->samples[j], AUDIT_ROLE_SPF, cls, 0, i) != 0)
					return -1;
		}
	}
	return 0;
}

/* Meet everything, in the order of priority under the cap. */
static int meet_all(planner *pl)
{
	const audit_session *s = pl->d->session;

	for (size_t i = 0; i < s->o.ngiven; i++)
		if (meet(pl, &s->given[i], AUDIT_ROLE_GIVEN, AUDIT_OWN, 0, SIZE_MAX) != 0)
			return -1;
	if (meet_mx(pl, AUDIT_OWN) != 0 || meet_sources(pl, AUDIT_OWN) != 0)
		return -1;
	if (!pl->o->include_providers)
		return 0;
	return meet_mx(pl, AUDIT_PROVIDER) == 0 && meet_sources(pl, AUDIT_PROVIDER) == 0 ? 0 : -1;
}

int plan_addresses(audit_domain *d, const audit_options *o)
{
	planner pl = { .d = d, .o = o };
	int rc = -1;

	pl.sample_room = o->sample > SPF_SMALL_BLOCK_MAX ? o->sample : SPF_SMALL_BLOCK_MAX;
	if ((pl.samples = calloc(pl.sample_room, sizeof *pl.samples)) != NULL &&
	    set_init(&pl.set, o->max_addresses + DROPPED_TRACKED) == 0)
		rc = meet_all(&pl);
	set_free(&pl.set);
	free(pl.samples);
	if (rc == 0 && d->unchecked > 0) {
		audit_problem *p = problem_add(d, &d->problems, &d->nproblems,
					       AUDIT_PROBLEM_ADDRESS_CAP);
		if (p) {
			p->record = d->name;
			p->count = d->unchecked;
		}
	}
	return rc;
}

void plan_free(audit_domain *d)
{
	for (size_t i = 0; i < d->naddrs; i++) {
		free(d->addrs[i].sources);
		fcrdns_result_free(d->addrs[i].result);
	}
	free(d->addrs);
	free(d->sources);
	d->addrs = NULL;
	d->sources = NULL;
	d->naddrs = d->nsources = 0;
}
