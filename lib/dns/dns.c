/* SPDX-License-Identifier: MIT */
/* dns.c: the DNS engine, the only file that includes ares.h. One c-ares
 * channel driven from epoll; a bounded CLOCK cache of answers by (name,
 * type) that also coalesces identical lookups in flight; a FIFO and a token
 * bucket that cap the queries in flight and per second. Answers are walked
 * record by record so that CNAME chains are followed across zones and every
 * outcome keeps its RCODE, which c-ares' own parse helpers would fold away. */
#include <ares.h>
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

#include "dns/dns.h"

#define DNS_DEFAULT_TIMEOUT_MS 2000
#define DNS_DEFAULT_TRIES 2
#define DNS_DEFAULT_INFLIGHT 256
#define DNS_MAX_INFLIGHT 65536
#define DNS_EDNS_SIZE 1232 /* DNS flag day 2020 */
#define DNS_MAX_ANSWERS 4096 /* more records than any 64 KiB message holds */
#define DNS_CLASS_IN 1

#define DNS_DEFAULT_CACHE 65536
#define DNS_MAX_CACHE (1u << 24)
#define DNS_TTL_MAX 3600 /* seconds: even long-lived answers are re-asked */
#define DNS_SOCKBUF (4 << 20) /* bytes; bursts of answers must not drop */
#define DNS_KEY_MAX 256 /* a queryable name is at most 253 octets */

typedef struct dns_entry dns_entry;

/* One party waiting for an answer: attached to an entry still being looked
 * up, or queued for delivery of a cached answer (then entry is set). */
typedef struct dns_waiter {
	dns_callback cb;
	void *arg;
	dns_entry *entry;
	struct dns_waiter *next;
} dns_waiter;

/* One (name, type): PENDING while its query is out (the waiters attach to
 * it: identical lookups are coalesced), READY when its answer is cached. */
struct dns_entry {
	dns_entry *hnext;          /* hash chain */
	uint32_t hash;
	dns_type type;
	int ready;
	unsigned char referenced;  /* CLOCK: used since the hand last passed */
	unsigned pins;             /* cached deliveries not yet made */
	size_t ring;               /* slot in the CLOCK ring when ready */
	dns_waiter *waiters;       /* pending: in arrival order */
	dns_waiter **waiters_tail;
	int64_t expires_ms;        /* ready: when the answer goes stale */
	dns_answer answer;         /* ready: points into data */
	void *data;
	char key[];                /* lowercase name */
};

typedef struct dns_query {
	dns_engine *engine;
	dns_entry *entry;    /* whose waiters get the answer */
	char *name;          /* name being asked now (after CNAMEs) */
	char *cname;         /* last CNAME target followed */
	dns_type type;
	int hops;
	uint32_t ttl;        /* smallest TTL seen along the CNAME chain */
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
	/* Entries by (name, type); buckets is a power of two. */
	dns_entry **buckets;
	size_t nbuckets;
	/* The CLOCK ring of ready entries; NULL slots are free. */
	dns_entry **ring;
	size_t ring_size, hand;
	/* Cached answers waiting to be delivered from dns_engine_process(). */
	dns_waiter *deferred, **deferred_tail;
	size_t ndeferred;
	dns_waiter *spare_waiters; /* free list: no malloc per lookup */
	/* Token bucket: rate_qps tokens a second, at most burst saved. */
	unsigned rate_qps;
	double tokens, burst;
	int64_t tokens_at_us;
};

/* One answer-section record; rdata points into the message. */
typedef struct dns_rr {
	int owner;           /* offset of the encoded owner name */
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

/* ---- Clocks and the token bucket ------------------------------------------ */

static int64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Add the tokens earned since the last refill, up to the burst. */
static void tokens_refill(dns_engine *e)
{
	int64_t now = now_us();

	e->tokens += (double)(now - e->tokens_at_us) * e->rate_qps / 1e6;
	if (e->tokens > e->burst)
		e->tokens = e->burst;
	e->tokens_at_us = now;
}

/* Take a token for one query. Returns 1, or 0 when the rate is spent. */
static int token_take(dns_engine *e)
{
	if (e->rate_qps == 0)
		return 1;
	if (e->tokens < 1.0)
		tokens_refill(e);
	if (e->tokens < 1.0)
		return 0;
	e->tokens -= 1.0;
	return 1;
}

/* Return the ms until the next token (0 when one is there, -1: no cap). */
static int token_wait_ms(dns_engine *e)
{
	if (e->rate_qps == 0)
		return -1;
	tokens_refill(e);
	if (e->tokens >= 1.0)
		return 0;
	return (int)((1.0 - e->tokens) * 1000.0 / e->rate_qps) + 1;
}

/* ---- Engine lifetime --------------------------------------------------- */

static int channel_init(dns_engine *e, const fcrdns_options *opts, unsigned mask)
{
	struct ares_options ao;
	int optmask = ARES_OPT_FLAGS | ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES |
		      ARES_OPT_SOCK_STATE_CB | ARES_OPT_EDNSPSZ | ARES_OPT_SOCK_RCVBUF |
		      ARES_OPT_SOCK_SNDBUF;

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
	/* c-ares 1.18 sends every UDP query to a server through one socket:
	 * thousands of answers can arrive between two reads, and the default
	 * buffer would drop them (each drop costs a full timeout). */
	ao.socket_receive_buffer_size = DNS_SOCKBUF;
	ao.socket_send_buffer_size = DNS_SOCKBUF;
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

/* Size the cache (and the hash table, which also holds the pending
 * entries) and the rate limit from the options. Returns a status. */
static int cache_init(dns_engine *e, const fcrdns_options *opts, unsigned mask)
{
	size_t cap = DNS_DEFAULT_CACHE;

	if (mask & FCRDNS_OPT_CACHE_ENTRIES)
		cap = opts->cache_entries < DNS_MAX_CACHE ? opts->cache_entries : DNS_MAX_CACHE;
	e->ring_size = cap;
	for (e->nbuckets = 1024; e->nbuckets < cap; e->nbuckets <<= 1)
		;
	e->buckets = calloc(e->nbuckets, sizeof *e->buckets);
	e->ring = cap ? calloc(cap, sizeof *e->ring) : NULL;
	if (e->buckets == NULL || (cap && e->ring == NULL))
		return FCRDNS_ENOMEM;
	e->deferred_tail = &e->deferred;
	if ((mask & FCRDNS_OPT_RATE) && opts->rate_qps) {
		e->rate_qps = opts->rate_qps;
		/* A twentieth of a second's worth, so bursts stay short. */
		e->burst = opts->rate_qps / 20 > 1 ? opts->rate_qps / 20 : 1;
		e->tokens = e->burst;
		e->tokens_at_us = now_us();
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
	if ((st = cache_init(e, opts, mask)) != FCRDNS_OK ||
	    (st = channel_init(e, opts, mask)) != FCRDNS_OK) {
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

static void waiters_free(dns_waiter *w)
{
	while (w) {
		dns_waiter *next = w->next;
		free(w);
		w = next;
	}
}

static void entry_free(dns_entry *ent)
{
	waiters_free(ent->waiters);
	free(ent->data);
	free(ent);
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
	for (size_t i = 0; e->buckets && i < e->nbuckets; i++) {
		while (e->buckets[i]) {
			dns_entry *ent = e->buckets[i];
			e->buckets[i] = ent->hnext;
			entry_free(ent);
		}
	}
	waiters_free(e->deferred);
	waiters_free(e->spare_waiters);
	free(e->buckets);
	free(e->ring);
	if (e->epfd >= 0)
		close(e->epfd);
	free(e);
}

size_t dns_engine_pending(const dns_engine *e)
{
	return e->inflight + e->queued + e->ndeferred;
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

/* ---- The cache: entries by (name, type), CLOCK eviction ------------------ */

/* Write name in lowercase into key (DNS_KEY_MAX bytes) and return its hash
 * with type, or set *len to 0 when the name does not fit. */
static uint32_t key_make(const char *name, dns_type type, char *key, size_t *len)
{
	uint32_t h = 2166136261u ^ (uint32_t)type; /* FNV-1a */
	size_t n = 0;

	for (; name[n] && n < DNS_KEY_MAX - 1; n++) {
		key[n] = (char)tolower((unsigned char)name[n]);
		h = (h ^ (unsigned char)key[n]) * 16777619u;
	}
	key[n] = '\0';
	*len = name[n] ? 0 : n;
	return h;
}

static dns_entry *entry_find(dns_engine *e, const char *key, uint32_t h, dns_type type)
{
	for (dns_entry *ent = e->buckets[h & (e->nbuckets - 1)]; ent; ent = ent->hnext)
		if (ent->hash == h && ent->type == type && strcmp(ent->key, key) == 0)
			return ent;
	return NULL;
}

/* Take ent out of the hash table and the ring (not freed). */
static void entry_unlink(dns_engine *e, dns_entry *ent)
{
	dns_entry **pp = &e->buckets[ent->hash & (e->nbuckets - 1)];

	while (*pp != ent)
		pp = &(*pp)->hnext;
	*pp = ent->hnext;
	if (ent->ready && e->ring[ent->ring] == ent)
		e->ring[ent->ring] = NULL;
}

/* Create a pending entry for key (len bytes). Returns NULL on ENOMEM. */
static dns_entry *entry_new(dns_engine *e, const char *key, size_t len, uint32_t h, dns_type type)
{
	dns_entry *ent = calloc(1, sizeof *ent + len + 1);
	dns_entry **bucket = &e->buckets[h & (e->nbuckets - 1)];

	if (ent == NULL)
		return NULL;
	memcpy(ent->key, key, len + 1);
	ent->hash = h;
	ent->type = type;
	ent->waiters_tail = &ent->waiters;
	ent->hnext = *bucket;
	*bucket = ent;
	return ent;
}

/* Find a ring slot for a newly ready entry, evicting with CLOCK: skip (and
 * clear) referenced or pinned entries, take a free slot or the first other.
 * Returns the slot, or ring_size when every entry is pinned. */
static size_t ring_claim(dns_engine *e)
{
	for (size_t step = 0; step < 2 * e->ring_size + 1; step++) {
		size_t slot = e->hand;
		dns_entry *old = e->ring[slot];
		e->hand = (e->hand + 1) % e->ring_size;
		if (old == NULL)
			return slot;
		if (old->referenced || old->pins) {
			old->referenced = 0;
			continue;
		}
		entry_unlink(e, old);
		entry_free(old);
		return slot;
	}
	return e->ring_size;
}

/* Copy ans (and q's last CNAME) into one block owned by ent. Returns 0 or
 * -1 on ENOMEM. */
static int entry_store(dns_entry *ent, const dns_answer *ans)
{
	size_t size = ans->naddrs * sizeof(fcrdns_addr) + ans->nnames * sizeof(char *);
	size_t clen = ans->cname ? strlen(ans->cname) + 1 : 0;
	char *p;

	size += clen;
	for (size_t i = 0; i < ans->nnames; i++)
		size += strlen(ans->names[i]) + 1;
	if ((ent->data = malloc(size ? size : 1)) == NULL)
		return -1;
	p = ent->data;
	ent->answer = *ans;
	ent->answer.addrs = (fcrdns_addr *)(void *)p;
	if (ans->naddrs > 0) /* addrs may be NULL: no memcpy from NULL */
		memcpy(p, ans->addrs, ans->naddrs * sizeof(fcrdns_addr));
	p += ans->naddrs * sizeof(fcrdns_addr);
	ent->answer.names = (char **)(void *)p;
	p += ans->nnames * sizeof(char *);
	for (size_t i = 0; i < ans->nnames; i++) {
		size_t n = strlen(ans->names[i]) + 1;
		ent->answer.names[i] = memcpy(p, ans->names[i], n);
		p += n;
	}
	ent->answer.cname = clen ? memcpy(p, ans->cname, clen) : NULL;
	return 0;
}

/* Make pending ent ready with ans for ttl seconds. Returns 0, or -1 when
 * it cannot be cached (the caller then drops the entry). */
static int entry_make_ready(dns_engine *e, dns_entry *ent, const dns_answer *ans, uint32_t ttl)
{
	size_t slot;

	if (e->ring_size == 0 || ttl == 0 || (slot = ring_claim(e)) == e->ring_size)
		return -1;
	if (entry_store(ent, ans) != 0)
		return -1;
	ent->ready = 1;
	ent->ring = slot;
	ent->referenced = 0;
	ent->expires_ms = now_us() / 1000 + (int64_t)(ttl < DNS_TTL_MAX ? ttl : DNS_TTL_MAX) * 1000;
	e->ring[slot] = ent;
	return 0;
}

/* ---- Waiters ------------------------------------------------------------- */

static dns_waiter *waiter_new(dns_engine *e, dns_callback cb, void *arg, dns_entry *ent)
{
	dns_waiter *w = e->spare_waiters;

	if (w != NULL)
		e->spare_waiters = w->next;
	else if ((w = malloc(sizeof *w)) == NULL)
		return NULL;
	*w = (dns_waiter){ cb, arg, ent, NULL };
	return w;
}

static void waiter_recycle(dns_engine *e, dns_waiter *w)
{
	w->next = e->spare_waiters;
	e->spare_waiters = w;
}

/* Call every waiter of list with ans, recycling them. */
static void waiters_deliver(dns_engine *e, dns_waiter *list, const dns_answer *ans)
{
	while (list) {
		dns_waiter *next = list->next;
		list->cb(list->arg, ans);
		waiter_recycle(e, list);
		list = next;
	}
}

/* Deliver the cached answers queued by dns_lookup(), including those that
 * callbacks queue meanwhile. */
static void deliver_deferred(dns_engine *e)
{
	while (e->deferred) {
		dns_waiter *w = e->deferred;
		if ((e->deferred = w->next) == NULL)
			e->deferred_tail = &e->deferred;
		e->ndeferred--;
		w->cb(w->arg, &w->entry->answer);
		w->entry->pins--;
		waiter_recycle(e, w);
	}
}

/* ---- Answer parsing -------------------------------------------------------- */

static int read_u16(const unsigned char *p)
{
	return p[0] << 8 | p[1];
}

static uint32_t read_u32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Return the offset just past the encoded name at off (labels up to the
 * root, or up to a compression pointer), or -1 when it runs off the end or
 * uses a reserved label type. The name itself is not needed: c-ares has
 * already matched the question to our query, so it is not expanded. */
static int skip_name(const unsigned char *abuf, int alen, int off)
{
	while (off < alen) {
		int len = abuf[off];
		if (len == 0)
			return off + 1;
		if ((len & 0xc0) == 0xc0)
			return off + 2 <= alen ? off + 2 : -1;
		if (len & 0xc0)
			return -1;
		off += 1 + len;
	}
	return -1;
}

/* Skip the question section; returns the offset after it, or -1. */
static int skip_questions(const unsigned char *abuf, int alen)
{
	int qdcount = read_u16(abuf + 4), off = 12;

	for (int i = 0; i < qdcount; i++) {
		if ((off = skip_name(abuf, alen, off)) < 0)
			return -1;
		off += 4;
		if (off > alen)
			return -1;
	}
	return off;
}

/* Return the negative-caching TTL of an SOA record's rdata at off (RFC
 * 2308: the smaller of its TTL and MINIMUM), or 0 when malformed. */
static uint32_t soa_negative_ttl(const unsigned char *abuf, int alen, int off, uint32_t ttl)
{
	for (int i = 0; i < 2; i++) { /* MNAME, RNAME */
		char *name;
		long enclen;
		if (ares_expand_name(abuf + off, abuf, alen, &name, &enclen) != ARES_SUCCESS)
			return 0;
		ares_free_string(name);
		off += (int)enclen;
	}
	if (off + 20 > alen)
		return 0;
	uint32_t minimum = read_u32(abuf + off + 16);
	return minimum < ttl ? minimum : ttl;
}

/* Return 1 when every record of every section parses inside the message,
 * and set *neg_ttl to the negative-caching TTL of an authority SOA (0 when
 * there is none). c-ares acts on the RCODE alone; a cut NXDOMAIN must not
 * pass for one. */
static int message_is_wellformed(const unsigned char *abuf, int alen, uint32_t *neg_ttl)
{
	int off, count, answers;

	*neg_ttl = 0;
	if (abuf == NULL || alen < 12 || (off = skip_questions(abuf, alen)) < 0)
		return 0;
	answers = read_u16(abuf + 6);
	count = answers + read_u16(abuf + 8) + read_u16(abuf + 10);
	for (int i = 0; i < count; i++) {
		char *owner;
		long enclen;
		if (ares_expand_name(abuf + off, abuf, alen, &owner, &enclen) != ARES_SUCCESS)
			return 0;
		ares_free_string(owner);
		off += (int)enclen;
		if (off + 10 > alen)
			return 0;
		if (i >= answers && read_u16(abuf + off) == 6 && *neg_ttl == 0)
			*neg_ttl = soa_negative_ttl(abuf, alen, off + 10, read_u32(abuf + off + 4));
		off += 10 + read_u16(abuf + off + 8);
		if (off > alen)
			return 0;
	}
	return 1;
}

static void rrs_free(dns_rr *rrs, size_t n)
{
	(void)n;
	free(rrs);
}

#define NAME_JUMPS_MAX 64 /* compression pointers followed in one name */

/* Walk the encoded name at off, following compression pointers, checking
 * that every label lies inside the message, that pointers do not loop and
 * that the name fits 255 octets. Returns the octets the name occupies at
 * off, or -1 when it is malformed. (This is what ares_expand_name()
 * checks, without allocating the text: owners are compared in place.) */
static int name_checked_length(const unsigned char *abuf, int alen, int off)
{
	int length = -1, total = 0, jumps = 0, pos = off;

	while (pos < alen) {
		int len = abuf[pos];
		if ((len & 0xc0) == 0xc0) {
			if (pos + 1 >= alen || ++jumps > NAME_JUMPS_MAX)
				return -1;
			if (length < 0)
				length = pos + 2 - off;
			pos = (len & 0x3f) << 8 | abuf[pos + 1];
			continue;
		}
		if (len & 0xc0)
			return -1;
		if (len == 0)
			return length < 0 ? pos + 1 - off : length;
		if (pos + 1 + len > alen || (total += len + 1) > 255)
			return -1;
		pos += 1 + len;
	}
	return -1;
}

/* Return 1 when c stands as itself in a presentation-form name (c-ares
 * escapes the others as \DDD or \c). */
static int plain_name_char(unsigned char c)
{
	return c >= 0x20 && c < 0x7f && c != '.' && c != '\\' && c != '"' && c != ';' &&
	       c != '(' && c != ')' && c != '@' && c != '$';
}

static unsigned char ascii_lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + ('a' - 'A')) : c;
}

/* Return 1 when the (checked) encoded name at off equals name, given in
 * presentation form, ignoring ASCII case. A name holding escapes is
 * compared in expanded form. */
static int name_equals(const unsigned char *abuf, int alen, int off, const char *name)
{
	const char *p = name;
	int jumps = 0;

	if (strchr(name, '\\') != NULL) {
		char *text;
		long enclen;
		int same;
		if (ares_expand_name(abuf + off, abuf, alen, &text, &enclen) != ARES_SUCCESS)
			return 0;
		same = strcasecmp(text, name) == 0;
		ares_free_string(text);
		return same;
	}
	while (off < alen && jumps <= NAME_JUMPS_MAX) {
		int len = abuf[off];
		if ((len & 0xc0) == 0xc0) {
			if (off + 1 >= alen)
				return 0;
			off = (len & 0x3f) << 8 | abuf[off + 1];
			jumps++;
			continue;
		}
		if (len == 0)
			return *p == '\0';
		if ((len & 0xc0) || off + 1 + len > alen)
			return 0;
		if (p != name && *p++ != '.')
			return 0;
		for (int i = 1; i <= len; i++, p++)
			if (!plain_name_char(abuf[off + i]) ||
			    ascii_lower(abuf[off + i]) != ascii_lower((unsigned char)*p))
				return 0;
		off += 1 + len;
	}
	return 0;
}

/* Collect the answer section into *out and the smallest TTL into *ttl.
 * Returns the count, or -1 when the message is malformed or memory runs
 * out. */
static int collect_answers(const unsigned char *abuf, int alen, dns_rr **out, uint32_t *ttl)
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
		int enclen = name_checked_length(abuf, alen, off);
		if (enclen < 0)
			goto malformed;
		rrs[n].owner = off;
		off += enclen;
		if (off + 10 > alen)
			goto malformed;
		rrs[n].type = read_u16(abuf + off);
		rrs[n].rdlen = read_u16(abuf + off + 8);
		rrs[n].rdata = abuf + off + 10;
		if (read_u32(abuf + off + 4) < *ttl)
			*ttl = read_u32(abuf + off + 4);
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
			if (rrs[i].type != DNS_TYPE_CNAME ||
			    !name_equals(abuf, alen, rrs[i].owner, current))
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
		if (rrs[i].type != (int)q->type || !name_equals(abuf, alen, rrs[i].owner, owner))
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
	/* The chain's next step is a query too: it spends a token (the
	 * balance may go below zero; the next queued query then waits). */
	if (q->engine->rate_qps)
		q->engine->tokens -= 1.0;
	query_start(q);
	return 0;
}

/* Start waiting queries while there is room in flight and a token. */
static void queue_pump(dns_engine *e)
{
	while (e->queue_head && e->inflight < e->max_inflight && token_take(e)) {
		dns_query *next = e->queue_head;
		e->queue_head = next->next;
		if (e->queue_head == NULL)
			e->queue_tail = NULL;
		e->queued--;
		e->inflight++;
		query_start(next);
	}
}

/* Deliver ans for q to every waiter of its entry, caching it first when it
 * is definite; free q and start waiting queries in its slot. */
static void query_finish(dns_query *q, dns_answer *ans, uint32_t ttl)
{
	dns_engine *e = q->engine;
	dns_entry *ent = q->entry;
	dns_waiter *waiters = ent->waiters;
	int definite = ans->outcome == FCRDNS_LOOKUP_ANSWER ||
		       ans->outcome == FCRDNS_LOOKUP_NXDOMAIN ||
		       ans->outcome == FCRDNS_LOOKUP_NODATA;

	ans->cname = q->cname;
	ent->waiters = NULL;
	ent->waiters_tail = &ent->waiters;
	e->inflight--;
	if (definite && entry_make_ready(e, ent, ans, ttl) == 0) {
		/* Pinned: a callback's own lookups must not evict it. */
		ent->pins++;
		waiters_deliver(e, waiters, &ent->answer);
		ent->pins--;
	} else {
		/* Never cached (a transient failure, or no room): later askers
		 * start afresh. */
		entry_unlink(e, ent);
		waiters_deliver(e, waiters, ans);
		entry_free(ent);
	}
	query_free(q);
	queue_pump(e);
}

/* Turn a successful message into an outcome, or restart q on a CNAME
 * target. Returns 1 when q was restarted (nothing to deliver yet). */
static int interpret_message(dns_query *q, const unsigned char *abuf, int alen, dns_answer *ans)
{
	dns_rr *rrs;
	char *target = NULL;
	int n = collect_answers(abuf, alen, &rrs, &q->ttl), restarted = 0;
	uint32_t neg_ttl;

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
		if (!message_is_wellformed(abuf, alen, &neg_ttl))
			neg_ttl = 0;
		if (neg_ttl < q->ttl)
			q->ttl = neg_ttl;
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
		uint32_t neg_ttl = 0;
		ans.outcome = outcome_from_status(status);
		/* A negative answer counts only if the whole message parses;
		 * it is cached for as long as its SOA says (RFC 2308). */
		if ((ans.outcome == FCRDNS_LOOKUP_NXDOMAIN || ans.outcome == FCRDNS_LOOKUP_NODATA) &&
		    !message_is_wellformed(abuf, alen, &neg_ttl))
			ans.outcome = FCRDNS_LOOKUP_ERROR;
		if (neg_ttl < q->ttl)
			q->ttl = neg_ttl;
	}
	query_finish(q, &ans, q->ttl);
	answer_clear(&ans);
}

static void query_start(dns_query *q)
{
	ares_query(q->engine->channel, q->name, DNS_CLASS_IN, (int)q->type, query_callback, q);
}

/* Queue a query for pending entry ent. Returns a status. */
static int query_enqueue(dns_engine *e, dns_entry *ent, const char *name, dns_type type)
{
	dns_query *q = calloc(1, sizeof *q);

	if (q == NULL || (q->name = strdup(name)) == NULL) {
		free(q);
		return FCRDNS_ENOMEM;
	}
	q->engine = e;
	q->entry = ent;
	q->type = type;
	q->ttl = UINT32_MAX;
	if (e->queue_tail)
		e->queue_tail->next = q;
	else
		e->queue_head = q;
	e->queue_tail = q;
	e->queued++;
	return FCRDNS_OK;
}

/* Queue a cached answer of ent for delivery from dns_engine_process(). */
static int lookup_hit(dns_engine *e, dns_entry *ent, dns_callback cb, void *arg)
{
	dns_waiter *w = waiter_new(e, cb, arg, ent);

	if (w == NULL)
		return FCRDNS_ENOMEM;
	ent->referenced = 1;
	ent->pins++;
	*e->deferred_tail = w;
	e->deferred_tail = &w->next;
	e->ndeferred++;
	return FCRDNS_OK;
}

int dns_lookup(dns_engine *e, const char *name, dns_type type, dns_callback cb, void *arg)
{
	char key[DNS_KEY_MAX];
	size_t len;
	uint32_t h = key_make(name, type, key, &len);
	dns_entry *ent = len ? entry_find(e, key, h, type) : NULL;
	dns_waiter *w;

	/* A stale entry still pinned is at most one loop turn old: serve it. */
	if (ent && ent->ready && (ent->pins || ent->expires_ms > now_us() / 1000))
		return lookup_hit(e, ent, cb, arg);
	if (ent && ent->ready) {
		entry_unlink(e, ent);
		entry_free(ent);
		ent = NULL;
	}
	if ((w = waiter_new(e, cb, arg, NULL)) == NULL)
		return FCRDNS_ENOMEM;
	if (ent == NULL) {
		/* Names too long for a key are still asked (c-ares refuses
		 * them), just never shared. */
		if ((ent = entry_new(e, key, len, len ? h : 0, type)) == NULL ||
		    query_enqueue(e, ent, name, type) != FCRDNS_OK) {
			if (ent) {
				entry_unlink(e, ent);
				entry_free(ent);
			}
			waiter_recycle(e, w);
			return FCRDNS_ENOMEM;
		}
		if (len == 0)
			ent->key[0] = '\001'; /* matches no lowercase name */
	}
	*ent->waiters_tail = w;
	ent->waiters_tail = &w->next;
	queue_pump(e);
	return FCRDNS_OK;
}

/* ---- Event loop ------------------------------------------------------------- */

/* Return the wait in ms before the next thing to do: c-ares' next deadline,
 * the next token when queries wait for one, capped by limit_ms (-1: no cap). */
static int next_wait_ms(dns_engine *e, int limit_ms)
{
	struct timeval tv, *tvp = NULL;
	int wait = -1;

	if (e->ndeferred)
		return 0;
	if (e->inflight)
		tvp = ares_timeout(e->channel, NULL, &tv);
	if (tvp != NULL)
		wait = (int)(tvp->tv_sec * 1000 + (tvp->tv_usec + 999) / 1000);
	if (e->queue_head && e->inflight < e->max_inflight) {
		int tw = token_wait_ms(e);
		if (tw >= 0 && (wait < 0 || tw < wait))
			wait = tw;
	}
	if (limit_ms >= 0 && (wait < 0 || limit_ms < wait))
		wait = limit_ms;
	return wait;
}

int dns_engine_process(dns_engine *e, int timeout_ms)
{
	struct epoll_event evs[64];
	int n;

	if (dns_engine_pending(e) == 0)
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
	if (e->inflight)
		ares_process_fd(e->channel, ARES_SOCKET_BAD, ARES_SOCKET_BAD);
	queue_pump(e);
	deliver_deferred(e);
	return FCRDNS_OK;
}
