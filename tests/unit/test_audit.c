/* SPDX-License-Identifier: MIT */
/* test_audit.c: the audit machine over the scripted DNS transport: one
 * table row per SPF or MX rule (lookup and void-lookup counts, loops,
 * classes and operators, sampling and the address cap, the implicit and
 * null MX, CNAME targets, temperrors) with the facts and exit status each
 * gives; and the pure exit-status rules as tables. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "audit/machine.h"
#include "dnsscript.h"

#define TXT(name, text) { name, FCRDNS_TYPE_TXT, .rrs = { { name, FCRDNS_TYPE_TXT, text } } }

static const script_entry table[] = {
	TXT("q.test", "v=spf1 ip4:192.0.2.1 -ip4:192.0.2.2 ?all"),
	TXT("loop.test", "v=spf1 include:_a.loop.test"),
	TXT("_a.loop.test", "v=spf1 include:loop.test"),
	TXT("void.test", "v=spf1 a:g1.void.test a:g2.void.test mx:g3.void.test"),
	TXT("void2.test", "v=spf1 a:g1.void2.test mx:g2.void2.test"),
	TXT("inc.test", "v=spf1 include:_spf.inc.test include:_spf.esp.example -all"),
	TXT("_spf.inc.test", "v=spf1 ip4:192.0.2.10 -all"),
	TXT("_spf.esp.example", "v=spf1 ip4:198.51.100.0/24 -all"),
	TXT("samp.test", "v=spf1 ip4:198.51.100.0/24 ip6:2001:db8::/64 -all"),
	TXT("redir.test", "v=spf1 redirect=_none.redir.test"),
	{ "two.test", FCRDNS_TYPE_TXT, .rrs = {
		{ "two.test", FCRDNS_TYPE_TXT, "v=spf1 ip4:192.0.2.1 -all" },
		{ "two.test", FCRDNS_TYPE_TXT, "v=spf1 ip4:192.0.2.2 -all" } } },
	{ "temp.test", FCRDNS_TYPE_TXT, .rcode = 2 },
	TXT("dual.test", "v=spf1 a/24//64 -all"),
	{ "dual.test", FCRDNS_TYPE_A, .rrs = { { "dual.test", FCRDNS_TYPE_A, "192.0.2.77" } } },
	{ "dual.test", FCRDNS_TYPE_AAAA, .rrs = { { "dual.test", FCRDNS_TYPE_AAAA, "2001:db8:1::5" } } },
	TXT("mxnull.test", "v=spf1 -all"),
	{ "mxnull.test", FCRDNS_TYPE_MX, .rrs = { { "mxnull.test", FCRDNS_TYPE_MX, "0 ." } } },
	TXT("mxcn.test", "v=spf1 -all"),
	{ "mxcn.test", FCRDNS_TYPE_MX, .rrs = { { "mxcn.test", FCRDNS_TYPE_MX, "10 mx.mxcn.test" } } },
	{ "mx.mxcn.test", FCRDNS_TYPE_A, .rrs = {
		{ "mx.mxcn.test", FCRDNS_TYPE_CNAME, "real.mxcn.test" } } },
	{ "real.mxcn.test", FCRDNS_TYPE_A, .rrs = { { "real.mxcn.test", FCRDNS_TYPE_A, "192.0.2.50" } } },
	TXT("mxprov.test", "v=spf1 -all"),
	{ "mxprov.test", FCRDNS_TYPE_MX, .rrs = { { "mxprov.test", FCRDNS_TYPE_MX, "10 mx.host.example" } } },
	{ "mx.host.example", FCRDNS_TYPE_A, .rrs = { { "mx.host.example", FCRDNS_TYPE_A, "192.0.2.60" } } },
	TXT("mxtemp.test", "v=spf1 -all"),
	{ "mxtemp.test", FCRDNS_TYPE_MX, .rcode = 2 },
	TXT("redirall.test", "v=spf1 -all redirect=x.redirall.test"),
	TXT("macro.test", "v=spf1 exists:%{i}.macro.test ptr include:%{l}.macro.test -all"),
	TXT("atemp.test", "v=spf1 a:h.atemp.test -all"),
	{ "h.atemp.test", FCRDNS_TYPE_A, .rcode = 2 },
	TXT("syn.test", "v=spf1 ip4:192.0.2.999 include:x.syn.test -all"),
	{ "x.syn.test", FCRDNS_TYPE_TXT, .rcode = 2 },
};

static dns_script script = { table, sizeof table / sizeof table[0], 0, 0, 0, "" };

typedef struct outcome {
	audit_domain *d;
	int events[3];
} outcome;

static void on_event(void *arg, int event, audit_domain *d, audit_address *a)
{
	outcome *o = arg;

	(void)a;
	o->d = d;
	o->events[event]++;
}

/* One audit: its domain and options, and what it must give. */
typedef struct row {
	const char *domain;
	unsigned sample;
	size_t max;
	const char *given;        /* an --ip, or NULL */
	audit_spf_result spf;
	unsigned lookups, voids;
	const char *codes;        /* the summary's problem codes */
	size_t nsources, nmx, naddrs, unchecked;
	const char *checked;      /* each source's checked count */
	int exit;
} row;

/* Return the summary codes of d as "a,b". */
static const char *summary_codes(const audit_domain *d)
{
	static char buf[256];
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < d->summary.ncodes; i++)
		n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s", i ? "," : "",
				      audit_problem_name(d->summary.codes[i]));
	return buf;
}

/* Return each source's checked count of d as "1,0". */
static const char *checked_counts(const audit_domain *d)
{
	static char buf[256];
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < d->nsources; i++)
		n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%zu", i ? "," : "",
				      d->sources[i].checked);
	return buf;
}

/* Audit r->domain over the script; the caller frees *session. */
static audit_domain *run_audit(const row *r, audit_session **session, fcrdns_ctx **ctx)
{
	static outcome o;
	fcrdns_addr given;
	audit_options opts = { .sample = r->sample ? r->sample : 4,
			       .max_addresses = r->max ? r->max : 1024, .no_smtp = 1 };

	if (r->given) {
		assert_int_equal(fcrdns_addr_parse(r->given, &given), FCRDNS_OK);
		opts.given = &given;
		opts.ngiven = 1;
	}
	memset(&o, 0, sizeof o);
	*ctx = dnsscript_ctx(&script, NULL, 0);
	assert_int_equal(audit_session_new(session, *ctx, &opts), FCRDNS_OK);
	assert_int_equal(audit_start(*session, r->domain, on_event, &o), FCRDNS_OK);
	assert_int_equal(fcrdns_run(*ctx), FCRDNS_OK);
	assert_int_equal(o.events[AUDIT_EVENT_FOUND], 1);
	assert_int_equal(o.events[AUDIT_EVENT_DONE], 1);
	assert_int_equal((size_t)o.events[AUDIT_EVENT_ADDRESS], o.d->naddrs);
	assert_false(audit_session_failed(*session));
	return o.d;
}

static const row rows[] = {
	/* Qualifiers: only "+" is checked; its address has no PTR. */
	{ "q.test", .spf = AUDIT_SPF_OK, .codes = "", .nsources = 2, .naddrs = 1, .checked = "1,0",
	  .exit = AUDIT_EXIT_FAIL },
	/* The include that closes a loop counts, and is not read again. */
	{ "loop.test", .spf = AUDIT_SPF_PERMERROR, .lookups = 2, .codes = "spf-loop",
	  .checked = "", .exit = AUDIT_EXIT_FAIL },
	{ "void.test", .spf = AUDIT_SPF_PERMERROR, .lookups = 3, .voids = 3,
	  .codes = "spf-too-many-void-lookups", .nsources = 3, .checked = "0,0,0",
	  .exit = AUDIT_EXIT_FAIL },
	/* Two void lookups are allowed; the terms still count as senders. */
	{ "void2.test", .spf = AUDIT_SPF_OK, .lookups = 2, .voids = 2, .codes = "", .nsources = 2,
	  .checked = "0,0", .exit = AUDIT_EXIT_OK },
	/* An include into another organisation: a provider, not checked. */
	{ "inc.test", .spf = AUDIT_SPF_OK, .lookups = 2, .codes = "", .nsources = 2, .naddrs = 1,
	  .checked = "1,0", .exit = AUDIT_EXIT_FAIL },
	{ "samp.test", .spf = AUDIT_SPF_OK, .codes = "", .nsources = 2, .naddrs = 8,
	  .checked = "4,4", .exit = AUDIT_EXIT_FAIL },
	{ "samp.test", .sample = 2, .spf = AUDIT_SPF_OK, .codes = "", .nsources = 2, .naddrs = 4,
	  .checked = "2,2", .exit = AUDIT_EXIT_FAIL },
	{ "samp.test", .max = 5, .spf = AUDIT_SPF_OK, .codes = "address-cap", .nsources = 2,
	  .naddrs = 5, .unchecked = 3, .checked = "4,1", .exit = AUDIT_EXIT_FAIL },
	{ "redir.test", .spf = AUDIT_SPF_PERMERROR, .lookups = 1, .codes = "spf-redirect-no-record",
	  .checked = "", .exit = AUDIT_EXIT_FAIL },
	{ "two.test", .spf = AUDIT_SPF_PERMERROR, .codes = "spf-multiple-records", .checked = "",
	  .exit = AUDIT_EXIT_FAIL },
	{ "temp.test", .spf = AUDIT_SPF_TEMPERROR, .codes = "", .checked = "",
	  .exit = AUDIT_EXIT_TEMPERROR },
	/* a/24//64: both families widened; the implicit MX is the domain's
	 * own two addresses, checked first, then 4 + 4 samples. */
	{ "dual.test", .spf = AUDIT_SPF_OK, .lookups = 1, .codes = "", .nsources = 1, .nmx = 1,
	  .naddrs = 10, .checked = "8", .exit = AUDIT_EXIT_FAIL },
	{ "nothing.test", .spf = AUDIT_SPF_NONE, .codes = "no-spf", .checked = "",
	  .exit = AUDIT_EXIT_NOTHING },
	{ "nothing.test", .given = "192.0.2.1", .spf = AUDIT_SPF_NONE, .codes = "no-spf",
	  .naddrs = 1, .checked = "", .exit = AUDIT_EXIT_FAIL },
	{ "mxnull.test", .spf = AUDIT_SPF_OK, .codes = "", .checked = "", .exit = AUDIT_EXIT_NOTHING },
	{ "mxcn.test", .spf = AUDIT_SPF_OK, .codes = "mx-cname", .nmx = 1, .naddrs = 1,
	  .checked = "", .exit = AUDIT_EXIT_FAIL },
	/* A provider's MX host: found, so not "nothing", but never checked. */
	{ "mxprov.test", .spf = AUDIT_SPF_OK, .codes = "", .nmx = 1, .checked = "",
	  .exit = AUDIT_EXIT_OK },
	{ "mxtemp.test", .spf = AUDIT_SPF_OK, .codes = "mx-temperror", .checked = "",
	  .exit = AUDIT_EXIT_TEMPERROR },
	/* redirect= beside "all": not followed, not counted. */
	{ "redirall.test", .spf = AUDIT_SPF_OK, .codes = "", .checked = "",
	  .exit = AUDIT_EXIT_NOTHING },
	/* exists, ptr and a sender macro count as lookups and cannot be listed. */
	{ "macro.test", .spf = AUDIT_SPF_OK, .lookups = 3, .codes = "", .nsources = 3,
	  .checked = "0,0,0", .exit = AUDIT_EXIT_OK },
	{ "atemp.test", .spf = AUDIT_SPF_TEMPERROR, .lookups = 1, .codes = "", .nsources = 1,
	  .checked = "0", .exit = AUDIT_EXIT_TEMPERROR },
	/* A permerror holds over a temperror. */
	{ "syn.test", .spf = AUDIT_SPF_PERMERROR, .lookups = 1, .codes = "spf-syntax",
	  .checked = "", .exit = AUDIT_EXIT_FAIL },
};

static void test_rules(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		const row *r = &rows[i];
		audit_session *session;
		fcrdns_ctx *ctx;
		audit_domain *d = run_audit(r, &session, &ctx);
		if (d->spf_result != r->spf || d->lookups != r->lookups || d->void_lookups != r->voids ||
		    strcmp(summary_codes(d), r->codes) != 0 || d->nsources != r->nsources ||
		    d->nmx != r->nmx || d->naddrs != r->naddrs || d->unchecked != r->unchecked ||
		    strcmp(checked_counts(d), r->checked) != 0 || d->summary.exit_status != r->exit)
			fail_msg("row %zu (%s): spf %s lookups %u void %u codes %s sources %zu mx %zu"
				 " addrs %zu unchecked %zu checked %s exit %d", i, r->domain,
				 audit_spf_result_name(d->spf_result), d->lookups, d->void_lookups,
				 summary_codes(d), d->nsources, d->nmx, d->naddrs, d->unchecked,
				 checked_counts(d), d->summary.exit_status);
		fcrdns_ctx_free(ctx);
		audit_session_free(session);
	}
}

/* Classes and operators: own under the audited registrable domain, a
 * provider (with its registrable domain) elsewhere. */
static void test_classes(void **state)
{
	row r = { .domain = "inc.test" };
	audit_session *session;
	fcrdns_ctx *ctx;
	audit_domain *d;

	(void)state;
	d = run_audit(&r, &session, &ctx);
	assert_int_equal(d->sources[0].found->cls, AUDIT_OWN);
	assert_null(d->sources[0].found->operator);
	assert_string_equal(d->sources[0].record->domain, "_spf.inc.test");
	assert_int_equal(d->sources[1].found->cls, AUDIT_PROVIDER);
	assert_string_equal(d->sources[1].found->operator, "esp.example");
	assert_int_equal(d->addrs[0].roles, AUDIT_ROLE_SPF);
	fcrdns_ctx_free(ctx);
	audit_session_free(session);

	r.domain = "mxprov.test";
	d = run_audit(&r, &session, &ctx);
	assert_int_equal(d->mx[0].cls, AUDIT_PROVIDER);
	assert_string_equal(d->mx[0].operator, "host.example");
	fcrdns_ctx_free(ctx);
	audit_session_free(session);
}

/* dual-cidr: the blocks, their summed size, and the MX addresses. */
static void test_dual_cidr(void **state)
{
	row r = { .domain = "dual.test" };
	audit_session *session;
	fcrdns_ctx *ctx;
	char cidr[SPF_CIDR_MAX], size[64];
	audit_domain *d;

	(void)state;
	d = run_audit(&r, &session, &ctx);
	assert_int_equal(d->sources[0].found->ncidrs, 2);
	assert_string_equal(spf_cidr_format(&d->sources[0].found->cidrs[0].net,
					    d->sources[0].found->cidrs[0].prefix, cidr), "192.0.2.0/24");
	assert_string_equal(spf_cidr_format(&d->sources[0].found->cidrs[1].net,
					    d->sources[0].found->cidrs[1].prefix, cidr),
			    "2001:db8:1::/64");
	assert_string_equal(spf_count_format(&d->sources[0].size, size), "18446744073709551872");
	assert_true(d->mx[0].implicit);
	assert_int_equal(d->mx[0].naddrs, 2);
	assert_int_equal(d->addrs[0].roles, AUDIT_ROLE_MX);
	assert_string_equal(d->addrs[2].ip, "192.0.2.0");
	fcrdns_ctx_free(ctx);
	audit_session_free(session);
}

/* Freeing the context mid-audit cancels it: no event after, no leak. */
static void test_cancelled(void **state)
{
	fcrdns_ctx *ctx = dnsscript_ctx(&script, NULL, 0);
	audit_options opts = { .sample = 4, .max_addresses = 16, .no_smtp = 1 };
	audit_session *session;
	outcome o = { 0 };

	(void)state;
	assert_int_equal(audit_session_new(&session, ctx, &opts), FCRDNS_OK);
	assert_int_equal(audit_start(session, "inc.test", on_event, &o), FCRDNS_OK);
	assert_int_equal(fcrdns_process(ctx, 0), FCRDNS_OK);
	fcrdns_ctx_free(ctx);
	assert_int_equal(o.events[AUDIT_EVENT_DONE], 0);
	audit_session_free(session);
}

static void test_exit_status(void **state)
{
	static const struct {
		exit_facts f;
		int exit;
	} cases[] = {
		{ { AUDIT_SPF_OK, 0, 0, 0, 0 }, AUDIT_EXIT_OK },
		{ { AUDIT_SPF_OK, 1, 1, 0, 0 }, AUDIT_EXIT_FAIL },
		{ { AUDIT_SPF_PERMERROR, 0, 1, 0, 1 }, AUDIT_EXIT_FAIL },
		{ { AUDIT_SPF_TEMPERROR, 0, 0, 0, 0 }, AUDIT_EXIT_TEMPERROR },
		{ { AUDIT_SPF_OK, 0, 1, 0, 0 }, AUDIT_EXIT_TEMPERROR },
		{ { AUDIT_SPF_OK, 0, 0, 1, 0 }, AUDIT_EXIT_TEMPERROR },
		{ { AUDIT_SPF_NONE, 0, 0, 0, 1 }, AUDIT_EXIT_NOTHING },
		{ { AUDIT_SPF_TEMPERROR, 0, 0, 0, 1 }, AUDIT_EXIT_TEMPERROR },
		{ { AUDIT_SPF_NONE, 0, 0, 0, 0 }, AUDIT_EXIT_OK },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		if (exit_status(&cases[i].f) != cases[i].exit)
			fail_msg("case %zu: %d, want %d", i, exit_status(&cases[i].f), cases[i].exit);
}

/* Several domains: the first of 1, 2, 3, 0 that any has. */
static void test_exit_combine(void **state)
{
	static const struct {
		int a, b, want;
	} cases[] = {
		{ -1, 0, 0 }, { 0, 3, 3 }, { 3, 0, 3 }, { 3, 2, 2 }, { 2, 3, 2 },
		{ 2, 1, 1 }, { 1, 0, 1 }, { 0, 0, 0 }, { 1, 2, 1 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		assert_int_equal(audit_exit_combine(cases[i].a, cases[i].b), cases[i].want);
}

static void test_domain_valid(void **state)
{
	static const struct {
		const char *name;
		int valid;
	} cases[] = {
		{ "example.com", 1 }, { "Example.COM.", 1 }, { "exa mple.test", 0 },
		{ "a..b.test", 0 }, { "sub.-lead.test", 0 }, { "bad_name!.test", 0 },
		{ "192.0.2.1", 0 }, { "", 0 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		if (audit_domain_valid(cases[i].name) != cases[i].valid)
			fail_msg("%s: %d", cases[i].name, !cases[i].valid);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rules),
		cmocka_unit_test(test_classes),
		cmocka_unit_test(test_dual_cidr),
		cmocka_unit_test(test_cancelled),
		cmocka_unit_test(test_exit_status),
		cmocka_unit_test(test_exit_combine),
		cmocka_unit_test(test_domain_valid),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
