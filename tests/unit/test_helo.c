/* SPDX-License-Identifier: MIT */
/* test_helo.c: HELO syntax, FQDN per the Public Suffix List, and the
 * verdict order on synthetic lookups. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "check/helo.h"
#include "check/internal.h"

static void test_syntax(void **state)
{
	static const struct {
		const char *helo;
		helo_syntax want;
	} cases[] = {
		{ "mail.example.com", HELO_SYNTAX_DOMAIN },
		{ "MAIL.Example.COM.", HELO_SYNTAX_DOMAIN },
		{ "localhost", HELO_SYNTAX_DOMAIN },
		{ "a-b.c", HELO_SYNTAX_DOMAIN },
		{ "[192.0.2.1]", HELO_SYNTAX_LITERAL },
		{ "[IPv6:2001:db8::1]", HELO_SYNTAX_LITERAL },
		{ "[ipv6:2001:db8::1]", HELO_SYNTAX_LITERAL },
		{ "192.0.2.1", HELO_SYNTAX_INVALID },          /* bare address */
		{ "2001:db8::1", HELO_SYNTAX_INVALID },
		{ "[2001:db8::1]", HELO_SYNTAX_INVALID },       /* IPv6 needs the tag */
		{ "[IPv6:192.0.2.1]", HELO_SYNTAX_INVALID },
		{ "[192.0.2.256]", HELO_SYNTAX_INVALID },
		{ "bad_name.example.com", HELO_SYNTAX_INVALID },
		{ "-lead.example.com", HELO_SYNTAX_INVALID },
		{ "trail-.example.com", HELO_SYNTAX_INVALID },
		{ "a..b", HELO_SYNTAX_INVALID },
		{ ".", HELO_SYNTAX_INVALID },
		{ "", HELO_SYNTAX_INVALID },
		{ "mail example.com", HELO_SYNTAX_INVALID },
		{ "mail.\x1b[31m.com", HELO_SYNTAX_INVALID },
		{ "xn--bcher-kva.example", HELO_SYNTAX_DOMAIN },
		{ "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.com",
		  HELO_SYNTAX_INVALID }, /* 64-octet label */
	};
	char domain[256];
	fcrdns_addr lit;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		if (helo_parse(cases[i].helo, domain, sizeof domain, &lit) != cases[i].want)
			fail_msg("%s: wrong syntax class", cases[i].helo);
	assert_int_equal(helo_parse("MAIL.Example.COM.", domain, sizeof domain, &lit),
			 HELO_SYNTAX_DOMAIN);
	assert_string_equal(domain, "mail.example.com");
}

static void test_fqdn(void **state)
{
	const psl_ctx_t *psl = psl_builtin();

	(void)state;
	assert_non_null(psl);
	assert_true(helo_is_fqdn(psl, "mail.example.com"));
	assert_true(helo_is_fqdn(psl, "example.com"));
	assert_true(helo_is_fqdn(psl, "mx.example.co.uk"));
	assert_false(helo_is_fqdn(psl, "co.uk"));
	assert_false(helo_is_fqdn(psl, "com"));
	assert_false(helo_is_fqdn(psl, "localhost"));
	assert_false(helo_is_fqdn(psl, "exchange-server-01.local"));
	assert_false(helo_is_fqdn(psl, "ip-172-31-45-67.ec2.internal"));
	assert_false(helo_is_fqdn(psl, "router.lan"));
	assert_false(helo_is_fqdn(psl, "host.localdomain"));
	assert_false(helo_is_fqdn(psl, "mail.example.test"));
	assert_true(helo_same_registrable_domain(psl, "mx.example.co.uk", "mail.example.co.uk"));
	assert_false(helo_same_registrable_domain(psl, "mail.other.co.uk", "mail.example.co.uk"));
}

/* The memoised lookup gives libpsl's answers, in any order of asking. */
static void test_registrable_domain(void **state)
{
	static const char *const names[] = {
		"a.example.co.uk", "b.example.co.uk", "example.co.uk", "co.uk", "x.co.uk",
		"mail.example.com", "smtp.mail.example.com", "example.com", "com",
		"h1.bench.test", "h2.bench.test", "bench.test", "a.b.c.d.example.org",
		"ec2-1-2-3-4.compute-1.amazonaws.com", "compute-1.amazonaws.com",
		"x.compute-1.amazonaws.com", "www.ck", "a.www.ck", "foo.ck", "a.foo.ck",
		"a.b.foo.ck", "localhost", "b.example.co.uk",
	};
	const psl_ctx_t *psl = psl_builtin();

	(void)state;
	for (int round = 0; round < 2; round++) {
		for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
			const char *want = psl_registrable_domain(psl, names[i]);
			const char *got = registrable_domain(psl, names[i]);
			if ((want == NULL) != (got == NULL) || (want && strcmp(want, got) != 0))
				fail_msg("%s: got %s, want %s", names[i], got ? got : "NULL",
					 want ? want : "NULL");
		}
	}
}

/* Build a result for 192.0.2.1 confirmed as mail.example.com, with a HELO
 * whose lookups ended as given. */
static fcrdns_result *helo_result(const char *helo, fcrdns_lookup outcome, const char *addr)
{
	fcrdns_addr a;
	fcrdns_result *r;
	char *names[] = { "mail.example.com" };

	assert_int_equal(fcrdns_addr_parse("192.0.2.1", &a), FCRDNS_OK);
	r = result_new(&a);
	r->ptr_outcome = FCRDNS_LOOKUP_ANSWER;
	assert_int_equal(result_set_ptr(r, names, 1), 0);
	r->checks[0].outcome = FCRDNS_LOOKUP_ANSWER;
	r->checks[0].confirms = 1;
	r->checks[0].naddrs = r->checks[0].naddrs_kept = 1;
	r->checks[0].addrs[0] = a;
	r->confirmed = r->ptr[0];
	r->iprev = FCRDNS_IPREV_PASS;
	r->helo_name = strdup(helo);
	r->helo_check.outcome = outcome;
	if (addr) {
		assert_int_equal(fcrdns_addr_parse(addr, &r->helo_check.addrs[0]), FCRDNS_OK);
		r->helo_check.naddrs = r->helo_check.naddrs_kept = 1;
		r->helo_check.confirms = fcrdns_addr_equal(&r->helo_check.addrs[0], &a);
	}
	return r;
}

static void test_verdicts(void **state)
{
	static const struct {
		const char *helo;
		fcrdns_lookup outcome;
		const char *addr;
		fcrdns_helo_verdict want;
	} cases[] = {
		{ "192.0.2.1", FCRDNS_LOOKUP_SKIPPED, NULL, FCRDNS_HELO_INVALID },
		{ "[192.0.2.1]", FCRDNS_LOOKUP_SKIPPED, NULL, FCRDNS_HELO_LITERAL_MATCH },
		{ "[IPv6:::ffff:192.0.2.1]", FCRDNS_LOOKUP_SKIPPED, NULL, FCRDNS_HELO_LITERAL_MATCH },
		{ "[192.0.2.2]", FCRDNS_LOOKUP_SKIPPED, NULL, FCRDNS_HELO_LITERAL_MISMATCH },
		{ "exchange-server-01.local", FCRDNS_LOOKUP_SKIPPED, NULL, FCRDNS_HELO_NOT_FQDN },
		{ "co.uk", FCRDNS_LOOKUP_SKIPPED, NULL, FCRDNS_HELO_NOT_FQDN },
		{ "MAIL.example.com.", FCRDNS_LOOKUP_ANSWER, "192.0.2.1", FCRDNS_HELO_MATCH },
		{ "mail.example.com", FCRDNS_LOOKUP_SERVFAIL, NULL, FCRDNS_HELO_MATCH },
		{ "mx.example.com", FCRDNS_LOOKUP_TIMEOUT, NULL, FCRDNS_HELO_TEMPERROR },
		{ "mx.example.com", FCRDNS_LOOKUP_NXDOMAIN, NULL, FCRDNS_HELO_UNRESOLVABLE },
		{ "mx.example.com", FCRDNS_LOOKUP_ANSWER, "192.0.2.1", FCRDNS_HELO_SAME_DOMAIN },
		{ "mx.example.net", FCRDNS_LOOKUP_ANSWER, "192.0.2.1", FCRDNS_HELO_FORWARD_MATCH },
		{ "mx.example.net", FCRDNS_LOOKUP_ANSWER, "192.0.2.9", FCRDNS_HELO_MISMATCH },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		fcrdns_result *r = helo_result(cases[i].helo, cases[i].outcome, cases[i].addr);
		fcrdns_helo_verdict got = helo_decide(psl_builtin(), r);
		if (got != cases[i].want)
			fail_msg("%s: got %s, want %s", cases[i].helo, fcrdns_helo_verdict_name(got),
				 fcrdns_helo_verdict_name(cases[i].want));
		fcrdns_result_free(r);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_syntax),
		cmocka_unit_test(test_fqdn),
		cmocka_unit_test(test_registrable_domain),
		cmocka_unit_test(test_verdicts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
