/* SPDX-License-Identifier: MIT */
/* html_audit.c: the page of `audit --html`: the run's summary, then per
 * domain its SPF tree, MX hosts, providers' blocks not checked, each own
 * address's section with its mail server's banner and EHLO name against
 * the PTR, what to fix in order and the result. Every byte from DNS, a
 * mail server or the command line is escaped here or in html_result.c. */
#include <string.h>

#include "auditcli.h"
#include "html.h"

#define NAME_SHOWN_MAX 1024   /* bytes of one name shown */
#define BANNER_SHOWN_MAX 4096 /* bytes of a greeting shown */

/* A page being written: where, and the next address section's number. */
typedef struct audit_page {
	html_out *o;
	fcrdns_buf *b;
	size_t next_id;
	const char *authserv_id;
} audit_page;

/* ---- Small parts --------------------------------------------------------------- */

static void put_name(fcrdns_buf *b, const char *s)
{
	fcrdns_buf_puts(b, "<span class=\"name\">");
	html_text(b, s ? s : "", NAME_SHOWN_MAX);
	fcrdns_buf_puts(b, "</span>");
}

/* Append a badge of class v with words and a data attribute name=value
 * (value: one of our codes). */
static void put_badge(fcrdns_buf *b, html_verdict v, const char *attr, const char *value,
		      const char *words)
{
	fcrdns_buf_printf(b, "<span class=\"badge b%d\" %s=\"%s\">", (int)v, attr, value);
	fcrdns_buf_puts(b, words);
	fcrdns_buf_puts(b, "</span>");
}

/* Return the colour class of a domain's exit status. */
static html_verdict exit_class(int status)
{
	switch (status) {
	case AUDIT_EXIT_OK: return HTML_PASS;
	case AUDIT_EXIT_FAIL: return HTML_FAIL;
	case AUDIT_EXIT_TEMPERROR: return HTML_TEMPERROR;
	default: return HTML_NOT_CHECKED;
	}
}

static void put_exit_badge(fcrdns_buf *b, int status)
{
	char words[32], value[8];

	snprintf(words, sizeof words, "exit %d", status);
	snprintf(value, sizeof value, "%d", status);
	put_badge(b, exit_class(status), "data-exit", value, words);
}

static void put_spf_badge(fcrdns_buf *b, audit_spf_result r)
{
	static const html_verdict classes[] = {
		[AUDIT_SPF_NONE] = HTML_NOT_CHECKED, [AUDIT_SPF_OK] = HTML_PASS,
		[AUDIT_SPF_PERMERROR] = HTML_PERMERROR, [AUDIT_SPF_TEMPERROR] = HTML_TEMPERROR,
	};
	const char *name = audit_spf_result_name(r);
	char words[32];

	snprintf(words, sizeof words, "SPF %s", name);
	put_badge(b, r <= AUDIT_SPF_TEMPERROR ? classes[r] : HTML_NOT_CHECKED, "data-spf", name,
		  words);
}

/* Append terminal-safe words (an audit problem, a fix) as HTML text. */
static void put_words(fcrdns_buf *b, const fcrdns_buf *words)
{
	fcrdns_html_text(b, words->data ? words->data : "", words->len);
	if (words->failed)
		b->failed = 1;
}

/* Append a list of audit problems: code and words each. */
static void put_problems(fcrdns_buf *b, const audit_domain *d, const audit_problem *list,
			 size_t n)
{
	fcrdns_buf words = { 0 };

	if (n == 0)
		return;
	fcrdns_buf_puts(b, "<ul class=\"problems\">\n");
	for (size_t i = 0; i < n; i++) {
		const char *code = audit_problem_name(list[i].code);
		words.len = 0;
		audit_problem_text(&words, d, &list[i]);
		fcrdns_buf_printf(b, "<li data-code=\"%s\"><code>%s</code>: ", code, code);
		put_words(b, &words);
		fcrdns_buf_puts(b, "</li>\n");
	}
	fcrdns_buf_puts(b, "</ul>\n");
	fcrdns_buf_free(&words);
}

/* ---- The SPF tree --------------------------------------------------------------- */

static void record_table(fcrdns_buf *b, const audit_record *rec, size_t depth);

/* Return the words of a term's qualifier; "" for modifiers. */
static const char *qualifier_words(const spf_term *t)
{
	if (t->kind == SPF_REDIRECT || t->kind == SPF_EXP || t->kind == SPF_UNKNOWN_MODIFIER)
		return "";
	switch (t->qualifier) {
	case SPF_QUAL_FAIL: return "&#x2212; fail";
	case SPF_QUAL_SOFTFAIL: return "~ softfail";
	case SPF_QUAL_NEUTRAL: return "? neutral";
	default: return "+ pass (authorized)";
	}
}

/* Append the lookup cell of a term: counted, void, failed. */
static void term_lookups(fcrdns_buf *b, const audit_term *at)
{
	if (at->flags & AUDIT_TERM_LOOKUP)
		fcrdns_buf_puts(b, "<span data-lookup=\"1\">counted</span>");
	if (at->flags & AUDIT_TERM_VOID)
		fcrdns_buf_puts(b, " <span class=\"warn\" data-void=\"1\">void</span>");
	if (at->flags & AUDIT_TERM_TEMPERROR)
		fcrdns_buf_puts(b, " <span class=\"warn\" data-temperror=\"1\">failed</span>");
}

/* Append what an include or redirect reached: the record, nested, or why
 * there is none. */
static void term_child(fcrdns_buf *b, const audit_record *child, size_t depth)
{
	if (child->state == AUDIT_REC_PARSED) {
		record_table(b, child, depth + 1);
		return;
	}
	fcrdns_buf_printf(b, "<span class=\"%s\" data-state=\"%d\">%s</span>",
			  child->state == AUDIT_REC_TEMPERROR ? "warn" : "bad", (int)child->state,
			  audit_record_state_text(child->state));
}

/* Append what an address term found: its class and blocks. */
static void term_found(fcrdns_buf *b, const spf_term *t, const audit_term *at)
{
	if (at->cls == AUDIT_PROVIDER) {
		fcrdns_buf_puts(b, "provider ");
		put_name(b, at->operator);
		fcrdns_buf_puts(b, ": ");
	}
	audit_blocks_text(b, at, "<code class=\"cidr\">", "</code>");
	if (t->qualifier != SPF_QUAL_PASS)
		fcrdns_buf_puts(b, " (not authorized)");
}

/* Append the last cell of term i of rec: what it led to. */
static void term_outcome(fcrdns_buf *b, const audit_record *rec, size_t i, size_t depth)
{
	const spf_term *t = &rec->spf.terms[i];
	const audit_term *at = &rec->terms[i];

	if (at->flags & AUDIT_TERM_SKIPPED)
		fcrdns_buf_puts(b, "not read (the tree is too large)");
	else if (t->error != SPF_ERR_NONE)
		fcrdns_buf_printf(b, "<span class=\"bad\" data-error=\"%s\">does not parse (%s)</span>",
				  spf_error_name(t->error), spf_error_name(t->error));
	else if (t->unenumerable != SPF_REASON_NONE && (at->flags & AUDIT_TERM_LOOKUP))
		fcrdns_buf_printf(b, "cannot be listed (%s)", spf_reason_name(t->unenumerable));
	else if (at->child)
		term_child(b, at->child, depth);
	else if (t->kind == SPF_A || t->kind == SPF_MX || t->kind == SPF_IP4 || t->kind == SPF_IP6)
		term_found(b, t, at);
	else if (t->kind == SPF_REDIRECT)
		fcrdns_buf_puts(b, "ignored (the record has \"all\")");
}

static void spf_term_row(fcrdns_buf *b, const audit_record *rec, size_t i, size_t depth)
{
	const spf_term *t = &rec->spf.terms[i];

	fcrdns_buf_printf(b, "<tr class=\"term\" data-kind=\"%s\" data-qualifier=\"%c\"><td>%s</td>"
			  "<td><code class=\"term\">", spf_kind_name(t->kind), (char)t->qualifier,
			  qualifier_words(t));
	fcrdns_html_text(b, t->text, t->len);
	fcrdns_buf_puts(b, "</code></td><td>");
	term_lookups(b, &rec->terms[i]);
	fcrdns_buf_puts(b, "</td><td>");
	term_outcome(b, rec, i, depth);
	fcrdns_buf_puts(b, "</td></tr>\n");
}

/* Append a parsed record: its domain and class, then a row per term
 * (records reached are nested in their term's row). */
static void record_table(fcrdns_buf *b, const audit_record *rec, size_t depth)
{
	fcrdns_buf_printf(b, "<div class=\"record\" data-class=\"%s\" data-depth=\"%zu\">\n<p>",
			  audit_class_name(rec->cls), depth);
	fcrdns_buf_puts(b, depth ? "" : "Terms of ");
	put_name(b, rec->domain);
	if (rec->cls == AUDIT_PROVIDER) {
		fcrdns_buf_puts(b, ": provider ");
		put_name(b, rec->operator);
	} else if (depth) {
		fcrdns_buf_puts(b, ": own record");
	}
	fcrdns_buf_puts(b, "</p>\n<table class=\"terms\">\n<tr><th>Qualifier</th><th>Term</th>"
			   "<th>DNS lookup</th><th>Gives</th></tr>\n");
	for (size_t i = 0; i < rec->spf.nterms; i++)
		spf_term_row(b, rec, i, depth);
	fcrdns_buf_puts(b, "</table>\n");
	if (rec->spf.dropped)
		fcrdns_buf_printf(b, "<p>%zu more terms not read.</p>\n", rec->spf.dropped);
	fcrdns_buf_puts(b, "</div>\n");
}

/* Append the lookup counts against RFC 7208's limits. */
static void spf_counts(fcrdns_buf *b, const audit_domain *d)
{
	fcrdns_buf_printf(b, "DNS lookups <b class=\"%s\" data-lookups=\"%u\">%u</b> of %d, void "
			  "lookups <b class=\"%s\" data-void-lookups=\"%u\">%u</b> of %d",
			  d->lookups > AUDIT_LOOKUP_LIMIT ? "bad" : "ok", d->lookups, d->lookups,
			  AUDIT_LOOKUP_LIMIT, d->void_lookups > AUDIT_VOID_LIMIT ? "bad" : "ok",
			  d->void_lookups, d->void_lookups, AUDIT_VOID_LIMIT);
}

static void spf_section(fcrdns_buf *b, const audit_domain *d)
{
	const audit_record *root = d->spf;

	fcrdns_buf_puts(b, "<section class=\"spf\">\n<h3>SPF</h3>\n<p>");
	put_spf_badge(b, d->spf_result);
	fcrdns_buf_puts(b, " ");
	spf_counts(b, d);
	fcrdns_buf_puts(b, "</p>\n");
	if (root->state == AUDIT_REC_PARSED) {
		fcrdns_buf_puts(b, "<p>Record: <code class=\"record\">");
		fcrdns_html_text(b, root->spf.text, root->spf.len);
		fcrdns_buf_puts(b, "</code></p>\n");
		record_table(b, root, 0);
	}
	put_problems(b, d, d->spf_problems, d->nspf_problems);
	fcrdns_buf_puts(b, "</section>\n");
}

/* ---- MX hosts -------------------------------------------------------------------- */

/* Append the notes of an MX host: implicit, literal, CNAME, failed. */
static void mx_notes(fcrdns_buf *b, const audit_mx *m)
{
	if (m->implicit)
		fcrdns_buf_puts(b, "implicit: no MX record, the domain's own addresses ");
	if (m->literal)
		fcrdns_buf_puts(b, "<span class=\"warn\">an address, not a host name</span> ");
	if (m->cname)
		fcrdns_buf_puts(b, "<span class=\"warn\">a CNAME</span> ");
	if (m->temperror)
		fcrdns_buf_puts(b, "<span class=\"warn\">address lookup failed</span>");
}

static void mx_row(fcrdns_buf *b, const audit_mx *m)
{
	char ip[FCRDNS_IPSTR_MAX];

	fcrdns_buf_printf(b, "<tr class=\"mx\" data-class=\"%s\"><td class=\"num\">%u</td><td>",
			  audit_class_name(m->cls), m->preference);
	put_name(b, m->host);
	fcrdns_buf_puts(b, "</td><td class=\"ip\">");
	for (size_t k = 0; k < m->naddrs; k++)
		fcrdns_buf_printf(b, "%s<span class=\"addr\">%s</span>", k ? "<br>" : "",
				  fcrdns_addr_format(&m->addrs[k], ip));
	if (m->naddrs == 0)
		fcrdns_buf_puts(b, "no address");
	fcrdns_buf_puts(b, "</td><td>");
	if (m->cls == AUDIT_PROVIDER) {
		fcrdns_buf_puts(b, "provider ");
		put_name(b, m->operator);
	} else {
		fcrdns_buf_puts(b, "own");
	}
	fcrdns_buf_puts(b, "</td><td>");
	mx_notes(b, m);
	fcrdns_buf_puts(b, "</td></tr>\n");
}

static void mx_section(fcrdns_buf *b, const audit_domain *d)
{
	fcrdns_buf_puts(b, "<section class=\"mx\">\n<h3>MX hosts</h3>\n");
	if (d->null_mx)
		fcrdns_buf_puts(b, "<p data-null-mx=\"1\">Null MX (RFC 7505): the domain receives no "
				   "mail.</p>\n");
	else if (d->nmx == 0)
		fcrdns_buf_puts(b, d->mx_temperror ? "<p class=\"warn\">The MX lookup failed.</p>\n"
						   : "<p>None.</p>\n");
	if (d->nmx > 0) {
		fcrdns_buf_puts(b, "<table class=\"mx\">\n<tr><th>Preference</th><th>Host</th>"
				   "<th>Addresses</th><th>Run by</th><th>Notes</th></tr>\n");
		for (size_t i = 0; i < d->nmx; i++)
			mx_row(b, &d->mx[i]);
		fcrdns_buf_puts(b, "</table>\n");
	}
	fcrdns_buf_puts(b, "</section>\n");
}

/* ---- Providers and what cannot be listed ------------------------------------------- */

/* Append the term and record cells of a source. */
static void source_cells(fcrdns_buf *b, const audit_source *s)
{
	fcrdns_buf_puts(b, "<td><code class=\"term\">");
	fcrdns_html_text(b, s->term->text, s->term->len);
	fcrdns_buf_puts(b, "</code></td><td>");
	put_name(b, s->record->domain);
	fcrdns_buf_puts(b, "</td>");
}

static void provider_rows(fcrdns_buf *b, const audit_domain *d)
{
	for (size_t i = 0; i < d->nsources; i++) {
		const audit_source *s = &d->sources[i];
		if (s->found->cls != AUDIT_PROVIDER || !s->authorized)
			continue;
		fcrdns_buf_puts(b, "<tr class=\"provider\">");
		source_cells(b, s);
		fcrdns_buf_puts(b, "<td>");
		put_name(b, s->found->operator);
		fcrdns_buf_puts(b, "</td><td>");
		audit_blocks_text(b, s->found, "<code class=\"cidr\">", "</code>");
		fcrdns_buf_printf(b, "</td><td class=\"num\">%zu</td></tr>\n", s->checked);
	}
	for (size_t i = 0; i < d->nmx; i++) {
		if (d->mx[i].cls != AUDIT_PROVIDER)
			continue;
		fcrdns_buf_puts(b, "<tr class=\"provider\"><td>MX</td><td>");
		put_name(b, d->mx[i].host);
		fcrdns_buf_puts(b, "</td><td>");
		put_name(b, d->mx[i].operator);
		fcrdns_buf_puts(b, "</td><td></td><td></td></tr>\n");
	}
}

/* Return 1 when d has a provider's authorized source or MX host. */
static int has_providers(const audit_domain *d)
{
	for (size_t i = 0; i < d->nsources; i++)
		if (d->sources[i].found->cls == AUDIT_PROVIDER && d->sources[i].authorized)
			return 1;
	for (size_t i = 0; i < d->nmx; i++)
		if (d->mx[i].cls == AUDIT_PROVIDER)
			return 1;
	return 0;
}

static void unenumerable_list(fcrdns_buf *b, const audit_domain *d)
{
	int any = 0;

	for (size_t i = 0; i < d->nsources; i++) {
		const audit_source *s = &d->sources[i];
		if (s->found->cls != AUDIT_UNENUMERABLE)
			continue;
		if (!any++)
			fcrdns_buf_puts(b, "<h3>Could not be listed</h3>\n<p>They name senders only "
					   "when one is in hand.</p>\n<table class=\"unenumerable\">\n"
					   "<tr><th>Term</th><th>Record</th><th>Why</th></tr>\n");
		fcrdns_buf_puts(b, "<tr class=\"unenumerable\">");
		source_cells(b, s);
		fcrdns_buf_printf(b, "<td>%s%s</td></tr>\n", spf_reason_name(s->term->unenumerable),
				  s->authorized ? "" : " (not authorized)");
	}
	if (any)
		fcrdns_buf_puts(b, "</table>\n");
}

static void providers_section(fcrdns_buf *b, const audit_domain *d)
{
	fcrdns_buf_puts(b, "<section class=\"providers\">\n");
	if (has_providers(d)) {
		fcrdns_buf_puts(b, "<h3>Run by your providers (not yours to fix, not checked)</h3>\n"
				   "<table class=\"providers\">\n<tr><th>Term</th><th>Record</th>"
				   "<th>Provider</th><th>Blocks</th><th>Checked</th></tr>\n");
		provider_rows(b, d);
		fcrdns_buf_puts(b, "</table>\n");
	}
	unenumerable_list(b, d);
	fcrdns_buf_puts(b, "</section>\n");
}

/* ---- Mail servers: banner and EHLO against the PTR ------------------------------------ */

/* Append the greeting's text, its lines one under the other. */
static void smtp_banner(fcrdns_buf *b, const smtp_text *banner)
{
	size_t len = banner->len < BANNER_SHOWN_MAX ? banner->len : BANNER_SHOWN_MAX;
	size_t start = 0;

	fcrdns_buf_puts(b, "<code class=\"banner\">");
	for (size_t i = 0; i <= len; i++) {
		if (i < len && banner->data[i] != '\n')
			continue;
		fcrdns_buf_puts(b, start ? "<br>" : "");
		fcrdns_html_text(b, banner->data + start, i - start);
		start = i + 1;
	}
	fcrdns_buf_puts(b, banner->len > len ? "&#x2026;</code>" : "</code>");
}

/* Append a table row: one name the server gave and its verdict. */
static void smtp_name_row(fcrdns_buf *b, const char *label, const char *which,
			  const smtp_text *name, const audit_name_verdict *v)
{
	const char *code = audit_name_verdict_name(v);
	int good = audit_name_verdict_good(v);

	fcrdns_buf_printf(b, "<tr class=\"%s\"><th>%s</th><td>", which, label);
	if (name->data) {
		fcrdns_buf_puts(b, "<span class=\"name\">");
		fcrdns_html_text(b, name->data, name->len < NAME_SHOWN_MAX ? name->len : NAME_SHOWN_MAX);
		fcrdns_buf_puts(b, "</span>");
	} else {
		fcrdns_buf_puts(b, "(none)");
	}
	fcrdns_buf_printf(b, "</td><td><span class=\"badge %s\" data-verdict=\"%s\">%s %s</span> ",
			  good ? "b0" : "b2", code, good ? "&#x2714;" : "&#x2718;", code);
	if (v->kind == AUDIT_NAME_LADDER)
		fcrdns_buf_puts(b, fcrdns_helo_verdict_text(v->verdict));
	else
		fcrdns_buf_puts(b, v->kind == AUDIT_NAME_NO_NAME ? "no name given" : "no 220 greeting");
	fcrdns_buf_puts(b, "</td></tr>\n");
}

/* Append how the connection went: connect, greeting code, STARTTLS. */
static void smtp_connection(fcrdns_buf *b, const smtp_facts *f)
{
	const char *connect = smtp_connect_name(f->connect);

	fcrdns_buf_printf(b, "<p>Connect <b class=\"%s\" data-connect=\"%s\">%s</b>",
			  f->connect == SMTP_CONNECT_OK ? "ok" : "bad", connect, connect);
	if (f->greeting_code)
		fcrdns_buf_printf(b, ", greeting <b class=\"%s\" data-greeting-code=\"%d\">%d</b>",
				  f->greeted ? "ok" : "bad", f->greeting_code, f->greeting_code);
	if (f->ehlo_sent)
		fcrdns_buf_puts(b, f->starttls ? ", STARTTLS offered" : ", no STARTTLS");
	fcrdns_buf_puts(b, "</p>\n");
	if (f->banner.data) {
		fcrdns_buf_puts(b, "<p>Greeting: ");
		smtp_banner(b, &f->banner);
		fcrdns_buf_puts(b, "</p>\n");
	}
}

/* Append the mail server part of an address's section. */
static void smtp_part(fcrdns_buf *b, const audit_address *a)
{
	const smtp_facts *f = a->smtp.facts;
	const char *ptr = a->result ? a->result->confirmed : NULL;

	fcrdns_buf_puts(b, "<div class=\"smtp\">\n<h4>Mail server: banner and EHLO against the "
			   "PTR</h4>\n");
	smtp_connection(b, f);
	fcrdns_buf_puts(b, "<table class=\"names\">\n<tr><th></th><th>Name</th><th>Against the "
			   "PTR name</th></tr>\n<tr class=\"ptr\"><th>PTR (confirmed)</th><td>");
	if (ptr)
		put_name(b, ptr);
	else
		fcrdns_buf_puts(b, "(none confirmed)");
	fcrdns_buf_puts(b, "</td><td></td></tr>\n");
	smtp_name_row(b, "Banner", "banner", &f->banner_name, &a->smtp.banner);
	smtp_name_row(b, "EHLO", "ehlo", &f->ehlo_name, &a->smtp.ehlo);
	fcrdns_buf_puts(b, "</table>\n</div>\n");
}

/* ---- Addresses ------------------------------------------------------------------------ */

/* Append how a was found: --ip, MX host, the SPF terms. */
static void address_roles(fcrdns_buf *b, const audit_domain *d, const audit_address *a)
{
	const char *sep = " ";

	fcrdns_buf_puts(b, "<p class=\"found\">Found as:");
	if (a->roles & AUDIT_ROLE_GIVEN) {
		fcrdns_buf_puts(b, " <span data-role=\"given\">--ip</span>");
		sep = ", ";
	}
	if (a->roles & AUDIT_ROLE_MX) {
		fcrdns_buf_printf(b, "%s<span data-role=\"mx\">MX host</span>", sep);
		sep = ", ";
	}
	for (size_t i = 0; i < a->nsources; i++) {
		const audit_source *s = &d->sources[a->sources[i]];
		fcrdns_buf_printf(b, "%s<span data-role=\"spf\">SPF <code class=\"term\">", sep);
		sep = ", ";
		fcrdns_html_text(b, s->term->text, s->term->len);
		fcrdns_buf_puts(b, "</code> (");
		put_name(b, s->record->domain);
		fcrdns_buf_puts(b, ")</span>");
	}
	fcrdns_buf_puts(b, "</p>\n");
}

static void address_section(audit_page *p, const audit_domain *d, const audit_address *a)
{
	html_result_begin(p->b, a->result, p->next_id++, 3);
	address_roles(p->b, d, a);
	html_result_body(p->b, a->result, p->authserv_id, 3);
	if (a->smtp.facts)
		smtp_part(p->b, a);
	fcrdns_buf_puts(p->b, "</section>\n");
	html_flush(p->o, 0);
}

/* Append the sections of d's checked addresses of class cls. */
static void addresses(audit_page *p, const audit_domain *d, audit_class cls)
{
	const audit_summary *s = &d->summary;
	int any = 0;

	for (size_t i = 0; i < d->naddrs; i++) {
		if (d->addrs[i].result == NULL || d->addrs[i].cls != cls)
			continue;
		if (!any++ && cls == AUDIT_PROVIDER)
			fcrdns_buf_puts(p->b, "<h3 class=\"provider-addresses\">Providers' addresses "
					      "(--include-providers; they never change the exit status)"
					      "</h3>\n");
		address_section(p, d, &d->addrs[i]);
	}
	if (cls == AUDIT_OWN && s->checked == 0)
		fcrdns_buf_puts(p->b, "<p>No address checked.</p>\n");
	if (cls == AUDIT_OWN && d->unchecked)
		fcrdns_buf_printf(p->b, "<p data-unchecked=\"%zu\">%zu more addresses not checked "
				  "(--max-addresses).</p>\n", d->unchecked, d->unchecked);
}

/* ---- What to fix, and the result -------------------------------------------------------- */

/* Append the attributes that say what fix f is about. */
static void fix_subject(fcrdns_buf *b, const audit_domain *d, const audit_fix *f)
{
	switch (f->kind) {
	case AUDIT_FIX_SPF_PROBLEM:
		fcrdns_buf_printf(b, " data-code=\"%s\"",
				  audit_problem_name(d->spf_problems[f->index].code));
		return;
	case AUDIT_FIX_DOMAIN_PROBLEM:
		fcrdns_buf_printf(b, " data-code=\"%s\"", audit_problem_name(d->problems[f->index].code));
		return;
	case AUDIT_FIX_SPF_TEMPERROR:
		return;
	default:
		fcrdns_buf_printf(b, " data-ip=\"%s\"", d->addrs[f->index].ip);
		return;
	}
}

static void fixes_section(fcrdns_buf *b, const audit_domain *d)
{
	const audit_summary *s = &d->summary;
	fcrdns_buf words = { 0 };

	fcrdns_buf_puts(b, "<section class=\"fixes\">\n<h3>What to fix, in order</h3>\n");
	if (s->nfixes == 0)
		fcrdns_buf_puts(b, "<p class=\"ok\">Nothing to fix.</p>\n");
	else
		fcrdns_buf_puts(b, "<ol class=\"fixes\">\n");
	for (size_t i = 0; i < s->nfixes; i++) {
		fcrdns_buf_printf(b, "<li data-kind=\"%s\"", audit_fix_kind_name(s->fixes[i].kind));
		fix_subject(b, d, &s->fixes[i]);
		fcrdns_buf_puts(b, ">");
		words.len = 0;
		audit_fix_text(&words, d, &s->fixes[i]);
		put_words(b, &words);
		fcrdns_buf_puts(b, "</li>\n");
	}
	fcrdns_buf_puts(b, s->nfixes ? "</ol>\n</section>\n" : "</section>\n");
	fcrdns_buf_free(&words);
}

static void result_line(fcrdns_buf *b, const audit_domain *d)
{
	int st = d->summary.exit_status;

	fcrdns_buf_puts(b, "<p class=\"result\">Result for ");
	put_name(b, d->name);
	fcrdns_buf_puts(b, ": ");
	put_exit_badge(b, st);
	fcrdns_buf_printf(b, " %s.</p>\n", audit_exit_meaning(st));
}

/* ---- Domains and the page ------------------------------------------------------------------ */

static void domain_section(audit_page *p, const audit_domain *d, size_t n)
{
	fcrdns_buf *b = p->b;

	fcrdns_buf_printf(b, "<section class=\"domain\" id=\"d%zu\" data-domain=\"", n);
	fcrdns_html_attr(b, d->name, strlen(d->name));
	fcrdns_buf_printf(b, "\" data-exit=\"%d\">\n<h2>Audit of ", d->summary.exit_status);
	put_name(b, d->name);
	fcrdns_buf_puts(b, " ");
	put_exit_badge(b, d->summary.exit_status);
	fcrdns_buf_puts(b, "</h2>\n");
	spf_section(b, d);
	mx_section(b, d);
	providers_section(b, d);
	fcrdns_buf_puts(b, "<section class=\"addresses\">\n");
	addresses(p, d, AUDIT_OWN);
	addresses(p, d, AUDIT_PROVIDER);
	fcrdns_buf_puts(b, "</section>\n");
	fixes_section(b, d);
	result_line(b, d);
	fcrdns_buf_puts(b, "</section>\n");
	html_flush(p->o, 0);
}

/* Append the summary row of a finished domain. */
static void summary_row(fcrdns_buf *b, const audit_domain *d, size_t n)
{
	const audit_summary *s = &d->summary;

	fcrdns_buf_printf(b, "<tr><td><a href=\"#d%zu\">", n);
	put_name(b, d->name);
	fcrdns_buf_puts(b, "</a></td><td>");
	put_spf_badge(b, d->spf_result);
	fcrdns_buf_printf(b, "</td><td class=\"num\">%zu</td><td class=\"num\">%zu</td>"
			  "<td class=\"num\">%zu</td><td class=\"num\">%zu</td><td class=\"num\">%zu"
			  "</td><td class=\"num\">%zu</td><td>", s->checked,
			  s->counts[FCRDNS_IPREV_PASS], s->counts[FCRDNS_IPREV_FAIL],
			  s->counts[FCRDNS_IPREV_PERMERROR], s->counts[FCRDNS_IPREV_TEMPERROR],
			  s->nfixes);
	put_exit_badge(b, s->exit_status);
	fcrdns_buf_puts(b, "</td></tr>\n");
}

/* Count the verdict classes of every checked own address. */
static void own_counts(const audit_domain *const *domains, size_t count,
		       unsigned long long *counts)
{
	for (size_t i = 0; i < count; i++)
		for (size_t k = 0; domains[i] && k < domains[i]->naddrs; k++) {
			const audit_address *a = &domains[i]->addrs[k];
			if (a->result && a->cls == AUDIT_OWN)
				counts[html_verdict_of(a->result)]++;
		}
}

static void summary_section(fcrdns_buf *b, const audit_domain *const *domains,
			    char *const *names, size_t count)
{
	unsigned long long counts[HTML_NVERDICTS] = { 0 };

	fcrdns_buf_puts(b, "<section id=\"summary\">\n<h2>Summary</h2>\n<table>\n<tr><th>Domain"
			   "</th><th>SPF</th><th>Checked</th><th>pass</th><th>fail</th><th>permerror"
			   "</th><th>temperror</th><th>To fix</th><th>Result</th></tr>\n");
	for (size_t i = 0; i < count; i++) {
		if (domains[i]) {
			summary_row(b, domains[i], i);
			continue;
		}
		fcrdns_buf_puts(b, "<tr><td>");
		put_name(b, names[i]);
		fcrdns_buf_puts(b, "</td><td colspan=\"8\" class=\"bad\">not finished</td></tr>\n");
	}
	fcrdns_buf_puts(b, "</table>\n<h3>Own addresses checked</h3>\n");
	own_counts(domains, count, counts);
	html_verdict_bar(b, counts);
	html_legend(b, counts, 0);
	fcrdns_buf_puts(b, "</section>\n");
}

int html_audit_finish(html_out *o, const struct audit_domain *const *domains, char *const *names,
		      size_t count, const char *authserv_id)
{
	audit_page p = { o, &o->buf, 0, authserv_id };

	html_page_begin(o, "fcrdns audit report");
	summary_section(p.b, domains, names, count);
	for (size_t i = 0; i < count; i++)
		if (domains[i])
			domain_section(&p, domains[i], i);
	return html_finish(o);
}
