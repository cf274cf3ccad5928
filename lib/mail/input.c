/* SPDX-License-Identifier: MIT */
/* input.c: bulk input as pure functions: one line into an address or a
 * CIDR block (expanded lazily), client addresses found in Postfix, Exim and
 * Sendmail log lines, and the bounded set that de-duplicates them. */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "core/cidr.h"
#include "fcrdns.h"

#define ADDR_TEXT_MAX 64     /* longest bracket content we try to parse */
#define LOG_SCAN_MAX 256     /* bytes scanned from a marker to its '[' */
#define LOG_MARKER_TRIES 8   /* occurrences of one marker tried per line */

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

/* ---- Mail log lines --------------------------------------------------- */

/* A marker is followed by the client's name and address; before says
 * which characters may precede it (NULL: anything, as in "disconnect"). */
typedef struct log_marker {
	const char *text;
	const char *before;
} log_marker;

static const log_marker markers[] = {
	{ "connect from ", NULL },      /* Postfix smtpd (and "disconnect") */
	{ "client=", " ,:" },           /* Postfix smtpd queue-id line */
	{ "RCPT from ", " " },          /* Postfix NOQUEUE reject */
	{ "H=", " " },                  /* Exim */
	{ "relay=", " ,:" },            /* Sendmail */
};

/* Parse the bracketed address at p ('[' at p[0]), end is the line's end.
 * Accepts "[IP]" and "[IPv6:IP]". Returns 1 and sets *out on success. */
static int parse_bracketed(const char *p, const char *end, fcrdns_addr *out)
{
	char buf[ADDR_TEXT_MAX];
	size_t n;
	const char *close;

	p++;
	close = memchr(p, ']', (size_t)(end - p) < sizeof buf ? (size_t)(end - p) : sizeof buf);
	if (close == NULL)
		return 0;
	n = (size_t)(close - p);
	if (n > 5 && strncasecmp(p, "IPv6:", 5) == 0)
		p += 5, n -= 5;
	if (n == 0 || n >= sizeof buf || memchr(p, '\0', n))
		return 0;
	memcpy(buf, p, n);
	buf[n] = '\0';
	return fcrdns_addr_parse(buf, out) == FCRDNS_OK;
}

/* Walk from p (just after a marker) over at most a name, a "(helo)" and
 * blanks to the '[' of the address: "NAME[IP]", "NAME [IP]", "(helo) [IP]",
 * "NAME (helo) [IP]:port", "[IP]". Returns 1 and sets *out on success. */
static int address_after_marker(const char *p, const char *end, fcrdns_addr *out)
{
	const char *limit = end - p > LOG_SCAN_MAX ? p + LOG_SCAN_MAX : end;

	for (int part = 0; part < 3 && p < limit; part++) {
		if (*p == '[')
			return parse_bracketed(p, end, out);
		if (*p == '(') {
			const char *close = memchr(p, ')', (size_t)(limit - p));
			if (close == NULL)
				return 0;
			p = close + 1;
		} else {
			while (p < limit && *p != '[' && *p != ' ' && *p != '(')
				p++;
		}
		while (p < limit && *p == ' ')
			p++;
	}
	return p < limit && *p == '[' ? parse_bracketed(p, end, out) : 0;
}

/* Find the first occurrence of needle in [p, end), or NULL. */
static const char *find(const char *p, const char *end, const char *needle)
{
	return memmem(p, (size_t)(end - p), needle, strlen(needle));
}

/* Try every occurrence (a bounded number) of marker m in the line. */
static int try_marker(const log_marker *m, const char *line, const char *end, fcrdns_addr *out)
{
	const char *p = line;

	for (int tries = 0; tries < LOG_MARKER_TRIES; tries++) {
		const char *hit = find(p, end, m->text);
		if (hit == NULL)
			return 0;
		p = hit + strlen(m->text);
		if (m->before && hit > line && strchr(m->before, hit[-1]) == NULL)
			continue;
		if (address_after_marker(p, end, out))
			return 1;
	}
	return 0;
}

int fcrdns_log_extract(const char *line, size_t len, fcrdns_addr *out)
{
	if (line == NULL || out == NULL)
		return 0;
	for (size_t i = 0; i < sizeof markers / sizeof markers[0]; i++)
		if (try_marker(&markers[i], line, line + len, out))
			return 1;
	return 0;
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
