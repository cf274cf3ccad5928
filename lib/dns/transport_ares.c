/* SPDX-License-Identifier: MIT */
/* transport_ares.c: the real DNS transport, the only file that drives
 * c-ares: one channel whose sockets are watched by the context's loop and
 * whose timeouts are one loop timer. Resolvers fail over in order; a
 * truncated reply is asked again over TCP; SERVFAIL and REFUSED come back
 * as replies with their RCODE (ARES_FLAG_NOCHECKRESP). */
#include <ares.h>
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "core/loop.h"
#include "dns/transport.h"
#include "dns/wire.h"

#define DEFAULT_TIMEOUT_MS 2000
#define DEFAULT_TRIES 2
/* c-ares 1.18 sends every UDP query to a server through one socket:
 * thousands of answers can arrive between two reads, and the default
 * buffer would drop them (each drop costs a full timeout). */
#define SOCKBUF_BYTES (4 << 20)
#define READS_PER_PROCESS 32    /* datagrams c-ares reads per call */

typedef struct sock_watch {
	ares_socket_t fd;
	fcrdns_io *io;
	struct sock_watch *next;
} sock_watch;

typedef struct ares_transport {
	dns_transport base;
	fcrdns_loop *loop;
	ares_channel channel;
	sock_watch *socks;
	fcrdns_timer *timer;      /* c-ares' next timeout */
	struct tp_query *early;   /* completions waiting for the loop */
	size_t inflight;          /* queries c-ares holds */
	struct tp_query *spare;   /* recycled, linked by next */
	unsigned reads_left;      /* in this ares_process_fd() call */
	int destroying;
} ares_transport;

/* One query in flight. A completion during ares_send() itself is kept and
 * delivered from the loop, so callers are never re-entered. */
typedef struct tp_query {
	ares_transport *tp;
	tp_callback cb;
	void *arg;
	int sending;
	int early;                /* completed inside ares_send() */
	tp_status early_status;
	uint8_t *early_msg;
	size_t early_len;
	struct tp_query *prev, *next; /* t->early, until delivered */
} tp_query;

/* ---- Resolver list -------------------------------------------------------- */

/* Check one "HOST[:PORT]" entry: an IPv4 address, an IPv6 address, or
 * "[IPv6]" / "[IPv6]:PORT". Returns 1 when valid. */
static int resolver_entry_valid(const char *s, size_t len)
{
	char host[64];
	const char *port = NULL;
	fcrdns_addr a;

	if (len == 0 || len >= sizeof host + 8)
		return 0;
	if (s[0] == '[') {
		const char *close = memchr(s, ']', len);
		if (close == NULL || (size_t)(close - s - 1) >= sizeof host)
			return 0;
		memcpy(host, s + 1, (size_t)(close - s - 1));
		host[close - s - 1] = '\0';
		if (close + 1 < s + len) {
			if (close[1] != ':')
				return 0;
			port = close + 2;
		}
		if (fcrdns_addr_parse(host, &a) != FCRDNS_OK || a.family != AF_INET6)
			return 0;
	} else {
		const char *colon = memchr(s, ':', len);
		const char *last = colon;
		while (last && memchr(last + 1, ':', (size_t)(s + len - last - 1)))
			last = memchr(last + 1, ':', (size_t)(s + len - last - 1));
		size_t hlen = (colon && colon == last) ? (size_t)(colon - s) : len;
		if (hlen >= sizeof host)
			return 0;
		memcpy(host, s, hlen);
		host[hlen] = '\0';
		if (hlen < len)
			port = s + hlen + 1;
		if (fcrdns_addr_parse(host, &a) != FCRDNS_OK)
			return 0;
	}
	if (port != NULL) {
		long v = 0;
		const char *p = port;
		for (; p < s + len; p++) {
			if (!isdigit((unsigned char)*p) || (v = v * 10 + (*p - '0')) > 65535)
				return 0;
		}
		if (p == port || v == 0)
			return 0;
	}
	return 1;
}

/* Validate a comma-separated resolver list. Returns a status. */
static int resolvers_validate(const char *csv)
{
	size_t count = 0;

	for (const char *p = csv;; ) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		if (!resolver_entry_valid(p, len))
			return FCRDNS_ERESOLVER;
		if (++count > FCRDNS_MAX_RESOLVERS)
			return FCRDNS_ETOOMANY;
		if (comma == NULL)
			return FCRDNS_OK;
		p = comma + 1;
	}
}

/* ---- The loop side: sockets and the timeout --------------------------- */

static void arm(ares_transport *t);

/* Let c-ares read at most READS_PER_PROCESS datagrams, then look at its
 * timeouts. c-ares 1.18 reads a socket until it is empty before it looks
 * at them, and the engine sends the next query from each completion: at a
 * high rate the socket never empties, and lost queries waited 12 to 24 s
 * instead of their 6 (measured through unbound at 12,000 replies a
 * second), while the loop's own timers starved. The loop watches the
 * socket level-triggered: what is left is read on its next turn. */
static void process(ares_transport *t, ares_socket_t readable, ares_socket_t writable)
{
	t->reads_left = READS_PER_PROCESS;
	ares_process_fd(t->channel, readable, writable);
}

static void on_socket(void *arg, int fd, unsigned events)
{
	ares_transport *t = arg;

	if (events & FCRDNS_IO_CANCEL)
		return;
	process(t, events & (FCRDNS_IO_READ | FCRDNS_IO_ERROR) ? fd : ARES_SOCKET_BAD,
		events & FCRDNS_IO_WRITE ? fd : ARES_SOCKET_BAD);
}

static void on_timeout(void *arg, int status)
{
	ares_transport *t = arg;

	t->timer = NULL;
	if (status != FCRDNS_OK)
		return;
	process(t, ARES_SOCKET_BAD, ARES_SOCKET_BAD);
	arm(t);
}

/* Arm the loop timer for c-ares' next deadline, unless one is armed: a
 * query sent later has a later deadline, and one that ends early only
 * makes the timer fire early, once. ares_timeout() walks every query, so
 * it is asked once per deadline, never per query or per packet. */
static void arm(ares_transport *t)
{
	struct timeval tv, *tvp;

	if (t->destroying || t->timer != NULL)
		return;
	if ((tvp = ares_timeout(t->channel, NULL, &tv)) == NULL)
		return;
	fcrdns_timer_add(t->loop, (unsigned)(tvp->tv_sec * 1000 + (tvp->tv_usec + 999) / 1000),
			 on_timeout, t, &t->timer);
}

static sock_watch **watch_find(ares_transport *t, ares_socket_t fd)
{
	sock_watch **pp = &t->socks;

	while (*pp && (*pp)->fd != fd)
		pp = &(*pp)->next;
	return pp;
}

/* c-ares tells which sockets to watch; the loop watches them, without
 * keeping itself alive for them (the engine counts the queries). */
static void sock_state_cb(void *data, ares_socket_t fd, int readable, int writable)
{
	ares_transport *t = data;
	sock_watch **pp = watch_find(t, fd), *w = *pp;
	unsigned events = (readable ? FCRDNS_IO_READ : 0) | (writable ? FCRDNS_IO_WRITE : 0);

	if (events == 0) {
		if (w) {
			*pp = w->next;
			fcrdns_io_remove(w->io);
			free(w);
		}
		return;
	}
	if (w) {
		fcrdns_io_set(w->io, events);
		return;
	}
	if ((w = calloc(1, sizeof *w)) == NULL)
		return; /* the query times out: a transient failure */
	w->fd = fd;
	if (fcrdns_io_add(t->loop, fd, events, on_socket, t, &w->io) != FCRDNS_OK) {
		free(w);
		return;
	}
	loop_io_unref(w->io);
	w->next = t->socks;
	t->socks = w;
}

/* ---- Queries ---------------------------------------------------------------- */

static tp_status status_of(int status)
{
	switch (status) {
	case ARES_SUCCESS: return TP_REPLY;
	case ARES_ETIMEOUT:
	case ARES_ECONNREFUSED: return TP_TIMEOUT;
	case ARES_EDESTRUCTION:
	case ARES_ECANCELLED: return TP_CANCELLED;
	default: return TP_ERROR;
	}
}

static void early_unlink(tp_query *q)
{
	if (q->prev)
		q->prev->next = q->next;
	else
		q->tp->early = q->next;
	if (q->next)
		q->next->prev = q->prev;
}

static void deliver_early(void *arg)
{
	tp_query *q = arg;

	early_unlink(q);
	q->cb(q->arg, q->early_status, q->early_msg, q->early_len);
	free(q->early_msg);
	free(q);
}

/* One query fewer in c-ares; with none left, its timer goes, so an idle
 * loop is not kept alive by a deadline nobody waits for. */
static void query_done(ares_transport *t)
{
	if (--t->inflight == 0 && t->timer != NULL && !t->destroying) {
		fcrdns_timer_cancel(t->timer);
		t->timer = NULL;
	}
}

static void on_reply(void *arg, int status, int timeouts, unsigned char *abuf, int alen)
{
	tp_query *q = arg;
	tp_status st = status_of(status);

	(void)timeouts;
	query_done(q->tp);
	if (st == TP_REPLY && (abuf == NULL || alen <= 0))
		st = TP_ERROR;
	if (!q->sending) {
		ares_transport *t = q->tp;
		q->cb(q->arg, st, abuf, st == TP_REPLY ? (size_t)alen : 0);
		q->next = t->spare;
		t->spare = q;
		return;
	}
	q->early = 1;
	q->early_status = st;
	if (st == TP_REPLY && (q->early_msg = malloc((size_t)alen)) != NULL) {
		memcpy(q->early_msg, abuf, (size_t)alen);
		q->early_len = (size_t)alen;
	} else if (st == TP_REPLY) {
		q->early_status = TP_ERROR;
	}
}

static int ares_tp_send(dns_transport *base, const uint8_t *query, size_t len, tp_callback cb,
			void *arg)
{
	ares_transport *t = (ares_transport *)base;
	tp_query *q = t->spare;

	if (q != NULL)
		t->spare = q->next;
	else if ((q = malloc(sizeof *q)) == NULL)
		return -1;
	*q = (tp_query){ .tp = t, .cb = cb, .arg = arg, .sending = 1 };
	t->inflight++;
	ares_send(t->channel, query, (int)len, on_reply, q);
	q->sending = 0;
	if (q->early) {
		if (loop_defer(t->loop, deliver_early, q) != FCRDNS_OK) {
			free(q->early_msg);
			free(q);
			return -1;
		}
		q->next = t->early;
		if (t->early)
			t->early->prev = q;
		t->early = q;
		return 0;
	}
	arm(t);
	return 0;
}

static void ares_tp_destroy(dns_transport *base)
{
	ares_transport *t = (ares_transport *)base;

	if (t == NULL)
		return;
	t->destroying = 1;
	fcrdns_timer_cancel(t->timer);
	if (t->channel)
		ares_destroy(t->channel); /* every query: ARES_EDESTRUCTION */
	/* Completions still waiting for the loop: the loop is freed next and
	 * never runs its deferred calls, so they are cancelled here. */
	while (t->early) {
		tp_query *q = t->early;
		early_unlink(q);
		q->cb(q->arg, TP_CANCELLED, NULL, 0);
		free(q->early_msg);
		free(q);
	}
	while (t->spare) {
		tp_query *q = t->spare;
		t->spare = q->next;
		free(q);
	}
	while (t->socks) {
		sock_watch *w = t->socks;
		t->socks = w->next;
		fcrdns_io_remove(w->io);
		free(w);
	}
	free(t);
}

/* ---- Sockets: the system's calls, with the read budget of process() -------- */

/* c-ares configures no socket it did not open itself: non-blocking,
 * close-on-exec, large buffers, and no Nagle delay on TCP are ours. */
static ares_socket_t sock_open(int domain, int type, int protocol, void *arg)
{
	int fd = socket(domain, type | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol);
	int size = SOCKBUF_BYTES, one = 1;

	(void)arg;
	if (fd < 0)
		return ARES_SOCKET_BAD;
	/* above net.core.[rw]mem_max the kernel caps it: not an error */
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
	setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
	if (type == SOCK_STREAM && setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) != 0) {
		close(fd);
		return ARES_SOCKET_BAD;
	}
	return fd;
}

static int sock_close(ares_socket_t fd, void *arg)
{
	(void)arg;
	return close(fd);
}

static int sock_connect(ares_socket_t fd, const struct sockaddr *sa, ares_socklen_t len, void *arg)
{
	(void)arg;
	return connect(fd, sa, len);
}

static ares_ssize_t sock_recvfrom(ares_socket_t fd, void *buf, size_t len, int flags,
				  struct sockaddr *from, ares_socklen_t *fromlen, void *arg)
{
	ares_transport *t = arg;

	if (t->reads_left == 0) {
		errno = EAGAIN; /* the budget is spent: the rest on the next turn */
		return -1;
	}
	t->reads_left--;
	return recvfrom(fd, buf, len, flags, from, fromlen);
}

static ares_ssize_t sock_sendv(ares_socket_t fd, const struct iovec *iov, int n, void *arg)
{
	(void)arg;
	return writev(fd, iov, n);
}

static const struct ares_socket_functions sock_functions = {
	sock_open, sock_close, sock_connect, sock_recvfrom, sock_sendv,
};

/* ---- Set-up --------------------------------------------------------------- */

static int channel_init(ares_transport *t, const fcrdns_options *opts, unsigned mask)
{
	struct ares_options ao;
	int optmask = ARES_OPT_FLAGS | ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES |
		      ARES_OPT_SOCK_STATE_CB | ARES_OPT_EDNSPSZ;

	memset(&ao, 0, sizeof ao);
	/* No search list, no HOSTALIASES: we ask exactly the names we mean.
	 * NOCHECKRESP hands us SERVFAIL and REFUSED as such: without it c-ares
	 * 1.18 moves on and reports them as ECONNREFUSED, losing the RCODE. A
	 * server that does not answer at all is still failed over. EDNS makes
	 * c-ares read WIRE_EDNS_SIZE-octet UDP replies (our queries carry the
	 * OPT record themselves). */
	ao.flags = ARES_FLAG_NOSEARCH | ARES_FLAG_NOALIASES | ARES_FLAG_EDNS |
		   ARES_FLAG_NOCHECKRESP;
	ao.timeout = (mask & FCRDNS_OPT_TIMEOUT) && opts->timeout_ms
			     ? (int)opts->timeout_ms : DEFAULT_TIMEOUT_MS;
	ao.tries = (mask & FCRDNS_OPT_TRIES) && opts->tries ? (int)opts->tries : DEFAULT_TRIES;
	ao.sock_state_cb = sock_state_cb;
	ao.sock_state_cb_data = t;
	ao.ednspsz = WIRE_EDNS_SIZE;
	if (ares_init_options(&t->channel, &ao, optmask) != ARES_SUCCESS)
		return FCRDNS_EDNSINIT;
	t->reads_left = READS_PER_PROCESS;
	ares_set_socket_functions(t->channel, &sock_functions, t);
	if ((mask & FCRDNS_OPT_RESOLVERS) && opts->resolvers && opts->resolvers[0]) {
		int st = resolvers_validate(opts->resolvers);
		if (st != FCRDNS_OK)
			return st;
		if (ares_set_servers_ports_csv(t->channel, opts->resolvers) != ARES_SUCCESS)
			return FCRDNS_ERESOLVER;
	}
	return FCRDNS_OK;
}

int transport_ares_new(dns_transport **out, fcrdns_loop *loop, const fcrdns_options *opts,
		       unsigned mask)
{
	static int library_ready;
	ares_transport *t;
	int st;

	*out = NULL;
	if (!library_ready) {
		if (ares_library_init(ARES_LIB_INIT_ALL) != ARES_SUCCESS)
			return FCRDNS_EDNSINIT;
		library_ready = 1;
	}
	if ((t = calloc(1, sizeof *t)) == NULL)
		return FCRDNS_ENOMEM;
	t->base.send = ares_tp_send;
	t->base.destroy = ares_tp_destroy;
	t->loop = loop;
	if ((st = channel_init(t, opts, mask)) != FCRDNS_OK) {
		ares_tp_destroy(&t->base);
		return st;
	}
	*out = &t->base;
	return FCRDNS_OK;
}
