/* SPDX-License-Identifier: MIT */
/* test_pacing.c: the concurrency controller of the DNS engine, driven with
 * made-up time by a simulated resolver: the first growth, growth one per
 * reply (no burst), small rounds not judged, the knee (more in flight, fewer replies) and the
 * plateau (more in flight, no more replies) found and kept as a soft
 * ceiling that rises again in peace, losses tolerated one by one and cut
 * for in bulk (once per round trip, to the level the lost queries were
 * sent under, never below the floor), silence that is not overload,
 * replies that needed a second try, an unused limit that never grows,
 * and the fixed mode, whose soft ceiling only losses set. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>

#include <cmocka.h>

#include "dns/pacing.h"

#define MS 1000
#define RTT (50 * MS)
#define STEP (5 * MS)
#define TRY_MS 2000
#define UNBOUNDED 1e9

/* A resolver whose round trip is RTT up to knee queries in flight; beyond
 * it, it serves fewer a second the more it holds (a queue that costs it
 * work): knee / RTT * knee / inflight, or with flat set the same number (a
 * queue that costs nothing: loopback). Runs for ms of made-up time in
 * steps, keeping the limit filled. Returns the time reached. */
static int64_t serve_model(pacing *p, int64_t now, int ms, double knee, int flat)
{
	double owed = 0;

	for (int64_t end = now + (int64_t)ms * MS; now < end; now += STEP) {
		double inflight = (double)pacing_limit(p);
		double rate = inflight <= knee ? inflight / (RTT / 1e6)
					       : knee / (RTT / 1e6) * (flat ? 1 : knee / inflight);
		pacing_sent(p, pacing_limit(p));
		owed += rate * STEP / 1e6;
		for (; owed >= 1; owed -= 1)
			pacing_reply(p, now, inflight <= knee ? RTT : (int64_t)(RTT * inflight / knee));
	}
	return now;
}

static int64_t serve(pacing *p, int64_t now, int ms, double knee)
{
	return serve_model(p, now, ms, knee, 0);
}

static void test_first_growth(void **state)
{
	pacing p;

	(void)state;
	pacing_init(&p, 32, 4096, 1, TRY_MS, 0);
	assert_int_equal(pacing_limit(&p), 32);
	serve(&p, 0, 1500, UNBOUNDED);
	assert_int_equal(pacing_limit(&p), 4096);
}

/* After a round the limit moves toward its new target one reply at a
 * time: the queries sent in its place never come in a burst. */
static void test_growth_one_per_reply(void **state)
{
	pacing p;
	int64_t now;
	size_t before;

	(void)state;
	pacing_init(&p, 32, 4096, 1, TRY_MS, 0);
	now = serve(&p, 0, 200, UNBOUNDED);
	before = pacing_limit(&p);
	/* a resolver that answers everything after RTT: one reply every
	 * RTT / limit */
	for (int i = 1; i <= 5000; i++) {
		size_t last = pacing_limit(&p);
		pacing_sent(&p, last);
		now += RTT / (int64_t)last;
		pacing_reply(&p, now, RTT);
		assert_true(pacing_limit(&p) <= last + 1);
	}
	assert_true(pacing_limit(&p) > 2 * before); /* it did grow */
}

/* More than the resolver serves well costs replies: the limit comes back
 * to about the knee and stays there. */
static void test_knee_found(void **state)
{
	pacing p;

	(void)state;
	pacing_init(&p, 32, 4096, 1, TRY_MS, 0);
	serve(&p, 0, 5000, 800);
	assert_true(pacing_limit(&p) >= 500);
	assert_true(pacing_limit(&p) <= 1000);
}

/* A few hundred replies vary too much to judge by: small rounds of which
 * one in three takes 50 ms and the others 150 ms (slow answers clump)
 * stop no growth. */
static void test_small_rounds_not_judged(void **state)
{
	pacing p;
	int64_t now = 0;

	(void)state;
	pacing_init(&p, 32, 4096, 1, TRY_MS, 0);
	for (int r = 0; r < 40 && pacing_limit(&p) < 200; r++) {
		size_t n = pacing_limit(&p);
		int64_t length = (r % 3 ? 150 : 50) * MS;
		pacing_sent(&p, n);
		for (size_t i = 1; i <= n; i++)
			pacing_reply(&p, now + length * (int64_t)i / (int64_t)n, RTT);
		now += length;
	}
	assert_true(pacing_limit(&p) >= 200);
}

/* On loopback more in flight only queues: where the replies stop coming
 * faster, the limit stops growing (far below the ceiling). */
static void test_plateau_holds(void **state)
{
	pacing p;

	(void)state;
	pacing_init(&p, 32, 4096, 1, TRY_MS, 0);
	serve_model(&p, 0, 5000, 300, 1);
	assert_true(pacing_limit(&p) >= 300);
	assert_true(pacing_limit(&p) <= 750);
}

/* The soft ceiling rises again after a while in peace: a resolver that
 * got faster is followed. */
static void test_soft_ceiling_rises(void **state)
{
	pacing p;
	int64_t now;

	(void)state;
	pacing_init(&p, 32, 4096, 1, TRY_MS, 0);
	now = serve(&p, 0, 3000, 800);
	assert_true(pacing_limit(&p) <= 1000);
	serve(&p, now, 30000, 2400);
	assert_true(pacing_limit(&p) > 1500);
}

/* A --concurrency 512 controller after half a second of a resolver that
 * answers everything. Returns the time reached. */
static int64_t fixed_512(pacing *p)
{
	pacing_init(p, 512, 512, 0, TRY_MS, 0);
	return serve(p, 0, 500, UNBOUNDED);
}

/* n losses of queries sent at sent, reported at now. */
static void lose(pacing *p, int64_t now, int64_t sent, int n)
{
	for (int i = 0; i < n; i++)
		pacing_timeout(p, now, sent);
}

static void test_single_loss_tolerated(void **state)
{
	pacing p;
	int64_t now;
	size_t before;

	(void)state;
	now = fixed_512(&p);
	before = pacing_limit(&p);
	assert_int_equal(pacing_timeout(&p, now, now - 100 * MS), 1);
	assert_int_equal(pacing_limit(&p), before);
}

/* Heavy loss cuts to three quarters of the level the queries were sent
 * under; more losses of queries sent before the cut are the same event. */
static void test_loss_cuts_once(void **state)
{
	pacing p;
	int64_t now;
	size_t after;

	(void)state;
	now = fixed_512(&p);
	lose(&p, now, now - 100 * MS, 20);
	after = pacing_limit(&p);
	assert_int_equal(after, 384);
	lose(&p, now + 1, now - 50 * MS, 20);
	assert_int_equal(pacing_limit(&p), after);
}

/* The level to blame is the one the lost queries were sent under, not
 * the one when their loss shows, a whole try later. */
static void test_loss_blames_send_time(void **state)
{
	pacing p;
	int64_t now, cut_at;

	(void)state;
	now = fixed_512(&p);
	lose(&p, now, now - 100 * MS, 20);      /* 512 -> 384 */
	cut_at = now;
	now = serve(&p, now, 2000, UNBOUNDED);  /* back up, to 85% of 512 */
	assert_int_equal(pacing_limit(&p), 435);
	lose(&p, now, cut_at + 60 * MS, 20);     /* sent under 384 */
	assert_int_equal(pacing_limit(&p), 288); /* 3/4 of 384 */
}

static void test_cuts_stop_at_floor(void **state)
{
	pacing p;
	int64_t now;

	(void)state;
	now = fixed_512(&p);
	for (int i = 0; i < 40; i++) {
		now += 300 * MS;
		pacing_reply(&p, now - 1, RTT);
		lose(&p, now, now - 100 * MS, 20);
	}
	assert_int_equal(pacing_limit(&p), PACING_FLOOR);
}

static void test_silence_is_not_overload(void **state)
{
	pacing p;
	int64_t now;
	size_t before;

	(void)state;
	now = fixed_512(&p);
	before = pacing_limit(&p);
	/* sent after the last reply: the resolver answered nothing since */
	for (int i = 0; i < 20; i++)
		assert_int_equal(pacing_timeout(&p, now + 5000 * MS, now + 1 * MS), 0);
	assert_int_equal(pacing_limit(&p), before);
}

/* Replies after more than one try's time mean the transport asked again:
 * the first queries were lost. */
static void test_slow_replies_are_loss(void **state)
{
	pacing p;
	int64_t now;

	(void)state;
	now = fixed_512(&p);
	for (int i = 0; i < 20; i++)
		pacing_reply(&p, now + 2500 * MS, 2100 * MS);
	assert_true(pacing_limit(&p) < 512);
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

/* --concurrency N: never above N; after a heavy loss it recovers to 85%
 * of the level that lost, and toward N only after a while in peace. */
static void test_fixed_recovers(void **state)
{
	pacing p;
	int64_t now;

	(void)state;
	now = fixed_512(&p);
	assert_int_equal(pacing_limit(&p), 512);
	lose(&p, now, now - 100 * MS, 20);
	assert_true(pacing_limit(&p) < 512);
	now = serve(&p, now, 1000, UNBOUNDED);
	assert_int_equal(pacing_limit(&p), 435); /* 85% of 512 */
	serve(&p, now, 10000, UNBOUNDED);
	assert_int_equal(pacing_limit(&p), 512);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first_growth),
		cmocka_unit_test(test_growth_one_per_reply),
		cmocka_unit_test(test_knee_found),
		cmocka_unit_test(test_small_rounds_not_judged),
		cmocka_unit_test(test_plateau_holds),
		cmocka_unit_test(test_soft_ceiling_rises),
		cmocka_unit_test(test_single_loss_tolerated),
		cmocka_unit_test(test_loss_cuts_once),
		cmocka_unit_test(test_loss_blames_send_time),
		cmocka_unit_test(test_cuts_stop_at_floor),
		cmocka_unit_test(test_silence_is_not_overload),
		cmocka_unit_test(test_slow_replies_are_loss),
		cmocka_unit_test(test_unused_limit_never_grows),
		cmocka_unit_test(test_fixed_recovers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
