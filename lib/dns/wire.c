/* SPDX-License-Identifier: MIT */
/* wire.c: DNS messages on the wire: queries built with the AD bit and an
 * EDNS0 OPT record, and replies read record by record, so that CNAME
 * chains are followed across zones and every outcome keeps its RCODE
 * (which c-ares' own parse helpers would fold away). Every byte of a reply
 * is hostile: each name, record and section is checked against the
 * message's length before it is used. Pure: no sockets, no clocks. */
#include <ares.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "dns/wire.h"

#define HEADER_SIZE 12
#define NAME_JUMPS_MAX 64   /* compression pointers followed in one name */
#define FLAG_RD 0x01        /* byte 2 */
#define FLAG_AD 0x20        /* byte 3 */
#define RCODE_NOERROR 0
#define RCODE_SERVFAIL 2
#define RCODE_NXDOMAIN 3
#define RCODE_REFUSED 5
#define CLASS_IN 1
#define TYPE_OPT 41

static unsigned read_u16(const uint8_t *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static uint32_t read_u32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint8_t *put_u16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
	return p + 2;
}

/* ---- Names and queries ------------------------------------------------- */

/* Characters that stand as themselves in a presentation-form name: c-ares
 * escapes the others as \DDD or \c (a space it leaves as is). One table
 * lookup per character: this runs on every name of every query. */
static const unsigned char plain_chars[256] = {
	[' '] = 1, ['!'] = 1, ['#'] = 1, ['%'] = 1, ['&'] = 1, ['\''] = 1, ['*'] = 1,
	['+'] = 1, [','] = 1, ['-'] = 1, ['/'] = 1, [':'] = 1, ['<'] = 1, ['='] = 1,
	['>'] = 1, ['?'] = 1, ['['] = 1, [']'] = 1, ['^'] = 1, ['_'] = 1, ['`'] = 1,
	['{'] = 1, ['|'] = 1, ['}'] = 1, ['~'] = 1,
	['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1,
	['7'] = 1, ['8'] = 1, ['9'] = 1,
	['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1,
	['H'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1,
	['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1,
	['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1,
	['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1,
	['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1,
	['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1,
	['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1,
};

#define plain_name_char(c) (plain_chars[(unsigned char)(c)] != 0)

int wire_name_is_queryable(const char *name)
{
	size_t len = strnlen(name, 256), label = 0;

	if (len > 1 && name[len - 1] == '.')
		len--;
	if (len == 0 || len > 253)
		return 0;
	for (size_t i = 0; i < len; i++) {
		if (name[i] == '.') {
			if (label == 0)
				return 0;
			label = 0;
			continue;
		}
		if (name[i] == ' ' || !plain_name_char(name[i]) || ++label > 63)
			return 0;
	}
	return 1;
}

/* Encode a queryable name as labels ending in the root. Returns the end. */
static uint8_t *put_name(uint8_t *p, const char *name)
{
	size_t len = strlen(name);

	if (len > 1 && name[len - 1] == '.')
		len--;
	for (size_t start = 0; start < len;) {
		const char *dot = memchr(name + start, '.', len - start);
		size_t label = dot ? (size_t)(dot - name) - start : len - start;
		*p++ = (uint8_t)label;
		memcpy(p, name + start, label);
		p += label;
		start += label + 1;
	}
	*p++ = 0;
	return p;
}

int wire_build_query(uint8_t *buf, const char *name, uint16_t type)
{
	uint8_t *p = buf;

	if (!wire_name_is_queryable(name))
		return -1;
	memset(p, 0, HEADER_SIZE);
	p[2] = FLAG_RD;
	p[3] = FLAG_AD;
	p[5] = 1;  /* QDCOUNT */
	p[11] = 1; /* ARCOUNT: the OPT record */
	p = put_name(p + HEADER_SIZE, name);
	p = put_u16(p, type);
	p = put_u16(p, CLASS_IN);
	/* OPT (RFC 6891): root owner, payload size in CLASS, TTL 0 (no DO),
	 * no options: 11 octets, the size c-ares strips on a FORMERR retry. */
	*p++ = 0;
	p = put_u16(p, TYPE_OPT);
	p = put_u16(p, WIRE_EDNS_SIZE);
	memset(p, 0, 6);
	p += 6;
	return (int)(p - buf);
}

/* Walk the encoded name at off, following compression pointers, checking
 * that every label lies inside the message, that pointers do not loop and
 * that the name fits 255 octets. Returns the octets the name occupies at
 * off, or -1 when it is malformed. */
static int name_checked_length(const uint8_t *msg, size_t len, size_t off)
{
	int length = -1, total = 0, jumps = 0;
	size_t pos = off;

	while (pos < len) {
		unsigned l = msg[pos];
		if ((l & 0xc0) == 0xc0) {
			if (pos + 1 >= len || ++jumps > NAME_JUMPS_MAX)
				return -1;
			if (length < 0)
				length = (int)(pos + 2 - off);
			pos = (l & 0x3f) << 8 | msg[pos + 1];
			continue;
		}
		if (l & 0xc0)
			return -1;
		if (l == 0)
			return length < 0 ? (int)(pos + 1 - off) : length;
		if (pos + 1 + l > len || (total += (int)l + 1) > 255)
			return -1;
		pos += 1 + l;
	}
	return -1;
}

/* Expand the name at off into a string from c-ares (free with
 * ares_free_string), checked first. Returns NULL when malformed. */
static char *name_expand(const uint8_t *msg, size_t len, size_t off)
{
	char *text;
	long enclen;

	if (name_checked_length(msg, len, off) < 0 ||
	    ares_expand_name(msg + off, msg, (int)len, &text, &enclen) != ARES_SUCCESS)
		return NULL;
	return text;
}

int wire_read_question(const uint8_t *msg, size_t len, char *name, uint16_t *type)
{
	int enclen;
	char *text;

	if (len < HEADER_SIZE || read_u16(msg + 4) < 1 ||
	    (enclen = name_checked_length(msg, len, HEADER_SIZE)) < 0 ||
	    HEADER_SIZE + (size_t)enclen + 4 > len)
		return -1;
	if ((text = name_expand(msg, len, HEADER_SIZE)) == NULL)
		return -1;
	if (strlen(text) >= WIRE_NAME_MAX || !wire_name_is_queryable(text)) {
		ares_free_string(text);
		return -1;
	}
	for (size_t i = 0; text[i]; i++)
		name[i] = (char)tolower((unsigned char)text[i]);
	name[strlen(text)] = '\0';
	ares_free_string(text);
	*type = (uint16_t)read_u16(msg + HEADER_SIZE + enclen);
	return 0;
}

static unsigned char ascii_lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + ('a' - 'A')) : c;
}

/* Return 1 when the (checked) encoded name at off equals name, given in
 * presentation form, ignoring ASCII case. A name holding escapes is
 * compared in expanded form. */
static int name_equals(const uint8_t *msg, size_t len, size_t off, const char *name)
{
	const char *p = name;
	int jumps = 0;

	if (strchr(name, '\\') != NULL) {
		char *text = name_expand(msg, len, off);
		int same = text && strcasecmp(text, name) == 0;
		ares_free_string(text);
		return same;
	}
	while (off < len && jumps <= NAME_JUMPS_MAX) {
		unsigned l = msg[off];
		if ((l & 0xc0) == 0xc0) {
			if (off + 1 >= len)
				return 0;
			off = (l & 0x3f) << 8 | msg[off + 1];
			jumps++;
			continue;
		}
		if (l == 0)
			return *p == '\0';
		if ((l & 0xc0) || off + 1 + l > len)
			return 0;
		if (p != name && *p++ != '.')
			return 0;
		for (unsigned i = 1; i <= l; i++, p++)
			if (!plain_name_char(msg[off + i]) ||
			    ascii_lower(msg[off + i]) != ascii_lower((unsigned char)*p))
				return 0;
		off += 1 + l;
	}
	return 0;
}

/* ---- Sections ------------------------------------------------------------ */

/* Skip the question section; returns the offset after it, or 0. */
static size_t skip_questions(const uint8_t *msg, size_t len)
{
	size_t off = HEADER_SIZE;

	for (unsigned i = 0, n = read_u16(msg + 4); i < n; i++) {
		int enclen = name_checked_length(msg, len, off);
		if (enclen < 0 || (off += (size_t)enclen + 4) > len)
			return 0;
	}
	return off;
}

/* Return the negative-caching TTL of the SOA rdata at off (RFC 2308: the
 * smaller of its TTL and MINIMUM), or 0 when malformed. */
static uint32_t soa_negative_ttl(const uint8_t *msg, size_t len, size_t off, uint32_t ttl)
{
	for (int i = 0; i < 2; i++) { /* MNAME, RNAME */
		int enclen = name_checked_length(msg, len, off);
		if (enclen < 0)
			return 0;
		off += (size_t)enclen;
	}
	if (off + 20 > len)
		return 0;
	uint32_t minimum = read_u32(msg + off + 16);
	return minimum < ttl ? minimum : ttl;
}

/* Return 1 when every record of every section lies inside the message,
 * and set *neg_ttl to the negative TTL of an authority SOA (0 when none):
 * a cut NXDOMAIN must not pass for one. */
static int message_is_wellformed(const uint8_t *msg, size_t len, uint32_t *neg_ttl)
{
	size_t off = skip_questions(msg, len);
	unsigned answers = read_u16(msg + 6);
	unsigned count = answers + read_u16(msg + 8) + read_u16(msg + 10);

	*neg_ttl = 0;
	if (off == 0)
		return 0;
	for (unsigned i = 0; i < count; i++) {
		int enclen = name_checked_length(msg, len, off);
		if (enclen < 0 || (off += (size_t)enclen) + 10 > len)
			return 0;
		if (i >= answers && read_u16(msg + off) == FCRDNS_TYPE_SOA && *neg_ttl == 0)
			*neg_ttl = soa_negative_ttl(msg, len, off + 10, read_u32(msg + off + 4));
		if ((off += 10 + read_u16(msg + off + 8)) > len)
			return 0;
	}
	return 1;
}

/* One answer-section record: its owner's offset and its data. */
typedef struct section_rr {
	size_t owner;
	wire_record rec;
} section_rr;

#define STACK_RRS 32 /* answer sections this small need no malloc */

/* Collect the answer section (at most FCRDNS_MAX_ANSWER_RRS records) into
 * *out (stack, when it holds STACK_RRS, else a malloc the caller frees),
 * lowering *ttl to the smallest TTL. Returns the count, or -1 when the
 * message is malformed or memory runs out. */
static int collect_answers(const uint8_t *msg, size_t len, section_rr **out, uint32_t *ttl,
			   section_rr *stack)
{
	size_t off = skip_questions(msg, len), n = 0;
	unsigned ancount = read_u16(msg + 6);
	section_rr *rrs = stack;

	*out = NULL;
	if (off == 0)
		return -1;
	if (ancount > FCRDNS_MAX_ANSWER_RRS)
		ancount = FCRDNS_MAX_ANSWER_RRS;
	if (ancount > STACK_RRS && (rrs = calloc((size_t)ancount, sizeof *rrs)) == NULL)
		return -1;
	for (; n < ancount; n++) {
		int enclen = name_checked_length(msg, len, off);
		if (enclen < 0 || off + (size_t)enclen + 10 > len)
			goto malformed;
		rrs[n].owner = off;
		off += (size_t)enclen;
		rrs[n].rec = (wire_record){ (uint16_t)read_u16(msg + off), read_u32(msg + off + 4),
					    off + 10, read_u16(msg + off + 8) };
		if (rrs[n].rec.ttl < *ttl)
			*ttl = rrs[n].rec.ttl;
		if ((off += 10 + rrs[n].rec.rdlen) > len)
			goto malformed;
	}
	*out = rrs;
	return (int)n;
malformed:
	if (rrs != stack)
		free(rrs);
	return -1;
}

/* ---- Chains and replies ---------------------------------------------------- */

void wire_chain_init(wire_chain *c, const char *qname)
{
	memset(c, 0, sizeof *c);
	c->current = qname;
	c->authenticated = 1;
	c->ttl = UINT32_MAX;
	c->rcode = -1;
}

void wire_chain_clear(wire_chain *c)
{
	for (size_t i = 0; i < c->ntargets; i++)
		free(c->targets[i]);
	c->ntargets = 0;
}

/* Follow the CNAMEs of the answer section from chain->current, adding
 * each target to the chain. Returns 1 when the chain moved, 0 when not,
 * -1 when a target is malformed or memory runs out. */
static int follow_cnames(const uint8_t *msg, size_t len, const section_rr *rrs, int n,
			 wire_chain *chain)
{
	int moved = 0;

	while (chain->ntargets < FCRDNS_MAX_CNAME_HOPS) {
		int i;
		for (i = 0; i < n; i++)
			if (rrs[i].rec.type == FCRDNS_TYPE_CNAME &&
			    name_equals(msg, len, rrs[i].owner, chain->current))
				break;
		if (i == n)
			return moved;
		char *text = name_expand(msg, len, rrs[i].rec.rdoff);
		char *target = text ? strdup(text) : NULL;
		ares_free_string(text);
		if (target == NULL)
			return -1;
		chain->targets[chain->ntargets++] = target;
		chain->current = target;
		moved = 1;
	}
	return moved;
}

/* Copy into reply the records of qtype owned by chain->current. Returns 0
 * or -1 on ENOMEM. */
static int gather_records(const uint8_t *msg, size_t len, const section_rr *rrs, int n,
			  uint16_t qtype, const wire_chain *chain, wire_reply *reply)
{
	reply->records = reply->inline_records;
	if (n > WIRE_INLINE_RECORDS &&
	    (reply->records = calloc((size_t)n, sizeof *reply->records)) == NULL)
		return -1;
	for (int i = 0; i < n; i++)
		if (rrs[i].rec.type == qtype && name_equals(msg, len, rrs[i].owner, chain->current))
			reply->records[reply->nrecords++] = rrs[i].rec;
	return 0;
}

/* A negative outcome counts only if the whole message parses; it is cached
 * for as long as its SOA says (RFC 2308). */
static fcrdns_lookup negative(const uint8_t *msg, size_t len, fcrdns_lookup outcome,
			      wire_chain *chain)
{
	uint32_t neg_ttl;

	if (!message_is_wellformed(msg, len, &neg_ttl))
		return FCRDNS_LOOKUP_ERROR;
	if (neg_ttl < chain->ttl)
		chain->ttl = neg_ttl;
	return outcome;
}

/* Read the answer section of a NOERROR or NXDOMAIN reply. Returns 0 or -1
 * on ENOMEM. */
static int read_answers(const uint8_t *msg, size_t len, uint16_t qtype, int nxdomain,
			wire_chain *chain, wire_reply *reply)
{
	section_rr stack[STACK_RRS], *rrs;
	int n = collect_answers(msg, len, &rrs, &chain->ttl, stack), moved, st = 0;

	if (n < 0)
		return 0; /* malformed: ERROR, already set */
	moved = follow_cnames(msg, len, rrs, n, chain);
	if (moved < 0) /* a malformed target: ERROR, already set */
		;
	else if (nxdomain) /* RFC 6604: the RCODE is about the chain's last name */
		reply->outcome = negative(msg, len, FCRDNS_LOOKUP_NXDOMAIN, chain);
	else if (gather_records(msg, len, rrs, n, qtype, chain, reply) != 0)
		st = -1;
	else if (reply->nrecords > 0)
		reply->outcome = FCRDNS_LOOKUP_ANSWER;
	else if (!moved)
		reply->outcome = negative(msg, len, FCRDNS_LOOKUP_NODATA, chain);
	else if (chain->ntargets < FCRDNS_MAX_CNAME_HOPS)
		reply->restart = 1; /* the chain leaves this zone: ask its end */
	else
		reply->outcome = FCRDNS_LOOKUP_CNAME_LOOP;
	if (rrs != stack)
		free(rrs);
	return st;
}

void wire_reply_clear(wire_reply *reply)
{
	if (reply->records != reply->inline_records)
		free(reply->records);
	reply->records = NULL;
	reply->nrecords = 0;
}

int wire_read_reply(const uint8_t *msg, size_t len, uint16_t qtype, wire_chain *chain,
		    wire_reply *reply)
{
	reply->restart = 0;
	reply->records = NULL;
	reply->nrecords = 0;
	reply->outcome = FCRDNS_LOOKUP_ERROR;
	if (msg == NULL || len < HEADER_SIZE || len > 65535)
		return 0;
	chain->rcode = msg[3] & 0x0f;
	if (!(msg[3] & FLAG_AD))
		chain->authenticated = 0;
	switch (chain->rcode) {
	case RCODE_NOERROR:
		return read_answers(msg, len, qtype, 0, chain, reply);
	case RCODE_NXDOMAIN:
		return read_answers(msg, len, qtype, 1, chain, reply);
	case RCODE_SERVFAIL:
		reply->outcome = FCRDNS_LOOKUP_SERVFAIL;
		return 0;
	case RCODE_REFUSED:
		reply->outcome = FCRDNS_LOOKUP_REFUSED;
		return 0;
	default: /* FORMERR, NOTIMP, ...: the server could not answer */
		return 0;
	}
}
