/* SPDX-License-Identifier: MIT */
/* tally.c: counts of decided checks in atomic counters, so that a milter's
 * threads add to one tally without a lock: verdicts, problem codes,
 * generic names, and a cumulative histogram of check times. */
#include <limits.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "fcrdns.h"

static const unsigned bounds[FCRDNS_TALLY_BUCKETS] = {
	1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 5000, UINT_MAX,
};

struct fcrdns_tally {
	atomic_uint_fast64_t checks;
	atomic_uint_fast64_t iprev[4];
	atomic_uint_fast64_t problems[FCRDNS_PROBLEM_CODES];
	atomic_uint_fast64_t generic;
	atomic_uint_fast64_t buckets[FCRDNS_TALLY_BUCKETS]; /* not cumulative */
	atomic_uint_fast64_t ms_sum;
};

fcrdns_tally *fcrdns_tally_new(void)
{
	fcrdns_tally *t = malloc(sizeof *t);

	if (t == NULL)
		return NULL;
	atomic_init(&t->checks, 0);
	for (size_t i = 0; i < 4; i++)
		atomic_init(&t->iprev[i], 0);
	for (size_t i = 0; i < FCRDNS_PROBLEM_CODES; i++)
		atomic_init(&t->problems[i], 0);
	atomic_init(&t->generic, 0);
	for (size_t i = 0; i < FCRDNS_TALLY_BUCKETS; i++)
		atomic_init(&t->buckets[i], 0);
	atomic_init(&t->ms_sum, 0);
	return t;
}

void fcrdns_tally_free(fcrdns_tally *t)
{
	free(t);
}

static void bump(atomic_uint_fast64_t *c, uint64_t n)
{
	atomic_fetch_add_explicit(c, n, memory_order_relaxed);
}

void fcrdns_tally_add(fcrdns_tally *t, const fcrdns_result *r)
{
	size_t b = 0;

	bump(&t->checks, 1);
	if ((unsigned)r->iprev < 4)
		bump(&t->iprev[r->iprev], 1);
	for (size_t i = 0; i < r->nproblems; i++)
		if ((unsigned)r->problems[i].code < FCRDNS_PROBLEM_CODES)
			bump(&t->problems[r->problems[i].code], 1);
	if (r->generic)
		bump(&t->generic, 1);
	while (r->elapsed_ms > bounds[b])
		b++;
	bump(&t->buckets[b], 1);
	bump(&t->ms_sum, r->elapsed_ms);
}

static uint64_t load(const atomic_uint_fast64_t *c)
{
	return atomic_load_explicit(c, memory_order_relaxed);
}

void fcrdns_tally_read(const fcrdns_tally *t, fcrdns_tally_counts *out, size_t size)
{
	fcrdns_tally_counts c;
	uint64_t running = 0;

	memset(&c, 0, sizeof c);
	c.checks = load(&t->checks);
	for (size_t i = 0; i < 4; i++)
		c.iprev[i] = load(&t->iprev[i]);
	for (size_t i = 0; i < FCRDNS_PROBLEM_CODES; i++)
		c.problems[i] = load(&t->problems[i]);
	c.generic = load(&t->generic);
	for (size_t i = 0; i < FCRDNS_TALLY_BUCKETS; i++)
		c.time_buckets[i] = running += load(&t->buckets[i]);
	c.time_ms_sum = load(&t->ms_sum);
	memcpy(out, &c, size < sizeof c ? size : sizeof c);
}

const unsigned *fcrdns_tally_bounds(size_t *n)
{
	*n = FCRDNS_TALLY_BUCKETS;
	return bounds;
}
