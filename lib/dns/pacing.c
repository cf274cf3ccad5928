/* SPDX-License-Identifier: MIT */
/* pacing.c: the concurrency controller of the DNS engine. A recursive
 * resolver serves some number of queries at a time best: below it,
 * answers come back slower than they could; above it, its queue and its
 * work per query grow, fewer replies come back a second, and it drops
 * queries from a full request list or socket buffer, turning good
 * addresses into timeouts. The controller works in rounds of about one
 * round trip's worth of replies:
 *   - the limit grows by a quarter each round up to a soft ceiling, the
 *     hard one (--max-concurrency) until the resolver shows its knee;
 *   - in rounds of 256 replies or more (fewer vary too much to judge by),
 *     two rounds in a row with a fifth fewer replies a second than the
 *     best round of late, at a higher level, or one with two fifths fewer,
 *     show the resolver past its knee: the limit and the soft ceiling go
 *     back to the level of that best round. Twice the level of the last
 *     round that bought 5% more, with no more replies (and 256 in flight at
 *     least), is a plateau (on loopback more in flight only queues): they
 *     go back to a quarter above that level. After a while at the soft ceiling in peace it
 *     rises by a tenth, so that a resolver that got faster is followed,
 *     and the knee found again if it did not;
 *   - heavy loss (timeouts while the resolver answers others, or replies
 *     that needed a second try, at least 2% of a round) cuts the limit to
 *     three quarters of the level the lost queries were sent under (a loss
 *     is seen a whole try late), once per round trip; the lost queries are
 *     asked again instead of ending as timeouts. When adaptive, losses
 *     leave the soft ceiling alone; in any mode a loss here and there is
 *     tolerated: a busy resolver, or one waiting on a slow authority,
 *     loses a few at any level, and cutting for each would halve the
 *     work for nothing;
 *   - the limit grows by at most one per reply, so that growth sends no
 *     burst (a burst overflows the resolver's socket buffer: loss);
 *   - with a fixed concurrency there is no knee to look for: heavy loss
 *     sets the soft ceiling instead, to 85% of the level that lost, and
 *     it rises back toward the fixed one a tenth at a time in peace;
 *   - a limit that is not used (the caller has less to ask) never grows.
 * Measured through unbound (bench/resolver.sh): the knee is sharp, and a
 * few rounds past it the resolver answers half as much; the levels and
 * rates this file reacts to are what that bench showed.
 * Pure: time comes in as arguments. */
#include "dns/pacing.h"

#define ROUND_MIN_US 50000        /* a round is at least this long */
#define GROWTH 1.25               /* per round, up to the soft ceiling */
#define HOLD_AFTER_CUT 2          /* rounds at the cut level */
#define AFTER_LOSS 0.75           /* of the level that lost queries */
#define CEILING_AFTER_LOSS 0.85   /* fixed mode: the soft ceiling, of it */
#define LOSS_TOLERATED 3          /* losses in a round before a cut ... */
#define LOSS_TOLERATED_SHARE 0.02 /* ... and this share of the limit */
#define KNEE_FADE 0.995           /* the best round of late fades so */
#define KNEE_GAIN 1.05            /* a round this much better moves the knee */
#define PLATEAU 2.0               /* this times the knee without a gain ... */
#define PLATEAU_MIN 256           /* ... and at least this many in flight */
#define KNEE_MIN 256              /* rounds of fewer replies are not judged */
#define KNEE_DROP 0.8             /* rounds this far below it, higher up */
#define KNEE_ROUNDS 2             /* ... this many in a row */
#define KNEE_COLLAPSE 0.6         /* ... or one this far below */
#define CEILING_RAISE 1.1         /* the soft ceiling, after ... */
#define CEILING_RAISE_ROUNDS 50   /* ... this many rounds at it in peace */

static double bounded(const pacing *p, double v)
{
	return v < p->floor ? p->floor : v > p->ceiling ? p->ceiling : v;
}

void pacing_init(pacing *p, unsigned start, unsigned ceiling, int explore,
		 unsigned try_timeout_ms, int64_t now_us)
{
	*p = (pacing){ 0 };
	p->ceiling = ceiling < 1 ? 1 : ceiling;
	p->floor = p->ceiling < PACING_FLOOR ? p->ceiling : PACING_FLOOR;
	p->limit = p->target = p->round_limit = p->round_peak_limit = bounded(p, start);
	p->soft_ceiling = p->ceiling;
	p->explore = explore;
	p->try_timeout_us = (int64_t)try_timeout_ms * 1000;
	p->round_start_us = now_us;
	p->last_backoff_us = now_us;
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

/* Go to v at once when lower, one per reply when higher. */
static void set_level(pacing *p, double v)
{
	p->target = bounded(p, v);
	if (p->target < p->limit)
		p->limit = p->target;
}

/* Cut the limit to level and the soft ceiling to ceiling (neither rises
 * here), and hold a few rounds. */
static void cut(pacing *p, double level, double ceiling, int64_t now_us)
{
	if (ceiling < p->soft_ceiling)
		p->soft_ceiling = ceiling < p->floor ? p->floor : ceiling;
	if (level < p->limit)
		set_level(p, level);
	p->hold = HOLD_AFTER_CUT;
	p->peaceful_rounds = 0;
	p->last_backoff_us = now_us;
	p->backoffs++;
}

/* Return the highest limit of the round in which time t fell (the current
 * limit when that round is forgotten or still running). */
static double level_at(const pacing *p, int64_t t)
{
	for (unsigned i = 0; i < p->nhistory; i++) {
		const pacing_round *r = &p->history[(p->history_next + PACING_HISTORY - 1 - i) % PACING_HISTORY];
		if (r->start_us <= t)
			return t < r->end_us ? r->peak_limit : p->limit;
	}
	return p->limit;
}

/* Note a loss of a query sent at sent_us. Losses of queries sent before
 * the last cut are that cut's doing; a few in a round are tolerated. */
static void note_loss(pacing *p, int64_t now_us, int64_t sent_us)
{
	double blamed;

	if (sent_us < p->last_backoff_us)
		return;
	if (++p->round_losses < LOSS_TOLERATED || p->round_losses < p->limit * LOSS_TOLERATED_SHARE)
		return;
	blamed = level_at(p, sent_us);
	/* the knee sets the adaptive soft ceiling; a fixed one has only this */
	cut(p, blamed * AFTER_LOSS, p->explore ? p->soft_ceiling : blamed * CEILING_AFTER_LOSS, now_us);
	p->round_losses = 0;
}

/* Watch for the knee. The best round of late (it fades, so that a
 * resolver that slowed down for good is followed) and the level of the
 * last round that bought 5% more: twice that level without more replies
 * is a plateau (on loopback more in flight only queues), and a round at a
 * higher level with far fewer replies is past the knee; either sets the
 * limit and the soft ceiling back. */
static void watch_knee(pacing *p, double rate, int64_t now_us)
{
	if (p->round_replies < KNEE_MIN)
		return; /* a few hundred replies vary too much to judge by */
	p->knee_rate *= KNEE_FADE;
	if (rate >= p->knee_rate * KNEE_GAIN) {
		p->knee_rate = rate;
		p->knee_level = p->round_limit;
		p->knee_rounds = 0;
		return;
	}
	if (rate > p->knee_rate)
		p->knee_rate = rate;
	if (p->round_limit >= PLATEAU * p->knee_level && p->round_limit >= PLATEAU_MIN) {
		cut(p, p->knee_level * GROWTH, p->knee_level * GROWTH, now_us);
	} else if (p->round_limit > p->knee_level * 1.1 && rate < p->knee_rate * KNEE_DROP) {
		/* one round far below is enough: a collapse costs every round */
		if (++p->knee_rounds >= KNEE_ROUNDS || rate < p->knee_rate * KNEE_COLLAPSE) {
			cut(p, p->knee_level, p->knee_level, now_us);
			p->knee_rounds = 0;
		}
	} else {
		p->knee_rounds = 0;
	}
}

/* A round without a cut: grow toward the soft ceiling, and raise that
 * after a while in peace. */
static void grow(pacing *p, int used)
{
	if (p->hold > 0) {
		p->hold--;
		return;
	}
	if (!used)
		return; /* the caller has less to ask: more is pointless */
	if (p->limit >= p->soft_ceiling && p->soft_ceiling < p->ceiling &&
	    ++p->peaceful_rounds >= CEILING_RAISE_ROUNDS) {
		p->soft_ceiling = p->soft_ceiling * CEILING_RAISE < p->ceiling
					  ? p->soft_ceiling * CEILING_RAISE : p->ceiling;
		p->peaceful_rounds = 0;
	}
	if (p->limit < p->soft_ceiling)
		set_level(p, p->limit * GROWTH < p->soft_ceiling ? p->limit * GROWTH : p->soft_ceiling);
}

/* Keep the round that ends at now_us in the history, for level_at(). */
static void remember_round(pacing *p, int64_t now_us)
{
	pacing_round *r = &p->history[p->history_next];

	r->start_us = p->round_start_us;
	r->end_us = now_us;
	r->peak_limit = p->round_peak_limit > p->limit ? p->round_peak_limit : p->limit;
	p->history_next = (p->history_next + 1) % PACING_HISTORY;
	if (p->nhistory < PACING_HISTORY)
		p->nhistory++;
}

static void end_round(pacing *p, int64_t now_us)
{
	double secs = (double)(now_us - p->round_start_us) / 1e6;
	double rate = secs > 0 ? (double)p->round_replies / secs : 0;
	/* used: the limit the round began with was filled */
	int used = (double)p->round_peak >= 0.9 * p->round_limit;
	uint64_t cuts = p->backoffs;

	if (p->explore && used)
		watch_knee(p, rate, now_us);
	if (p->backoffs == cuts)
		grow(p, used);
	remember_round(p, now_us);
	p->round_losses = 0;
	p->round_limit = p->round_peak_limit = p->limit;
	p->round_start_us = now_us;
	p->round_replies = 0;
	p->round_peak = 0;
}

void pacing_reply(pacing *p, int64_t now_us, int64_t rtt_us)
{
	p->last_reply_us = now_us;
	if (p->limit < p->target) { /* one more per reply: no burst */
		p->limit = p->limit + 1 < p->target ? p->limit + 1 : p->target;
		if (p->limit > p->round_peak_limit)
			p->round_peak_limit = p->limit;
	}
	if (p->try_timeout_us > 0 && rtt_us >= p->try_timeout_us)
		note_loss(p, now_us, now_us - rtt_us);
	if (++p->round_replies >= (size_t)p->limit && now_us - p->round_start_us >= ROUND_MIN_US)
		end_round(p, now_us);
}

int pacing_timeout(pacing *p, int64_t now_us, int64_t sent_us)
{
	if (p->last_reply_us <= sent_us)
		return 0; /* nothing answered since: the resolver is down */
	note_loss(p, now_us, sent_us);
	return 1;
}
