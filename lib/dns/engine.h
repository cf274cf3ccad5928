/* SPDX-License-Identifier: MIT */
/* engine.h: the DNS engine (internal; see engine.c): queries of any name
 * and type over a transport, with a cache, coalescing, a cap on queries in
 * flight and a rate cap. */
#ifndef FCRDNS_DNS_ENGINE_H
#define FCRDNS_DNS_ENGINE_H

#include "fcrdns.h"
#include "dns/transport.h"

typedef struct dns_engine dns_engine;

/* Create an engine on loop over tp (owned from now on, even on failure),
 * sized by the options (max_inflight, cache_entries, rate_qps). Returns a
 * status. */
int dns_engine_new(dns_engine **out, fcrdns_loop *loop, dns_transport *tp,
		   const fcrdns_options *opts, unsigned mask);
/* Call every callback still owed with FCRDNS_ECANCELLED, then free. */
void dns_engine_free(dns_engine *e);
/* Ask name for type; cb is called exactly once, from the loop. Returns
 * FCRDNS_OK, FCRDNS_EINVAL (name not queryable) or FCRDNS_ENOMEM. */
int dns_query(dns_engine *e, const char *name, uint16_t type, fcrdns_query_cb cb, void *arg);
/* Return the callbacks still owed. */
size_t dns_engine_pending(const dns_engine *e);
/* Fill st with the engine's counters and state. */
void dns_engine_stats(const dns_engine *e, fcrdns_stats *st);
/* Return 1 (once) when memory ran out since the last call: an answer was
 * then delivered as ERROR, or not cached. */
int dns_engine_take_failure(dns_engine *e);

#endif
