/* SPDX-License-Identifier: MIT */
/* authres.h: Authentication-Results field reading (internal; see
 * arparse.c). */
#ifndef FCRDNS_MAIL_AUTHRES_H
#define FCRDNS_MAIL_AUTHRES_H

#include <stddef.h>

#define AR_AUTHSERV_MAX 256    /* longest authserv-id kept, with NUL */

/* Extract the authserv-id of an Authentication-Results field value (len
 * bytes, folding allowed) per RFC 8601 s2.2: CFWS with nested comments is
 * skipped, the value may be a token or a quoted-string. Copies it,
 * unquoted, into out (size outlen). Returns 1, or 0 when the value is
 * malformed, empty or longer than outlen - 1. */
int ar_authserv_id(const char *value, size_t len, char *out, size_t outlen);
/* Return 1 when the field value claims authserv_id (compared without
 * regard to ASCII case). */
int ar_claims_id(const char *value, size_t len, const char *authserv_id);

#endif
