/* SPDX-License-Identifier: MIT */
/* servers.c: the mail servers a session probes: each address once (the
 * domains that share it wait for the same probe, so it never sees two
 * connections at a time), at most PROBES_AT_ONCE connections in all, then
 * the greeting's and the EHLO reply's names judged by the HELO ladder of
 * `check --helo` (checks of the address with that name). */
#include <stdlib.h>
#include <string.h>

#include "audit/machine.h"

#define PROBES_AT_ONCE 16

typedef enum entry_state {
	ENTRY_QUEUED,
	ENTRY_PROBING,
	ENTRY_JUDGING,
	ENTRY_DONE,
} entry_state;

/* A domain's address waiting for an entry. */
typedef struct waiter {
	audit_domain *d;
	size_t index;
	struct waiter *next;
} waiter;

struct probe_entry {
	audit_session *s;
	fcrdns_addr addr;
	entry_state state;
	smtp_facts *facts;
	audit_name_verdict banner, ehlo;
	unsigned judging;        /* HELO checks out */
	waiter *waiters;
};

/* Which names one HELO check judges (bits). */
#define JUDGE_BANNER 0x1u
#define JUDGE_EHLO 0x2u

typedef struct judge_slot {
	probe_entry *e;
	unsigned which;
} judge_slot;

static void pump(audit_session *s);

/* Copy e's findings into address i of d. */
static void fill(const probe_entry *e, audit_domain *d, size_t i)
{
	audit_smtp *smtp = &d->addrs[i].smtp;

	smtp->facts = e->facts;
	smtp->banner = e->banner;
	smtp->ehlo = e->ehlo;
}

/* The entry is complete: tell every waiting address. */
static void entry_done(probe_entry *e)
{
	waiter *w = e->waiters;

	e->state = ENTRY_DONE;
	e->waiters = NULL;
	while (w) {
		waiter *next = w->next;
		fill(e, w->d, w->index);
		address_release(w->d, w->index);
		free(w);
		w = next;
	}
}

static void on_judged(void *arg, int status, const fcrdns_result *r)
{
	judge_slot *slot = arg;
	probe_entry *e = slot->e;
	unsigned which = slot->which;

	free(slot);
	if (status == FCRDNS_OK) {
		audit_name_verdict v = { AUDIT_NAME_LADDER, r->helo };
		if (which & JUDGE_BANNER)
			e->banner = v;
		if (which & JUDGE_EHLO)
			e->ehlo = v;
	}
	if (--e->judging == 0 && status == FCRDNS_OK)
		entry_done(e);
}

/* Judge name (len raw bytes) for the verdicts in which. A name holding a
 * NUL cannot be a domain: invalid without a lookup. */
static void judge(probe_entry *e, const smtp_text *name, unsigned which)
{
	audit_name_verdict invalid = { AUDIT_NAME_LADDER, FCRDNS_HELO_INVALID };
	fcrdns_request req = { .addr = e->addr, .helo = name->data };
	judge_slot *slot;

	if (strlen(name->data) == name->len && (slot = malloc(sizeof *slot)) != NULL) {
		*slot = (judge_slot){ e, which };
		if (fcrdns_check_start(e->s->ctx, &req, on_judged, slot) == FCRDNS_OK) {
			e->judging++;
			return;
		}
		free(slot);
		e->s->failed = 1;
	}
	if (which & JUDGE_BANNER)
		e->banner = invalid;
	if (which & JUDGE_EHLO)
		e->ehlo = invalid;
}

/* Return 1 when two texts hold the same bytes. */
static int same_text(const smtp_text *a, const smtp_text *b)
{
	return a->data && b->data && a->len == b->len && memcmp(a->data, b->data, a->len) == 0;
}

/* Decide what the probe's names need: no-greeting, no-name, or a check. */
static void judge_names(probe_entry *e)
{
	const smtp_facts *f = e->facts;
	audit_name_verdict none = { AUDIT_NAME_NO_GREETING, FCRDNS_HELO_NONE };
	audit_name_verdict noname = { AUDIT_NAME_NO_NAME, FCRDNS_HELO_NONE };

	e->state = ENTRY_JUDGING;
	e->banner = e->ehlo = f && f->greeted ? noname : none;
	e->judging = 1; /* held while the checks start */
	if (f && f->greeted && f->banner_name.data)
		judge(e, &f->banner_name, JUDGE_BANNER | (same_text(&f->banner_name, &f->ehlo_name)
							  ? JUDGE_EHLO : 0));
	if (f && f->greeted && f->ehlo_name.data && !same_text(&f->banner_name, &f->ehlo_name))
		judge(e, &f->ehlo_name, JUDGE_EHLO);
	if (--e->judging == 0)
		entry_done(e);
}

static void on_probed(void *arg, int status, smtp_facts *facts)
{
	probe_entry *e = arg;
	audit_session *s = e->s;

	s->probes_running--;
	if (status != FCRDNS_OK) {
		e->state = ENTRY_DONE; /* the context is going: nobody waits */
		return;
	}
	e->facts = facts;
	judge_names(e);
	pump(s);
}

/* Start the probe of e. */
static void entry_start(probe_entry *e)
{
	audit_session *s = e->s;
	smtp_probe_options po = { s->o.smtp_port, s->o.smtp_timeout_ms, s->helo_name };

	e->state = ENTRY_PROBING;
	if (smtp_probe_start(fcrdns_ctx_loop(s->ctx), &e->addr, &po, on_probed, e) == FCRDNS_OK) {
		s->probes_running++;
		return;
	}
	s->failed = 1;
	judge_names(e); /* no facts: no greeting */
}

/* Start queued probes while there is room. */
static void pump(audit_session *s)
{
	for (size_t i = 0; i < s->nprobes && s->probes_running < PROBES_AT_ONCE; i++)
		if (s->probes[i]->state == ENTRY_QUEUED)
			entry_start(s->probes[i]);
}

/* Return the entry of addr, making a queued one when there is none, or
 * NULL on ENOMEM. */
static probe_entry *entry_of(audit_session *s, const fcrdns_addr *addr)
{
	probe_entry *e;

	for (size_t i = 0; i < s->nprobes; i++)
		if (fcrdns_addr_equal(&s->probes[i]->addr, addr))
			return s->probes[i];
	if (s->nprobes == s->probe_cap) {
		size_t cap = s->probe_cap ? 2 * s->probe_cap : 8;
		probe_entry **bigger = realloc(s->probes, cap * sizeof *bigger);
		if (bigger == NULL)
			return NULL;
		s->probes = bigger;
		s->probe_cap = cap;
	}
	if ((e = calloc(1, sizeof *e)) == NULL)
		return NULL;
	*e = (probe_entry){ .s = s, .addr = *addr, .state = ENTRY_QUEUED };
	s->probes[s->nprobes++] = e;
	return e;
}

int servers_request(audit_domain *d, size_t i)
{
	audit_session *s = d->session;
	probe_entry *e = entry_of(s, &d->addrs[i].addr);
	waiter *w;

	if (e != NULL && e->state == ENTRY_DONE) {
		fill(e, d, i);
		return 1;
	}
	if (e == NULL || (w = malloc(sizeof *w)) == NULL) {
		d->failed = 1;
		return 1;
	}
	*w = (waiter){ d, i, e->waiters };
	e->waiters = w;
	pump(s);
	return 0;
}

void servers_free(audit_session *s)
{
	for (size_t i = 0; i < s->nprobes; i++) {
		probe_entry *e = s->probes[i];
		while (e->waiters) {
			waiter *next = e->waiters->next;
			free(e->waiters);
			e->waiters = next;
		}
		smtp_facts_free(e->facts);
		free(e);
	}
	free(s->probes);
	s->probes = NULL;
	s->nprobes = 0;
}
