/* SPDX-License-Identifier: MIT */
/* authres.h: Authentication-Results field parsing (internal; see
 * authres.c), for `fcrdns headers` and the milter's forged-header
 * removal. */
#ifndef FCRDNS_MAIL_AUTHRES_H
#define FCRDNS_MAIL_AUTHRES_H

#include <stddef.h>

#include "fcrdns.h"
#include "mail/arena.h"

#define AR_AUTHSERV_MAX 256    /* longest authserv-id kept, with NUL */
#define AR_COMMENT_DEPTH_MAX 32 /* deeper nesting is an error */

/* Parse the unfolded value of one Authentication-Results field (len
 * bytes, any content) per RFC 8601 s2.2 with the vendors' variants (see
 * authres.c) into *out, every string allocated from a. out->error says
 * whether it parsed; out->authserv_id is set whenever the authserv-id was
 * read, even when a later part is broken. Returns 0, or -1 when memory
 * ran out (a->failed). */
int authres_parse(arena *a, const char *value, size_t len, fcrdns_authres *out);

/* Extract the authserv-id of an Authentication-Results field value (len
 * bytes, folding allowed) with authres_parse(). Copies it, unquoted, into
 * out (size outlen). Returns 1, or 0 when there is none, when it holds a
 * NUL or is longer than outlen - 1. */
int ar_authserv_id(const char *value, size_t len, char *out, size_t outlen);
/* Return 1 when the field value claims authserv_id (see ar_id_equal). */
int ar_claims_id(const char *value, size_t len, const char *authserv_id);
/* Return 1 when two authserv-ids (NUL-terminated) name the same host:
 * ASCII case is ignored and a U-label equals its A-label (IDNA2008,
 * libidn2). */
int ar_id_equal(const char *a, const char *b);
/* Write the ASCII (A-label) form of the host name id into out (size
 * outlen): id itself when it is ASCII. Returns 0, or -1 when id is not a
 * valid internationalised name or does not fit. */
int ar_id_to_ascii(const char *id, char *out, size_t outlen);

#endif
