/* SPDX-License-Identifier: MIT */
/* resinfo.c: the RFC 8601 resinfo of a check, "iprev=RESULT
 * policy.iprev=IP (comment)", written without the authserv-id for
 * Authentication-Results headers and JSON. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "fcrdns.h"

#define AUTHRES_COMMENT_MAX 200 /* keep the header line short */

/* A bounded writer into a caller's array: keeps what fits, always
 * NUL-terminated, and counts every byte asked for. */
typedef struct sink {
	char *buf;
	size_t size;
	size_t len;
} sink;

static void sink_add(sink *s, const char *text, size_t n)
{
	if (s->size > 0 && s->len < s->size - 1) {
		size_t room = s->size - 1 - s->len;
		memcpy(s->buf + s->len, text, n < room ? n : room);
	}
	s->len += n;
	if (s->size > 0)
		s->buf[s->len < s->size - 1 ? s->len : s->size - 1] = '\0';
}

static void sink_puts(sink *s, const char *text)
{
	sink_add(s, text, strlen(text));
}

/* Append name, keeping only characters that are safe inside an RFC 5322
 * comment and on a terminal. */
static void comment_name(sink *s, const char *name)
{
	char safe[256];
	size_t n = 0;

	for (const char *p = name; *p; p++) {
		unsigned char c = (unsigned char)*p;
		safe[n++] = (isalnum(c) || c == '.' || c == '-' || c == '_') ? (char)c : '?';
		if (n == sizeof safe) {
			sink_add(s, safe, n);
			n = 0;
		}
	}
	sink_add(s, safe, n);
}

static void authres_comment(sink *s, const fcrdns_result *r)
{
	const fcrdns_name_check *transient = NULL;
	char more[48];

	for (size_t i = 0; i < r->nchecks && !transient; i++)
		if (fcrdns_lookup_is_transient(r->checks[i].outcome))
			transient = &r->checks[i];
	switch (r->iprev) {
	case FCRDNS_IPREV_PASS:
		comment_name(s, r->confirmed ? r->confirmed : "");
		return;
	case FCRDNS_IPREV_PERMERROR:
		sink_puts(s, "no PTR record");
		return;
	case FCRDNS_IPREV_FAIL:
		sink_puts(s, "no forward match for ");
		comment_name(s, r->nptr ? r->ptr[0] : "");
		if (r->nptr > 1) {
			snprintf(more, sizeof more, " and %zu more", r->nptr + r->ptr_dropped - 1);
			sink_puts(s, more);
		}
		return;
	case FCRDNS_IPREV_TEMPERROR:
		if (transient == NULL || fcrdns_lookup_is_transient(r->ptr_outcome)) {
			sink_puts(s, "PTR lookup ");
			sink_puts(s, fcrdns_lookup_name(r->ptr_outcome));
			return;
		}
		sink_puts(s, "forward lookup ");
		sink_puts(s, fcrdns_lookup_name(transient->outcome));
		sink_puts(s, " for ");
		comment_name(s, transient->name);
		return;
	}
}

int fcrdns_authserv_id_valid(const char *s)
{
	size_t len = strnlen(s, FCRDNS_AUTHSERV_ID_MAX + 1);

	if (len == 0 || len > FCRDNS_AUTHSERV_ID_MAX)
		return 0;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '.' && *s != '-' && *s != '_')
			return 0;
	return 1;
}

size_t fcrdns_authres_format(const fcrdns_result *r, char *buf, size_t len)
{
	char text[AUTHRES_COMMENT_MAX + 1];
	sink comment = { text, sizeof text, 0 }, out = { buf, len, 0 };

	authres_comment(&comment, r);
	/* Mark a cut, so a shortened name is not read as another. */
	if (comment.len > AUTHRES_COMMENT_MAX)
		memcpy(text + AUTHRES_COMMENT_MAX - 3, "...", 4);
	sink_puts(&out, "iprev=");
	sink_puts(&out, fcrdns_iprev_name(r->iprev));
	sink_puts(&out, " policy.iprev=");
	sink_puts(&out, r->ip);
	sink_puts(&out, " (");
	sink_puts(&out, text);
	sink_puts(&out, ")");
	return out.len;
}
