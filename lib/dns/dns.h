/* SPDX-License-Identifier: MIT */
/* dns.h: the DNS engine (internal): asynchronous lookups on one c-ares
 * channel, CNAME chains followed, outcomes classified for iprev. */
#ifndef FCRDNS_DNS_H
#define FCRDNS_DNS_H

#include "fcrdns.h"

typedef enum dns_type {
	DNS_TYPE_A = 1,
	DNS_TYPE_CNAME = 5,
	DNS_TYPE_PTR = 12,
	DNS_TYPE_AAAA = 28,
} dns_type;

/* What one lookup found. Everything is owned by the engine and valid only
 * during the callback. */
typedef struct dns_answer {
	fcrdns_lookup outcome;
	const char *cname;     /* last CNAME target followed, or NULL */
	char **names;          /* PTR: presentation form, no trailing dot */
	size_t nnames;
	fcrdns_addr *addrs;    /* A / AAAA */
	size_t naddrs;
} dns_answer;

typedef void (*dns_callback)(void *arg, const dns_answer *answer);

typedef struct dns_engine dns_engine;

/* Create an engine from the library options. Returns a status. */
int dns_engine_new(dns_engine **out, const fcrdns_options *opts, unsigned mask);
/* Cancel all lookups without calling their callbacks, and free. */
void dns_engine_free(dns_engine *e);
/* Queue a lookup of name (presentation form) for type; cb is called exactly
 * once, from dns_engine_process(). Returns FCRDNS_OK or FCRDNS_ENOMEM. */
int dns_lookup(dns_engine *e, const char *name, dns_type type, dns_callback cb, void *arg);
/* Wait up to timeout_ms (-1: the next DNS deadline) for activity and
 * process it. Returns a status. */
int dns_engine_process(dns_engine *e, int timeout_ms);
/* Return the number of lookups not yet completed. */
size_t dns_engine_pending(const dns_engine *e);

/* Return 1 when name is a host name we are willing to look up: letters,
 * digits, hyphen, underscore, non-empty labels, at most 253 octets. */
int dns_name_is_queryable(const char *name);

#endif
