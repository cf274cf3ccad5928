/* SPDX-License-Identifier: MIT */
/* machine.h: what the files of the audit machine share (internal): the
 * session, the lookups of discovery (walk.c for SPF, mx.c for MX), the
 * plan of sources and addresses (plan.c), the summary (summary.c) and
 * what to fix (fixes.c); audit.c drives them. */
#ifndef FCRDNS_AUDIT_MACHINE_H
#define FCRDNS_AUDIT_MACHINE_H

#include "audit/audit.h"

typedef struct probe_entry probe_entry;

struct audit_session {
	fcrdns_ctx *ctx;
	audit_options o;          /* given and helo_name point to the copies */
	fcrdns_addr *given;
	char *helo_name;
	audit_domain **domains;
	size_t ndomains, domain_cap;
	probe_entry **probes;     /* one per address probed, for the session */
	size_t nprobes, probe_cap;
	size_t probes_running;
	int failed;
};

/* Where a discovery lookup's answer goes: the record (or MX host) and
 * the index of the term (or host) that asked. */
typedef struct lookup_slot {
	audit_domain *d;
	audit_record *rec;
	size_t index;
} lookup_slot;

/* ---- audit.c: the machine's shared steps ---- */

/* Ask name for type on d's behalf, cb getting a new lookup_slot {d, rec,
 * index} to free. A name the engine refuses is answered at once as
 * NXDOMAIN (from inside this call). Counts one pending lookup. */
void domain_ask(audit_domain *d, const char *name, uint16_t type, fcrdns_query_cb cb,
		audit_record *rec, size_t index);
/* Hold d's discovery open while more lookups are being submitted. */
void discovery_hold(audit_domain *d);
/* End one pending lookup (or hold); the last one finishes discovery. */
void discovery_release(audit_domain *d);
/* Take a lookup slot's fields and free it. Returns 0, or -1 (d marked
 * cancelled) when status is not FCRDNS_OK. */
int slot_take(void *arg, int status, audit_domain **d, audit_record **rec, size_t *index);
/* Return a lowercase copy of name without its trailing dot (the caller
 * frees it), or NULL on ENOMEM. */
char *name_copy(const char *name);
/* Return the organisation of name: its registrable domain (a pointer
 * into name), or name itself when it has none. */
const char *domain_org(const audit_domain *d, const char *name);
/* Return own when name is the audited registrable domain or under it,
 * else provider with *operator set to name's organisation. */
audit_class domain_classify(const audit_domain *d, const char *name, const char **operator);
/* Append a problem to *list (n entries). Returns it, or NULL (d marked
 * failed). */
audit_problem *problem_add(audit_domain *d, audit_problem **list, size_t *n,
			   audit_problem_code code);

/* ---- walk.c: the SPF tree ---- */

/* Start reading d's SPF record (d->spf is its root). */
void walk_start(audit_domain *d);
/* Once every lookup is back: sort the blocks, list the problems in tree
 * order, count and decide the SPF result. */
void walk_finish(audit_domain *d);
/* Free a tree (NULL is fine). */
void walk_free(audit_record *rec);
/* Add the block net/prefix to t once (at most AUDIT_CIDRS_MAX). Returns 0,
 * or -1 on ENOMEM. */
int term_add_cidr(audit_term *t, const fcrdns_addr *net, unsigned prefix);

/* ---- mx.c: the MX hosts ---- */

/* Start looking up d's MX hosts (or its implicit MX). */
void mx_start(audit_domain *d);
/* Once every lookup is back: drop an implicit MX with no address, sort,
 * list the MX problems. */
void mx_finish(audit_domain *d);
/* Free d's MX list. */
void mx_free(audit_domain *d);

/* ---- plan.c: sources and addresses ---- */

/* List d's sources from the tree: once per (record, term), in tree order.
 * Returns 0 or -1 (ENOMEM). */
int plan_sources(audit_domain *d);
/* Choose the addresses to check, in order (given, own MX, own SPF
 * sources, then providers' with include_providers), each once with its
 * roles and sources, at most o->max_addresses; count each source's
 * checked addresses and those left out. Returns 0 or -1 (ENOMEM). */
int plan_addresses(audit_domain *d, const audit_options *o);
/* Free d's sources and addresses. */
void plan_free(audit_domain *d);

/* ---- servers.c: the SMTP probes of a session ---- */

/* Have address i of d probed (once per address and session, at most a
 * few connections at a time) and its banner and EHLO names judged. Fills
 * d->addrs[i].smtp and returns 1 when the session already knows them;
 * else returns 0 and calls address_release(d, i) once they are known. */
int servers_request(audit_domain *d, size_t i);
/* Free the session's probe table. */
void servers_free(audit_session *s);
/* (audit.c) One of address i's waits ended: its check or its probe. */
void address_release(audit_domain *d, size_t i);

/* ---- summary.c ---- */

/* What the exit status of a domain depends on. */
typedef struct exit_facts {
	audit_spf_result spf;
	int own_fail;        /* an own address is fail or permerror */
	int own_temperror;   /* an own address is temperror */
	int mx_temperror;    /* the MX hosts could not all be looked up */
	int nothing;         /* no authorized SPF term, no MX host, no --ip */
} exit_facts;

/* Return the exit status those facts give (AUDIT_EXIT_*). */
int exit_status(const exit_facts *f);
/* Fill d->summary from the checked addresses and the problems (and the
 * fixes, with fixes_list()). Returns 0 or -1 (ENOMEM). */
int summarize(audit_domain *d);

/* ---- fixes.c ---- */

/* Fill d->summary.fixes: what to fix, in order, from d's problems, its
 * own addresses' checks and its mail servers' names (pure). Returns 0 or
 * -1 (ENOMEM). */
int fixes_list(audit_domain *d);

#endif
