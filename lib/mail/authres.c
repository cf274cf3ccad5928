/* SPDX-License-Identifier: MIT */
/* authres.c: reads Authentication-Results fields (RFC 8601 s2.2): the
 * authserv-id and its version, then the results split at top-level ';',
 * each "method=result" with its reason, properties and comments. The
 * vendors' real variants are accepted: Microsoft 365's layout with results
 * before a bare-domain authserv-id, keys without a ptype (action=, x-bits=,
 * or the next method after a missing ';'). Also the milter's authserv-id
 * comparison, with U-labels compared as A-labels (IDNA2008, libidn2). */
#include <idn2.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "mail/authres.h"

typedef struct cursor {
	const char *p;
	const char *end;
} cursor;

/* What one result segment turned out to be. */
typedef enum seg_kind { SEG_EMPTY, SEG_NONE, SEG_BARE, SEG_RESULT, SEG_ERROR } seg_kind;

/* A result being built, with the capacities of its arrays. */
typedef struct result_build {
	fcrdns_ar_result r;
	size_t prop_cap, comment_cap;
} result_build;

typedef struct parser {
	arena *a;
	fcrdns_authres *out;
	size_t result_cap;
	int saw_none;
	fcrdns_field_error error;
} parser;

static int fail(parser *ps, fcrdns_field_error e)
{
	ps->error = e;
	return -1;
}

static int is_wsp(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Return 1 for a byte of an RFC 2045 token; '.' only when dots is set
 * (it separates ptype and property). Bytes above 127 are allowed: RFC
 * 8601 admits UTF-8 (RFC 6532). */
static int token_char(unsigned char ch, int dots)
{
	if (ch <= ' ' || ch == 0x7f || (ch == '.' && !dots))
		return 0;
	return strchr("()<>@,;:\\\"/[]?=", ch) == NULL;
}

static void ascii_lower(fcrdns_bytes w)
{
	char *s = (char *)w.data; /* arena memory we own */

	for (size_t i = 0; i < w.len; i++)
		if (s[i] >= 'A' && s[i] <= 'Z')
			s[i] = (char)(s[i] - 'A' + 'a');
}

/* Return the end of the quoted-string opening at p, or NULL when it is
 * not closed before end. */
static const char *quoted_end(const char *p, const char *end)
{
	for (p++; p < end; p++) {
		if (*p == '\\') {
			if (++p == end)
				return NULL;
		} else if (*p == '"') {
			return p + 1;
		}
	}
	return NULL;
}

/* Return the end of the comment opening at p (nested comments included),
 * or NULL with *err set when it is not closed or nests too deeply. */
static const char *comment_end(const char *p, const char *end, fcrdns_field_error *err)
{
	int depth = 0;

	for (; p < end; p++) {
		if (*p == '\\') {
			if (++p == end)
				break;
		} else if (*p == '(') {
			if (++depth > AR_COMMENT_DEPTH_MAX) {
				*err = FCRDNS_FIELD_NESTING;
				return NULL;
			}
		} else if (*p == ')' && --depth == 0) {
			return p + 1;
		}
	}
	*err = FCRDNS_FIELD_COMMENT;
	return NULL;
}

/* Cut the next segment off c: up to the next ';' outside comments and
 * quoted-strings, or the end. Leaves c->p at that ';' or the end.
 * Returns 0, or -1 on an unterminated comment or quoted-string. */
static int next_segment(parser *ps, cursor *c, cursor *seg)
{
	const char *p = c->p;

	while (p < c->end && *p != ';') {
		if (*p == '"') {
			if ((p = quoted_end(p, c->end)) == NULL)
				return fail(ps, FCRDNS_FIELD_QUOTE);
		} else if (*p == '(') {
			if ((p = comment_end(p, c->end, &ps->error)) == NULL)
				return -1;
		} else {
			p++;
		}
	}
	*seg = (cursor){ c->p, p };
	c->p = p;
	return 0;
}

/* Copy the inside of a comment (n bytes at s): quoted-pairs become their
 * character, runs of white space one space, none at either end. */
static fcrdns_bytes fold_comment(arena *a, const char *s, size_t n)
{
	char *out = arena_alloc(a, n + 1);
	size_t len = 0;
	int space = 0;

	if (out == NULL)
		return (fcrdns_bytes){ NULL, 0 };
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		if (ch == '\\' && i + 1 < n) {
			ch = s[++i];
		} else if (is_wsp(ch)) {
			space = len > 0;
			continue;
		}
		if (space)
			out[len++] = ' ';
		space = 0;
		out[len++] = ch;
	}
	return (fcrdns_bytes){ out, len };
}

/* Copy a quoted-string's inside (n bytes at s) without its quoted-pair
 * backslashes. */
static fcrdns_bytes unquote(arena *a, const char *s, size_t n)
{
	char *out = arena_alloc(a, n + 1);
	size_t len = 0;

	if (out == NULL)
		return (fcrdns_bytes){ NULL, 0 };
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n)
			i++;
		out[len++] = s[i];
	}
	return (fcrdns_bytes){ out, len };
}

static int add_comment(parser *ps, result_build *b, const char *s, size_t n)
{
	fcrdns_bytes *slot = arena_push(ps->a, (void **)&b->r.comments, &b->r.ncomments,
					&b->comment_cap, sizeof *slot);

	if (slot == NULL)
		return -1;
	*slot = fold_comment(ps->a, s, n);
	return slot->data == NULL ? -1 : 0;
}

/* Skip white space and comments (RFC 5322 CFWS) at c, adding each comment
 * to sink (NULL: drop them). Returns 0, or -1 on a broken comment or no
 * memory. */
static int skip_cfws(parser *ps, cursor *c, result_build *sink)
{
	while (c->p < c->end) {
		if (is_wsp(*c->p)) {
			c->p++;
			continue;
		}
		if (*c->p != '(')
			return 0;
		const char *stop = comment_end(c->p, c->end, &ps->error);
		if (stop == NULL)
			return -1;
		if (sink != NULL && add_comment(ps, sink, c->p + 1, (size_t)(stop - c->p) - 2) != 0)
			return -1;
		c->p = stop;
	}
	return 0;
}

static int read_quoted(parser *ps, cursor *c, fcrdns_bytes *w)
{
	const char *stop = quoted_end(c->p, c->end);

	if (stop == NULL)
		return fail(ps, FCRDNS_FIELD_QUOTE);
	*w = unquote(ps->a, c->p + 1, (size_t)(stop - c->p) - 2);
	c->p = stop;
	return w->data == NULL ? -1 : 0;
}

/* Read a token (with '.' when dots is set) or a quoted-string at c into
 * *w, unquoted; *w is absent when neither starts there. Returns 0, or -1
 * on an unclosed quoted-string or no memory. */
static int read_word(parser *ps, cursor *c, int dots, fcrdns_bytes *w)
{
	const char *s = c->p;

	*w = (fcrdns_bytes){ NULL, 0 };
	if (s < c->end && *s == '"')
		return read_quoted(ps, c, w);
	while (c->p < c->end && token_char((unsigned char)*c->p, dots))
		c->p++;
	if (c->p == s)
		return 0;
	*w = arena_copy(ps->a, s, (size_t)(c->p - s));
	return w->data == NULL ? -1 : 0;
}

/* Read a property value: a quoted-string, or every byte up to white
 * space or a comment (values hold '/', '@', ':', '=': header.b=ab/c=,
 * smtp.mailfrom=a@b, policy.iprev=2001:db8::1). May be empty. */
static int read_value(parser *ps, cursor *c, fcrdns_bytes *w)
{
	const char *s = c->p;

	if (s < c->end && *s == '"')
		return read_quoted(ps, c, w);
	while (c->p < c->end && !is_wsp(*c->p) && *c->p != '(')
		c->p++;
	*w = arena_copy(ps->a, s, (size_t)(c->p - s));
	return w->data == NULL ? -1 : 0;
}

/* Read "ptype [CFWS] . [CFWS] property" or a lone key into *key,
 * lowercase, leaving c after the CFWS that follows it. */
static int read_key(parser *ps, cursor *c, result_build *b, fcrdns_bytes *key)
{
	fcrdns_bytes ptype, property;
	char *joined;

	if (read_word(ps, c, 0, &ptype) != 0)
		return -1;
	if (ptype.data == NULL || ptype.len == 0)
		return fail(ps, FCRDNS_FIELD_PROPERTY);
	if (skip_cfws(ps, c, b) != 0)
		return -1;
	*key = ptype;
	if (c->p < c->end && *c->p == '.') {
		c->p++;
		if (skip_cfws(ps, c, b) != 0 || read_word(ps, c, 0, &property) != 0)
			return -1;
		if (property.data == NULL || property.len == 0)
			return fail(ps, FCRDNS_FIELD_PROPERTY);
		if (skip_cfws(ps, c, b) != 0 || (joined = arena_alloc(ps->a, ptype.len + property.len + 2)) == NULL)
			return -1;
		memcpy(joined, ptype.data, ptype.len);
		joined[ptype.len] = '.';
		memcpy(joined + ptype.len + 1, property.data, property.len);
		*key = (fcrdns_bytes){ joined, ptype.len + 1 + property.len };
	}
	ascii_lower(*key);
	return 0;
}

static int same(fcrdns_bytes a, fcrdns_bytes b)
{
	return a.len == b.len && memcmp(a.data, b.data, a.len) == 0;
}

/* Keep key=value: the first reason= as the reason, others as properties
 * where a repeated key keeps its place and takes the last value. */
static int set_property(parser *ps, result_build *b, fcrdns_bytes key, fcrdns_bytes value)
{
	static const fcrdns_bytes reason = { "reason", 6 };
	fcrdns_ar_property *p;

	if (same(key, reason)) {
		if (b->r.reason.data == NULL)
			b->r.reason = value;
		return 0;
	}
	for (size_t i = 0; i < b->r.nproperties; i++)
		if (same(b->r.properties[i].key, key)) {
			b->r.properties[i].value = value;
			return 0;
		}
	if (b->r.nproperties == FCRDNS_AR_PROPERTIES_MAX)
		return fail(ps, FCRDNS_FIELD_TOO_MANY);
	p = arena_push(ps->a, (void **)&b->r.properties, &b->r.nproperties, &b->prop_cap, sizeof *p);
	if (p == NULL)
		return -1;
	*p = (fcrdns_ar_property){ key, value };
	return 0;
}

static int read_properties(parser *ps, cursor *c, result_build *b)
{
	for (;;) {
		fcrdns_bytes key, value;
		if (skip_cfws(ps, c, b) != 0)
			return -1;
		if (c->p == c->end)
			return 0;
		if (read_key(ps, c, b, &key) != 0)
			return -1;
		if (c->p == c->end || *c->p != '=')
			return fail(ps, FCRDNS_FIELD_PROPERTY);
		c->p++;
		if (skip_cfws(ps, c, b) != 0 || read_value(ps, c, &value) != 0 ||
		    set_property(ps, b, key, value) != 0)
			return -1;
	}
}

/* Read "method [CFWS / CFWS version]" into b (the version is dropped),
 * leaving c after the CFWS that follows. */
static int read_method(parser *ps, cursor *c, result_build *b)
{
	const char *digits;

	if (read_word(ps, c, 0, &b->r.method) != 0)
		return -1;
	if (b->r.method.data == NULL || b->r.method.len == 0)
		return fail(ps, FCRDNS_FIELD_METHOD);
	ascii_lower(b->r.method);
	if (skip_cfws(ps, c, b) != 0)
		return -1;
	if (c->p == c->end || *c->p != '/')
		return 0;
	c->p++;
	if (skip_cfws(ps, c, b) != 0)
		return -1;
	for (digits = c->p; c->p < c->end && *c->p >= '0' && *c->p <= '9'; c->p++)
		;
	if (c->p == digits)
		return fail(ps, FCRDNS_FIELD_METHOD_VERSION);
	return skip_cfws(ps, c, b);
}

/* Return 1 when segment c is one word holding a dot with nothing after it
 * but comments: a bare domain (Microsoft 365's authserv-id). */
static int bare_domain(parser *ps, cursor c, fcrdns_bytes *w)
{
	int bare = read_word(ps, &c, 1, w) == 0 && w->data != NULL && w->len > 0 &&
		   memchr(w->data, '.', w->len) != NULL && skip_cfws(ps, &c, NULL) == 0 &&
		   c.p == c.end;

	ps->error = FCRDNS_FIELD_NONE; /* the full parse reports any error */
	return bare;
}

static seg_kind parse_segment(parser *ps, cursor c, result_build *b, fcrdns_bytes *bare)
{
	static const fcrdns_bytes none = { "none", 4 };

	if (skip_cfws(ps, &c, b) != 0)
		return SEG_ERROR;
	if (c.p == c.end)
		return SEG_EMPTY;
	if (bare_domain(ps, c, bare))
		return SEG_BARE;
	if (read_method(ps, &c, b) != 0)
		return SEG_ERROR;
	if (c.p == c.end && same(b->r.method, none))
		return SEG_NONE;
	if (c.p == c.end || *c.p != '=') {
		/* "header.from=x" alone: a property with no method before it */
		fail(ps, c.p < c.end && *c.p == '.' ? FCRDNS_FIELD_NOT_RESULT : FCRDNS_FIELD_METHOD);
		return SEG_ERROR;
	}
	c.p++;
	if (skip_cfws(ps, &c, b) != 0 || read_word(ps, &c, 0, &b->r.result) != 0)
		return SEG_ERROR;
	if (b->r.result.data == NULL || b->r.result.len == 0) {
		fail(ps, FCRDNS_FIELD_RESULT);
		return SEG_ERROR;
	}
	ascii_lower(b->r.result);
	return read_properties(ps, &c, b) == 0 ? SEG_RESULT : SEG_ERROR;
}

/* Parse one result segment and keep what it holds. results_first: the
 * field has Microsoft 365's layout, so the first bare domain is the
 * authserv-id; any other bare domain is skipped. */
static int add_segment(parser *ps, cursor seg, int results_first)
{
	result_build b = { 0 };
	fcrdns_bytes bare;
	fcrdns_ar_result *slot;

	switch (parse_segment(ps, seg, &b, &bare)) {
	case SEG_ERROR:
		return -1;
	case SEG_NONE:
		ps->saw_none = 1;
		return 0;
	case SEG_BARE:
		if (results_first && ps->out->authserv_id.data == NULL)
			ps->out->authserv_id = bare;
		return 0;
	case SEG_EMPTY:
		return 0;
	case SEG_RESULT:
		break;
	}
	slot = arena_push(ps->a, (void **)&ps->out->results, &ps->out->nresults, &ps->result_cap,
			  sizeof *slot);
	if (slot == NULL)
		return -1;
	*slot = b.r;
	return 0;
}

/* Read "[CFWS] 1*DIGIT [CFWS]" to the end of c, if anything is left. */
static int read_version(parser *ps, cursor *c)
{
	const char *digits = c->p;
	long v = 0;

	if (c->p == c->end)
		return 0;
	while (c->p < c->end && *c->p >= '0' && *c->p <= '9' && c->p - digits < 9)
		v = v * 10 + (*c->p++ - '0');
	if (c->p == digits || skip_cfws(ps, c, NULL) != 0 || c->p != c->end)
		return ps->error ? -1 : fail(ps, FCRDNS_FIELD_VERSION);
	ps->out->version = v;
	return 0;
}

/* Read the first segment: "[CFWS] authserv-id [CFWS [version]]", its
 * comments dropped. Returns 0, 1 when it is a result instead (Microsoft
 * 365's layout), or -1. */
static int read_authserv(parser *ps, cursor c)
{
	fcrdns_bytes id;

	if (skip_cfws(ps, &c, NULL) != 0 || read_word(ps, &c, 1, &id) != 0)
		return -1;
	if (id.data == NULL || id.len == 0)
		return fail(ps, FCRDNS_FIELD_AUTHSERV_ID);
	if (skip_cfws(ps, &c, NULL) != 0)
		return -1;
	if (c.p < c.end && (*c.p == '=' || *c.p == '/'))
		return 1;
	ps->out->authserv_id = id;
	return read_version(ps, &c);
}

static int parse_field(parser *ps, cursor *c)
{
	cursor seg;
	int results_first;

	if (next_segment(ps, c, &seg) != 0 || (results_first = read_authserv(ps, seg)) < 0)
		return -1;
	if (results_first && add_segment(ps, seg, 1) != 0)
		return -1;
	while (c->p < c->end) {
		c->p++; /* the ';' */
		if (next_segment(ps, c, &seg) != 0 || add_segment(ps, seg, results_first) != 0)
			return -1;
	}
	if (ps->out->authserv_id.data == NULL)
		return fail(ps, FCRDNS_FIELD_AUTHSERV_ID);
	ps->out->none = ps->saw_none && ps->out->nresults == 0;
	return 0;
}

int authres_parse(arena *a, const char *value, size_t len, fcrdns_authres *out)
{
	parser ps = { .a = a, .out = out };
	cursor c = { value, value + len };

	memset(out, 0, sizeof *out);
	out->version = -1;
	out->raw = arena_copy(a, value, len);
	out->raw_len = len;
	if (out->raw.data != NULL)
		parse_field(&ps, &c);
	out->error = ps.error;
	return a->failed ? -1 : 0;
}

int ar_authserv_id(const char *value, size_t len, char *out, size_t outlen)
{
	arena a = { 0 };
	fcrdns_authres ar;
	int found = 0;

	if (value == NULL || out == NULL || outlen == 0)
		return 0;
	if (authres_parse(&a, value, len, &ar) == 0 && ar.authserv_id.data != NULL) {
		fcrdns_bytes id = ar.authserv_id;
		/* A NUL inside the id would make it compare as a shorter one. */
		if (id.len > 0 && id.len < outlen && memchr(id.data, '\0', id.len) == NULL) {
			memcpy(out, id.data, id.len + 1);
			found = 1;
		}
	}
	arena_free(&a);
	return found;
}

static int is_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return 0;
	return 1;
}

int ar_id_to_ascii(const char *id, char *out, size_t outlen)
{
	char *alabel = NULL;
	size_t n;
	int st = -1;

	if (is_ascii(id)) {
		n = strlen(id);
		if (n >= outlen)
			return -1;
		memcpy(out, id, n + 1);
		return 0;
	}
	if (idn2_lookup_u8((const uint8_t *)id, (uint8_t **)&alabel,
			   IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL) != IDN2_OK)
		return -1;
	if ((n = strlen(alabel)) < outlen) {
		memcpy(out, alabel, n + 1);
		st = 0;
	}
	idn2_free(alabel);
	return st;
}

int ar_id_equal(const char *a, const char *b)
{
	char a_ascii[AR_AUTHSERV_MAX], b_ascii[AR_AUTHSERV_MAX];

	if (strcasecmp(a, b) == 0)
		return 1;
	if (is_ascii(a) && is_ascii(b))
		return 0;
	return ar_id_to_ascii(a, a_ascii, sizeof a_ascii) == 0 &&
	       ar_id_to_ascii(b, b_ascii, sizeof b_ascii) == 0 && strcasecmp(a_ascii, b_ascii) == 0;
}

int ar_claims_id(const char *value, size_t len, const char *authserv_id)
{
	char id[AR_AUTHSERV_MAX];

	if (authserv_id == NULL || !ar_authserv_id(value, len, id, sizeof id))
		return 0;
	return ar_id_equal(id, authserv_id);
}
