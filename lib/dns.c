/* SPDX-License-Identifier: MIT */
/* dns.c: the DNS engine, the only file that includes ares.h. One c-ares
 * channel driven from epoll through the socket-state callback; a FIFO caps
 * the lookups in flight; answers are walked record by record so that CNAME
 * chains are followed (re-querying across zones) and every outcome keeps
 * its RCODE, which c-ares' own parse helpers would fold away. */
#include <ares.h>
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "dns.h"

#define DNS_DEFAULT_TIMEOUT_MS 2000
#define DNS_DEFAULT_TRIES 2
#define DNS_DEFAULT_INFLIGHT 256
#define DNS_MAX_INFLIGHT 65536
#define DNS_EDNS_SIZE 1232 /* DNS flag day 2020 */
#define DNS_MAX_ANSWERS 4096 /* more records than any 64 KiB message holds */
#define DNS_CLASS_IN 1

typedef struct dns_query {
	dns_engine *engine;
	char *name;          /* name being asked now (after CNAMEs) */
	char *cname;         /* last CNAME target followed */
	dns_type type;
	int hops;
	dns_callback cb;
	void *arg;
	struct dns_query *next; /* in the wait queue */
} dns_query;

struct dns_engine {
	ares_channel channel;
	int epfd;
	int destroying;
	size_t inflight;
	size_t max_inflight;
	dns_query *queue_head, *queue_tail;
	size_t queued;
};

/* One answer-section record; rdata points into the message. */
typedef struct dns_rr {
	char *owner;
	int type;
	const unsigned char *rdata;
	int rdlen;
} dns_rr;

/* ---- Socket registration ------------------------------------------------ */

static void sock_state_cb(void *data, ares_socket_t fd, int readable, int writable)
{
	dns_engine *e = data;
	struct epoll_event ev = { 0 };

	if (!readable && !writable) {
		epoll_ctl(e->epfd, EPOLL_CTL_DEL, fd, NULL);
		return;
	}
	ev.events = (readable ? EPOLLIN : 0) | (writable ? EPOLLOUT : 0);
	ev.data.fd = fd;
	if (epoll_ctl(e->epfd, EPOLL_CTL_MOD, fd, &ev) != 0 && errno == ENOENT)
		epoll_ctl(e->epfd, EPOLL_CTL_ADD, fd, &ev);
}

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

/* ---- Engine lifetime --------------------------------------------------- */

static int channel_init(dns_engine *e, const fcrdns_options *opts, unsigned mask)
{
	struct ares_options ao;
	int optmask = ARES_OPT_FLAGS | ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES |
		      ARES_OPT_SOCK_STATE_CB | ARES_OPT_EDNSPSZ;

	memset(&ao, 0, sizeof ao);
	/* No search list, no HOSTALIASES: we ask exactly the names we mean.
	 * NOCHECKRESP hands us SERVFAIL and REFUSED as such: without it c-ares
	 * 1.18 moves on and reports them as ECONNREFUSED, losing the RCODE. A
	 * server that does not answer at all is still failed over. */
	ao.flags = ARES_FLAG_NOSEARCH | ARES_FLAG_NOALIASES | ARES_FLAG_EDNS |
		   ARES_FLAG_NOCHECKRESP;
	ao.timeout = (mask & FCRDNS_OPT_TIMEOUT) && opts->timeout_ms
			     ? (int)opts->timeout_ms : DNS_DEFAULT_TIMEOUT_MS;
	ao.tries = (mask & FCRDNS_OPT_TRIES) && opts->tries ? (int)opts->tries
							     : DNS_DEFAULT_TRIES;
	ao.sock_state_cb = sock_state_cb;
	ao.sock_state_cb_data = e;
	ao.ednspsz = DNS_EDNS_SIZE;
	if (ares_init_options(&e->channel, &ao, optmask) != ARES_SUCCESS)
		return FCRDNS_EDNSINIT;
	if ((mask & FCRDNS_OPT_RESOLVERS) && opts->resolvers && opts->resolvers[0]) {
		int st = resolvers_validate(opts->resolvers);
		if (st != FCRDNS_OK)
			return st;
		if (ares_set_servers_ports_csv(e->channel, opts->resolvers) != ARES_SUCCESS)
			return FCRDNS_ERESOLVER;
	}
	return FCRDNS_OK;
}

int dns_engine_new(dns_engine **out, const fcrdns_options *opts, unsigned mask)
{
	static int library_ready;
	dns_engine *e;
	int st;

	*out = NULL;
	if (!library_ready) {
		if (ares_library_init(ARES_LIB_INIT_ALL) != ARES_SUCCESS)
			return FCRDNS_EDNSINIT;
		library_ready = 1;
	}
	if ((e = calloc(1, sizeof *e)) == NULL)
		return FCRDNS_ENOMEM;
	e->channel = NULL;
	e->max_inflight = DNS_DEFAULT_INFLIGHT;
	if ((mask & FCRDNS_OPT_MAX_INFLIGHT) && opts->max_inflight)
		e->max_inflight = opts->max_inflight < DNS_MAX_INFLIGHT
					  ? opts->max_inflight : DNS_MAX_INFLIGHT;
	if ((e->epfd = epoll_create1(EPOLL_CLOEXEC)) < 0) {
		free(e);
		return FCRDNS_ESYS;
	}
	if ((st = channel_init(e, opts, mask)) != FCRDNS_OK) {
		dns_engine_free(e);
		return st;
	}
	*out = e;
	return FCRDNS_OK;
}

static void query_free(dns_query *q)
{
	free(q->name);
	free(q->cname);
	free(q);
}

void dns_engine_free(dns_engine *e)
{
	if (e == NULL)
		return;
	e->destroying = 1;
	if (e->channel)
		ares_destroy(e->channel); /* callbacks see destroying and free */
	while (e->queue_head) {
		dns_query *q = e->queue_head;
		e->queue_head = q->next;
		query_free(q);
	}
	if (e->epfd >= 0)
		close(e->epfd);
	free(e);
}

size_t dns_engine_pending(const dns_engine *e)
{
	return e->inflight + e->queued;
}

/* ---- Names --------------------------------------------------------------- */

int dns_name_is_queryable(const char *name)
{
	size_t len = strlen(name), label = 0;

	if (len == 0 || len > 253)
		return 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)name[i];
		if (c == '.') {
			if (label == 0)
				return 0;
			label = 0;
			continue;
		}
		if (!isalnum(c) && c != '-' && c != '_')
			return 0;
		if (++label > 63)
			return 0;
	}
	return 1;
}

/* ---- Answer parsing -------------------------------------------------------- */

static int read_u16(const unsigned char *p)
{
	return p[0] << 8 | p[1];
}

/* Skip the question section; returns the offset after it, or -1. */
static int skip_questions(const unsigned char *abuf, int alen)
{
	int qdcount = read_u16(abuf + 4), off = 12;

	for (int i = 0; i < qdcount; i++) {
		char *name;
		long enclen;
		if (ares_expand_name(abuf + off, abuf, alen, &name, &enclen) != ARES_SUCCESS)
			return -1;
		ares_free_string(name);
		off += (int)enclen + 4;
		if (off > alen)
			return -1;
	}
	return off;
}

/* Return 1 when every record of every section parses inside the message.
 * c-ares acts on the RCODE alone; a cut NXDOMAIN must not pass for one. */
static int message_is_wellformed(const unsigned char *abuf, int alen)
{
	int off, count;

	if (abuf == NULL || alen < 12 || (off = skip_questions(abuf, alen)) < 0)
		return 0;
	count = read_u16(abuf + 6) + read_u16(abuf + 8) + read_u16(abuf + 10);
	for (int i = 0; i < count; i++) {
		char *owner;
		long enclen;
		if (ares_expand_name(abuf + off, abuf, alen, &owner, &enclen) != ARES_SUCCESS)
			return 0;
		ares_free_string(owner);
		off += (int)enclen;
		if (off + 10 > alen)
			return 0;
		off += 10 + read_u16(abuf + off + 8);
		if (off > alen)
			return 0;
	}
	return 1;
}

static void rrs_free(dns_rr *rrs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		ares_free_string(rrs[i].owner);
	free(rrs);
}

/* Collect the answer section into *out. Returns the count, or -1 when the
 * message is malformed or memory runs out. */
static int collect_answers(const unsigned char *abuf, int alen, dns_rr **out)
{
	int ancount, off;
	dns_rr *rrs;
	size_t n = 0;

	*out = NULL;
	if (alen < 12 || (off = skip_questions(abuf, alen)) < 0)
		return -1;
	ancount = read_u16(abuf + 6);
	if (ancount > DNS_MAX_ANSWERS)
		ancount = DNS_MAX_ANSWERS;
	if ((rrs = calloc((size_t)ancount + 1, sizeof *rrs)) == NULL)
		return -1;
	for (int i = 0; i < ancount; i++) {
		char *owner;
		long enclen;
		if (ares_expand_name(abuf + off, abuf, alen, &owner, &enclen) != ARES_SUCCESS)
			goto malformed;
		off += (int)enclen;
		if (off + 10 > alen) {
			ares_free_string(owner);
			goto malformed;
		}
		rrs[n].owner = owner;
		rrs[n].type = read_u16(abuf + off);
		rrs[n].rdlen = read_u16(abuf + off + 8);
		rrs[n].rdata = abuf + off + 10;
		n++;
		off += 10 + rrs[n - 1].rdlen;
		if (off > alen)
			goto malformed;
	}
	*out = rrs;
	return (int)n;
malformed:
	rrs_free(rrs, n);
	return -1;
}

/* Follow the CNAME chain that starts at name inside the answer, counting
 * each step in *hops and stopping at FCRDNS_MAX_CNAME_HOPS. Returns the
 * owner the data should have: name, or *target_out (the last target,
 * allocated by c-ares), or NULL when a CNAME's target is malformed. */
static const char *follow_cnames(const dns_rr *rrs, int n, const char *name, int *hops,
				 const unsigned char *abuf, int alen, char **target_out)
{
	const char *current = name;

	*target_out = NULL;
	while (*hops < FCRDNS_MAX_CNAME_HOPS) {
		int found = 0;
		for (int i = 0; i < n; i++) {
			char *target;
			long enclen;
			if (rrs[i].type != DNS_TYPE_CNAME || strcasecmp(rrs[i].owner, current) != 0)
				continue;
			if (ares_expand_name(rrs[i].rdata, abuf, alen, &target, &enclen) != ARES_SUCCESS)
				return NULL;
			if (*target_out)
				ares_free_string(*target_out);
			*target_out = target;
			current = target;
			found = 1;
			++*hops;
			break;
		}
		if (!found)
			break;
	}
	return current;
}

/* Gather the records of q's type owned by owner into ans. Returns 0, or -1
 * when memory runs out or a PTR target is malformed. */
static int gather_data(const dns_query *q, const dns_rr *rrs, int n, const char *owner,
		       const unsigned char *abuf, int alen, dns_answer *ans)
{
	size_t want = q->type == DNS_TYPE_A ? 4 : 16;

	if (q->type == DNS_TYPE_PTR)
		ans->names = calloc((size_t)n + 1, sizeof *ans->names);
	else
		ans->addrs = calloc((size_t)n + 1, sizeof *ans->addrs);
	if (ans->names == NULL && ans->addrs == NULL)
		return -1;
	for (int i = 0; i < n; i++) {
		if (rrs[i].type != (int)q->type || strcasecmp(rrs[i].owner, owner) != 0)
			continue;
		if (q->type == DNS_TYPE_PTR) {
			long enclen;
			char *target;
			if (ares_expand_name(rrs[i].rdata, abuf, alen, &target, &enclen) != ARES_SUCCESS)
				return -1;
			ans->names[ans->nnames++] = target;
		} else if ((size_t)rrs[i].rdlen == want) {
			fcrdns_addr *a = &ans->addrs[ans->naddrs++];
			a->family = q->type == DNS_TYPE_A ? AF_INET : AF_INET6;
			memcpy(a->bytes, rrs[i].rdata, want);
		}
	}
	return 0;
}

static void answer_clear(dns_answer *ans)
{
	for (size_t i = 0; i < ans->nnames; i++)
		ares_free_string(ans->names[i]);
	free(ans->names);
	free(ans->addrs);
	memset(ans, 0, sizeof *ans);
}

static void query_start(dns_query *q);

/* Replace q's name with a CNAME target and ask again. Returns 0, or -1 when
 * memory runs out. */
static int query_restart(dns_query *q, const char *target)
{
	char *name = strdup(target), *cname = strdup(target);

	if (name == NULL || cname == NULL) {
		free(name);
		free(cname);
		return -1;
	}
	free(q->name);
	free(q->cname);
	q->name = name;
	q->cname = cname;
	query_start(q);
	return 0;
}

/* Deliver ans for q, free q, and start a waiting query in its slot. */
static void query_finish(dns_query *q, dns_answer *ans)
{
	dns_engine *e = q->engine;

	ans->cname = q->cname;
	q->cb(q->arg, ans);
	query_free(q);
	e->inflight--;
	while (e->queue_head && e->inflight < e->max_inflight) {
		dns_query *next = e->queue_head;
		e->queue_head = next->next;
		if (e->queue_head == NULL)
			e->queue_tail = NULL;
		e->queued--;
		e->inflight++;
		query_start(next);
	}
}

/* Turn a successful message into an outcome, or restart q on a CNAME
 * target. Returns 1 when q was restarted (nothing to deliver yet). */
static int interpret_message(dns_query *q, const unsigned char *abuf, int alen, dns_answer *ans)
{
	dns_rr *rrs;
	char *target = NULL;
	int n = collect_answers(abuf, alen, &rrs), restarted = 0;

	ans->outcome = FCRDNS_LOOKUP_ERROR;
	if (n < 0)
		return 0;
	const char *owner = follow_cnames(rrs, n, q->name, &q->hops, abuf, alen, &target);
	if (owner == NULL) {
		/* malformed CNAME target: an error, already set */
	} else if (gather_data(q, rrs, n, owner, abuf, alen, ans) != 0) {
		ans->outcome = FCRDNS_LOOKUP_ERROR;
	} else if (ans->nnames > 0 || ans->naddrs > 0) {
		ans->outcome = FCRDNS_LOOKUP_ANSWER;
	} else if (target == NULL) {
		ans->outcome = FCRDNS_LOOKUP_NODATA;
	} else if (q->hops < FCRDNS_MAX_CNAME_HOPS) {
		/* The chain leaves this answer (another zone): ask for its end. */
		restarted = query_restart(q, target) == 0;
	} else {
		ans->outcome = FCRDNS_LOOKUP_CNAME_LOOP;
	}
	if (target != NULL && !restarted) {
		free(q->cname);
		q->cname = strdup(target);
	}
	if (target != NULL)
		ares_free_string(target);
	rrs_free(rrs, (size_t)n);
	return restarted;
}

static fcrdns_lookup outcome_from_status(int status)
{
	switch (status) {
	case ARES_ENOTFOUND: return FCRDNS_LOOKUP_NXDOMAIN;
	case ARES_ENODATA: return FCRDNS_LOOKUP_NODATA;
	case ARES_ESERVFAIL: return FCRDNS_LOOKUP_SERVFAIL;
	case ARES_EREFUSED: return FCRDNS_LOOKUP_REFUSED;
	case ARES_ETIMEOUT:
	case ARES_ECONNREFUSED: return FCRDNS_LOOKUP_TIMEOUT;
	default: return FCRDNS_LOOKUP_ERROR;
	}
}

static void query_callback(void *arg, int status, int timeouts, unsigned char *abuf, int alen)
{
	dns_query *q = arg;
	dns_answer ans;

	(void)timeouts;
	if (q->engine->destroying) {
		query_free(q);
		return;
	}
	memset(&ans, 0, sizeof ans);
	if (status == ARES_SUCCESS && abuf != NULL) {
		if (interpret_message(q, abuf, alen, &ans)) {
			answer_clear(&ans);
			return;
		}
	} else {
		ans.outcome = outcome_from_status(status);
		/* A negative answer counts only if the whole message parses. */
		if ((ans.outcome == FCRDNS_LOOKUP_NXDOMAIN || ans.outcome == FCRDNS_LOOKUP_NODATA) &&
		    !message_is_wellformed(abuf, alen))
			ans.outcome = FCRDNS_LOOKUP_ERROR;
	}
	query_finish(q, &ans);
	answer_clear(&ans);
}

static void query_start(dns_query *q)
{
	ares_query(q->engine->channel, q->name, DNS_CLASS_IN, (int)q->type, query_callback, q);
}

int dns_lookup(dns_engine *e, const char *name, dns_type type, dns_callback cb, void *arg)
{
	dns_query *q = calloc(1, sizeof *q);

	if (q == NULL || (q->name = strdup(name)) == NULL) {
		free(q);
		return FCRDNS_ENOMEM;
	}
	q->engine = e;
	q->type = type;
	q->cb = cb;
	q->arg = arg;
	if (e->inflight < e->max_inflight) {
		e->inflight++;
		query_start(q);
		return FCRDNS_OK;
	}
	if (e->queue_tail)
		e->queue_tail->next = q;
	else
		e->queue_head = q;
	e->queue_tail = q;
	e->queued++;
	return FCRDNS_OK;
}

/* ---- Event loop ------------------------------------------------------------- */

/* Return the wait in ms before c-ares' next deadline, capped by limit_ms
 * (-1: no cap). */
static int next_wait_ms(dns_engine *e, int limit_ms)
{
	struct timeval tv, *tvp = ares_timeout(e->channel, NULL, &tv);
	int wait = -1;

	if (tvp != NULL)
		wait = (int)(tvp->tv_sec * 1000 + (tvp->tv_usec + 999) / 1000);
	if (limit_ms >= 0 && (wait < 0 || limit_ms < wait))
		wait = limit_ms;
	return wait;
}

int dns_engine_process(dns_engine *e, int timeout_ms)
{
	struct epoll_event evs[64];
	int n;

	if (e->inflight == 0)
		return FCRDNS_OK;
	n = epoll_wait(e->epfd, evs, (int)(sizeof evs / sizeof evs[0]), next_wait_ms(e, timeout_ms));
	if (n < 0 && errno != EINTR)
		return FCRDNS_ESYS;
	for (int i = 0; i < n; i++) {
		ares_socket_t fd = evs[i].data.fd;
		int rd = evs[i].events & (EPOLLIN | EPOLLERR | EPOLLHUP);
		int wr = evs[i].events & EPOLLOUT;
		ares_process_fd(e->channel, rd ? fd : ARES_SOCKET_BAD, wr ? fd : ARES_SOCKET_BAD);
	}
	/* Expire timed-out queries and retry them. */
	ares_process_fd(e->channel, ARES_SOCKET_BAD, ARES_SOCKET_BAD);
	return FCRDNS_OK;
}
