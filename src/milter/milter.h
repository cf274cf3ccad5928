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

/* Start logging to syslog (cfg.syslog) or stderr. */
void log_open(int foreground);
/* Log one line at priority pri (a LOG_* value). */
void log_msg(int pri, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
