/* SPDX-License-Identifier: MIT */
/* name.h: the one host-name validator (internal; see name.c). */
#ifndef FCRDNS_CORE_NAME_H
#define FCRDNS_CORE_NAME_H

#include <stddef.h>

#define NAME_DOMAIN_MAX 253 /* octets, without the trailing dot */

/* What name_valid() accepts besides RFC 5321 letters-digits-hyphen. */
#define NAME_UNDERSCORE 0x1u   /* '_' in labels (real PTR names carry it) */
#define NAME_LOOSE_HYPHEN 0x2u /* '-' anywhere in a label */

/* Return 1 when s (len bytes, no trailing dot) is a domain name of LDH
 * labels of 1-63 octets, at most NAME_DOMAIN_MAX octets, a label neither
 * starting nor ending with '-' (unless NAME_LOOSE_HYPHEN), '_' allowed with
 * NAME_UNDERSCORE. */
int name_valid(const char *s, size_t len, unsigned flags);

#endif
