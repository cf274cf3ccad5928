/* SPDX-License-Identifier: MIT */
/* dnsscript.h: a scripted DNS transport for unit tests (see dnsscript.c):
 * the engine and the check machine run unchanged, but every query is
 * answered from a table, on the next turn of the loop, with no socket. */
#ifndef FCRDNS_TEST_DNSSCRIPT_H
#define FCRDNS_TEST_DNSSCRIPT_H

#include <stddef.h>
#include <stdint.h>

#include "check/context.h"

#define SCRIPT_RRS_MAX 8

/* What the reply of one query holds, or how it fails. */
typedef enum script_kind {
	SCRIPT_REPLY = 0,  /* a reply message with rcode and records */
	SCRIPT_TIMEOUT,    /* no server answers */
	SCRIPT_GARBAGE,    /* a reply that is not a DNS message (12 zero octets cut) */
	SCRIPT_SILENT,     /* never answered: only cancellation ends it */
} script_kind;

/* One answer record: its owner, type, and data in text: an address for
 * A/AAAA, a name for PTR/CNAME/NS, "PREF NAME" for MX, and for TXT the
 * character-strings separated by '|'. */
typedef struct script_rr {
	const char *owner;
	uint16_t type;
	const char *data;
} script_rr;

typedef struct script_entry {
	const char *qname;   /* lowercase, no trailing dot */
	uint16_t qtype;
	script_kind kind;
	int rcode;           /* NOERROR 0, SERVFAIL 2, NXDOMAIN 3, REFUSED 5 */
	int ad;              /* set the AD bit */
	uint32_t neg_ttl;    /* >0: an authority SOA with this MINIMUM */
	script_rr rrs[SCRIPT_RRS_MAX];
} script_entry;

/* A script: its table (borrowed) and what it saw. A query with no entry
 * gets NXDOMAIN with a 300-second SOA. */
typedef struct dns_script {
	const script_entry *table;
	size_t n;
	size_t sent;         /* queries received */
	size_t outstanding;  /* received and not yet answered */
	size_t most_outstanding;
	char last_qname[256];
} dns_script;

/* A transport_maker for ctx_new_with(): arg is the dns_script. */
int dnsscript_make(dns_transport **out, fcrdns_loop *loop, const fcrdns_options *opts,
		   unsigned mask, void *arg);
/* Count the queries received for (qname, qtype). */
size_t dnsscript_count(const dns_script *s, const char *qname, uint16_t qtype);
/* Create a context over script s (no resolver, no PSL file). Aborts the
 * test on failure. */
fcrdns_ctx *dnsscript_ctx(dns_script *s, const fcrdns_options *opts, unsigned mask);

#endif
