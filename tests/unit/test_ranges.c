/* SPDX-License-Identifier: MIT */
/* test_ranges.c: provider ranges files: parsing, errors with line numbers,
 * and lookups (most specific block, nested and IPv6 blocks, misses). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fcrdns.h"

/* Write text to a temporary file; returns its path (static buffer). */
static const char *write_file(const char *text)
{
	static char path[64];
	int fd;

	snprintf(path, sizeof path, "/tmp/fcrdns-ranges-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

static const char *lookup(const fcrdns_ranges *r, const char *ip)
{
	fcrdns_addr a;
	const fcrdns_provider *p;

	assert_int_equal(fcrdns_addr_parse(ip, &a), FCRDNS_OK);
	p = fcrdns_ranges_lookup(r, &a);
	return p ? p->id : "-";
}

static void test_lookups(void **state)
{
	const char *path = write_file(
		"# provider blocks\n"
		"\n"
		"198.51.0.0/16 azure\n"
		"198.51.100.0/24 aws   # more specific, inside\n"
		"198.51.200.0/24 gcp\n"
		"198.51.201.0/24 gcp\n"
		"203.0.113.7 hetzner\n"
		"2001:db8::/32 ovh\n"
		"2001:db8:5::/48 vultr\n");
	fcrdns_ranges *r;
	char err[256];

	(void)state;
	assert_int_equal(fcrdns_ranges_load(path, &r, err, sizeof err), FCRDNS_OK);
	unlink(path);
	assert_string_equal(lookup(r, "198.51.100.9"), "aws");
	assert_string_equal(lookup(r, "198.51.99.9"), "azure");
	assert_string_equal(lookup(r, "198.51.250.1"), "azure"); /* after nested blocks */
	assert_string_equal(lookup(r, "198.51.201.255"), "gcp");
	assert_string_equal(lookup(r, "198.52.0.0"), "-");
	assert_string_equal(lookup(r, "203.0.113.7"), "hetzner");
	assert_string_equal(lookup(r, "203.0.113.8"), "-");
	assert_string_equal(lookup(r, "::ffff:198.51.100.1"), "aws");
	assert_string_equal(lookup(r, "2001:db8:5::1"), "vultr");
	assert_string_equal(lookup(r, "2001:db8:6::1"), "ovh");
	assert_string_equal(lookup(r, "2001:db9::1"), "-");
	assert_string_equal(lookup(NULL, "192.0.2.1"), "-");
	fcrdns_ranges_free(r);
}

static void test_errors(void **state)
{
	static const struct {
		const char *text;
		const char *want;
	} cases[] = {
		{ "192.0.2.0/24 aws\n10.0.0.0/33 aws\n", ":2: invalid prefix length" },
		{ "192.0.2.0/24 nosuchcloud\n", ":1: unknown provider id" },
		{ "192.0.2.0/24\n", ":1: want" },
		{ "192.0.2.0/24 aws extra\n", ":1: want" },
		{ "not-an-ip aws\n", ":1: not an IP" },
		{ "::ffff:1.2.3.4/120 aws\n", ":1: IPv4-mapped address with a prefix length" },
		{ "192.0.2.0/x aws\n", ":1: invalid prefix length" },
	};
	fcrdns_ranges *r;
	char err[256];

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *path = write_file(cases[i].text);
		assert_int_equal(fcrdns_ranges_load(path, &r, err, sizeof err), FCRDNS_EINVAL);
		unlink(path);
		assert_null(r);
		if (strstr(err, cases[i].want) == NULL)
			fail_msg("case %zu: '%s' lacks '%s'", i, err, cases[i].want);
	}
	assert_int_equal(fcrdns_ranges_load("/nonexistent/ranges", &r, err, sizeof err), FCRDNS_ESYS);
}

static void test_long_line(void **state)
{
	char text[600];
	fcrdns_ranges *r;
	char err[256];
	const char *path;

	(void)state;
	memset(text, 'a', sizeof text - 2);
	text[sizeof text - 2] = '\n';
	text[sizeof text - 1] = '\0';
	path = write_file(text);
	assert_int_equal(fcrdns_ranges_load(path, &r, err, sizeof err), FCRDNS_EINVAL);
	unlink(path);
	assert_non_null(strstr(err, ":1: line longer"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lookups),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_long_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
