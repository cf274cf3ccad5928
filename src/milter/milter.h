/* SPDX-License-Identifier: MIT */
/* milter.h: what the files of fcrdns-milter share: the loaded
 * configuration, the libmilter callback table, the pool of fcrdns contexts
 * and the log. */
#ifndef FCRDNS_MILTER_H
#define FCRDNS_MILTER_H

#include <libmilter/mfapi.h>

#include "fcrdns.h"
#include "milterlib.h"

/* The configuration, read once at start-up and never changed after. */
extern milter_conf cfg;
/* The authserv-id written into headers: cfg.authserv_id or the host name. */
extern const char *authserv_id;

/* The libmilter callbacks (callbacks.c). */
extern struct smfiDesc milter_desc;

/* Prepare the context pool from cfg; one context is created at once so
 * that a bad Resolver fails at start-up. Returns a status. */
int pool_init(void);
/* Free every idle context. */
void pool_shutdown(void);
/* Check addr, with helo when not NULL, within cfg.timeout_ms. On
 * FCRDNS_OK *out owns a result (free with fcrdns_result_free()); a check
 * that overruns the deadline yields a temperror result. */
int pool_check(const fcrdns_addr *addr, const char *helo, fcrdns_result **out);

/* Return the shared DNS cache's hit and miss counts (0 before start-up). */
void pool_cache_counts(uint64_t *hits, uint64_t *misses);

/* ---- Metrics (metrics.c) ---- */

typedef enum metric_action {
	METRIC_ACCEPT = 0, METRIC_REJECT, METRIC_TEMPFAIL, METRIC_SKIPPED, METRIC_ACTIONS,
} metric_action;

/* Prepare the counters. Returns 0 or -1 (out of memory). */
int metrics_init(void);
/* Start the MetricsFile writer thread, if configured (after daemon()).
 * Returns 0 or -1. */
int metrics_start(void);
/* Stop the writer, write the file a last time, free the counters. */
void metrics_shutdown(void);
/* Count a connection, a message's action, forged headers removed, and a
 * decided check. Thread-safe. */
void metrics_connection(void);
void metrics_action(metric_action a);
void metrics_forged(size_t n);
void metrics_check(const fcrdns_result *r);
/* Append the Prometheus text exposition of every metric. */
void metrics_render(fcrdns_buf *b);

/* Start logging to syslog (cfg.syslog) or stderr. */
void log_open(int foreground);
/* Log one line at priority pri (a LOG_* value). */
void log_msg(int pri, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
