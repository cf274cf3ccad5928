/* SPDX-License-Identifier: MIT */
/* pacing.c: the concurrency controller of the DNS engine. A recursive
 * resolver drops queries when its request list is full; more in flight
 * than it handles turns good addresses into timeouts. The controller works
 * in rounds of about one round trip's worth of replies, as TCP does:
 *   - loss (a timeout while the resolver answers others, or a reply that
 *     needed a second try) cuts the limit, once per round trip, to half,
 *     or to twice what the path carries if that is lower (the best reply
 *     rate times the shortest round trip, as BBR estimates it: a loss is
 *     seen a whole transport timeout late, so halving alone would take
 *     many timeouts to get down), and the lost query is asked again
 *     instead of ending as a timeout;
 *   - in exploring mode the limit doubles per round until the first loss
 *     (slow start), then grows by a quarter: back to where the last loss
 *     came freely, beyond it only while the rate of replies grew with it:
 *     a growth that bought less than 5% is undone and not tried again for
 *     a while (on loopback, more in flight is only more queueing);
 *   - with a fixed concurrency it recovers toward that ceiling after a
 *     loss, a quarter per round;
 *   - a limit that is not used (the caller has less to ask) never grows.
 * Pure: time comes in as arguments. */
#include "dns/pacing.h"

#define ROUND_MIN_US 50000        /* a round is at least this long */
#define GROWTH_WORTH 1.05         /* a growth must buy 5% more replies */
#define HOLD_AFTER_PLATEAU 32     /* rounds before growing again */
#define HOLD_AFTER_LOSS 8
#define AFTER_LOSS 0.5            /* multiplicative decrease */
#define GROWTH 1.25               /* growth after slow start */
#define PATH_WINDOW_US 10000000   /* rate and round-trip estimates forget
				     after this long */
#define PATH_HEADROOM 2.0         /* in flight per estimated path capacity */

void pacing_init(pacing *p, unsigned start, unsigned ceiling, int explore,
		 unsigned try_timeout_ms, int64_t now_us)
{
	*p = (pacing){ 0 };
	p->ceiling = ceiling < 1 ? 1 : ceiling;
	p->floor = p->ceiling < PACING_FLOOR ? p->ceiling : PACING_FLOOR;
	p->limit = start < p->floor ? p->floor : start > p->ceiling ? p->ceiling : start;
	p->explore = explore;
	p->slow_start = explore;
	p->try_timeout_us = (int64_t)try_timeout_ms * 1000;
	p->round_start_us = now_us;
	p->last_backoff_us = now_us;
	p->window_start_us = now_us;
}

/* Return twice the estimated capacity of the path, or 0 when unknown. */
static double path_capacity(const pacing *p)
{
	if (p->best_rate <= 0 || p->min_rtt_us <= 0)
		return 0;
	return PATH_HEADROOM * p->best_rate * (double)p->min_rtt_us / 1e6;
}

size_t pacing_limit(const pacing *p)
{
	return (size_t)p->limit;
}

void pacing_sent(pacing *p, size_t inflight)
{
	if (inflight > p->round_peak)
		p->round_peak = inflight;
}

/* Cut the limit after a loss, at most once per round trip: losses of
 * queries sent before the last cut are that cut's doing. */
static void back_off(pacing *p, int64_t now_us, int64_t sent_us)
{
	double path = path_capacity(p);

	if (sent_us < p->last_backoff_us)
		return;
	p->recover_to = p->limit;
	p->limit *= AFTER_LOSS;
	if (path > 0 && path < p->limit)
		p->limit = path;
	if (p->limit < p->floor)
		p->limit = p->floor;
	p->slow_start = 0;
	p->before_growth = 0;
	p->hold = HOLD_AFTER_LOSS;
	p->last_backoff_us = now_us;
	p->backoffs++;
}

/* Grow the limit for the next round (it was used, and nothing holds). */
static void grow(pacing *p)
{
	double next = p->limit * (p->slow_start ? 2.0 : GROWTH);

	if (next > p->ceiling)
		next = p->ceiling;
	if (next <= p->limit)
		return;
	p->before_growth = p->limit;
	p->limit = next;
}

/* End a round: judge the last growth by the rate it bought, then decide
 * the next step. */
static void end_round(pacing *p, int64_t now_us)
{
	double secs = (double)(now_us - p->round_start_us) / 1e6;
	double rate = secs > 0 ? (double)p->round_replies / secs : 0;
	int used = (double)p->round_peak >= 0.9 * p->limit;

	/* Growth is judged only beyond what carried before the last loss, and
	 * only when exploring: a fixed --concurrency is the user's to set. */
	if (p->explore && p->before_growth >= p->recover_to && p->before_growth > 0 &&
	    rate < p->last_rate * GROWTH_WORTH) {
		p->limit = p->before_growth; /* it bought nothing: undo */
		p->slow_start = 0;
		p->hold = HOLD_AFTER_PLATEAU;
	} else if (p->hold > 0) {
		p->hold--;
	}
	p->before_growth = 0;
	if (p->explore && p->hold == 0 && used)
		grow(p);
	else if (!p->explore && p->hold == 0 && used && p->limit < p->ceiling)
		grow(p); /* recover toward the fixed ceiling after a loss */
	p->last_rate = rate;
	if (rate > p->best_rate)
		p->best_rate = rate;
	p->round_start_us = now_us;
	p->round_replies = 0;
	p->round_peak = 0;
}

void pacing_reply(pacing *p, int64_t now_us, int64_t rtt_us)
{
	if (now_us - p->window_start_us >= PATH_WINDOW_US) {
		p->best_rate = p->last_rate;
		p->min_rtt_us = 0;
		p->window_start_us = now_us;
	}
	if (rtt_us > 0 && (p->min_rtt_us == 0 || rtt_us < p->min_rtt_us))
		p->min_rtt_us = rtt_us;
	p->last_reply_us = now_us;
	if (p->try_timeout_us > 0 && rtt_us >= p->try_timeout_us)
		back_off(p, now_us, now_us - rtt_us);
	if (++p->round_replies >= (size_t)p->limit && now_us - p->round_start_us >= ROUND_MIN_US)
		end_round(p, now_us);
}

int pacing_timeout(pacing *p, int64_t now_us, int64_t sent_us)
{
	if (p->last_reply_us <= sent_us)
		return 0; /* nothing answered since: the resolver is down */
	back_off(p, now_us, sent_us);
	return 1;
}
