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

static const char *lookup_phrase(fcrdns_lookup l)
{
	switch (l) {
	case FCRDNS_LOOKUP_NXDOMAIN: return "NXDOMAIN (the name does not exist)";
	case FCRDNS_LOOKUP_NODATA: return "no record of this type (NODATA)";
	case FCRDNS_LOOKUP_SERVFAIL: return "SERVFAIL (server failure)";
	case FCRDNS_LOOKUP_REFUSED: return "REFUSED by the server";
	case FCRDNS_LOOKUP_TIMEOUT: return "no answer (timeout)";
	case FCRDNS_LOOKUP_ERROR: return "malformed or unusable answer";
	case FCRDNS_LOOKUP_SKIPPED: return "not looked up (not a valid host name)";
	case FCRDNS_LOOKUP_CNAME_LOOP: return "CNAME chain loops or is too long";
	default: return "answer";
	}
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
			    lookup_phrase(r->ptr_outcome));
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
			    lookup_phrase(c->outcome == FCRDNS_LOOKUP_ANSWER ? FCRDNS_LOOKUP_NODATA
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
		put_safe(b, r->problems[i].message);
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
	report_problems(b, r);
	fcrdns_authres_format(r, authres, sizeof authres);
	fcrdns_buf_printf(b, "  Authentication-Results: %s; ", authserv_id);
	put_safe(b, authres);
	fcrdns_buf_puts(b, "\n");
}
