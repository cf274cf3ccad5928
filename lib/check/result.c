/* SPDX-License-Identifier: MIT */
/* result.c: the fcrdns_result object: building it (PTR list normalisation,
 * problems and fix steps as facts), copying and freeing it. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/internal.h"

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

int result_add_problem(fcrdns_result *r, fcrdns_problem_code code, const char *name,
		       size_t check, fcrdns_lookup outcome)
{
	fcrdns_problem *p = realloc(r->problems, (r->nproblems + 1) * sizeof *p);

	if (p == NULL)
		return -1;
	r->problems = p;
	p[r->nproblems++] = (fcrdns_problem){
		.code = code, .name = name, .check = check, .outcome = outcome,
		.count = r->nptr + r->ptr_dropped,
	};
	return 0;
}

fcrdns_fix_step *result_add_step(fcrdns_result *r, fcrdns_step_kind kind, const char *name,
				 const char *zone)
{
	fcrdns_fix_step *steps = realloc(r->fix_steps, (r->nfix_steps + 1) * sizeof *steps);
	fcrdns_fix_step *s;

	if (steps == NULL)
		return NULL;
	r->fix_steps = steps;
	s = &steps[r->nfix_steps];
	memset(s, 0, sizeof *s);
	s->kind = kind;
	s->provider = r->provider;
	if ((s->name = strdup(name)) == NULL)
		return NULL;
	if (zone && (s->zone = strdup(zone)) == NULL) {
		free((char *)s->name);
		return NULL;
	}
	r->nfix_steps++;
	return s;
}

static void steps_free(fcrdns_fix_step *steps, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free((char *)steps[i].name);
		free((char *)steps[i].zone);
	}
	free(steps);
}

void fcrdns_result_free(fcrdns_result *r)
{
	if (r == NULL)
		return;
	free_names(r->ptr, r->nptr);
	for (size_t i = 0; i < r->nchecks; i++)
		free((char *)r->checks[i].cname);
	free(r->checks);
	free(r->problems);
	free((char *)r->ptr_cname);
	steps_free(r->fix_steps, r->nfix_steps);
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

/* Return the string of copy r that stands where s stands in src (a PTR
 * name, the HELO name or the expected name), or NULL. */
static const char *same_string_in(const fcrdns_result *r, const fcrdns_result *src, const char *s)
{
	if (s == NULL)
		return NULL;
	if (s == src->helo_name)
		return r->helo_name;
	if (s == src->expect)
		return r->expect;
	for (size_t i = 0; i < src->nptr && i < r->nptr; i++)
		if (s == src->ptr[i])
			return r->ptr[i];
	return NULL;
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
	for (; r->nfix_steps < src->nfix_steps; r->nfix_steps++) {
		fcrdns_fix_step *s = &r->fix_steps[r->nfix_steps];
		*s = src->fix_steps[r->nfix_steps];
		s->name = s->zone = NULL;
		if ((s->name = strdup(src->fix_steps[r->nfix_steps].name)) == NULL)
			goto fail;
		s->zone = dup_or_null(src->fix_steps[r->nfix_steps].zone, &failed);
	}
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
		r->problems[r->nproblems] = src->problems[r->nproblems];
		r->problems[r->nproblems].name = same_string_in(r, src, src->problems[r->nproblems].name);
	}
	if (!failed)
		return r;
fail:
	fcrdns_result_free(r);
	return NULL;
}
