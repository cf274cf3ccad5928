/* SPDX-License-Identifier: MIT */
/* test_pacing.c: the concurrency controller of the DNS engine, driven with
 * made-up time: slow start, the cut after a loss (once per round trip,
 * never below the floor), silence that is not overload, a growth that buys
 * nothing undone, an unused limit that never grows, a reply that needed a
 * second try, and the fixed mode that only recovers toward its ceiling. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>

#include <cmocka.h>

#include "dns/pacing.h"

#define MS 1000
#define RTT (20 * MS)
#define TRY_MS 2000

/* A resolver that answers every query after RTT and holds at most cap:
 * runs rounds of RTT in which min(limit, cap) replies come back. Returns
 * the time reached. */
static int64_t serve(pacing *p, int64_t now, unsigned rounds, size_t cap)
{
	for (unsigned r = 0; r < rounds; r++) {
		size_t n = pacing_limit(p) < cap ? pacing_limit(p) : cap;
		pacing_sent(p, pacing_limit(p));
		for (size_t i = 0; i < n; i++)
			pacing_reply(p, now + RTT * (int64_t)(i + 1) / (int64_t)n, RTT);
		/* rounds are at least 50 ms: the rest of this one is idle */
		now += RTT > 50 * MS ? RTT : 50 * MS;
		if (n)
			pacing_reply(p, now, RTT);
	}
	return now;
}

#define UNBOUNDED ((size_t)-1)

/* An exploring controller after rounds rounds of a resolver that answers
 * everything. Returns the time reached. */
static int64_t warmed(pacing *p, unsigned rounds)
{
	pacing_init(p, 32, 4096, 1, TRY_MS, 0);
	return serve(p, 0, rounds, UNBOUNDED);
}

static void test_slow_start(void **state)
{
	pacing p;

	(void)state;
	pacing_init(&p, 32, 4096, 1, TRY_MS, 0);
	assert_int_equal(pacing_limit(&p), 32);
	serve(&p, 0, 1, UNBOUNDED);
	assert_int_equal(pacing_limit(&p), 64);
	serve(&p, 100 * MS, 1, UNBOUNDED);
	assert_int_equal(pacing_limit(&p), 128);
}

static void test_loss_cuts_once_per_round_trip(void **state)
{
	pacing p;
	int64_t now;
	size_t before;

	(void)state;
	now = warmed(&p, 3);
	before = pacing_limit(&p);
	/* a query sent after the start and lost while others were answered */
	assert_int_equal(pacing_timeout(&p, now + 300 * MS, now - 10 * MS), 1);
	assert_true(pacing_limit(&p) < before);
	assert_true(pacing_limit(&p) >= PACING_FLOOR);
	before = pacing_limit(&p);
	/* a second loss of a query sent before that cut is the same event */
	assert_int_equal(pacing_timeout(&p, now + 301 * MS, now - 5 * MS), 1);
	assert_int_equal(pacing_limit(&p), before);
}

/* Repeated losses, one per round trip, bring the limit down to the floor
 * and no further. */
static void test_cuts_stop_at_floor(void **state)
{
	pacing p;
	int64_t now;

	(void)state;
	now = warmed(&p, 3);
	for (int i = 0; i < 30; i++) {
		now += 300 * MS;
		pacing_reply(&p, now - 1, RTT);
		assert_int_equal(pacing_timeout(&p, now, now - 100 * MS), 1);
	}
	assert_int_equal(pacing_limit(&p), PACING_FLOOR);
}

static void test_silence_is_not_overload(void **state)
{
	pacing p;
	int64_t now;
	size_t before;

	(void)state;
	now = warmed(&p, 2);
	before = pacing_limit(&p);
	/* sent after the last reply: the resolver answered nothing since */
	assert_int_equal(pacing_timeout(&p, now + 5000 * MS, now + 1 * MS), 0);
	assert_int_equal(pacing_limit(&p), before);
}

/* On loopback more in flight only queues: a growth that buys no more
 * replies is undone, and the limit settles. */
static void test_plateau_holds(void **state)
{
	pacing p;

	(void)state;
	pacing_init(&p, 32, 4096, 1, TRY_MS, 0);
	serve(&p, 0, 40, 100);
	assert_true(pacing_limit(&p) >= 100);
	assert_true(pacing_limit(&p) <= 256);
}

static void test_unused_limit_never_grows(void **state)
{
	pacing p;

	(void)state;
	pacing_init(&p, 32, 4096, 1, TRY_MS, 0);
	for (int r = 0; r < 20; r++) {
		int64_t now = (int64_t)r * 60 * MS;
		pacing_sent(&p, 4); /* the caller has only 4 to ask */
		for (int i = 1; i <= 40; i++)
			pacing_reply(&p, now + i * MS, RTT);
		pacing_reply(&p, now + 55 * MS, RTT);
	}
	assert_int_equal(pacing_limit(&p), 32);
}

/* A reply after more than one try's time means the transport asked again:
 * the first query was lost. */
static void test_slow_reply_is_loss(void **state)
{
	pacing p;
	int64_t now;
	size_t before;

	(void)state;
	now = warmed(&p, 2);
	before = pacing_limit(&p);
	pacing_reply(&p, now + 2500 * MS, 2100 * MS);
	assert_true(pacing_limit(&p) < before);
}

/* --concurrency N: never above N; after a loss it recovers toward N. */
static void test_fixed_recovers(void **state)
{
	pacing p;
	int64_t now;

	(void)state;
	pacing_init(&p, 512, 512, 0, TRY_MS, 0);
	now = serve(&p, 0, 4, UNBOUNDED);
	assert_int_equal(pacing_limit(&p), 512);
	assert_int_equal(pacing_timeout(&p, now + 300 * MS, now - 10 * MS), 1);
	assert_true(pacing_limit(&p) < 512);
	serve(&p, now + 400 * MS, 60, UNBOUNDED);
	assert_int_equal(pacing_limit(&p), 512);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_slow_start),
		cmocka_unit_test(test_loss_cuts_once_per_round_trip),
		cmocka_unit_test(test_cuts_stop_at_floor),
		cmocka_unit_test(test_silence_is_not_overload),
		cmocka_unit_test(test_plateau_holds),
		cmocka_unit_test(test_unused_limit_never_grows),
		cmocka_unit_test(test_slow_reply_is_loss),
		cmocka_unit_test(test_fixed_recovers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
