/* SPDX-License-Identifier: MIT */
/* logmta.c: each MTA's grammar for the lines that name the SMTP client:
 * the forms anchored at the start of the message, and the tails that
 * read a field the MTA owns where client-controlled text (envelope
 * addresses, quoted commands, user names, header text) shares the line.
 * A form that cannot tell the MTA's field from the client's text yields
 * nothing rather than a guess. Sources: Postfix smtpd.c, smtpd_sasl_glue.c,
 * smtpd_peer.c, postscreen/, anvil.c, cleanup_message.c, cleanup_milter.c;
 * Exim smtp_in.c, receive.c, host.c, daemon.c; Sendmail and Courier logs. */
#include <string.h>

#include "mail/maillog.h"

#define N(forms) (sizeof(forms) / sizeof((forms)[0]))
#define LIT(s) (s), (sizeof(s) - 1)
#define EXIM_SENDER_MAX 1024  /* bytes of an envelope sender walked */

/* ---- Postfix ------------------------------------------------------------ */

/* smtpd, after "warning: " and the queue id (or NOQUEUE). */
static const log_form postfix_smtpd[] = {
	{ "connect from %c", NULL },
	{ "disconnect from %c", NULL },
	{ "client=%c", NULL },
	{ "%w: %U from %c", NULL }, /* reject: RCPT from, milter-reject: DATA from */
	{ "lost connection after %U from %c", NULL },
	{ "lost connection after %U (%d bytes) from %c", NULL },
	{ "timeout after %U from %c", NULL },
	{ "timeout after %U (%d bytes) from %c", NULL },
	{ "too many errors after %U from %c", NULL },
	{ "%c: SASL %w authentication ", NULL },
	{ "%c: replacing command ", NULL },
	{ "hostname %W does not resolve to address %a", NULL },
	{ "%a: hostname %W verification failed", NULL },
	{ "%a: address not listed for hostname ", NULL },
	{ "Connection rate limit exceeded: %d from %c", NULL },
	{ "Connection concurrency limit exceeded: %d from %c", NULL },
	{ "Message delivery request rate limit exceeded: %d from %c", NULL },
	{ "Recipient address rate limit exceeded: %d from %c", NULL },
	{ "New TLS session rate limit exceeded: %d from %c", NULL },
	{ "AUTH command rate limit exceeded: %d from %c", NULL },
	{ "non-SMTP command from %c", NULL },
	{ "Illegal address syntax from %c", NULL },
	{ "improper command pipelining after %U from %c", NULL },
	{ "bare <LF> received after %U from %c", NULL },
	{ "SSL_accept error from %c", NULL },
	{ "%w TLS connection established from %c", NULL },
	{ "setting up TLS connection from %c", NULL },
	{ "Refusing STARTTLS request from %c", NULL },
	{ "reject: ETRN %W from %c", NULL }, /* the argument has no blank */
	{ "too much BDAT content -- disabling further input from %c", NULL },
	{ "malformed BDAT command syntax from %c", NULL },
};

/* postscreen and tlsproxy: the client is always "[addr]:port", after
 * fixed upper-case keywords; what the client sent comes after it. */
static const log_form postscreen[] = {
	{ "CONNECT from %c", NULL },
	{ "%U %c", NULL },    /* DISCONNECT, DROP, ENFORCE, WHITELISTED, ... */
	{ "%U %U %c", NULL }, /* PASS NEW, PASS OLD, ALLOWLIST VETO */
	{ "DNSBL rank %d for %c", NULL },
	{ "HANGUP after %W from %c", NULL },
	{ "PREGREET %d after %W from %c", NULL },
	{ "%U %U %U from %c", NULL }, /* COMMAND TIME LIMIT */
	{ "%U %U from %c", NULL },    /* NON-SMTP COMMAND, BARE NEWLINE */
	{ "%U without valid RCPT from %c", NULL },
	{ "NOQUEUE: reject: %U from %c", NULL },
};

static const log_form dnsblog[] = {
	{ "addr %a listed by domain ", NULL },
};

/* anvil's "(SERVICE:ADDR)": SERVICE is a master.cf service name, "smtp",
 * or "HOST:PORT" ("127.0.0.1:2525", "[::1]:2525") for one bound to an
 * address, so the address starts after the first colon unless that
 * colon follows a host and a port does. */
static int anvil_ident(const char *p, const char *end, const log_ctx *ctx, fcrdns_addr *out)
{
	size_t room = (size_t)(end - p) < 300 ? (size_t)(end - p) : 300;
	const char *close = memchr(p, ')', room), *a, *colon, *port;

	(void)ctx;
	if (close == NULL)
		return -1;
	if (*p == '[') {
		const char *rb = memchr(p, ']', (size_t)(close - p));
		if (rb == NULL || rb + 1 == close || rb[1] != ':')
			return -1;
		for (a = rb + 2; a < close && *a >= '0' && *a <= '9'; a++)
			;
		if (a == close || *a != ':')
			return -1;
		a++;
	} else {
		if ((colon = memchr(p, ':', (size_t)(close - p))) == NULL)
			return -1;
		for (a = colon + 1, port = a; port < close && *port >= '0' && *port <= '9'; port++)
			;
		if (port > a && port < close && *port == ':' &&
		    (memchr(p, '.', (size_t)(colon - p)) != NULL ||
		     (colon - p == 9 && memcmp(p, "localhost", 9) == 0)))
			a = port + 1;
	}
	return log_addr_parse(a, (size_t)(close - a), out) ? 1 : -1;
}

static const log_form anvil[] = {
	{ "statistics: max %w %w %W for (", anvil_ident },
};

/* cleanup's header/body checks: "ACTION: CLASS TEXT from ORIGIN; from=<>
 * to=<> proto= helo=<>". TEXT (up to 200 bytes of a header or body line)
 * and the envelope after ORIGIN are the client's, so ORIGIN is read only
 * when " from X;" occurs exactly once. */
static int cleanup_origin(const char *p, const char *end, const log_ctx *ctx, fcrdns_addr *out)
{
	const char *s = p, *hit = NULL;
	int found, n = 0;

	(void)ctx;
	while ((s = log_find(s, end, LIT(" from "))) != NULL) {
		const char *tok = s + 6, *t = tok;
		while (t < end && *t != ' ' && *t != ';')
			t++;
		if (t < end && *t == ';' && t > tok) {
			if (++n > 1)
				return -1;
			hit = tok;
		}
		s = tok;
	}
	if (hit == NULL || log_form_match(hit, end, "%c;", out, &found) == NULL || !found)
		return -1;
	return 1;
}

static const log_form cleanup[] = {
	{ "%w: %U from %c", NULL }, /* milter-reject: END-OF-MESSAGE from */
	{ "%w: %w ", cleanup_origin },
};

/* ---- Exim ----------------------------------------------------------------- */

static int is_field_key(const char *p, const char *eq)
{
	if (eq == p || eq - p > 8)
		return 0;
	for (; p < eq; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')))
			return 0;
	return 1;
}

/* "H=" opening an Exim message is the client of a rejection, a sender
 * verification or an incomplete transaction, but a delivery writes "H="
 * too: after a message id, "H=name [addr]" with a colon or an error text.
 * So after a message id the host must be followed by fields up to F=,
 * as a rejection after DATA is; and the outgoing forms (a colon after
 * the host, GnuTLS's client error) are refused everywhere. */
static int exim_h(const char *p, const char *end, const log_ctx *ctx, fcrdns_addr *out)
{
	const char *q = log_exim_host(p, end, out);

	if (q == NULL || (q < end && *q != ' ') || log_starts(q, end, LIT(" TLS error on connection")))
		return -1;
	if (!ctx->msgid)
		return 1;
	while (q < end && *q == ' ') {
		const char *t = q + 1, *e = memchr(t, ' ', (size_t)(end - t)), *eq;
		if (e == NULL)
			e = end;
		if ((eq = memchr(t, '=', (size_t)(e - t))) == NULL || !is_field_key(t, eq))
			return -1;
		if (eq - t == 1 && *t == 'F')
			return 1;
		q = e;
	}
	return -1;
}

/* Walk an envelope sender as Exim logs it (a quoted local part may hold
 * blanks). Sets *quoted when it has a quote. Returns its end, or NULL. */
static const char *exim_sender_end(const char *p, const char *end, int *quoted)
{
	const char *start = p;

	*quoted = 0;
	while (p < end && *p != ' ') {
		if (p - start > EXIM_SENDER_MAX)
			return NULL;
		if (*p++ != '"')
			continue;
		*quoted = 1;
		while (p < end && *p != '"')
			p += *p == '\\' ? 2 : 1;
		if (p >= end)
			return NULL;
		p++;
	}
	return p > start ? p : NULL;
}

/* "<= SENDER [R=ref] [DS] H=host ..." (an arrival) and "F=SENDER H=host
 * ... rejected by local_scan()". A sender with a quoted part could hide
 * an " H=", so then the host counts only when " H=" occurs once. */
static int exim_sender_host(const char *p, const char *end, const log_ctx *ctx,
			    fcrdns_addr *out)
{
	int quoted;
	const char *q = exim_sender_end(p, end, &quoted);

	(void)ctx;
	while (q != NULL && q < end && *q == ' ') {
		if (log_starts(q, end, LIT(" H="))) {
			if (log_exim_host(q + 3, end, out) == NULL ||
			    (quoted && log_count(p, end, LIT(" H=")) > 1))
				return -1;
			return 1;
		}
		if (!log_starts(q, end, LIT(" R=")) && !log_starts(q, end, LIT(" DS ")))
			return -1;
		q = memchr(q + 1, ' ', (size_t)(end - q - 1));
	}
	return -1;
}

/* Return 1 when the quote at q is escaped (an odd run of backslashes:
 * Exim 4.98's %q escapes the client's quotes, older ones do not). */
static int escaped(const char *start, const char *q)
{
	size_t n = 0;

	while (q > start && q[-1] == '\\')
		q--, n++;
	return n % 2;
}

/* `"COMMAND" H=host ...`: the command is the client's, and before Exim
 * 4.98 its quotes were not escaped, so `" H=` may appear in it. One such
 * candidate is the host. With several, last_ok says what follows the
 * host is Exim's own text (a protocol error's message), so the last one
 * is the host if nothing after it is quoted and no ident (U=, the
 * client's too) comes before it. */
static int exim_quoted(const char *p, const char *end, int last_ok, fcrdns_addr *out)
{
	const char *s = p + 1, *first = NULL, *last = NULL, *h;
	int n = 0;

	if (p >= end || *p != '"')
		return -1;
	while ((s = log_find(s, end, LIT("\" H="))) != NULL) {
		if (!escaped(p, s)) {
			n++;
			first = first ? first : s;
			last = s;
		}
		s++;
	}
	if (n == 1)
		return log_exim_host(first + 4, end, out) != NULL ? 1 : -1;
	if (n == 0 || !last_ok || log_find(p, last, LIT(" U=")) != NULL)
		return -1;
	if ((h = log_exim_host(last + 4, end, out)) == NULL || memchr(h, '"', (size_t)(end - h)))
		return -1;
	return 1;
}

static int exim_protocol_error(const char *p, const char *end, const log_ctx *ctx,
			       fcrdns_addr *out)
{
	(void)ctx;
	return exim_quoted(p, end, 1, out);
}

static int exim_quoted_unique(const char *p, const char *end, const log_ctx *ctx,
			      fcrdns_addr *out)
{
	(void)ctx;
	return exim_quoted(p, end, 0, out);
}

/* sa-exim: "SA: Action: ... (scanned in ... | Message-Id: ID). From
 * <SENDER> (host=NAME [ADDR]) for RCPT": the Message-Id and the sender
 * come first, so " (host=" must occur once. */
static int exim_sa(const char *p, const char *end, const log_ctx *ctx, fcrdns_addr *out)
{
	const char *hit = log_find(p, end, LIT(" (host="));
	int found;

	(void)ctx;
	if (hit == NULL || log_count(hit + 1, end, LIT(" (host=")) > 0 ||
	    log_form_match(hit + 7, end, "%s)", out, &found) == NULL)
		return -1;
	return 1;
}

static const log_form exim[] = {
	{ "H=", exim_h },
	{ "<= ", exim_sender_host },
	{ "(= ", exim_sender_host },
	{ "F=", exim_sender_host },
	{ "SMTP connection from %e", NULL },
	{ "no MAIL in SMTP connection from %e", NULL },
	{ "no MAIL in %W SMTP connection from %e", NULL }, /* TFO */
	{ "SMTP call from %e", NULL },
	{ "SMTP command timeout on connection from %e", NULL },
	{ "SMTP command timeout on TLS connection from %e", NULL },
	{ "SMTP data timeout (message abandoned) on connection from %e", NULL },
	{ "unexpected disconnection while reading SMTP command from %e", NULL },
	{ "TLS error on connection from %e", NULL },
	{ "%w authenticator failed for H=%e", NULL },
	{ "%w authenticator failed for %e", NULL },
	{ "authenticator failed for %e", NULL },
	{ "rejected EHLO from %e", NULL },
	{ "rejected HELO from %e", NULL },
	{ "rejected \"EHLO %W from %e", NULL }, /* %W: a checked HELO name and its quote */
	{ "rejected \"HELO %W from %e", NULL },
	{ "temporarily rejected \"EHLO %W from %e", NULL },
	{ "temporarily rejected \"HELO %W from %e", NULL },
	{ "rejected MAIL from %e", NULL },
	{ "rejected MAIL command H=%e", NULL },
	{ "no host name found for IP address %a", NULL },
	{ "no IP address found for host %W (during SMTP connection from %e", NULL },
	{ "host name alias list truncated for %a", NULL },
	{ "Connection from %e refused", NULL },
	{ "connection from %e refused", NULL },
	{ "refused connection from %e", NULL },
	{ "temporarily refused connection from %e", NULL },
	{ "Error or EOF on input from H=%e", NULL },
	{ "SMTP protocol synchronization error (input sent without waiting for greeting): "
	  "rejected connection from H=%e", NULL },
	{ "SMTP protocol synchronization error (next input sent too soon: pipelining was not "
	  "advertised): rejected ", exim_quoted_unique },
	{ "SMTP protocol error in ", exim_protocol_error },
	{ "SMTP syntax error in ", exim_quoted_unique },
	{ "SA: Action: ", exim_sa },
};

/* Return 1 when [p, p + n) is an Exim message id: "1rABCD-000123-EF"
 * (6-6-2), or 4.97's "1rABCD-0000000ABC-DEFG" (6-11-4). */
static int is_exim_msgid(const char *p, size_t n)
{
	size_t second = n == 16 ? 13 : n == 23 ? 18 : 0;

	return second != 0 && p[6] == '-' && p[second] == '-' && memchr(p, '.', n) == NULL &&
	       memchr(p, '_', n) == NULL && memchr(p + 7, '-', second - 7) == NULL;
}

/* Skip "[pid] " and a message id at the start of an Exim message. */
static const char *exim_strip(const char *p, const char *end, log_ctx *ctx)
{
	int found;
	const char *q;
	fcrdns_addr unused;

	if ((q = log_form_match(p, end, "[%d] ", &unused, &found)) != NULL)
		p = q;
	q = log_form_match(p, end, "%w ", &unused, &found);
	if (q != NULL && is_exim_msgid(p, (size_t)(q - p - 1))) {
		ctx->msgid = 1;
		p = q;
	}
	return p;
}

/* ---- Sendmail ----------------------------------------------------------- */

/* "from=... relay=HOST" and "AUTH failure (...): ..., user=..., relay=HOST"
 * end with the relay; what comes before (msgid=, user=) is the client's,
 * so the last "relay=" is read and must run to the end of the line. */
static int sendmail_last_relay(const char *p, const char *end, const log_ctx *ctx,
			       fcrdns_addr *out)
{
	const char *s = p, *last = NULL;

	(void)ctx;
	while ((s = log_find(s, end, LIT("relay="))) != NULL)
		last = s += 6;
	if (last == NULL || log_sendmail_host(last, end, out) != end)
		return -1;
	return 1;
}

/* "ruleset=check_rcpt, arg1=<ADDR>, relay=HOST, reject=550 ... <ADDR>...":
 * the client's address comes before and after the relay, so ", relay="
 * must occur exactly once. */
static int sendmail_ruleset(const char *p, const char *end, const log_ctx *ctx,
			    fcrdns_addr *out)
{
	const char *hit = log_find(p, end, LIT(", relay=")), *h;

	(void)ctx;
	if (hit == NULL || log_count(hit + 8, end, LIT(", relay=")) > 0)
		return -1;
	h = log_sendmail_host(hit + 8, end, out);
	return h != NULL && (h == end || *h == ',') ? 1 : -1;
}

/* After the queue id. */
static const log_form sendmail[] = {
	{ "%s: possible SMTP attack", NULL },
	{ "%s: EXPN ", NULL }, { "%s: expn ", NULL },
	{ "%s: VRFY ", NULL }, { "%s: vrfy ", NULL },
	{ "%s did not issue MAIL/EXPN/VRFY/ETRN during connection to ", NULL },
	{ "lost input channel from %s to ", NULL },
	{ "rejecting commands from %s due to pre-greeting traffic", NULL },
	{ "timeout waiting for input from %s during server ", NULL },
	{ "collect: I/O error on connection from %s", NULL },
	{ "collect: read timeout on connection from %s", NULL },
	{ "STARTTLS=server, relay=%s", NULL },
	{ "AUTH=server, relay=%s", NULL },
	{ "ruleset=%w, arg1=", sendmail_ruleset },
	{ "from=", sendmail_last_relay },
	{ "AUTH failure (", sendmail_last_relay },
};

/* ---- Courier, postgrey, OpenSMTPD ------------------------------------------ */

static const log_form courier[] = {
	{ "started,ip=%b", NULL },
	{ "error,relay=%a", NULL },
};

/* postgrey: "action=greylist, reason=new, client_name=NAME,
 * client_address=ADDR, sender=..., recipient=...": the reason is
 * postgrey's and the name Postfix's; the client's envelope comes after. */
static int postgrey_client(const char *p, const char *end, const log_ctx *ctx,
			   fcrdns_addr *out)
{
	const char *hit = log_find(p, end, LIT(", client_address="));
	int found;

	(void)ctx;
	if (hit == NULL || log_form_match(hit + 17, end, "%a", out, &found) == NULL)
		return -1;
	return 1;
}

static const log_form postgrey[] = {
	{ "action=%w, reason=", postgrey_client },
};

/* OpenSMTPD: "SESSION smtp event=connected address=ADDR host=NAME". */
static const log_form opensmtpd[] = {
	{ "%w smtp event=%W address=%a", NULL },
	{ "%w smtp %w address=%a", NULL },
};

/* ---- Dispatch ------------------------------------------------------------- */

/* Skip Postfix's "warning: " and a queue id ("4F1A2C3: ", "NOQUEUE: "). */
static const char *postfix_strip(const char *p, const char *end)
{
	fcrdns_addr unused;
	int found;
	const char *q;

	if (log_starts(p, end, LIT("warning: ")))
		p += 9;
	q = log_form_match(p, end, "%q: ", &unused, &found);
	return q != NULL ? q : p;
}

/* Skip Sendmail's queue id ("s1GNXHYB005133: "). */
static const char *sendmail_strip(const char *p, const char *end)
{
	fcrdns_addr unused;
	int found;
	const char *q = log_form_match(p, end, "%q: ", &unused, &found);

	return q != NULL ? q : p;
}

int log_mta_extract(log_mta mta, const char *p, const char *end, fcrdns_addr *out)
{
	log_ctx ctx = { 0 };
	int st;

	switch (mta) {
	case LOG_MTA_POSTFIX_SMTPD:
		return log_forms_try(postfix_smtpd, N(postfix_smtpd), postfix_strip(p, end), end,
				     &ctx, out);
	case LOG_MTA_SMTPD:
		st = log_forms_try(postfix_smtpd, N(postfix_smtpd), postfix_strip(p, end), end,
				   &ctx, out);
		return st != 0 ? st : log_forms_try(opensmtpd, N(opensmtpd), p, end, &ctx, out);
	case LOG_MTA_POSTSCREEN: return log_forms_try(postscreen, N(postscreen), p, end, &ctx, out);
	case LOG_MTA_DNSBLOG: return log_forms_try(dnsblog, N(dnsblog), p, end, &ctx, out);
	case LOG_MTA_ANVIL: return log_forms_try(anvil, N(anvil), p, end, &ctx, out);
	case LOG_MTA_CLEANUP:
		return log_forms_try(cleanup, N(cleanup), postfix_strip(p, end), end, &ctx, out);
	case LOG_MTA_EXIM:
		p = exim_strip(p, end, &ctx);
		return log_forms_try(exim, N(exim), p, end, &ctx, out);
	case LOG_MTA_SENDMAIL:
		return log_forms_try(sendmail, N(sendmail), sendmail_strip(p, end), end, &ctx, out);
	case LOG_MTA_COURIER: return log_forms_try(courier, N(courier), p, end, &ctx, out);
	case LOG_MTA_POSTGREY: return log_forms_try(postgrey, N(postgrey), p, end, &ctx, out);
	default: return 0;
	}
}
