/* SPDX-License-Identifier: MIT */
/* test_policy.c: the policy table (iprev x Policy x TempfailOnTemperror x
 * allowlist) and the reply text the sender reads. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include <sys/socket.h>

#include "milterlib.h"

#define A ACTION_ACCEPT
#define R ACTION_REJECT
#define T ACTION_TEMPFAIL

static void test_decide(void **state)
{
	/* Rows: Policy; columns: pass, fail, temperror, permerror. */
	static const policy_action want[4][4] = {
		[POLICY_NONE] = { A, A, A, A },
		[POLICY_REJECT_PERMERROR] = { A, A, A, R },
		[POLICY_REJECT_FAIL] = { A, R, A, A },
		[POLICY_REJECT] = { A, R, A, R },
	};
	(void)state;
	for (int m = 0; m < 4; m++) {
		for (int v = 0; v < 4; v++) {
			assert_int_equal(policy_decide(m, 0, v, 0), want[m][v]);
			policy_action t = v == FCRDNS_IPREV_TEMPERROR ? T : want[m][v];
			assert_int_equal(policy_decide(m, 1, v, 0), t);
			assert_int_equal(policy_decide(m, 1, v, 1), A); /* allowlisted */
		}
	}
}

static void test_codes(void **state)
{
	(void)state;
	assert_string_equal(policy_reply_code(R), "550");
	assert_string_equal(policy_reply_dsn(R), "5.7.25");
	assert_string_equal(policy_reply_code(T), "451");
	assert_string_equal(policy_reply_dsn(T), "4.7.25");
	assert_string_equal(policy_action_name(A), "accept");
	assert_string_equal(policy_action_name(R), "reject");
	assert_string_equal(policy_action_name(T), "tempfail");
}

static void init_result(fcrdns_result *r, const char *ip, fcrdns_iprev v)
{
	memset(r, 0, sizeof *r);
	assert_int_equal(fcrdns_addr_parse(ip, &r->addr), FCRDNS_OK);
	fcrdns_addr_format(&r->addr, r->ip);
	r->iprev = v;
}

static void test_texts(void **state)
{
	fcrdns_result r;
	fcrdns_name_check check = { 0 };
	char *names[] = { "host.example", "other.example" };
	char buf[POLICY_REPLY_MAX + 1];

	(void)state;
	init_result(&r, "192.0.2.6", FCRDNS_IPREV_PERMERROR);
	r.ptr_outcome = FCRDNS_LOOKUP_NXDOMAIN;
	assert_string_equal(policy_reply_text(&r, NULL, buf, sizeof buf),
			    "Reverse DNS of 192.0.2.6 is missing (no PTR record); "
			    "the owner of the address must publish one");

	init_result(&r, "192.0.2.7", FCRDNS_IPREV_FAIL);
	check.name = names[0];
	check.outcome = FCRDNS_LOOKUP_NXDOMAIN;
	r.ptr = names;
	r.nptr = 1;
	r.checks = &check;
	r.nchecks = 1;
	r.fix_owner = FCRDNS_FIX_DOMAIN_OWNER;
	assert_string_equal(policy_reply_text(&r, NULL, buf, sizeof buf),
			    "Reverse DNS of 192.0.2.7 does not resolve back (PTR host.example has "
			    "no A record); the owner of the name must fix it");
	check.outcome = FCRDNS_LOOKUP_ANSWER;
	r.nptr = 2;
	r.fix_owner = FCRDNS_FIX_BOTH;
	assert_string_equal(policy_reply_text(&r, NULL, buf, sizeof buf),
			    "Reverse DNS of 192.0.2.7 does not resolve back (PTR host.example does "
			    "not resolve to 192.0.2.7, nor do 1 other names); the owner of the "
			    "address or of the name must fix it");

	init_result(&r, "2001:db8::9", FCRDNS_IPREV_TEMPERROR);
	r.ptr_outcome = FCRDNS_LOOKUP_SERVFAIL;
	assert_string_equal(policy_reply_text(&r, NULL, buf, sizeof buf),
			    "Reverse DNS of 2001:db8::9 could not be checked (PTR lookup servfail); "
			    "please try again later");
}

static void test_template_and_safety(void **state)
{
	fcrdns_result r;
	char *names[] = { "h%s.example" };
	char buf[POLICY_REPLY_MAX + 1], small[8];
	char big[1000];

	(void)state;
	init_result(&r, "192.0.2.7", FCRDNS_IPREV_FAIL);
	r.ptr = names;
	r.nptr = 1;
	assert_string_equal(policy_reply_text(&r, "Fix <ptr> for <ip>\r\n now 100%", buf, sizeof buf),
			    "Fix h%%s.example for 192.0.2.7?? now 100%%");
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	assert_int_equal(strlen(policy_reply_text(&r, big, buf, sizeof buf)), POLICY_REPLY_MAX);
	assert_int_equal(strlen(policy_reply_text(&r, big, small, sizeof small)), 7);
	/* A doubled '%' is never cut in half. */
	assert_string_equal(policy_reply_text(&r, "123456%", small, sizeof small), "123456");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decide),
		cmocka_unit_test(test_codes),
		cmocka_unit_test(test_texts),
		cmocka_unit_test(test_template_and_safety),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
