/* SPDX-License-Identifier: MIT */
/* walk.c: the SPF tree of a domain, read concurrently: each record's TXT
 * lookup, then its terms (a and mx answers widened by their dual-cidr,
 * includes and redirects followed unless already on the path), with the
 * lookup and void-lookup counts of RFC 7208 s4.6.4 over the whole tree;
 * then, in tree order, its problems and its result. */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "audit/machine.h"

static void fetch(audit_domain *d, audit_record *rec);

/* Ask a question for the tree, within its budget: a hostile tree (1024
 * mx terms of 64 hosts each) must not turn into 100,000 queries. Beyond
 * the budget nothing is asked and the tree is marked truncated. */
static void walk_ask(audit_domain *d, const char *name, uint16_t type, fcrdns_query_cb cb,
		     audit_record *rec, size_t index)
{
	if (d->spf_queries == AUDIT_SPF_QUERIES_MAX) {
		d->truncated = 1;
		return;
	}
	d->spf_queries++;
	domain_ask(d, name, type, cb, rec, index);
}

/* Note that name's lookup failed transiently (the first one is shown). */
static void note_temperror(audit_domain *d, audit_term *t, const char *name)
{
	if (t)
		t->flags |= AUDIT_TERM_TEMPERROR;
	if (d->temperror_name == NULL)
		d->temperror_name = name;
}

int term_add_cidr(audit_term *t, const fcrdns_addr *net, unsigned prefix)
{
	for (size_t i = 0; i < t->ncidrs; i++)
		if (t->cidrs[i].prefix == prefix && fcrdns_addr_equal(&t->cidrs[i].net, net))
			return 0;
	if (t->ncidrs == AUDIT_CIDRS_MAX) {
		t->flags |= AUDIT_TERM_TRUNCATED;
		return 0;
	}
	if (t->ncidrs == t->cidr_cap) {
		size_t cap = t->cidr_cap ? t->cidr_cap * 2 : 4;
		audit_cidr *bigger = realloc(t->cidrs, cap * sizeof *bigger);
		if (bigger == NULL)
			return -1;
		t->cidrs = bigger;
		t->cidr_cap = cap;
	}
	t->cidrs[t->ncidrs++] = (audit_cidr){ *net, prefix };
	return 0;
}

/* Add the A and AAAA records of ans to term i of rec, widened by the
 * term's dual-cidr lengths. */
static void take_addresses(audit_domain *d, audit_record *rec, size_t i, const fcrdns_answer *ans)
{
	const spf_term *t = &rec->spf.terms[i];

	for (size_t k = 0; k < ans->nrrs; k++) {
		fcrdns_addr net;
		unsigned prefix;
		if (ans->rrs[k].type != FCRDNS_TYPE_A && ans->rrs[k].type != FCRDNS_TYPE_AAAA)
			continue;
		spf_widen(t, &ans->rrs[k].addr, &net, &prefix);
		if (term_add_cidr(&rec->terms[i], &net, prefix) != 0)
			d->failed = 1;
	}
}

/* Return 1 when an outcome means "no data": NXDOMAIN or an empty answer. */
static int no_data(fcrdns_lookup outcome)
{
	return outcome == FCRDNS_LOOKUP_NXDOMAIN || outcome == FCRDNS_LOOKUP_NODATA;
}

/* The A or AAAA answer of an a term, or of an MX host of an mx term. */
static void on_address(void *arg, int status, const fcrdns_answer *ans)
{
	audit_domain *d;
	audit_record *rec;
	size_t i;

	if (slot_take(arg, status, &d, &rec, &i) != 0)
		return;
	audit_term *at = &rec->terms[i];
	const spf_term *t = &rec->spf.terms[i];
	if (fcrdns_lookup_is_transient(ans->outcome))
		note_temperror(d, at, t->domain);
	else if (no_data(ans->outcome))
		at->nodata++;
	else if (ans->outcome == FCRDNS_LOOKUP_ANSWER)
		take_addresses(d, rec, i, ans);
	/* s4.6.4: an a term is void when both its lookups found nothing. */
	if (--at->pending == 0 && t->kind == SPF_A && at->nodata == 2) {
		at->flags |= AUDIT_TERM_VOID;
		d->void_lookups++;
	}
	discovery_release(d);
}

/* Return 1 when an MX target is the root: a null MX (RFC 7505). */
static int is_root(const char *name)
{
	return name == NULL || name[0] == '\0' || strcmp(name, ".") == 0;
}

/* Look up the addresses of the MX hosts in ans for term i of rec. */
static void mx_term_hosts(audit_domain *d, audit_record *rec, size_t i, const fcrdns_answer *ans)
{
	audit_term *at = &rec->terms[i];
	size_t asked = 0;

	for (size_t k = 0; k < ans->nrrs; k++) {
		if (ans->rrs[k].type != FCRDNS_TYPE_MX || is_root(ans->rrs[k].name))
			continue;
		at->mx_hosts++;
		if (asked == AUDIT_HOSTS_MAX) {
			at->flags |= AUDIT_TERM_TRUNCATED;
			continue;
		}
		asked++;
		at->pending += 2;
		walk_ask(d, ans->rrs[k].name, FCRDNS_TYPE_A, on_address, rec, i);
		walk_ask(d, ans->rrs[k].name, FCRDNS_TYPE_AAAA, on_address, rec, i);
	}
}

/* The MX answer of an mx term. */
static void on_mx(void *arg, int status, const fcrdns_answer *ans)
{
	audit_domain *d;
	audit_record *rec;
	size_t i;

	if (slot_take(arg, status, &d, &rec, &i) != 0)
		return;
	audit_term *at = &rec->terms[i];
	at->pending--;
	if (fcrdns_lookup_is_transient(ans->outcome)) {
		note_temperror(d, at, rec->spf.terms[i].domain);
	} else if (no_data(ans->outcome)) {
		at->flags |= AUDIT_TERM_VOID;
		d->void_lookups++;
	} else if (ans->outcome == FCRDNS_LOOKUP_ANSWER) {
		discovery_hold(d);
		mx_term_hosts(d, rec, i, ans);
		discovery_release(d);
	}
	discovery_release(d);
}

/* Return 1 when name is the domain of rec or of a record above it. */
static int on_path(const audit_record *rec, const char *name)
{
	for (; rec; rec = rec->parent)
		if (strcmp(rec->domain, name) == 0)
			return 1;
	return 0;
}

/* Make the record that term i of rec (an include or redirect) reaches,
 * and read it unless it closes a loop or the tree is full. */
static void follow(audit_domain *d, audit_record *rec, size_t i, spf_kind via)
{
	const spf_term *t = &rec->spf.terms[i];
	audit_record *child = calloc(1, sizeof *child);

	if (child == NULL || (child->domain = strdup(t->domain)) == NULL) {
		free(child);
		d->failed = 1;
		return;
	}
	child->parent = rec;
	child->via = via;
	child->cls = domain_classify(d, child->domain, &child->operator);
	rec->terms[i].child = child;
	if (on_path(rec, child->domain)) {
		child->state = AUDIT_REC_LOOP;
	} else if (d->records == AUDIT_RECORDS_MAX) {
		child->state = AUDIT_REC_SKIPPED;
		d->truncated = 1;
	} else {
		rec->terms[i].flags |= AUDIT_TERM_FOLLOWED;
		fetch(d, child);
	}
}

/* Count term t (in at) as one DNS lookup (s4.6.4). */
static void count_lookup(audit_domain *d, audit_term *at)
{
	at->flags |= AUDIT_TERM_LOOKUP;
	d->lookups++;
}

/* Start the lookups of an a or mx term (i of rec), classed by its domain. */
static void ask_host_term(audit_domain *d, audit_record *rec, size_t i)
{
	const spf_term *t = &rec->spf.terms[i];
	audit_term *at = &rec->terms[i];

	at->cls = domain_classify(d, t->domain, &at->operator);
	if (t->kind == SPF_A) {
		at->pending = 2;
		walk_ask(d, t->domain, FCRDNS_TYPE_A, on_address, rec, i);
		walk_ask(d, t->domain, FCRDNS_TYPE_AAAA, on_address, rec, i);
	} else {
		at->pending = 1;
		walk_ask(d, t->domain, FCRDNS_TYPE_MX, on_mx, rec, i);
	}
}

/* Read term i of rec: list its addresses, or start its lookups. */
static void read_term(audit_domain *d, audit_record *rec, size_t i)
{
	const spf_term *t = &rec->spf.terms[i];
	audit_term *at = &rec->terms[i];

	at->cls = rec->cls;
	at->operator = rec->operator;
	if (t->error != SPF_ERR_NONE)
		return; /* listed as spf-syntax; never looked up */
	if (t->kind == SPF_REDIRECT && rec->spf.has_all)
		return; /* s6.1: ignored when the record has "all" */
	if (t->kind == SPF_INCLUDE || t->kind == SPF_A || t->kind == SPF_MX ||
	    t->kind == SPF_PTR || t->kind == SPF_EXISTS || t->kind == SPF_REDIRECT)
		count_lookup(d, at);
	if (t->unenumerable != SPF_REASON_NONE) {
		at->cls = AUDIT_UNENUMERABLE;
		at->operator = NULL;
		return;
	}
	switch (t->kind) {
	case SPF_IP4:
	case SPF_IP6:
		if (term_add_cidr(at, &t->network, t->kind == SPF_IP4 ? t->cidr4 : t->cidr6) != 0)
			d->failed = 1;
		return;
	case SPF_A:
	case SPF_MX:
		ask_host_term(d, rec, i);
		return;
	case SPF_INCLUDE:
	case SPF_REDIRECT:
		follow(d, rec, i, t->kind);
		return;
	default:
		return;
	}
}

/* Read the terms of a parsed record, up to the tree's cap on terms. */
static void read_terms(audit_domain *d, audit_record *rec)
{
	if ((rec->terms = calloc(rec->spf.nterms ? rec->spf.nterms : 1, sizeof *rec->terms)) ==
	    NULL) {
		d->failed = 1;
		return;
	}
	if (rec->spf.dropped)
		d->truncated = 1;
	discovery_hold(d);
	for (size_t i = 0; i < rec->spf.nterms; i++) {
		if (d->terms == AUDIT_TERMS_MAX) {
			rec->terms[i].flags |= AUDIT_TERM_SKIPPED;
			d->truncated = 1;
			continue;
		}
		d->terms++;
		read_term(d, rec, i);
	}
	discovery_release(d);
}

/* Keep the SPF records among the TXT records of ans: count them, and
 * parse the first into rec. */
static void read_txt(audit_domain *d, audit_record *rec, const fcrdns_answer *ans)
{
	fcrdns_buf text = { 0 }, first = { 0 };

	for (size_t k = 0; k < ans->nrrs; k++) {
		if (ans->rrs[k].type != FCRDNS_TYPE_TXT)
			continue;
		text.len = 0;
		fcrdns_txt_join(&text, &ans->rrs[k]);
		if (!spf_is_record(text.data, text.len))
			continue;
		if (rec->found++ == 0)
			fcrdns_buf_add(&first, text.data, text.len);
	}
	if (text.failed || first.failed)
		d->failed = 1;
	rec->state = rec->found == 0 ? AUDIT_REC_NONE : AUDIT_REC_MULTIPLE;
	if (rec->found == 1 && !first.failed) {
		int st = spf_parse(first.data, first.len, rec->domain, d->name, &rec->spf);
		if (st == FCRDNS_OK) {
			rec->state = AUDIT_REC_PARSED;
			read_terms(d, rec);
		} else {
			rec->state = AUDIT_REC_NONE;
			d->failed |= st == FCRDNS_ENOMEM;
		}
	}
	fcrdns_buf_free(&text);
	fcrdns_buf_free(&first);
}

/* The TXT answer of a record's domain. */
static void on_txt(void *arg, int status, const fcrdns_answer *ans)
{
	audit_domain *d;
	audit_record *rec;
	size_t i;

	if (slot_take(arg, status, &d, &rec, &i) != 0)
		return;
	if (fcrdns_lookup_is_transient(ans->outcome)) {
		rec->state = AUDIT_REC_TEMPERROR;
		note_temperror(d, NULL, rec->domain);
	} else {
		read_txt(d, rec, ans);
	}
	discovery_release(d);
}

/* Ask rec's domain for its TXT records. */
static void fetch(audit_domain *d, audit_record *rec)
{
	d->records++;
	rec->state = AUDIT_REC_PENDING;
	walk_ask(d, rec->domain, FCRDNS_TYPE_TXT, on_txt, rec, 0);
}

void walk_start(audit_domain *d)
{
	fetch(d, d->spf);
}

/* ---- Once every lookup is back ---------------------------------------------- */

static int cidr_compare(const void *a, const void *b)
{
	const audit_cidr *x = a, *y = b;

	if (x->net.family != y->net.family)
		return x->net.family == AF_INET ? -1 : 1;
	int c = memcmp(x->net.bytes, y->net.bytes, sizeof x->net.bytes);
	if (c != 0)
		return c;
	return x->prefix < y->prefix ? -1 : x->prefix > y->prefix;
}

/* Add a problem about term i of rec. */
static audit_problem *term_problem(audit_domain *d, const audit_record *rec, size_t i,
				   audit_problem_code code)
{
	audit_problem *p = problem_add(d, &d->spf_problems, &d->nspf_problems, code);

	if (p) {
		p->record = rec->domain;
		p->term = rec->spf.terms[i].text;
		p->term_len = rec->spf.terms[i].len;
	}
	return p;
}

static void list_record(audit_domain *d, audit_record *rec);

/* List the problem of the record that term i of rec reaches, or its own
 * problems when it was read. */
static void list_child(audit_domain *d, audit_record *rec, size_t i)
{
	audit_record *child = rec->terms[i].child;
	audit_problem *p = NULL;

	switch (child->state) {
	case AUDIT_REC_NONE:
		p = term_problem(d, rec, i, child->via == SPF_INCLUDE ? AUDIT_PROBLEM_SPF_INCLUDE_NO_RECORD
							   : AUDIT_PROBLEM_SPF_REDIRECT_NO_RECORD);
		break;
	case AUDIT_REC_LOOP:
		p = term_problem(d, rec, i, AUDIT_PROBLEM_SPF_LOOP);
		break;
	case AUDIT_REC_MULTIPLE:
		if ((p = term_problem(d, rec, i, AUDIT_PROBLEM_SPF_MULTIPLE_RECORDS)) != NULL)
			p->count = child->found;
		break;
	case AUDIT_REC_PARSED:
		list_record(d, child);
		return;
	default:
		return; /* a temperror is in the result; a skipped record in spf-truncated */
	}
	if (p)
		p->target = child->domain;
}

/* List the problems of the terms of a parsed record, in order, and sort
 * each term's blocks. */
static void list_record(audit_domain *d, audit_record *rec)
{
	for (size_t i = 0; i < rec->spf.nterms; i++) {
		const spf_term *t = &rec->spf.terms[i];
		audit_term *at = &rec->terms[i];
		audit_problem *p;
		if (at->ncidrs > 1)
			qsort(at->cidrs, at->ncidrs, sizeof *at->cidrs, cidr_compare);
		if (t->error != SPF_ERR_NONE && (p = term_problem(d, rec, i, AUDIT_PROBLEM_SPF_SYNTAX)))
			p->error = t->error;
		if (t->kind == SPF_MX && at->mx_hosts > AUDIT_MX_LIMIT &&
		    (p = term_problem(d, rec, i, AUDIT_PROBLEM_SPF_MX_TOO_MANY))) {
			p->count = at->mx_hosts;
			p->target = t->domain;
		}
		if (at->flags & AUDIT_TERM_TRUNCATED)
			d->truncated = 1;
		if (at->child)
			list_child(d, rec, i);
	}
}

/* Add a problem about the whole tree, with a count. */
static void tree_problem(audit_domain *d, audit_problem_code code, size_t count)
{
	audit_problem *p = problem_add(d, &d->spf_problems, &d->nspf_problems, code);

	if (p) {
		p->record = d->name;
		p->count = count;
	}
}

/* Decide the SPF result from the root's state and the problems. */
static audit_spf_result spf_result(const audit_domain *d)
{
	if (d->spf->state == AUDIT_REC_NONE)
		return AUDIT_SPF_NONE;
	for (size_t i = 0; i < d->nspf_problems; i++)
		if (audit_problem_is_permerror(d->spf_problems[i].code))
			return AUDIT_SPF_PERMERROR;
	return d->temperror_name ? AUDIT_SPF_TEMPERROR : AUDIT_SPF_OK;
}

void walk_finish(audit_domain *d)
{
	audit_record *root = d->spf;

	if (root->state == AUDIT_REC_NONE)
		tree_problem(d, AUDIT_PROBLEM_NO_SPF, 0);
	else if (root->state == AUDIT_REC_MULTIPLE)
		tree_problem(d, AUDIT_PROBLEM_SPF_MULTIPLE_RECORDS, root->found);
	else if (root->state == AUDIT_REC_PARSED)
		list_record(d, root);
	if (d->lookups > AUDIT_LOOKUP_LIMIT)
		tree_problem(d, AUDIT_PROBLEM_SPF_TOO_MANY_LOOKUPS, d->lookups);
	if (d->void_lookups > AUDIT_VOID_LIMIT)
		tree_problem(d, AUDIT_PROBLEM_SPF_TOO_MANY_VOID_LOOKUPS, d->void_lookups);
	if (d->truncated)
		tree_problem(d, AUDIT_PROBLEM_SPF_TRUNCATED, d->records);
	d->spf_result = spf_result(d);
}

void walk_free(audit_record *rec)
{
	if (rec == NULL)
		return;
	for (size_t i = 0; rec->terms && i < rec->spf.nterms; i++) {
		walk_free(rec->terms[i].child);
		free(rec->terms[i].cidrs);
	}
	free(rec->terms);
	spf_record_free(&rec->spf);
	free(rec->domain);
	free(rec);
}
