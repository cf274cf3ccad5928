/* SPDX-License-Identifier: MIT */
/* fixes.c: what the owner of an audited domain should fix, as facts in
 * the order to act (see AUDIT_FIX_MAP): each item's kind and what it is
 * about. Pure: it reads a finished domain. Front ends word the items. */
#include <stdlib.h>

#include "audit/machine.h"

/* A list of fixes being filled (room for every item a domain can give). */
typedef struct fix_out {
	audit_fix *items;
	size_t n;
} fix_out;

static void fix_add(fix_out *out, audit_fix_kind kind, size_t index)
{
	out->items[out->n++] = (audit_fix){ kind, index };
}

int audit_name_verdict_good(const audit_name_verdict *v)
{
	return v->kind == AUDIT_NAME_LADDER &&
	       (v->verdict == FCRDNS_HELO_MATCH || v->verdict == FCRDNS_HELO_SAME_DOMAIN ||
		v->verdict == FCRDNS_HELO_FORWARD_MATCH || v->verdict == FCRDNS_HELO_LITERAL_MATCH);
}

const char *audit_fix_kind_name(audit_fix_kind k)
{
	switch (k) {
#define AUDIT_FIX_CASE(name, code) case AUDIT_FIX_##name: return code;
	AUDIT_FIX_MAP(AUDIT_FIX_CASE)
#undef AUDIT_FIX_CASE
	}
	return "unknown";
}

/* The SPF record: its permerror problems, then a transient failure. */
static void fixes_spf(fix_out *out, const audit_domain *d)
{
	for (size_t i = 0; i < d->nspf_problems; i++)
		if (audit_problem_is_permerror(d->spf_problems[i].code))
			fix_add(out, AUDIT_FIX_SPF_PROBLEM, i);
	if (d->spf_result == AUDIT_SPF_TEMPERROR)
		fix_add(out, AUDIT_FIX_SPF_TEMPERROR, 0);
}

/* Return the kind of fix an own address's check calls for, or -1 when it
 * passes with nothing to do. */
static int address_fix(const fcrdns_result *r)
{
	switch (r->iprev) {
	case FCRDNS_IPREV_PASS: return r->nfix_steps ? AUDIT_FIX_ADDRESS_NAME : -1;
	case FCRDNS_IPREV_TEMPERROR: return AUDIT_FIX_ADDRESS_TEMPERROR;
	default: return AUDIT_FIX_ADDRESS;
	}
}

/* The own addresses checked whose fix is of kind wanted, in check order. */
static void fixes_addresses(fix_out *out, const audit_domain *d, audit_fix_kind wanted)
{
	for (size_t i = 0; i < d->naddrs; i++) {
		const audit_address *a = &d->addrs[i];
		if (a->result != NULL && a->cls == AUDIT_OWN && address_fix(a->result) == (int)wanted)
			fix_add(out, wanted, i);
	}
}

/* The own mail servers that do not greet, or whose names do not pass. */
static void fixes_servers(fix_out *out, const audit_domain *d)
{
	for (size_t i = 0; i < d->naddrs; i++) {
		const audit_address *a = &d->addrs[i];
		if (a->smtp.facts == NULL || a->cls != AUDIT_OWN ||
		    (audit_name_verdict_good(&a->smtp.banner) && audit_name_verdict_good(&a->smtp.ehlo)))
			continue;
		fix_add(out, a->smtp.facts->greeted ? AUDIT_FIX_SERVER_NAMES : AUDIT_FIX_SERVER_SILENT, i);
	}
}

int fixes_list(audit_domain *d)
{
	/* At most: each SPF problem, the temperror, two per address, each
	 * other problem. */
	size_t room = d->nspf_problems + 1 + 2 * d->naddrs + d->nproblems;
	fix_out out = { calloc(room, sizeof *out.items), 0 };

	if (out.items == NULL)
		return -1;
	fixes_spf(&out, d);
	fixes_addresses(&out, d, AUDIT_FIX_ADDRESS);
	fixes_addresses(&out, d, AUDIT_FIX_ADDRESS_TEMPERROR);
	fixes_addresses(&out, d, AUDIT_FIX_ADDRESS_NAME);
	fixes_servers(&out, d);
	for (size_t i = 0; i < d->nproblems; i++)
		fix_add(&out, AUDIT_FIX_DOMAIN_PROBLEM, i);
	free(d->summary.fixes);
	d->summary.fixes = out.items;
	d->summary.nfixes = out.n;
	return 0;
}
