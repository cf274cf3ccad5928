/* SPDX-License-Identifier: MIT */
/* verdict.c: RFC 8601 iprev decisions and the problems they imply, and
 * the DNSSEC status of the answers that decided them, as pure functions
 * of the lookup outcomes stored in a result (no DNS here). */
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

/* The problem of one forward-checked name, if any. */
static int check_problem(fcrdns_result *r, size_t i)
{
	const fcrdns_name_check *c = &r->checks[i];
	fcrdns_problem_code code;

	if (c->confirms)
		return 0;
	if (fcrdns_lookup_is_transient(c->outcome))
		code = FCRDNS_PROBLEM_FORWARD_TEMPERROR;
	else if (c->outcome == FCRDNS_LOOKUP_SKIPPED || c->naddrs == 0)
		code = FCRDNS_PROBLEM_FORWARD_MISSING;
	else
		code = FCRDNS_PROBLEM_FORWARD_MISMATCH;
	return result_add_problem(r, code, c->name, i, c->outcome);
}

static int ptr_problems(fcrdns_result *r)
{
	size_t total = r->nptr + r->ptr_dropped;

	if (fcrdns_lookup_is_transient(r->ptr_outcome))
		return result_add_problem(r, FCRDNS_PROBLEM_PTR_TEMPERROR, NULL, 0, r->ptr_outcome);
	if (r->iprev == FCRDNS_IPREV_PERMERROR)
		return result_add_problem(r, FCRDNS_PROBLEM_NO_PTR, NULL, 0, r->ptr_outcome);
	if (total > 1 && result_add_problem(r, FCRDNS_PROBLEM_MULTIPLE_PTR, NULL, 0,
					    r->ptr_outcome) != 0)
		return -1;
	if (total > FCRDNS_MAX_FORWARD_CHECKED)
		return result_add_problem(r, FCRDNS_PROBLEM_TOO_MANY_PTR, NULL, 0, r->ptr_outcome);
	return 0;
}

int verdict_problems(fcrdns_result *r)
{
	if (ptr_problems(r) != 0)
		return -1;
	for (size_t i = 0; i < r->nchecks; i++)
		if (check_problem(r, i) != 0)
			return -1;
	return 0;
}

fcrdns_dnssec fcrdns_dnssec_ptr(const fcrdns_result *r)
{
	return r->ptr_authenticated ? FCRDNS_DNSSEC_SECURE : FCRDNS_DNSSEC_INSECURE;
}

fcrdns_dnssec fcrdns_dnssec_forward(const fcrdns_result *r)
{
	for (size_t i = 0; r->confirmed && i < r->nchecks; i++)
		if (r->checks[i].name == r->confirmed)
			return r->checks[i].authenticated ? FCRDNS_DNSSEC_SECURE
							  : FCRDNS_DNSSEC_INSECURE;
	return FCRDNS_DNSSEC_NONE;
}

const char *fcrdns_dnssec_name(fcrdns_dnssec d)
{
	switch (d) {
	case FCRDNS_DNSSEC_SECURE: return "secure";
	case FCRDNS_DNSSEC_INSECURE: return "insecure";
	default: return NULL;
	}
}
