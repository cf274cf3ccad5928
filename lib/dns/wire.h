/* SPDX-License-Identifier: MIT */
/* wire.h: DNS messages on the wire (internal; see wire.c and answer.c):
 * building queries, reading replies record by record with the CNAME chain
 * followed, and turning a reply into the refcounted answer the engine
 * caches and delivers. Pure functions: no sockets, no clocks. */
#ifndef FCRDNS_DNS_WIRE_H
#define FCRDNS_DNS_WIRE_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "fcrdns.h"

#define WIRE_NAME_MAX 256   /* a presentation-form name we ask, with NUL */
#define WIRE_QUERY_MAX 300  /* header + a 255-octet name + question + OPT */
#define WIRE_EDNS_SIZE 1232 /* UDP payload we announce (DNS flag day 2020) */

/* Return 1 when name is one we ask: labels of 1-63 printable octets other
 * than blanks and the characters presentation form escapes (. \ " ; ( ) @
 * $), so RFC 2317's "0/25" labels pass; at most 253 octets, one trailing
 * dot allowed. */
int wire_name_is_queryable(const char *name);

/* Write a query for name and type into buf (WIRE_QUERY_MAX bytes): id 0
 * (the transport sets it), RD and AD set (RFC 6840 s5.7: report
 * authentication), and an EDNS0 OPT record announcing WIRE_EDNS_SIZE.
 * Returns the length, or -1 when name is not queryable. */
int wire_build_query(uint8_t *buf, const char *name, uint16_t type);

/* Read the first question of msg: its name, lowercase, without trailing
 * dot, into name (WIRE_NAME_MAX bytes), and its type. Returns 0, or -1
 * when msg is malformed or the name not queryable. */
int wire_read_question(const uint8_t *msg, size_t len, char *name, uint16_t *type);

/* The CNAME chain of one lookup across the messages it takes. */
typedef struct wire_chain {
	const char *current;   /* the name asked now: qname or the last target */
	char *targets[FCRDNS_MAX_CNAME_HOPS]; /* CNAME targets followed (owned) */
	size_t ntargets;
	int authenticated;     /* every message so far had AD */
	uint32_t ttl;          /* smallest TTL seen so far */
	int rcode;             /* of the last message, -1 before any */
} wire_chain;

/* Start the chain of a lookup of qname (borrowed for the chain's life). */
void wire_chain_init(wire_chain *c, const char *qname);
/* Free the targets the chain holds. */
void wire_chain_clear(wire_chain *c);

/* One record of a reply: where its data lies in the message. */
typedef struct wire_record {
	uint16_t type;
	uint32_t ttl;
	size_t rdoff;
	size_t rdlen;
} wire_record;

#define WIRE_INLINE_RECORDS 16 /* records kept without a malloc */

/* What one message says about the chain's current name. Used in place:
 * records may point into the struct itself. */
typedef struct wire_reply {
	fcrdns_lookup outcome; /* ANSWER (records of the type), NXDOMAIN, NODATA,
				  SERVFAIL, REFUSED, ERROR or CNAME_LOOP */
	int restart;           /* the chain left the message: ask chain->current */
	wire_record *records;  /* of the type, owned by the chain's end */
	size_t nrecords;
	wire_record inline_records[WIRE_INLINE_RECORDS];
} wire_reply;

/* Read msg, the reply to chain->current for qtype: follow the CNAMEs it
 * holds (adding them to chain, at most FCRDNS_MAX_CNAME_HOPS in all), note
 * its RCODE, AD bit and TTLs in chain, and sort out the records that
 * answer. Returns 0, or -1 when memory runs out. The caller releases
 * reply with wire_reply_clear(). */
int wire_read_reply(const uint8_t *msg, size_t len, uint16_t qtype, wire_chain *chain,
		    wire_reply *reply);
/* Free what reply holds beyond itself. */
void wire_reply_clear(wire_reply *reply);

/* An answer as the engine caches and delivers it: one block holding the
 * fcrdns_answer and everything it points to, shared by reference count
 * (atomic: a cache shared by several contexts hands one block to several
 * threads). */
typedef struct dns_block {
	atomic_uint refs;
	fcrdns_answer answer;
} dns_block;

/* Build the answer of a lookup of qname for qtype: the chain's CNAMEs, its
 * AD bit and TTL, outcome, and the records of reply (read from msg; reply
 * may be NULL when no message came). A record whose data does not parse
 * makes the outcome ERROR. Returns a block with one reference, or NULL
 * when memory runs out. */
dns_block *answer_build(const char *qname, uint16_t qtype, const wire_chain *chain,
			fcrdns_lookup outcome, const uint8_t *msg, size_t len,
			const wire_reply *reply);
/* Take / drop a reference; the last drop frees the block. */
dns_block *answer_ref(dns_block *b);
void answer_unref(dns_block *b);

#endif
