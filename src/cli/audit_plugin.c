/* SPDX-License-Identifier: MIT */
/* audit_plugin.c: an audited domain judged as a monitoring plugin (issue
 * 12): CRITICAL when an own address fails or SPF is permerror, UNKNOWN for
 * a temperror, WARNING for a mail server whose banner or EHLO name does
 * not match (and, as in `check --plugin`, a generic confirmed name), OK
 * otherwise. plugin.c combines the subjects and prints them. */
#include <string.h>

#include "auditcli.h"

/* Return 1 when a server's name is acceptable as a HELO name would be in
 * `check --plugin --helo` (match, same-domain, forward-match). Stricter
 * than audit_name_verdict_good(): an address literal that matches names
 * nothing, so a monitor warns about it. */
static int name_acceptable(const audit_name_verdict *v)
{
	return v->kind == AUDIT_NAME_LADDER &&
	       (v->verdict == FCRDNS_HELO_MATCH || v->verdict == FCRDNS_HELO_SAME_DOMAIN ||
		v->verdict == FCRDNS_HELO_FORWARD_MATCH);
}

/* Add the domain's SPF record as a subject. */
static void plugin_spf(plugin_report *p, const audit_domain *d)
{
	fcrdns_buf subject = { 0 }, why = { 0 }, detail = { 0 };
	plugin_state s = PLUGIN_OK;

	fcrdns_buf_printf(&subject, "%s SPF", d->name);
	if (d->spf_result == AUDIT_SPF_PERMERROR) {
		s = PLUGIN_CRITICAL;
		fcrdns_buf_puts(&why, "permerror (");
		for (size_t i = 0, n = 0; i < d->nspf_problems; i++)
			if (audit_problem_is_permerror(d->spf_problems[i].code))
				fcrdns_buf_printf(&why, "%s%s", n++ ? ", " : "",
						  audit_problem_name(d->spf_problems[i].code));
		fcrdns_buf_puts(&why, ")");
	} else if (d->spf_result == AUDIT_SPF_TEMPERROR) {
		s = PLUGIN_UNKNOWN;
		fcrdns_buf_puts(&why, "temperror (a lookup failed)");
	}
	fcrdns_buf_printf(&detail, "result %s, DNS lookups %u/%d, void lookups %u/%d",
			  audit_spf_result_name(d->spf_result), d->lookups, AUDIT_LOOKUP_LIMIT,
			  d->void_lookups, AUDIT_VOID_LIMIT);
	plugin_add(p, subject.data, s, why.data ? why.data : "", detail.data);
	fcrdns_buf_free(&subject);
	fcrdns_buf_free(&why);
	fcrdns_buf_free(&detail);
}

/* Add a probed mail server's names as a subject. */
static void plugin_server(plugin_report *p, const audit_address *a)
{
	const audit_smtp *smtp = &a->smtp;
	fcrdns_buf subject = { 0 }, why = { 0 }, detail = { 0 };
	plugin_state s = PLUGIN_OK;

	fcrdns_buf_printf(&subject, "%s SMTP", a->ip);
	if (!name_acceptable(&smtp->banner) || !name_acceptable(&smtp->ehlo)) {
		s = PLUGIN_WARNING;
		fcrdns_buf_printf(&why, "banner %s, EHLO %s", audit_name_verdict_name(&smtp->banner),
				  audit_name_verdict_name(&smtp->ehlo));
	}
	fcrdns_buf_printf(&detail, "connect %s", smtp_connect_name(smtp->facts->connect));
	if (smtp->facts->greeting_code)
		fcrdns_buf_printf(&detail, ", greeting %d", smtp->facts->greeting_code);
	plugin_add(p, subject.data, s, why.data ? why.data : "", detail.data);
	fcrdns_buf_free(&subject);
	fcrdns_buf_free(&why);
	fcrdns_buf_free(&detail);
}

void audit_plugin_add(plugin_report *p, const audit_domain *d)
{
	plugin_spf(p, d);
	if (d->summary.exit_status == AUDIT_EXIT_NOTHING)
		plugin_add(p, d->name, PLUGIN_OK, "", "nothing to audit: no SPF sender, no MX host");
	for (size_t i = 0; i < d->nproblems; i++)
		if (d->problems[i].code == AUDIT_PROBLEM_MX_TEMPERROR) {
			plugin_add(p, d->name, PLUGIN_UNKNOWN, "MX lookup failed", "");
			break;
		}
	/* Providers' addresses (--include-providers) never change the state. */
	for (size_t i = 0; i < d->naddrs; i++) {
		const audit_address *a = &d->addrs[i];
		if (a->cls != AUDIT_OWN || a->result == NULL)
			continue;
		plugin_add_result(p, a->result);
		if (a->smtp.facts)
			plugin_server(p, a);
	}
}
