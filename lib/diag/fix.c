/* SPDX-License-Identifier: MIT */
/* fix.c: who must fix the reverse DNS (the address holder, the domain's
 * owner, or both) and the steps in the order they must happen: forward
 * record first, then the PTR through the provider's own procedure, then a
 * re-check. A pure function of a decided result. */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag/fix.h"
#include "check/helo.h"

#define PLACEHOLDER_NAME "<mail.your-domain>"

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

static int add_step(fcrdns_result *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Append one step (printf-formatted, made printable). Returns 0 or -1. */
static int add_step(fcrdns_result *r, const char *fmt, ...)
{
	char **steps = realloc(r->fix_steps, (r->nfix_steps + 2) * sizeof *steps);
	va_list ap;

	if (steps == NULL)
		return -1;
	r->fix_steps = steps;
	va_start(ap, fmt);
	steps[r->nfix_steps] = safe_vformat(fmt, ap);
	va_end(ap);
	if (steps[r->nfix_steps] == NULL)
		return -1;
	steps[++r->nfix_steps] = NULL;
	return 0;
}

/* Copy template into out with <ip> and <name> filled in; other
 * placeholders (<eipalloc-id>, <server>, ...) stay for the user. */
static void fill_template(const char *template, const char *ip, const char *name,
			  char *out, size_t len)
{
	size_t used = 0;

	for (const char *p = template; *p && used + 1 < len;) {
		const char *value = NULL;
		size_t skip = 0;
		if (strncmp(p, "<ip>", 4) == 0)
			value = ip, skip = 4;
		else if (strncmp(p, "<name>", 6) == 0)
			value = name, skip = 6;
		if (value) {
			used += (size_t)snprintf(out + used, len - used, "%s", value);
			if (used >= len)
				used = len - 1;
			p += skip;
		} else {
			out[used++] = *p++;
		}
	}
	out[used] = '\0';
}

/* The name the PTR should carry: the expected one, else a placeholder. */
static const char *wanted_name(const fcrdns_result *r)
{
	return r->expect ? r->expect : PLACEHOLDER_NAME;
}

static const char *record_type(const fcrdns_result *r)
{
	return r->addr.family == AF_INET ? "A" : "AAAA";
}

/* Step: publish the forward record of name in its zone; before_ptr says
 * it must precede the PTR request, and why. */
static int forward_step(fcrdns_result *r, const psl_ctx_t *psl, const char *name,
			const fcrdns_name_check *known, int before_ptr)
{
	const char *zone = psl && name[0] != '<' ? registrable_domain(psl, name) : NULL;
	const fcrdns_provider *p = r->provider;
	char now[200] = "", why[200] = "";

	if (known && known->naddrs > 0) {
		char ip[FCRDNS_IPSTR_MAX];
		snprintf(now, sizeof now, " (it now has %s %s%s: replace it, or add this one)",
			 record_type(r), fcrdns_addr_format(&known->addrs[0], ip),
			 known->naddrs > 1 ? " and more" : "");
	}
	if (before_ptr)
		snprintf(why, sizeof why, " Do this first: %s %s a PTR whose name does not resolve"
			 " to the address yet.", p && p->forward_first ? p->name : "most providers",
			 p && p->forward_first ? "refuses" : "refuse");
	return add_step(r, "Domain owner%s%s: publish the forward record \"%s. 3600 IN %s %s\"%s.%s",
			zone ? " of " : "", zone ? zone : "", name, record_type(r), r->ip, now, why);
}

/* Steps: ask the address holder for the PTR, with the provider's own
 * procedure when the provider is known. */
static int ptr_steps(fcrdns_result *r, const char *name)
{
	const fcrdns_provider *p = r->provider;
	char command[SAFE_TEXT_MAX / 2];

	if (add_step(r, "IP owner (%s): set the PTR of %s (%s) to %s.",
		     p ? p->name : "your ISP or hosting provider, the holder of this address block",
		     r->ip, r->reverse_name, name) != 0)
		return -1;
	if (p == NULL)
		return 0;
	if (p->console && add_step(r, "%s console: %s.", p->name, p->console) != 0)
		return -1;
	if (p->command) {
		fill_template(p->command, r->ip, name, command, sizeof command);
		if (add_step(r, "%s command: %s", p->name, command) != 0)
			return -1;
	}
	if (p->precondition) {
		fill_template(p->precondition, r->ip, name, command, sizeof command);
		if (add_step(r, "%s requires: %s", p->name, command) != 0)
			return -1;
	}
	if (p->doc_url && add_step(r, "%s documentation: %s", p->name, p->doc_url) != 0)
		return -1;
	return 0;
}

static int recheck_step(fcrdns_result *r, const char *name)
{
	return add_step(r, "Then re-check: fcrdns check --expect %s %s", name, r->ip);
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
