/* SPDX-License-Identifier: MIT */
/* diagnose.c: the second half of the audit, run once iprev is decided:
 * classify the name that matters, judge the HELO, decide who must fix
 * what, and add the problems these imply. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "diag/diagnose.h"
#include "diag/fix.h"
#include "check/helo.h"

/* Classify the name that matters. Returns 1 when the provider comes from
 * the name (its default naming), 0 otherwise. */
static int classify_ptr(fcrdns_result *r)
{
	const char *name = r->confirmed ? r->confirmed : (r->nptr ? r->ptr[0] : NULL);
	fcrdns_class cls;

	r->generic = 0;
	r->provider = NULL;
	r->generic_reason[0] = '\0';
	if (name == NULL || fcrdns_classify(name, &r->addr, &cls) != FCRDNS_OK)
		return 0;
	r->generic = cls.generic;
	r->provider = cls.provider;
	snprintf(r->generic_reason, sizeof r->generic_reason, "%s", cls.reason);
	return r->provider != NULL;
}

/* With no PTR or a generic one, the address's block may name the provider
 * whose procedure sets the PTR. A chosen, specific name stays null. */
static void provider_from_ranges(fcrdns_result *r, const fcrdns_ranges *ranges)
{
	r->provider_by_address = 0;
	if (r->provider == NULL && ranges != NULL &&
	    (r->iprev == FCRDNS_IPREV_PERMERROR || r->generic)) {
		r->provider = fcrdns_ranges_lookup(ranges, &r->addr);
		r->provider_by_address = r->provider != NULL;
	}
}

static int name_problems(fcrdns_result *r, int default_name)
{
	const char *name = r->confirmed ? r->confirmed : (r->nptr ? r->ptr[0] : NULL);

	if (default_name)
		return result_add_problem(r, FCRDNS_PROBLEM_PROVIDER_DEFAULT_PTR, name, 0,
					  r->ptr_outcome);
	if (r->generic)
		return result_add_problem(r, FCRDNS_PROBLEM_GENERIC_PTR, name, 0, r->ptr_outcome);
	return 0;
}

static int expect_problem(fcrdns_result *r)
{
	for (size_t i = 0; i < r->nptr; i++)
		if (strcasecmp(r->ptr[i], r->expect) == 0)
			return 0;
	return result_add_problem(r, FCRDNS_PROBLEM_UNEXPECTED_PTR, r->expect, 0, r->ptr_outcome);
}

/* The HELO problem for a verdict, or -1 when the verdict is no problem. */
static int helo_problem_code(fcrdns_helo_verdict v)
{
	switch (v) {
	case FCRDNS_HELO_INVALID: return FCRDNS_PROBLEM_HELO_INVALID;
	case FCRDNS_HELO_LITERAL_MISMATCH: return FCRDNS_PROBLEM_HELO_LITERAL_MISMATCH;
	case FCRDNS_HELO_NOT_FQDN: return FCRDNS_PROBLEM_HELO_NOT_FQDN;
	case FCRDNS_HELO_TEMPERROR: return FCRDNS_PROBLEM_HELO_TEMPERROR;
	case FCRDNS_HELO_UNRESOLVABLE: return FCRDNS_PROBLEM_HELO_UNRESOLVABLE;
	case FCRDNS_HELO_MISMATCH: return FCRDNS_PROBLEM_HELO_MISMATCH;
	default: return -1;
	}
}

static int helo_problem(fcrdns_result *r)
{
	int code = helo_problem_code(r->helo);

	if (code < 0)
		return 0;
	return result_add_problem(r, (fcrdns_problem_code)code, r->helo_name, 0,
				  r->helo_check.outcome);
}

int diagnose(fcrdns_result *r, const psl_ctx_t *psl, const fcrdns_ranges *ranges)
{
	int default_name = classify_ptr(r);

	provider_from_ranges(r, ranges);
	if (name_problems(r, default_name) != 0)
		return -1;
	/* With no PTR answer (a transient failure) the PTR set is unknown. */
	if (r->expect && !fcrdns_lookup_is_transient(r->ptr_outcome) && expect_problem(r) != 0)
		return -1;
	if (r->helo_name) {
		r->helo = helo_decide(psl, r);
		if (helo_problem(r) != 0)
			return -1;
	}
	return fix_decide(r, psl);
}
