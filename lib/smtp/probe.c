/* SPDX-License-Identifier: MIT */
/* probe.c: the polite SMTP probe: one non-blocking TCP connection watched
 * on the loop, the greeting, one EHLO, QUIT, and nothing else (RFC 5321
 * s3.1 for 421 and 554 greetings). One timer bounds the connect and then
 * each reply; the server's bytes go through the bounded reply reader and
 * are kept raw. */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "smtp/probe.h"
#include "smtp/reply.h"

#define READ_CHUNK 4096
#define COMMAND_MAX (SMTP_HELO_NAME_MAX + 8) /* "EHLO " name CRLF */

typedef enum probe_state {
	PROBE_CONNECTING,
	PROBE_GREETING,  /* waiting for the greeting */
	PROBE_EHLO,      /* EHLO sent, waiting for its reply */
	PROBE_QUIT,      /* QUIT sent, waiting for its reply or the close */
} probe_state;

struct smtp_probe {
	fcrdns_loop *loop;
	int fd;
	fcrdns_io *io;
	fcrdns_timer *timer;
	probe_state state;
	unsigned timeout_ms;
	char helo[SMTP_HELO_NAME_MAX + 1];
	char out[COMMAND_MAX];   /* the command being written */
	size_t out_len, out_done;
	int shut;                /* our side is shut down after QUIT */
	smtp_reader reader;
	smtp_facts *facts;
	smtp_probe_cb cb;
	void *arg;
};

const char *smtp_connect_name(smtp_connect c)
{
	switch (c) {
#define SMTP_CONNECT_CASE(name, text) case SMTP_CONNECT_##name: return text;
	SMTP_CONNECT_MAP(SMTP_CONNECT_CASE)
#undef SMTP_CONNECT_CASE
	}
	return "unreachable";
}

int smtp_helo_name_usable(const char *name)
{
	size_t len = name ? strnlen(name, SMTP_HELO_NAME_MAX + 1) : 0;

	if (len == 0 || len > SMTP_HELO_NAME_MAX)
		return 0;
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)name[i] < 0x21 || (unsigned char)name[i] > 0x7e)
			return 0;
	return 1;
}

void smtp_facts_free(smtp_facts *f)
{
	if (f == NULL)
		return;
	free(f->banner.data);
	free(f->banner_name.data);
	free(f->ehlo_name.data);
	free(f);
}

/* Copy len bytes of s into *t (NUL added). Returns 0, or -1 on ENOMEM. */
static int text_set(smtp_text *t, const char *s, size_t len)
{
	free(t->data);
	if ((t->data = malloc(len + 1)) == NULL) {
		t->len = 0;
		return -1;
	}
	memcpy(t->data, s, len);
	t->data[len] = '\0';
	t->len = len;
	return 0;
}

/* ---- Ending ------------------------------------------------------------- */

/* Stop watching and timing, close the socket. */
static void probe_close(smtp_probe *p)
{
	if (p->timer) {
		fcrdns_timer_cancel(p->timer);
		p->timer = NULL;
	}
	if (p->io) {
		fcrdns_io_remove(p->io);
		p->io = NULL;
	}
	if (p->fd >= 0) {
		close(p->fd);
		p->fd = -1;
	}
}

/* Deliver the facts (or the cancellation) and free p: the last thing any
 * path does with p. */
static void probe_finish(smtp_probe *p, int status)
{
	probe_close(p);
	smtp_reader_free(&p->reader);
	if (status == FCRDNS_OK) {
		p->cb(p->arg, FCRDNS_OK, p->facts);
	} else {
		smtp_facts_free(p->facts);
		p->cb(p->arg, FCRDNS_ECANCELLED, NULL);
	}
	free(p);
}

static void on_timer(void *arg, int status);

/* Arm the timer for the next wait (the connect, or one reply). Returns 0,
 * or -1 when it cannot be armed. */
static int rearm(smtp_probe *p)
{
	if (p->timer)
		fcrdns_timer_cancel(p->timer);
	p->timer = NULL;
	return fcrdns_timer_add(p->loop, p->timeout_ms, on_timer, p, &p->timer) == FCRDNS_OK ? 0
											   : -1;
}

/* ---- Writing -------------------------------------------------------------- */

/* Write what is left of the command; watch for writability while some of
 * it is. Returns 0, or -1 when the connection is gone. */
static int flush_out(smtp_probe *p)
{
	while (p->out_done < p->out_len) {
		ssize_t n = send(p->fd, p->out + p->out_done, p->out_len - p->out_done,
				 MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return fcrdns_io_set(p->io, FCRDNS_IO_READ | FCRDNS_IO_WRITE) == FCRDNS_OK ? 0
												    : -1;
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p->out_done += (size_t)n;
	}
	/* After QUIT nothing more is ever sent: say so (a silent server then
	 * sees the end of the stream and closes). */
	if (p->state == PROBE_QUIT && !p->shut) {
		shutdown(p->fd, SHUT_WR);
		p->shut = 1;
	}
	return fcrdns_io_set(p->io, FCRDNS_IO_READ) == FCRDNS_OK ? 0 : -1;
}

/* Send one command (verb and optional argument), then wait for its reply
 * in state next. Returns 0, or -1 when the connection is gone. */
static int send_command(smtp_probe *p, const char *verb, const char *arg, probe_state next)
{
	size_t vlen = strlen(verb), alen = arg ? strlen(arg) : 0;

	memcpy(p->out, verb, vlen);
	p->out_len = vlen;
	if (arg) {
		p->out[p->out_len++] = ' ';
		memcpy(p->out + p->out_len, arg, alen);
		p->out_len += alen;
	}
	memcpy(p->out + p->out_len, "\r\n", 2);
	p->out_len += 2;
	p->out_done = 0;
	p->state = next;
	if (rearm(p) != 0)
		return -1;
	return flush_out(p);
}

/* ---- Replies ---------------------------------------------------------------- */

/* Keep the greeting reply's code, text and first word. Returns 0 or -1. */
static int keep_greeting(smtp_probe *p, const smtp_reply *r)
{
	fcrdns_buf text = { 0 };
	const char *word;
	size_t wlen = smtp_reply_first_word(r, &word);
	int rc = 0;

	p->facts->greeting_code = r->code;
	smtp_reply_text(r, &text);
	if (text.failed || text_set(&p->facts->banner, text.data ? text.data : "", text.len) != 0)
		rc = -1;
	if (wlen > 0 && text_set(&p->facts->banner_name, word, wlen) != 0)
		rc = -1;
	fcrdns_buf_free(&text);
	return rc;
}

/* Act on the greeting. Returns 1 when the probe goes on, 0 when it is
 * over, -1 on error. */
static int on_greeting(smtp_probe *p, const smtp_reply *r)
{
	if (keep_greeting(p, r) != 0)
		return -1;
	if (r->code == 220 && r->error == SMTP_REPLY_NONE) {
		p->facts->greeted = 1;
		p->facts->ehlo_sent = 1;
		return send_command(p, "EHLO", p->helo, PROBE_EHLO) == 0 ? 1 : 0;
	}
	/* RFC 5321 s3.1: after a 554 greeting the client sends QUIT; a 421
	 * server closes by itself; a broken greeting gets nothing more. */
	if (r->error == SMTP_REPLY_NONE && r->code / 100 == 5)
		return send_command(p, "QUIT", NULL, PROBE_QUIT) == 0 ? 1 : 0;
	return 0;
}

/* Act on the reply to EHLO: keep the server's name, then QUIT. */
static int on_ehlo(smtp_probe *p, const smtp_reply *r)
{
	const char *word;
	size_t wlen = smtp_reply_first_word(r, &word);

	if (r->code == 250) {
		if (wlen > 0 && text_set(&p->facts->ehlo_name, word, wlen) != 0)
			return -1;
		p->facts->starttls = smtp_reply_has_starttls(r);
	}
	return send_command(p, "QUIT", NULL, PROBE_QUIT) == 0 ? 1 : 0;
}

/* Act on one complete reply in the current state. */
static int on_reply(smtp_probe *p, const smtp_reply *r)
{
	switch (p->state) {
	case PROBE_GREETING: return on_greeting(p, r);
	case PROBE_EHLO: return on_ehlo(p, r);
	default: return 0; /* the reply to QUIT: done */
	}
}

/* Feed received bytes to the reader, acting on each complete reply.
 * Returns 1 to go on reading, 0 when the probe is over, -1 on error. */
static int consume(smtp_probe *p, const char *data, size_t len)
{
	while (len > 0) {
		const smtp_reply *r;
		size_t used = smtp_reader_feed(&p->reader, data, len, &r);
		data += used;
		len -= used;
		if (r == NULL)
			continue;
		int go = on_reply(p, r);
		if (go <= 0)
			return go;
	}
	return 1;
}

/* The greeting never completed: keep the code of its first line, if one
 * came. */
static void note_partial_greeting(smtp_probe *p)
{
	if (p->state == PROBE_GREETING && p->reader.reply.nlines > 0)
		p->facts->greeting_code = p->reader.reply.code;
}

/* Read what the server sent. Returns 1 to go on, 0 when over, -1 on
 * error. */
static int read_some(smtp_probe *p)
{
	char buf[READ_CHUNK];
	ssize_t n = recv(p->fd, buf, sizeof buf, MSG_DONTWAIT);

	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
		return 1;
	if (n <= 0) {
		note_partial_greeting(p); /* closed, or reset */
		return 0;
	}
	return consume(p, buf, (size_t)n);
}

/* ---- Connecting ------------------------------------------------------------- */

/* Map a connect error to its outcome. */
static smtp_connect connect_outcome(int err)
{
	switch (err) {
	case 0: return SMTP_CONNECT_OK;
	case ECONNREFUSED: return SMTP_CONNECT_REFUSED;
	case ETIMEDOUT: return SMTP_CONNECT_TIMEOUT;
	default: return SMTP_CONNECT_UNREACHABLE;
	}
}

/* The connect finished (writable or error): read its outcome. Returns 1
 * to go on, 0 when over, -1 on error. */
static int on_connected(smtp_probe *p)
{
	int err = 0;
	socklen_t len = sizeof err;

	if (getsockopt(p->fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0)
		err = errno;
	p->facts->connect = connect_outcome(err);
	if (err != 0)
		return 0;
	p->state = PROBE_GREETING;
	if (rearm(p) != 0 || fcrdns_io_set(p->io, FCRDNS_IO_READ) != FCRDNS_OK)
		return -1;
	return 1;
}

static void on_io(void *arg, int fd, unsigned events)
{
	smtp_probe *p = arg;
	int go = 1;

	(void)fd;
	if (events & FCRDNS_IO_CANCEL) {
		p->io = NULL; /* the loop frees it */
		probe_finish(p, FCRDNS_ECANCELLED);
		return;
	}
	if (p->state == PROBE_CONNECTING) {
		go = on_connected(p);
	} else {
		if (events & FCRDNS_IO_WRITE)
			go = flush_out(p) == 0 ? 1 : 0;
		if (go > 0 && (events & (FCRDNS_IO_READ | FCRDNS_IO_ERROR)))
			go = read_some(p);
	}
	if (go <= 0)
		probe_finish(p, FCRDNS_OK);
}

static void on_timer(void *arg, int status)
{
	smtp_probe *p = arg;

	p->timer = NULL; /* fired or cancelled: the loop frees it */
	if (status != FCRDNS_OK) {
		probe_finish(p, FCRDNS_ECANCELLED);
		return;
	}
	switch (p->state) {
	case PROBE_CONNECTING:
		/* An immediate outcome is already set; otherwise the connect
		 * is still in flight. */
		if (p->fd >= 0)
			p->facts->connect = SMTP_CONNECT_TIMEOUT;
		break;
	case PROBE_GREETING:
		note_partial_greeting(p); /* a tarpit: nothing is sent to it */
		break;
	case PROBE_EHLO:
		/* EHLO unanswered: say goodbye, and wait once more. */
		if (send_command(p, "QUIT", NULL, PROBE_QUIT) == 0)
			return;
		break;
	case PROBE_QUIT:
		break;
	}
	probe_finish(p, FCRDNS_OK);
}

/* Return 1 when a TCP connection to addr can mean a mail server: not the
 * unspecified address (Linux connects it to this host), 0.0.0.0/8, a
 * multicast, reserved (240/4) or broadcast address, IPv4-mapped or not. */
static int connectable(const fcrdns_addr *addr)
{
	static const uint8_t zero[16] = { 0 };
	static const uint8_t mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
	const uint8_t *b = addr->bytes;

	if (addr->family == AF_INET6 && memcmp(b, mapped, 12) == 0)
		b += 12; /* ::ffff:a.b.c.d reaches a.b.c.d */
	else if (addr->family == AF_INET6)
		return memcmp(b, zero, 16) != 0 && b[0] != 0xff;
	return b[0] != 0 && b[0] < 224;
}

/* Fill sa with addr:port. Returns its length, or 0 for another family. */
static socklen_t make_sockaddr(const fcrdns_addr *addr, uint16_t port,
			       struct sockaddr_storage *sa)
{
	memset(sa, 0, sizeof *sa);
	if (addr->family == AF_INET) {
		struct sockaddr_in *in = (struct sockaddr_in *)sa;
		in->sin_family = AF_INET;
		in->sin_port = htons(port);
		memcpy(&in->sin_addr, addr->bytes, 4);
		return sizeof *in;
	}
	if (addr->family == AF_INET6) {
		struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)sa;
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons(port);
		memcpy(&in6->sin6_addr, addr->bytes, 16);
		return sizeof *in6;
	}
	return 0;
}

/* Open the socket and start connecting to addr (sa, salen). An address
 * no mail server can have, or an immediate failure, is recorded in the
 * facts with no socket open (the 0 ms timer reports it).
 * Returns 0, or -1 on a resource error. */
static int begin_connect(smtp_probe *p, const fcrdns_addr *addr,
			 const struct sockaddr_storage *sa, socklen_t salen)
{
	if (!connectable(addr)) {
		p->facts->connect = SMTP_CONNECT_UNREACHABLE;
		return 0;
	}
	p->fd = socket(sa->ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (p->fd < 0) {
		if (errno == EMFILE || errno == ENFILE || errno == ENOMEM || errno == ENOBUFS)
			return -1;
		p->facts->connect = SMTP_CONNECT_UNREACHABLE; /* no such family here */
		return 0;
	}
	if (connect(p->fd, (const struct sockaddr *)sa, salen) != 0 && errno != EINPROGRESS) {
		p->facts->connect = connect_outcome(errno);
		close(p->fd);
		p->fd = -1;
		return 0;
	}
	/* Connected or in progress: writability tells which. */
	return fcrdns_io_add(p->loop, p->fd, FCRDNS_IO_WRITE, on_io, p, &p->io) == FCRDNS_OK ? 0
											    : -1;
}

int smtp_probe_start(fcrdns_loop *loop, const fcrdns_addr *addr, const smtp_probe_options *o,
		     smtp_probe_cb cb, void *arg)
{
	struct sockaddr_storage sa;
	socklen_t salen = make_sockaddr(addr, o->port, &sa);
	smtp_facts *facts;
	smtp_probe *p;

	if (salen == 0 || !smtp_helo_name_usable(o->helo_name))
		return FCRDNS_EINVAL;
	if ((p = malloc(sizeof *p)) == NULL || (facts = calloc(1, sizeof *facts)) == NULL) {
		free(p);
		return FCRDNS_ENOMEM;
	}
	*p = (smtp_probe){ .loop = loop, .fd = -1, .state = PROBE_CONNECTING,
			   .timeout_ms = o->timeout_ms, .facts = facts, .cb = cb, .arg = arg };
	strcpy(p->helo, o->helo_name);
	smtp_reader_init(&p->reader);
	/* With the socket closed already the timer fires at once. */
	if (begin_connect(p, addr, &sa, salen) != 0 ||
	    fcrdns_timer_add(loop, p->fd >= 0 ? p->timeout_ms : 0, on_timer, p, &p->timer) !=
		    FCRDNS_OK) {
		probe_close(p);
		smtp_reader_free(&p->reader);
		smtp_facts_free(p->facts);
		free(p);
		return FCRDNS_ENOMEM;
	}
	return FCRDNS_OK;
}
