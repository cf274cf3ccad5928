/* SPDX-License-Identifier: MIT */
/* fix.c: who must fix the reverse DNS (the address holder, the domain's
 * owner, or both) and the steps in the order they must happen: forward
 * record first, then the PTR through the provider's own procedure, then a
 * re-check. A pure function of a decided result; the steps are facts
 * (kind, name, zone, provider), worded by lib/render/text.c. */
#include <string.h>

#include "diag/fix.h"
#include "check/helo.h"

const char *fcrdns_fix_owner_name(fcrdns_fix_owner o)
{
	switch (o) {
	case FCRDNS_FIX_IP_OWNER: return "ip-owner";
	case FCRDNS_FIX_DOMAIN_OWNER: return "domain-owner";
	case FCRDNS_FIX_BOTH: return "both";
	default: return NULL;
	}
}

static int ptr_contains(const fcrdns_result *r, const char *name)
{
	for (size_t i = 0; i < r->nptr; i++)
		if (strcasecmp(r->ptr[i], name) == 0)
			return 1;
	return 0;
}

/* The contract's order: temperror decides nothing; no PTR is the address
 * holder's; with an expected name, compare the PTR set and that name's
 * forward lookup; otherwise a generic name is the holder's and a specific
 * one that does not resolve back is the domain owner's. */
fcrdns_fix_owner fix_owner_decide(const fcrdns_result *r)
{
	if (r->iprev == FCRDNS_IPREV_TEMPERROR)
		return FCRDNS_FIX_NONE;
	if (r->iprev == FCRDNS_IPREV_PERMERROR)
		return FCRDNS_FIX_IP_OWNER;
	if (r->expect) {
		int ptr_lacks = !ptr_contains(r, r->expect);
		int forward_lacks = !r->expect_check.confirms &&
				    !fcrdns_lookup_is_transient(r->expect_check.outcome);
		if (ptr_lacks && forward_lacks)
			return FCRDNS_FIX_BOTH;
		if (ptr_lacks)
			return FCRDNS_FIX_IP_OWNER;
		return forward_lacks ? FCRDNS_FIX_DOMAIN_OWNER : FCRDNS_FIX_NONE;
	}
	if (r->generic)
		return FCRDNS_FIX_IP_OWNER;
	return r->iprev == FCRDNS_IPREV_PASS ? FCRDNS_FIX_NONE : FCRDNS_FIX_DOMAIN_OWNER;
}

/* The name the PTR should carry: the expected one, else a placeholder. */
static const char *wanted_name(const fcrdns_result *r)
{
	return r->expect ? r->expect : FCRDNS_PLACEHOLDER_NAME;
}

/* Step: publish the forward record of name in its zone, saying what the
 * name has now (known, may be NULL); before_ptr: it must precede the PTR
 * request. Returns 0 or -1. */
static int forward_step(fcrdns_result *r, const psl_ctx_t *psl, const char *name,
			const fcrdns_name_check *known, int before_ptr)
{
	const char *zone = psl && name[0] != '<' ? registrable_domain(psl, name) : NULL;
	fcrdns_fix_step *s = result_add_step(r, FCRDNS_STEP_PUBLISH_FORWARD, name, zone);

	if (s == NULL)
		return -1;
	if (known && known->naddrs > 0) {
		s->ncurrent = known->naddrs;
		s->current = known->addrs[0];
	}
	s->before_ptr = before_ptr;
	return 0;
}

/* Steps: ask the address holder for the PTR, with the provider's own
 * procedure when the provider is known. Returns 0 or -1. */
static int ptr_steps(fcrdns_result *r, const char *name)
{
	const fcrdns_provider *p = r->provider;

	if (result_add_step(r, FCRDNS_STEP_SET_PTR, name, NULL) == NULL)
		return -1;
	if (p == NULL)
		return 0;
	if ((p->console && result_add_step(r, FCRDNS_STEP_CONSOLE, name, NULL) == NULL) ||
	    (p->command && result_add_step(r, FCRDNS_STEP_COMMAND, name, NULL) == NULL) ||
	    (p->precondition && result_add_step(r, FCRDNS_STEP_PRECONDITION, name, NULL) == NULL) ||
	    (p->doc_url && result_add_step(r, FCRDNS_STEP_DOCUMENTATION, name, NULL) == NULL))
		return -1;
	return 0;
}

static int recheck_step(fcrdns_result *r, const char *name)
{
	return result_add_step(r, FCRDNS_STEP_RECHECK, name, NULL) ? 0 : -1;
}

/* Steps for the address holder, forward record first unless the wanted
 * name already resolves to the address. */
static int ip_owner_steps(fcrdns_result *r, const psl_ctx_t *psl)
{
	const char *name = wanted_name(r);

	if (!(r->expect && r->expect_check.confirms) &&
	    forward_step(r, psl, name, r->expect ? &r->expect_check : NULL, 1) != 0)
		return -1;
	if (ptr_steps(r, name) != 0)
		return -1;
	return recheck_step(r, name);
}

/* Steps for the domain owner: make the PTR's (or expected) name resolve
 * back to the address. */
static int domain_owner_steps(fcrdns_result *r, const psl_ctx_t *psl)
{
	const char *name = r->expect ? r->expect : (r->confirmed ? r->confirmed : r->ptr[0]);
	const fcrdns_name_check *known = r->expect ? &r->expect_check : NULL;

	for (size_t i = 0; !known && i < r->nchecks; i++)
		if (r->checks[i].name == name)
			known = &r->checks[i];
	if (forward_step(r, psl, name, known, 0) != 0)
		return -1;
	return recheck_step(r, name);
}

int fix_decide(fcrdns_result *r, const psl_ctx_t *psl)
{
	r->fix_owner = fix_owner_decide(r);
	switch (r->fix_owner) {
	case FCRDNS_FIX_IP_OWNER:
	case FCRDNS_FIX_BOTH: /* forward record first, then the PTR */
		return ip_owner_steps(r, psl);
	case FCRDNS_FIX_DOMAIN_OWNER:
		return r->nptr > 0 || r->expect ? domain_owner_steps(r, psl) : 0;
	default:
		return 0;
	}
}
