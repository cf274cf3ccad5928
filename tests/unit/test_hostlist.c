/* SPDX-License-Identifier: MIT */
/* test_hostlist.c: host lists: parsing addresses, CIDR blocks and names,
 * rejecting bad entries, matching addresses in binary and name suffixes. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "milterlib.h"

static int addr_in(const hostlist *l, const char *ip)
{
	fcrdns_addr a;

	assert_int_equal(fcrdns_addr_parse(ip, &a), FCRDNS_OK);
	return hostlist_match_addr(l, &a);
}

static void test_addresses(void **state)
{
	hostlist l = { 0 };
	const char *err = NULL;
	char bad[64];

	(void)state;
	assert_int_equal(hostlist_parse(&l, "127.0.0.0/8, ::1  192.0.2.7,2001:db8::/32\t10.1.0.0/17",
					&err, bad, sizeof bad), 0);
	assert_int_equal(l.nnets, 5);
	static const struct { const char *ip; int in; } cases[] = {
		{ "127.0.0.1", 1 }, { "127.255.255.254", 1 }, { "128.0.0.1", 0 },
		{ "::1", 1 }, { "::2", 0 }, { "192.0.2.7", 1 }, { "192.0.2.8", 0 },
		{ "2001:db8:ffff::1", 1 }, { "2001:db9::1", 0 }, { "10.1.127.255", 1 },
		{ "10.1.128.0", 0 }, { "::ffff:127.0.0.9", 1 }, /* mapped is IPv4 */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		assert_int_equal(addr_in(&l, cases[i].ip), cases[i].in);
	hostlist_free(&l);
	assert_int_equal(l.nnets, 0);
}

static void test_zero_prefix(void **state)
{
	hostlist l = { 0 };
	const char *err;
	char bad[64];

	(void)state;
	assert_int_equal(hostlist_parse(&l, "0.0.0.0/0", &err, bad, sizeof bad), 0);
	assert_true(addr_in(&l, "203.0.113.1"));
	assert_false(addr_in(&l, "2001:db8::1")); /* other family */
	hostlist_free(&l);
}

static void test_names(void **state)
{
	hostlist l = { 0 };
	const char *err;
	char bad[64];

	(void)state;
	assert_int_equal(hostlist_parse(&l, ".Example.COM mx1.example.net", &err, bad, sizeof bad), 0);
	assert_true(hostlist_match_name(&l, "mail.example.com"));
	assert_true(hostlist_match_name(&l, "A.B.EXAMPLE.com."));
	assert_false(hostlist_match_name(&l, "example.com"));     /* suffix: below only */
	assert_false(hostlist_match_name(&l, "badexample.com"));  /* label boundary */
	assert_true(hostlist_match_name(&l, "MX1.example.net"));
	assert_false(hostlist_match_name(&l, "a.mx1.example.net"));
	assert_false(hostlist_match_name(&l, NULL));
	assert_false(hostlist_match_name(&l, ""));
	hostlist_free(&l);
}

static void test_bad_entries(void **state)
{
	static const struct { const char *text, *bad; } cases[] = {
		{ "192.0.2.1/33", "192.0.2.1/33" },
		{ "192.0.2.1/24", "192.0.2.1/24" },      /* host bits set */
		{ "192.0.2.0/", "192.0.2.0/" },
		{ "192.0.2.0/x", "192.0.2.0/x" },
		{ "ok.example, 300.1.2.3", "300.1.2.3" },
		{ "2001:db8::/129", "2001:db8::/129" },
		{ "bad..name", "bad..name" },
		{ "na me\x01", "me\x01" },
		{ ".", "." },
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		hostlist l = { 0 };
		const char *err = NULL;
		char bad[64];
		assert_int_equal(hostlist_parse(&l, cases[i].text, &err, bad, sizeof bad), -1);
		assert_non_null(err);
		assert_string_equal(bad, cases[i].bad);
		hostlist_free(&l);
	}
}

static void test_bounds(void **state)
{
	hostlist l = { 0 };
	const char *err;
	char bad[16], big[300], *many;
	size_t n = 0;

	(void)state;
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	assert_int_equal(hostlist_parse(&l, big, &err, bad, sizeof bad), -1);
	assert_int_equal(strlen(bad), sizeof bad - 1); /* cut, not overrun */
	hostlist_free(&l);
	many = malloc((HOSTLIST_MAX + 1) * 4 + 1);
	assert_non_null(many);
	for (int i = 0; i <= HOSTLIST_MAX; i++)
		n += (size_t)sprintf(many + n, "h%02x ", i & 0xff);
	assert_int_equal(hostlist_parse(&l, many, &err, bad, sizeof bad), -1);
	assert_string_equal(err, "too many entries");
	assert_int_equal(l.nnames, HOSTLIST_MAX);
	hostlist_free(&l);
	free(many);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_addresses),
		cmocka_unit_test(test_zero_prefix),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_bad_entries),
		cmocka_unit_test(test_bounds),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
