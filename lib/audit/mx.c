/* SPDX-License-Identifier: MIT */
/* mx.c: the mail servers of a domain: its MX records (RFC 5321 s5.1: the
 * implicit MX when there are none; RFC 7505: the null MX), each host's A
 * and AAAA addresses, whose they are, and what is odd about them (a CNAME
 * target, an address literal, a lookup that failed transiently). */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "audit/machine.h"

/* Return 1 when an MX target is the root (a null MX). */
static int is_root(const char *name)
{
	return name == NULL || name[0] == '\0' || strcmp(name, ".") == 0;
}

/* Add addr to m once (at most AUDIT_HOST_ADDRS_MAX). Returns 0, or -1 on
 * ENOMEM. */
static int mx_add_address(audit_mx *m, const fcrdns_addr *addr)
{
	for (size_t i = 0; i < m->naddrs; i++)
		if (fcrdns_addr_equal(&m->addrs[i], addr))
			return 0;
	if (m->naddrs == AUDIT_HOST_ADDRS_MAX)
		return 0;
	if (m->naddrs == m->addr_cap) {
		size_t cap = m->addr_cap ? 2 * m->addr_cap : 2;
		fcrdns_addr *bigger = realloc(m->addrs, cap * sizeof *bigger);
		if (bigger == NULL)
			return -1;
		m->addrs = bigger;
		m->addr_cap = cap;
	}
	m->addrs[m->naddrs++] = *addr;
	return 0;
}

/* The A or AAAA answer of MX host i. */
static void on_host_address(void *arg, int status, const fcrdns_answer *ans)
{
	audit_domain *d;
	audit_record *unused;
	size_t i;

	if (slot_take(arg, status, &d, &unused, &i) != 0)
		return;
	audit_mx *m = &d->mx[i];
	if (fcrdns_lookup_is_transient(ans->outcome))
		m->temperror = 1;
	if (ans->ncnames > 0 && !m->implicit)
		m->cname = 1;
	for (size_t k = 0; ans->outcome == FCRDNS_LOOKUP_ANSWER && k < ans->nrrs; k++)
		if ((ans->rrs[k].type == FCRDNS_TYPE_A || ans->rrs[k].type == FCRDNS_TYPE_AAAA) &&
		    mx_add_address(m, &ans->rrs[k].addr) != 0)
			d->failed = 1;
	m->pending--;
	discovery_release(d);
}

/* Return the index of host among d's MX hosts, or d->nmx. */
static size_t find_host(const audit_domain *d, const char *host)
{
	size_t i = 0;

	while (i < d->nmx && strcmp(d->mx[i].host, host) != 0)
		i++;
	return i;
}

/* Add the MX host name (preference pref) to d and start its lookups; an
 * address literal is its own address. A host listed twice keeps its
 * lower preference. */
static void add_host(audit_domain *d, const char *name, unsigned pref)
{
	char *host = name_copy(name);
	fcrdns_addr literal;
	size_t i;

	if (host == NULL) {
		d->failed = 1;
		return;
	}
	if ((i = find_host(d, host)) < d->nmx) {
		if (pref < d->mx[i].preference)
			d->mx[i].preference = pref;
		free(host);
		return;
	}
	audit_mx *m = &d->mx[d->nmx++];
	*m = (audit_mx){ .host = host, .preference = pref };
	if (fcrdns_addr_parse(host, &literal) == FCRDNS_OK) {
		m->literal = 1;
		m->cls = AUDIT_OWN;
		if (mx_add_address(m, &literal) != 0)
			d->failed = 1;
		return;
	}
	m->cls = domain_classify(d, m->host, &m->operator);
	m->pending = 2;
	domain_ask(d, name, FCRDNS_TYPE_A, on_host_address, NULL, d->nmx - 1);
	domain_ask(d, name, FCRDNS_TYPE_AAAA, on_host_address, NULL, d->nmx - 1);
}

/* Take the hosts of an MX answer; a single root target is a null MX. */
static void read_mx(audit_domain *d, const fcrdns_answer *ans)
{
	size_t n = 0;

	for (size_t k = 0; k < ans->nrrs; k++)
		n += ans->rrs[k].type == FCRDNS_TYPE_MX;
	if (n == 1 && ans->rrs[0].type == FCRDNS_TYPE_MX && is_root(ans->rrs[0].name)) {
		d->null_mx = 1;
		return;
	}
	if ((d->mx = calloc(n < AUDIT_HOSTS_MAX ? n + 1 : AUDIT_HOSTS_MAX, sizeof *d->mx)) == NULL) {
		d->failed = 1;
		return;
	}
	discovery_hold(d);
	for (size_t k = 0; k < ans->nrrs && d->nmx < AUDIT_HOSTS_MAX; k++)
		if (ans->rrs[k].type == FCRDNS_TYPE_MX && !is_root(ans->rrs[k].name))
			add_host(d, ans->rrs[k].name, ans->rrs[k].preference);
	discovery_release(d);
}

/* No MX RRset: the domain itself is the implicit MX, preference 0. */
static void implicit_mx(audit_domain *d)
{
	char *host = strdup(d->name);

	if (host == NULL || (d->mx = calloc(1, sizeof *d->mx)) == NULL) {
		free(host);
		d->failed = 1;
		return;
	}
	d->mx[0] = (audit_mx){ .host = host, .implicit = 1, .cls = AUDIT_OWN, .pending = 2 };
	d->nmx = 1;
	domain_ask(d, d->name, FCRDNS_TYPE_A, on_host_address, NULL, 0);
	domain_ask(d, d->name, FCRDNS_TYPE_AAAA, on_host_address, NULL, 0);
}

/* The MX answer of the domain. */
static void on_domain_mx(void *arg, int status, const fcrdns_answer *ans)
{
	audit_domain *d;
	audit_record *unused;
	size_t i;

	if (slot_take(arg, status, &d, &unused, &i) != 0)
		return;
	if (fcrdns_lookup_is_transient(ans->outcome))
		d->mx_temperror = 1;
	else if (ans->outcome == FCRDNS_LOOKUP_ANSWER)
		read_mx(d, ans);
	else
		implicit_mx(d);
	discovery_release(d);
}

void mx_start(audit_domain *d)
{
	domain_ask(d, d->name, FCRDNS_TYPE_MX, on_domain_mx, NULL, 0);
}

/* ---- Once every lookup is back ---------------------------------------------- */

static int addr_compare(const void *a, const void *b)
{
	const fcrdns_addr *x = a, *y = b;

	if (x->family != y->family)
		return x->family == AF_INET ? -1 : 1;
	return memcmp(x->bytes, y->bytes, sizeof x->bytes);
}

static int mx_compare(const void *a, const void *b)
{
	const audit_mx *x = a, *y = b;

	if (x->preference != y->preference)
		return x->preference < y->preference ? -1 : 1;
	return strcmp(x->host, y->host);
}

/* Add an MX problem about host (NULL: the domain's MX lookup itself). */
static void mx_problem(audit_domain *d, audit_problem_code code, const char *host)
{
	audit_problem *p = problem_add(d, &d->problems, &d->nproblems, code);

	if (p) {
		p->record = d->name;
		p->target = host;
	}
}

void mx_finish(audit_domain *d)
{
	/* An implicit MX with no address is no mail server at all. */
	if (d->nmx == 1 && d->mx[0].implicit && d->mx[0].naddrs == 0 && !d->mx[0].temperror)
		mx_free(d);
	if (d->nmx > 1)
		qsort(d->mx, d->nmx, sizeof *d->mx, mx_compare);
	if (d->mx_temperror)
		mx_problem(d, AUDIT_PROBLEM_MX_TEMPERROR, NULL);
	for (size_t i = 0; i < d->nmx; i++) {
		audit_mx *m = &d->mx[i];
		if (m->naddrs > 1)
			qsort(m->addrs, m->naddrs, sizeof *m->addrs, addr_compare);
		if (m->cname)
			mx_problem(d, AUDIT_PROBLEM_MX_CNAME, m->host);
		if (m->literal)
			mx_problem(d, AUDIT_PROBLEM_MX_IP_LITERAL, m->host);
		if (m->temperror)
			mx_problem(d, AUDIT_PROBLEM_MX_TEMPERROR, m->host);
	}
}

void mx_free(audit_domain *d)
{
	for (size_t i = 0; i < d->nmx; i++) {
		free(d->mx[i].host);
		free(d->mx[i].addrs);
	}
	free(d->mx);
	d->mx = NULL;
	d->nmx = 0;
}
