/* SPDX-License-Identifier: MIT */
/* engine.c: the DNS engine: queries of any name and type, each answered
 * once from the cache or once from the transport for every party that
 * asked the same (name, type) meanwhile (coalescing). A FIFO caps the
 * queries in flight and a token bucket the queries per second; a CNAME
 * chain that leaves the reply's zone is followed with a new query. Every
 * callback is called exactly once, from the loop, never from inside
 * dns_query(); freeing the engine calls what is owed with ECANCELLED. */
#include <stdlib.h>
#include <string.h>

#include "core/loop.h"
#include "dns/cache.h"
#include "dns/engine.h"
#include "dns/pacing.h"
#include "dns/wire.h"

#define DEFAULT_INFLIGHT 256
#define MAX_INFLIGHT 65536
#define ADAPTIVE_START 32      /* then a quarter more each round trip */
#define DEFAULT_TRY_MS 2000    /* the transport's default per try */
#define DEFAULT_CACHE 65536
#define PENDING_BUCKETS 4096 /* a power of two */

/* One party waiting for an answer: on a lookup in progress, or on the
 * list of cached answers to deliver (then hit is set). */
typedef struct waiter {
	fcrdns_query_cb cb;
	void *arg;
	dns_block *hit;
	struct waiter *next;
} waiter;

/* One (name, type) being asked: its chain, and everyone waiting for it. */
typedef struct lookup {
	struct dns_engine *engine;
	int64_t sent_us;        /* when its current query went out */
	unsigned overload_retries; /* asked again after losses to overload */
	dns_key key;
	wire_chain chain;
	waiter *waiters, **waiters_tail;
	struct lookup *hnext;   /* in the pending table */
	struct lookup *qnext;   /* in the FIFO, while queued */
} lookup;

struct dns_engine {
	fcrdns_loop *loop;
	dns_transport *tp;
	dns_cache *cache;
	int cache_owned;           /* 0: a shared cache, borrowed */
	lookup *pending[PENDING_BUCKETS];
	lookup *queue_head, **queue_tail;
	size_t queued, inflight;
	pacing pacing;             /* how many may be in flight */
	size_t owed;               /* callbacks not yet called */
	int destroying;
	waiter *hits, **hits_tail; /* cached answers to deliver */
	int hits_scheduled;        /* a loop_defer() is on its way */
	waiter *spare;             /* recycled waiters: no malloc per query */
	lookup *spare_lookups;     /* recycled lookups, linked by hnext */
	fcrdns_timer *pump_timer;  /* waiting for a rate token */
	unsigned rate_qps;         /* token bucket: rate_qps a second */
	double tokens, burst;
	int64_t tokens_at_us;
	int failed;
	fcrdns_stats stats;        /* counters; the state fields are filled on demand */
	double srtt_us;            /* smoothed round trip (RFC 6298's alpha 1/8) */
};

static void pump(dns_engine *e);

/* ---- Waiters ------------------------------------------------------------- */

static waiter *waiter_new(dns_engine *e, fcrdns_query_cb cb, void *arg)
{
	waiter *w = e->spare;

	if (w != NULL)
		e->spare = w->next;
	else if ((w = malloc(sizeof *w)) == NULL)
		return NULL;
	*w = (waiter){ cb, arg, NULL, NULL };
	e->owed++;
	return w;
}

/* Call w with (status, answer) and recycle it. */
static void waiter_call(dns_engine *e, waiter *w, int status, const fcrdns_answer *answer)
{
	e->owed--;
	w->cb(w->arg, status, answer);
	w->next = e->spare;
	e->spare = w;
}

/* Recycle w without calling it. */
static void waiter_drop(dns_engine *e, waiter *w)
{
	e->owed--;
	w->next = e->spare;
	e->spare = w;
}

static void waiters_free(waiter *w)
{
	while (w) {
		waiter *next = w->next;
		free(w);
		w = next;
	}
}

/* ---- Cached answers, delivered from the loop ----------------------------- */

static void deliver_hits(void *arg)
{
	dns_engine *e = arg;
	waiter *list = e->hits;

	e->hits = NULL;
	e->hits_tail = &e->hits;
	e->hits_scheduled = 0;
	while (list) {
		waiter *w = list;
		dns_block *b = w->hit;
		list = w->next;
		waiter_call(e, w, FCRDNS_OK, &b->answer);
		answer_unref(b);
	}
}

static int hit_queue(dns_engine *e, dns_block *b, fcrdns_query_cb cb, void *arg)
{
	waiter *w;

	if (!e->hits_scheduled && loop_defer(e->loop, deliver_hits, e) != FCRDNS_OK)
		return FCRDNS_ENOMEM;
	e->hits_scheduled = 1;
	if ((w = waiter_new(e, cb, arg)) == NULL)
		return FCRDNS_ENOMEM;
	w->hit = b;
	*e->hits_tail = w;
	e->hits_tail = &w->next;
	return FCRDNS_OK;
}

/* ---- Lookups in progress --------------------------------------------------- */

static lookup **bucket_of(dns_engine *e, uint32_t hash)
{
	return &e->pending[hash & (PENDING_BUCKETS - 1)];
}

static lookup *pending_find(dns_engine *e, const dns_key *k)
{
	for (lookup *l = *bucket_of(e, k->hash); l; l = l->hnext)
		if (l->key.hash == k->hash && l->key.type == k->type && strcmp(l->key.name, k->name) == 0)
			return l;
	return NULL;
}

static void pending_remove(dns_engine *e, lookup *l)
{
	lookup **pp = bucket_of(e, l->key.hash);

	while (*pp != l)
		pp = &(*pp)->hnext;
	*pp = l->hnext;
}

static lookup *lookup_new(dns_engine *e, const dns_key *k)
{
	lookup *l = e->spare_lookups;

	if (l != NULL)
		e->spare_lookups = l->hnext;
	else if ((l = malloc(sizeof *l)) == NULL)
		return NULL;
	l->engine = e;
	l->waiters = NULL;
	l->overload_retries = 0;
	l->key = *k;
	wire_chain_init(&l->chain, l->key.name);
	l->waiters_tail = &l->waiters;
	l->hnext = *bucket_of(e, k->hash);
	*bucket_of(e, k->hash) = l;
	l->qnext = NULL;
	*e->queue_tail = l;
	e->queue_tail = &l->qnext;
	e->queued++;
	return l;
}

/* Recycle l (kept for the next lookup; freed with the engine). */
static void lookup_free(lookup *l)
{
	wire_chain_clear(&l->chain);
	l->hnext = l->engine->spare_lookups;
	l->engine->spare_lookups = l;
}

/* Deliver answer (status OK) or a cancellation to every waiter of l, in
 * arrival order, then free l. The lookup is out of the pending table
 * first, so a callback asking the same again starts afresh. */
static void lookup_deliver(lookup *l, int status, const fcrdns_answer *answer)
{
	dns_engine *e = l->engine;
	waiter *list = l->waiters;

	pending_remove(e, l);
	while (list) {
		waiter *w = list;
		list = w->next;
		waiter_call(e, w, status, answer);
	}
	lookup_free(l);
}

static int definite(fcrdns_lookup outcome)
{
	return outcome == FCRDNS_LOOKUP_ANSWER || outcome == FCRDNS_LOOKUP_NXDOMAIN ||
	       outcome == FCRDNS_LOOKUP_NODATA;
}

/* End l with outcome, from msg/reply when a message came: cache a
 * definite answer and deliver it. */
static void lookup_finish(lookup *l, fcrdns_lookup outcome, const uint8_t *msg, size_t len,
			  const wire_reply *reply)
{
	dns_engine *e = l->engine;
	dns_block *b = answer_build(l->key.name, l->key.type, &l->chain, outcome, msg, len, reply);

	if (b == NULL) {
		/* No memory for the answer: deliver a bare transient one. */
		fcrdns_answer bare = { .qname = l->key.name, .qtype = l->key.type,
				       .outcome = FCRDNS_LOOKUP_ERROR, .rcode = l->chain.rcode };
		e->failed = 1;
		lookup_deliver(l, FCRDNS_OK, &bare);
		return;
	}
	if (definite(b->answer.outcome))
		cache_put(e->cache, &l->key, b, b->answer.ttl, fcrdns_now_ms());
	lookup_deliver(l, FCRDNS_OK, &b->answer);
	answer_unref(b);
}

/* ---- The wire ------------------------------------------------------------- */

static void on_transport(void *arg, tp_status status, const uint8_t *msg, size_t len);

/* Fold one round trip into the smoothed estimate. */
static void note_round_trip(dns_engine *e, int64_t rtt_us)
{
	if (e->srtt_us == 0)
		e->srtt_us = (double)rtt_us;
	else
		e->srtt_us += ((double)rtt_us - e->srtt_us) / 8;
}

/* A query that timed out while the resolver kept answering others was
 * lost to our own overload: the pacing backs off and the query goes back
 * to the head of the queue, a few times at most. Returns 1 when requeued. */
static int retry_after_overload(dns_engine *e, lookup *l)
{
	if (l->overload_retries >= PACING_OVERLOAD_RETRIES ||
	    !pacing_timeout(&e->pacing, fcrdns_now_us(), l->sent_us))
		return 0;
	l->overload_retries++;
	e->stats.overload_retries++;
	if ((l->qnext = e->queue_head) == NULL)
		e->queue_tail = &l->qnext;
	e->queue_head = l;
	e->queued++;
	pump(e);
	return 1;
}

static void send_failed(void *arg)
{
	on_transport(arg, TP_ERROR, NULL, 0);
}

/* Send l's query for the chain's current name. A name we do not ask (a
 * CNAME target with odd bytes) or no memory ends l as an ERROR, from the
 * loop like any answer. */
static void lookup_send(lookup *l)
{
	dns_engine *e = l->engine;
	uint8_t query[WIRE_QUERY_MAX];
	int qlen = wire_build_query(query, l->chain.current, l->key.type);

	e->inflight++;
	pacing_sent(&e->pacing, e->inflight);
	l->sent_us = fcrdns_now_us();
	if (qlen >= 0 && e->tp->send(e->tp, query, (size_t)qlen, on_transport, l) == 0) {
		e->stats.queries++;
		return;
	}
	if (qlen >= 0)
		e->failed = 1;
	if (loop_defer(e->loop, send_failed, l) != FCRDNS_OK)
		send_failed(l); /* out of memory twice: better late than never */
}

static fcrdns_lookup outcome_of(tp_status status)
{
	return status == TP_TIMEOUT ? FCRDNS_LOOKUP_TIMEOUT : FCRDNS_LOOKUP_ERROR;
}

static void on_transport(void *arg, tp_status status, const uint8_t *msg, size_t len)
{
	lookup *l = arg;
	dns_engine *e = l->engine;
	wire_reply reply;

	e->inflight--;
	if (status == TP_CANCELLED) {
		lookup_deliver(l, FCRDNS_ECANCELLED, NULL);
		return;
	}
	if (status == TP_REPLY) {
		int64_t now = fcrdns_now_us();
		note_round_trip(e, now - l->sent_us);
		pacing_reply(&e->pacing, now, now - l->sent_us);
	} else if (status == TP_TIMEOUT && retry_after_overload(e, l)) {
		return;
	} else if (status == TP_TIMEOUT) {
		e->stats.timeouts++;
	}
	if (status != TP_REPLY) {
		lookup_finish(l, outcome_of(status), NULL, 0, NULL);
		pump(e);
		return;
	}
	if (wire_read_reply(msg, len, l->key.type, &l->chain, &reply) != 0)
		e->failed = 1;
	if (reply.restart) {
		/* The chain's next step is a query too: it spends a token (the
		 * balance may go below zero; the next queued query then waits). */
		if (e->rate_qps)
			e->tokens -= 1.0;
		wire_reply_clear(&reply);
		lookup_send(l);
		return;
	}
	lookup_finish(l, reply.outcome, msg, len, &reply);
	wire_reply_clear(&reply);
	pump(e);
}

/* ---- Pacing: the FIFO, the cap in flight, the token bucket ----------------- */

/* Add the tokens earned since the last refill, up to the burst. */
static void tokens_refill(dns_engine *e)
{
	int64_t now = fcrdns_now_us();

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

static void on_token(void *arg, int status)
{
	dns_engine *e = arg;

	e->pump_timer = NULL;
	if (status == FCRDNS_OK)
		pump(e);
}

/* Wake up when the next token is earned. */
static void wait_for_token(dns_engine *e)
{
	unsigned ms = (unsigned)((1.0 - e->tokens) * 1000.0 / e->rate_qps) + 1;

	if (e->pump_timer == NULL && fcrdns_timer_add(e->loop, ms, on_token, e, &e->pump_timer) != FCRDNS_OK)
		e->failed = 1;
}

/* Send queued lookups while there is room in flight and a token. */
static void pump(dns_engine *e)
{
	while (e->queue_head && e->inflight < pacing_limit(&e->pacing)) {
		lookup *l = e->queue_head;
		if (!token_take(e)) {
			wait_for_token(e);
			return;
		}
		if ((e->queue_head = l->qnext) == NULL)
			e->queue_tail = &e->queue_head;
		e->queued--;
		lookup_send(l);
	}
}

/* ---- The engine ------------------------------------------------------------ */

int dns_engine_new(dns_engine **out, fcrdns_loop *loop, dns_transport *tp,
		   const fcrdns_options *opts, unsigned mask)
{
	dns_engine *e = calloc(1, sizeof *e);
	size_t cache = DEFAULT_CACHE, ceiling = DEFAULT_INFLIGHT;
	unsigned try_ms = (mask & FCRDNS_OPT_TIMEOUT) && opts->timeout_ms ? opts->timeout_ms
									 : DEFAULT_TRY_MS;
	int adaptive = (mask & FCRDNS_OPT_ADAPTIVE) && opts->adaptive;

	*out = NULL;
	if (e == NULL) {
		tp->destroy(tp);
		return FCRDNS_ENOMEM;
	}
	e->loop = loop;
	e->tp = tp;
	e->queue_tail = &e->queue_head;
	e->hits_tail = &e->hits;
	if ((mask & FCRDNS_OPT_MAX_INFLIGHT) && opts->max_inflight)
		ceiling = opts->max_inflight < MAX_INFLIGHT ? opts->max_inflight : MAX_INFLIGHT;
	pacing_init(&e->pacing, adaptive ? ADAPTIVE_START : (unsigned)ceiling, (unsigned)ceiling,
		    adaptive, try_ms, fcrdns_now_us());
	if (mask & FCRDNS_OPT_CACHE_ENTRIES)
		cache = opts->cache_entries;
	if ((mask & FCRDNS_OPT_RATE) && opts->rate_qps) {
		e->rate_qps = opts->rate_qps;
		/* A twentieth of a second's worth, so bursts stay short. */
		e->burst = opts->rate_qps / 20 > 1 ? opts->rate_qps / 20 : 1;
		e->tokens = e->burst;
		e->tokens_at_us = fcrdns_now_us();
	}
	if ((mask & FCRDNS_OPT_CACHE) && opts->cache) {
		e->cache = cache_of(opts->cache);
	} else if ((e->cache = cache_new(cache, 0)) != NULL) {
		e->cache_owned = 1;
	} else {
		dns_engine_free(e);
		return FCRDNS_ENOMEM;
	}
	*out = e;
	return FCRDNS_OK;
}

void dns_engine_free(dns_engine *e)
{
	waiter *hits;

	if (e == NULL)
		return;
	e->destroying = 1;
	fcrdns_timer_cancel(e->pump_timer);
	/* Lookups on the wire are cancelled by the transport's destruction;
	 * the rest (queued, or failed to send and waiting for the loop, which
	 * is freed next without running it) here. */
	if (e->tp)
		e->tp->destroy(e->tp);
	for (size_t i = 0; i < PENDING_BUCKETS; i++)
		while (e->pending[i])
			lookup_deliver(e->pending[i], FCRDNS_ECANCELLED, NULL);
	for (hits = e->hits, e->hits = NULL; hits; ) {
		waiter *w = hits;
		hits = w->next;
		answer_unref(w->hit);
		waiter_call(e, w, FCRDNS_ECANCELLED, NULL);
	}
	if (e->cache_owned)
		cache_free(e->cache);
	waiters_free(e->spare);
	while (e->spare_lookups) {
		lookup *l = e->spare_lookups;
		e->spare_lookups = l->hnext;
		free(l);
	}
	free(e);
}

int dns_query(dns_engine *e, const char *name, uint16_t type, fcrdns_query_cb cb, void *arg)
{
	dns_key key;
	dns_block *hit;
	lookup *l;
	waiter *w;

	if (e->destroying)
		return FCRDNS_ECANCELLED;
	if (cb == NULL || !wire_name_is_queryable(name) || dns_key_make(&key, name, type) != 0)
		return FCRDNS_EINVAL;
	if ((hit = cache_get(e->cache, &key, fcrdns_now_ms())) != NULL) {
		int st = hit_queue(e, hit, cb, arg);
		if (st != FCRDNS_OK)
			answer_unref(hit);
		return st;
	}
	if ((w = waiter_new(e, cb, arg)) == NULL)
		return FCRDNS_ENOMEM;
	if ((l = pending_find(e, &key)) == NULL && (l = lookup_new(e, &key)) == NULL) {
		waiter_drop(e, w);
		return FCRDNS_ENOMEM;
	}
	*l->waiters_tail = w;
	l->waiters_tail = &w->next;
	pump(e);
	return FCRDNS_OK;
}

size_t dns_engine_pending(const dns_engine *e)
{
	return e->owed;
}

int dns_engine_take_failure(dns_engine *e)
{
	int failed = e->failed;

	e->failed = 0;
	return failed;
}

void dns_engine_stats(const dns_engine *e, fcrdns_stats *st)
{
	*st = e->stats;
	cache_counts(e->cache, &st->cache_hits, &st->cache_misses);
	st->inflight = e->inflight;
	st->queued = e->queued;
	st->limit = pacing_limit(&e->pacing);
	st->latency_ms = (unsigned)(e->srtt_us / 1000 + 0.5);
}
