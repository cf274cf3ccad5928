/* SPDX-License-Identifier: MIT */
/* cache.h: answers cached by (name, type) with CLOCK eviction (internal;
 * see cache.c). */
#ifndef FCRDNS_DNS_CACHE_H
#define FCRDNS_DNS_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include "dns/wire.h"

#define DNS_KEY_MAX WIRE_NAME_MAX /* a queryable name is at most 253 octets */
#define DNS_TTL_MAX 3600          /* seconds: even long-lived answers are re-asked */

/* The key of a lookup: the name in lowercase, its type and their hash. */
typedef struct dns_key {
	char name[DNS_KEY_MAX];
	size_t len;
	uint16_t type;
	uint32_t hash;
} dns_key;

/* Make the key of (name, type). Returns 0, or -1 when name does not fit. */
int dns_key_make(dns_key *k, const char *name, uint16_t type);

typedef struct dns_cache dns_cache;

/* Create a cache of at most capacity answers (0: a cache that keeps
 * nothing); shared: used by several threads, so every operation locks.
 * Returns NULL when memory runs out. */
dns_cache *cache_new(size_t capacity, int shared);
void cache_free(dns_cache *c);
/* Return a new reference to the fresh answer cached for k, or NULL. */
dns_block *cache_get(dns_cache *c, const dns_key *k, int64_t now_ms);
/* Cache b (a new reference is taken) for k during ttl seconds (capped at
 * DNS_TTL_MAX; 0: not cached), evicting with CLOCK when full. k must not
 * be cached already in a private cache: an engine asks each key once at a
 * time, after a cache_get() that missed (and dropped a stale entry); a
 * shared cache replaces what another engine put meanwhile. */
void cache_put(dns_cache *c, const dns_key *k, dns_block *b, uint32_t ttl, int64_t now_ms);
/* Return the lookups answered from the cache and those that were not. */
void cache_counts(dns_cache *c, uint64_t *hits, uint64_t *misses);
/* Return the cache inside a shared one. */
dns_cache *cache_of(fcrdns_cache *fc);

#endif
