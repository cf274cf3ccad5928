/* SPDX-License-Identifier: MIT */
/* test_arparse.c: the authserv-id of Authentication-Results values (RFC
 * 8601 s2.2): CFWS, nested comments, quoted-strings, malformed input. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "mail/authres.h"

static void test_ids(void **state)
{
	static const struct { const char *value, *id; } cases[] = {
		{ "mx.example.com; iprev=pass", "mx.example.com" },
		{ " mx.example.com;iprev=pass", "mx.example.com" },
		{ "mx.example.com 1; none", "mx.example.com" },
		{ "\r\n\t(comment) mx.example.com; spf=pass", "mx.example.com" },
		{ "(a (nested \\) comment) b) mx.example.com; none", "mx.example.com" },
		{ "\"mx.example.com\"; none", "mx.example.com" },
		{ "\"with \\\"quote\\\" and ;\"; none", "with \"quote\" and ;" },
		{ "example-auth(comment right after); none", "example-auth" },
		{ "mx.example.com", "mx.example.com" },
		{ "\xc3\xa9xample.test; none", "\xc3\xa9xample.test" }, /* RFC 6532 */
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char id[AR_AUTHSERV_MAX];
		assert_int_equal(ar_authserv_id(cases[i].value, strlen(cases[i].value), id, sizeof id), 1);
		assert_string_equal(id, cases[i].id);
	}
}

static void test_malformed(void **state)
{
	static const char *const cases[] = {
		"", "   ", "(unclosed comment mx.example.com; none",
		"(a))", "; iprev=pass", "\"unclosed quoted", "\"\"; none",
		"\"ends in backslash\\", "(ends in backslash\\", "=x",
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char id[AR_AUTHSERV_MAX] = "";
		assert_int_equal(ar_authserv_id(cases[i], strlen(cases[i]), id, sizeof id), 0);
	}
}

static void test_limits(void **state)
{
	char value[600], id[16];
	size_t n = 0;

	(void)state;
	/* Nesting deeper than the limit is malformed, not a stack problem. */
	for (int i = 0; i < 100; i++)
		value[n++] = '(';
	for (int i = 0; i < 100; i++)
		value[n++] = ')';
	memcpy(value + n, " x; none", 9);
	assert_int_equal(ar_authserv_id(value, strlen(value), id, sizeof id), 0);
	/* An id longer than the buffer is refused, not cut. */
	assert_int_equal(ar_authserv_id("abcdefghijklmnopqrstuvwxyz; none", 32, id, sizeof id), 0);
	/* The length is honoured: nothing past len is read. */
	assert_int_equal(ar_authserv_id("mx.example.com; none", 5, id, sizeof id), 1);
	assert_string_equal(id, "mx.ex");
	/* A quoted NUL must not shorten the id into ours. */
	assert_int_equal(ar_authserv_id("\"mx\0evil\"; none", 15, id, sizeof id), 0);
	assert_int_equal(ar_authserv_id(NULL, 0, id, sizeof id), 0);
}

static void test_claims(void **state)
{
	static const char *ours = "mx.example.com";
	(void)state;
	assert_true(ar_claims_id("MX.Example.COM; iprev=fail", 26, ours));
	assert_true(ar_claims_id("(forged) \"mx.example.com\" ; none", 32, ours));
	assert_false(ar_claims_id("mx.example.com.evil; none", 25, ours));
	assert_false(ar_claims_id("other.example; none", 19, ours));
	assert_false(ar_claims_id("(mx.example.com) other; none", 28, ours));
	assert_false(ar_claims_id("mx.example.com; none", 20, NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ids),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_claims),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
