/* SPDX-License-Identifier: MIT */
/* test_fix.c: who must fix what, in the contract's order, and the steps
 * (forward record first, the provider's command filled in). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "diag/fix.h"

typedef struct owner_case {
	const char *what;
	fcrdns_iprev iprev;
	int generic;
	const char *expect;      /* NULL: no --expect */
	int expect_in_ptr;
	fcrdns_lookup expect_outcome;
	int expect_confirms;
	fcrdns_fix_owner want;
} owner_case;

static const owner_case owner_cases[] = {
	{ "temperror", FCRDNS_IPREV_TEMPERROR, 0, NULL, 0, 0, 0, FCRDNS_FIX_NONE },
	{ "temperror beats expect", FCRDNS_IPREV_TEMPERROR, 1, "mail.example.com", 0,
	  FCRDNS_LOOKUP_NXDOMAIN, 0, FCRDNS_FIX_NONE },
	{ "permerror", FCRDNS_IPREV_PERMERROR, 0, NULL, 0, 0, 0, FCRDNS_FIX_IP_OWNER },
	{ "pass specific", FCRDNS_IPREV_PASS, 0, NULL, 0, 0, 0, FCRDNS_FIX_NONE },
	{ "pass generic", FCRDNS_IPREV_PASS, 1, NULL, 0, 0, 0, FCRDNS_FIX_IP_OWNER },
	{ "fail generic", FCRDNS_IPREV_FAIL, 1, NULL, 0, 0, 0, FCRDNS_FIX_IP_OWNER },
	{ "fail specific", FCRDNS_IPREV_FAIL, 0, NULL, 0, 0, 0, FCRDNS_FIX_DOMAIN_OWNER },
	{ "expect: ptr lacks it", FCRDNS_IPREV_PASS, 1, "mail.example.com", 0,
	  FCRDNS_LOOKUP_ANSWER, 1, FCRDNS_FIX_IP_OWNER },
	{ "expect: forward lacks ip", FCRDNS_IPREV_FAIL, 0, "mail.example.com", 1,
	  FCRDNS_LOOKUP_NXDOMAIN, 0, FCRDNS_FIX_DOMAIN_OWNER },
	{ "expect: both", FCRDNS_IPREV_PASS, 1, "mail.example.com", 0,
	  FCRDNS_LOOKUP_NODATA, 0, FCRDNS_FIX_BOTH },
	{ "expect: all good", FCRDNS_IPREV_PASS, 0, "mail.example.com", 1,
	  FCRDNS_LOOKUP_ANSWER, 1, FCRDNS_FIX_NONE },
	{ "expect: forward transient", FCRDNS_IPREV_PASS, 1, "mail.example.com", 0,
	  FCRDNS_LOOKUP_SERVFAIL, 0, FCRDNS_FIX_IP_OWNER },
};

static fcrdns_result *owner_result(const owner_case *c)
{
	fcrdns_addr a;
	fcrdns_result *r;
	char *names[] = { "ec2-192-0-2-1.compute-1.amazonaws.com", "mail.example.com" };

	assert_int_equal(fcrdns_addr_parse("192.0.2.1", &a), FCRDNS_OK);
	r = result_new(&a);
	r->iprev = c->iprev;
	if (c->iprev != FCRDNS_IPREV_PERMERROR) {
		r->ptr_outcome = FCRDNS_LOOKUP_ANSWER;
		assert_int_equal(result_set_ptr(r, names, c->expect_in_ptr ? 2 : 1), 0);
	}
	r->generic = c->generic;
	if (c->expect) {
		r->expect = strdup(c->expect);
		r->expect_check.name = r->expect;
		r->expect_check.outcome = c->expect_outcome;
		r->expect_check.confirms = c->expect_confirms;
		if (c->expect_confirms) {
			r->expect_check.naddrs = r->expect_check.naddrs_kept = 1;
			r->expect_check.addrs[0] = a;
		}
	}
	return r;
}

static void test_owner_order(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof owner_cases / sizeof owner_cases[0]; i++) {
		fcrdns_result *r = owner_result(&owner_cases[i]);
		fcrdns_fix_owner got = fix_owner_decide(r);
		if (got != owner_cases[i].want)
			fail_msg("%s: got %s", owner_cases[i].what,
				 fcrdns_fix_owner_name(got) ? fcrdns_fix_owner_name(got) : "null");
		fcrdns_result_free(r);
	}
}

/* Assert that step i of r is of kind and about name. */
static void assert_step(const fcrdns_result *r, size_t i, fcrdns_step_kind kind, const char *name)
{
	assert_true(i < r->nfix_steps);
	assert_int_equal(r->fix_steps[i].kind, kind);
	assert_string_equal(r->fix_steps[i].name, name);
}

static void test_aws_steps(void **state)
{
	fcrdns_result *r = owner_result(&owner_cases[9]); /* both */
	static const fcrdns_step_kind order[] = {
		FCRDNS_STEP_PUBLISH_FORWARD, FCRDNS_STEP_SET_PTR, FCRDNS_STEP_CONSOLE,
		FCRDNS_STEP_COMMAND, FCRDNS_STEP_PRECONDITION, FCRDNS_STEP_DOCUMENTATION,
		FCRDNS_STEP_RECHECK,
	};

	(void)state;
	r->provider = fcrdns_provider_find("aws");
	assert_non_null(r->provider);
	assert_int_equal(fix_decide(r, psl_builtin()), 0);
	assert_int_equal(r->fix_owner, FCRDNS_FIX_BOTH);
	assert_int_equal(r->nfix_steps, sizeof order / sizeof order[0]);
	for (size_t i = 0; i < r->nfix_steps; i++) {
		assert_step(r, i, order[i], "mail.example.com");
		assert_ptr_equal(r->fix_steps[i].provider, r->provider);
	}
	assert_string_equal(r->fix_steps[0].zone, "example.com");
	assert_true(r->fix_steps[0].before_ptr);
	assert_int_equal(r->fix_steps[0].ncurrent, 0);
	fcrdns_result_free(r);
}

static void test_domain_owner_ipv6(void **state)
{
	fcrdns_addr a, now;
	fcrdns_result *r;
	char *names[] = { "mail.example.co.uk" };

	(void)state;
	assert_int_equal(fcrdns_addr_parse("2001:db8::25", &a), FCRDNS_OK);
	assert_int_equal(fcrdns_addr_parse("2001:db8::26", &now), FCRDNS_OK);
	r = result_new(&a);
	r->ptr_outcome = FCRDNS_LOOKUP_ANSWER;
	assert_int_equal(result_set_ptr(r, names, 1), 0);
	r->checks[0].outcome = FCRDNS_LOOKUP_ANSWER;
	r->checks[0].naddrs = r->checks[0].naddrs_kept = 1;
	r->checks[0].addrs[0] = now;
	r->iprev = FCRDNS_IPREV_FAIL;
	assert_int_equal(fix_decide(r, psl_builtin()), 0);
	assert_int_equal(r->fix_owner, FCRDNS_FIX_DOMAIN_OWNER);
	assert_int_equal(r->nfix_steps, 2);
	assert_step(r, 0, FCRDNS_STEP_PUBLISH_FORWARD, "mail.example.co.uk");
	assert_string_equal(r->fix_steps[0].zone, "example.co.uk");
	assert_false(r->fix_steps[0].before_ptr);
	assert_int_equal(r->fix_steps[0].ncurrent, 1);
	assert_true(fcrdns_addr_equal(&r->fix_steps[0].current, &now));
	assert_null(r->fix_steps[0].provider);
	assert_step(r, 1, FCRDNS_STEP_RECHECK, "mail.example.co.uk");
	fcrdns_result_free(r);
}

static void test_no_expected_name_is_placeholder(void **state)
{
	fcrdns_addr a;
	fcrdns_result *r;

	(void)state;
	assert_int_equal(fcrdns_addr_parse("192.0.2.9", &a), FCRDNS_OK);
	r = result_new(&a);
	r->ptr_outcome = FCRDNS_LOOKUP_NXDOMAIN;
	r->iprev = FCRDNS_IPREV_PERMERROR;
	assert_int_equal(fix_decide(r, psl_builtin()), 0);
	assert_int_equal(r->fix_owner, FCRDNS_FIX_IP_OWNER);
	assert_int_equal(r->nfix_steps, 3);
	assert_step(r, 0, FCRDNS_STEP_PUBLISH_FORWARD, FCRDNS_PLACEHOLDER_NAME);
	assert_null(r->fix_steps[0].zone);
	assert_true(r->fix_steps[0].before_ptr);
	assert_step(r, 1, FCRDNS_STEP_SET_PTR, FCRDNS_PLACEHOLDER_NAME);
	assert_step(r, 2, FCRDNS_STEP_RECHECK, FCRDNS_PLACEHOLDER_NAME);
	fcrdns_result_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_owner_order),
		cmocka_unit_test(test_aws_steps),
		cmocka_unit_test(test_domain_owner_ipv6),
		cmocka_unit_test(test_no_expected_name_is_placeholder),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
