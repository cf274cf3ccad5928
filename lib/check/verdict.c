/* SPDX-License-Identifier: MIT */
/* verdict.c: RFC 8601 iprev decisions and the problems they imply, as pure
 * functions of the lookup outcomes stored in a result (no DNS here). */
#include <arpa/inet.h>
#include <stdio.h>

#include "check/internal.h"

/* RFC 8601 s2.7.3: no PTR data is a permanent error; a confirming name is
 * a pass whatever else happened; otherwise any transient failure that could
 * have decided it is a temperror, and only a complete negative is a fail. */
void verdict_decide(fcrdns_result *r)
{
	int transient = 0;

	r->confirmed = NULL;
	if (fcrdns_lookup_is_transient(r->ptr_outcome)) {
		r->iprev = FCRDNS_IPREV_TEMPERROR;
		return;
	}
	if (r->ptr_outcome != FCRDNS_LOOKUP_ANSWER || r->nptr == 0) {
		r->iprev = FCRDNS_IPREV_PERMERROR;
		return;
	}
	for (size_t i = 0; i < r->nchecks; i++) {
		if (r->checks[i].confirms) {
			r->iprev = FCRDNS_IPREV_PASS;
			r->confirmed = r->checks[i].name;
			return;
		}
		if (fcrdns_lookup_is_transient(r->checks[i].outcome))
			transient = 1;
	}
	r->iprev = transient ? FCRDNS_IPREV_TEMPERROR : FCRDNS_IPREV_FAIL;
}

static const char *record_type(const fcrdns_result *r)
{
	return r->addr.family == AF_INET ? "A" : "AAAA";
}

static const char *outcome_label(fcrdns_lookup l)
{
	switch (l) {
	case FCRDNS_LOOKUP_NXDOMAIN: return "NXDOMAIN";
	case FCRDNS_LOOKUP_NODATA: return "NODATA";
	case FCRDNS_LOOKUP_SERVFAIL: return "SERVFAIL";
	case FCRDNS_LOOKUP_REFUSED: return "REFUSED";
	case FCRDNS_LOOKUP_TIMEOUT: return "no answer (timeout)";
	case FCRDNS_LOOKUP_ERROR: return "malformed or unusable answer";
	case FCRDNS_LOOKUP_SKIPPED: return "not looked up";
	case FCRDNS_LOOKUP_CNAME_LOOP: return "CNAME chain loops or is too long";
	default: return "answer";
	}
}

/* Describe up to three addresses of c as "192.0.2.9, 192.0.2.10 and 2 more". */
static void describe_addrs(const fcrdns_name_check *c, char *buf, size_t len)
{
	char ip[FCRDNS_IPSTR_MAX];
	size_t used = 0, shown = c->naddrs_kept < 3 ? c->naddrs_kept : 3;

	buf[0] = '\0';
	for (size_t i = 0; i < shown && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s%s", i ? ", " : "",
					 fcrdns_addr_format(&c->addrs[i], ip));
	if (c->naddrs > shown && used < len)
		snprintf(buf + used, len - used, " and %zu more", c->naddrs - shown);
}

static int check_problem(fcrdns_result *r, const fcrdns_name_check *c)
{
	char addrs[160];

	if (c->confirms)
		return 0;
	if (fcrdns_lookup_is_transient(c->outcome))
		return result_add_problem(r, FCRDNS_PROBLEM_FORWARD_TEMPERROR,
					  "%s lookup of %s failed: %s", record_type(r), c->name,
					  outcome_label(c->outcome));
	if (c->outcome == FCRDNS_LOOKUP_SKIPPED)
		return result_add_problem(r, FCRDNS_PROBLEM_FORWARD_MISSING,
					  "%s is not a valid host name; not looked up", c->name);
	if (c->naddrs == 0)
		return result_add_problem(r, FCRDNS_PROBLEM_FORWARD_MISSING,
					  "%s has no %s record (%s)", c->name, record_type(r),
					  outcome_label(c->outcome));
	describe_addrs(c, addrs, sizeof addrs);
	return result_add_problem(r, FCRDNS_PROBLEM_FORWARD_MISMATCH, "%s has %s %s, not %s",
				  c->name, record_type(r), addrs, r->ip);
}

static int ptr_problems(fcrdns_result *r)
{
	size_t total = r->nptr + r->ptr_dropped;

	if (fcrdns_lookup_is_transient(r->ptr_outcome))
		return result_add_problem(r, FCRDNS_PROBLEM_PTR_TEMPERROR,
					  "PTR lookup of %s failed: %s", r->reverse_name,
					  outcome_label(r->ptr_outcome));
	if (r->iprev == FCRDNS_IPREV_PERMERROR)
		return result_add_problem(r, FCRDNS_PROBLEM_NO_PTR, "no PTR record for %s (%s: %s)",
					  r->ip, r->reverse_name,
					  r->ptr_outcome == FCRDNS_LOOKUP_NODATA
						  ? "no PTR data" : outcome_label(r->ptr_outcome));
	if (total > 1 && result_add_problem(r, FCRDNS_PROBLEM_MULTIPLE_PTR,
					    "%zu PTR names; a receiver that checks only one may fail you",
					    total) != 0)
		return -1;
	if (total > FCRDNS_MAX_FORWARD_CHECKED && r->ptr_dropped == 0)
		return result_add_problem(r, FCRDNS_PROBLEM_TOO_MANY_PTR,
					  "%zu PTR names; only the first %d were forward-checked",
					  total, FCRDNS_MAX_FORWARD_CHECKED);
	if (r->ptr_dropped > 0)
		return result_add_problem(r, FCRDNS_PROBLEM_TOO_MANY_PTR,
					  "%zu PTR names; only the first %d were forward-checked and "
					  "%zu beyond the first %d were dropped",
					  total, FCRDNS_MAX_FORWARD_CHECKED, r->ptr_dropped,
					  FCRDNS_MAX_PTR_KEPT);
	return 0;
}

int verdict_problems(fcrdns_result *r)
{
	if (ptr_problems(r) != 0)
		return -1;
	for (size_t i = 0; i < r->nchecks; i++)
		if (check_problem(r, &r->checks[i]) != 0)
			return -1;
	return 0;
}
