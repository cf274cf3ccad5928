/* SPDX-License-Identifier: MIT */
/* pacing.h: how many queries the engine keeps on the wire (internal; see
 * pacing.c): a pure controller fed with sends, replies and timeouts. */
#ifndef FCRDNS_DNS_PACING_H
#define FCRDNS_DNS_PACING_H

#include <stddef.h>
#include <stdint.h>

#define PACING_FLOOR 8            /* never fewer on the wire (unless the
				     ceiling is lower) */
#define PACING_OVERLOAD_RETRIES 6 /* extra tries of a query lost to overload */

#define PACING_HISTORY 128        /* rounds remembered (>= 6.4 s) */

typedef struct pacing_round {
	int64_t start_us, end_us;
	double peak_limit;       /* the highest limit during it */
} pacing_round;

typedef struct pacing {
	double limit;            /* queries allowed on the wire */
	double target;           /* where the limit is growing to, one per
				    reply, so that growth sends no burst */
	double ceiling, floor;
	double soft_ceiling;     /* the most the resolver took in peace */
	int explore;             /* adaptive: watch for the knee too */
	int64_t try_timeout_us;  /* one try of the transport */
	/* the current round: about one round trip's worth of replies */
	int64_t round_start_us;
	size_t round_replies;
	size_t round_peak;       /* most queries on the wire during it */
	double round_limit;      /* the limit when it began */
	double round_peak_limit; /* the highest limit during it */
	unsigned round_losses;   /* losses counted during it */
	double knee_rate, knee_level; /* the best round of late */
	unsigned knee_rounds;    /* rounds in a row far below it, higher up */
	unsigned hold;           /* rounds to stay after a cut */
	unsigned peaceful_rounds; /* at the soft ceiling without trouble */
	pacing_round history[PACING_HISTORY]; /* what the limit was when */
	unsigned history_next, nhistory;
	int64_t last_backoff_us;
	int64_t last_reply_us;   /* when the resolver last answered anything */
	uint64_t backoffs;
} pacing;

/* Start at start queries on the wire, never above ceiling; explore: look
 * for the level that gets the most replies (else the limit only backs off
 * and recovers); try_timeout_ms: the transport's time for one try. */
void pacing_init(pacing *p, unsigned start, unsigned ceiling, int explore,
		 unsigned try_timeout_ms, int64_t now_us);
/* Return how many queries may be on the wire now. */
size_t pacing_limit(const pacing *p);
/* Note a query sent; inflight counts those on the wire now. */
void pacing_sent(pacing *p, size_t inflight);
/* Note a reply after rtt_us: a round trip beyond one try means the
 * transport had to ask again, i.e. a query was lost. */
void pacing_reply(pacing *p, int64_t now_us, int64_t rtt_us);
/* Note a query sent at sent_us that timed out. Returns 1 when the
 * resolver answered others since it was sent, so the loss is ours (too
 * much in flight): the query should be asked again; 0 when the resolver
 * is silent: a real outage. */
int pacing_timeout(pacing *p, int64_t now_us, int64_t sent_us);

#endif
