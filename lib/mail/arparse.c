/* SPDX-License-Identifier: MIT */
/* arparse.c: reads the authserv-id of an incoming Authentication-Results
 * field (RFC 8601 s2.2), so that forged copies of our own can be removed
 * (s5). Every field comes from the network: nothing here trusts its shape. */
#include <string.h>
#include <strings.h>

#include "mail/authres.h"

#define COMMENT_DEPTH_MAX 32 /* deeper nesting is treated as malformed */

typedef struct cursor {
	const char *p;
	const char *end;
} cursor;

static int is_fws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Skip one comment starting at '('. Returns 0, or -1 when it is not
 * closed or nests too deeply. */
static int skip_comment(cursor *c)
{
	int depth = 0;

	for (; c->p < c->end; c->p++) {
		if (*c->p == '\\') {
			if (++c->p == c->end)
				return -1;
		} else if (*c->p == '(') {
			if (++depth > COMMENT_DEPTH_MAX)
				return -1;
		} else if (*c->p == ')' && --depth == 0) {
			c->p++;
			return 0;
		}
	}
	return -1;
}

/* Skip CFWS (RFC 5322 s3.2.2). Returns 0, or -1 on a broken comment. */
static int skip_cfws(cursor *c)
{
	while (c->p < c->end) {
		if (is_fws(*c->p))
			c->p++;
		else if (*c->p == '(') {
			if (skip_comment(c) != 0)
				return -1;
		} else
			break;
	}
	return 0;
}

/* Return 1 for a byte allowed in an RFC 2045 token. Bytes above 127 are
 * allowed: RFC 8601 admits UTF-8 (RFC 6532) in values. */
static int token_char(unsigned char ch)
{
	return ch > ' ' && ch != 0x7f && strchr("()<>@,;:\\\"/[]?=", ch) == NULL;
}

/* Append ch to out if room remains. Returns 0, or -1 when full. */
static int put(char *out, size_t outlen, size_t *n, char ch)
{
	if (*n + 1 >= outlen)
		return -1;
	out[(*n)++] = ch;
	return 0;
}

/* Read a quoted-string starting at '"', unescaping quoted-pairs and
 * keeping folding whitespace as is. Returns its length, or -1. */
static long read_quoted(cursor *c, char *out, size_t outlen)
{
	size_t n = 0;

	for (c->p++; c->p < c->end; c->p++) {
		char ch = *c->p;
		if (ch == '"') {
			c->p++;
			return (long)n;
		}
		if (ch == '\\' && ++c->p == c->end)
			return -1;
		if (put(out, outlen, &n, *c->p) != 0)
			return -1;
	}
	return -1; /* not closed */
}

static long read_token(cursor *c, char *out, size_t outlen)
{
	size_t n = 0;

	for (; c->p < c->end && token_char((unsigned char)*c->p); c->p++)
		if (put(out, outlen, &n, *c->p) != 0)
			return -1;
	return (long)n;
}

int ar_authserv_id(const char *value, size_t len, char *out, size_t outlen)
{
	cursor c = { value, value + len };
	long n;

	if (value == NULL || out == NULL || outlen == 0 || skip_cfws(&c) != 0 || c.p == c.end)
		return 0;
	n = *c.p == '"' ? read_quoted(&c, out, outlen) : read_token(&c, out, outlen);
	if (n <= 0)
		return 0;
	out[n] = '\0';
	/* A NUL inside the id would make it compare as a shorter one. */
	return memchr(out, '\0', (size_t)n) == NULL;
}

int ar_claims_id(const char *value, size_t len, const char *authserv_id)
{
	char id[AR_AUTHSERV_MAX];

	if (authserv_id == NULL || !ar_authserv_id(value, len, id, sizeof id))
		return 0;
	return strcasecmp(id, authserv_id) == 0;
}
