/* SPDX-License-Identifier: MIT */
/* input.c: bulk input as pure functions: one line into an address or a
 * CIDR block (expanded lazily), and the bounded set that de-duplicates
 * addresses (mail-log lines are read by maillog.c). */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "core/cidr.h"
#include "fcrdns.h"

#define ADDR_TEXT_MAX 64     /* longest address text we try to parse */

/* ---- Plain lines and CIDR blocks ------------------------------------- */

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

/* Set out to the block of text[0..len) ("IP" or "IP/N"). Returns NULL on
 * success or a static error message. */
static const char *parse_block(const char *text, size_t len, uint64_t max_expand,
			       fcrdns_range *out)
{
	unsigned prefix, free_bits;
	const char *err = cidr_parse(text, len, &out->next, &prefix);

	if (err != NULL)
		return err;
	free_bits = cidr_bits(&out->next) - prefix;
	if (free_bits >= 64 || ((uint64_t)1 << free_bits) > max_expand)
		return "CIDR block larger than --max-expand addresses";
	cidr_mask(&out->next, prefix);
	out->remaining = (uint64_t)1 << free_bits;
	return NULL;
}

void fcrdns_input_parse(const char *line, size_t len, uint64_t max_expand, fcrdns_line *out)
{
	memset(out, 0, sizeof *out);
	while (len > 0 && is_blank(line[0]))
		line++, len--;
	while (len > 0 && is_blank(line[len - 1]))
		len--;
	if (len == 0 || line[0] == '#')
		return;
	out->error = parse_block(line, len, max_expand, &out->range);
	out->kind = out->error ? FCRDNS_LINE_ERROR : FCRDNS_LINE_ADDRS;
	if (out->error)
		memset(&out->range, 0, sizeof out->range);
}

int fcrdns_range_next(fcrdns_range *r, fcrdns_addr *out)
{
	int last;

	if (r->remaining == 0)
		return 0;
	*out = r->next;
	r->remaining--;
	/* Increment as a big-endian number; the block never wraps because
	 * remaining counts exactly the addresses left in it. */
	last = r->next.family == AF_INET ? 3 : 15;
	for (int i = last; i >= 0 && ++r->next.bytes[i] == 0; i--)
		;
	return 1;
}

/* ---- The de-duplicating set ------------------------------------------- */

/* An open-addressing table of at most FCRDNS_SEEN_GENERATION keys in twice
 * as many slots; family 0 marks an empty slot. */
typedef struct seen_table {
	fcrdns_addr *slots;
	size_t used;
} seen_table;

#define SEEN_SLOTS (2 * FCRDNS_SEEN_GENERATION)

struct fcrdns_seen {
	seen_table gen[2]; /* gen[0] current, gen[1] older */
};

static size_t addr_hash(const fcrdns_addr *a)
{
	uint64_t h = 1469598103934665603u; /* FNV-1a */
	int n = a->family == AF_INET ? 4 : 16;

	for (int i = 0; i < n; i++)
		h = (h ^ a->bytes[i]) * 1099511628211u;
	h ^= (uint64_t)a->family;
	return (size_t)(h ^ (h >> 29));
}

/* Return the slot holding a, or the empty slot where it belongs. */
static fcrdns_addr *table_slot(const seen_table *t, const fcrdns_addr *a)
{
	size_t i = addr_hash(a) & (SEEN_SLOTS - 1);

	while (t->slots[i].family != 0 && !fcrdns_addr_equal(&t->slots[i], a))
		i = (i + 1) & (SEEN_SLOTS - 1);
	return &t->slots[i];
}

fcrdns_seen *fcrdns_seen_new(void)
{
	return calloc(1, sizeof(fcrdns_seen));
}

void fcrdns_seen_free(fcrdns_seen *s)
{
	if (s == NULL)
		return;
	free(s->gen[0].slots);
	free(s->gen[1].slots);
	free(s);
}

int fcrdns_seen_add(fcrdns_seen *s, const fcrdns_addr *a)
{
	fcrdns_addr *slot;

	if (a->family != AF_INET && a->family != AF_INET6)
		return -1;
	if (s->gen[1].slots && table_slot(&s->gen[1], a)->family != 0)
		return 0;
	if (s->gen[0].slots == NULL &&
	    (s->gen[0].slots = calloc(SEEN_SLOTS, sizeof *s->gen[0].slots)) == NULL)
		return -1;
	if ((slot = table_slot(&s->gen[0], a))->family != 0)
		return 0;
	if (s->gen[0].used == FCRDNS_SEEN_GENERATION) {
		/* Rotate: forget the older generation, reuse its memory. */
		seen_table old = s->gen[1];
		s->gen[1] = s->gen[0];
		s->gen[0] = (seen_table){ old.slots, 0 };
		if (s->gen[0].slots == NULL &&
		    (s->gen[0].slots = calloc(SEEN_SLOTS, sizeof *s->gen[0].slots)) == NULL)
			return -1;
		memset(s->gen[0].slots, 0, SEEN_SLOTS * sizeof *s->gen[0].slots);
		slot = table_slot(&s->gen[0], a);
	}
	*slot = *a;
	s->gen[0].used++;
	return 1;
}
