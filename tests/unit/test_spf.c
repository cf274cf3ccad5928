/* SPDX-License-Identifier: MIT */
/* test_spf.c: the SPF record reader (record detection, TXT joining, every
 * term form of RFC 7208 the audit decides, macros, errors, bounds) and the
 * sampling of address blocks. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "audit/spf.h"

#define RECORD_DOMAIN "rec.example.com"
#define AUDITED "audited.example.org"

static void test_is_record(void **state)
{
	static const struct {
		const char *text;
		int want;
	} cases[] = {
		{ "v=spf1", 1 },
		{ "v=spf1 -all", 1 },
		{ "V=SPF1 A -ALL", 1 },
		{ "v=Spf1  mx", 1 },
		{ "v=spf10", 0 },
		{ "v=spf1a", 0 },
		{ "v=spf1\t-all", 0 },
		{ "v=spf1;-all", 0 },
		{ " v=spf1 -all", 0 },
		{ "v=spf2.0/pra -all", 0 },
		{ "spf1 -all", 0 },
		{ "v=spf", 0 },
		{ "", 0 },
		{ "google-site-verification=abc", 0 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		if (spf_is_record(cases[i].text, strlen(cases[i].text)) != cases[i].want)
			fail_msg("'%s': want %d", cases[i].text, cases[i].want);
	assert_false(spf_is_record(NULL, 0));
	assert_false(spf_is_record("v=spf1 a", 5)); /* the length rules */
}

/* TXT strings are joined with no separator, so a split may fall anywhere,
 * even inside "v=spf1" or a term. */
static void test_txt_join(void **state)
{
	static const char *const strings[] = { "v=sp", "f1 ip4:192.0.2.1", "70 -all" };
	static const size_t lens[] = { 4, 16, 7 };
	fcrdns_buf b = { 0 };
	spf_record r;

	(void)state;
	assert_int_equal(spf_txt_join(strings, lens, 3, &b), FCRDNS_OK);
	assert_string_equal(b.data, "v=spf1 ip4:192.0.2.170 -all");
	assert_true(spf_is_record(b.data, b.len));
	assert_int_equal(spf_parse(b.data, b.len, RECORD_DOMAIN, AUDITED, &r), FCRDNS_OK);
	assert_int_equal(r.nterms, 2);
	assert_int_equal(r.terms[0].kind, SPF_IP4);
	assert_int_equal(r.terms[0].len, strlen("ip4:192.0.2.170"));
	spf_record_free(&r);
	fcrdns_buf_free(&b);
}

static void test_txt_join_bounds(void **state)
{
	static char big[SPF_RECORD_MAX];
	const char *const strings[] = { big, "x" };
	const size_t lens[] = { sizeof big, 1 };
	fcrdns_buf b = { 0 };

	(void)state;
	memset(big, 'a', sizeof big);
	assert_int_equal(spf_txt_join(strings, lens, 2, &b), FCRDNS_EINVAL);
	assert_int_equal(b.len, 0);
	assert_int_equal(spf_txt_join(strings, lens, 1, &b), FCRDNS_OK);
	assert_int_equal(b.len, SPF_RECORD_MAX);
	fcrdns_buf_free(&b);
}

/* One term per row, read from "v=spf1 TERM" published at RECORD_DOMAIN
 * for the audit of AUDITED. network is the text of the ip4/ip6 network. */
static const struct term_case {
	const char *term;
	spf_kind kind;
	char qualifier;
	const char *domain;
	unsigned cidr4, cidr6;
	const char *network;
	spf_reason reason;
	spf_error error;
} term_cases[] = {
	/* qualifiers and all */
	{ "all", SPF_ALL, '+', NULL, 32, 128, NULL, 0, 0 },
	{ "+all", SPF_ALL, '+', NULL, 32, 128, NULL, 0, 0 },
	{ "-all", SPF_ALL, '-', NULL, 32, 128, NULL, 0, 0 },
	{ "~all", SPF_ALL, '~', NULL, 32, 128, NULL, 0, 0 },
	{ "?all", SPF_ALL, '?', NULL, 32, 128, NULL, 0, 0 },
	{ "-ALL", SPF_ALL, '-', NULL, 32, 128, NULL, 0, 0 },
	{ "all:example.com", SPF_ALL, '+', NULL, 32, 128, NULL, 0, SPF_ERR_UNEXPECTED_ARGUMENT },
	{ "all/24", SPF_ALL, '+', NULL, 32, 128, NULL, 0, SPF_ERR_UNEXPECTED_ARGUMENT },
	{ "!all", SPF_UNKNOWN_MECHANISM, '+', NULL, 32, 128, NULL, 0, SPF_ERR_UNKNOWN_MECHANISM },
	{ "--all", SPF_UNKNOWN_MECHANISM, '-', NULL, 32, 128, NULL, 0, SPF_ERR_UNKNOWN_MECHANISM },
	/* include */
	{ "include:_spf.example.net", SPF_INCLUDE, '+', "_spf.example.net", 32, 128, NULL, 0, 0 },
	{ "~Include:_SPF.Example.NET.", SPF_INCLUDE, '~', "_spf.example.net", 32, 128, NULL, 0, 0 },
	{ "include", SPF_INCLUDE, '+', NULL, 32, 128, NULL, 0, SPF_ERR_MISSING_ARGUMENT },
	{ "include:", SPF_INCLUDE, '+', NULL, 32, 128, NULL, 0, SPF_ERR_MISSING_ARGUMENT },
	{ "include/24", SPF_INCLUDE, '+', NULL, 32, 128, NULL, 0, SPF_ERR_UNEXPECTED_ARGUMENT },
	{ "include:example", SPF_INCLUDE, '+', NULL, 32, 128, NULL, 0, SPF_ERR_BAD_DOMAIN },
	{ "include:example.123", SPF_INCLUDE, '+', NULL, 32, 128, NULL, 0, SPF_ERR_BAD_DOMAIN },
	{ "include:example.com-", SPF_INCLUDE, '+', NULL, 32, 128, NULL, 0, SPF_ERR_BAD_DOMAIN },
	{ "include:example.com..", SPF_INCLUDE, '+', NULL, 32, 128, NULL, 0, SPF_ERR_BAD_DOMAIN },
	{ "include:example.1-2", SPF_INCLUDE, '+', "example.1-2", 32, 128, NULL, 0, 0 },
	{ "includes:example.com", SPF_UNKNOWN_MECHANISM, '+', NULL, 32, 128, NULL, 0,
	  SPF_ERR_UNKNOWN_MECHANISM },
	/* a, with the dual-cidr of RFC 7208 section 5.6 */
	{ "a", SPF_A, '+', RECORD_DOMAIN, 32, 128, NULL, 0, 0 },
	{ "a/24", SPF_A, '+', RECORD_DOMAIN, 24, 128, NULL, 0, 0 },
	{ "a//64", SPF_A, '+', RECORD_DOMAIN, 32, 64, NULL, 0, 0 },
	{ "a/24//64", SPF_A, '+', RECORD_DOMAIN, 24, 64, NULL, 0, 0 },
	{ "a/0//0", SPF_A, '+', RECORD_DOMAIN, 0, 0, NULL, 0, 0 },
	{ "a:mail.example.com", SPF_A, '+', "mail.example.com", 32, 128, NULL, 0, 0 },
	{ "A:MAIL.Example.COM", SPF_A, '+', "mail.example.com", 32, 128, NULL, 0, 0 },
	{ "a:mail.example.com/24//64", SPF_A, '+', "mail.example.com", 24, 64, NULL, 0, 0 },
	{ "a:mail.example.com//64", SPF_A, '+', "mail.example.com", 32, 64, NULL, 0, 0 },
	{ "-a:mail.example.com/30", SPF_A, '-', "mail.example.com", 30, 128, NULL, 0, 0 },
	{ "a/33", SPF_A, '+', NULL, 32, 128, NULL, 0, SPF_ERR_BAD_CIDR },
	{ "a//129", SPF_A, '+', NULL, 32, 128, NULL, 0, SPF_ERR_BAD_CIDR },
	{ "a/024", SPF_A, '+', NULL, 32, 128, NULL, 0, SPF_ERR_BAD_CIDR },
	{ "a//064", SPF_A, '+', NULL, 32, 128, NULL, 0, SPF_ERR_BAD_CIDR },
	{ "a/", SPF_A, '+', NULL, 32, 128, NULL, 0, SPF_ERR_BAD_CIDR },
	{ "a//", SPF_A, '+', NULL, 32, 128, NULL, 0, SPF_ERR_BAD_CIDR },
	{ "a/24/64", SPF_A, '+', NULL, 32, 128, NULL, 0, SPF_ERR_BAD_CIDR },
	{ "a//64/24", SPF_A, '+', NULL, 24, 128, NULL, 0, SPF_ERR_BAD_CIDR },
	{ "a:", SPF_A, '+', NULL, 32, 128, NULL, 0, SPF_ERR_MISSING_ARGUMENT },
	{ "a:/24", SPF_A, '+', NULL, 24, 128, NULL, 0, SPF_ERR_MISSING_ARGUMENT },
	{ "a:mail.example.com/", SPF_A, '+', NULL, 32, 128, NULL, 0, SPF_ERR_BAD_DOMAIN },
	{ "a:mail", SPF_A, '+', NULL, 32, 128, NULL, 0, SPF_ERR_BAD_DOMAIN },
	{ "a:192.0.2.1", SPF_A, '+', NULL, 32, 128, NULL, 0, SPF_ERR_BAD_DOMAIN },
	/* mx */
	{ "mx", SPF_MX, '+', RECORD_DOMAIN, 32, 128, NULL, 0, 0 },
	{ "mx//64", SPF_MX, '+', RECORD_DOMAIN, 32, 64, NULL, 0, 0 },
	{ "mx/24", SPF_MX, '+', RECORD_DOMAIN, 24, 128, NULL, 0, 0 },
	{ "?mx:mail.example.org/30//126", SPF_MX, '?', "mail.example.org", 30, 126, NULL, 0, 0 },
	{ "MX:Example.ORG", SPF_MX, '+', "example.org", 32, 128, NULL, 0, 0 },
	/* ptr and exists: never enumerable */
	{ "ptr", SPF_PTR, '+', RECORD_DOMAIN, 32, 128, NULL, SPF_REASON_PTR, 0 },
	{ "?ptr:example.net", SPF_PTR, '?', "example.net", 32, 128, NULL, SPF_REASON_PTR, 0 },
	{ "ptr:", SPF_PTR, '+', NULL, 32, 128, NULL, SPF_REASON_PTR, SPF_ERR_MISSING_ARGUMENT },
	{ "ptr/24", SPF_PTR, '+', NULL, 32, 128, NULL, SPF_REASON_PTR, SPF_ERR_UNEXPECTED_ARGUMENT },
	{ "exists:check.example.com", SPF_EXISTS, '+', "check.example.com", 32, 128, NULL,
	  SPF_REASON_EXISTS, 0 },
	{ "exists:%{i}._spf.%{d}", SPF_EXISTS, '+', NULL, 32, 128, NULL, SPF_REASON_EXISTS, 0 },
	{ "exists", SPF_EXISTS, '+', NULL, 32, 128, NULL, SPF_REASON_EXISTS,
	  SPF_ERR_MISSING_ARGUMENT },
	/* ip4, ip6 */
	{ "ip4:192.0.2.1", SPF_IP4, '+', NULL, 32, 128, "192.0.2.1", 0, 0 },
	{ "ip4:192.0.2.77/24", SPF_IP4, '+', NULL, 24, 128, "192.0.2.0", 0, 0 },
	{ "-ip4:192.0.2.1/0", SPF_IP4, '-', NULL, 0, 128, "0.0.0.0", 0, 0 },
	{ "IP4:192.0.2.1/32", SPF_IP4, '+', NULL, 32, 128, "192.0.2.1", 0, 0 },
	{ "ip4:192.0.2.1//24", SPF_IP4, '+', NULL, 32, 128, NULL, 0, SPF_ERR_BAD_CIDR },
	{ "ip4:192.0.2.1/33", SPF_IP4, '+', NULL, 32, 128, NULL, 0, SPF_ERR_BAD_CIDR },
	{ "ip4:192.0.2.1/08", SPF_IP4, '+', NULL, 32, 128, NULL, 0, SPF_ERR_BAD_CIDR },
	{ "ip4:192.0.2.1/", SPF_IP4, '+', NULL, 32, 128, NULL, 0, SPF_ERR_BAD_CIDR },
	{ "ip4:192.0.2", SPF_IP4, '+', NULL, 32, 128, NULL, 0, SPF_ERR_BAD_ADDRESS },
	{ "ip4:192.0.2.300", SPF_IP4, '+', NULL, 32, 128, NULL, 0, SPF_ERR_BAD_ADDRESS },
	{ "ip4:01.2.3.4", SPF_IP4, '+', NULL, 32, 128, NULL, 0, SPF_ERR_BAD_ADDRESS },
	{ "ip4:2001:db8::1", SPF_IP4, '+', NULL, 32, 128, NULL, 0, SPF_ERR_BAD_ADDRESS },
	{ "ip4:", SPF_IP4, '+', NULL, 32, 128, NULL, 0, SPF_ERR_BAD_ADDRESS },
	{ "ip4", SPF_IP4, '+', NULL, 32, 128, NULL, 0, SPF_ERR_MISSING_ARGUMENT },
	{ "ip6:2001:db8::1", SPF_IP6, '+', NULL, 32, 128, "2001:db8::1", 0, 0 },
	{ "ip6:2001:DB8:1:2::/48", SPF_IP6, '+', NULL, 32, 48, "2001:db8:1::", 0, 0 },
	{ "~ip6:::/0", SPF_IP6, '~', NULL, 32, 0, "::", 0, 0 },
	{ "ip6:2001:db8::/129", SPF_IP6, '+', NULL, 32, 128, NULL, 0, SPF_ERR_BAD_CIDR },
	{ "ip6:2001:db8::/064", SPF_IP6, '+', NULL, 32, 128, NULL, 0, SPF_ERR_BAD_CIDR },
	{ "ip6:192.0.2.1", SPF_IP6, '+', NULL, 32, 128, NULL, 0, SPF_ERR_BAD_ADDRESS },
	{ "ip6:2001:db8::1//64", SPF_IP6, '+', NULL, 32, 128, NULL, 0, SPF_ERR_BAD_CIDR },
	/* modifiers */
	{ "redirect=_spf.example.com", SPF_REDIRECT, '+', "_spf.example.com", 32, 128, NULL, 0, 0 },
	{ "REDIRECT=%{d}.example.net", SPF_REDIRECT, '+', RECORD_DOMAIN ".example.net", 32, 128,
	  NULL, 0, 0 },
	{ "redirect=", SPF_REDIRECT, '+', NULL, 32, 128, NULL, 0, SPF_ERR_MISSING_ARGUMENT },
	{ "-redirect=_spf.example.com", SPF_UNKNOWN_MODIFIER, '-', NULL, 32, 128, NULL, 0,
	  SPF_ERR_QUALIFIED_MODIFIER },
	{ "exp=explain.%{d}", SPF_EXP, '+', "explain." RECORD_DOMAIN, 32, 128, NULL, 0, 0 },
	{ "exp=%{c}.example.com", SPF_EXP, '+', NULL, 32, 128, NULL, SPF_REASON_MACRO, 0 },
	{ "foo=bar", SPF_UNKNOWN_MODIFIER, '+', NULL, 32, 128, NULL, 0, 0 },
	{ "foo.bar-baz_1=", SPF_UNKNOWN_MODIFIER, '+', NULL, 32, 128, NULL, 0, 0 },
	{ "ip4=192.0.2.1", SPF_UNKNOWN_MODIFIER, '+', NULL, 32, 128, NULL, 0, 0 },
	{ "v=spf1", SPF_UNKNOWN_MODIFIER, '+', NULL, 32, 128, NULL, 0, 0 },
	{ "note=%{t}%{ir}", SPF_UNKNOWN_MODIFIER, '+', NULL, 32, 128, NULL, 0, 0 },
	{ "foo=%{x}", SPF_UNKNOWN_MODIFIER, '+', NULL, 32, 128, NULL, 0, SPF_ERR_BAD_MACRO },
	{ "1foo=bar", SPF_UNKNOWN_MECHANISM, '+', NULL, 32, 128, NULL, 0, SPF_ERR_UNKNOWN_MECHANISM },
	{ "=bar", SPF_UNKNOWN_MECHANISM, '+', NULL, 32, 128, NULL, 0, SPF_ERR_UNKNOWN_MECHANISM },
	/* macros the audit expands: %{d} %{o} %% %_ %-, with transformers */
	{ "include:%{d}", SPF_INCLUDE, '+', RECORD_DOMAIN, 32, 128, NULL, 0, 0 },
	{ "include:_spf.%{o}", SPF_INCLUDE, '+', "_spf." AUDITED, 32, 128, NULL, 0, 0 },
	{ "a:out.%{d}/24", SPF_A, '+', "out." RECORD_DOMAIN, 24, 128, NULL, 0, 0 },
	{ "a:%{d2}", SPF_A, '+', "example.com", 32, 128, NULL, 0, 0 },
	{ "a:%{dr}", SPF_A, '+', "com.example.rec", 32, 128, NULL, 0, 0 },
	{ "a:%{d1r}", SPF_A, '+', "rec", 32, 128, NULL, 0, 0 },
	{ "a:%{d9}", SPF_A, '+', RECORD_DOMAIN, 32, 128, NULL, 0, 0 },
	{ "a:%{o2r-.}.x.com", SPF_A, '+', "example.audited.x.com", 32, 128, NULL, 0, 0 },
	{ "a:%{D}", SPF_A, '+', RECORD_DOMAIN, 32, 128, NULL, 0, 0 },
	{ "a:x%%y.example.com", SPF_A, '+', "x%y.example.com", 32, 128, NULL, 0, 0 },
	{ "a:x%_y.example.com", SPF_A, '+', "x y.example.com", 32, 128, NULL, 0, 0 },
	{ "a:x%-y.example.com", SPF_A, '+', "x%20y.example.com", 32, 128, NULL, 0, 0 },
	{ "a:%{d}%%", SPF_A, '+', RECORD_DOMAIN "%", 32, 128, NULL, 0, 0 },
	/* macros that name the sender: unenumerable */
	{ "a:%{i}.example.com", SPF_A, '+', NULL, 32, 128, NULL, SPF_REASON_MACRO, 0 },
	{ "a:%{s}.example.com/24", SPF_A, '+', NULL, 24, 128, NULL, SPF_REASON_MACRO, 0 },
	{ "mx:%{l}.%{d}", SPF_MX, '+', NULL, 32, 128, NULL, SPF_REASON_MACRO, 0 },
	{ "include:%{ir}.%{v}._spf.%{d}", SPF_INCLUDE, '+', NULL, 32, 128, NULL, SPF_REASON_MACRO,
	  0 },
	{ "redirect=%{h}.example.com", SPF_REDIRECT, '+', NULL, 32, 128, NULL, SPF_REASON_MACRO, 0 },
	{ "a:%{p}.example.com", SPF_A, '+', NULL, 32, 128, NULL, SPF_REASON_MACRO, 0 },
	{ "a:%{I}.example.com", SPF_A, '+', NULL, 32, 128, NULL, SPF_REASON_MACRO, 0 },
	/* macros that do not parse, or are not allowed outside exp= */
	{ "a:%{x}.example.com", SPF_A, '+', NULL, 32, 128, NULL, 0, SPF_ERR_BAD_MACRO },
	{ "a:%{d0}.example.com", SPF_A, '+', NULL, 32, 128, NULL, 0, SPF_ERR_BAD_MACRO },
	{ "a:%{d", SPF_A, '+', NULL, 32, 128, NULL, 0, SPF_ERR_BAD_MACRO },
	{ "a:%{dr2}.example.com", SPF_A, '+', NULL, 32, 128, NULL, 0, SPF_ERR_BAD_MACRO },
	{ "a:%{d*}.example.com", SPF_A, '+', NULL, 32, 128, NULL, 0, SPF_ERR_BAD_MACRO },
	{ "a:%x.example.com", SPF_A, '+', NULL, 32, 128, NULL, 0, SPF_ERR_BAD_MACRO },
	{ "a:50%.example.com", SPF_A, '+', NULL, 32, 128, NULL, 0, SPF_ERR_BAD_MACRO },
	{ "a:example.com%", SPF_A, '+', NULL, 32, 128, NULL, 0, SPF_ERR_BAD_MACRO },
	{ "a:%{c}.example.com", SPF_A, '+', NULL, 32, 128, NULL, 0, SPF_ERR_MACRO_NOT_ALLOWED },
	{ "include:%{t}.example.com", SPF_INCLUDE, '+', NULL, 32, 128, NULL, 0,
	  SPF_ERR_MACRO_NOT_ALLOWED },
	{ "a:%{d}com", SPF_A, '+', NULL, 32, 128, NULL, 0, SPF_ERR_BAD_DOMAIN },
	{ "a:%{d}}", SPF_A, '+', NULL, 32, 128, NULL, 0, SPF_ERR_BAD_DOMAIN },
	/* bytes a term never holds */
	{ "a:mail.example.com\x01", SPF_UNKNOWN_MECHANISM, '+', NULL, 32, 128, NULL, 0,
	  SPF_ERR_BAD_CHARACTER },
	{ "a:m\xc3\xa9l.example.com", SPF_UNKNOWN_MECHANISM, '+', NULL, 32, 128, NULL, 0,
	  SPF_ERR_BAD_CHARACTER },
	{ "foo", SPF_UNKNOWN_MECHANISM, '+', NULL, 32, 128, NULL, 0, SPF_ERR_UNKNOWN_MECHANISM },
	{ "a1", SPF_UNKNOWN_MECHANISM, '+', NULL, 32, 128, NULL, 0, SPF_ERR_UNKNOWN_MECHANISM },
};

/* Fail with the row's term when t does not match c. */
static void check_term(const struct term_case *c, const spf_term *t)
{
	char net[FCRDNS_IPSTR_MAX];

	if (t->kind != c->kind || (char)t->qualifier != c->qualifier || t->error != c->error ||
	    t->unenumerable != c->reason || t->cidr4 != c->cidr4 || t->cidr6 != c->cidr6)
		fail_msg("'%s': kind %s qualifier %c error %s reason %d cidr %u/%u", c->term,
			 spf_kind_name(t->kind), (char)t->qualifier, spf_error_name(t->error),
			 (int)t->unenumerable, t->cidr4, t->cidr6);
	if ((c->domain == NULL) != (t->domain == NULL) ||
	    (c->domain && strcmp(c->domain, t->domain) != 0))
		fail_msg("'%s': domain '%s', want '%s'", c->term, t->domain ? t->domain : "(null)",
			 c->domain ? c->domain : "(null)");
	if (c->network && strcmp(fcrdns_addr_format(&t->network, net), c->network) != 0)
		fail_msg("'%s': network %s, want %s", c->term, net, c->network);
	if (t->len != strlen(c->term) || memcmp(t->text, c->term, t->len) != 0)
		fail_msg("'%s': text not kept as written", c->term);
}

static void test_terms(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof term_cases / sizeof term_cases[0]; i++) {
		const struct term_case *c = &term_cases[i];
		char text[512];
		spf_record r;
		int n = snprintf(text, sizeof text, "v=spf1 %s", c->term);
		if (spf_parse(text, (size_t)n, RECORD_DOMAIN, AUDITED, &r) != FCRDNS_OK)
			fail_msg("'%s': not parsed", c->term);
		if (r.nterms != 1)
			fail_msg("'%s': %zu terms", c->term, r.nterms);
		check_term(c, &r.terms[0]);
		assert_int_equal(r.nerrors, c->error != SPF_ERR_NONE);
		spf_record_free(&r);
	}
}

/* Record-level facts: spaces, all, redirect, exp, duplicates, the terms
 * as written in order. */
static void test_records(void **state)
{
	spf_record r;
	const char *text = "v=spf1   +a/24  -ip4:192.0.2.0/24 ~all redirect=_spf.example.com "
			   "exp=why.example.com  ";

	(void)state;
	assert_int_equal(spf_parse(text, strlen(text), RECORD_DOMAIN, AUDITED, &r), FCRDNS_OK);
	assert_int_equal(r.nterms, 5);
	assert_int_equal(r.nerrors, 0);
	assert_true(r.has_all);
	assert_int_equal(r.redirect, 3);
	assert_int_equal(r.exp, 4);
	assert_int_equal(r.terms[0].len, 5);
	assert_memory_equal(r.terms[0].text, "+a/24", 5);
	assert_memory_equal(r.terms[1].text, "-ip4:192.0.2.0/24", 17);
	spf_record_free(&r);

	text = "v=spf1 redirect=a.example.com exp=x.example.com redirect=b.example.com "
	       "exp=y.example.com";
	assert_int_equal(spf_parse(text, strlen(text), RECORD_DOMAIN, AUDITED, &r), FCRDNS_OK);
	assert_false(r.has_all);
	assert_int_equal(r.redirect, 0);
	assert_int_equal(r.exp, 1);
	assert_int_equal(r.nerrors, 2);
	assert_int_equal(r.terms[2].error, SPF_ERR_DUPLICATE_MODIFIER);
	assert_int_equal(r.terms[3].error, SPF_ERR_DUPLICATE_MODIFIER);
	assert_null(r.terms[2].domain);
	spf_record_free(&r);

	assert_int_equal(spf_parse("v=spf1", 6, RECORD_DOMAIN, AUDITED, &r), FCRDNS_OK);
	assert_int_equal(r.nterms, 0);
	assert_int_equal(r.redirect, -1);
	spf_record_free(&r);
}

/* A record with a syntax error keeps its good terms and its bad ones. */
static void test_record_with_errors(void **state)
{
	spf_record r;
	const char *text = "v=spf1 ip4:192.0.2.220 ip4:192.0.2.300 a:bad..example.com mx -all";

	(void)state;
	assert_int_equal(spf_parse(text, strlen(text), RECORD_DOMAIN, AUDITED, &r), FCRDNS_OK);
	assert_int_equal(r.nterms, 5);
	assert_int_equal(r.nerrors, 1);
	assert_int_equal(r.terms[0].error, SPF_ERR_NONE);
	assert_int_equal(r.terms[1].error, SPF_ERR_BAD_ADDRESS);
	/* "bad..example.com" passes the grammar: the DNS refuses it later. */
	assert_int_equal(r.terms[2].error, SPF_ERR_NONE);
	assert_int_equal(r.terms[3].kind, SPF_MX);
	spf_record_free(&r);
}

/* Bytes no TXT should hold: a NUL inside a term, CR, LF, tabs. */
static void test_hostile_bytes(void **state)
{
	static const char text[] = "v=spf1 a\0b mx\r\n ip4:192.0.2.1\t -all";
	spf_record r;

	(void)state;
	assert_int_equal(spf_parse(text, sizeof text - 1, RECORD_DOMAIN, AUDITED, &r), FCRDNS_OK);
	assert_int_equal(r.nterms, 4);
	assert_int_equal(r.terms[0].error, SPF_ERR_BAD_CHARACTER);
	assert_int_equal(r.terms[0].len, 3);
	assert_int_equal(r.terms[1].error, SPF_ERR_BAD_CHARACTER); /* "mx\r\n" */
	assert_int_equal(r.terms[2].error, SPF_ERR_BAD_CHARACTER); /* "ip4:...\t" */
	assert_int_equal(r.terms[3].kind, SPF_ALL);
	assert_int_equal(r.nerrors, 3);
	spf_record_free(&r);
}

static void test_bad_input(void **state)
{
	char name[300];
	spf_record r;

	(void)state;
	memset(name, 'a', sizeof name);
	name[254] = '\0';
	assert_int_equal(spf_parse("v=spf1 a", 8, NULL, AUDITED, &r), FCRDNS_EINVAL);
	assert_int_equal(spf_parse("v=spf1 a", 8, "", AUDITED, &r), FCRDNS_EINVAL);
	assert_int_equal(spf_parse("v=spf1 a", 8, RECORD_DOMAIN, name, &r), FCRDNS_EINVAL);
	assert_int_equal(spf_parse("v=spf2 a", 8, RECORD_DOMAIN, AUDITED, &r), FCRDNS_EINVAL);
	assert_int_equal(spf_parse(NULL, 0, RECORD_DOMAIN, AUDITED, &r), FCRDNS_EINVAL);
	assert_null(r.terms);
	name[253] = '.'; /* 253 octets and the root dot: fine */
	assert_int_equal(spf_parse("v=spf1 a", 8, RECORD_DOMAIN, name, &r), FCRDNS_OK);
	spf_record_free(&r);
	assert_int_equal(spf_parse("v=spf1 a", 8, "example.com.", AUDITED, &r), FCRDNS_OK);
	assert_string_equal(r.terms[0].domain, "example.com");
	spf_record_free(&r);
}

/* Bounds: terms kept, term length, expansion length, the 253-octet cut. */
static void test_bounds(void **state)
{
	fcrdns_buf b = { 0 };
	spf_record r;

	(void)state;
	fcrdns_buf_puts(&b, "v=spf1");
	for (int i = 0; i < SPF_TERMS_MAX + 5; i++)
		fcrdns_buf_puts(&b, " a");
	assert_int_equal(spf_parse(b.data, b.len, RECORD_DOMAIN, AUDITED, &r), FCRDNS_OK);
	assert_int_equal(r.nterms, SPF_TERMS_MAX);
	assert_int_equal(r.dropped, 5);
	spf_record_free(&r);

	b.len = 0;
	fcrdns_buf_puts(&b, "v=spf1 a:");
	for (int i = 0; i < SPF_TERM_MAX; i++)
		fcrdns_buf_puts(&b, "x");
	fcrdns_buf_puts(&b, ".com");
	assert_int_equal(spf_parse(b.data, b.len, RECORD_DOMAIN, AUDITED, &r), FCRDNS_OK);
	assert_int_equal(r.terms[0].error, SPF_ERR_TOO_LONG);
	spf_record_free(&r);

	b.len = 0;
	fcrdns_buf_puts(&b, "v=spf1 a:");
	for (int i = 0; i < 254; i++)
		fcrdns_buf_puts(&b, "%{o}");
	fcrdns_buf_puts(&b, ".com");
	assert_int_equal(spf_parse(b.data, b.len, RECORD_DOMAIN, AUDITED, &r), FCRDNS_OK);
	assert_int_equal(r.terms[0].error, SPF_ERR_EXPANSION_TOO_LONG);
	spf_record_free(&r);
	fcrdns_buf_free(&b);
}

/* RFC 7208 s7.3: an expansion over 253 octets loses labels on the left. */
static void test_expansion_cut(void **state)
{
	fcrdns_buf text = { 0 }, want = { 0 };
	spf_record r;
	const char *w;

	(void)state;
	fcrdns_buf_puts(&text, "v=spf1 a:");
	for (int i = 0; i < 20; i++) {
		fcrdns_buf_puts(&text, "%{d}.");
		fcrdns_buf_puts(&want, RECORD_DOMAIN ".");
	}
	fcrdns_buf_puts(&text, "end.com");
	fcrdns_buf_puts(&want, "end.com");
	w = want.data;
	while (strlen(w) > SPF_DOMAIN_MAX)
		w = strchr(w, '.') + 1;
	assert_int_equal(spf_parse(text.data, text.len, RECORD_DOMAIN, AUDITED, &r), FCRDNS_OK);
	assert_int_equal(r.terms[0].error, SPF_ERR_NONE);
	assert_string_equal(r.terms[0].domain, w);
	assert_true(strlen(r.terms[0].domain) <= SPF_DOMAIN_MAX);
	spf_record_free(&r);
	fcrdns_buf_free(&text);
	fcrdns_buf_free(&want);
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(spf_kind_name(SPF_INCLUDE), "include");
	assert_string_equal(spf_kind_name(SPF_UNKNOWN_MODIFIER), "unknown-modifier");
	assert_string_equal(spf_error_name(SPF_ERR_BAD_CIDR), "bad-cidr-length");
	assert_string_equal(spf_reason_name(SPF_REASON_MACRO), "macro");
	assert_string_equal(spf_reason_name(SPF_REASON_EXISTS), "exists");
	assert_string_equal(spf_reason_name(SPF_REASON_PTR), "ptr");
	assert_null(spf_reason_name(SPF_REASON_NONE));
}

/* ---- Sampling ------------------------------------------------------------ */

static void test_block_is_sampled(void **state)
{
	static const struct {
		int family;
		unsigned prefix;
		int want;
	} cases[] = {
		{ AF_INET, 32, 0 },  { AF_INET, 28, 0 },  { AF_INET, 27, 1 },
		{ AF_INET, 24, 1 },  { AF_INET, 0, 1 },   { AF_INET6, 128, 0 },
		{ AF_INET6, 124, 0 }, { AF_INET6, 123, 1 }, { AF_INET6, 64, 1 },
		{ AF_INET6, 0, 1 },  { AF_INET, 33, 0 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		if (spf_block_is_sampled(cases[i].family, cases[i].prefix) != cases[i].want)
			fail_msg("family %d /%u: want %d", cases[i].family, cases[i].prefix,
				 cases[i].want);
}

/* Indexes i * (size - 1) / (n - 1), integer division. */
static const struct sample_case {
	const char *net;
	unsigned prefix, n;
	const char *want[5];
} sample_cases[] = {
	{ "192.0.2.33", 24, 4, { "192.0.2.0", "192.0.2.85", "192.0.2.170", "192.0.2.255" } },
	{ "192.0.2.96", 27, 4, { "192.0.2.96", "192.0.2.106", "192.0.2.116", "192.0.2.127" } },
	{ "192.0.2.96", 27, 3, { "192.0.2.96", "192.0.2.111", "192.0.2.127" } },
	{ "192.0.2.96", 27, 2, { "192.0.2.96", "192.0.2.127" } },
	{ "192.0.2.100", 27, 1, { "192.0.2.96" } },
	{ "192.0.2.1", 32, 4, { "192.0.2.1" } },
	{ "192.0.2.1", 30, 4, { "192.0.2.0", "192.0.2.1", "192.0.2.2", "192.0.2.3" } },
	{ "0.0.0.0", 0, 4, { "0.0.0.0", "85.85.85.85", "170.170.170.170", "255.255.255.255" } },
	{ "2001:db8:64::99", 64, 4,
	  { "2001:db8:64::", "2001:db8:64:0:5555:5555:5555:5555",
	    "2001:db8:64:0:aaaa:aaaa:aaaa:aaaa", "2001:db8:64:0:ffff:ffff:ffff:ffff" } },
	{ "2001:db8:e5::", 48, 4,
	  { "2001:db8:e5::", "2001:db8:e5:5555:5555:5555:5555:5555",
	    "2001:db8:e5:aaaa:aaaa:aaaa:aaaa:aaaa", "2001:db8:e5:ffff:ffff:ffff:ffff:ffff" } },
	{ "2001:db8:5b::", 123, 4,
	  { "2001:db8:5b::", "2001:db8:5b::a", "2001:db8:5b::14", "2001:db8:5b::1f" } },
	{ "::", 0, 4,
	  { "::", "5555:5555:5555:5555:5555:5555:5555:5555",
	    "aaaa:aaaa:aaaa:aaaa:aaaa:aaaa:aaaa:aaaa", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff" } },
	{ "::", 0, 3,
	  { "::", "7fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
	    "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff" } },
	{ "2001:db8::1", 128, 4, { "2001:db8::1" } },
};

static void test_block_sample(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof sample_cases / sizeof sample_cases[0]; i++) {
		const struct sample_case *c = &sample_cases[i];
		fcrdns_addr net, got[8];
		char text[FCRDNS_IPSTR_MAX];
		size_t want = 0, n;
		while (want < 5 && c->want[want])
			want++;
		assert_int_equal(fcrdns_addr_parse(c->net, &net), FCRDNS_OK);
		n = spf_block_sample(&net, c->prefix, c->n, got, 8);
		if (n != want)
			fail_msg("%s/%u n=%u: %zu addresses, want %zu", c->net, c->prefix, c->n, n, want);
		for (size_t k = 0; k < n; k++)
			if (strcmp(fcrdns_addr_format(&got[k], text), c->want[k]) != 0)
				fail_msg("%s/%u n=%u: #%zu is %s, want %s", c->net, c->prefix, c->n, k,
					 text, c->want[k]);
	}
}

/* Small blocks are checked whole; repeats never come out; cap holds. */
static void test_block_sample_edges(void **state)
{
	fcrdns_addr net, got[64];
	char text[FCRDNS_IPSTR_MAX];

	(void)state;
	fcrdns_addr_parse("192.0.2.64", &net);
	assert_int_equal(spf_block_sample(&net, 28, 4, got, 64), 16);
	assert_string_equal(fcrdns_addr_format(&got[15], text), "192.0.2.79");
	fcrdns_addr_parse("2001:db8:5a::", &net);
	assert_int_equal(spf_block_sample(&net, 124, 4, got, 64), 16);
	assert_string_equal(fcrdns_addr_format(&got[15], text), "2001:db8:5a::f");
	fcrdns_addr_parse("192.0.2.96", &net);
	assert_int_equal(spf_block_sample(&net, 27, 64, got, 64), 32); /* all, once each */
	assert_string_equal(fcrdns_addr_format(&got[31], text), "192.0.2.127");
	assert_int_equal(spf_block_sample(&net, 27, 4, got, 2), 2);
	assert_int_equal(spf_block_sample(&net, 27, 0, got, 64), 0);
	assert_int_equal(spf_block_sample(&net, 33, 4, got, 64), 0);
}

static void test_count(void **state)
{
	spf_count c;
	char buf[50];

	(void)state;
	memset(&c, 0, sizeof c);
	assert_string_equal(spf_count_format(&c, buf), "0");
	spf_count_add_block(&c, AF_INET, 32);
	assert_string_equal(spf_count_format(&c, buf), "1");
	spf_count_add_block(&c, AF_INET, 24);
	spf_count_add_block(&c, AF_INET6, 64);
	assert_string_equal(spf_count_format(&c, buf), "18446744073709551873");
	memset(&c, 0, sizeof c);
	spf_count_add_block(&c, AF_INET6, 0);
	assert_string_equal(spf_count_format(&c, buf), "340282366920938463463374607431768211456");
	spf_count_add_block(&c, AF_INET6, 0);
	assert_string_equal(spf_count_format(&c, buf), "680564733841876926926749214863536422912");
	memset(&c, 0, sizeof c);
	spf_count_add_block(&c, AF_INET, 25);
	spf_count_add_block(&c, AF_INET6, 48);
	assert_string_equal(spf_count_format(&c, buf), "1208925819614629174706304");
}

/* An a or mx term's answers widen to its dual-cidr lengths, by family. */
static void test_widen(void **state)
{
	static const struct {
		const char *term, *answer, *want;
	} cases[] = {
		{ "a/24", "192.0.2.33", "192.0.2.0/24" },
		{ "a/24", "2001:db8:a::5", "2001:db8:a::5/128" },
		{ "mx//64", "192.0.2.40", "192.0.2.40/32" },
		{ "mx//64", "2001:db8:40::1", "2001:db8:40::/64" },
		{ "a:web.example.com/24//64", "2001:db8:64::99", "2001:db8:64::/64" },
		{ "a/0//0", "203.0.113.9", "0.0.0.0/0" },
		{ "a/0//0", "2001:db8::1", "::/0" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char text[64], cidr[SPF_CIDR_MAX];
		fcrdns_addr a, net;
		unsigned prefix;
		spf_record r;
		int n = snprintf(text, sizeof text, "v=spf1 %s", cases[i].term);
		assert_int_equal(spf_parse(text, (size_t)n, RECORD_DOMAIN, AUDITED, &r), FCRDNS_OK);
		assert_int_equal(fcrdns_addr_parse(cases[i].answer, &a), FCRDNS_OK);
		spf_widen(&r.terms[0], &a, &net, &prefix);
		if (strcmp(spf_cidr_format(&net, prefix, cidr), cases[i].want) != 0)
			fail_msg("%s with %s: %s, want %s", cases[i].term, cases[i].answer, cidr,
				 cases[i].want);
		spf_record_free(&r);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_is_record),
		cmocka_unit_test(test_txt_join),
		cmocka_unit_test(test_txt_join_bounds),
		cmocka_unit_test(test_terms),
		cmocka_unit_test(test_records),
		cmocka_unit_test(test_record_with_errors),
		cmocka_unit_test(test_hostile_bytes),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_bounds),
		cmocka_unit_test(test_expansion_cut),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_widen),
		cmocka_unit_test(test_block_is_sampled),
		cmocka_unit_test(test_block_sample),
		cmocka_unit_test(test_block_sample_edges),
		cmocka_unit_test(test_count),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
