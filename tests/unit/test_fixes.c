/* SPDX-License-Identifier: MIT */
/* test_fixes.c: what to fix of an audited domain (lib/audit/fixes.c) over
 * domains built by hand: one table row per address (class, verdict, fix
 * steps, what its mail server said) with the item it must give, the order
 * of the kinds, and which server names pass. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "audit/machine.h"

#define GOOD { AUDIT_NAME_LADDER, FCRDNS_HELO_MATCH }
#define BAD { AUDIT_NAME_LADDER, FCRDNS_HELO_MISMATCH }
#define SILENT { AUDIT_NAME_NO_GREETING, FCRDNS_HELO_NONE }

/* One address of the domain and what it gives (NULL: nothing to fix). */
typedef struct addr_row {
	audit_class cls;
	fcrdns_iprev iprev;
	size_t steps;             /* fix steps of its check */
	int probed, greeted;
	audit_name_verdict banner, ehlo;
	const char *fixes;        /* the kinds it gives, "a,b" */
} addr_row;

/* In check order; the expected list below takes them kind by kind. */
static const addr_row rows[] = {
	/* 0 */ { AUDIT_OWN, FCRDNS_IPREV_PASS, 0, 1, 1, GOOD, GOOD, NULL },
	/* 1 */ { AUDIT_OWN, FCRDNS_IPREV_PASS, 0, 1, 1, GOOD, BAD, "server-names" },
	/* 2 */ { AUDIT_OWN, FCRDNS_IPREV_TEMPERROR, 0, 0, 0, GOOD, GOOD, "address-temperror" },
	/* 3 */ { AUDIT_OWN, FCRDNS_IPREV_PASS, 2, 0, 0, GOOD, GOOD, "address-name" },
	/* 4 */ { AUDIT_OWN, FCRDNS_IPREV_FAIL, 1, 1, 0, SILENT, SILENT,
		  "address,server-silent" },
	/* 5: a provider's address and server are never the domain's to fix */
	/* 5 */ { AUDIT_PROVIDER, FCRDNS_IPREV_PERMERROR, 1, 1, 1, BAD, BAD, NULL },
	/* 6 */ { AUDIT_OWN, FCRDNS_IPREV_PERMERROR, 1, 0, 0, GOOD, GOOD, "address" },
};

/* The whole list: SPF, addresses by kind, servers, other problems. */
static const char *const want =
	"spf-problem:0 spf-temperror:0 address:4 address:6 address-temperror:2 address-name:3 "
	"server-names:1 server-silent:4 domain-problem:0 domain-problem:1";

#define NROWS (sizeof rows / sizeof rows[0])

/* A domain built from rows, with its own storage. */
typedef struct built {
	audit_domain d;
	audit_address addrs[NROWS];
	fcrdns_result results[NROWS];
	smtp_facts facts[NROWS];
	audit_problem spf[2], other[2];
} built;

static void build(built *b)
{
	memset(b, 0, sizeof *b);
	b->spf[0].code = AUDIT_PROBLEM_SPF_TOO_MANY_LOOKUPS;
	b->spf[1].code = AUDIT_PROBLEM_SPF_TRUNCATED; /* not a permerror: no fix */
	b->other[0].code = AUDIT_PROBLEM_MX_CNAME;
	b->other[1].code = AUDIT_PROBLEM_ADDRESS_CAP;
	b->d = (audit_domain){ .spf_result = AUDIT_SPF_TEMPERROR, .spf_problems = b->spf,
			       .nspf_problems = 2, .problems = b->other, .nproblems = 2,
			       .addrs = b->addrs, .naddrs = NROWS };
	for (size_t i = 0; i < NROWS; i++) {
		b->results[i].iprev = rows[i].iprev;
		b->results[i].nfix_steps = rows[i].steps;
		b->facts[i].greeted = rows[i].greeted;
		b->addrs[i] = (audit_address){ .cls = rows[i].cls, .result = &b->results[i] };
		b->addrs[i].smtp = (audit_smtp){ rows[i].probed ? &b->facts[i] : NULL,
						 rows[i].banner, rows[i].ehlo };
	}
}

/* Return the fixes of d as "kind:index ...". */
static const char *listed(const audit_domain *d)
{
	static char buf[1024];
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < d->summary.nfixes && n < sizeof buf; i++)
		n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s:%zu", i ? " " : "",
				      audit_fix_kind_name(d->summary.fixes[i].kind),
				      d->summary.fixes[i].index);
	return buf;
}

static void test_order(void **state)
{
	built b;

	(void)state;
	build(&b);
	assert_int_equal(fixes_list(&b.d), 0);
	assert_string_equal(listed(&b.d), want);
	free(b.d.summary.fixes);
}

/* Each row alone gives exactly the kinds its row says. */
static void test_each_address(void **state)
{
	(void)state;
	for (size_t i = 0; i < NROWS; i++) {
		built b;
		char got[256] = "";
		size_t n = 0;
		build(&b);
		b.d = (audit_domain){ .addrs = &b.addrs[i], .naddrs = 1, .spf_result = AUDIT_SPF_OK };
		assert_int_equal(fixes_list(&b.d), 0);
		for (size_t k = 0; k < b.d.summary.nfixes; k++)
			n += (size_t)snprintf(got + n, sizeof got - n, "%s%s", k ? "," : "",
					      audit_fix_kind_name(b.d.summary.fixes[k].kind));
		if (strcmp(got, rows[i].fixes ? rows[i].fixes : "") != 0)
			fail_msg("row %zu: %s", i, got);
		free(b.d.summary.fixes);
	}
}

/* An address not checked (a cap, a failure) gives nothing. */
static void test_unchecked_address(void **state)
{
	built b;

	(void)state;
	build(&b);
	b.d = (audit_domain){ .addrs = &b.addrs[6], .naddrs = 1, .spf_result = AUDIT_SPF_OK };
	b.addrs[6].result = NULL;
	assert_int_equal(fixes_list(&b.d), 0);
	assert_int_equal(b.d.summary.nfixes, 0);
	free(b.d.summary.fixes);
}

static void test_name_verdict_good(void **state)
{
	static const struct {
		audit_name_verdict v;
		int good;
	} cases[] = {
		{ { AUDIT_NAME_LADDER, FCRDNS_HELO_MATCH }, 1 },
		{ { AUDIT_NAME_LADDER, FCRDNS_HELO_SAME_DOMAIN }, 1 },
		{ { AUDIT_NAME_LADDER, FCRDNS_HELO_FORWARD_MATCH }, 1 },
		{ { AUDIT_NAME_LADDER, FCRDNS_HELO_LITERAL_MATCH }, 1 },
		{ { AUDIT_NAME_LADDER, FCRDNS_HELO_MISMATCH }, 0 },
		{ { AUDIT_NAME_LADDER, FCRDNS_HELO_INVALID }, 0 },
		{ { AUDIT_NAME_LADDER, FCRDNS_HELO_UNRESOLVABLE }, 0 },
		{ { AUDIT_NAME_LADDER, FCRDNS_HELO_LITERAL_MISMATCH }, 0 },
		{ { AUDIT_NAME_NO_NAME, FCRDNS_HELO_NONE }, 0 },
		{ { AUDIT_NAME_NO_GREETING, FCRDNS_HELO_NONE }, 0 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		if (audit_name_verdict_good(&cases[i].v) != cases[i].good)
			fail_msg("case %zu (%s)", i, audit_name_verdict_name(&cases[i].v));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_each_address),
		cmocka_unit_test(test_unchecked_address),
		cmocka_unit_test(test_name_verdict_good),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
