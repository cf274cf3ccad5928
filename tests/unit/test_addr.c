/* SPDX-License-Identifier: MIT */
/* test_addr.c: address parsing, RFC 5952 normalisation, reverse names. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <string.h>

#include "fcrdns.h"

static const struct {
	const char *in;
	const char *normal;
} normal_cases[] = {
	{ "192.0.2.1", "192.0.2.1" },
	{ "0.0.0.0", "0.0.0.0" },
	{ "255.255.255.255", "255.255.255.255" },
	{ "::ffff:192.0.2.7", "192.0.2.7" },
	{ "::FFFF:c000:0207", "192.0.2.7" },
	{ "2001:DB8:0:0:0:0:0:1", "2001:db8::1" },
	{ "2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1" },      /* first longest run */
	{ "2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1" },   /* single 0 kept */
	{ "2001:0db8:0000:0000:0000:0000:0002:0001", "2001:db8::2:1" },
	{ "::", "::" },
	{ "::1", "::1" },
	{ "1::", "1::" },
	{ "2001:db8:0:0:1:0:0:0", "2001:db8:0:0:1::" },       /* later run longer */
	{ "::102:304", "::102:304" },                          /* no mixed form */
	{ "fe80::1:2", "fe80::1:2" },
};

static void test_normalise(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof normal_cases / sizeof normal_cases[0]; i++) {
		fcrdns_addr a;
		char buf[FCRDNS_IPSTR_MAX];
		assert_int_equal(fcrdns_addr_parse(normal_cases[i].in, &a), FCRDNS_OK);
		assert_string_equal(fcrdns_addr_format(&a, buf), normal_cases[i].normal);
	}
}

static void test_reject(void **state)
{
	static const char *const bad[] = {
		"", "1.2.3", "1.2.3.4.5", "192.0.2.256", "01.2.3.4", "1.2.3.4 ", " 1.2.3.4",
		"[::1]", "::1%eth0", "example.com", "2001:db8::g", "1:2:3:4:5:6:7:8:9",
		"192.0.2.1/24", "-1.2.3.4", "0x7f.0.0.1",
		"1111111111111111111111111111111111111111111111111111111111111111111111",
	};
	fcrdns_addr a;

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(fcrdns_addr_parse(bad[i], &a), FCRDNS_EADDR);
	assert_int_equal(fcrdns_addr_parse(NULL, &a), FCRDNS_EADDR);
}

static void test_reverse_names(void **state)
{
	fcrdns_addr a;
	char buf[FCRDNS_REVNAME_MAX];

	(void)state;
	assert_int_equal(fcrdns_addr_parse("203.0.113.10", &a), FCRDNS_OK);
	assert_string_equal(fcrdns_addr_reverse_name(&a, buf), "10.113.0.203.in-addr.arpa");
	assert_int_equal(fcrdns_addr_parse("::ffff:203.0.113.10", &a), FCRDNS_OK);
	assert_string_equal(fcrdns_addr_reverse_name(&a, buf), "10.113.0.203.in-addr.arpa");
	/* RFC 1886/3596 example address */
	assert_int_equal(fcrdns_addr_parse("4321:0:1:2:3:4:567:89ab", &a), FCRDNS_OK);
	assert_string_equal(fcrdns_addr_reverse_name(&a, buf),
			    "b.a.9.8.7.6.5.0.4.0.0.0.3.0.0.0.2.0.0.0.1.0.0.0.0.0.0.0.1.2.3.4.ip6.arpa");
	assert_int_equal(strlen(buf) + 1, FCRDNS_REVNAME_MAX);
}

static void test_equal(void **state)
{
	fcrdns_addr a, b, c;

	(void)state;
	assert_int_equal(fcrdns_addr_parse("192.0.2.1", &a), FCRDNS_OK);
	assert_int_equal(fcrdns_addr_parse("::ffff:192.0.2.1", &b), FCRDNS_OK);
	assert_int_equal(fcrdns_addr_parse("::c000:201", &c), FCRDNS_OK);
	assert_true(fcrdns_addr_equal(&a, &b));
	assert_false(fcrdns_addr_equal(&a, &c)); /* same bytes, other family */
	assert_int_equal(fcrdns_addr_parse("192.0.2.2", &b), FCRDNS_OK);
	assert_false(fcrdns_addr_equal(&a, &b));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_normalise),
		cmocka_unit_test(test_reject),
		cmocka_unit_test(test_reverse_names),
		cmocka_unit_test(test_equal),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
