/* SPDX-License-Identifier: MIT */
/* metrics.c: the milter's counters and their Prometheus text file. A mail
 * filter opens no HTTP port: MetricsFile is written for node_exporter's
 * textfile collector, atomically (a temporary file, then rename), every
 * METRICS_PERIOD_S seconds by a thread of its own and once more at exit.
 * Check verdicts and times live in the library's fcrdns_tally, DNS cache
 * counts in the shared cache; the rest are atomic counters here. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "milter.h"

#define METRICS_PERIOD_S 15
#define PREFIX "fcrdns_milter_"

static const char *const action_names[] = {
	[METRIC_ACCEPT] = "accept", [METRIC_REJECT] = "reject",
	[METRIC_TEMPFAIL] = "tempfail", [METRIC_SKIPPED] = "skipped",
};

static fcrdns_tally *tally;
static atomic_uint_fast64_t connections, forged, actions[METRIC_ACTIONS];
static pthread_t writer;
static int writer_running;
static pthread_mutex_t stop_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t stop_cond = PTHREAD_COND_INITIALIZER;
static int stopping;

void metrics_connection(void)
{
	atomic_fetch_add_explicit(&connections, 1, memory_order_relaxed);
}

void metrics_action(metric_action a)
{
	atomic_fetch_add_explicit(&actions[a], 1, memory_order_relaxed);
}

void metrics_forged(size_t n)
{
	atomic_fetch_add_explicit(&forged, n, memory_order_relaxed);
}

void metrics_check(const fcrdns_result *r)
{
	if (tally != NULL)
		fcrdns_tally_add(tally, r);
}

static uint64_t load(atomic_uint_fast64_t *c)
{
	return atomic_load_explicit(c, memory_order_relaxed);
}

/* Append one metric's HELP and TYPE lines. */
static void header(fcrdns_buf *b, const char *name, const char *type, const char *help)
{
	fcrdns_buf_printf(b, "# HELP " PREFIX "%s %s\n# TYPE " PREFIX "%s %s\n", name, help, name,
			  type);
}

static void counter(fcrdns_buf *b, const char *name, const char *help, uint64_t v)
{
	header(b, name, "counter", help);
	fcrdns_buf_printf(b, PREFIX "%s %llu\n", name, (unsigned long long)v);
}

/* The check-time histogram, in seconds (base units). */
static void histogram(fcrdns_buf *b, const fcrdns_tally_counts *tc)
{
	size_t n;
	const unsigned *bounds = fcrdns_tally_bounds(&n);

	header(b, "check_duration_seconds", "histogram", "Time one iprev check took.");
	for (size_t i = 0; i + 1 < n; i++)
		fcrdns_buf_printf(b, PREFIX "check_duration_seconds_bucket{le=\"%g\"} %llu\n",
				  bounds[i] / 1000.0, (unsigned long long)tc->time_buckets[i]);
	fcrdns_buf_printf(b, PREFIX "check_duration_seconds_bucket{le=\"+Inf\"} %llu\n"
			  PREFIX "check_duration_seconds_sum %.3f\n"
			  PREFIX "check_duration_seconds_count %llu\n",
			  (unsigned long long)tc->checks, tc->time_ms_sum / 1000.0,
			  (unsigned long long)tc->checks);
}

void metrics_render(fcrdns_buf *b)
{
	fcrdns_tally_counts tc = { 0 };
	uint64_t hits = 0, misses = 0;

	if (tally != NULL)
		fcrdns_tally_read(tally, &tc, sizeof tc);
	pool_cache_counts(&hits, &misses);
	counter(b, "connections_total", "SMTP connections the MTA passed to the milter.",
		load(&connections));
	header(b, "checks_total", "counter", "iprev checks by RFC 8601 result.");
	for (int i = 0; i < 4; i++)
		fcrdns_buf_printf(b, PREFIX "checks_total{result=\"%s\"} %llu\n",
				  fcrdns_iprev_name((fcrdns_iprev)i), (unsigned long long)tc.iprev[i]);
	header(b, "actions_total", "counter", "What the milter did with each message.");
	for (int i = 0; i < METRIC_ACTIONS; i++)
		fcrdns_buf_printf(b, PREFIX "actions_total{action=\"%s\"} %llu\n", action_names[i],
				  (unsigned long long)load(&actions[i]));
	counter(b, "forged_headers_removed_total",
		"Authentication-Results headers claiming our authserv-id, removed.", load(&forged));
	counter(b, "dns_cache_hits_total", "DNS questions answered from the shared cache.", hits);
	counter(b, "dns_cache_misses_total", "DNS questions the shared cache could not answer.",
		misses);
	histogram(b, &tc);
}

/* Write the file: a temporary beside it, then rename (a reader never
 * sees half a file). Returns 0 or -1 (logged). */
static int write_file(void)
{
	char tmp[4096];
	fcrdns_buf b = { 0 };
	FILE *f;
	int ok;

	metrics_render(&b);
	if (b.failed || snprintf(tmp, sizeof tmp, "%s.%ld.tmp", cfg.metrics_file,
				 (long)getpid()) >= (int)sizeof tmp) {
		fcrdns_buf_free(&b);
		return -1;
	}
	if ((f = fopen(tmp, "w")) == NULL) {
		log_msg(LOG_WARNING, "MetricsFile %s: %s", tmp, strerror(errno));
		fcrdns_buf_free(&b);
		return -1;
	}
	ok = fwrite(b.data, 1, b.len, f) == b.len;
	ok = fclose(f) == 0 && ok;
	fcrdns_buf_free(&b);
	if (!ok || rename(tmp, cfg.metrics_file) != 0) {
		log_msg(LOG_WARNING, "MetricsFile %s: %s", cfg.metrics_file, strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}

/* The writer: the file now, then every METRICS_PERIOD_S seconds until
 * metrics_shutdown() wakes it. */
static void *writer_main(void *arg)
{
	struct timespec until;
	int stop = 0;

	(void)arg;
	while (!stop) {
		write_file();
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += METRICS_PERIOD_S;
		pthread_mutex_lock(&stop_lock);
		while (!stopping && pthread_cond_timedwait(&stop_cond, &stop_lock, &until) == 0)
			;
		stop = stopping;
		pthread_mutex_unlock(&stop_lock);
	}
	return NULL;
}

int metrics_init(void)
{
	atomic_init(&connections, 0);
	atomic_init(&forged, 0);
	for (int i = 0; i < METRIC_ACTIONS; i++)
		atomic_init(&actions[i], 0);
	return (tally = fcrdns_tally_new()) != NULL ? 0 : -1;
}

int metrics_start(void)
{
	sigset_t all, old;
	int st;

	if (cfg.metrics_file == NULL)
		return 0;
	/* The writer takes no signal: libmilter waits for SIGTERM in a thread
	 * of its own, and a thread that would take it dies of it. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	st = pthread_create(&writer, NULL, writer_main, NULL);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (st != 0)
		return -1;
	writer_running = 1;
	return 0;
}

void metrics_shutdown(void)
{
	if (writer_running) {
		pthread_mutex_lock(&stop_lock);
		stopping = 1;
		pthread_cond_signal(&stop_cond);
		pthread_mutex_unlock(&stop_lock);
		pthread_join(writer, NULL);
		writer_running = 0;
		write_file(); /* the final counts */
	}
	fcrdns_tally_free(tally);
	tally = NULL;
}
