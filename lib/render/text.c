/* SPDX-License-Identifier: MIT */
/* text.c: the words of the library's facts: one line per problem and per
 * fix step, as the JSON contract and the terminal report show them, and
 * the one template expander (<ip>, <name>, ... placeholders). Every line
 * is made printable ASCII: it carries names from DNS and the command line. */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "fcrdns.h"

#define LINE_MAX_BYTES 1024   /* a problem message or fix step, before escaping */
#define COMMAND_MAX_BYTES 512 /* a provider command or requirement, filled in */
#define HELO_SHOWN_MAX 255    /* bytes of a HELO name quoted in a message */

/* Append printf-formatted text, cut at LINE_MAX_BYTES - 1 bytes and made
 * terminal-safe. */
static void safe_line(fcrdns_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void safe_line(fcrdns_buf *b, const char *fmt, ...)
{
	char text[LINE_MAX_BYTES];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	fcrdns_text_safe(b, text, strlen(text));
}

void fcrdns_template_expand(fcrdns_buf *b, const char *tmpl, const char *const *keys,
			    const char *const *values, size_t n)
{
	const char *p = tmpl;

	while (*p) {
		const char *open = strchr(p, '<');
		size_t i = n;
		if (open == NULL) {
			fcrdns_buf_puts(b, p);
			return;
		}
		fcrdns_buf_add(b, p, (size_t)(open - p));
		for (i = 0; i < n; i++) {
			size_t klen = strlen(keys[i]);
			if (strncmp(open + 1, keys[i], klen) == 0 && open[1 + klen] == '>')
				break;
		}
		if (i == n) {
			fcrdns_buf_add(b, open, 1);
			p = open + 1;
			continue;
		}
		fcrdns_buf_puts(b, values[i]);
		p = open + 2 + strlen(keys[i]);
	}
}

static const char *record_type(const fcrdns_result *r)
{
	return r->addr.family == AF_INET ? "A" : "AAAA";
}

/* Write up to three addresses of c as "192.0.2.9, 192.0.2.10 and 2 more". */
static void describe_addrs(const fcrdns_name_check *c, char *buf, size_t len)
{
	char ip[FCRDNS_IPSTR_MAX];
	size_t used = 0, shown = c->naddrs_kept < 3 ? c->naddrs_kept : 3;

	buf[0] = '\0';
	for (size_t i = 0; i < shown && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s%s", i ? ", " : "",
					 fcrdns_addr_format(&c->addrs[i], ip));
	if (c->naddrs > shown && used < len)
		snprintf(buf + used, len - used, " and %zu more", c->naddrs - shown);
}

static void forward_problem_text(fcrdns_buf *b, const fcrdns_result *r, const fcrdns_problem *p)
{
	const fcrdns_name_check *c = p->check < r->nchecks ? &r->checks[p->check] : NULL;
	const char *name = p->name ? p->name : "";
	char addrs[160];

	if (p->code == FCRDNS_PROBLEM_FORWARD_TEMPERROR)
		safe_line(b, "%s lookup of %s failed: %s", record_type(r), name,
			  fcrdns_lookup_label(p->outcome));
	else if (p->code == FCRDNS_PROBLEM_FORWARD_MISSING && p->outcome == FCRDNS_LOOKUP_SKIPPED)
		safe_line(b, "%s is not a valid host name; not looked up", name);
	else if (p->code == FCRDNS_PROBLEM_FORWARD_MISSING || c == NULL)
		safe_line(b, "%s has no %s record (%s)", name, record_type(r),
			  fcrdns_lookup_label(p->outcome));
	else {
		describe_addrs(c, addrs, sizeof addrs);
		safe_line(b, "%s has %s %s, not %s", name, record_type(r), addrs, r->ip);
	}
}

static void ptr_problem_text(fcrdns_buf *b, const fcrdns_result *r, const fcrdns_problem *p)
{
	switch (p->code) {
	case FCRDNS_PROBLEM_PTR_TEMPERROR:
		safe_line(b, "PTR lookup of %s failed: %s", r->reverse_name,
			  fcrdns_lookup_label(p->outcome));
		return;
	case FCRDNS_PROBLEM_NO_PTR:
		safe_line(b, "no PTR record for %s (%s: %s)", r->ip, r->reverse_name,
			  p->outcome == FCRDNS_LOOKUP_NODATA ? "no PTR data"
							     : fcrdns_lookup_label(p->outcome));
		return;
	case FCRDNS_PROBLEM_MULTIPLE_PTR:
		safe_line(b, "%zu PTR names; a receiver that checks only one may fail you", p->count);
		return;
	default: /* too-many-ptr */
		if (r->ptr_dropped == 0)
			safe_line(b, "%zu PTR names; only the first %d were forward-checked", p->count,
				  FCRDNS_MAX_FORWARD_CHECKED);
		else
			safe_line(b, "%zu PTR names; only the first %d were forward-checked and "
				  "%zu beyond the first %d were dropped", p->count,
				  FCRDNS_MAX_FORWARD_CHECKED, r->ptr_dropped, FCRDNS_MAX_PTR_KEPT);
		return;
	}
}

static void helo_problem_text(fcrdns_buf *b, const fcrdns_result *r, const fcrdns_problem *p)
{
	fcrdns_buf name = { 0 };

	if (p->name)
		fcrdns_text_safe(&name, p->name, strnlen(p->name, HELO_SHOWN_MAX));
	safe_line(b, "HELO %s: %s", name.data ? name.data : "", fcrdns_helo_verdict_text(r->helo));
	fcrdns_buf_free(&name);
}

void fcrdns_problem_text(fcrdns_buf *b, const fcrdns_result *r, const fcrdns_problem *p)
{
	const char *name = p->name ? p->name : "";

	switch (p->code) {
	case FCRDNS_PROBLEM_FORWARD_MISSING:
	case FCRDNS_PROBLEM_FORWARD_MISMATCH:
	case FCRDNS_PROBLEM_FORWARD_TEMPERROR:
		forward_problem_text(b, r, p);
		return;
	case FCRDNS_PROBLEM_PROVIDER_DEFAULT_PTR:
		safe_line(b, "%s is %s's default name: it says nothing about the sender", name,
			  r->provider ? r->provider->name : "the provider");
		return;
	case FCRDNS_PROBLEM_GENERIC_PTR:
		safe_line(b, "%s looks generic (%s)", name, r->generic_reason);
		return;
	case FCRDNS_PROBLEM_UNEXPECTED_PTR:
		safe_line(b, "the PTR names of %s do not include %s", r->ip, name);
		return;
	case FCRDNS_PROBLEM_HELO_INVALID:
	case FCRDNS_PROBLEM_HELO_LITERAL_MISMATCH:
	case FCRDNS_PROBLEM_HELO_NOT_FQDN:
	case FCRDNS_PROBLEM_HELO_TEMPERROR:
	case FCRDNS_PROBLEM_HELO_UNRESOLVABLE:
	case FCRDNS_PROBLEM_HELO_MISMATCH:
		helo_problem_text(b, r, p);
		return;
	default:
		ptr_problem_text(b, r, p);
		return;
	}
}

/* Publish-the-forward-record step: the zone, the record, what the name
 * has now, and why it comes first when it must. */
static void forward_step_text(fcrdns_buf *b, const fcrdns_result *r, const fcrdns_fix_step *s)
{
	const fcrdns_provider *p = s->provider;
	int named = p && p->forward_first;
	char now[200] = "", why[200] = "", ip[FCRDNS_IPSTR_MAX];

	if (s->ncurrent > 0)
		snprintf(now, sizeof now, " (it now has %s %s%s: replace it, or add this one)",
			 record_type(r), fcrdns_addr_format(&s->current, ip),
			 s->ncurrent > 1 ? " and more" : "");
	if (s->before_ptr)
		snprintf(why, sizeof why, " Do this first: %s %s a PTR whose name does not resolve"
			 " to the address yet.", named ? p->name : "most providers",
			 named ? "refuses" : "refuse");
	safe_line(b, "Domain owner%s%s: publish the forward record \"%s. 3600 IN %s %s\"%s.%s",
		  s->zone ? " of " : "", s->zone ? s->zone : "", s->name, record_type(r), r->ip,
		  now, why);
}

/* Fill a provider template with the step's address and name, cut at
 * COMMAND_MAX_BYTES - 1 bytes. Other placeholders stay for the user. */
static void fill_command(char *out, const char *tmpl, const fcrdns_result *r,
			 const fcrdns_fix_step *s)
{
	static const char *const keys[] = { "ip", "name" };
	const char *values[] = { r->ip, s->name };
	fcrdns_buf filled = { 0 };

	fcrdns_template_expand(&filled, tmpl, keys, values, 2);
	snprintf(out, COMMAND_MAX_BYTES, "%s", filled.data ? filled.data : "");
	fcrdns_buf_free(&filled);
}

static void provider_step_text(fcrdns_buf *b, const fcrdns_result *r, const fcrdns_fix_step *s)
{
	const fcrdns_provider *p = s->provider;
	char command[COMMAND_MAX_BYTES];

	switch (s->kind) {
	case FCRDNS_STEP_CONSOLE:
		safe_line(b, "%s console: %s.", p->name, p->console);
		return;
	case FCRDNS_STEP_COMMAND:
		fill_command(command, p->command, r, s);
		safe_line(b, "%s command: %s", p->name, command);
		return;
	case FCRDNS_STEP_PRECONDITION:
		fill_command(command, p->precondition, r, s);
		safe_line(b, "%s requires: %s", p->name, command);
		return;
	default:
		safe_line(b, "%s documentation: %s", p->name, p->doc_url);
		return;
	}
}

void fcrdns_fix_step_text(fcrdns_buf *b, const fcrdns_result *r, const fcrdns_fix_step *s)
{
	switch (s->kind) {
	case FCRDNS_STEP_PUBLISH_FORWARD:
		forward_step_text(b, r, s);
		return;
	case FCRDNS_STEP_SET_PTR:
		safe_line(b, "IP owner (%s): set the PTR of %s (%s) to %s.",
			  s->provider ? s->provider->name
				      : "your ISP or hosting provider, the holder of this address block",
			  r->ip, r->reverse_name, s->name);
		return;
	case FCRDNS_STEP_RECHECK:
		safe_line(b, "Then re-check: fcrdns check --expect %s %s", s->name, r->ip);
		return;
	default:
		if (s->provider)
			provider_step_text(b, r, s);
		return;
	}
}
