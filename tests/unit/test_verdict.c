/* SPDX-License-Identifier: MIT */
/* test_verdict.c: RFC 8601 iprev decisions and problem codes on synthetic
 * lookup outcomes, one table row per rule. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "check/internal.h"

#define MAXN 16

typedef struct forward {
	fcrdns_lookup outcome;
	const char *addrs; /* space-separated, or NULL */
} forward;

typedef struct verdict_case {
	const char *what;
	const char *ip;
	fcrdns_lookup ptr_outcome;
	const char *names[MAXN];
	forward fwd[MAXN];        /* by position in the sorted PTR list */
	fcrdns_iprev want;
	const char *want_confirmed;
	const char *want_codes;   /* space-separated, in order */
} verdict_case;

#define ANS(x) { FCRDNS_LOOKUP_ANSWER, x }
#define NX { FCRDNS_LOOKUP_NXDOMAIN, NULL }
#define NODATA { FCRDNS_LOOKUP_NODATA, NULL }
#define SERVFAIL { FCRDNS_LOOKUP_SERVFAIL, NULL }
#define TIMEOUT { FCRDNS_LOOKUP_TIMEOUT, NULL }

static const verdict_case cases[] = {
	{ "pass", "192.0.2.1", FCRDNS_LOOKUP_ANSWER, { "mail.example.test" },
	  { ANS("192.0.2.1") }, FCRDNS_IPREV_PASS, "mail.example.test", "" },
	{ "mismatch", "192.0.2.1", FCRDNS_LOOKUP_ANSWER, { "mail.example.test" },
	  { ANS("192.0.2.9") }, FCRDNS_IPREV_FAIL, NULL, "forward-mismatch" },
	{ "forward nxdomain", "192.0.2.1", FCRDNS_LOOKUP_ANSWER, { "a.test" },
	  { NX }, FCRDNS_IPREV_FAIL, NULL, "forward-missing" },
	{ "forward nodata", "192.0.2.1", FCRDNS_LOOKUP_ANSWER, { "a.test" },
	  { NODATA }, FCRDNS_IPREV_FAIL, NULL, "forward-missing" },
	{ "ptr nxdomain", "192.0.2.1", FCRDNS_LOOKUP_NXDOMAIN, { NULL }, { NX },
	  FCRDNS_IPREV_PERMERROR, NULL, "no-ptr" },
	{ "ptr nodata", "2001:db8::1", FCRDNS_LOOKUP_NODATA, { NULL }, { NX },
	  FCRDNS_IPREV_PERMERROR, NULL, "no-ptr" },
	{ "ptr servfail", "192.0.2.1", FCRDNS_LOOKUP_SERVFAIL, { NULL }, { NX },
	  FCRDNS_IPREV_TEMPERROR, NULL, "ptr-temperror" },
	{ "ptr timeout", "192.0.2.1", FCRDNS_LOOKUP_TIMEOUT, { NULL }, { NX },
	  FCRDNS_IPREV_TEMPERROR, NULL, "ptr-temperror" },
	{ "forward servfail", "192.0.2.1", FCRDNS_LOOKUP_ANSWER, { "a.test" },
	  { SERVFAIL }, FCRDNS_IPREV_TEMPERROR, NULL, "forward-temperror" },
	{ "later name confirms", "192.0.2.1", FCRDNS_LOOKUP_ANSWER, { "b.test", "a.test" },
	  { ANS("192.0.2.7"), ANS("192.0.2.1") }, FCRDNS_IPREV_PASS, "b.test",
	  "multiple-ptr forward-mismatch" },
	{ "transient does not block pass", "192.0.2.1", FCRDNS_LOOKUP_ANSWER, { "a.test", "b.test" },
	  { TIMEOUT, ANS("192.0.2.1") }, FCRDNS_IPREV_PASS, "b.test",
	  "multiple-ptr forward-temperror" },
	{ "transient beats mismatch", "192.0.2.1", FCRDNS_LOOKUP_ANSWER, { "a.test", "b.test" },
	  { SERVFAIL, ANS("192.0.2.2") }, FCRDNS_IPREV_TEMPERROR, NULL,
	  "multiple-ptr forward-temperror forward-mismatch" },
	{ "duplicates and case folded", "192.0.2.1", FCRDNS_LOOKUP_ANSWER,
	  { "A.test", "a.TEST", "a.test" }, { ANS("192.0.2.1") }, FCRDNS_IPREV_PASS, "a.test", "" },
	{ "ipv6 exact match only", "2001:db8::25", FCRDNS_LOOKUP_ANSWER, { "v6.test" },
	  { ANS("2001:db8::26") }, FCRDNS_IPREV_FAIL, NULL, "forward-mismatch" },
	{ "skipped name counts as missing", "192.0.2.1", FCRDNS_LOOKUP_ANSWER, { "bad\\007.test" },
	  { { FCRDNS_LOOKUP_SKIPPED, NULL } }, FCRDNS_IPREV_FAIL, NULL, "forward-missing" },
};

static void apply_forward(fcrdns_result *r, size_t i, const forward *f)
{
	char list[256], *save = NULL;

	r->checks[i].outcome = f->outcome;
	if (f->addrs == NULL)
		return;
	snprintf(list, sizeof list, "%s", f->addrs);
	for (char *tok = strtok_r(list, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		fcrdns_addr a;
		assert_int_equal(fcrdns_addr_parse(tok, &a), FCRDNS_OK);
		r->checks[i].addrs[r->checks[i].naddrs_kept++] = a;
		r->checks[i].naddrs++;
		if (fcrdns_addr_equal(&a, &r->addr))
			r->checks[i].confirms = 1;
	}
}

static void codes_of(const fcrdns_result *r, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < r->nproblems; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s%s", i ? " " : "",
					 fcrdns_problem_name(r->problems[i].code));
}

static fcrdns_result *build(const verdict_case *c)
{
	fcrdns_addr a;
	fcrdns_result *r;
	size_t n = 0;

	assert_int_equal(fcrdns_addr_parse(c->ip, &a), FCRDNS_OK);
	assert_non_null(r = result_new(&a));
	r->ptr_outcome = c->ptr_outcome;
	while (n < MAXN && c->names[n])
		n++;
	if (n > 0)
		assert_int_equal(result_set_ptr(r, (char *const *)c->names, n), 0);
	for (size_t i = 0; i < r->nchecks; i++)
		apply_forward(r, i, &c->fwd[i]);
	return r;
}

static void test_cases(void **state)
{
	char codes[512];

	(void)state;
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		fcrdns_result *r = build(&cases[k]);
		verdict_decide(r);
		assert_int_equal(verdict_problems(r), 0);
		codes_of(r, codes, sizeof codes);
		if (r->iprev != cases[k].want || strcmp(codes, cases[k].want_codes) != 0)
			fail_msg("%s: got %s [%s]", cases[k].what, fcrdns_iprev_name(r->iprev), codes);
		if (cases[k].want_confirmed)
			assert_string_equal(r->confirmed, cases[k].want_confirmed);
		else
			assert_null(r->confirmed);
		fcrdns_result_free(r);
	}
}

/* Twelve names: only ten are checked, all are listed; a cap of 64 drops. */
static void test_name_limits(void **state)
{
	char *names[200], store[200][32];
	fcrdns_addr a;
	fcrdns_result *r;

	(void)state;
	for (int i = 0; i < 200; i++) {
		snprintf(store[i], sizeof store[i], "h%03d.example.test", 199 - i);
		names[i] = store[i];
	}
	assert_int_equal(fcrdns_addr_parse("192.0.2.1", &a), FCRDNS_OK);
	r = result_new(&a);
	r->ptr_outcome = FCRDNS_LOOKUP_ANSWER;
	assert_int_equal(result_set_ptr(r, names, 12), 0);
	assert_int_equal(r->nptr, 12);
	assert_int_equal(r->nchecks, FCRDNS_MAX_FORWARD_CHECKED);
	assert_string_equal(r->ptr[0], "h188.example.test");
	fcrdns_result_free(r);

	r = result_new(&a);
	r->ptr_outcome = FCRDNS_LOOKUP_ANSWER;
	assert_int_equal(result_set_ptr(r, names, 200), 0);
	assert_int_equal(r->nptr, FCRDNS_MAX_PTR_KEPT);
	assert_int_equal(r->ptr_dropped, 200 - FCRDNS_MAX_PTR_KEPT);
	assert_string_equal(r->ptr[0], "h000.example.test");
	for (size_t i = 0; i < r->nchecks; i++)
		r->checks[i].outcome = FCRDNS_LOOKUP_NXDOMAIN;
	verdict_decide(r);
	assert_int_equal(verdict_problems(r), 0);
	assert_int_equal(r->iprev, FCRDNS_IPREV_FAIL);
	assert_int_equal(r->problems[0].code, FCRDNS_PROBLEM_MULTIPLE_PTR);
	assert_int_equal(r->problems[1].code, FCRDNS_PROBLEM_TOO_MANY_PTR);
	assert_int_equal(r->problems[1].count, 200);
	fcrdns_result_free(r);
}

static void test_dup_and_authres(void **state)
{
	const verdict_case *c = &cases[9]; /* later name confirms */
	fcrdns_result *r = build(c), *d;
	char buf[256];

	(void)state;
	verdict_decide(r);
	assert_int_equal(verdict_problems(r), 0);
	d = fcrdns_result_dup(r);
	assert_non_null(d);
	fcrdns_result_free(r);
	assert_string_equal(d->confirmed, "b.test");
	assert_ptr_equal(d->confirmed, d->ptr[1]);
	fcrdns_authres_format(d, buf, sizeof buf);
	assert_string_equal(buf, "iprev=pass policy.iprev=192.0.2.1 (b.test)");
	/* a short buffer is truncated, never overrun */
	assert_int_equal(fcrdns_authres_format(d, buf, 6), strlen("iprev=pass policy.iprev=192.0.2.1 (b.test)"));
	assert_string_equal(buf, "iprev");
	fcrdns_result_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_name_limits),
		cmocka_unit_test(test_dup_and_authres),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
