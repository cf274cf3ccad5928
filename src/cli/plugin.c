/* SPDX-License-Identifier: MIT */
/* plugin.c: the Monitoring Plugins output of `check --plugin` and `audit
 * --plugin`: each address judged OK, WARNING, CRITICAL or UNKNOWN
 * from its facts, one status line naming every address that is not OK and
 * why, performance data, then one long-output line per address; the exit
 * code is the worst state (CRITICAL > UNKNOWN > WARNING > OK). */
#include <string.h>

#include "cli.h"

static const char *const state_names[] = {
	[PLUGIN_OK] = "OK", [PLUGIN_WARNING] = "WARNING",
	[PLUGIN_CRITICAL] = "CRITICAL", [PLUGIN_UNKNOWN] = "UNKNOWN",
};

/* The guidelines' order of severity, which is not the exit codes'. */
static int severity(plugin_state s)
{
	switch (s) {
	case PLUGIN_CRITICAL: return 3;
	case PLUGIN_UNKNOWN: return 2;
	case PLUGIN_WARNING: return 1;
	default: return 0;
	}
}

/* Append s made safe for a plugin line: terminal-safe, and no '|' (the
 * performance data separator) or ';'. */
static void put_safe(fcrdns_buf *b, const char *s)
{
	fcrdns_buf t = { 0 };

	fcrdns_text_safe(&t, s, strnlen(s, 255));
	for (size_t i = 0; i < t.len; i++) {
		if (t.data[i] == '|')
			fcrdns_buf_puts(b, "\\x7c");
		else
			fcrdns_buf_add(b, &t.data[i], 1);
	}
	if (t.failed)
		b->failed = 1;
	fcrdns_buf_free(&t);
}

static int helo_acceptable(fcrdns_helo_verdict v)
{
	return v == FCRDNS_HELO_MATCH || v == FCRDNS_HELO_SAME_DOMAIN ||
	       v == FCRDNS_HELO_FORWARD_MATCH;
}

static int ptr_has(const fcrdns_result *r, const char *name)
{
	for (size_t i = 0; i < r->nptr; i++)
		if (strcmp(r->ptr[i], name) == 0)
			return 1;
	return 0;
}

/* The first problem code of r, as the reason for a bad verdict. */
static const char *first_problem(const fcrdns_result *r)
{
	return r->nproblems ? fcrdns_problem_name(r->problems[0].code) : "";
}

/* Judge the expected name: CRITICAL when it is not a PTR name or does not
 * resolve back; UNKNOWN when its lookup failed transiently. */
static plugin_state expect_state(const fcrdns_result *r, fcrdns_buf *why)
{
	if (r->expect == NULL || fcrdns_lookup_is_transient(r->ptr_outcome))
		return PLUGIN_OK;
	if (!ptr_has(r, r->expect)) {
		fcrdns_buf_puts(why, "PTR lacks ");
		put_safe(why, r->expect);
		return PLUGIN_CRITICAL;
	}
	if (r->expect_check.confirms)
		return PLUGIN_OK;
	put_safe(why, r->expect);
	if (fcrdns_lookup_is_transient(r->expect_check.outcome)) {
		fcrdns_buf_puts(why, " lookup failed");
		return PLUGIN_UNKNOWN;
	}
	fcrdns_buf_puts(why, " does not resolve back");
	return PLUGIN_CRITICAL;
}

plugin_state plugin_address_state(const fcrdns_result *r, fcrdns_buf *why)
{
	plugin_state s = expect_state(r, why);

	if (s == PLUGIN_CRITICAL)
		return s;
	if (r->iprev == FCRDNS_IPREV_FAIL || r->iprev == FCRDNS_IPREV_PERMERROR) {
		why->len = 0;
		fcrdns_buf_printf(why, "%s (%s)", fcrdns_iprev_name(r->iprev), first_problem(r));
		return PLUGIN_CRITICAL;
	}
	if (s == PLUGIN_UNKNOWN)
		return s;
	if (r->iprev == FCRDNS_IPREV_TEMPERROR) {
		fcrdns_buf_printf(why, "temperror (%s)", first_problem(r));
		return PLUGIN_UNKNOWN;
	}
	if (r->generic) {
		fcrdns_buf_puts(why, r->provider && !r->provider_by_address ? "provider default name "
									   : "generic name ");
		put_safe(why, r->confirmed);
		return PLUGIN_WARNING;
	}
	if (r->helo_name && !helo_acceptable(r->helo)) {
		fcrdns_buf_printf(why, "HELO %s", fcrdns_helo_verdict_name(r->helo));
		return PLUGIN_WARNING;
	}
	return PLUGIN_OK;
}

void plugin_add(plugin_report *p, const char *subject, plugin_state s, const char *why,
		const char *detail)
{
	if (severity(s) > severity(p->state))
		p->state = s;
	if (s != PLUGIN_OK) {
		fcrdns_buf_puts(&p->summary, p->nonok++ ? "; " : "");
		put_safe(&p->summary, subject);
		fcrdns_buf_puts(&p->summary, ": ");
		fcrdns_buf_puts(&p->summary, why);
	}
	put_safe(&p->longout, subject);
	fcrdns_buf_printf(&p->longout, ": %s", state_names[s]);
	if (why[0])
		fcrdns_buf_printf(&p->longout, " - %s", why);
	if (detail && detail[0])
		fcrdns_buf_printf(&p->longout, "; %s", detail);
	fcrdns_buf_puts(&p->longout, "\n");
	p->total++;
}

void plugin_add_result(plugin_report *p, const fcrdns_result *r)
{
	fcrdns_buf why = { 0 }, detail = { 0 };
	plugin_state s = plugin_address_state(r, &why);

	p->counts[r->iprev]++;
	fcrdns_buf_printf(&detail, "iprev=%s", fcrdns_iprev_name(r->iprev));
	if (r->confirmed) {
		fcrdns_buf_puts(&detail, " confirmed ");
		put_safe(&detail, r->confirmed);
	}
	fcrdns_buf_printf(&detail, ", DNSSEC PTR %s", fcrdns_dnssec_name(fcrdns_dnssec_ptr(r)));
	plugin_add(p, r->ip, s, why.data ? why.data : "", detail.data);
	fcrdns_buf_free(&why);
	fcrdns_buf_free(&detail);
}

int plugin_finish(plugin_report *p, double seconds, FILE *out)
{
	fcrdns_buf line = { 0 };
	int rc;

	fcrdns_buf_printf(&line, "FCRDNS %s - ", state_names[p->state]);
	if (p->nonok)
		fcrdns_buf_add(&line, p->summary.data, p->summary.len);
	else if (p->ok_text)
		fcrdns_buf_puts(&line, p->ok_text);
	else
		fcrdns_buf_printf(&line, "%zu address%s OK", p->total, p->total == 1 ? "" : "es");
	fcrdns_buf_printf(&line, " | time=%.3fs;;;0 pass=%u;;;0 fail=%u;;;0 temperror=%u;;;0"
			  " permerror=%u;;;0\n", seconds, p->counts[FCRDNS_IPREV_PASS],
			  p->counts[FCRDNS_IPREV_FAIL], p->counts[FCRDNS_IPREV_TEMPERROR],
			  p->counts[FCRDNS_IPREV_PERMERROR]);
	if (p->longout.len)
		fcrdns_buf_add(&line, p->longout.data, p->longout.len);
	rc = line.failed || fwrite(line.data, 1, line.len, out) != line.len ? PLUGIN_UNKNOWN
									    : (int)p->state;
	fcrdns_buf_free(&line);
	fcrdns_buf_free(&p->summary);
	fcrdns_buf_free(&p->longout);
	return rc;
}

int plugin_usage_error(FILE *out, const char *cmd)
{
	fprintf(out, "FCRDNS UNKNOWN - invalid command line; see 'fcrdns %s --help'\n", cmd);
	return PLUGIN_UNKNOWN;
}

int plugin_requested(int argc, char **argv)
{
	for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], "--plugin") == 0)
			return 1;
	return 0;
}
