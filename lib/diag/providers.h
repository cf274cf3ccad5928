/* SPDX-License-Identifier: MIT */
/* providers.h: library-private view of the name-pattern data kept in
 * providers.c: provider default PTR names and known ESP outbound hosts. */
#ifndef FCRDNS_PROVIDERS_H
#define FCRDNS_PROVIDERS_H

#include <stddef.h>

#include "fcrdns.h"

/* A host-name shape (see the pattern language in providers.c) and what a
 * match means: the provider whose default name it is (NULL for a mail
 * service's own outbound hosts), and a short label for the reason line. */
typedef struct name_pattern {
	const char *pattern;
	size_t len;              /* strlen(pattern) */
	const char *provider_id; /* NULL: a known sender, not a default name */
	const char *label;
} name_pattern;

/* Return the provider default-name patterns and their count in *count. */
const name_pattern *provider_default_patterns(size_t *count);
/* Return the known outbound mail-host patterns and their count in *count. */
const name_pattern *esp_outbound_patterns(size_t *count);

/* A registrable domain of an access network (dial-up, DSL, cable, fibre,
 * mobile) and how many labels a name needs left of it before a numbered
 * first label reads as a pool host: 1 where the domain names access hosts
 * only, 2 where the ISP's own servers sit directly below it. */
typedef struct access_domain {
	const char *domain;
	unsigned depth;
} access_domain;

/* Return the access_domain row for domain[0..len) (lowercase, no
 * trailing dot), or NULL when it is not a known access domain. */
const access_domain *access_domain_find(const char *domain, size_t len);

/* Match name (lowercase, len bytes, no trailing dot) against np's
 * pattern. Returns 1 on a match. Never reads beyond name + len. */
int name_pattern_match(const name_pattern *np, const char *name, size_t len);

#endif
