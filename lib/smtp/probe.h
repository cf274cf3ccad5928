/* SPDX-License-Identifier: MIT */
/* probe.h: the polite SMTP probe of the audit (internal; see probe.c):
 * one connection on the caller's loop, the greeting, one EHLO, QUIT, and
 * the facts a mail server gave about its name. */
#ifndef FCRDNS_SMTP_PROBE_H
#define FCRDNS_SMTP_PROBE_H

#include <stddef.h>
#include <stdint.h>

#include "fcrdns.h"

#define SMTP_HELO_NAME_MAX 255 /* octets of the name sent with EHLO */

/* How the TCP connection went: one list gives the enum and the names. */
#define SMTP_CONNECT_MAP(X)             \
	X(OK, "ok")                     \
	X(REFUSED, "refused")           \
	X(TIMEOUT, "timeout")           \
	X(UNREACHABLE, "unreachable")

typedef enum smtp_connect {
#define SMTP_CONNECT_ENUM(name, text) SMTP_CONNECT_##name,
	SMTP_CONNECT_MAP(SMTP_CONNECT_ENUM)
#undef SMTP_CONNECT_ENUM
} smtp_connect;

/* A string from the server: raw bytes (any content), NUL added. */
typedef struct smtp_text {
	char *data;   /* NULL: none */
	size_t len;
} smtp_text;

/* What one probe found. Every string is the server's, raw: escape it
 * before it reaches a terminal or JSON. */
typedef struct smtp_facts {
	smtp_connect connect;
	int greeting_code;    /* of the greeting's first line, or 0 */
	int greeted;          /* a complete, well-formed 220 greeting */
	smtp_text banner;     /* the greeting's lines joined by "\n", when a
				 greeting reply was complete */
	smtp_text banner_name; /* the first word of the greeting, or none */
	int ehlo_sent;
	smtp_text ehlo_name;  /* the first word of a 250 reply to EHLO, or none */
	int starttls;         /* that reply advertised STARTTLS */
} smtp_facts;

/* What to probe with. */
typedef struct smtp_probe_options {
	uint16_t port;
	unsigned timeout_ms;    /* bounds the connect and each reply */
	const char *helo_name;  /* sent with EHLO: visible ASCII, at most
				   SMTP_HELO_NAME_MAX octets */
} smtp_probe_options;

typedef struct smtp_probe smtp_probe;

/* Called exactly once: status FCRDNS_OK with the facts (the callee owns
 * them from now on: free with smtp_facts_free()), or FCRDNS_ECANCELLED with
 * facts NULL when the loop is freed first. The probe is freed after. */
typedef void (*smtp_probe_cb)(void *arg, int status, smtp_facts *facts);

/* Return the name of a connect outcome ("ok", "refused", ...). */
const char *smtp_connect_name(smtp_connect c);
/* Return 1 when name may follow "EHLO ": 1 to SMTP_HELO_NAME_MAX visible
 * ASCII octets. */
int smtp_helo_name_usable(const char *name);

/* Probe addr:port on loop: connect, read the greeting, send "EHLO name"
 * after a 220 greeting, read its reply, send "QUIT" and read that reply.
 * Nothing else is ever sent; after a 5xx greeting only QUIT is, after any
 * other code nothing. cb runs from the loop, never from inside this call.
 * Returns FCRDNS_OK, FCRDNS_EINVAL (unusable address or name) or
 * FCRDNS_ENOMEM (cb not called). */
int smtp_probe_start(fcrdns_loop *loop, const fcrdns_addr *addr, const smtp_probe_options *o,
		     smtp_probe_cb cb, void *arg);
/* Free facts and what they hold (NULL is fine). */
void smtp_facts_free(smtp_facts *facts);

#endif
