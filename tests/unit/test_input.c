/* SPDX-License-Identifier: MIT */
/* test_input.c: bulk input: lines and CIDR blocks (boundaries, refusal,
 * malformed), client addresses in Postfix/Exim/Sendmail log lines
 * (including hostile and overlong ones), and the de-duplicating set. */
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

static const struct {
	const char *line;
	const char *ip; /* NULL: no client address */
} log_cases[] = {
	/* Postfix */
	{ "Jan 10 10:00:01 mx postfix/smtpd[123]: connect from mail.example.com[192.0.2.1]", "192.0.2.1" },
	{ "Jan 10 10:00:01 mx postfix/smtpd[123]: connect from unknown[2001:db8::1]", "2001:db8::1" },
	{ "Jan 10 10:00:02 mx postfix/smtpd[123]: 4F1A2C3: client=mail.example.com[192.0.2.2]", "192.0.2.2" },
	{ "Jan 10 10:00:02 mx postfix/smtpd[123]: 4F1A2C3: client=x.example[192.0.2.2]:41234", "192.0.2.2" },
	{ "Jan 10 10:00:03 mx postfix/smtpd[123]: NOQUEUE: reject: RCPT from unknown[192.0.2.3]: 450 4.7.1 "
	  "Client host rejected: cannot find your hostname, [192.0.2.3]; from=<a@b> to=<c@d> proto=ESMTP helo=<x>",
	  "192.0.2.3" },
	{ "Jan 10 10:00:04 mx postfix/smtpd[123]: disconnect from mail.example.com[192.0.2.4] ehlo=1 quit=1", "192.0.2.4" },
	{ "Jan 10 10:00:04 mx postfix/smtpd[123]: connect from unknown[IPv6:2001:db8::5]", "2001:db8::5" },
	/* Exim */
	{ "2024-01-10 10:00:05 1rABCD-000123-EF <= a@example.com H=mail.example.com [192.0.2.6] P=esmtp S=123", "192.0.2.6" },
	{ "2024-01-10 10:00:05 1rABCD-000123-EF <= a@example.com H=(helo.example) [192.0.2.7] P=esmtp", "192.0.2.7" },
	{ "2024-01-10 10:00:05 1rABCD-000123-EF <= a@example.com H=mail.example.com (helo.example) [192.0.2.8]:25 P=esmtps", "192.0.2.8" },
	{ "2024-01-10 10:00:05 H=[192.0.2.9] rejected RCPT <x@y>: relay not permitted", "192.0.2.9" },
	{ "2024-01-10 10:00:05 SMTP connection from (helo) [2001:db8::a]:1234 H=(helo) [IPv6:2001:db8::a]:1234 lost", "2001:db8::a" },
	{ "2024-01-10 10:00:05 1rABCD-000123-EF => b@example.net R=dnslookup T=remote_smtp H=mx.example.net [192.0.2.10]", "192.0.2.10" },
	/* Sendmail */
	{ "Jan 10 10:00:06 mx sendmail[99]: x0AA0006: from=<a@b>, size=1, class=0, nrcpts=1, proto=ESMTP, daemon=MTA, relay=mail.example.com [192.0.2.11]", "192.0.2.11" },
	{ "Jan 10 10:00:06 mx sendmail[99]: x0AA0006: from=<a@b>, relay=[192.0.2.12]", "192.0.2.12" },
	{ "Jan 10 10:00:06 mx sendmail[99]: x0AA0006: relay=mail.example.com [192.0.2.13] (may be forged)", "192.0.2.13" },
	{ "Jan 10 10:00:06 mx sendmail[99]: x0AA0006: from=<a@b>, relay=[IPv6:2001:db8::d]", "2001:db8::d" },
	/* No client address */
	{ "Jan 10 10:00:07 mx postfix/qmgr[12]: 4F1A2C3: from=<a@b>, size=1, nrcpt=1 (queue active)", NULL },
	{ "Jan 10 10:00:07 mx postfix/smtp[12]: 4F1A2C3: to=<c@d>, relay=none, delay=1", NULL },
	{ "Jan 10 10:00:07 mx postfix/smtpd[12]: connect from unknown[unknown]", NULL },
	{ "Jan 10 10:00:07 mx postfix/smtpd[12]: connect from host[192.0.2.300]", NULL },
	{ "Jan 10 10:00:07 mx postfix/smtpd[12]: connect from host[192.0.2.1", NULL },
	{ "Jan 10 10:00:07 mx foo: MH=host [192.0.2.1]", NULL },
	{ "policy: client_address=192.0.2.1", NULL },
	{ "", NULL },
	{ "[192.0.2.1]", NULL },
	{ "connect from [IPv6:]", NULL },
	{ "connect from \x1b[31m[192.0.2.1\x1b[0m]", NULL },
};

static void test_log_lines(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof log_cases / sizeof log_cases[0]; i++) {
		fcrdns_addr a;
		int found = fcrdns_log_extract(log_cases[i].line, strlen(log_cases[i].line), &a);
		if (log_cases[i].ip == NULL) {
			if (found)
				fail_msg("case %zu: found an address in '%s'", i, log_cases[i].line);
			continue;
		}
		if (!found)
			fail_msg("case %zu: no address in '%s'", i, log_cases[i].line);
		assert_addr(&a, log_cases[i].ip);
	}
}

static void test_hostile_log_lines(void **state)
{
	(void)state;
	size_t n = 1 << 20;
	char *big = malloc(n);
	fcrdns_addr a;

	assert_non_null(big);
	/* A megabyte of markers, brackets and parentheses: bounded work. */
	for (size_t i = 0; i < n; i++)
		big[i] = "H=( [connect from client=relay=]"[i % 32];
	assert_int_equal(fcrdns_log_extract(big, n, &a), 0);
	/* The address far behind its marker is not found (bounded scan). */
	memset(big, 'x', n);
	memcpy(big, "connect from ", 13);
	memcpy(big + 5000, "[192.0.2.1]", 11);
	assert_int_equal(fcrdns_log_extract(big, n, &a), 0);
	/* A long bracket content, unterminated brackets, NUL bytes. */
	memset(big, '1', n);
	memcpy(big, "client=x[", 9);
	assert_int_equal(fcrdns_log_extract(big, n, &a), 0);
	assert_int_equal(fcrdns_log_extract("client=x[192.0.2.1\0]", 21, &a), 0);
	assert_int_equal(fcrdns_log_extract("client=x[", 9, &a), 0);
	assert_int_equal(fcrdns_log_extract("H=", 2, &a), 0);
	assert_int_equal(fcrdns_log_extract("H=(", 3, &a), 0);
	/* Only len bytes are read: the address lies beyond. */
	assert_int_equal(fcrdns_log_extract("client=x[192.0.2.1]", 12, &a), 0);
	assert_int_equal(fcrdns_log_extract(NULL, 0, &a), 0);
	free(big);
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
		cmocka_unit_test(test_log_lines),
		cmocka_unit_test(test_hostile_log_lines),
		cmocka_unit_test(test_seen),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
