/* SPDX-License-Identifier: MIT */
/* loop.h: the event loop's library-internal side (see loop.c): creating,
 * running and freeing it, deferred calls, and watchers that do not keep
 * the loop alive. The public side is in fcrdns.h. */
#ifndef FCRDNS_CORE_LOOP_H
#define FCRDNS_CORE_LOOP_H

#include "fcrdns.h"

typedef void (*loop_defer_cb)(void *arg);

/* Create a loop. Returns FCRDNS_OK, FCRDNS_ESYS or FCRDNS_ENOMEM. */
int loop_new(fcrdns_loop **out);
/* Free loop: every timer still armed is called with FCRDNS_ECANCELLED and
 * every watcher with FCRDNS_IO_CANCEL, then deferred calls are dropped. */
void loop_free(fcrdns_loop *loop);
/* Wait up to timeout_ms (-1: until the next deadline, 0: not at all) and
 * dispatch: deferred calls, fd events, due timers. Returns FCRDNS_OK or
 * FCRDNS_ESYS. */
int loop_run_once(fcrdns_loop *loop, int timeout_ms);
/* Return 1 while a timer, a deferred call or a referenced watcher is
 * pending. */
int loop_alive(const fcrdns_loop *loop);
/* Queue cb(arg) to run at the next dispatch, after those already queued;
 * never from inside this call. Returns FCRDNS_OK or FCRDNS_ENOMEM. */
int loop_defer(fcrdns_loop *loop, loop_defer_cb cb, void *arg);
/* Stop io from keeping the loop alive (a socket the library keeps open
 * between queries). */
void loop_io_unref(fcrdns_io *io);

#endif
