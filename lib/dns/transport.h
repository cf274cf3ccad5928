/* SPDX-License-Identifier: MIT */
/* transport.h: the seam under the DNS engine (internal): something that
 * sends a query message and hands back the reply message. The real one
 * is c-ares on the context's loop (transport_ares.c); unit tests plug in a
 * scripted one, as Postfix's mock_dns_lookup does. */
#ifndef FCRDNS_DNS_TRANSPORT_H
#define FCRDNS_DNS_TRANSPORT_H

#include <stddef.h>
#include <stdint.h>

#include "fcrdns.h"

typedef enum tp_status {
	TP_REPLY = 0,   /* a reply message came (any RCODE) */
	TP_TIMEOUT,     /* no server answered in time, or all refused */
	TP_ERROR,       /* the query could not be made or the reply was unusable */
	TP_CANCELLED,   /* the transport was destroyed first */
} tp_status;

/* Called exactly once per query sent, never from inside send(); msg is
 * the reply (TP_REPLY only), valid during the call. */
typedef void (*tp_callback)(void *arg, tp_status status, const uint8_t *msg, size_t len);

typedef struct dns_transport dns_transport;
struct dns_transport {
	/* Send query (len bytes; the transport sets its id). Returns 0, or -1
	 * when memory runs out (cb not called). */
	int (*send)(dns_transport *tp, const uint8_t *query, size_t len, tp_callback cb, void *arg);
	/* Call every callback still owed with TP_CANCELLED, then free. */
	void (*destroy)(dns_transport *tp);
};

/* Create the c-ares transport from the options (timeout, tries,
 * resolvers) on loop. Returns a status. */
int transport_ares_new(dns_transport **out, fcrdns_loop *loop, const fcrdns_options *opts,
		       unsigned mask);

#endif
