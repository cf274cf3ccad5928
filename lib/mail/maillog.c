/* SPDX-License-Identifier: MIT */
/* maillog.c: the mail-log reader: finds the message of a line in its
 * framing (syslog, RFC 5424, journald export, Exim's main log), tells
 * from the syslog tag which program wrote it, and hands the message to
 * that program's grammar (logmta.c). */
#include <string.h>

#include "mail/maillog.h"

#define TAG_NAME_MAX 64

typedef enum stamp_kind { STAMP_NONE = 0, STAMP_BSD, STAMP_ISO_T, STAMP_ISO_SPACE } stamp_kind;

/* Return 1 when [p, p + n) are n digits. */
static int digits(const char *p, const char *end, size_t n)
{
	if (p > end || (size_t)(end - p) < n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (p[i] < '0' || p[i] > '9')
			return 0;
	return 1;
}

static const char *skip_digits(const char *p, const char *end)
{
	while (p < end && *p >= '0' && *p <= '9')
		p++;
	return p;
}

/* Skip "HH:MM:SS" and a fraction. Returns the end, or NULL. */
static const char *skip_clock(const char *p, const char *end)
{
	if (!digits(p, end, 2) || !digits(p + 3, end, 2) || !digits(p + 6, end, 2) ||
	    p[2] != ':' || p[5] != ':')
		return NULL;
	p += 8;
	if (end - p >= 2 && (*p == '.' || *p == ',') && digits(p + 1, end, 1))
		p = skip_digits(p + 1, end);
	return p;
}

/* Skip "Mmm dd HH:MM:SS" (day padded with a blank or not, an optional
 * year after it). Returns the end, or NULL. */
static const char *skip_bsd_stamp(const char *p, const char *end)
{
	for (int i = 0; i < 3; i++)
		if (p + i >= end || !((p[i] >= 'A' && p[i] <= 'Z') || (p[i] >= 'a' && p[i] <= 'z')))
			return NULL;
	p += 3;
	if (p == end || *p++ != ' ')
		return NULL;
	if (p < end && *p == ' ')
		p++;
	if (!digits(p, end, 1))
		return NULL;
	p += digits(p, end, 2) ? 2 : 1;
	if (p == end || *p++ != ' ')
		return NULL;
	if (digits(p, end, 4) && p + 4 < end && p[4] == ' ')
		p += 5;
	return skip_clock(p, end);
}

/* Skip "YYYY-MM-DDTHH:MM:SS" or "YYYY-MM-DD HH:MM:SS", a fraction, and
 * a zone ("Z", "+01:00", or Exim's " +0100"). Sets *kind. */
static const char *skip_iso_stamp(const char *p, const char *end, stamp_kind *kind)
{
	if (!digits(p, end, 4) || !digits(p + 5, end, 2) || !digits(p + 8, end, 2) ||
	    p[4] != '-' || p[7] != '-' || end - p < 11 || (p[10] != 'T' && p[10] != ' '))
		return NULL;
	*kind = p[10] == 'T' ? STAMP_ISO_T : STAMP_ISO_SPACE;
	if ((p = skip_clock(p + 11, end)) == NULL)
		return NULL;
	if (p < end && *p == 'Z')
		return p + 1;
	/* Exim's log_timezone: "2024-01-10 10:00:05 +0100" */
	if (*kind == STAMP_ISO_SPACE && end - p > 6 && p[0] == ' ' && (p[1] == '+' || p[1] == '-') &&
	    digits(p + 2, end, 4))
		return p + 6;
	if (p < end && (*p == '+' || *p == '-') && digits(p + 1, end, 2)) {
		const char *z = p + 3 + (p + 3 < end && p[3] == ':');
		if (digits(z, end, 2))
			return z + 2;
	}
	return p;
}

/* Skip journalctl's other times: "-o short-unix" (1709542801.123456) and
 * "-o short-full" (Mon 2024-03-04 10:00:01 CET). Returns the end, or NULL. */
static const char *skip_journal_stamp(const char *p, const char *end)
{
	stamp_kind unused;
	const char *q = skip_digits(p, end);

	if (q - p >= 9 && q < end && *q == '.' && digits(q + 1, end, 1))
		return skip_digits(q + 1, end);
	if (end - p < 5 || p[3] != ' ' || (q = skip_iso_stamp(p + 4, end, &unused)) == NULL)
		return NULL;
	for (p = q + 1; p < end && *p >= 'A' && *p <= 'Z'; p++)
		;
	return q < end && *q == ' ' && p - q > 2 && p - q <= 6 ? p : q;
}

/* Skip a timestamp and the blanks after it. Sets *kind (STAMP_NONE when
 * there is none, and p is returned unchanged). */
static const char *skip_stamp(const char *p, const char *end, stamp_kind *kind)
{
	const char *q = skip_iso_stamp(p, end, kind);

	if (q == NULL) {
		*kind = STAMP_BSD;
		if ((q = skip_bsd_stamp(p, end)) == NULL)
			q = skip_journal_stamp(p, end);
	}
	if (q == NULL || (q < end && *q != ' ')) {
		*kind = STAMP_NONE;
		return p;
	}
	while (q < end && *q == ' ')
		q++;
	return q;
}

/* Skip syslog-ng's "<mail.info> " between the time and the host. */
static const char *skip_facility(const char *p, const char *end)
{
	const char *close;

	if (p == end || *p != '<')
		return p;
	close = memchr(p, '>', (size_t)(end - p) < 32 ? (size_t)(end - p) : 32);
	if (close == NULL || memchr(p, '.', (size_t)(close - p)) == NULL || close + 1 == end ||
	    close[1] != ' ')
		return p;
	return close + 2;
}

static int is_tag_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '.' || c == '/' || c == '-' || c == '@' || c == '+';
}

/* If [p, e) is a syslog tag, "name[pid]:" or "name:", return its
 * grammar through *mta and 1. A tag without a pid counts after a syslog
 * time (bare_ok), or when it is a path or a known MTA program. */
static int parse_tag(const char *p, const char *e, int bare_ok, log_mta *mta)
{
	const char *q = p;
	size_t n;
	int pid = 0;
	log_mta found;

	if (e - p < 2 || e[-1] != ':')
		return 0;
	while (q < e - 1 && is_tag_char(*q))
		q++;
	if ((n = (size_t)(q - p)) == 0 || n > TAG_NAME_MAX)
		return 0;
	if (*q == '[') {
		const char *r = skip_digits(q + 1, e);
		if (r == q + 1 || r + 2 != e || *r != ']')
			return 0;
		pid = 1;
		q = r + 1;
	}
	if (q != e - 1)
		return 0;
	found = log_program_mta(p, n);
	if (!pid && !bare_ok && memchr(p, '/', n) == NULL && found == LOG_MTA_NONE)
		return 0;
	*mta = found;
	return 1;
}

/* Skip Solaris's "[ID 123456 mail.info] " after the tag. */
static const char *skip_solaris_id(const char *p, const char *end)
{
	const char *close;

	if (!log_starts(p, end, "[ID ", 4))
		return p;
	close = memchr(p, ']', (size_t)(end - p) < 48 ? (size_t)(end - p) : 48);
	return close != NULL && close + 1 < end && close[1] == ' ' ? close + 2 : p;
}

static const char *token_end(const char *p, const char *end)
{
	const char *sp = memchr(p, ' ', (size_t)(end - p));

	return sp != NULL ? sp : end;
}

/* Return 1 when [p, e) is "[name]" naming a known MTA program (a
 * template that brackets the tag instead of ending it with a colon). */
static int parse_bracketed_tag(const char *p, const char *e, log_mta *mta)
{
	log_mta found;

	if (e - p < 3 || *p != '[' || e[-1] != ']' ||
	    (found = log_program_mta(p + 1, (size_t)(e - p - 2))) == LOG_MTA_NONE)
		return 0;
	*mta = found;
	return 1;
}

/* After the time: "tag: msg" or "host tag: msg"; anything else is a
 * message with no tag, which after Exim's own time format is Exim's. */
static void parse_header(const char *p, const char *end, stamp_kind stamp, log_frame *f)
{
	int bare_ok = stamp == STAMP_BSD || stamp == STAMP_ISO_T;
	const char *t1 = token_end(p, end), *t2 = NULL;

	f->msg = p;
	f->mta = stamp == STAMP_ISO_SPACE ? LOG_MTA_EXIM : LOG_MTA_ANY;
	if (parse_tag(p, t1, bare_ok, &f->mta) ||
	    (stamp != STAMP_NONE && parse_bracketed_tag(p, t1, &f->mta))) {
		t2 = t1;
	} else if (t1 < end) {
		t2 = token_end(t1 + 1, end);
		if (!parse_tag(t1 + 1, t2, bare_ok, &f->mta))
			return;
	} else {
		return;
	}
	f->msg = skip_solaris_id(t2 < end ? t2 + 1 : end, end);
}

/* Skip one RFC 5424 header field and its blank. Returns NULL at the end. */
static const char *next_field(const char *p, const char *end, const char **field_end)
{
	*field_end = token_end(p, end);
	return *field_end < end ? *field_end + 1 : NULL;
}

/* Skip RFC 5424 structured data: "-" or "[id k="v"...]..." with \" \] \\
 * escapes in values. Returns the end, or NULL. */
static const char *skip_structured_data(const char *p, const char *end)
{
	int quoted = 0;

	if (p < end && *p == '-')
		return p + 1;
	while (p < end && *p == '[') {
		for (p++; p < end && (quoted || *p != ']'); p++) {
			if (quoted && *p == '\\')
				p++;
			else if (*p == '"')
				quoted = !quoted;
		}
		if (p >= end)
			return NULL;
		p++;
	}
	return p;
}

/* "<PRI>1 TIME HOST APP PROCID MSGID SD MSG" (RFC 5424), from TIME. */
static void parse_rfc5424(const char *p, const char *end, log_frame *f)
{
	const char *app, *app_end, *e;

	f->msg = f->end = end;
	f->mta = LOG_MTA_NONE;
	if ((p = next_field(p, end, &e)) == NULL || (p = next_field(p, end, &e)) == NULL)
		return;
	app = p;
	if ((p = next_field(p, end, &app_end)) == NULL || (p = next_field(p, end, &e)) == NULL ||
	    (p = next_field(p, end, &e)) == NULL || (p = skip_structured_data(p, end)) == NULL)
		return;
	f->mta = app_end - app == 1 && *app == '-' ? LOG_MTA_ANY
						   : log_program_mta(app, (size_t)(app_end - app));
	if (p < end && *p == ' ')
		p++;
	if (log_starts(p, end, "\xEF\xBB\xBF", 3)) /* a UTF-8 message's BOM */
		p += 3;
	f->msg = p;
}

/* Skip "<PRI>" at p, or return NULL. */
static const char *skip_pri(const char *p, const char *end)
{
	const char *q;

	if (p == end || *p != '<')
		return NULL;
	q = skip_digits(p + 1, end);
	return q > p + 1 && q - p <= 4 && q < end && *q == '>' ? q + 1 : NULL;
}

void log_frame_parse(const char *line, const char *end, log_frame *f)
{
	stamp_kind stamp;
	const char *p = line, *q;

	f->msg = line;
	f->end = end;
	f->mta = LOG_MTA_ANY;
	if (log_starts(p, end, "MESSAGE=", 8)) { /* journalctl -o export */
		f->msg = p + 8;
		return;
	}
	if ((q = skip_pri(p, end)) != NULL) {
		if (log_starts(q, end, "1 ", 2)) {
			parse_rfc5424(q + 2, end, f);
			return;
		}
		p = q;
	}
	p = skip_stamp(p, end, &stamp);
	if (stamp != STAMP_NONE)
		p = skip_facility(p, end);
	parse_header(p, end, stamp, f);
	if (f->mta == LOG_MTA_EXIM && f->msg < end) {
		/* Exim's syslog_timestamp repeats its own time in the message. */
		stamp_kind inner;
		f->msg = skip_stamp(f->msg, end, &inner);
	}
}

/* The programs whose lines name SMTP clients, by syslog name (Postfix's
 * daemons by the last component of "postfix/smtpd", "postfix-in/smtpd",
 * "postfix/submission/smtpd"). */
static const struct {
	const char *name;
	log_mta mta;
} programs[] = {
	{ "smtpd", LOG_MTA_SMTPD },          { "smtpd_check", LOG_MTA_POSTFIX_SMTPD },
	{ "postscreen", LOG_MTA_POSTSCREEN }, { "tlsproxy", LOG_MTA_POSTSCREEN },
	{ "dnsblog", LOG_MTA_DNSBLOG },       { "anvil", LOG_MTA_ANVIL },
	{ "cleanup", LOG_MTA_CLEANUP },       { "exim", LOG_MTA_EXIM },
	{ "exim4", LOG_MTA_EXIM },            { "sendmail", LOG_MTA_SENDMAIL },
	{ "sm-mta", LOG_MTA_SENDMAIL },       { "sm-acceptingconnections", LOG_MTA_SENDMAIL },
	{ "courieresmtpd", LOG_MTA_COURIER }, { "postgrey", LOG_MTA_POSTGREY },
};

log_mta log_program_mta(const char *name, size_t len)
{
	const char *slash = memrchr(name, '/', len);
	const char *last = slash != NULL ? slash + 1 : name;
	size_t n = len - (size_t)(last - name);

	for (size_t i = 0; i < sizeof programs / sizeof programs[0]; i++) {
		if (strlen(programs[i].name) != n || memcmp(programs[i].name, last, n) != 0)
			continue;
		/* "x/smtpd" is Postfix's; a bare "smtpd" may be OpenSMTPD's. */
		if (programs[i].mta == LOG_MTA_SMTPD && slash != NULL)
			return LOG_MTA_POSTFIX_SMTPD;
		return programs[i].mta;
	}
	return LOG_MTA_NONE;
}

int fcrdns_log_extract(const char *line, size_t len, fcrdns_addr *out)
{
	/* With no program named, every grammar is tried (each is anchored
	 * at the message start, so they do not overlap). */
	static const log_mta any[] = {
		LOG_MTA_SMTPD, LOG_MTA_POSTSCREEN, LOG_MTA_DNSBLOG, LOG_MTA_ANVIL,
		LOG_MTA_CLEANUP, LOG_MTA_EXIM, LOG_MTA_SENDMAIL, LOG_MTA_COURIER,
		LOG_MTA_POSTGREY,
	};
	log_frame f;
	fcrdns_addr a;
	int st = 0;

	if (line == NULL || out == NULL || len > LOG_LINE_LIMIT)
		return 0;
	if (len > 0 && line[len - 1] == '\r')
		len--;
	log_frame_parse(line, line + len, &f);
	if (f.mta == LOG_MTA_NONE)
		return 0;
	if (f.mta != LOG_MTA_ANY)
		st = log_mta_extract(f.mta, f.msg, f.end, &a);
	for (size_t i = 0; f.mta == LOG_MTA_ANY && st == 0 && i < sizeof any / sizeof any[0]; i++)
		st = log_mta_extract(any[i], f.msg, f.end, &a);
	if (st != 1)
		return 0;
	*out = a;
	return 1;
}
