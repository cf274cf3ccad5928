/* SPDX-License-Identifier: MIT */
/* html_result.c: one address's check as HTML (the round trip, verdict,
 * name, DNSSEC, HELO, problems and fix steps in order; a whole section, or
 * its parts for the audit page), and the page of `check --html`. Names from DNS and the command line are escaped here. */
#include <arpa/inet.h>
#include <string.h>

#include "cli.h"
#include "html.h"

#define HTML_NAME_SHOWN_MAX 1024 /* bytes of one name shown */
#define HTML_ADDRS_SHOWN 16      /* forward addresses listed per name */

static void name_cell(fcrdns_buf *b, const char *name)
{
	fcrdns_buf_puts(b, "<span class=\"name\">");
	html_text(b, name, HTML_NAME_SHOWN_MAX);
	fcrdns_buf_puts(b, "</span>");
}

/* The PTR row: the reverse name, a CNAME followed, and the names or the
 * outcome. */
static void trip_reverse(fcrdns_buf *b, const fcrdns_result *r)
{
	fcrdns_buf_printf(b, "<tr class=\"ptr\"><td>PTR</td><td><span class=\"name\">%s</span>",
			  r->reverse_name);
	if (r->ptr_cname) {
		fcrdns_buf_puts(b, " &#x2192; CNAME ");
		name_cell(b, r->ptr_cname);
	}
	fcrdns_buf_puts(b, "</td><td>");
	for (size_t i = 0; i < r->nptr; i++) {
		fcrdns_buf_puts(b, i ? "<br>" : "");
		name_cell(b, r->ptr[i]);
	}
	if (r->ptr_dropped)
		fcrdns_buf_printf(b, "<br>and %zu more (not kept)", r->ptr_dropped);
	if (r->ptr_outcome != FCRDNS_LOOKUP_ANSWER || r->nptr == 0)
		fcrdns_buf_printf(b, "<span class=\"%s\">%s</span>",
				  fcrdns_lookup_is_transient(r->ptr_outcome) ? "warn" : "bad",
				  fcrdns_lookup_phrase(r->ptr_outcome));
	fcrdns_buf_puts(b, "</td><td></td></tr>\n");
}

/* One forward row: the name, a CNAME followed, its addresses and whether
 * they include the client. */
static void trip_forward(fcrdns_buf *b, const fcrdns_result *r, const fcrdns_name_check *c)
{
	char ip[FCRDNS_IPSTR_MAX];

	fcrdns_buf_printf(b, "<tr class=\"fwd\"><td>%s</td><td>", r->addr.family == AF_INET ? "A" : "AAAA");
	name_cell(b, c->name);
	if (c->cname) {
		fcrdns_buf_puts(b, " &#x2192; CNAME ");
		name_cell(b, c->cname);
	}
	fcrdns_buf_puts(b, "</td><td>");
	for (size_t i = 0; i < c->naddrs_kept && i < HTML_ADDRS_SHOWN; i++)
		fcrdns_buf_printf(b, "%s%s", i ? "<br>" : "", fcrdns_addr_format(&c->addrs[i], ip));
	if (c->naddrs > c->naddrs_kept)
		fcrdns_buf_printf(b, "<br>and %zu more", c->naddrs - c->naddrs_kept);
	if (c->naddrs == 0)
		fcrdns_buf_printf(b, "<span class=\"%s\">%s</span>",
				  fcrdns_lookup_is_transient(c->outcome) ? "warn" : "bad",
				  fcrdns_lookup_phrase(c->outcome == FCRDNS_LOOKUP_ANSWER
							       ? FCRDNS_LOOKUP_NODATA : c->outcome));
	fcrdns_buf_puts(b, "</td><td>");
	if (c->confirms)
		fcrdns_buf_puts(b, "<span class=\"ok\" data-confirms=\"1\">&#x2714; confirmed</span>");
	else if (c->naddrs > 0)
		fcrdns_buf_puts(b, "<span class=\"bad\" data-confirms=\"0\">&#x2718; not the client</span>");
	fcrdns_buf_puts(b, "</td></tr>\n");
}

static void html_round_trip(fcrdns_buf *b, const fcrdns_result *r, int level)
{
	fcrdns_buf_printf(b, "<h%d>Round trip</h%d>\n<table class=\"trip\">\n<tr><th>Query</th>"
			  "<th>Name</th><th>Answer</th><th>Confirms %s?</th></tr>\n", level, level, r->ip);
	trip_reverse(b, r);
	for (size_t i = 0; i < r->nchecks; i++)
		trip_forward(b, r, &r->checks[i]);
	fcrdns_buf_puts(b, "</table>\n");
	if (r->nptr + r->ptr_dropped > r->nchecks)
		fcrdns_buf_printf(b, "<p>%zu more PTR names not forward-checked: RFC 8601 limits the "
				  "names evaluated; fcrdns checks %d.</p>\n",
				  r->nptr + r->ptr_dropped - r->nchecks, FCRDNS_MAX_FORWARD_CHECKED);
}

/* The name that matters: generic, a provider's default, or specific. */
static void html_name_class(fcrdns_buf *b, const fcrdns_result *r)
{
	const char *name = html_shown_name(r);

	if (r->provider_by_address) {
		fcrdns_buf_puts(b, "<dt>Address</dt><dd>in a block of ");
		html_text(b, r->provider->name, 200);
		fcrdns_buf_puts(b, " (ranges file)</dd>\n");
	}
	if (name == NULL)
		return;
	fcrdns_buf_puts(b, "<dt>Name</dt><dd>");
	name_cell(b, name);
	if (r->provider && !r->provider_by_address) {
		fcrdns_buf_puts(b, " is <span class=\"warn\">");
		html_text(b, r->provider->name, 200);
		fcrdns_buf_puts(b, "'s default name</span>");
	} else if (r->generic) {
		fcrdns_buf_puts(b, " <span class=\"warn\">looks generic</span>");
	} else {
		fcrdns_buf_puts(b, " looks like a chosen, specific name");
	}
	if (r->generic_reason[0] && (r->provider || r->generic)) {
		fcrdns_buf_puts(b, " (");
		html_text(b, r->generic_reason, sizeof r->generic_reason);
		fcrdns_buf_puts(b, ")");
	}
	fcrdns_buf_puts(b, "</dd>\n");
}

static void html_dnssec(fcrdns_buf *b, const fcrdns_result *r)
{
	fcrdns_dnssec ptr = fcrdns_dnssec_ptr(r), fwd = fcrdns_dnssec_forward(r);

	fcrdns_buf_printf(b, "<dt>DNSSEC</dt><dd class=\"dnssec\">PTR <span data-dnssec-ptr=\"%s\">%s"
			  "</span>", fcrdns_dnssec_name(ptr), fcrdns_dnssec_name(ptr));
	if (fwd != FCRDNS_DNSSEC_NONE)
		fcrdns_buf_printf(b, ", %s <span data-dnssec-forward=\"%s\">%s</span>",
				  r->addr.family == AF_INET ? "A" : "AAAA", fcrdns_dnssec_name(fwd),
				  fcrdns_dnssec_name(fwd));
	fcrdns_buf_puts(b, " (the resolver's AD bit)</dd>\n");
}

static void html_helo(fcrdns_buf *b, const fcrdns_result *r)
{
	if (r->helo_name == NULL)
		return;
	fcrdns_buf_puts(b, "<dt>HELO</dt><dd>");
	name_cell(b, r->helo_name);
	fcrdns_buf_printf(b, " &#x2192; <b data-helo=\"%s\">%s</b>: %s</dd>\n",
			  fcrdns_helo_verdict_name(r->helo), fcrdns_helo_verdict_name(r->helo),
			  fcrdns_helo_verdict_text(r->helo));
}

static void html_facts(fcrdns_buf *b, const fcrdns_result *r, const char *authserv_id)
{
	char authres[1024];

	fcrdns_buf_puts(b, "<dl class=\"facts\">\n");
	html_name_class(b, r);
	html_helo(b, r);
	html_dnssec(b, r);
	fcrdns_authres_format(r, authres, sizeof authres);
	fcrdns_buf_puts(b, "<dt>Authentication-Results</dt><dd><code>");
	html_text(b, authserv_id, FCRDNS_AUTHSERV_ID_MAX);
	fcrdns_buf_puts(b, "; ");
	html_text(b, authres, sizeof authres);
	fcrdns_buf_puts(b, "</code></dd>\n</dl>\n");
}

static void html_problems(fcrdns_buf *b, const fcrdns_result *r, int level)
{
	fcrdns_buf words = { 0 };

	fcrdns_buf_printf(b, "<h%d>Problems</h%d>\n", level, level);
	if (r->nproblems == 0) {
		fcrdns_buf_puts(b, "<p>None.</p>\n");
		return;
	}
	fcrdns_buf_puts(b, "<ul class=\"problems\">\n");
	for (size_t i = 0; i < r->nproblems; i++) {
		const char *code = fcrdns_problem_name(r->problems[i].code);
		fcrdns_buf_printf(b, "<li data-code=\"%s\"><code>%s</code>: <span class=\"msg\">", code,
				  code);
		words.len = 0;
		fcrdns_problem_text(&words, r, &r->problems[i]);
		fcrdns_html_text(b, words.data ? words.data : "", words.len);
		fcrdns_buf_puts(b, "</span></li>\n");
	}
	fcrdns_buf_puts(b, "</ul>\n");
	if (words.failed)
		b->failed = 1;
	fcrdns_buf_free(&words);
}

static const char *owner_words(fcrdns_fix_owner o)
{
	switch (o) {
	case FCRDNS_FIX_IP_OWNER: return "The IP owner";
	case FCRDNS_FIX_DOMAIN_OWNER: return "The domain owner";
	default: return "Both the domain owner and the IP owner";
	}
}

/* The fix steps, in the order check --json gives them. */
static void html_fix(fcrdns_buf *b, const fcrdns_result *r, int level)
{
	fcrdns_buf words = { 0 };
	const fcrdns_provider *doc = NULL;

	if (r->fix_owner == FCRDNS_FIX_NONE || r->nfix_steps == 0)
		return;
	fcrdns_buf_printf(b, "<h%d>What to do</h%d>\n<p data-owner=\"%s\">%s must act, in this "
			  "order:</p>\n<ol class=\"steps\">\n", level, level,
			  fcrdns_fix_owner_name(r->fix_owner), owner_words(r->fix_owner));
	for (size_t i = 0; i < r->nfix_steps; i++) {
		words.len = 0;
		fcrdns_fix_step_text(&words, r, &r->fix_steps[i]);
		fcrdns_buf_puts(b, "<li>");
		fcrdns_html_text(b, words.data ? words.data : "", words.len);
		fcrdns_buf_puts(b, "</li>\n");
		if (r->fix_steps[i].kind == FCRDNS_STEP_DOCUMENTATION)
			doc = r->fix_steps[i].provider;
	}
	fcrdns_buf_puts(b, "</ol>\n");
	html_doc_link(b, doc);
	if (words.failed)
		b->failed = 1;
	fcrdns_buf_free(&words);
}

void html_result_begin(fcrdns_buf *b, const fcrdns_result *r, size_t id, int level)
{
	fcrdns_buf_printf(b, "<section class=\"addr\" id=\"a%zu\" data-ip=\"%s\" data-iprev=\"%s\">\n"
			  "<h%d><span class=\"name\">%s</span> ", id, r->ip, fcrdns_iprev_name(r->iprev),
			  level, r->ip);
	html_badge(b, html_verdict_of(r), NULL);
	fcrdns_buf_printf(b, "</h%d>\n", level);
}

void html_result_body(fcrdns_buf *b, const fcrdns_result *r, const char *authserv_id, int level)
{
	html_round_trip(b, r, level + 1);
	html_facts(b, r, authserv_id);
	html_problems(b, r, level + 1);
	html_fix(b, r, level + 1);
}

void html_result_section(fcrdns_buf *b, const fcrdns_result *r, size_t id,
			 const char *authserv_id)
{
	html_result_begin(b, r, id, 2);
	html_result_body(b, r, authserv_id, 2);
	fcrdns_buf_puts(b, "</section>\n");
}

/* ---- check --html --------------------------------------------------------- */

int html_check_open(html_check *h, const char *path, int argc, char **argv)
{
	memset(h, 0, sizeof *h);
	return html_open(&h->out, "check", path, argc, argv);
}

void html_check_add(html_check *h, const fcrdns_result *r, const char *authserv_id)
{
	html_verdict v = html_verdict_of(r);

	h->counts[v]++;
	fcrdns_buf_printf(&h->summary, "<tr><td><a href=\"#a%zu\">%s</a></td><td>", h->n, r->ip);
	html_badge(&h->summary, v, NULL);
	fcrdns_buf_puts(&h->summary, "</td><td>");
	if (html_shown_name(r))
		name_cell(&h->summary, html_shown_name(r));
	fcrdns_buf_printf(&h->summary, "</td><td class=\"num\">%zu</td></tr>\n", r->nproblems);
	html_result_section(&h->sections, r, h->n++, authserv_id);
}

int html_check_finish(html_check *h)
{
	fcrdns_buf *b = &h->out.buf;

	html_page_begin(&h->out, "fcrdns check report");
	fcrdns_buf_puts(b, "<section id=\"summary\">\n<h2>Summary</h2>\n");
	html_legend(b, h->counts, 0);
	fcrdns_buf_puts(b, "<table>\n<tr><th>Address</th><th>Verdict</th><th>PTR name</th>"
			   "<th>Problems</th></tr>\n");
	fcrdns_buf_add(b, h->summary.data ? h->summary.data : "", h->summary.len);
	fcrdns_buf_puts(b, "</table>\n</section>\n");
	fcrdns_buf_add(b, h->sections.data ? h->sections.data : "", h->sections.len);
	if (h->summary.failed || h->sections.failed)
		b->failed = 1;
	fcrdns_buf_free(&h->summary);
	fcrdns_buf_free(&h->sections);
	return html_finish(&h->out);
}
