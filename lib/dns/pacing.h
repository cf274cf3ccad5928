/* SPDX-License-Identifier: MIT */
/* pacing.h: how many queries the engine keeps on the wire (internal; see
 * pacing.c): a pure controller fed with sends, replies and timeouts. */
#ifndef FCRDNS_DNS_PACING_H
#define FCRDNS_DNS_PACING_H

#include <stddef.h>
#include <stdint.h>

#define PACING_FLOOR 8            /* never fewer on the wire (unless the
				     ceiling is lower) */
#define PACING_OVERLOAD_RETRIES 3 /* extra tries of a query lost to overload */

typedef struct pacing {
	double limit;            /* queries allowed on the wire */
	double ceiling, floor;
	int explore;             /* grow while it pays (adaptive mode) */
	int slow_start;          /* double per round until the first loss */
	int64_t try_timeout_us;  /* one try of the transport */
	/* the current round: about one round trip's worth of replies */
	int64_t round_start_us;
	size_t round_replies;
	size_t round_peak;       /* most queries on the wire during it */
	double last_rate;        /* replies per second of the last round */
	double before_growth;    /* the limit before the last growth, or 0 */
	unsigned hold;           /* rounds to wait before growing again */
	double recover_to;       /* the limit when the last loss came: growth
				    back up to it needs no proof */
	int64_t last_backoff_us;
	int64_t last_reply_us;   /* when the resolver last answered anything */
	uint64_t backoffs;
	/* what the path carries: the best reply rate and the shortest round
	 * trip of the current window (their product is what fits in flight) */
	double best_rate;
	int64_t min_rtt_us;
	int64_t window_start_us;
} pacing;

/* Start at start queries on the wire, never above ceiling; explore: grow
 * while the answers keep coming faster (else the limit only backs off and
 * recovers); try_timeout_ms: the transport's time for one try. */
void pacing_init(pacing *p, unsigned start, unsigned ceiling, int explore,
		 unsigned try_timeout_ms, int64_t now_us);
/* Return how many queries may be on the wire now. */
size_t pacing_limit(const pacing *p);
/* Note a query sent; inflight counts it. */
void pacing_sent(pacing *p, size_t inflight);
/* Note a reply after rtt_us: a round trip beyond one try means the
 * transport had to ask again, i.e. a query was lost: overload. */
void pacing_reply(pacing *p, int64_t now_us, int64_t rtt_us);
/* Note a query sent at sent_us that timed out. Returns 1 when the
 * resolver answered others since it was sent, so the loss is ours (too
 * much in flight): the limit backs off and the query should be asked
 * again; 0 when the resolver is silent: a real outage. */
int pacing_timeout(pacing *p, int64_t now_us, int64_t sent_us);

#endif
