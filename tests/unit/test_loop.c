/* SPDX-License-Identifier: MIT */
/* test_loop.c: the event loop: timers in order and exactly once, cancel,
 * fd watchers on a pipe, removal from inside callbacks, deferred calls,
 * the foreign-loop entry points, and the cancelled calls when it is freed. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/loop.h"

typedef struct log {
	char order[32];
	size_t n;
	int cancelled;
} log_t;

typedef struct mark {
	log_t *log;
	char c;
} mark;

static void on_timer(void *arg, int status)
{
	mark *m = arg;

	if (status == FCRDNS_ECANCELLED)
		m->log->cancelled++;
	else
		m->log->order[m->log->n++] = m->c;
}

static void run_until_idle(fcrdns_loop *loop)
{
	for (int i = 0; i < 100 && loop_alive(loop); i++)
		assert_int_equal(loop_run_once(loop, -1), FCRDNS_OK);
	assert_false(loop_alive(loop));
}

static void test_timers(void **state)
{
	fcrdns_loop *loop;
	log_t log = { 0 };
	mark a = { &log, 'a' }, b = { &log, 'b' }, c = { &log, 'c' }, d = { &log, 'd' };
	fcrdns_timer *tc;

	(void)state;
	assert_int_equal(loop_new(&loop), FCRDNS_OK);
	assert_int_equal(fcrdns_loop_timeout_ms(loop), -1);
	assert_int_equal(fcrdns_timer_add(loop, 20, on_timer, &b, NULL), FCRDNS_OK);
	assert_int_equal(fcrdns_timer_add(loop, 0, on_timer, &a, NULL), FCRDNS_OK);
	assert_int_equal(fcrdns_timer_add(loop, 10, on_timer, &c, &tc), FCRDNS_OK);
	assert_int_equal(fcrdns_timer_add(loop, 20, on_timer, &d, NULL), FCRDNS_OK);
	assert_int_equal(fcrdns_loop_timeout_ms(loop), 0);
	fcrdns_timer_cancel(tc);
	run_until_idle(loop);
	assert_string_equal(log.order, "abd"); /* equal deadlines: in arming order */
	loop_free(loop);
	assert_int_equal(log.cancelled, 0);
}

static void test_free_cancels(void **state)
{
	fcrdns_loop *loop;
	log_t log = { 0 };
	mark a = { &log, 'a' };

	(void)state;
	assert_int_equal(loop_new(&loop), FCRDNS_OK);
	assert_int_equal(fcrdns_timer_add(loop, 60000, on_timer, &a, NULL), FCRDNS_OK);
	assert_int_equal(fcrdns_timer_add(loop, 60000, on_timer, &a, NULL), FCRDNS_OK);
	loop_free(loop);
	assert_int_equal(log.cancelled, 2);
	assert_int_equal(log.n, 0);
}

typedef struct pipe_watch {
	fcrdns_io *io;
	int reads, cancels;
	fcrdns_io *other; /* removed from inside this callback */
} pipe_watch;

static void on_pipe(void *arg, int fd, unsigned events)
{
	pipe_watch *w = arg;
	char buf[16];

	if (events & FCRDNS_IO_CANCEL) {
		w->cancels++;
		return;
	}
	assert_true(events & FCRDNS_IO_READ);
	assert_true(read(fd, buf, sizeof buf) > 0);
	w->reads++;
	if (w->other) {
		fcrdns_io_remove(w->other);
		w->other = NULL;
	}
	fcrdns_io_remove(w->io);
}

static void test_fd_watchers(void **state)
{
	int p1[2], p2[2];
	fcrdns_loop *loop;
	pipe_watch w1 = { 0 }, w2 = { 0 };

	(void)state;
	assert_int_equal(pipe(p1), 0);
	assert_int_equal(pipe(p2), 0);
	assert_int_equal(loop_new(&loop), FCRDNS_OK);
	assert_int_equal(fcrdns_io_add(loop, p1[0], FCRDNS_IO_READ, on_pipe, &w1, &w1.io), FCRDNS_OK);
	assert_int_equal(fcrdns_io_add(loop, p2[0], FCRDNS_IO_READ, on_pipe, &w2, &w2.io), FCRDNS_OK);
	assert_true(loop_alive(loop));
	/* Both ready in one batch: the first removes the second, which must
	 * not be called afterwards. */
	w1.other = w2.io;
	w2.other = w1.io;
	assert_int_equal(write(p1[1], "x", 1), 1);
	assert_int_equal(write(p2[1], "y", 1), 1);
	assert_int_equal(loop_run_once(loop, 1000), FCRDNS_OK);
	assert_int_equal(w1.reads + w2.reads, 1);
	assert_false(loop_alive(loop));
	loop_free(loop);
	assert_int_equal(w1.cancels + w2.cancels, 0);
	for (int i = 0; i < 2; i++) {
		close(p1[i]);
		close(p2[i]);
	}
}

static void test_watcher_cancelled_on_free(void **state)
{
	int p[2];
	fcrdns_loop *loop;
	pipe_watch w = { 0 };

	(void)state;
	assert_int_equal(pipe(p), 0);
	assert_int_equal(loop_new(&loop), FCRDNS_OK);
	assert_int_equal(fcrdns_io_add(loop, p[0], FCRDNS_IO_READ, on_pipe, &w, &w.io), FCRDNS_OK);
	/* Paused: no event, but still owed its cancellation. */
	assert_int_equal(fcrdns_io_set(w.io, 0), FCRDNS_OK);
	assert_int_equal(write(p[1], "x", 1), 1);
	assert_int_equal(loop_run_once(loop, 10), FCRDNS_OK);
	assert_int_equal(w.reads, 0);
	loop_io_unref(w.io);
	assert_false(loop_alive(loop));
	loop_free(loop);
	assert_int_equal(w.cancels, 1);
	close(p[0]);
	close(p[1]);
}

static fcrdns_loop *deferred_loop;
static mark deferred_later;

static void on_deferred(void *arg)
{
	mark *m = arg;

	m->log->order[m->log->n++] = m->c;
	/* Queued from a deferred call: it runs in the next pass. */
	if (m->c == 'a')
		assert_int_equal(loop_defer(deferred_loop, on_deferred, &deferred_later), FCRDNS_OK);
}

static void test_deferred(void **state)
{
	log_t log = { 0 };
	mark a = { &log, 'a' }, b = { &log, 'b' };

	(void)state;
	deferred_later = (mark){ &log, 'c' };
	assert_int_equal(loop_new(&deferred_loop), FCRDNS_OK);
	assert_int_equal(loop_defer(deferred_loop, on_deferred, &a), FCRDNS_OK);
	assert_int_equal(loop_defer(deferred_loop, on_deferred, &b), FCRDNS_OK);
	assert_int_equal(fcrdns_loop_timeout_ms(deferred_loop), 0);
	assert_int_equal(loop_run_once(deferred_loop, 0), FCRDNS_OK);
	assert_string_equal(log.order, "ab");
	assert_int_equal(loop_run_once(deferred_loop, 0), FCRDNS_OK);
	assert_string_equal(log.order, "abc");
	assert_false(loop_alive(deferred_loop));
	assert_true(fcrdns_loop_fd(deferred_loop) >= 0);
	loop_free(deferred_loop);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_timers),
		cmocka_unit_test(test_free_cancels),
		cmocka_unit_test(test_fd_watchers),
		cmocka_unit_test(test_watcher_cancelled_on_free),
		cmocka_unit_test(test_deferred),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
