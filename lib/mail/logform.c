/* SPDX-License-Identifier: MIT */
/* logform.c: the mail-log form matcher: fixed text and fields anchored at
 * the start of a message, and the parsers of the fields that carry the
 * client (Postfix's name[addr], Exim's and Sendmail's host fields). All
 * scans are bounded; nothing is allocated. */
#include <string.h>
#include <strings.h>

#include "mail/maillog.h"

#define ADDR_TEXT_MAX 64     /* longest address text tried, with a tag */
#define QUEUE_ID_MIN 5
#define QUEUE_ID_MAX 20
#define KEYWORD_MAX 32

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_alnum(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Characters of a host name, a Postfix queue id or an Exim keyword. */
static int is_word(char c)
{
	return is_alnum(c) || c == '.' || c == '-' || c == '_';
}

static int is_addr_char(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' ||
	       c == '.';
}

/* Return the end of the run of characters accepted by ok at p, at most
 * max long (longer runs fail: NULL). An empty run returns p. */
static const char *run(const char *p, const char *end, int (*ok)(char), size_t max)
{
	const char *q = p;

	while (q < end && ok(*q)) {
		if ((size_t)(q - p) == max)
			return NULL;
		q++;
	}
	return q;
}

int log_addr_parse(const char *s, size_t len, fcrdns_addr *out)
{
	char buf[ADDR_TEXT_MAX];

	if (len > 5 && strncasecmp(s, "IPv6:", 5) == 0)
		s += 5, len -= 5;
	if (len == 0 || len >= sizeof buf || memchr(s, '\0', len))
		return 0;
	memcpy(buf, s, len);
	buf[len] = '\0';
	return fcrdns_addr_parse(buf, out) == FCRDNS_OK;
}

/* Parse "[addr]" at p. Returns the end, or NULL. */
static const char *bracketed(const char *p, const char *end, fcrdns_addr *out)
{
	size_t room = (size_t)(end - p);
	const char *close;

	if (p >= end || *p != '[')
		return NULL;
	close = memchr(p + 1, ']', room - 1 < ADDR_TEXT_MAX ? room - 1 : ADDR_TEXT_MAX);
	if (close == NULL || !log_addr_parse(p + 1, (size_t)(close - p - 1), out))
		return NULL;
	return close + 1;
}

/* Skip a ":port" after an address. */
static const char *skip_port(const char *p, const char *end)
{
	if (end - p >= 2 && p[0] == ':' && is_digit(p[1]))
		for (p++; p < end && is_digit(*p); p++)
			;
	return p;
}

/* Parse a bare address at p; a trailing ':' before a blank (Postfix's
 * "address 2001:db8::1: Name or service not known") is not part of it. */
static const char *bare_addr(const char *p, const char *end, fcrdns_addr *out)
{
	const char *q = run(p, end, is_addr_char, ADDR_TEXT_MAX);

	if (q == NULL || q == p)
		return NULL;
	if (log_addr_parse(p, (size_t)(q - p), out))
		return q;
	if (q[-1] == ':' && q - p > 1 && log_addr_parse(p, (size_t)(q - p - 1), out))
		return q - 1;
	return NULL;
}

/* Parse Postfix's client, name[addr] with an optional :port; the name is
 * a verified host name, "unknown", or empty (postscreen). */
static const char *postfix_client(const char *p, const char *end, fcrdns_addr *out)
{
	const char *q = run(p, end, is_word, LOG_NAME_MAX);

	if (q == NULL || (q = bracketed(q, end, out)) == NULL)
		return NULL;
	return skip_port(q, end);
}

/* Return 1 when ") [addr]" follows: a junk HELO such as "x) [8.8.8.8]
 * (y" (Exim takes one from hosts in helo_accept_junk_hosts) put the
 * address we parsed, and the real one comes later. */
static int helo_continues(const char *p, const char *end)
{
	fcrdns_addr unused;

	while ((p = log_find(p, end, ") [", 3)) != NULL) {
		if (bracketed(p + 2, end, &unused) != NULL)
			return 1;
		p += 3;
	}
	return 0;
}

const char *log_exim_host(const char *p, const char *end, fcrdns_addr *out)
{
	const char *q;
	int helo = 0;

	if (p < end && *p != '(' && *p != '[') {
		/* A name Exim verified: letters, digits, '-', '.' (host.c). */
		q = run(p, end, is_word, LOG_NAME_MAX);
		if (q == NULL || q == p || q == end || *q != ' ')
			return NULL;
		p = q + 1;
	}
	if (p < end && *p == '(') {
		/* The HELO name, which Exim checked unless it accepts junk; junk
		 * with blanks or parentheses would make the field ambiguous. */
		for (q = p + 1; q < end && *q != ')' && *q != ' ' && *q != '('; q++)
			if (q - p > LOG_NAME_MAX)
				return NULL;
		if (end - q < 2 || q[0] != ')' || q[1] != ' ')
			return NULL;
		helo = 1;
		p = q + 2;
	}
	if ((q = bracketed(p, end, out)) == NULL)
		return NULL;
	q = skip_port(q, end);
	return helo && helo_continues(q, end) ? NULL : q;
}

const char *log_sendmail_host(const char *p, const char *end, fcrdns_addr *out)
{
	static const char forged[] = " (may be forged)";
	const char *q;

	if (p < end && *p != '[') {
		q = run(p, end, is_word, LOG_NAME_MAX);
		if (q != NULL && q < end && *q == '@') /* an RFC 1413 user */
			q = run(q + 1, end, is_word, LOG_NAME_MAX);
		if (q == NULL || q == end || *q != ' ')
			return NULL;
		p = q + 1;
	}
	if ((q = bracketed(p, end, out)) == NULL)
		return NULL;
	if ((size_t)(end - q) >= sizeof forged - 1 && memcmp(q, forged, sizeof forged - 1) == 0)
		q += sizeof forged - 1;
	return q;
}

static int is_upper_keyword(char c)
{
	return (c >= 'A' && c <= 'Z') || is_digit(c) || c == '-';
}

static int is_nonblank(char c)
{
	return c != ' ' && c != '\t';
}

/* A Postfix queue id: NOQUEUE, a short or long id, or the placeholder
 * that Postfix's own smtpd_check test driver writes. */
static const char *queue_id(const char *p, const char *end)
{
	static const char placeholder[] = "<queue id>";
	const char *q;

	if ((size_t)(end - p) >= sizeof placeholder - 1 &&
	    memcmp(p, placeholder, sizeof placeholder - 1) == 0)
		return p + sizeof placeholder - 1;
	q = run(p, end, is_alnum, QUEUE_ID_MAX);
	return q != NULL && q - p >= QUEUE_ID_MIN ? q : NULL;
}

/* Match one %-element at p. Returns its end, or NULL. */
static const char *element(char kind, const char *p, const char *end, fcrdns_addr *out)
{
	const char *q;

	switch (kind) {
	case 'w': q = run(p, end, is_word, LOG_NAME_MAX); break;
	case 'W': q = run(p, end, is_nonblank, LOG_NAME_MAX); break;
	case 'd': q = run(p, end, is_digit, KEYWORD_MAX); break;
	case 'U':
		if (p == end || *p < 'A' || *p > 'Z')
			return NULL;
		q = run(p, end, is_upper_keyword, KEYWORD_MAX);
		break;
	case 'q': return queue_id(p, end);
	case 'c': return postfix_client(p, end, out);
	case 'a': return bare_addr(p, end, out);
	case 'b': return bracketed(p, end, out);
	case 'e': return log_exim_host(p, end, out);
	case 's': return log_sendmail_host(p, end, out);
	default: return NULL;
	}
	return q == p ? NULL : q;
}

/* After a client captured last, the field must end. */
static int at_boundary(const char *p, const char *end)
{
	return p == end || *p == ' ' || *p == ':' || *p == ';' || *p == ',' || *p == ')';
}

const char *log_form_match(const char *p, const char *end, const char *pattern,
			   fcrdns_addr *out, int *found)
{
	int captured_last = 0;

	*found = 0;
	while (*pattern != '\0') {
		if (pattern[0] != '%') {
			if (p == end || *p != *pattern)
				return NULL;
			p++, pattern++;
			captured_last = 0;
			continue;
		}
		if ((p = element(pattern[1], p, end, out)) == NULL)
			return NULL;
		captured_last = strchr("cabes", pattern[1]) != NULL;
		*found |= captured_last;
		pattern += 2;
	}
	return captured_last && !at_boundary(p, end) ? NULL : p;
}

int log_forms_try(const log_form *forms, size_t n, const char *p, const char *end,
		  const log_ctx *ctx, fcrdns_addr *out)
{
	for (size_t i = 0; i < n; i++) {
		int found;
		const char *m = log_form_match(p, end, forms[i].pattern, out, &found);
		if (m == NULL)
			continue;
		if (forms[i].tail != NULL)
			return forms[i].tail(m, end, ctx, out);
		if (found)
			return 1;
	}
	return 0;
}

int log_starts(const char *p, const char *end, const char *s, size_t n)
{
	return (size_t)(end - p) >= n && memcmp(p, s, n) == 0;
}

const char *log_find(const char *p, const char *end, const char *needle, size_t n)
{
	return p < end ? memmem(p, (size_t)(end - p), needle, n) : NULL;
}

int log_count(const char *p, const char *end, const char *needle, size_t n)
{
	int count = 0;

	while (count < 2 && (p = log_find(p, end, needle, n)) != NULL)
		count++, p += n;
	return count;
}
