/* SPDX-License-Identifier: MIT */
/* loop.c: the one event loop of a context: fd watchers on epoll, one-shot
 * timers in a binary heap, and a FIFO of deferred calls, all dispatched by
 * loop_run_once(). Every callback is called exactly once (or once per
 * readiness, for watchers); freeing the loop calls what is still owed with
 * a cancelled status. Watchers removed while a batch of events is being
 * dispatched are freed only after the batch. */
#include <errno.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

#include "core/loop.h"

#define EVENTS_PER_WAIT 256
#define HEAP_INITIAL 16

struct fcrdns_io {
	fcrdns_loop *loop;
	int fd;
	unsigned events;
	int referenced;          /* keeps the loop alive */
	int removed;             /* freed after the current dispatch */
	fcrdns_io_cb cb;
	void *arg;
	fcrdns_io *prev, *next;  /* loop->ios, or loop->graveyard */
};

struct fcrdns_timer {
	fcrdns_loop *loop;
	int64_t due_us;
	uint64_t seq;            /* ties broken in arming order */
	size_t slot;             /* index in the heap */
	fcrdns_timer_cb cb;
	void *arg;
};

typedef struct deferred {
	loop_defer_cb cb;
	void *arg;
	struct deferred *next;
} deferred;

struct fcrdns_loop {
	int epfd;
	fcrdns_io *ios;          /* live watchers */
	fcrdns_io *graveyard;    /* removed during a dispatch */
	size_t referenced;       /* live watchers that keep the loop alive */
	int dispatching;
	fcrdns_timer **heap;
	size_t nheap, heap_cap;
	uint64_t next_seq;
	deferred *defer_head, **defer_tail, *defer_spare;
};

int64_t fcrdns_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int64_t fcrdns_now_ms(void)
{
	return fcrdns_now_us() / 1000;
}

int loop_new(fcrdns_loop **out)
{
	fcrdns_loop *loop = calloc(1, sizeof *loop);

	*out = NULL;
	if (loop == NULL)
		return FCRDNS_ENOMEM;
	if ((loop->epfd = epoll_create1(EPOLL_CLOEXEC)) < 0) {
		free(loop);
		return FCRDNS_ESYS;
	}
	loop->defer_tail = &loop->defer_head;
	*out = loop;
	return FCRDNS_OK;
}

/* ---- Timers: a binary min-heap by (due, seq) -------------------------- */

static int timer_before(const fcrdns_timer *a, const fcrdns_timer *b)
{
	return a->due_us < b->due_us || (a->due_us == b->due_us && a->seq < b->seq);
}

static void heap_place(fcrdns_loop *loop, fcrdns_timer *t, size_t slot)
{
	loop->heap[slot] = t;
	t->slot = slot;
}

static void heap_up(fcrdns_loop *loop, size_t slot)
{
	fcrdns_timer *t = loop->heap[slot];

	while (slot > 0 && timer_before(t, loop->heap[(slot - 1) / 2])) {
		heap_place(loop, loop->heap[(slot - 1) / 2], slot);
		slot = (slot - 1) / 2;
	}
	heap_place(loop, t, slot);
}

static void heap_down(fcrdns_loop *loop, size_t slot)
{
	fcrdns_timer *t = loop->heap[slot];

	for (;;) {
		size_t child = 2 * slot + 1;
		if (child >= loop->nheap)
			break;
		if (child + 1 < loop->nheap && timer_before(loop->heap[child + 1], loop->heap[child]))
			child++;
		if (!timer_before(loop->heap[child], t))
			break;
		heap_place(loop, loop->heap[child], slot);
		slot = child;
	}
	heap_place(loop, t, slot);
}

/* Take t out of the heap (not freed). */
static void heap_remove(fcrdns_loop *loop, fcrdns_timer *t)
{
	size_t slot = t->slot;
	fcrdns_timer *last = loop->heap[--loop->nheap];

	if (last == t)
		return;
	heap_place(loop, last, slot);
	heap_up(loop, slot);
	heap_down(loop, last->slot);
}

int fcrdns_timer_add(fcrdns_loop *loop, unsigned ms, fcrdns_timer_cb cb, void *arg,
		     fcrdns_timer **out)
{
	fcrdns_timer *t;

	if (loop->nheap == loop->heap_cap) {
		size_t cap = loop->heap_cap ? 2 * loop->heap_cap : HEAP_INITIAL;
		fcrdns_timer **heap = realloc(loop->heap, cap * sizeof *heap);
		if (heap == NULL)
			return FCRDNS_ENOMEM;
		loop->heap = heap;
		loop->heap_cap = cap;
	}
	if ((t = malloc(sizeof *t)) == NULL)
		return FCRDNS_ENOMEM;
	*t = (fcrdns_timer){ loop, fcrdns_now_us() + (int64_t)ms * 1000, loop->next_seq++, 0, cb, arg };
	loop->heap[loop->nheap++] = t;
	heap_up(loop, loop->nheap - 1);
	if (out)
		*out = t;
	return FCRDNS_OK;
}

void fcrdns_timer_cancel(fcrdns_timer *t)
{
	if (t == NULL)
		return;
	heap_remove(t->loop, t);
	free(t);
}

/* Call the timers due by now that were armed before this pass began:
 * those armed by their callbacks wait for the next pass. */
static void timers_run(fcrdns_loop *loop)
{
	int64_t now = fcrdns_now_us();
	uint64_t armed_before = loop->next_seq;

	while (loop->nheap > 0 && loop->heap[0]->due_us <= now && loop->heap[0]->seq < armed_before) {
		fcrdns_timer *t = loop->heap[0];
		heap_remove(loop, t);
		t->cb(t->arg, FCRDNS_OK);
		free(t);
	}
}

/* ---- Deferred calls ------------------------------------------------------ */

int loop_defer(fcrdns_loop *loop, loop_defer_cb cb, void *arg)
{
	deferred *d = loop->defer_spare;

	if (d != NULL)
		loop->defer_spare = d->next;
	else if ((d = malloc(sizeof *d)) == NULL)
		return FCRDNS_ENOMEM;
	*d = (deferred){ cb, arg, NULL };
	*loop->defer_tail = d;
	loop->defer_tail = &d->next;
	return FCRDNS_OK;
}

/* Run the calls queued before this pass began; those they queue wait. */
static void deferred_run(fcrdns_loop *loop)
{
	deferred *batch = loop->defer_head;

	loop->defer_head = NULL;
	loop->defer_tail = &loop->defer_head;
	while (batch) {
		deferred *d = batch;
		batch = d->next;
		d->cb(d->arg);
		d->next = loop->defer_spare;
		loop->defer_spare = d;
	}
}

static void deferred_free(deferred *d)
{
	while (d) {
		deferred *next = d->next;
		free(d);
		d = next;
	}
}

/* ---- Fd watchers ---------------------------------------------------------- */

static unsigned epoll_events(unsigned events)
{
	return (events & FCRDNS_IO_READ ? EPOLLIN : 0) | (events & FCRDNS_IO_WRITE ? EPOLLOUT : 0);
}

int fcrdns_io_add(fcrdns_loop *loop, int fd, unsigned events, fcrdns_io_cb cb, void *arg,
		  fcrdns_io **out)
{
	fcrdns_io *io = calloc(1, sizeof *io);
	struct epoll_event ev = { .events = epoll_events(events) };

	if (io == NULL)
		return FCRDNS_ENOMEM;
	*io = (fcrdns_io){ .loop = loop, .fd = fd, .events = events, .referenced = 1,
			   .cb = cb, .arg = arg, .next = loop->ios };
	ev.data.ptr = io;
	if (epoll_ctl(loop->epfd, EPOLL_CTL_ADD, fd, &ev) != 0) {
		free(io);
		return FCRDNS_ESYS;
	}
	if (loop->ios)
		loop->ios->prev = io;
	loop->ios = io;
	loop->referenced++;
	*out = io;
	return FCRDNS_OK;
}

int fcrdns_io_set(fcrdns_io *io, unsigned events)
{
	struct epoll_event ev = { .events = epoll_events(events), .data.ptr = io };

	if (io->events == events)
		return FCRDNS_OK;
	io->events = events;
	return epoll_ctl(io->loop->epfd, EPOLL_CTL_MOD, io->fd, &ev) == 0 ? FCRDNS_OK : FCRDNS_ESYS;
}

void loop_io_unref(fcrdns_io *io)
{
	if (io->referenced) {
		io->referenced = 0;
		io->loop->referenced--;
	}
}

void fcrdns_io_remove(fcrdns_io *io)
{
	fcrdns_loop *loop;

	if (io == NULL || io->removed)
		return;
	loop = io->loop;
	loop_io_unref(io);
	/* The fd may already be closed: then the kernel dropped it itself. */
	epoll_ctl(loop->epfd, EPOLL_CTL_DEL, io->fd, NULL);
	if (io->prev)
		io->prev->next = io->next;
	else
		loop->ios = io->next;
	if (io->next)
		io->next->prev = io->prev;
	io->removed = 1;
	if (!loop->dispatching) {
		free(io);
		return;
	}
	io->prev = NULL;
	io->next = loop->graveyard;
	loop->graveyard = io;
}

static void graveyard_free(fcrdns_loop *loop)
{
	while (loop->graveyard) {
		fcrdns_io *io = loop->graveyard;
		loop->graveyard = io->next;
		free(io);
	}
}

static unsigned io_events(uint32_t ev)
{
	return (ev & EPOLLIN ? FCRDNS_IO_READ : 0) | (ev & EPOLLOUT ? FCRDNS_IO_WRITE : 0) |
	       (ev & (EPOLLERR | EPOLLHUP) ? FCRDNS_IO_ERROR : 0);
}

/* ---- Running ------------------------------------------------------------- */

int fcrdns_loop_fd(const fcrdns_loop *loop)
{
	return loop->epfd;
}

int fcrdns_loop_timeout_ms(const fcrdns_loop *loop)
{
	int64_t wait_us;

	if (loop->defer_head)
		return 0;
	if (loop->nheap == 0)
		return -1;
	wait_us = loop->heap[0]->due_us - fcrdns_now_us();
	if (wait_us <= 0)
		return 0;
	return wait_us > (int64_t)1000 * 86400000 ? 86400000 : (int)((wait_us + 999) / 1000);
}

int loop_alive(const fcrdns_loop *loop)
{
	return loop->nheap > 0 || loop->defer_head != NULL || loop->referenced > 0;
}

/* Wait for fd events (at most wait_ms) and dispatch them. */
static int io_run(fcrdns_loop *loop, int wait_ms)
{
	struct epoll_event evs[EVENTS_PER_WAIT];
	int n = epoll_wait(loop->epfd, evs, EVENTS_PER_WAIT, wait_ms);

	if (n < 0)
		return errno == EINTR ? FCRDNS_OK : FCRDNS_ESYS;
	loop->dispatching = 1;
	for (int i = 0; i < n; i++) {
		fcrdns_io *io = evs[i].data.ptr;
		unsigned ready = io_events(evs[i].events);
		if (io->removed)
			continue;
		/* Errors are reported whatever is watched; the rest only if asked. */
		ready &= io->events | FCRDNS_IO_ERROR;
		if (ready)
			io->cb(io->arg, io->fd, ready);
	}
	loop->dispatching = 0;
	graveyard_free(loop);
	return FCRDNS_OK;
}

int loop_run_once(fcrdns_loop *loop, int timeout_ms)
{
	int wait = fcrdns_loop_timeout_ms(loop);
	int st;

	if (wait < 0 || (timeout_ms >= 0 && timeout_ms < wait))
		wait = timeout_ms;
	if ((st = io_run(loop, wait)) != FCRDNS_OK)
		return st;
	timers_run(loop);
	deferred_run(loop);
	return FCRDNS_OK;
}

void loop_free(fcrdns_loop *loop)
{
	if (loop == NULL)
		return;
	/* What is owed is called, cancelled, until nothing is left: a
	 * cancelled callback may itself remove or cancel others. */
	while (loop->nheap > 0) {
		fcrdns_timer *t = loop->heap[0];
		heap_remove(loop, t);
		t->cb(t->arg, FCRDNS_ECANCELLED);
		free(t);
	}
	while (loop->ios) {
		fcrdns_io *io = loop->ios;
		io->cb(io->arg, io->fd, FCRDNS_IO_CANCEL);
		if (loop->ios == io)
			fcrdns_io_remove(io);
	}
	deferred_free(loop->defer_head);
	deferred_free(loop->defer_spare);
	free(loop->heap);
	close(loop->epfd);
	free(loop);
}
