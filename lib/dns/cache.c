/* SPDX-License-Identifier: MIT */
/* cache.c: a bounded cache of answers by (name, type). A hash table finds
 * entries; a CLOCK ring evicts them (an entry used since the hand last
 * passed gets a second chance). Entries hold a reference to their answer
 * block, so evicting one never frees an answer being delivered. A cache
 * shared by several contexts (fcrdns_cache, e.g. the milter's threads)
 * takes a mutex around each operation. */
#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "dns/cache.h"

#define CACHE_MAX (1u << 24)

typedef struct entry {
	struct entry *hnext;
	struct entry **hprev;     /* the pointer to this entry in its chain */
	uint32_t hash;
	uint16_t type;
	unsigned char referenced;
	size_t slot;              /* in the ring */
	int64_t expires_ms;
	dns_block *block;
	char key[];
} entry;

struct dns_cache {
	int shared;               /* several contexts, several threads: locked */
	pthread_mutex_t lock;
	entry **buckets;          /* a power of two of them */
	size_t nbuckets;
	entry **ring;             /* NULL slots are free */
	size_t size, hand;
	uint64_t hits, misses;
};

int dns_key_make(dns_key *k, const char *name, uint16_t type)
{
	uint32_t h = 2166136261u ^ type; /* FNV-1a */
	size_t n = strnlen(name, DNS_KEY_MAX);

	if (n >= DNS_KEY_MAX)
		return -1;
	if (n > 1 && name[n - 1] == '.') /* "name." and "name" are one key */
		n--;
	for (size_t i = 0; i < n; i++) {
		k->name[i] = (char)tolower((unsigned char)name[i]);
		h = (h ^ (unsigned char)k->name[i]) * 16777619u;
	}
	k->name[n] = '\0';
	k->len = n;
	k->type = type;
	k->hash = h;
	return 0;
}

dns_cache *cache_new(size_t capacity, int shared)
{
	dns_cache *c = calloc(1, sizeof *c);

	if (c == NULL)
		return NULL;
	if (shared && pthread_mutex_init(&c->lock, NULL) != 0) {
		free(c);
		return NULL;
	}
	c->shared = shared;
	c->size = capacity < CACHE_MAX ? capacity : CACHE_MAX;
	for (c->nbuckets = 1024; c->nbuckets < c->size; c->nbuckets <<= 1)
		;
	c->buckets = calloc(c->nbuckets, sizeof *c->buckets);
	c->ring = c->size ? calloc(c->size, sizeof *c->ring) : NULL;
	if (c->buckets == NULL || (c->size && c->ring == NULL)) {
		cache_free(c);
		return NULL;
	}
	return c;
}

static void entry_free(entry *e)
{
	answer_unref(e->block);
	free(e);
}

void cache_free(dns_cache *c)
{
	if (c == NULL)
		return;
	for (size_t i = 0; c->ring && i < c->size; i++)
		if (c->ring[i])
			entry_free(c->ring[i]);
	free(c->ring);
	free(c->buckets);
	if (c->shared)
		pthread_mutex_destroy(&c->lock);
	free(c);
}

static void lock(dns_cache *c)
{
	if (c->shared)
		pthread_mutex_lock(&c->lock);
}

static void unlock(dns_cache *c)
{
	if (c->shared)
		pthread_mutex_unlock(&c->lock);
}

static entry **bucket_of(dns_cache *c, uint32_t hash)
{
	return &c->buckets[hash & (c->nbuckets - 1)];
}

static entry *entry_find(dns_cache *c, const dns_key *k)
{
	for (entry *e = *bucket_of(c, k->hash); e; e = e->hnext)
		if (e->hash == k->hash && e->type == k->type && strcmp(e->key, k->name) == 0)
			return e;
	return NULL;
}

/* Take e out of the table and the ring, and free it. */
static void entry_drop(dns_cache *c, entry *e)
{
	*e->hprev = e->hnext;
	if (e->hnext)
		e->hnext->hprev = e->hprev;
	c->ring[e->slot] = NULL;
	entry_free(e);
}

dns_block *cache_get(dns_cache *c, const dns_key *k, int64_t now_ms)
{
	dns_block *b = NULL;
	entry *e;

	lock(c);
	if ((e = c->size ? entry_find(c, k) : NULL) != NULL && e->expires_ms <= now_ms) {
		entry_drop(c, e);
		e = NULL;
	}
	if (e == NULL) {
		c->misses++;
	} else {
		c->hits++;
		e->referenced = 1;
		b = answer_ref(e->block);
	}
	unlock(c);
	return b;
}

/* Find a free ring slot, evicting with CLOCK. */
static size_t ring_claim(dns_cache *c)
{
	for (;;) {
		size_t slot = c->hand;
		entry *old = c->ring[slot];
		c->hand = (c->hand + 1) % c->size;
		if (old == NULL)
			return slot;
		if (old->referenced) {
			old->referenced = 0;
			continue;
		}
		entry_drop(c, old);
		return slot;
	}
}

void cache_put(dns_cache *c, const dns_key *k, dns_block *b, uint32_t ttl, int64_t now_ms)
{
	entry *e, **bucket;

	if (c->size == 0 || ttl == 0)
		return;
	if ((e = malloc(sizeof *e + k->len + 1)) == NULL)
		return; /* not cached: the next asker asks the server */
	lock(c);
	/* Shared by several engines, each coalescing only its own questions:
	 * another may have cached the key meanwhile. */
	if (c->shared) {
		entry *old = entry_find(c, k);
		if (old != NULL)
			entry_drop(c, old);
	}
	memcpy(e->key, k->name, k->len + 1);
	e->hash = k->hash;
	e->type = k->type;
	e->referenced = 0;
	e->expires_ms = now_ms + (int64_t)(ttl < DNS_TTL_MAX ? ttl : DNS_TTL_MAX) * 1000;
	e->block = answer_ref(b);
	e->slot = ring_claim(c);
	c->ring[e->slot] = e;
	bucket = bucket_of(c, k->hash);
	e->hnext = *bucket;
	e->hprev = bucket;
	if (*bucket)
		(*bucket)->hprev = &e->hnext;
	*bucket = e;
	unlock(c);
}

void cache_counts(dns_cache *c, uint64_t *hits, uint64_t *misses)
{
	lock(c);
	*hits = c->hits;
	*misses = c->misses;
	unlock(c);
}

/* The public face of a shared cache. */
struct fcrdns_cache {
	dns_cache *c;
};

int fcrdns_cache_new(fcrdns_cache **out, size_t entries)
{
	fcrdns_cache *fc = malloc(sizeof *fc);

	*out = NULL;
	if (fc == NULL || (fc->c = cache_new(entries, 1)) == NULL) {
		free(fc);
		return FCRDNS_ENOMEM;
	}
	*out = fc;
	return FCRDNS_OK;
}

void fcrdns_cache_free(fcrdns_cache *fc)
{
	if (fc == NULL)
		return;
	cache_free(fc->c);
	free(fc);
}

void fcrdns_cache_counts(fcrdns_cache *fc, uint64_t *hits, uint64_t *misses)
{
	cache_counts(fc->c, hits, misses);
}

dns_cache *cache_of(fcrdns_cache *fc)
{
	return fc->c;
}
