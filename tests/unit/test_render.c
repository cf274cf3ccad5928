/* SPDX-License-Identifier: MIT */
/* test_render.c: the words of facts: one exact line per problem code and
 * per fix-step kind (the JSON contract's messages), the template expander
 * and hostile names made printable. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "check/internal.h"

static fcrdns_result *result_for(const char *ip)
{
	fcrdns_addr a;

	assert_int_equal(fcrdns_addr_parse(ip, &a), FCRDNS_OK);
	return result_new(&a);
}

static void assert_problem_text(const fcrdns_result *r, size_t i, const char *want)
{
	fcrdns_buf b = { 0 };

	fcrdns_problem_text(&b, r, &r->problems[i]);
	assert_string_equal(b.data, want);
	fcrdns_buf_free(&b);
}

static void test_problem_words(void **state)
{
	char *names[] = { "mail.example.com", "other.example.com" };
	fcrdns_result *r = result_for("192.0.2.1");

	(void)state;
	r->ptr_outcome = FCRDNS_LOOKUP_ANSWER;
	assert_int_equal(result_set_ptr(r, names, 2), 0);
	r->checks[0].outcome = FCRDNS_LOOKUP_ANSWER;
	r->checks[0].naddrs = r->checks[0].naddrs_kept = 1;
	fcrdns_addr_parse("192.0.2.9", &r->checks[0].addrs[0]);
	r->checks[1].outcome = FCRDNS_LOOKUP_SERVFAIL;
	verdict_decide(r);
	assert_int_equal(verdict_problems(r), 0);
	assert_problem_text(r, 0, "2 PTR names; a receiver that checks only one may fail you");
	assert_problem_text(r, 1, "mail.example.com has A 192.0.2.9, not 192.0.2.1");
	assert_problem_text(r, 2, "A lookup of other.example.com failed: SERVFAIL");
	fcrdns_result_free(r);

	r = result_for("2001:db8::1");
	r->ptr_outcome = FCRDNS_LOOKUP_NODATA;
	verdict_decide(r);
	assert_int_equal(verdict_problems(r), 0);
	assert_problem_text(r, 0, "no PTR record for 2001:db8::1 (1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0"
			    ".0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa: no PTR data)");
	fcrdns_result_free(r);
}

static void test_helo_name_is_made_safe(void **state)
{
	fcrdns_result *r = result_for("192.0.2.1");

	(void)state;
	r->helo_name = strdup("evil\x1b[31m\n.example");
	r->helo = FCRDNS_HELO_INVALID;
	assert_int_equal(result_add_problem(r, FCRDNS_PROBLEM_HELO_INVALID, r->helo_name, 0,
					    FCRDNS_LOOKUP_SKIPPED), 0);
	assert_problem_text(r, 0, "HELO evil\\x1b[31m\\x0a.example: neither a domain name nor an"
			    " address literal (RFC 5321 s4.1.1.1; an address goes in brackets)");
	fcrdns_result_free(r);
}

static void test_step_words(void **state)
{
	fcrdns_result *r = result_for("192.0.2.1");
	fcrdns_fix_step *s;
	fcrdns_buf b = { 0 };

	(void)state;
	r->provider = fcrdns_provider_find("aws");
	s = result_add_step(r, FCRDNS_STEP_PUBLISH_FORWARD, "mail.example.com", "example.com");
	s->before_ptr = 1;
	s->ncurrent = 2;
	fcrdns_addr_parse("192.0.2.7", &s->current);
	fcrdns_fix_step_text(&b, r, s);
	assert_string_equal(b.data, "Domain owner of example.com: publish the forward record "
			    "\"mail.example.com. 3600 IN A 192.0.2.1\" (it now has A 192.0.2.7 and more:"
			    " replace it, or add this one). Do this first: Amazon Web Services (EC2)"
			    " refuses a PTR whose name does not resolve to the address yet.");
	b.len = 0;
	s = result_add_step(r, FCRDNS_STEP_COMMAND, "mail.example.com", NULL);
	fcrdns_fix_step_text(&b, r, s);
	assert_string_equal(b.data, "Amazon Web Services (EC2) command: aws ec2 modify-address-attribute"
			    " --allocation-id <eipalloc-id> --domain-name mail.example.com");
	b.len = 0;
	s = result_add_step(r, FCRDNS_STEP_RECHECK, "mail.example.com", NULL);
	fcrdns_fix_step_text(&b, r, s);
	assert_string_equal(b.data, "Then re-check: fcrdns check --expect mail.example.com 192.0.2.1");
	fcrdns_buf_free(&b);
	fcrdns_result_free(r);
}

static void test_template(void **state)
{
	static const char *const keys[] = { "ip", "name" };
	static const char *const values[] = { "192.0.2.1", "mail.example.com" };
	fcrdns_buf b = { 0 };

	(void)state;
	fcrdns_template_expand(&b, "<ip> is <name>, <id> stays, <ip", keys, values, 2);
	assert_string_equal(b.data, "192.0.2.1 is mail.example.com, <id> stays, <ip");
	fcrdns_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_problem_words),
		cmocka_unit_test(test_helo_name_is_made_safe),
		cmocka_unit_test(test_step_words),
		cmocka_unit_test(test_template),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
