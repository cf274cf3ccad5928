/* SPDX-License-Identifier: MIT */
/* result.c: the fcrdns_result object: building it (PTR list normalisation,
 * problems), copying and freeing it, and its RFC 8601 resinfo text. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/internal.h"

#define AUTHRES_COMMENT_MAX 200 /* keep the header line short */

fcrdns_result *result_new(const fcrdns_addr *addr)
{
	fcrdns_result *r = calloc(1, sizeof *r);

	if (r == NULL)
		return NULL;
	r->addr = *addr;
	fcrdns_addr_format(addr, r->ip);
	fcrdns_addr_reverse_name(addr, r->reverse_name);
	r->iprev = FCRDNS_IPREV_TEMPERROR;
	/* Until the PTR answer comes, a deadline reads it as no answer. */
	r->ptr_outcome = FCRDNS_LOOKUP_TIMEOUT;
	return r;
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *lowercase_dup(const char *s)
{
	char *d = strdup(s);

	for (char *p = d; p && *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return d;
}

static void free_names(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

int result_set_ptr(fcrdns_result *r, char *const *names, size_t n)
{
	char **all = calloc(n + 1, sizeof *all);
	size_t kept = 0, unique = 0;

	if (all == NULL)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (names[i][0] == '\0')
			continue;
		if ((all[kept++] = lowercase_dup(names[i])) == NULL) {
			free_names(all, kept);
			return -1;
		}
	}
	qsort(all, kept, sizeof *all, compare_names);
	for (size_t i = 0; i < kept; i++) {
		if (unique > 0 && strcmp(all[unique - 1], all[i]) == 0)
			free(all[i]);
		else
			all[unique++] = all[i];
	}
	r->nptr = unique < FCRDNS_MAX_PTR_KEPT ? unique : FCRDNS_MAX_PTR_KEPT;
	r->ptr_dropped = unique - r->nptr;
	for (size_t i = r->nptr; i < unique; i++)
		free(all[i]);
	r->ptr = all;
	r->nchecks = r->nptr < FCRDNS_MAX_FORWARD_CHECKED ? r->nptr : FCRDNS_MAX_FORWARD_CHECKED;
	if (r->nchecks > 0 && (r->checks = calloc(r->nchecks, sizeof *r->checks)) == NULL) {
		r->nchecks = 0;
		return -1;
	}
	for (size_t i = 0; i < r->nchecks; i++) {
		r->checks[i].name = r->ptr[i];
		r->checks[i].outcome = FCRDNS_LOOKUP_SKIPPED;
	}
	return 0;
}

char *safe_vformat(const char *fmt, va_list ap)
{
	char text[SAFE_TEXT_MAX];
	fcrdns_buf safe = { 0 };

	vsnprintf(text, sizeof text, fmt, ap);
	fcrdns_text_safe(&safe, text, strlen(text));
	if (safe.failed || safe.data == NULL) {
		fcrdns_buf_free(&safe);
		return NULL;
	}
	return safe.data;
}

int result_add_problem(fcrdns_result *r, fcrdns_problem_code code, const char *fmt, ...)
{
	fcrdns_problem *p = realloc(r->problems, (r->nproblems + 1) * sizeof *p);
	va_list ap;

	if (p == NULL)
		return -1;
	r->problems = p;
	va_start(ap, fmt);
	p[r->nproblems].message = safe_vformat(fmt, ap);
	va_end(ap);
	if (p[r->nproblems].message == NULL)
		return -1;
	p[r->nproblems++].code = code;
	return 0;
}

void fcrdns_result_free(fcrdns_result *r)
{
	if (r == NULL)
		return;
	free_names(r->ptr, r->nptr);
	for (size_t i = 0; i < r->nchecks; i++)
		free((char *)r->checks[i].cname);
	free(r->checks);
	for (size_t i = 0; i < r->nproblems; i++)
		free(r->problems[i].message);
	free(r->problems);
	free((char *)r->ptr_cname);
	free_names(r->fix_steps, r->nfix_steps);
	free(r->helo_name);
	free((char *)r->helo_check.cname);
	free(r->expect);
	free((char *)r->expect_check.cname);
	free(r);
}

static char *dup_or_null(const char *s, int *failed)
{
	char *d;

	if (s == NULL)
		return NULL;
	if ((d = strdup(s)) == NULL)
		*failed = 1;
	return d;
}

fcrdns_result *fcrdns_result_dup(const fcrdns_result *src)
{
	fcrdns_result *r = calloc(1, sizeof *r);
	int failed = 0;

	if (r == NULL)
		return NULL;
	*r = *src;
	r->ptr = NULL, r->checks = NULL, r->problems = NULL, r->fix_steps = NULL;
	r->nptr = r->nchecks = r->nproblems = r->nfix_steps = 0;
	r->confirmed = NULL;
	r->ptr_cname = dup_or_null(src->ptr_cname, &failed);
	r->helo_name = dup_or_null(src->helo_name, &failed);
	r->helo_check.cname = dup_or_null(src->helo_check.cname, &failed);
	r->helo_check.name = r->helo_name;
	r->expect = dup_or_null(src->expect, &failed);
	r->expect_check.cname = dup_or_null(src->expect_check.cname, &failed);
	r->expect_check.name = r->expect;
	if ((r->fix_steps = calloc(src->nfix_steps + 1, sizeof *r->fix_steps)) == NULL)
		goto fail;
	for (; r->nfix_steps < src->nfix_steps; r->nfix_steps++)
		if ((r->fix_steps[r->nfix_steps] = strdup(src->fix_steps[r->nfix_steps])) == NULL)
			goto fail;
	if ((r->ptr = calloc(src->nptr + 1, sizeof *r->ptr)) == NULL)
		goto fail;
	for (; r->nptr < src->nptr; r->nptr++)
		if ((r->ptr[r->nptr] = strdup(src->ptr[r->nptr])) == NULL)
			goto fail;
	if (src->nchecks && (r->checks = calloc(src->nchecks, sizeof *r->checks)) == NULL)
		goto fail;
	for (; r->nchecks < src->nchecks; r->nchecks++) {
		fcrdns_name_check *c = &r->checks[r->nchecks];
		*c = src->checks[r->nchecks];
		c->name = r->ptr[r->nchecks]; /* checks[i] is ptr[i]'s check */
		c->cname = dup_or_null(c->cname, &failed);
		if (src->confirmed == src->checks[r->nchecks].name)
			r->confirmed = c->name;
	}
	if (src->nproblems && (r->problems = calloc(src->nproblems, sizeof *r->problems)) == NULL)
		goto fail;
	for (; r->nproblems < src->nproblems; r->nproblems++) {
		r->problems[r->nproblems].code = src->problems[r->nproblems].code;
		r->problems[r->nproblems].message =
			dup_or_null(src->problems[r->nproblems].message, &failed);
	}
	if (!failed)
		return r;
fail:
	fcrdns_result_free(r);
	return NULL;
}

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
