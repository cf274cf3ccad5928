/* SPDX-License-Identifier: MIT */
/* answer.c: the answer of one lookup as one block of memory: the public
 * fcrdns_answer, its CNAME chain and its typed records (A, AAAA, PTR,
 * CNAME, NS, MX, TXT) decoded from the reply's data, shared by reference
 * count between the cache and the callbacks it is delivered to. */
#include <ares.h>
#include <arpa/inet.h>
#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

#include "dns/wire.h"

/* One record decoded, before it is copied into the block. */
typedef struct decoded {
	char *name;           /* PTR, CNAME, NS, MX target (from c-ares) */
	size_t nstrings;      /* TXT */
	size_t text_bytes;    /* TXT: the strings' bytes */
	int skip;             /* address of the wrong length: ignored */
} decoded;

static unsigned read_u16(const uint8_t *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

/* Count the character-strings of TXT data; returns -1 when they do not
 * exactly fill it. */
static int txt_count(const uint8_t *data, size_t len, size_t *bytes)
{
	size_t off = 0;
	int n = 0;

	*bytes = 0;
	while (off < len) {
		size_t l = data[off];
		if (off + 1 + l > len)
			return -1;
		*bytes += l;
		off += 1 + l;
		n++;
	}
	return n;
}

/* Expand the name at off of msg into *out (a c-ares string). Returns 0 or
 * -1 when malformed. */
static int expand(const uint8_t *msg, size_t len, size_t off, char **out)
{
	long enclen;

	return ares_expand_name(msg + off, msg, (int)len, out, &enclen) == ARES_SUCCESS ? 0 : -1;
}

/* Decode record r of msg into d. Returns 0, or -1 when its data is
 * malformed. */
static int decode(const uint8_t *msg, size_t len, const wire_record *r, decoded *d)
{
	const uint8_t *data = msg + r->rdoff;
	int n;

	switch (r->type) {
	case FCRDNS_TYPE_A:
		d->skip = r->rdlen != 4;
		return 0;
	case FCRDNS_TYPE_AAAA:
		d->skip = r->rdlen != 16;
		return 0;
	case FCRDNS_TYPE_PTR:
	case FCRDNS_TYPE_CNAME:
	case FCRDNS_TYPE_NS:
		return expand(msg, len, r->rdoff, &d->name);
	case FCRDNS_TYPE_MX:
		return r->rdlen < 3 ? -1 : expand(msg, len, r->rdoff + 2, &d->name);
	case FCRDNS_TYPE_TXT:
		if ((n = txt_count(data, r->rdlen, &d->text_bytes)) < 0)
			return -1;
		d->nstrings = (size_t)n;
		return 0;
	default:
		return 0;
	}
}

#define STACK_DECODED 16 /* answers this small need no malloc to decode */

static void decoded_free(decoded *d, size_t n, decoded *stack)
{
	for (size_t i = 0; d && i < n; i++)
		ares_free_string(d[i].name);
	if (d != stack)
		free(d);
}

/* The layout of a block: pointer arrays first, bytes last. */
typedef struct layout {
	size_t cnames, rrs, strptrs, bytes, total;
} layout;

static size_t align_up(size_t n, size_t a)
{
	return (n + a - 1) / a * a;
}

static void plan(layout *l, const char *qname, const wire_chain *chain, const decoded *d,
		 size_t n)
{
	size_t strings = 0, bytes = strlen(qname) + 1;

	for (size_t i = 0; i < chain->ntargets; i++)
		bytes += strlen(chain->targets[i]) + 1;
	for (size_t i = 0; i < n; i++) {
		strings += d[i].nstrings;
		bytes += d[i].name ? strlen(d[i].name) + 1 : 0;
		bytes += d[i].nstrings * 2 + d[i].text_bytes; /* length + NUL each */
	}
	l->cnames = align_up(sizeof(dns_block), alignof(fcrdns_rr));
	l->rrs = l->cnames + align_up(chain->ntargets * sizeof(char *), alignof(fcrdns_rr));
	l->strptrs = l->rrs + n * sizeof(fcrdns_rr);
	l->bytes = l->strptrs + strings * sizeof(char *);
	l->total = l->bytes + bytes;
}

/* A cursor over the byte area of a block. */
typedef struct cursor {
	char *p;
} cursor;

static const char *put_string(cursor *c, const char *s, size_t len)
{
	char *at = c->p;

	memcpy(at, s, len);
	at[len] = '\0';
	c->p += len + 1;
	return at;
}

/* Fill the TXT strings of rr from data (len bytes, already counted). */
static void put_txt(fcrdns_rr *rr, const char **ptrs, cursor *c, const uint8_t *data, size_t len)
{
	uint8_t *lengths = (uint8_t *)c->p;
	size_t i = 0;

	c->p += rr->nstrings;
	for (size_t off = 0; off < len; i++) {
		lengths[i] = data[off];
		ptrs[i] = put_string(c, (const char *)data + off + 1, data[off]);
		off += 1 + (size_t)data[off];
	}
	rr->strings = ptrs;
	rr->lengths = lengths;
}

/* Fill rr from record r of msg and its decoded form. */
static void put_record(fcrdns_rr *rr, const char ***strptrs, cursor *c, const uint8_t *msg,
		       const wire_record *r, const decoded *d)
{
	const uint8_t *data = msg + r->rdoff;

	memset(rr, 0, sizeof *rr);
	rr->type = r->type;
	rr->ttl = r->ttl;
	if (r->type == FCRDNS_TYPE_A) {
		rr->addr.family = AF_INET;
		memcpy(rr->addr.bytes, data, 4);
	} else if (r->type == FCRDNS_TYPE_AAAA) {
		rr->addr.family = AF_INET6;
		memcpy(rr->addr.bytes, data, 16);
	} else if (r->type == FCRDNS_TYPE_MX) {
		rr->preference = (uint16_t)read_u16(data);
	}
	if (d->name)
		rr->name = put_string(c, d->name, strlen(d->name));
	if (r->type == FCRDNS_TYPE_TXT) {
		rr->nstrings = d->nstrings;
		put_txt(rr, *strptrs, c, data, r->rdlen);
		*strptrs += d->nstrings;
	}
}

/* Copy everything into a block laid out by l. */
static dns_block *fill(const layout *l, const char *qname, uint16_t qtype, const wire_chain *chain,
		       fcrdns_lookup outcome, const uint8_t *msg, const wire_reply *reply,
		       const decoded *d)
{
	char *base = malloc(l->total);
	dns_block *b = (dns_block *)(void *)base;
	cursor c;

	if (b == NULL)
		return NULL;
	const char **cnames = (const char **)(void *)(base + l->cnames);
	fcrdns_rr *rrs = (fcrdns_rr *)(void *)(base + l->rrs);
	const char **strptrs = (const char **)(void *)(base + l->strptrs);
	c.p = base + l->bytes;
	atomic_init(&b->refs, 1);
	b->answer = (fcrdns_answer){
		.qname = put_string(&c, qname, strlen(qname)), .qtype = qtype, .outcome = outcome,
		.rcode = chain->rcode, .authenticated = chain->rcode >= 0 && chain->authenticated,
		.ttl = chain->ttl == UINT32_MAX ? 0 : chain->ttl, .cnames = cnames,
		.ncnames = chain->ntargets, .rrs = rrs,
	};
	for (size_t i = 0; i < chain->ntargets; i++)
		cnames[i] = put_string(&c, chain->targets[i], strlen(chain->targets[i]));
	for (size_t i = 0; reply && outcome == FCRDNS_LOOKUP_ANSWER && i < reply->nrecords; i++)
		if (!d[i].skip)
			put_record(&rrs[b->answer.nrrs++], &strptrs, &c, msg, &reply->records[i], &d[i]);
	/* Only addresses of the wrong length: no data of the type. */
	if (outcome == FCRDNS_LOOKUP_ANSWER && b->answer.nrrs == 0)
		b->answer.outcome = FCRDNS_LOOKUP_NODATA;
	return b;
}

dns_block *answer_build(const char *qname, uint16_t qtype, const wire_chain *chain,
			fcrdns_lookup outcome, const uint8_t *msg, size_t len,
			const wire_reply *reply)
{
	size_t n = outcome == FCRDNS_LOOKUP_ANSWER && reply ? reply->nrecords : 0;
	decoded stack[STACK_DECODED], *d = stack;
	dns_block *b;
	layout l;

	if (n > STACK_DECODED && (d = calloc(n, sizeof *d)) == NULL)
		return NULL;
	memset(d, 0, (n ? n : 1) * sizeof *d);
	for (size_t i = 0; i < n; i++) {
		if (decode(msg, len, &reply->records[i], &d[i]) != 0) {
			/* A record that does not parse spoils the answer. */
			decoded_free(d, i + 1, stack);
			return answer_build(qname, qtype, chain, FCRDNS_LOOKUP_ERROR, msg, len, NULL);
		}
	}
	plan(&l, qname, chain, d, n);
	b = fill(&l, qname, qtype, chain, outcome, msg, reply, d);
	decoded_free(d, n, stack);
	return b;
}

dns_block *answer_ref(dns_block *b)
{
	atomic_fetch_add_explicit(&b->refs, 1, memory_order_relaxed);
	return b;
}

void answer_unref(dns_block *b)
{
	if (b != NULL && atomic_fetch_sub_explicit(&b->refs, 1, memory_order_acq_rel) == 1)
		free(b);
}

void fcrdns_txt_join(fcrdns_buf *b, const fcrdns_rr *rr)
{
	for (size_t i = 0; i < rr->nstrings; i++)
		fcrdns_buf_add(b, rr->strings[i], rr->lengths[i]);
}
