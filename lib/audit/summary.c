/* SPDX-License-Identifier: MIT */
/* summary.c: what an audited domain comes to: the verdicts counted, the
 * domain-level problem codes, and the exit status of the contract (1 for
 * an own address that fails or an SPF permerror, 2 for a temperror, 3 when
 * there was nothing to audit, else 0; providers never change it). */
#include <stdlib.h>

#include "audit/machine.h"

int exit_status(const exit_facts *f)
{
	if (f->own_fail || f->spf == AUDIT_SPF_PERMERROR)
		return AUDIT_EXIT_FAIL;
	if (f->own_temperror || f->spf == AUDIT_SPF_TEMPERROR || f->mx_temperror)
		return AUDIT_EXIT_TEMPERROR;
	return f->nothing ? AUDIT_EXIT_NOTHING : AUDIT_EXIT_OK;
}

int audit_exit_combine(int a, int b)
{
	static const int rank[] = { [AUDIT_EXIT_OK] = 0, [AUDIT_EXIT_NOTHING] = 1,
				    [AUDIT_EXIT_TEMPERROR] = 2, [AUDIT_EXIT_FAIL] = 3 };

	if (a < 0 || a > AUDIT_EXIT_NOTHING)
		return b;
	if (b < 0 || b > AUDIT_EXIT_NOTHING)
		return a;
	return rank[a] >= rank[b] ? a : b;
}

/* Return 1 when the domain has an authorized SPF term of any class. */
static int has_authorized_term(const audit_domain *d)
{
	for (size_t i = 0; i < d->nsources; i++)
		if (d->sources[i].authorized)
			return 1;
	return 0;
}

/* Gather the facts the exit status depends on. */
static void exit_facts_of(const audit_domain *d, exit_facts *f)
{
	*f = (exit_facts){ .spf = d->spf_result };
	for (size_t i = 0; i < d->naddrs; i++) {
		const audit_address *a = &d->addrs[i];
		if (a->cls != AUDIT_OWN || a->result == NULL)
			continue;
		if (a->result->iprev == FCRDNS_IPREV_FAIL || a->result->iprev == FCRDNS_IPREV_PERMERROR)
			f->own_fail = 1;
		else if (a->result->iprev == FCRDNS_IPREV_TEMPERROR)
			f->own_temperror = 1;
	}
	/* The MX lookup itself, or an own host's addresses (a provider's
	 * hosts never change the status). */
	f->mx_temperror = d->mx_temperror;
	for (size_t i = 0; i < d->nmx; i++)
		if (d->mx[i].temperror && d->mx[i].cls == AUDIT_OWN)
			f->mx_temperror = 1;
	f->nothing = !has_authorized_term(d) && d->nmx == 0 && d->session->o.ngiven == 0;
}

/* Add code to the summary's codes unless it is there. Returns 0 or -1. */
static int add_code(audit_summary *s, audit_problem_code code, size_t room)
{
	for (size_t i = 0; i < s->ncodes; i++)
		if (s->codes[i] == code)
			return 0;
	if (s->ncodes == room)
		return -1;
	s->codes[s->ncodes++] = code;
	return 0;
}

int summarize(audit_domain *d)
{
	audit_summary *s = &d->summary;
	size_t room = d->nspf_problems + d->nproblems;
	exit_facts f;

	for (size_t i = 0; i < d->naddrs; i++) {
		if (d->addrs[i].result == NULL)
			continue;
		s->checked++;
		s->counts[d->addrs[i].result->iprev]++;
	}
	if (room && (s->codes = calloc(room, sizeof *s->codes)) == NULL)
		return -1;
	for (size_t i = 0; i < d->nspf_problems; i++)
		add_code(s, d->spf_problems[i].code, room);
	for (size_t i = 0; i < d->nproblems; i++)
		add_code(s, d->problems[i].code, room);
	exit_facts_of(d, &f);
	s->exit_status = exit_status(&f);
	return fixes_list(d);
}
