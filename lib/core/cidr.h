/* SPDX-License-Identifier: MIT */
/* cidr.h: the one CIDR parser (internal; see cidr.c). */
#ifndef FCRDNS_CORE_CIDR_H
#define FCRDNS_CORE_CIDR_H

#include <stddef.h>

#include "fcrdns.h"

/* Parse text (len bytes, no NUL needed) as "IP" or "IP/N" into *addr (as
 * written, host bits included) and *prefix (the full length when absent).
 * "::ffff:a.b.c.d/N" is refused: parsing makes the address IPv4, and an
 * IPv6 prefix on it would be a guess. Returns NULL, or a static message:
 * "not an IP address or CIDR block", "IPv4-mapped address with a prefix
 * length", "invalid prefix length". */
const char *cidr_parse(const char *text, size_t len, fcrdns_addr *addr, unsigned *prefix);
/* Return the prefix length of a whole address of a's family (32 or 128). */
unsigned cidr_bits(const fcrdns_addr *a);
/* Return 1 when a has bits set beyond the first prefix bits. */
int cidr_host_bits_set(const fcrdns_addr *a, unsigned prefix);
/* Clear the bits of a beyond the first prefix bits. */
void cidr_mask(fcrdns_addr *a, unsigned prefix);

#endif
