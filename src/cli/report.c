/* SPDX-License-Identifier: MIT */
/* report.c: the human audit of one check, written the way an expert would
 * walk through it: reverse step, forward steps, verdict, problems, header.
 * Every DNS-derived string goes through fcrdns_text_safe(). */
#include <arpa/inet.h>
#include <string.h>

#include "cli.h"

static void put_safe(fcrdns_buf *b, const char *s)
{
	fcrdns_text_safe(b, s, strlen(s));
}

static void report_reverse_step(fcrdns_buf *b, const fcrdns_result *r)
{
	fcrdns_buf_printf(b, "  PTR   %s", r->reverse_name);
	if (r->ptr_cname) {
		fcrdns_buf_puts(b, " -> CNAME ");
		put_safe(b, r->ptr_cname);
	}
	fcrdns_buf_puts(b, " -> ");
	if (r->ptr_outcome != FCRDNS_LOOKUP_ANSWER || r->nptr == 0) {
		term_styled(b, fcrdns_lookup_is_transient(r->ptr_outcome) ? STYLE_WARN : STYLE_BAD,
			    fcrdns_lookup_phrase(r->ptr_outcome));
		fcrdns_buf_puts(b, "\n");
		return;
	}
	for (size_t i = 0; i < r->nptr; i++) {
		fcrdns_buf_puts(b, i ? ", " : "");
		put_safe(b, r->ptr[i]);
		if (i == 7 && r->nptr > 9) {
			fcrdns_buf_printf(b, " and %zu more", r->nptr - 8 + r->ptr_dropped);
			break;
		}
	}
	fcrdns_buf_puts(b, "\n");
}

static void report_addresses(fcrdns_buf *b, const fcrdns_name_check *c)
{
	char ip[FCRDNS_IPSTR_MAX];

	for (size_t i = 0; i < c->naddrs_kept; i++) {
		fcrdns_buf_puts(b, i ? ", " : "");
		fcrdns_buf_puts(b, fcrdns_addr_format(&c->addrs[i], ip));
	}
	if (c->naddrs > c->naddrs_kept)
		fcrdns_buf_printf(b, " and %zu more", c->naddrs - c->naddrs_kept);
}

static void report_forward_step(fcrdns_buf *b, const fcrdns_result *r, const fcrdns_name_check *c)
{
	fcrdns_buf_printf(b, "  %-4s  ", r->addr.family == AF_INET ? "A" : "AAAA");
	put_safe(b, c->name);
	if (c->cname) {
		fcrdns_buf_puts(b, " -> CNAME ");
		put_safe(b, c->cname);
	}
	fcrdns_buf_puts(b, " -> ");
	if (c->naddrs == 0) {
		term_styled(b, fcrdns_lookup_is_transient(c->outcome) ? STYLE_WARN : STYLE_BAD,
			    fcrdns_lookup_phrase(c->outcome == FCRDNS_LOOKUP_ANSWER ? FCRDNS_LOOKUP_NODATA
									      : c->outcome));
		fcrdns_buf_puts(b, "\n");
		return;
	}
	report_addresses(b, c);
	fcrdns_buf_puts(b, "   ");
	if (c->confirms)
		term_styled(b, STYLE_GOOD, "confirmed");
	else
		term_styled(b, STYLE_BAD, "does not include the client");
	fcrdns_buf_puts(b, "\n");
}

static void report_verdict(fcrdns_buf *b, const fcrdns_result *r)
{
	fcrdns_buf_puts(b, "  Verdict: ");
	term_styled(b, term_iprev_style(r->iprev), fcrdns_iprev_name(r->iprev));
	switch (r->iprev) {
	case FCRDNS_IPREV_PASS:
		fcrdns_buf_puts(b, ". ");
		put_safe(b, r->confirmed);
		fcrdns_buf_printf(b, " points back to %s: forward-confirmed reverse DNS.\n", r->ip);
		return;
	case FCRDNS_IPREV_FAIL:
		fcrdns_buf_printf(b, ". The PTR name%s exist%s but none resolves back to %s.\n",
				  r->nptr > 1 ? "s" : "", r->nptr > 1 ? "" : "s", r->ip);
		return;
	case FCRDNS_IPREV_PERMERROR:
		fcrdns_buf_printf(b, ". No PTR record is published for %s.\n", r->ip);
		return;
	case FCRDNS_IPREV_TEMPERROR:
		fcrdns_buf_puts(b, ". A lookup that could decide it failed transiently;"
				   " a later attempt may give a final result.\n");
		return;
	}
}

static void report_problems(fcrdns_buf *b, const fcrdns_result *r)
{
	if (r->nproblems == 0) {
		fcrdns_buf_puts(b, "  Problems: none\n");
		return;
	}
	fcrdns_buf_puts(b, "  Problems:\n");
	for (size_t i = 0; i < r->nproblems; i++) {
		fcrdns_buf_puts(b, "    - ");
		term_styled(b, STYLE_BOLD, fcrdns_problem_name(r->problems[i].code));
		fcrdns_buf_puts(b, ": ");
		fcrdns_problem_text(b, r, &r->problems[i]);
		fcrdns_buf_puts(b, "\n");
	}
}

/* One line on the name that matters: generic, provider default, or not. */
static void report_name_class(fcrdns_buf *b, const fcrdns_result *r)
{
	const char *name = r->confirmed ? r->confirmed : (r->nptr ? r->ptr[0] : NULL);

	if (r->provider_by_address) {
		fcrdns_buf_puts(b, "  Address: in a block of ");
		term_styled(b, STYLE_BOLD, r->provider->name);
		fcrdns_buf_puts(b, " (ranges file)\n");
	}
	if (name == NULL)
		return;
	fcrdns_buf_puts(b, "  Name:    ");
	put_safe(b, name);
	if (r->provider && !r->provider_by_address) {
		fcrdns_buf_puts(b, " is ");
		term_styled(b, STYLE_WARN, r->provider->name);
		fcrdns_buf_puts(b, "'s default name");
	} else if (r->generic) {
		fcrdns_buf_puts(b, " ");
		term_styled(b, STYLE_WARN, "looks generic");
	} else {
		fcrdns_buf_puts(b, " looks like a chosen, specific name");
	}
	if (r->generic_reason[0] && (r->provider || r->generic)) {
		fcrdns_buf_puts(b, " (");
		put_safe(b, r->generic_reason);
		fcrdns_buf_puts(b, ")");
	}
	fcrdns_buf_puts(b, "\n");
}

static int helo_is_good(fcrdns_helo_verdict v)
{
	return v == FCRDNS_HELO_MATCH || v == FCRDNS_HELO_LITERAL_MATCH ||
	       v == FCRDNS_HELO_SAME_DOMAIN || v == FCRDNS_HELO_FORWARD_MATCH;
}

static void report_helo(fcrdns_buf *b, const fcrdns_result *r)
{
	if (r->helo_name == NULL)
		return;
	fcrdns_buf_puts(b, "  HELO:    ");
	fcrdns_text_safe(b, r->helo_name, strnlen(r->helo_name, 255));
	fcrdns_buf_puts(b, " -> ");
	term_styled(b, helo_is_good(r->helo) ? STYLE_GOOD : STYLE_WARN,
		    fcrdns_helo_verdict_name(r->helo));
	fcrdns_buf_puts(b, "\n");
}

/* One line on DNSSEC: did the resolver vouch (AD bit) for the answers
 * that decided the verdict? */
static void report_dnssec(fcrdns_buf *b, const fcrdns_result *r)
{
	fcrdns_dnssec ptr = fcrdns_dnssec_ptr(r), fwd = fcrdns_dnssec_forward(r);

	fcrdns_buf_puts(b, "  DNSSEC:  PTR ");
	term_styled(b, ptr == FCRDNS_DNSSEC_SECURE ? STYLE_GOOD : STYLE_DIM, fcrdns_dnssec_name(ptr));
	if (fwd != FCRDNS_DNSSEC_NONE) {
		fcrdns_buf_printf(b, ", %s ", r->addr.family == AF_INET ? "A" : "AAAA");
		term_styled(b, fwd == FCRDNS_DNSSEC_SECURE ? STYLE_GOOD : STYLE_DIM,
			    fcrdns_dnssec_name(fwd));
	}
	fcrdns_buf_puts(b, " (the resolver's AD bit)\n");
}

/* Return 1 when every problem is about the HELO name. */
static int only_helo_problems(const fcrdns_result *r)
{
	if (r->nproblems == 0)
		return 0;
	for (size_t i = 0; i < r->nproblems; i++)
		if (strncmp(fcrdns_problem_name(r->problems[i].code), "helo-", 5) != 0)
			return 0;
	return 1;
}

static void report_fix(fcrdns_buf *b, const fcrdns_result *r)
{
	const char *owner;

	if (only_helo_problems(r))
		fcrdns_buf_puts(b, "  Note: only the HELO name is at fault. RFC 5321 section 4.1.4: a"
				   " receiver must not refuse\n  mail because the HELO name does not"
				   " match the client; it is reported for tracing.\n");
	if (r->fix_owner == FCRDNS_FIX_NONE || r->nfix_steps == 0)
		return;
	switch (r->fix_owner) {
	case FCRDNS_FIX_IP_OWNER: owner = "the IP owner"; break;
	case FCRDNS_FIX_DOMAIN_OWNER: owner = "the domain owner"; break;
	default: owner = "both the domain owner and the IP owner"; break;
	}
	fcrdns_buf_puts(b, "  What to do (");
	term_styled(b, STYLE_BOLD, owner);
	fcrdns_buf_puts(b, " must act):\n");
	for (size_t i = 0; i < r->nfix_steps; i++) {
		fcrdns_buf_printf(b, "    %zu. ", i + 1);
		fcrdns_fix_step_text(b, r, &r->fix_steps[i]);
		fcrdns_buf_puts(b, "\n");
	}
}

void report_result(fcrdns_buf *b, const fcrdns_result *r, const char *authserv_id)
{
	char authres[1024];

	term_styled(b, STYLE_BOLD, r->ip);
	fcrdns_buf_puts(b, "  iprev=");
	term_styled(b, term_iprev_style(r->iprev), fcrdns_iprev_name(r->iprev));
	fcrdns_buf_puts(b, "\n");
	report_reverse_step(b, r);
	for (size_t i = 0; i < r->nchecks; i++)
		report_forward_step(b, r, &r->checks[i]);
	if (r->nptr + r->ptr_dropped > r->nchecks)
		fcrdns_buf_printf(b, "  (%zu more PTR names not forward-checked: RFC 8601 limits the"
				     " names evaluated; fcrdns checks %d)\n",
				  r->nptr + r->ptr_dropped - r->nchecks, FCRDNS_MAX_FORWARD_CHECKED);
	report_verdict(b, r);
	report_name_class(b, r);
	report_helo(b, r);
	report_dnssec(b, r);
	report_problems(b, r);
	report_fix(b, r);
	fcrdns_authres_format(r, authres, sizeof authres);
	fcrdns_buf_printf(b, "  Authentication-Results: %s; ", authserv_id);
	put_safe(b, authres);
	fcrdns_buf_puts(b, "\n");
}
