/* SPDX-License-Identifier: MIT */
/* received.h: Received field parsing (internal; see received.c). */
#ifndef FCRDNS_MAIL_RECEIVED_H
#define FCRDNS_MAIL_RECEIVED_H

#include <stddef.h>

#include "fcrdns.h"
#include "mail/arena.h"

#define RECEIVED_FROM_COMMENTS_MAX 16 /* comments of the from clause read */

/* Parse the unfolded value of one Received field (len bytes, any
 * content) into *out, strings allocated from a: from_helo, from_rdns,
 * from_ip, by, with, id, for and date as the `fcrdns headers` contract
 * reads them (see received.c). Never fails on content. Returns 0, or -1
 * when memory ran out. */
int received_parse(arena *a, const char *value, size_t len, fcrdns_received *out);

/* Parse an address as mail headers write it (n bytes): a bracketed
 * literal with an optional "IPv6:" tag and ":port", or a bare address
 * with an optional ":port" (IPv4) or "ident@" prefix. Returns 0 and sets
 * *out (IPv4-mapped becomes IPv4), or -1. */
int mail_addr_parse(const char *s, size_t n, fcrdns_addr *out);

#endif
