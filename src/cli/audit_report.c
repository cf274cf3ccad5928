/* SPDX-License-Identifier: MIT */
/* audit_report.c: the human report of an audited domain, in the article's
 * order: what was found (the SPF tree with its lookup counts, the MX
 * hosts), each own address's round trip, each mail server's banner and
 * EHLO name against its PTR, what providers run, what cannot be listed,
 * and the fixes in order (the library's list; their words are shared
 * with the HTML page). Every string from DNS or a server is made
 * terminal-safe. */
#include <string.h>
#include <sys/socket.h>

#include "auditcli.h"

#define BANNER_SHOWN 120 /* octets of a greeting shown */
#define TERM_WIDTH 34    /* the column of the tree's terms */

static void put_safe(fcrdns_buf *b, const char *s)
{
	fcrdns_text_safe(b, s, strlen(s));
}

/* Append n spaces. */
static void indent(fcrdns_buf *b, size_t n)
{
	fcrdns_buf_printf(b, "%*s", (int)n, "");
}

/* ---- The SPF tree ----------------------------------------------------------- */

/* Write into size (64 bytes) how many addresses the blocks of at hold,
 * and return 1, when that says more than the list (more than one
 * address); else return 0. */
static int audit_blocks_size(const audit_term *at, char *size)
{
	spf_count total = { { 0 } };

	if (at->ncidrs == 0 || (at->ncidrs == 1 && at->cidrs[0].prefix ==
				(at->cidrs[0].net.family == AF_INET ? 32u : 128u)))
		return 0;
	for (size_t i = 0; i < at->ncidrs; i++)
		spf_count_add_block(&total, at->cidrs[i].net.family, at->cidrs[i].prefix);
	spf_count_format(&total, size);
	return 1;
}

const char *audit_record_state_text(audit_record_state s)
{
	static const char *const states[] = {
		[AUDIT_REC_PENDING] = "not read", [AUDIT_REC_PARSED] = "read",
		[AUDIT_REC_NONE] = "no SPF record", [AUDIT_REC_MULTIPLE] = "several SPF records",
		[AUDIT_REC_TEMPERROR] = "lookup failed", [AUDIT_REC_LOOP] = "loop: already on this path",
		[AUDIT_REC_SKIPPED] = "not read (too large)",
	};

	return s <= AUDIT_REC_SKIPPED ? states[s] : "?";
}

void audit_blocks_text(fcrdns_buf *b, const audit_term *at, const char *open, const char *close)
{
	char cidr[SPF_CIDR_MAX], size[64];

	for (size_t i = 0; i < at->ncidrs; i++)
		fcrdns_buf_printf(b, "%s%s%s%s", i ? ", " : "", open,
				  spf_cidr_format(&at->cidrs[i].net, at->cidrs[i].prefix, cidr), close);
	if (at->ncidrs == 0)
		fcrdns_buf_puts(b, "no address");
	else if (audit_blocks_size(at, size))
		fcrdns_buf_printf(b, " (%s addresses)", size);
}

/* Append what an address term found: its class and blocks. */
static void report_term_found(fcrdns_buf *b, const spf_term *t, const audit_term *at)
{
	if (at->cls == AUDIT_PROVIDER) {
		fcrdns_buf_puts(b, "provider ");
		put_safe(b, at->operator);
		fcrdns_buf_puts(b, ": ");
	}
	audit_blocks_text(b, at, "", "");
	if (t->qualifier != SPF_QUAL_PASS)
		fcrdns_buf_puts(b, " [not authorized]");
	if (at->flags & AUDIT_TERM_VOID)
		fcrdns_buf_puts(b, " [void lookup]");
	if (at->flags & AUDIT_TERM_TEMPERROR)
		term_styled(b, STYLE_WARN, " [lookup failed]");
}

static void report_record(fcrdns_buf *b, const audit_record *rec, size_t depth);

/* Append what an include or redirect reached. */
static void report_child(fcrdns_buf *b, const audit_record *child, size_t depth)
{
	if (child->state == AUDIT_REC_PARSED) {
		fcrdns_buf_puts(b, child->cls == AUDIT_PROVIDER ? "provider " : "own record");
		if (child->cls == AUDIT_PROVIDER)
			put_safe(b, child->operator);
		fcrdns_buf_puts(b, "\n");
		report_record(b, child, depth + 1);
		return;
	}
	term_styled(b, child->state == AUDIT_REC_TEMPERROR ? STYLE_WARN : STYLE_BAD,
		    audit_record_state_text(child->state));
	fcrdns_buf_puts(b, "\n");
}

/* Return 1 when term i of rec has more to show than its text: an
 * address mechanism, a record reached, a redirect ignored, a problem. */
static int term_says_more(const audit_record *rec, size_t i)
{
	const spf_term *t = &rec->spf.terms[i];
	const audit_term *at = &rec->terms[i];

	if ((at->flags & AUDIT_TERM_SKIPPED) || t->error != SPF_ERR_NONE || at->child)
		return 1;
	if (t->unenumerable != SPF_REASON_NONE && (at->flags & AUDIT_TERM_LOOKUP))
		return 1;
	if (t->kind == SPF_REDIRECT)
		return 1; /* not followed: the record has "all" */
	return t->kind == SPF_A || t->kind == SPF_MX || t->kind == SPF_IP4 || t->kind == SPF_IP6;
}

/* Append one term of a record and what it led to. */
static void report_term(fcrdns_buf *b, const audit_record *rec, size_t i, size_t depth)
{
	const spf_term *t = &rec->spf.terms[i];
	const audit_term *at = &rec->terms[i];
	size_t start = b->len;

	indent(b, 4 + 2 * depth);
	audit_term_text(b, t);
	if (!term_says_more(rec, i)) {
		fcrdns_buf_puts(b, "\n");
		return;
	}
	if (b->len - start < TERM_WIDTH)
		indent(b, TERM_WIDTH - (b->len - start));
	fcrdns_buf_puts(b, " ");
	if (at->flags & AUDIT_TERM_SKIPPED) {
		fcrdns_buf_puts(b, "not read (the tree is too large)\n");
	} else if (t->error != SPF_ERR_NONE) {
		term_styled(b, STYLE_BAD, "does not parse");
		fcrdns_buf_printf(b, " (%s)\n", spf_error_name(t->error));
	} else if (t->unenumerable != SPF_REASON_NONE && (at->flags & AUDIT_TERM_LOOKUP)) {
		fcrdns_buf_printf(b, "cannot be listed (%s)\n", spf_reason_name(t->unenumerable));
	} else if (at->child) {
		report_child(b, at->child, depth);
	} else if (t->kind == SPF_A || t->kind == SPF_MX || t->kind == SPF_IP4 ||
		   t->kind == SPF_IP6) {
		report_term_found(b, t, at);
		fcrdns_buf_puts(b, "\n");
	} else {
		fcrdns_buf_puts(b, "ignored (the record has \"all\")\n");
	}
}

/* Append a parsed record: its domain, then its terms, nested. */
static void report_record(fcrdns_buf *b, const audit_record *rec, size_t depth)
{
	indent(b, 2 + 2 * depth);
	put_safe(b, rec->domain);
	fcrdns_buf_puts(b, ":\n");
	for (size_t i = 0; i < rec->spf.nterms; i++)
		report_term(b, rec, i, depth);
}

static style spf_style(audit_spf_result r)
{
	return r == AUDIT_SPF_OK ? STYLE_GOOD : r == AUDIT_SPF_TEMPERROR ? STYLE_WARN : STYLE_BAD;
}

static void report_spf(fcrdns_buf *b, const audit_domain *d)
{
	fcrdns_buf_puts(b, "SPF: ");
	term_styled(b, spf_style(d->spf_result), audit_spf_result_name(d->spf_result));
	fcrdns_buf_printf(b, " (DNS lookups %u/%d, void lookups %u/%d)\n", d->lookups,
			  AUDIT_LOOKUP_LIMIT, d->void_lookups, AUDIT_VOID_LIMIT);
	if (d->spf->state == AUDIT_REC_PARSED) {
		fcrdns_buf_puts(b, "  ");
		fcrdns_text_safe(b, d->spf->spf.text, d->spf->spf.len);
		fcrdns_buf_puts(b, "\n");
		report_record(b, d->spf, 0);
	}
	for (size_t i = 0; i < d->nspf_problems; i++) {
		fcrdns_buf_puts(b, "  - ");
		term_styled(b, STYLE_BOLD, audit_problem_name(d->spf_problems[i].code));
		fcrdns_buf_puts(b, ": ");
		audit_problem_text(b, d, &d->spf_problems[i]);
		fcrdns_buf_puts(b, "\n");
	}
}

/* ---- MX hosts ----------------------------------------------------------------- */

static void report_mx(fcrdns_buf *b, const audit_domain *d)
{
	char ip[FCRDNS_IPSTR_MAX];

	fcrdns_buf_puts(b, "MX:");
	if (d->null_mx)
		fcrdns_buf_puts(b, " null MX (RFC 7505): the domain receives no mail");
	else if (d->nmx == 0)
		fcrdns_buf_puts(b, d->mx_temperror ? " the lookup failed" : " none");
	fcrdns_buf_puts(b, "\n");
	for (size_t i = 0; i < d->nmx; i++) {
		const audit_mx *m = &d->mx[i];
		fcrdns_buf_printf(b, "  %u ", m->preference);
		put_safe(b, m->host);
		fcrdns_buf_puts(b, m->implicit ? " (implicit: no MX record) ->" : " ->");
		for (size_t k = 0; k < m->naddrs; k++)
			fcrdns_buf_printf(b, " %s", fcrdns_addr_format(&m->addrs[k], ip));
		if (m->naddrs == 0)
			fcrdns_buf_puts(b, " no address");
		if (m->cls == AUDIT_PROVIDER) {
			fcrdns_buf_puts(b, "  [provider ");
			put_safe(b, m->operator);
			fcrdns_buf_puts(b, "]");
		}
		fcrdns_buf_puts(b, "\n");
	}
}

/* ---- Own addresses -------------------------------------------------------------- */

/* Append how a was found: its roles and terms. */
static void report_roles(fcrdns_buf *b, const audit_domain *d, const audit_address *a)
{
	fcrdns_buf_puts(b, "  Found as:");
	if (a->roles & AUDIT_ROLE_GIVEN)
		fcrdns_buf_puts(b, " --ip");
	if (a->roles & AUDIT_ROLE_MX)
		fcrdns_buf_puts(b, " MX host");
	for (size_t i = 0; i < a->nsources; i++) {
		const audit_source *s = &d->sources[a->sources[i]];
		fcrdns_buf_puts(b, i == 0 && !(a->roles & (AUDIT_ROLE_MX | AUDIT_ROLE_GIVEN)) ? " SPF "
											 : ", SPF ");
		audit_term_text(b, s->term);
		fcrdns_buf_puts(b, " (");
		put_safe(b, s->record->domain);
		fcrdns_buf_puts(b, ")");
	}
	fcrdns_buf_puts(b, "\n");
}

static void report_addresses(fcrdns_buf *b, const audit_domain *d, const char *authserv_id,
			     audit_class cls)
{
	const audit_summary *s = &d->summary;

	if (cls == AUDIT_OWN)
		fcrdns_buf_printf(b, "\nAddresses checked: %zu (pass %zu, fail %zu, temperror %zu,"
				  " permerror %zu)\n", s->checked, s->counts[FCRDNS_IPREV_PASS],
				  s->counts[FCRDNS_IPREV_FAIL], s->counts[FCRDNS_IPREV_TEMPERROR],
				  s->counts[FCRDNS_IPREV_PERMERROR]);
	else
		fcrdns_buf_puts(b, "\nProviders' addresses (--include-providers; never change the"
				   " exit status):\n");
	for (size_t i = 0; i < d->naddrs; i++) {
		const audit_address *a = &d->addrs[i];
		if (a->result == NULL || a->cls != cls)
			continue;
		fcrdns_buf_puts(b, "\n");
		report_result(b, a->result, authserv_id);
		report_roles(b, d, a);
	}
	if (cls == AUDIT_OWN && d->unchecked)
		fcrdns_buf_printf(b, "\n%zu more addresses not checked (--max-addresses)\n",
				  d->unchecked);
}

/* ---- Mail servers ---------------------------------------------------------------- */

/* Append one name the server gave and its verdict. */
static void report_name(fcrdns_buf *b, const char *label, const smtp_text *text, size_t shown,
			const audit_name_verdict *v)
{
	fcrdns_buf_printf(b, "    %-7s ", label);
	if (text->data && text->len == 0) {
		fcrdns_buf_puts(b, "(empty) -> ");
	} else if (text->data) {
		fcrdns_text_safe(b, text->data, text->len < shown ? text->len : shown);
		fcrdns_buf_puts(b, text->len > shown ? "... -> " : " -> ");
	} else {
		fcrdns_buf_puts(b, "(none) -> ");
	}
	term_styled(b, audit_name_verdict_good(v) ? STYLE_GOOD : STYLE_WARN, audit_name_verdict_name(v));
	fcrdns_buf_puts(b, "\n");
}

static void report_server(fcrdns_buf *b, const audit_address *a)
{
	const smtp_facts *f = a->smtp.facts;

	fcrdns_buf_printf(b, "  %s: PTR ", a->ip);
	put_safe(b, a->result && a->result->confirmed ? a->result->confirmed : "(none confirmed)");
	fcrdns_buf_printf(b, "; connect %s", smtp_connect_name(f->connect));
	if (f->greeting_code)
		fcrdns_buf_printf(b, ", greeting %d", f->greeting_code);
	fcrdns_buf_puts(b, f->starttls ? ", STARTTLS offered\n" : "\n");
	report_name(b, "banner", &f->banner, BANNER_SHOWN, &a->smtp.banner);
	report_name(b, "EHLO", &f->ehlo_name, BANNER_SHOWN, &a->smtp.ehlo);
}

static void report_servers(fcrdns_buf *b, const audit_domain *d)
{
	int any = 0;

	for (size_t i = 0; i < d->naddrs; i++) {
		if (d->addrs[i].smtp.facts == NULL || d->addrs[i].result == NULL)
			continue;
		if (!any++)
			fcrdns_buf_puts(b, "\nMail servers: greeting and EHLO name against the PTR\n");
		report_server(b, &d->addrs[i]);
	}
}

/* ---- Providers and what cannot be listed ---------------------------------------------- */

static void report_source_line(fcrdns_buf *b, const audit_source *s)
{
	fcrdns_buf_puts(b, "  ");
	audit_term_text(b, s->term);
	fcrdns_buf_puts(b, " (in ");
	put_safe(b, s->record->domain);
	fcrdns_buf_puts(b, "): ");
}

static void report_providers(fcrdns_buf *b, const audit_domain *d)
{
	int any = 0;

	for (size_t i = 0; i < d->nsources; i++) {
		const audit_source *s = &d->sources[i];
		if (s->found->cls != AUDIT_PROVIDER || !s->authorized)
			continue;
		if (!any++)
			fcrdns_buf_puts(b, "\nRun by your providers (not yours to fix):\n");
		report_source_line(b, s);
		put_safe(b, s->found->operator);
		fcrdns_buf_puts(b, ", ");
		audit_blocks_text(b, s->found, "", "");
		fcrdns_buf_printf(b, ", %zu checked\n", s->checked);
	}
	for (size_t i = 0; i < d->nmx; i++) {
		if (d->mx[i].cls != AUDIT_PROVIDER)
			continue;
		if (!any++)
			fcrdns_buf_puts(b, "\nRun by your providers (not yours to fix):\n");
		fcrdns_buf_puts(b, "  MX ");
		put_safe(b, d->mx[i].host);
		fcrdns_buf_puts(b, ": ");
		put_safe(b, d->mx[i].operator);
		fcrdns_buf_puts(b, "\n");
	}
}

static void report_unenumerable(fcrdns_buf *b, const audit_domain *d)
{
	int any = 0;

	for (size_t i = 0; i < d->nsources; i++) {
		const audit_source *s = &d->sources[i];
		if (s->found->cls != AUDIT_UNENUMERABLE)
			continue;
		if (!any++)
			fcrdns_buf_puts(b, "\nCould not be listed (they name senders only when one is in"
					   " hand):\n");
		report_source_line(b, s);
		fcrdns_buf_printf(b, "%s%s\n", spf_reason_name(s->term->unenumerable),
				  s->authorized ? "" : " [not authorized]");
	}
}

/* ---- The fixes, in order -------------------------------------------------------------- */

/* Return who must act on r's fix, in words. */
static const char *fix_owner_words(const fcrdns_result *r)
{
	switch (r->fix_owner) {
	case FCRDNS_FIX_IP_OWNER: return "the IP owner";
	case FCRDNS_FIX_DOMAIN_OWNER: return "the domain owner";
	default: return "the domain owner and the IP owner";
	}
}

/* Append what an own address's check calls for. */
static void fix_address_text(fcrdns_buf *b, const audit_fix *f, const fcrdns_result *r)
{
	fcrdns_buf_printf(b, "%s (iprev=%s%s%s): ", r->ip, fcrdns_iprev_name(r->iprev),
			  r->nproblems ? ", " : "",
			  r->nproblems ? fcrdns_problem_name(r->problems[0].code) : "");
	if (f->kind == AUDIT_FIX_ADDRESS_TEMPERROR)
		fcrdns_buf_puts(b, "a lookup failed transiently; check again later");
	else if (r->nfix_steps == 0)
		fcrdns_buf_printf(b, "see the problems under %s above", r->ip);
	else
		fcrdns_buf_printf(b, "%s must act: the %zu steps under %s above", fix_owner_words(r),
				  r->nfix_steps, r->ip);
}

/* Append what a mail server that gave no greeting, or names that do not
 * pass, calls for. */
static void fix_server_text(fcrdns_buf *b, const audit_fix *f, const audit_address *a)
{
	const smtp_facts *facts = a->smtp.facts;

	if (f->kind == AUDIT_FIX_SERVER_SILENT) {
		fcrdns_buf_printf(b, "the mail server at %s gave no 220 greeting (connect %s", a->ip,
				  smtp_connect_name(facts->connect));
		if (facts->greeting_code)
			fcrdns_buf_printf(b, ", greeting %d", facts->greeting_code);
		fcrdns_buf_puts(b, "): check that it accepts mail from here");
		return;
	}
	fcrdns_buf_printf(b, "the mail server at %s: make it greet and answer EHLO as ", a->ip);
	put_safe(b, a->result && a->result->confirmed ? a->result->confirmed
						       : "the name its PTR gives");
	fcrdns_buf_printf(b, " (banner %s, EHLO %s; Postfix: myhostname)",
			  audit_name_verdict_name(&a->smtp.banner), audit_name_verdict_name(&a->smtp.ehlo));
}

void audit_fix_text(fcrdns_buf *b, const audit_domain *d, const audit_fix *f)
{
	switch (f->kind) {
	case AUDIT_FIX_SPF_PROBLEM:
		fcrdns_buf_puts(b, "SPF: ");
		audit_problem_text(b, d, &d->spf_problems[f->index]);
		return;
	case AUDIT_FIX_SPF_TEMPERROR:
		fcrdns_buf_puts(b, "SPF: the lookup of ");
		put_safe(b, d->temperror_name ? d->temperror_name : d->name);
		fcrdns_buf_puts(b, " failed transiently; check again later");
		return;
	case AUDIT_FIX_ADDRESS:
	case AUDIT_FIX_ADDRESS_TEMPERROR:
	case AUDIT_FIX_ADDRESS_NAME:
		fix_address_text(b, f, d->addrs[f->index].result);
		return;
	case AUDIT_FIX_SERVER_SILENT:
	case AUDIT_FIX_SERVER_NAMES:
		fix_server_text(b, f, &d->addrs[f->index]);
		return;
	case AUDIT_FIX_DOMAIN_PROBLEM:
		audit_problem_text(b, d, &d->problems[f->index]);
		return;
	}
}

static void report_fixes(fcrdns_buf *b, const audit_domain *d)
{
	const audit_summary *s = &d->summary;

	for (size_t i = 0; i < s->nfixes; i++) {
		fcrdns_buf_printf(b, "%s  %zu. ", i == 0 ? "\nWhat to fix, in order:\n" : "", i + 1);
		audit_fix_text(b, d, &s->fixes[i]);
		fcrdns_buf_puts(b, "\n");
	}
	if (s->nfixes == 0)
		fcrdns_buf_puts(b, "\nNothing to fix.\n");
}

const char *audit_exit_meaning(int status)
{
	switch (status) {
	case AUDIT_EXIT_FAIL: return "an own address fails, or the SPF record is broken";
	case AUDIT_EXIT_TEMPERROR: return "a lookup failed transiently";
	case AUDIT_EXIT_NOTHING: return "nothing to audit: no SPF sender, no MX host, no --ip";
	default: return "every own address passes";
	}
}

void audit_report(fcrdns_buf *b, const audit_domain *d, const char *authserv_id)
{
	term_styled(b, STYLE_BOLD, "Audit of ");
	term_styled(b, STYLE_BOLD, d->name);
	fcrdns_buf_puts(b, "\n");
	report_spf(b, d);
	report_mx(b, d);
	report_addresses(b, d, authserv_id, AUDIT_OWN);
	report_servers(b, d);
	report_providers(b, d);
	for (size_t i = 0; i < d->naddrs; i++)
		if (d->addrs[i].cls == AUDIT_PROVIDER) {
			report_addresses(b, d, authserv_id, AUDIT_PROVIDER);
			break;
		}
	report_unenumerable(b, d);
	report_fixes(b, d);
	fcrdns_buf_printf(b, "\nResult for ");
	put_safe(b, d->name);
	fcrdns_buf_printf(b, ": exit %d (%s)\n", d->summary.exit_status,
			  audit_exit_meaning(d->summary.exit_status));
}
