/* SPDX-License-Identifier: MIT */
/* policy.c: turns an iprev result into the milter's action (accept,
 * reject, tempfail) and the one-line SMTP reply text that tells the sender
 * what to fix. HELO verdicts never reject (RFC 5321 s4.1.4). */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "milterlib.h"

policy_action policy_decide(policy_mode mode, int tempfail_on_temperror,
			    fcrdns_iprev iprev, int allowlisted)
{
	if (allowlisted)
		return ACTION_ACCEPT;
	switch (iprev) {
	case FCRDNS_IPREV_TEMPERROR:
		/* Never fold a temporary failure into a permanent one. */
		return tempfail_on_temperror ? ACTION_TEMPFAIL : ACTION_ACCEPT;
	case FCRDNS_IPREV_PERMERROR:
		return mode == POLICY_REJECT_PERMERROR || mode == POLICY_REJECT ? ACTION_REJECT
										 : ACTION_ACCEPT;
	case FCRDNS_IPREV_FAIL:
		return mode == POLICY_REJECT_FAIL || mode == POLICY_REJECT ? ACTION_REJECT
									    : ACTION_ACCEPT;
	default:
		return ACTION_ACCEPT;
	}
}

const char *policy_action_name(policy_action a)
{
	switch (a) {
	case ACTION_REJECT: return "reject";
	case ACTION_TEMPFAIL: return "tempfail";
	default: return "accept";
	}
}

const char *policy_reply_code(policy_action a)
{
	return a == ACTION_TEMPFAIL ? "451" : "550";
}

const char *policy_reply_dsn(policy_action a)
{
	/* RFC 7372 s3.4: 5.7.25 "Reverse DNS validation failed". */
	return a == ACTION_TEMPFAIL ? "4.7.25" : "5.7.25";
}

/* Who must act, in words, from the library's fix owner. */
static const char *owner_words(fcrdns_fix_owner o)
{
	switch (o) {
	case FCRDNS_FIX_IP_OWNER: return "the owner of the address must fix it";
	case FCRDNS_FIX_DOMAIN_OWNER: return "the owner of the name must fix it";
	default: return "the owner of the address or of the name must fix it";
	}
}

/* What is wrong with the first PTR name's forward lookup. */
static void describe_fail(fcrdns_buf *b, const fcrdns_result *r)
{
	const char *rr = r->addr.family == AF_INET6 ? "AAAA" : "A";
	const fcrdns_name_check *c = r->nchecks ? &r->checks[0] : NULL;

	if (c == NULL) {
		fcrdns_buf_puts(b, "no PTR name could be checked");
		return;
	}
	if (c->outcome == FCRDNS_LOOKUP_ANSWER)
		fcrdns_buf_printf(b, "PTR %s does not resolve to %s", c->name, r->ip);
	else
		fcrdns_buf_printf(b, "PTR %s has no %s record", c->name, rr);
	if (r->nptr > 1)
		fcrdns_buf_printf(b, ", nor do %zu other names", r->nptr + r->ptr_dropped - 1);
}

/* The text inside the parentheses of the library's resinfo comment. */
static void authres_reason(fcrdns_buf *b, const fcrdns_result *r)
{
	char ar[512];
	char *open;
	size_t n;

	fcrdns_authres_format(r, ar, sizeof ar);
	n = strlen(ar);
	if ((open = strchr(ar, '(')) != NULL && n > 0 && ar[n - 1] == ')') {
		ar[n - 1] = '\0';
		fcrdns_buf_puts(b, open + 1);
	}
}

static void default_text(fcrdns_buf *b, const fcrdns_result *r)
{
	switch (r->iprev) {
	case FCRDNS_IPREV_PERMERROR:
		fcrdns_buf_printf(b, "Reverse DNS of %s is missing (no PTR record); "
				  "the owner of the address must publish one", r->ip);
		return;
	case FCRDNS_IPREV_FAIL:
		fcrdns_buf_printf(b, "Reverse DNS of %s does not resolve back (", r->ip);
		describe_fail(b, r);
		fcrdns_buf_printf(b, "); %s", owner_words(r->fix_owner));
		return;
	case FCRDNS_IPREV_TEMPERROR:
		fcrdns_buf_printf(b, "Reverse DNS of %s could not be checked (", r->ip);
		authres_reason(b, r);
		fcrdns_buf_puts(b, "); please try again later");
		return;
	default:
		fcrdns_buf_printf(b, "Reverse DNS of %s is confirmed", r->ip);
		return;
	}
}

/* Expand <ip> and <ptr> in tmpl; everything else is copied. */
static void expand_template(fcrdns_buf *b, const fcrdns_result *r, const char *tmpl)
{
	static const char *const keys[] = { "ip", "ptr" };
	const char *values[] = {
		r->ip, r->confirmed ? r->confirmed : r->nptr ? r->ptr[0] : "(none)",
	};

	fcrdns_template_expand(b, tmpl, keys, values, 2);
}

/* Copy src into buf as smfi_setreply() wants it: printable ASCII only
 * (CR or LF would make the call fail), '%' doubled (a single one makes
 * libmilter drop the text), cut at POLICY_REPLY_MAX bytes. */
static void copy_reply_safe(char *buf, size_t len, const char *src, size_t srclen)
{
	size_t n = 0, max = len - 1 < POLICY_REPLY_MAX ? len - 1 : POLICY_REPLY_MAX;

	for (size_t i = 0; i < srclen; i++) {
		unsigned char ch = (unsigned char)src[i];
		size_t need = ch == '%' ? 2 : 1;
		if (n + need > max)
			break;
		if (ch < 0x20 || ch > 0x7e)
			ch = '?';
		buf[n++] = (char)ch;
		if (ch == '%')
			buf[n++] = '%';
	}
	buf[n] = '\0';
}

char *policy_reply_text(const fcrdns_result *r, const char *tmpl, char *buf, size_t len)
{
	fcrdns_buf b = { 0 };

	if (len == 0)
		return buf;
	if (tmpl != NULL && *tmpl != '\0')
		expand_template(&b, r, tmpl);
	else
		default_text(&b, r);
	if (b.failed || b.data == NULL)
		copy_reply_safe(buf, len, "Reverse DNS validation failed", 29);
	else
		copy_reply_safe(buf, len, b.data, b.len);
	fcrdns_buf_free(&b);
	return buf;
}
