/* SPDX-License-Identifier: MIT */
/* test_input.c: bulk input: lines and CIDR blocks (boundaries, refusal,
 * malformed) and the de-duplicating set (mail-log lines: test_maillog.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "fcrdns.h"

static fcrdns_line parse(const char *text, uint64_t max)
{
	fcrdns_line l;

	fcrdns_input_parse(text, strlen(text), max, &l);
	return l;
}

static void assert_addr(const fcrdns_addr *a, const char *text)
{
	char buf[FCRDNS_IPSTR_MAX];

	assert_string_equal(fcrdns_addr_format(a, buf), text);
}

/* Expand text and check the count, first and last address. */
static void check_block(const char *text, uint64_t count, const char *first, const char *last)
{
	fcrdns_line l = parse(text, FCRDNS_EXPAND_DEFAULT);
	fcrdns_addr a, prev;
	uint64_t n = 0;

	assert_int_equal(l.kind, FCRDNS_LINE_ADDRS);
	assert_true(l.range.remaining == count);
	while (fcrdns_range_next(&l.range, &a)) {
		if (n == 0)
			assert_addr(&a, first);
		prev = a;
		n++;
	}
	assert_true(n == count);
	assert_addr(&prev, last);
	assert_int_equal(fcrdns_range_next(&l.range, &a), 0);
}

static void test_single_and_blocks(void **state)
{
	(void)state;
	check_block("192.0.2.7", 1, "192.0.2.7", "192.0.2.7");
	check_block("  192.0.2.7 \r", 1, "192.0.2.7", "192.0.2.7");
	check_block("192.0.2.7/32", 1, "192.0.2.7", "192.0.2.7");
	check_block("192.0.2.6/31", 2, "192.0.2.6", "192.0.2.7");
	check_block("198.51.100.0/24", 256, "198.51.100.0", "198.51.100.255");
	check_block("198.51.100.77/24", 256, "198.51.100.0", "198.51.100.255"); /* host bits */
	check_block("198.18.255.0/23", 512, "198.18.254.0", "198.18.255.255");   /* carry */
	check_block("255.255.255.254/31", 2, "255.255.255.254", "255.255.255.255");
	check_block("10.0.0.0/16", 65536, "10.0.0.0", "10.0.255.255");
	check_block("2001:db8::1", 1, "2001:db8::1", "2001:db8::1");
	check_block("2001:db8::1/128", 1, "2001:db8::1", "2001:db8::1");
	check_block("2001:db8::/120", 256, "2001:db8::", "2001:db8::ff");
	check_block("2001:db8::ff00/119", 512, "2001:db8::fe00", "2001:db8::ffff");
	check_block("2001:db8:0:0:ffff:ffff:ffff:ff00/120", 256,
		    "2001:db8::ffff:ffff:ffff:ff00", "2001:db8::ffff:ffff:ffff:ffff");
}

static void test_skipped_lines(void **state)
{
	(void)state;
	assert_int_equal(parse("", 1).kind, FCRDNS_LINE_SKIP);
	assert_int_equal(parse("   \t\r", 1).kind, FCRDNS_LINE_SKIP);
	assert_int_equal(parse("# 192.0.2.1", 1).kind, FCRDNS_LINE_SKIP);
	assert_int_equal(parse("  # comment", 1).kind, FCRDNS_LINE_SKIP);
}

static void test_refusal(void **state)
{
	(void)state;
	static const char *const too_big[] = {
		"0.0.0.0/0", "10.0.0.0/15", "::/0", "2001:db8::/64", "2001:db8::/111",
		"2001:db8::/1",
	};
	for (size_t i = 0; i < sizeof too_big / sizeof too_big[0]; i++) {
		fcrdns_line l = parse(too_big[i], FCRDNS_EXPAND_DEFAULT);
		assert_int_equal(l.kind, FCRDNS_LINE_ERROR);
		assert_non_null(strstr(l.error, "max-expand"));
	}
	/* The cap is inclusive, and can be lowered. */
	assert_int_equal(parse("192.0.2.0/24", 256).kind, FCRDNS_LINE_ADDRS);
	assert_int_equal(parse("192.0.2.0/24", 255).kind, FCRDNS_LINE_ERROR);
	assert_int_equal(parse("192.0.2.1", 1).kind, FCRDNS_LINE_ADDRS);
	/* /0 is refused even with the largest cap the CLI accepts. */
	assert_int_equal(parse("0.0.0.0/0", (uint64_t)1 << 32).kind, FCRDNS_LINE_ADDRS);
	assert_int_equal(parse("::/0", UINT64_MAX).kind, FCRDNS_LINE_ERROR);
	assert_int_equal(parse("::/64", UINT64_MAX).kind, FCRDNS_LINE_ERROR);
}

static void test_malformed(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"192.0.2.1/", "192.0.2.1/33", "192.0.2.1/-1", "192.0.2.1/1a", "192.0.2.1/0032",
		"192.0.2.1/24/24", "/24", "192.0.2", "192.0.2.256", "2001:db8::/129",
		"2001:db8::1%eth0", "[2001:db8::1]", "hello", "192.0.2.1 192.0.2.2",
		"::ffff:192.0.2.1/120", "192.0.2.1\x01", "\xff\xfe", "1.2.3.4/ 24",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		fcrdns_line l = parse(bad[i], FCRDNS_EXPAND_DEFAULT);
		if (l.kind != FCRDNS_LINE_ERROR)
			fail_msg("accepted '%s'", bad[i]);
		assert_non_null(l.error);
		assert_true(l.range.remaining == 0);
	}
	/* A line longer than any address, and bytes after a NUL. */
	char big[5000];
	memset(big, '1', sizeof big);
	fcrdns_line l;
	fcrdns_input_parse(big, sizeof big, FCRDNS_EXPAND_DEFAULT, &l);
	assert_int_equal(l.kind, FCRDNS_LINE_ERROR);
	fcrdns_input_parse("192.0.2.1\0x", 11, FCRDNS_EXPAND_DEFAULT, &l);
	assert_int_equal(l.kind, FCRDNS_LINE_ERROR);
}

static void test_seen(void **state)
{
	(void)state;
	fcrdns_seen *s = fcrdns_seen_new();
	fcrdns_addr a, b;

	assert_non_null(s);
	assert_int_equal(fcrdns_addr_parse("192.0.2.1", &a), FCRDNS_OK);
	assert_int_equal(fcrdns_addr_parse("2001:db8::1", &b), FCRDNS_OK);
	assert_int_equal(fcrdns_seen_add(s, &a), 1);
	assert_int_equal(fcrdns_seen_add(s, &a), 0);
	assert_int_equal(fcrdns_seen_add(s, &b), 1);
	assert_int_equal(fcrdns_seen_add(s, &b), 0);
	/* Fill the first generation and rotate: a is still remembered (older
	 * generation); after a second rotation it is forgotten. */
	fcrdns_addr x = { .family = AF_INET6 };
	for (uint32_t i = 0; i < FCRDNS_SEEN_GENERATION; i++) {
		memcpy(x.bytes + 12, &i, 4);
		x.bytes[0] = 0x20;
		assert_int_equal(fcrdns_seen_add(s, &x), 1);
	}
	assert_int_equal(fcrdns_seen_add(s, &a), 0);
	for (uint32_t i = 0; i < FCRDNS_SEEN_GENERATION; i++) {
		memcpy(x.bytes + 12, &i, 4);
		x.bytes[0] = 0x30;
		assert_int_equal(fcrdns_seen_add(s, &x), 1);
	}
	assert_int_equal(fcrdns_seen_add(s, &a), 1);
	fcrdns_addr bad = { .family = 0 };
	assert_int_equal(fcrdns_seen_add(s, &bad), -1);
	fcrdns_seen_free(s);
	fcrdns_seen_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_single_and_blocks),
		cmocka_unit_test(test_skipped_lines),
		cmocka_unit_test(test_refusal),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_seen),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
