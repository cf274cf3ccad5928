/* SPDX-License-Identifier: MIT */
/* audit_json.c: the words of the audit's problems, and its JSON Lines
 * records (spf, mx, source, ip, summary; each with type and domain). Every
 * string from DNS or a server goes through fcrdns_json_string(), every
 * message through fcrdns_text_safe(). */
#include <string.h>

#include "auditcli.h"

/* ---- Words ------------------------------------------------------------------ */

/* A problem's parameters made terminal-safe, ready for a message. */
typedef struct problem_words {
	fcrdns_buf term, record, target;
} problem_words;

static const char *safe(fcrdns_buf *out, const char *s, size_t len)
{
	if (s != NULL)
		fcrdns_text_safe(out, s, len);
	return out->data ? out->data : "";
}

void audit_term_text(fcrdns_buf *b, const spf_term *t)
{
	fcrdns_text_safe(b, t->text, t->len);
}

/* Append the message of an SPF problem about a term or a whole tree. */
static void spf_problem_text(fcrdns_buf *b, const audit_problem *p, const char *term,
			     const char *record, const char *target)
{
	switch (p->code) {
	case AUDIT_PROBLEM_NO_SPF:
		fcrdns_buf_printf(b, "no SPF record is published at %s", record);
		return;
	case AUDIT_PROBLEM_SPF_MULTIPLE_RECORDS:
		fcrdns_buf_printf(b, "%s publishes %zu SPF records; RFC 7208 s4.5 allows one",
				  p->term ? target : record, p->count);
		return;
	case AUDIT_PROBLEM_SPF_SYNTAX:
		fcrdns_buf_printf(b, "the term '%s' of the record of %s does not parse (%s)", term,
				  record, spf_error_name(p->error));
		return;
	case AUDIT_PROBLEM_SPF_INCLUDE_NO_RECORD:
	case AUDIT_PROBLEM_SPF_REDIRECT_NO_RECORD:
		fcrdns_buf_printf(b, "'%s' in the record of %s: %s publishes no SPF record", term,
				  record, target);
		return;
	case AUDIT_PROBLEM_SPF_LOOP:
		fcrdns_buf_printf(b, "'%s' in the record of %s leads back to %s, already on this"
				  " path", term, record, target);
		return;
	case AUDIT_PROBLEM_SPF_MX_TOO_MANY:
		fcrdns_buf_printf(b, "'%s' in the record of %s: %s has %zu MX hosts; RFC 7208"
				  " s4.6.4 allows 10", term, record, target, p->count);
		return;
	case AUDIT_PROBLEM_SPF_TOO_MANY_LOOKUPS:
		fcrdns_buf_printf(b, "the SPF tree takes %zu DNS lookups; RFC 7208 s4.6.4 allows 10",
				  p->count);
		return;
	case AUDIT_PROBLEM_SPF_TOO_MANY_VOID_LOOKUPS:
		fcrdns_buf_printf(b, "%zu lookups of the SPF tree find nothing; RFC 7208 s4.6.4"
				  " allows 2", p->count);
		return;
	default:
		fcrdns_buf_printf(b, "the SPF tree is larger than an audit reads (%d records, %d"
				  " terms, %d queries): the rest is not listed", AUDIT_RECORDS_MAX,
				  AUDIT_TERMS_MAX, AUDIT_SPF_QUERIES_MAX);
		return;
	}
}

/* Append the message of an MX or address problem. */
static void other_problem_text(fcrdns_buf *b, const audit_problem *p, const char *record,
			       const char *target)
{
	switch (p->code) {
	case AUDIT_PROBLEM_MX_CNAME:
		fcrdns_buf_printf(b, "the MX host %s is a CNAME; RFC 5321 s5.1 wants a name with"
				  " addresses of its own", target);
		return;
	case AUDIT_PROBLEM_MX_IP_LITERAL:
		fcrdns_buf_printf(b, "the MX target %s is an address, not a host name (RFC 5321"
				  " s5.1)", target);
		return;
	case AUDIT_PROBLEM_MX_TEMPERROR:
		if (p->target)
			fcrdns_buf_printf(b, "the addresses of the MX host %s could not be looked up"
					  " (transient failure)", target);
		else
			fcrdns_buf_printf(b, "the MX lookup of %s failed transiently", record);
		return;
	default:
		fcrdns_buf_printf(b, "%zu more addresses were not checked (--max-addresses)",
				  p->count);
		return;
	}
}

void audit_problem_text(fcrdns_buf *b, const audit_domain *d, const audit_problem *p)
{
	problem_words w = { { 0 }, { 0 }, { 0 } };
	const char *term = safe(&w.term, p->term, p->term_len);
	const char *record = safe(&w.record, p->record ? p->record : d->name,
				  strlen(p->record ? p->record : d->name));
	const char *target = safe(&w.target, p->target, p->target ? strlen(p->target) : 0);

	if (strncmp(audit_problem_name(p->code), "spf-", 4) == 0 || p->code == AUDIT_PROBLEM_NO_SPF)
		spf_problem_text(b, p, term, record, target);
	else
		other_problem_text(b, p, record, target);
	fcrdns_buf_free(&w.term);
	fcrdns_buf_free(&w.record);
	fcrdns_buf_free(&w.target);
}

/* ---- JSON --------------------------------------------------------------------- */

/* Append s as a JSON string, or null. */
static void json_text(fcrdns_buf *b, const char *s, size_t len)
{
	if (s == NULL)
		fcrdns_buf_puts(b, "null");
	else
		fcrdns_json_string(b, s, len);
}

static void json_name(fcrdns_buf *b, const char *s)
{
	json_text(b, s, s ? strlen(s) : 0);
}

/* Open a record: {"type":TYPE,"domain":D */
static void json_open(fcrdns_buf *b, const char *type, const audit_domain *d)
{
	fcrdns_buf_printf(b, "{\"type\":\"%s\",\"domain\":", type);
	json_name(b, d->name);
}

static void json_problems(fcrdns_buf *b, const audit_domain *d, const audit_problem *list,
			  size_t n)
{
	fcrdns_buf msg = { 0 };

	fcrdns_buf_puts(b, "[");
	for (size_t i = 0; i < n; i++) {
		fcrdns_buf_printf(b, "%s{\"code\":\"%s\",\"message\":", i ? "," : "",
				  audit_problem_name(list[i].code));
		msg.len = 0;
		audit_problem_text(&msg, d, &list[i]);
		json_text(b, msg.data ? msg.data : "", msg.len);
		fcrdns_buf_puts(b, "}");
	}
	fcrdns_buf_puts(b, "]");
	if (msg.failed)
		b->failed = 1;
	fcrdns_buf_free(&msg);
}

static void json_spf(fcrdns_buf *b, const audit_domain *d)
{
	const audit_record *root = d->spf;

	json_open(b, "spf", d);
	fcrdns_buf_puts(b, ",\"record\":");
	if (root->state == AUDIT_REC_PARSED)
		json_text(b, root->spf.text, root->spf.len);
	else
		fcrdns_buf_puts(b, "null");
	fcrdns_buf_printf(b, ",\"result\":\"%s\",\"lookups\":%u,\"void_lookups\":%u,\"problems\":",
			  audit_spf_result_name(d->spf_result), d->lookups, d->void_lookups);
	json_problems(b, d, d->spf_problems, d->nspf_problems);
	fcrdns_buf_puts(b, "}\n");
}

static void json_mx(fcrdns_buf *b, const audit_domain *d, const audit_mx *m)
{
	char ip[FCRDNS_IPSTR_MAX];

	json_open(b, "mx", d);
	fcrdns_buf_puts(b, ",\"host\":");
	json_name(b, m->host);
	fcrdns_buf_printf(b, ",\"preference\":%u,\"addresses\":[", m->preference);
	for (size_t i = 0; i < m->naddrs; i++)
		fcrdns_buf_printf(b, "%s\"%s\"", i ? "," : "", fcrdns_addr_format(&m->addrs[i], ip));
	fcrdns_buf_printf(b, "],\"class\":\"%s\",\"operator\":", audit_class_name(m->cls));
	json_name(b, m->operator);
	fcrdns_buf_printf(b, ",\"implicit\":%s}\n", m->implicit ? "true" : "false");
}

static void json_source(fcrdns_buf *b, const audit_domain *d, const audit_source *s)
{
	char cidr[SPF_CIDR_MAX], size[64];

	json_open(b, "source", d);
	fcrdns_buf_puts(b, ",\"term\":");
	json_text(b, s->term->text, s->term->len);
	fcrdns_buf_puts(b, ",\"record\":");
	json_name(b, s->record->domain);
	fcrdns_buf_printf(b, ",\"qualifier\":\"%c\",\"authorized\":%s,\"class\":\"%s\",\"operator\":",
			  (char)s->term->qualifier, s->authorized ? "true" : "false",
			  audit_class_name(s->found->cls));
	json_name(b, s->found->operator);
	fcrdns_buf_puts(b, ",\"addresses\":[");
	for (size_t i = 0; i < s->found->ncidrs; i++)
		fcrdns_buf_printf(b, "%s\"%s\"", i ? "," : "",
				  spf_cidr_format(&s->found->cidrs[i].net, s->found->cidrs[i].prefix,
						  cidr));
	fcrdns_buf_printf(b, "],\"size\":%s,\"checked\":%zu,\"reason\":",
			  spf_count_format(&s->size, size), s->checked);
	json_name(b, spf_reason_name(s->term->unenumerable));
	fcrdns_buf_puts(b, "}\n");
}

void audit_json_found(fcrdns_buf *b, const audit_domain *d)
{
	json_spf(b, d);
	if (d->null_mx) {
		json_open(b, "mx", d);
		fcrdns_buf_puts(b, ",\"null_mx\":true}\n");
	}
	for (size_t i = 0; i < d->nmx; i++)
		json_mx(b, d, &d->mx[i]);
	for (size_t i = 0; i < d->nsources; i++)
		json_source(b, d, &d->sources[i]);
}

static void json_smtp(fcrdns_buf *b, const audit_smtp *s)
{
	const smtp_facts *f = s->facts;

	fcrdns_buf_printf(b, "{\"connect\":\"%s\",\"greeting_code\":", smtp_connect_name(f->connect));
	if (f->greeting_code)
		fcrdns_buf_printf(b, "%d", f->greeting_code);
	else
		fcrdns_buf_puts(b, "null");
	fcrdns_buf_puts(b, ",\"banner\":");
	json_text(b, f->banner.data, f->banner.len);
	fcrdns_buf_puts(b, ",\"banner_name\":");
	json_text(b, f->banner_name.data, f->banner_name.len);
	fcrdns_buf_puts(b, ",\"ehlo_name\":");
	json_text(b, f->ehlo_name.data, f->ehlo_name.len);
	fcrdns_buf_printf(b, ",\"starttls\":%s,\"banner_verdict\":\"%s\",\"ehlo_verdict\":\"%s\"}",
			  f->starttls ? "true" : "false", audit_name_verdict_name(&s->banner),
			  audit_name_verdict_name(&s->ehlo));
}

/* Append the terms a was found through, each text once. */
static void json_address_sources(fcrdns_buf *b, const audit_domain *d, const audit_address *a)
{
	fcrdns_buf_puts(b, ",\"sources\":[");
	for (size_t i = 0; i < a->nsources; i++) {
		const spf_term *t = d->sources[a->sources[i]].term;
		size_t k = 0;
		while (k < i && !(d->sources[a->sources[k]].term->len == t->len &&
				  memcmp(d->sources[a->sources[k]].term->text, t->text, t->len) == 0))
			k++;
		if (k < i)
			continue; /* the same term in another record */
		fcrdns_buf_puts(b, i ? "," : "");
		json_text(b, t->text, t->len);
	}
	fcrdns_buf_puts(b, "]");
}

void audit_json_address(fcrdns_buf *b, const audit_domain *d, const audit_address *a)
{
	fcrdns_buf check = { 0 };
	static const char *const roles[] = { "spf", "mx", "given" };
	int first = 1;

	fcrdns_result_json(&check, a->result);
	json_open(b, "ip", d);
	/* The check's own object, opened into this one and left open. */
	if (check.len >= 2 && check.data[0] == '{' && check.data[check.len - 1] == '}') {
		fcrdns_buf_puts(b, ",");
		fcrdns_buf_add(b, check.data + 1, check.len - 2);
	} else {
		b->failed = 1;
	}
	fcrdns_buf_free(&check);
	fcrdns_buf_puts(b, ",\"roles\":[");
	for (unsigned i = 0; i < 3; i++)
		if (a->roles & (1u << i)) {
			fcrdns_buf_printf(b, "%s\"%s\"", first ? "" : ",", roles[i]);
			first = 0;
		}
	fcrdns_buf_printf(b, "],\"class\":\"%s\"", audit_class_name(a->cls));
	json_address_sources(b, d, a);
	fcrdns_buf_puts(b, ",\"smtp\":");
	if (a->smtp.facts)
		json_smtp(b, &a->smtp);
	else
		fcrdns_buf_puts(b, "null");
	fcrdns_buf_puts(b, "}\n");
}

void audit_json_summary(fcrdns_buf *b, const audit_domain *d)
{
	const audit_summary *s = &d->summary;

	json_open(b, "summary", d);
	fcrdns_buf_printf(b, ",\"checked\":%zu,\"pass\":%zu,\"fail\":%zu,\"temperror\":%zu,"
			  "\"permerror\":%zu,\"spf\":\"%s\",\"problems\":[", s->checked,
			  s->counts[FCRDNS_IPREV_PASS], s->counts[FCRDNS_IPREV_FAIL],
			  s->counts[FCRDNS_IPREV_TEMPERROR], s->counts[FCRDNS_IPREV_PERMERROR],
			  audit_spf_result_name(d->spf_result));
	for (size_t i = 0; i < s->ncodes; i++)
		fcrdns_buf_printf(b, "%s\"%s\"", i ? "," : "", audit_problem_name(s->codes[i]));
	fcrdns_buf_printf(b, "],\"exit\":%d}\n", s->exit_status);
}
