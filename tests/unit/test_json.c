/* SPDX-License-Identifier: MIT */
/* test_json.c: JSON string escaping of hostile bytes and the result record. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "check/internal.h"

static void expect_json(const char *in, size_t len, const char *want)
{
	fcrdns_buf b = { 0 };

	fcrdns_json_string(&b, in, len);
	assert_false(b.failed);
	assert_string_equal(b.data, want);
	fcrdns_buf_free(&b);
}

static void test_escapes(void **state)
{
	(void)state;
	expect_json("plain", 5, "\"plain\"");
	expect_json("a\"b\\c", 5, "\"a\\\"b\\\\c\"");
	expect_json("\n\r\t", 3, "\"\\n\\r\\t\"");
	expect_json("\x1b[31m\x07", 6, "\"\\u001b[31m\\u0007\"");
	expect_json("\x7f", 1, "\"\\u007f\"");
	expect_json("a\0b", 3, "\"a\\u0000b\"");
	expect_json("", 0, "\"\"");
}

static void test_utf8(void **state)
{
	(void)state;
	expect_json("caf\xc3\xa9", 5, "\"caf\xc3\xa9\"");              /* valid 2-byte */
	expect_json("\xe2\x82\xac", 3, "\"\xe2\x82\xac\"");             /* valid 3-byte */
	expect_json("\xf0\x9f\x98\x80", 4, "\"\xf0\x9f\x98\x80\"");     /* valid 4-byte */
	expect_json("\xff", 1, "\"\\ufffd\"");                          /* invalid byte */
	expect_json("\xc3", 1, "\"\\ufffd\"");                          /* cut sequence */
	expect_json("\xc0\xaf", 2, "\"\\ufffd\\ufffd\"");               /* overlong */
	expect_json("\xed\xa0\x80", 3, "\"\\ufffd\\ufffd\\ufffd\"");    /* surrogate */
	expect_json("\xf4\x90\x80\x80", 4, "\"\\ufffd\\ufffd\\ufffd\\ufffd\""); /* > U+10FFFF */
}

static void test_result_record(void **state)
{
	fcrdns_addr a;
	fcrdns_result *r;
	fcrdns_buf b = { 0 };
	char *names[] = { "Host.Example.TEST" };

	(void)state;
	assert_int_equal(fcrdns_addr_parse("198.51.100.7", &a), FCRDNS_OK);
	r = result_new(&a);
	r->ptr_outcome = FCRDNS_LOOKUP_ANSWER;
	assert_int_equal(result_set_ptr(r, names, 1), 0);
	r->checks[0].outcome = FCRDNS_LOOKUP_NXDOMAIN;
	verdict_decide(r);
	assert_int_equal(verdict_problems(r), 0);
	fcrdns_result_json(&b, r);
	assert_string_equal(b.data,
		"{\"ip\":\"198.51.100.7\",\"iprev\":\"fail\",\"ptr\":[\"host.example.test\"],"
		"\"confirmed\":null,\"problems\":[{\"code\":\"forward-missing\",\"message\":"
		"\"host.example.test has no A record (NXDOMAIN)\"}],\"authentication_results\":"
		"\"iprev=fail policy.iprev=198.51.100.7 (no forward match for host.example.test)\","
		"\"generic\":false,\"provider\":null,\"fix\":{\"owner\":null,\"steps\":[]},"
		"\"dnssec\":{\"ptr\":\"insecure\",\"forward\":null}}");
	fcrdns_buf_free(&b);
	fcrdns_result_free(r);
}

static void test_dnssec_fields(void **state)
{
	fcrdns_addr a;
	fcrdns_result *r;
	char *names[] = { "mail.example.test" };

	(void)state;
	assert_int_equal(fcrdns_addr_parse("198.51.100.7", &a), FCRDNS_OK);
	r = result_new(&a);
	r->ptr_outcome = FCRDNS_LOOKUP_ANSWER;
	r->ptr_authenticated = 1;
	assert_int_equal(result_set_ptr(r, names, 1), 0);
	r->checks[0].outcome = FCRDNS_LOOKUP_ANSWER;
	r->checks[0].confirms = 1;
	r->checks[0].naddrs = r->checks[0].naddrs_kept = 1;
	r->checks[0].addrs[0] = a;
	verdict_decide(r);
	assert_int_equal(fcrdns_dnssec_ptr(r), FCRDNS_DNSSEC_SECURE);
	assert_int_equal(fcrdns_dnssec_forward(r), FCRDNS_DNSSEC_INSECURE);
	r->checks[0].authenticated = 1;
	assert_int_equal(fcrdns_dnssec_forward(r), FCRDNS_DNSSEC_SECURE);
	r->checks[0].confirms = 0;
	verdict_decide(r);
	assert_int_equal(fcrdns_dnssec_forward(r), FCRDNS_DNSSEC_NONE);
	assert_null(fcrdns_dnssec_name(FCRDNS_DNSSEC_NONE));
	fcrdns_result_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_result_record),
		cmocka_unit_test(test_dnssec_fields),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
