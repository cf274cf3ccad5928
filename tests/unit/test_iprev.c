/* SPDX-License-Identifier: MIT */
/* test_iprev.c: the check machine end to end, over the scripted DNS
 * transport instead of sockets: every RFC 8601 outcome, RFC 2317 CNAMEs,
 * names that are never looked up, the HELO and expected-name lookups, and
 * checks cancelled when the context is freed. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "dnsscript.h"

#define PTR(n) n ".2.0.192.in-addr.arpa"

static const script_entry table[] = {
	{ PTR("1"), FCRDNS_TYPE_PTR, .rrs = { { PTR("1"), FCRDNS_TYPE_PTR, "pass.example.com" } } },
	{ "pass.example.com", FCRDNS_TYPE_A, .rrs = { { "pass.example.com", FCRDNS_TYPE_A, "192.0.2.1" } } },
	{ PTR("2"), FCRDNS_TYPE_PTR, .rrs = { { PTR("2"), FCRDNS_TYPE_PTR, "mismatch.test" } } },
	{ "mismatch.test", FCRDNS_TYPE_A, .rrs = { { "mismatch.test", FCRDNS_TYPE_A, "192.0.2.99" } } },
	{ PTR("3"), FCRDNS_TYPE_PTR, .rrs = { { PTR("3"), FCRDNS_TYPE_PTR, "gone.test" } } },
	{ PTR("4"), FCRDNS_TYPE_PTR, .rcode = 2 },
	{ PTR("5"), FCRDNS_TYPE_PTR, .rrs = { { PTR("5"), FCRDNS_TYPE_PTR, "slow.test" } } },
	{ "slow.test", FCRDNS_TYPE_A, .kind = SCRIPT_TIMEOUT },
	{ PTR("7"), FCRDNS_TYPE_PTR, .neg_ttl = 60 },
	/* RFC 2317: the reverse name is a CNAME into a classless zone. */
	{ PTR("8"), FCRDNS_TYPE_PTR, .rrs = { { PTR("8"), FCRDNS_TYPE_CNAME, PTR("8.0/25") } } },
	{ PTR("8.0/25"), FCRDNS_TYPE_PTR, .rrs = { { PTR("8.0/25"), FCRDNS_TYPE_PTR, "classless.test" } } },
	{ "classless.test", FCRDNS_TYPE_A, .rrs = { { "classless.test", FCRDNS_TYPE_A, "192.0.2.8" } } },
	{ PTR("9"), FCRDNS_TYPE_PTR, .rrs = {
		{ PTR("9"), FCRDNS_TYPE_PTR, "b9.test" }, { PTR("9"), FCRDNS_TYPE_PTR, "a9.test" } } },
	{ "b9.test", FCRDNS_TYPE_A, .rrs = { { "b9.test", FCRDNS_TYPE_A, "192.0.2.9" } } },
	{ PTR("10"), FCRDNS_TYPE_PTR, .rrs = { { PTR("10"), FCRDNS_TYPE_PTR, "bad!name.test" } } },
	{ PTR("11"), FCRDNS_TYPE_PTR, .rrs = {
		{ PTR("11"), FCRDNS_TYPE_PTR, "gone11.test" }, { PTR("11"), FCRDNS_TYPE_PTR, "sf11.test" } } },
	{ "sf11.test", FCRDNS_TYPE_A, .rcode = 2 },
	{ PTR("12"), FCRDNS_TYPE_PTR, .rrs = {
		{ PTR("12"), FCRDNS_TYPE_PTR, "sf12.test" }, { PTR("12"), FCRDNS_TYPE_PTR, "ok12.test" } } },
	{ "sf12.test", FCRDNS_TYPE_A, .rcode = 2 },
	{ "ok12.test", FCRDNS_TYPE_A, .rrs = { { "ok12.test", FCRDNS_TYPE_A, "192.0.2.12" } } },
	{ "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa", FCRDNS_TYPE_PTR,
	  .rrs = { { "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa",
		     FCRDNS_TYPE_PTR, "six.test" } } },
	{ "six.test", FCRDNS_TYPE_AAAA, .rrs = { { "six.test", FCRDNS_TYPE_AAAA, "2001:db8::1" } } },
	{ "helo.example.com", FCRDNS_TYPE_A, .rrs = { { "helo.example.com", FCRDNS_TYPE_A, "192.0.2.1" } } },
	{ PTR("13"), FCRDNS_TYPE_PTR, .kind = SCRIPT_SILENT },
	/* DNSSEC: both answers authenticated; then only the PTR. */
	{ PTR("14"), FCRDNS_TYPE_PTR, .ad = 1, .rrs = { { PTR("14"), FCRDNS_TYPE_PTR, "signed.test" } } },
	{ "signed.test", FCRDNS_TYPE_A, .ad = 1, .rrs = { { "signed.test", FCRDNS_TYPE_A, "192.0.2.14" } } },
	{ PTR("15"), FCRDNS_TYPE_PTR, .ad = 1, .rrs = { { PTR("15"), FCRDNS_TYPE_PTR, "unsigned.test" } } },
	{ "unsigned.test", FCRDNS_TYPE_A, .rrs = { { "unsigned.test", FCRDNS_TYPE_A, "192.0.2.15" } } },
};

static dns_script script = { table, sizeof table / sizeof table[0], 0, 0, 0, "" };

typedef struct outcome {
	int calls, status;
	fcrdns_result *r;
} outcome;

static void on_result(void *arg, int status, const fcrdns_result *r)
{
	outcome *o = arg;

	o->calls++;
	o->status = status;
	o->r = r ? fcrdns_result_dup(r) : NULL;
}

/* Check ip (with helo and expect, may be NULL) and return the result. */
static fcrdns_result *run_check(const char *ip, const char *helo, const char *expect)
{
	fcrdns_ctx *ctx = dnsscript_ctx(&script, NULL, 0);
	fcrdns_request req = { .helo = helo, .expect = expect };
	outcome o = { 0 };

	assert_int_equal(fcrdns_addr_parse(ip, &req.addr), FCRDNS_OK);
	assert_int_equal(fcrdns_check_start(ctx, &req, on_result, &o), FCRDNS_OK);
	assert_int_equal(o.calls, 0);
	assert_int_equal(fcrdns_run(ctx), FCRDNS_OK);
	fcrdns_ctx_free(ctx);
	assert_int_equal(o.calls, 1);
	assert_int_equal(o.status, FCRDNS_OK);
	assert_non_null(o.r);
	return o.r;
}

/* Return the problem codes of r as "a,b,c". */
static const char *codes(const fcrdns_result *r)
{
	static char buf[256];
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < r->nproblems; i++)
		n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s", i ? "," : "",
				      fcrdns_problem_name(r->problems[i].code));
	return buf;
}

static void test_verdicts(void **state)
{
	static const struct {
		const char *ip;
		fcrdns_iprev iprev;
		const char *confirmed;
		const char *codes;
	} cases[] = {
		{ "192.0.2.1", FCRDNS_IPREV_PASS, "pass.example.com", "" },
		{ "192.0.2.2", FCRDNS_IPREV_FAIL, NULL, "forward-mismatch" },
		{ "192.0.2.3", FCRDNS_IPREV_FAIL, NULL, "forward-missing" },
		{ "192.0.2.4", FCRDNS_IPREV_TEMPERROR, NULL, "ptr-temperror" },
		{ "192.0.2.5", FCRDNS_IPREV_TEMPERROR, NULL, "forward-temperror" },
		{ "192.0.2.6", FCRDNS_IPREV_PERMERROR, NULL, "no-ptr" },
		{ "192.0.2.7", FCRDNS_IPREV_PERMERROR, NULL, "no-ptr" },
		{ "192.0.2.8", FCRDNS_IPREV_PASS, "classless.test", "" },
		{ "192.0.2.9", FCRDNS_IPREV_PASS, "b9.test", "multiple-ptr,forward-missing" },
		{ "192.0.2.10", FCRDNS_IPREV_FAIL, NULL, "forward-missing" },
		{ "192.0.2.11", FCRDNS_IPREV_TEMPERROR, NULL,
		  "multiple-ptr,forward-missing,forward-temperror" },
		{ "192.0.2.12", FCRDNS_IPREV_PASS, "ok12.test", "multiple-ptr,forward-temperror" },
		{ "2001:db8::1", FCRDNS_IPREV_PASS, "six.test", "" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		fcrdns_result *r = run_check(cases[i].ip, NULL, NULL);
		if (r->iprev != cases[i].iprev || strcmp(codes(r), cases[i].codes) != 0 ||
		    (cases[i].confirmed == NULL) != (r->confirmed == NULL) ||
		    (r->confirmed && strcmp(r->confirmed, cases[i].confirmed) != 0))
			fail_msg("%s: %s confirmed %s problems %s", cases[i].ip,
				 fcrdns_iprev_name(r->iprev), r->confirmed ? r->confirmed : "-", codes(r));
		fcrdns_result_free(r);
	}
}

static void test_lookup_details(void **state)
{
	fcrdns_result *r;

	(void)state;
	r = run_check("192.0.2.8", NULL, NULL);
	assert_string_equal(r->ptr_cname, PTR("8.0/25"));
	assert_int_equal(r->ptr_outcome, FCRDNS_LOOKUP_ANSWER);
	fcrdns_result_free(r);

	r = run_check("192.0.2.10", NULL, NULL);
	assert_int_equal(r->checks[0].outcome, FCRDNS_LOOKUP_SKIPPED);
	assert_int_equal(dnsscript_count(&script, "bad!name.test", FCRDNS_TYPE_A), 0);
	fcrdns_result_free(r);

	r = run_check("192.0.2.7", NULL, NULL);
	assert_int_equal(r->ptr_outcome, FCRDNS_LOOKUP_NODATA);
	assert_int_equal(r->problems[0].outcome, FCRDNS_LOOKUP_NODATA);
	fcrdns_result_free(r);
}

static void test_dnssec(void **state)
{
	fcrdns_result *r;

	(void)state;
	r = run_check("192.0.2.14", NULL, NULL);
	assert_int_equal(fcrdns_dnssec_ptr(r), FCRDNS_DNSSEC_SECURE);
	assert_int_equal(fcrdns_dnssec_forward(r), FCRDNS_DNSSEC_SECURE);
	fcrdns_result_free(r);
	r = run_check("192.0.2.15", NULL, NULL);
	assert_int_equal(fcrdns_dnssec_ptr(r), FCRDNS_DNSSEC_SECURE);
	assert_int_equal(fcrdns_dnssec_forward(r), FCRDNS_DNSSEC_INSECURE);
	fcrdns_result_free(r);
	r = run_check("192.0.2.2", NULL, NULL);
	assert_int_equal(fcrdns_dnssec_ptr(r), FCRDNS_DNSSEC_INSECURE);
	assert_int_equal(fcrdns_dnssec_forward(r), FCRDNS_DNSSEC_NONE);
	fcrdns_result_free(r);
}

static void test_helo_and_expect(void **state)
{
	fcrdns_result *r;

	(void)state;
	r = run_check("192.0.2.1", "helo.example.com", "pass.example.com");
	assert_int_equal(r->iprev, FCRDNS_IPREV_PASS);
	assert_int_equal(r->helo, FCRDNS_HELO_SAME_DOMAIN);
	assert_true(r->helo_check.confirms);
	assert_true(r->expect_check.confirms);
	assert_int_equal(r->fix_owner, FCRDNS_FIX_NONE);
	fcrdns_result_free(r);

	r = run_check("192.0.2.2", "unknown.example.com", "wanted.example.com");
	assert_int_equal(r->helo, FCRDNS_HELO_UNRESOLVABLE);
	assert_int_equal(r->fix_owner, FCRDNS_FIX_BOTH);
	assert_string_equal(codes(r), "forward-mismatch,unexpected-ptr,helo-unresolvable");
	fcrdns_result_free(r);
}

static void test_cancelled_on_free(void **state)
{
	fcrdns_ctx *ctx = dnsscript_ctx(&script, NULL, 0);
	fcrdns_request req = { .helo = "helo.example.com" };
	outcome silent = { 0 }, done = { 0 };

	(void)state;
	assert_int_equal(fcrdns_addr_parse("192.0.2.13", &req.addr), FCRDNS_OK);
	assert_int_equal(fcrdns_check_start(ctx, &req, on_result, &silent), FCRDNS_OK);
	assert_int_equal(fcrdns_addr_parse("192.0.2.1", &req.addr), FCRDNS_OK);
	assert_int_equal(fcrdns_check_start(ctx, &req, on_result, &done), FCRDNS_OK);
	for (int i = 0; i < 10 && done.calls == 0; i++)
		assert_int_equal(fcrdns_process(ctx, 0), FCRDNS_OK);
	assert_int_equal(done.calls, 1);
	assert_int_equal(silent.calls, 0);
	assert_int_equal(fcrdns_pending(ctx), 1);
	fcrdns_ctx_free(ctx);
	assert_int_equal(silent.calls, 1);
	assert_int_equal(silent.status, FCRDNS_ECANCELLED);
	assert_null(silent.r);
	fcrdns_result_free(done.r);
}

static void test_sync_deadline(void **state)
{
	fcrdns_ctx *ctx = dnsscript_ctx(&script, NULL, 0);
	fcrdns_request req = { 0 };
	fcrdns_result *r;

	(void)state;
	assert_int_equal(fcrdns_addr_parse("192.0.2.13", &req.addr), FCRDNS_OK);
	assert_int_equal(fcrdns_check_request_sync(ctx, &req, 50, &r), FCRDNS_OK);
	assert_int_equal(r->iprev, FCRDNS_IPREV_TEMPERROR);
	assert_int_equal(r->ptr_outcome, FCRDNS_LOOKUP_TIMEOUT);
	fcrdns_result_free(r);
	fcrdns_ctx_free(ctx); /* the abandoned check is cancelled silently */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_verdicts),
		cmocka_unit_test(test_lookup_details),
		cmocka_unit_test(test_dnssec),
		cmocka_unit_test(test_helo_and_expect),
		cmocka_unit_test(test_cancelled_on_free),
		cmocka_unit_test(test_sync_deadline),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
