/* SPDX-License-Identifier: MIT */
/* ranges.c: provider address ranges: a file of "CIDR provider-id" lines
 * (a provider's published prefixes) loaded into sorted tables, so that an
 * address with no PTR, or a generic one, can still name its provider. */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/cidr.h"
#include "fcrdns.h"

#define RANGES_LINE_MAX 256
#define RANGES_MAX 1000000   /* entries per file */
#define RANGES_NEST_MAX 64   /* enclosing prefixes examined per lookup */

typedef struct range {
	uint8_t start[16];   /* network order; 4 bytes used for IPv4 */
	uint8_t end[16];
	const fcrdns_provider *provider;
} range;

struct fcrdns_ranges {
	range *v[2];         /* [0] IPv4, [1] IPv6, sorted by start */
	size_t n[2], cap[2];
	size_t *widest[2];   /* [i]: index of the largest end among v[0..i] */
};

static size_t addr_len(int family)
{
	return family == AF_INET ? 4 : 16;
}

/* Fill r's start and end from addr/prefix. */
static void range_set(range *r, const fcrdns_addr *addr, unsigned prefix)
{
	size_t len = addr_len(addr->family);

	for (size_t i = 0; i < len; i++) {
		unsigned bits = prefix >= 8 * (i + 1) ? 8 : prefix > 8 * i ? prefix - 8 * i : 0;
		uint8_t mask = (uint8_t)(bits ? 0xff << (8 - bits) : 0);
		r->start[i] = addr->bytes[i] & mask;
		r->end[i] = (uint8_t)(addr->bytes[i] | (uint8_t)~mask);
	}
}

/* Parse "CIDR provider-id" (a bare address is a /32 or /128) into r.
 * Returns NULL, or a static message saying what is wrong. */
static const char *parse_entry(char *line, range *r, int *family)
{
	char *cidr = strtok(line, " \t"), *id = strtok(NULL, " \t");
	unsigned prefix;
	fcrdns_addr a;
	const char *err;

	if (cidr == NULL || id == NULL || strtok(NULL, " \t") != NULL)
		return "want \"CIDR provider-id\"";
	if ((err = cidr_parse(cidr, strlen(cidr), &a, &prefix)) != NULL)
		return err;
	if ((r->provider = fcrdns_provider_find(id)) == NULL)
		return "unknown provider id (see fcrdns_provider_list)";
	range_set(r, &a, prefix);
	*family = a.family;
	return NULL;
}

static int range_add(fcrdns_ranges *t, int family, const range *r)
{
	int f = family == AF_INET ? 0 : 1;

	if (t->n[f] == t->cap[f]) {
		size_t cap = t->cap[f] ? 2 * t->cap[f] : 256;
		range *v = realloc(t->v[f], cap * sizeof *v);
		if (v == NULL)
			return -1;
		t->v[f] = v;
		t->cap[f] = cap;
	}
	t->v[f][t->n[f]++] = *r;
	return 0;
}

static int compare_start(const void *a, const void *b)
{
	return memcmp(((const range *)a)->start, ((const range *)b)->start, 16);
}

/* Read path into t. Returns a status; on error err says where. */
static int ranges_read(fcrdns_ranges *t, FILE *f, const char *path, char *err, size_t errlen)
{
	char line[RANGES_LINE_MAX + 2];
	size_t lineno = 0;

	while (fgets(line, sizeof line, f) != NULL) {
		range r;
		int family;
		const char *what;
		lineno++;
		if (strchr(line, '\n') == NULL && !feof(f)) {
			snprintf(err, errlen, "%s:%zu: line longer than %d bytes", path, lineno, RANGES_LINE_MAX);
			return FCRDNS_EINVAL;
		}
		line[strcspn(line, "#\r\n")] = '\0';
		if (strspn(line, " \t") == strlen(line))
			continue;
		memset(&r, 0, sizeof r);
		if ((what = parse_entry(line, &r, &family)) != NULL) {
			snprintf(err, errlen, "%s:%zu: %s", path, lineno, what);
			return FCRDNS_EINVAL;
		}
		if (t->n[0] + t->n[1] >= RANGES_MAX) {
			snprintf(err, errlen, "%s: more than %d ranges", path, RANGES_MAX);
			return FCRDNS_EINVAL;
		}
		if (range_add(t, family, &r) != 0)
			return FCRDNS_ENOMEM;
	}
	return FCRDNS_OK;
}

int fcrdns_ranges_load(const char *path, fcrdns_ranges **out, char *err, size_t errlen)
{
	fcrdns_ranges *t = calloc(1, sizeof *t);
	FILE *f;
	int st;

	*out = NULL;
	if (errlen > 0)
		err[0] = '\0';
	if (t == NULL)
		return FCRDNS_ENOMEM;
	if ((f = fopen(path, "r")) == NULL) {
		snprintf(err, errlen, "%s: cannot open", path);
		free(t);
		return FCRDNS_ESYS;
	}
	st = ranges_read(t, f, path, err, errlen);
	fclose(f);
	if (st != FCRDNS_OK) {
		fcrdns_ranges_free(t);
		return st;
	}
	for (int i = 0; i < 2; i++) {
		if (t->n[i] == 0)
			continue; /* qsort wants a non-NULL base even for none */
		qsort(t->v[i], t->n[i], sizeof *t->v[i], compare_start);
		if ((t->widest[i] = malloc(t->n[i] * sizeof *t->widest[i])) == NULL) {
			fcrdns_ranges_free(t);
			return FCRDNS_ENOMEM;
		}
		for (size_t k = 0; k < t->n[i]; k++)
			t->widest[i][k] = k > 0 && memcmp(t->v[i][t->widest[i][k - 1]].end,
							  t->v[i][k].end, 16) > 0
						  ? t->widest[i][k - 1] : k;
	}
	*out = t;
	return FCRDNS_OK;
}

const fcrdns_provider *fcrdns_ranges_lookup(const fcrdns_ranges *t, const fcrdns_addr *a)
{
	int f = a->family == AF_INET ? 0 : 1;
	size_t len = addr_len(a->family), lo = 0, hi;
	const range *v;

	if (t == NULL || (a->family != AF_INET && a->family != AF_INET6))
		return NULL;
	v = t->v[f];
	hi = t->n[f];
	/* The last range starting at or before a; enclosing ones start earlier. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (memcmp(v[mid].start, a->bytes, len) <= 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return NULL;
	/* The nearest enclosing prefixes are the most specific... */
	for (size_t k = 0, i = lo; k < RANGES_NEST_MAX && i > 0; k++, i--)
		if (memcmp(a->bytes, v[i - 1].end, len) <= 0)
			return v[i - 1].provider;
	/* ...and the range reaching furthest decides whether any encloses a. */
	v = &v[t->widest[f][lo - 1]];
	return memcmp(a->bytes, v->end, len) <= 0 ? v->provider : NULL;
}

void fcrdns_ranges_free(fcrdns_ranges *t)
{
	if (t == NULL)
		return;
	for (int i = 0; i < 2; i++) {
		free(t->v[i]);
		free(t->widest[i]);
	}
	free(t);
}
