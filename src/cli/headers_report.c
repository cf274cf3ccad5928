/* SPDX-License-Identifier: MIT */
/* headers_report.c: the human report of `fcrdns headers`: one table per
 * Authentication-Results field, the Received chain as hops, the entry hop,
 * the iprev results recorded next to today's, and what changed. Every
 * string from the message goes through fcrdns_text_safe(). */
#include <string.h>
#include <strings.h>

#include "cli.h"

#define COLUMN_MAX 24 /* wider methods or results are not padded */

/* Append w terminal-safe; a tab (left by unfolding) shows as a space. */
static void put_bytes(fcrdns_buf *b, fcrdns_bytes w)
{
	for (size_t i = 0, start = 0; w.data != NULL && i <= w.len; i++)
		if (i == w.len || w.data[i] == '\t') {
			fcrdns_text_safe(b, w.data + start, i - start);
			fcrdns_buf_puts(b, i < w.len ? " " : "");
			start = i + 1;
		}
}

/* Return the terminal-safe width of w. */
static size_t safe_width(fcrdns_bytes w)
{
	fcrdns_buf tmp = { 0 };
	size_t n;

	put_bytes(&tmp, w);
	n = tmp.len;
	fcrdns_buf_free(&tmp);
	return n;
}

/* Return the style of an RFC 8601 result word. */
static style result_style(fcrdns_bytes result)
{
	static const char *const bad[] = { "fail", "permerror", "softfail", "hardfail" };
	static const char *const warn[] = { "temperror", "neutral", "policy" };

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (strcmp(result.data, bad[i]) == 0)
			return STYLE_BAD;
	for (size_t i = 0; i < sizeof warn / sizeof warn[0]; i++)
		if (strcmp(result.data, warn[i]) == 0)
			return STYLE_WARN;
	return strcmp(result.data, "pass") == 0 ? STYLE_GOOD : STYLE_PLAIN;
}

/* Append w terminal-safe in style s, padded with spaces to width. */
static void put_styled(fcrdns_buf *b, style s, fcrdns_bytes w, size_t width)
{
	fcrdns_buf tmp = { 0 };

	put_bytes(&tmp, w);
	term_styled(b, s, tmp.data ? tmp.data : "");
	for (size_t n = tmp.len; n < width; n++)
		fcrdns_buf_puts(b, " ");
	fcrdns_buf_free(&tmp);
}

/* One result: "  method  result  reason=.. key=value ..", then its
 * comments on a line of their own. */
static void report_result_row(fcrdns_buf *b, const fcrdns_ar_result *r, size_t mw, size_t rw)
{
	int more = r->reason.data != NULL || r->nproperties > 0;

	fcrdns_buf_puts(b, "  ");
	put_styled(b, STYLE_PLAIN, r->method, mw + 2);
	put_styled(b, result_style(r->result), r->result, more ? rw + 2 : 0);
	if (r->reason.data != NULL) {
		fcrdns_buf_puts(b, "reason=\"");
		put_bytes(b, r->reason);
		fcrdns_buf_puts(b, r->nproperties ? "\" " : "\"");
	}
	for (size_t i = 0; i < r->nproperties; i++) {
		put_bytes(b, r->properties[i].key);
		fcrdns_buf_puts(b, "=");
		put_bytes(b, r->properties[i].value);
		fcrdns_buf_puts(b, i + 1 < r->nproperties ? " " : "");
	}
	fcrdns_buf_puts(b, "\n");
	for (size_t i = 0; i < r->ncomments; i++) {
		fcrdns_buf_printf(b, "  %*s(", (int)(mw + rw + 4), "");
		put_bytes(b, r->comments[i]);
		fcrdns_buf_puts(b, ")\n");
	}
}

static void report_authres(fcrdns_buf *b, const fcrdns_authres *ar, size_t index)
{
	size_t mw = 6, rw = 6;

	fcrdns_buf_printf(b, "Authentication-Results [%zu] ", index);
	if (ar->error != FCRDNS_FIELD_NONE) {
		term_styled(b, STYLE_WARN, "not parsed: ");
		fcrdns_buf_puts(b, fcrdns_field_error_message(ar->error));
		fcrdns_buf_puts(b, "\n  raw: ");
		put_bytes(b, ar->raw);
		if (ar->raw.len < ar->raw_len)
			fcrdns_buf_printf(b, " [... cut: %zu bytes in all]", ar->raw_len);
		fcrdns_buf_puts(b, "\n");
		return;
	}
	put_styled(b, STYLE_BOLD, ar->authserv_id, 0);
	if (ar->version >= 0)
		fcrdns_buf_printf(b, " (version %ld)", ar->version);
	fcrdns_buf_puts(b, ar->none ? ": none\n" : ar->nresults ? "\n" : ": no results\n");
	for (size_t i = 0; i < ar->nresults; i++) {
		size_t m = safe_width(ar->results[i].method), r = safe_width(ar->results[i].result);
		mw = m > mw && m <= COLUMN_MAX ? m : mw;
		rw = r > rw && r <= COLUMN_MAX ? r : rw;
	}
	if (ar->nresults > 0)
		fcrdns_buf_printf(b, "  %-*s  %-*s  properties\n", (int)mw, "method", (int)rw,
				  "result");
	for (size_t i = 0; i < ar->nresults; i++)
		report_result_row(b, &ar->results[i], mw, rw);
}

/* Append sep, then label and a space (when label is not empty), then
 * value, when value is present. Returns 1 when it did. */
static int put_part(fcrdns_buf *b, const char *sep, const char *label, fcrdns_bytes value)
{
	if (value.data == NULL)
		return 0;
	fcrdns_buf_printf(b, "%s%s%s", sep, label, *label ? " " : "");
	put_bytes(b, value);
	return 1;
}

/* One hop: "[i] from HELO h, rDNS r, IP a" then "by x with y, date"; the
 * entry hop is marked with '*'. */
static void report_hop(fcrdns_buf *b, const fcrdns_received *r, size_t index, long entry)
{
	int has_from = r->from_helo.data || r->from_rdns.data || r->has_from_ip;
	int has_by = r->by.data || r->with.data || r->date.data;
	int parts = 0;

	fcrdns_buf_printf(b, "  [%zu]%s", index, (long)index == entry ? "* " : "  ");
	if (r->error != FCRDNS_FIELD_NONE || (!has_from && !has_by)) {
		term_styled(b, STYLE_WARN, "nothing read: ");
		if (r->error != FCRDNS_FIELD_NONE)
			fcrdns_buf_printf(b, "%s: ", fcrdns_field_error_message(r->error));
		put_bytes(b, r->raw);
		fcrdns_buf_puts(b, "\n");
		return;
	}
	if (has_from) {
		fcrdns_buf_puts(b, "from");
		parts += put_part(b, " ", "HELO", r->from_helo);
		parts += put_part(b, parts ? ", " : " ", "rDNS", r->from_rdns);
		if (r->has_from_ip)
			fcrdns_buf_printf(b, "%sIP %s", parts ? ", " : " ", r->from_ip);
		fcrdns_buf_puts(b, has_by ? "\n        " : "\n");
	}
	parts = put_part(b, "", "by", r->by);
	parts += put_part(b, parts ? " " : "", "with", r->with);
	if (put_part(b, parts ? ", " : "", "", r->date) || parts)
		fcrdns_buf_puts(b, "\n");
}

static void report_chain(fcrdns_buf *b, const headers_run *run)
{
	const fcrdns_headers *h = run->h;

	fcrdns_buf_printf(b, "\nReceived chain, newest first (%zu field%s):\n", h->nreceived,
			  h->nreceived == 1 ? "" : "s");
	for (size_t i = 0; i < h->nreceived; i++)
		report_hop(b, &h->received[i], i, run->entry);
}

static void report_entry(fcrdns_buf *b, const headers_run *run)
{
	const fcrdns_received *r;

	term_styled(b, STYLE_BOLD, "\nEntry hop: ");
	if (run->entry < 0) {
		fcrdns_buf_puts(b, run->ntrust ? "none: no Received field's 'by' host is a --trust id\n"
					       : "none: no Received field names a public address\n");
		return;
	}
	r = &run->h->received[run->entry];
	fcrdns_buf_printf(b, "[%ld] IP %s, HELO ", run->entry, r->has_from_ip ? r->from_ip : "unknown");
	put_bytes(b, r->from_helo.data ? r->from_helo : (fcrdns_bytes){ "none", 4 });
	fcrdns_buf_puts(b, ", rDNS ");
	put_bytes(b, r->from_rdns.data ? r->from_rdns : (fcrdns_bytes){ "none", 4 });
	fcrdns_buf_puts(b, run->ntrust ? "\n  (the topmost hop received by a --trust id)\n"
				       : "\n  (the topmost hop from a public address; --trust ID names "
					 "your receiver)\n");
}

/* Return 1 when rec was recorded for the entry hop's address. */
static int for_entry(const headers_run *run, const fcrdns_iprev_record *rec)
{
	const fcrdns_received *r = run->entry >= 0 ? &run->h->received[run->entry] : NULL;

	return r != NULL && r->has_from_ip && rec->has_ip && fcrdns_addr_equal(&r->from_addr, &rec->addr);
}

static void report_recorded(fcrdns_buf *b, const headers_run *run)
{
	const fcrdns_headers *h = run->h;

	term_styled(b, STYLE_BOLD, "\niprev as recorded:");
	fcrdns_buf_puts(b, h->niprev ? "\n" : " none (no Authentication-Results has iprev)\n");
	for (size_t i = 0; i < h->niprev; i++) {
		const fcrdns_iprev_record *rec = &h->iprev[i];
		fcrdns_buf_puts(b, "  ");
		put_bytes(b, rec->authserv_id);
		fcrdns_buf_puts(b, ": ");
		put_styled(b, result_style(rec->result), rec->result, 0);
		fcrdns_buf_printf(b, " for %s", rec->has_ip ? rec->ip : "an address it does not name");
		if (rec->name.data != NULL) {
			fcrdns_buf_puts(b, " (");
			put_bytes(b, rec->name);
			fcrdns_buf_puts(b, ")");
		}
		fcrdns_buf_puts(b, for_entry(run, rec) ? "  <- the entry hop\n" : "\n");
	}
}

/* Compare each record for the entry address with today's result. */
static void report_changes(fcrdns_buf *b, const headers_run *run)
{
	const fcrdns_result *t = run->today;
	int compared = 0;

	term_styled(b, STYLE_BOLD, "\nWhat changed:\n");
	for (size_t i = 0; i < run->h->niprev; i++) {
		const fcrdns_iprev_record *rec = &run->h->iprev[i];
		if (!for_entry(run, rec))
			continue;
		compared = 1;
		fcrdns_buf_puts(b, "  ");
		put_bytes(b, rec->authserv_id);
		fcrdns_buf_puts(b, " recorded ");
		put_bytes(b, rec->result);
		fcrdns_buf_printf(b, ", today %s: %s\n", fcrdns_iprev_name(t->iprev),
				  strcmp(rec->result.data, fcrdns_iprev_name(t->iprev)) == 0
					  ? "unchanged" : "CHANGED");
		if (rec->name.data != NULL && t->confirmed != NULL &&
		    strcasecmp(rec->name.data, t->confirmed) != 0) {
			fcrdns_buf_puts(b, "    name recorded ");
			put_bytes(b, rec->name);
			fcrdns_buf_puts(b, ", confirmed today ");
			fcrdns_text_safe(b, t->confirmed, strlen(t->confirmed));
			fcrdns_buf_puts(b, "\n");
		}
	}
	if (!compared)
		fcrdns_buf_printf(b, "  no receiver recorded iprev for %s; today it is %s\n", t->ip,
				  fcrdns_iprev_name(t->iprev));
}

static void report_today(fcrdns_buf *b, const headers_run *run)
{
	if (!run->rechecked) {
		fcrdns_buf_puts(b, "\n(--recheck checks the entry hop again now)\n");
		return;
	}
	term_styled(b, STYLE_BOLD, "\niprev today (checked now):\n");
	if (run->today == NULL) {
		fcrdns_buf_puts(b, "  nothing to check: the entry hop has no address\n");
		return;
	}
	report_result(b, run->today, run->ntrust ? run->trust[0] : "localhost");
	report_changes(b, run);
}

void headers_report(fcrdns_buf *b, const headers_run *run)
{
	const fcrdns_headers *h = run->h;

	if (h->nauthres == 0)
		fcrdns_buf_puts(b, "No Authentication-Results field.\n");
	for (size_t i = 0; i < h->nauthres; i++)
		report_authres(b, &h->authres[i], i);
	report_chain(b, run);
	report_entry(b, run);
	report_recorded(b, run);
	report_today(b, run);
}
