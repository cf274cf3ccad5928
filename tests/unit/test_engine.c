/* SPDX-License-Identifier: MIT */
/* test_engine.c: the DNS engine and fcrdns_query_start() through the
 * scripted transport: typed records, outcomes, the AD bit, CNAME chains
 * within and across replies, coalescing, the cache, the cap in flight and
 * cancellation. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "dnsscript.h"

/* What one callback saw: the answer's facts copied out. */
typedef struct seen {
	int calls, status;
	fcrdns_lookup outcome;
	int rcode, authenticated;
	uint32_t ttl;
	size_t nrrs, ncnames;
	char first_name[256], last_cname[256], joined[512];
	uint16_t preference;
	size_t nstrings;
	fcrdns_addr first_addr;
} seen;

static int called_inside_start;

static void on_answer(void *arg, int status, const fcrdns_answer *a)
{
	seen *s = arg;

	assert_false(called_inside_start);
	s->calls++;
	s->status = status;
	if (a == NULL)
		return;
	s->outcome = a->outcome;
	s->rcode = a->rcode;
	s->authenticated = a->authenticated;
	s->ttl = a->ttl;
	s->nrrs = a->nrrs;
	s->ncnames = a->ncnames;
	if (a->ncnames)
		snprintf(s->last_cname, sizeof s->last_cname, "%s", a->cnames[a->ncnames - 1]);
	if (a->nrrs == 0)
		return;
	s->first_addr = a->rrs[0].addr;
	s->preference = a->rrs[0].preference;
	s->nstrings = a->rrs[0].nstrings;
	if (a->rrs[0].name)
		snprintf(s->first_name, sizeof s->first_name, "%s", a->rrs[0].name);
	if (a->rrs[0].type == FCRDNS_TYPE_TXT) {
		fcrdns_buf b = { 0 };
		fcrdns_txt_join(&b, &a->rrs[0]);
		snprintf(s->joined, sizeof s->joined, "%s", b.data ? b.data : "");
		fcrdns_buf_free(&b);
	}
}

/* Start a query of (name, type) on ctx, checking no callback runs inside. */
static void start(fcrdns_ctx *ctx, const char *name, uint16_t type, seen *s)
{
	called_inside_start = 1;
	assert_int_equal(fcrdns_query_start(ctx, name, type, on_answer, s), FCRDNS_OK);
	called_inside_start = 0;
}

static const script_entry table[] = {
	{ "a.test", FCRDNS_TYPE_A, .ad = 1, .rrs = {
		{ "a.test", FCRDNS_TYPE_A, "192.0.2.1" }, { "a.test", FCRDNS_TYPE_A, "192.0.2.2" } } },
	{ "v6.test", FCRDNS_TYPE_AAAA, .rrs = { { "v6.test", FCRDNS_TYPE_AAAA, "2001:db8::1" } } },
	{ "mx.test", FCRDNS_TYPE_MX, .rrs = { { "mx.test", FCRDNS_TYPE_MX, "10 mail.mx.test" } } },
	{ "txt.test", FCRDNS_TYPE_TXT, .rrs = {
		{ "txt.test", FCRDNS_TYPE_TXT, "v=spf1 ip4:192.0.2.0/24 |-all" } } },
	{ "1.2.0.192.in-addr.arpa", FCRDNS_TYPE_PTR, .rrs = {
		{ "1.2.0.192.in-addr.arpa", FCRDNS_TYPE_PTR, "Host.Example.test" } } },
	/* a chain inside one reply, then one that leaves it */
	{ "alias.test", FCRDNS_TYPE_A, .ad = 1, .rrs = {
		{ "alias.test", FCRDNS_TYPE_CNAME, "mid.test" },
		{ "mid.test", FCRDNS_TYPE_A, "192.0.2.9" } } },
	{ "far.test", FCRDNS_TYPE_A, .ad = 1, .rrs = { { "far.test", FCRDNS_TYPE_CNAME, "other.test" } } },
	{ "other.test", FCRDNS_TYPE_A, .rrs = { { "other.test", FCRDNS_TYPE_A, "192.0.2.10" } } },
	{ "loop1.test", FCRDNS_TYPE_A, .rrs = { { "loop1.test", FCRDNS_TYPE_CNAME, "loop2.test" } } },
	{ "loop2.test", FCRDNS_TYPE_A, .rrs = { { "loop2.test", FCRDNS_TYPE_CNAME, "loop1.test" } } },
	{ "nodata.test", FCRDNS_TYPE_A, .neg_ttl = 120 },
	{ "servfail.test", FCRDNS_TYPE_A, .rcode = 2 },
	{ "refused.test", FCRDNS_TYPE_A, .rcode = 5 },
	{ "timeout.test", FCRDNS_TYPE_A, .kind = SCRIPT_TIMEOUT },
	{ "garbage.test", FCRDNS_TYPE_A, .kind = SCRIPT_GARBAGE },
	{ "silent.test", FCRDNS_TYPE_A, .kind = SCRIPT_SILENT },
};

static dns_script script = { table, sizeof table / sizeof table[0], 0, 0, 0, "" };

/* Run one query on a fresh context and return what it saw. */
static seen ask(const char *name, uint16_t type)
{
	fcrdns_ctx *ctx = dnsscript_ctx(&script, NULL, 0);
	seen s = { 0 };

	start(ctx, name, type, &s);
	assert_int_equal(fcrdns_run(ctx), FCRDNS_OK);
	assert_int_equal(s.calls, 1);
	fcrdns_ctx_free(ctx);
	assert_int_equal(s.calls, 1);
	return s;
}

static void test_typed_records(void **state)
{
	fcrdns_addr want;
	seen s;

	(void)state;
	s = ask("a.test", FCRDNS_TYPE_A);
	assert_int_equal(s.outcome, FCRDNS_LOOKUP_ANSWER);
	assert_int_equal(s.nrrs, 2);
	assert_int_equal(s.rcode, 0);
	assert_int_equal(s.authenticated, 1);
	assert_int_equal(s.ttl, 300);
	fcrdns_addr_parse("192.0.2.1", &want);
	assert_true(fcrdns_addr_equal(&s.first_addr, &want));

	s = ask("v6.test", FCRDNS_TYPE_AAAA);
	fcrdns_addr_parse("2001:db8::1", &want);
	assert_true(fcrdns_addr_equal(&s.first_addr, &want));
	assert_int_equal(s.authenticated, 0);

	s = ask("mx.test", FCRDNS_TYPE_MX);
	assert_int_equal(s.preference, 10);
	assert_string_equal(s.first_name, "mail.mx.test");

	s = ask("txt.test", FCRDNS_TYPE_TXT);
	assert_int_equal(s.nstrings, 2);
	assert_string_equal(s.joined, "v=spf1 ip4:192.0.2.0/24 -all");

	s = ask("1.2.0.192.in-addr.arpa", FCRDNS_TYPE_PTR);
	assert_string_equal(s.first_name, "Host.Example.test");
}

static void test_outcomes(void **state)
{
	static const struct {
		const char *name;
		fcrdns_lookup want;
		int rcode;
	} cases[] = {
		{ "nodata.test", FCRDNS_LOOKUP_NODATA, 0 },
		{ "missing.test", FCRDNS_LOOKUP_NXDOMAIN, 3 },
		{ "servfail.test", FCRDNS_LOOKUP_SERVFAIL, 2 },
		{ "refused.test", FCRDNS_LOOKUP_REFUSED, 5 },
		{ "timeout.test", FCRDNS_LOOKUP_TIMEOUT, -1 },
		{ "garbage.test", FCRDNS_LOOKUP_ERROR, 15 },
		{ "loop1.test", FCRDNS_LOOKUP_CNAME_LOOP, 0 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		seen s = ask(cases[i].name, FCRDNS_TYPE_A);
		if (s.outcome != cases[i].want || s.rcode != cases[i].rcode)
			fail_msg("%s: outcome %s rcode %d", cases[i].name, fcrdns_lookup_name(s.outcome),
				 s.rcode);
		assert_int_equal(s.nrrs, 0);
	}
	/* RFC 2308: a negative answer lives as long as its SOA says. */
	assert_int_equal(ask("nodata.test", FCRDNS_TYPE_A).ttl, 120);
}

static void test_cname_chains(void **state)
{
	fcrdns_addr want;
	seen s;

	(void)state;
	s = ask("alias.test", FCRDNS_TYPE_A);
	assert_int_equal(s.outcome, FCRDNS_LOOKUP_ANSWER);
	assert_int_equal(s.ncnames, 1);
	assert_string_equal(s.last_cname, "mid.test");
	assert_int_equal(s.authenticated, 1);
	fcrdns_addr_parse("192.0.2.9", &want);
	assert_true(fcrdns_addr_equal(&s.first_addr, &want));

	/* Across zones: a second query; its reply lacks AD, so the chain does. */
	s = ask("far.test", FCRDNS_TYPE_A);
	assert_int_equal(s.outcome, FCRDNS_LOOKUP_ANSWER);
	assert_string_equal(s.last_cname, "other.test");
	assert_int_equal(s.authenticated, 0);
	assert_int_equal(dnsscript_count(&script, "other.test", FCRDNS_TYPE_A), 1);

	s = ask("loop1.test", FCRDNS_TYPE_A);
	assert_int_equal(s.ncnames, FCRDNS_MAX_CNAME_HOPS);
}

static void test_coalescing_and_cache(void **state)
{
	fcrdns_ctx *ctx = dnsscript_ctx(&script, NULL, 0);
	seen s1 = { 0 }, s2 = { 0 }, s3 = { 0 }, t1 = { 0 }, t2 = { 0 };

	(void)state;
	start(ctx, "a.test", FCRDNS_TYPE_A, &s1);
	start(ctx, "A.TEST.", FCRDNS_TYPE_A, &s2); /* one key */
	assert_int_equal(fcrdns_run(ctx), FCRDNS_OK);
	assert_int_equal(dnsscript_count(&script, "a.test", FCRDNS_TYPE_A), 1);
	assert_int_equal(s1.calls + s2.calls, 2);
	assert_int_equal(s2.nrrs, 2);
	/* Cached: no query, still delivered from the loop. */
	start(ctx, "a.test", FCRDNS_TYPE_A, &s3);
	assert_int_equal(s3.calls, 0);
	assert_int_equal(fcrdns_run(ctx), FCRDNS_OK);
	assert_int_equal(s3.calls, 1);
	assert_int_equal(s3.nrrs, 2);
	assert_int_equal(dnsscript_count(&script, "a.test", FCRDNS_TYPE_A), 1);
	/* A transient outcome is never cached. */
	start(ctx, "servfail.test", FCRDNS_TYPE_A, &t1);
	assert_int_equal(fcrdns_run(ctx), FCRDNS_OK);
	start(ctx, "servfail.test", FCRDNS_TYPE_A, &t2);
	assert_int_equal(fcrdns_run(ctx), FCRDNS_OK);
	assert_int_equal(dnsscript_count(&script, "servfail.test", FCRDNS_TYPE_A), 2);
	fcrdns_ctx_free(ctx);
}

static void test_inflight_cap(void **state)
{
	fcrdns_options o = { .max_inflight = 2, .cache_entries = 0 };
	fcrdns_ctx *ctx = dnsscript_ctx(&script, &o, FCRDNS_OPT_MAX_INFLIGHT | FCRDNS_OPT_CACHE_ENTRIES);
	static const char *const names[] = { "a.test", "v6.test", "alias.test", "far.test", "nodata.test" };
	seen s[5] = { { 0 } };

	(void)state;
	script.most_outstanding = 0;
	for (size_t i = 0; i < 5; i++)
		start(ctx, names[i], FCRDNS_TYPE_A, &s[i]);
	assert_int_equal(fcrdns_run(ctx), FCRDNS_OK);
	for (size_t i = 0; i < 5; i++)
		assert_int_equal(s[i].calls, 1);
	assert_int_equal(script.most_outstanding, 2);
	fcrdns_ctx_free(ctx);
}

static void test_cancelled_on_free(void **state)
{
	fcrdns_options o = { .max_inflight = 1 };
	fcrdns_ctx *ctx = dnsscript_ctx(&script, &o, FCRDNS_OPT_MAX_INFLIGHT);
	seen on_wire = { 0 }, queued = { 0 }, hit = { 0 }, warm = { 0 };

	(void)state;
	start(ctx, "a.test", FCRDNS_TYPE_A, &warm);
	assert_int_equal(fcrdns_run(ctx), FCRDNS_OK);
	start(ctx, "silent.test", FCRDNS_TYPE_A, &on_wire);
	start(ctx, "v6.test", FCRDNS_TYPE_AAAA, &queued);
	start(ctx, "a.test", FCRDNS_TYPE_A, &hit);
	fcrdns_ctx_free(ctx);
	assert_int_equal(on_wire.calls, 1);
	assert_int_equal(on_wire.status, FCRDNS_ECANCELLED);
	assert_int_equal(queued.calls, 1);
	assert_int_equal(queued.status, FCRDNS_ECANCELLED);
	assert_int_equal(hit.calls, 1);
	assert_int_equal(hit.status, FCRDNS_ECANCELLED);
}

static void test_shared_cache(void **state)
{
	fcrdns_cache *shared;
	fcrdns_options o = { 0 };
	fcrdns_ctx *a, *b;
	seen s1 = { 0 }, s2 = { 0 };
	uint64_t hits, misses;

	(void)state;
	assert_int_equal(fcrdns_cache_new(&shared, 128), FCRDNS_OK);
	o.cache = shared;
	a = dnsscript_ctx(&script, &o, FCRDNS_OPT_CACHE);
	b = dnsscript_ctx(&script, &o, FCRDNS_OPT_CACHE);
	start(a, "mx.test", FCRDNS_TYPE_MX, &s1);
	assert_int_equal(fcrdns_run(a), FCRDNS_OK);
	/* Asked once in all: b finds what a cached. */
	start(b, "mx.test", FCRDNS_TYPE_MX, &s2);
	assert_int_equal(fcrdns_run(b), FCRDNS_OK);
	assert_int_equal(dnsscript_count(&script, "mx.test", FCRDNS_TYPE_MX), 1);
	assert_string_equal(s2.first_name, "mail.mx.test");
	fcrdns_cache_counts(shared, &hits, &misses);
	assert_int_equal(hits, 1);
	assert_int_equal(misses, 1);
	fcrdns_ctx_free(a);
	fcrdns_ctx_free(b);
	fcrdns_cache_free(shared);
}

static void test_bad_names(void **state)
{
	fcrdns_ctx *ctx = dnsscript_ctx(&script, NULL, 0);
	char long_name[300];
	seen s = { 0 };

	(void)state;
	memset(long_name, 'a', sizeof long_name - 1);
	long_name[sizeof long_name - 1] = '\0';
	assert_int_equal(fcrdns_query_start(ctx, "", FCRDNS_TYPE_A, on_answer, &s), FCRDNS_EINVAL);
	assert_int_equal(fcrdns_query_start(ctx, "a..test", FCRDNS_TYPE_A, on_answer, &s), FCRDNS_EINVAL);
	assert_int_equal(fcrdns_query_start(ctx, "a b.test", FCRDNS_TYPE_A, on_answer, &s), FCRDNS_EINVAL);
	assert_int_equal(fcrdns_query_start(ctx, long_name, FCRDNS_TYPE_A, on_answer, &s), FCRDNS_EINVAL);
	assert_int_equal(fcrdns_query_start(ctx, "0/25.2.0.192.in-addr.arpa", FCRDNS_TYPE_PTR,
					    on_answer, &s), FCRDNS_OK);
	assert_int_equal(fcrdns_run(ctx), FCRDNS_OK);
	assert_int_equal(s.calls, 1);
	fcrdns_ctx_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_typed_records),
		cmocka_unit_test(test_outcomes),
		cmocka_unit_test(test_cname_chains),
		cmocka_unit_test(test_coalescing_and_cache),
		cmocka_unit_test(test_inflight_cap),
		cmocka_unit_test(test_cancelled_on_free),
		cmocka_unit_test(test_shared_cache),
		cmocka_unit_test(test_bad_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
