/* SPDX-License-Identifier: MIT */
/* helo.h: HELO/EHLO judgement (internal; see helo.c). */
#ifndef FCRDNS_HELO_H
#define FCRDNS_HELO_H

#include <libpsl.h>

#include "fcrdns.h"

typedef enum helo_syntax {
	HELO_SYNTAX_INVALID,
	HELO_SYNTAX_LITERAL,
	HELO_SYNTAX_DOMAIN,
} helo_syntax;

/* Classify helo's syntax. A domain is written lowercased, without a
 * trailing dot, into domain (size bytes); a literal into *literal. */
helo_syntax helo_parse(const char *helo, char *domain, size_t size, fcrdns_addr *literal);
/* Return 1 when domain (lowercase) has more than one label, is not itself a
 * public suffix, and ends in a suffix listed in the PSL's ICANN section. */
int helo_is_fqdn(const psl_ctx_t *psl, const char *domain);
/* Return the registrable domain of name (lowercase): a pointer into name,
 * or NULL when it has none. Same answers as psl_registrable_domain(). */
const char *registrable_domain(const psl_ctx_t *psl, const char *name);
/* Return 1 when a and b share their registrable domain. */
int helo_same_registrable_domain(const psl_ctx_t *psl, const char *a, const char *b);
/* Decide the HELO verdict of r from r->helo_name, r->helo_check (the
 * name's A and AAAA lookups, merged) and r->confirmed. */
fcrdns_helo_verdict helo_decide(const psl_ctx_t *psl, const fcrdns_result *r);

#endif
