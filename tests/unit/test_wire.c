/* SPDX-License-Identifier: MIT */
/* test_wire.c: DNS messages on the wire: the query we send (byte for
 * byte), the question reader, and the reply reader on hostile messages:
 * cut sections, pointer loops, odd case, wrong-length addresses and TXT
 * strings that overrun their record. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dns/wire.h"

static void test_query_bytes(void **state)
{
	uint8_t q[WIRE_QUERY_MAX];
	static const uint8_t want[] = {
		0, 0, 0x01, 0x20, 0, 1, 0, 0, 0, 0, 0, 1,  /* RD, AD; 1 question, 1 additional */
		1, 'a', 4, 't', 'e', 's', 't', 0, 0, 15, 0, 1, /* a.test MX IN */
		0, 0, 41, 0x04, 0xd0, 0, 0, 0, 0, 0, 0,     /* OPT, 1232 octets, no DO */
	};
	char name[WIRE_NAME_MAX];
	uint16_t type;

	(void)state;
	assert_int_equal(wire_build_query(q, "a.test.", FCRDNS_TYPE_MX), sizeof want);
	assert_memory_equal(q, want, sizeof want);
	assert_int_equal(wire_read_question(q, sizeof want, name, &type), 0);
	assert_string_equal(name, "a.test");
	assert_int_equal(type, FCRDNS_TYPE_MX);
	assert_int_equal(wire_build_query(q, "a..test", FCRDNS_TYPE_A), -1);
	assert_int_equal(wire_build_query(q, "", FCRDNS_TYPE_A), -1);
	assert_int_equal(wire_read_question(q, 11, name, &type), -1);
}

static void test_queryable(void **state)
{
	static const struct {
		const char *name;
		int ok;
	} cases[] = {
		{ "mail.example.com", 1 }, { "mail.example.com.", 1 }, { "_dmarc.example.com", 1 },
		{ "116.0/25.2.0.192.in-addr.arpa", 1 }, { "-x.test", 1 }, { ".", 0 }, { "", 0 },
		{ "a..b", 0 }, { ".a", 0 }, { "a b", 0 }, { "a\\.b", 0 }, { "a;b", 0 },
		{ "a\001b", 0 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		if (wire_name_is_queryable(cases[i].name) != cases[i].ok)
			fail_msg("'%s'", cases[i].name);
}

/* A message under construction. */
typedef struct msg {
	uint8_t b[512];
	size_t n;
} msg;

static void put(msg *m, const void *p, size_t n)
{
	memcpy(m->b + m->n, p, n);
	m->n += n;
}

static void put16(msg *m, unsigned v)
{
	uint8_t b[2] = { (uint8_t)(v >> 8), (uint8_t)v };
	put(m, b, 2);
}

static void put32(msg *m, uint32_t v)
{
	put16(m, v >> 16);
	put16(m, v & 0xffff);
}

/* Start a reply: header (rcode, flags), one question "a.test" of type. */
static void start(msg *m, int rcode, unsigned an, unsigned ns, uint16_t type)
{
	static const uint8_t qname[] = { 1, 'a', 4, 't', 'e', 's', 't', 0 };

	m->n = 0;
	put16(m, 0x1234);
	put16(m, 0x8180 | (unsigned)rcode);
	put16(m, 1);
	put16(m, an);
	put16(m, ns);
	put16(m, 0);
	put(m, qname, sizeof qname);
	put16(m, type);
	put16(m, 1);
}

/* Append a record owned by the question's name (a pointer to it). */
static void record(msg *m, uint16_t type, uint32_t ttl, const void *rdata, size_t len)
{
	put16(m, 0xc00c);
	put16(m, type);
	put16(m, 1);
	put32(m, ttl);
	put16(m, (unsigned)len);
	put(m, rdata, len);
}

/* Read m as the reply to a.test for type; return the answer built. */
static dns_block *read_as(const msg *m, uint16_t type, wire_reply *r, wire_chain *c)
{
	dns_block *b;

	wire_chain_init(c, "a.test");
	assert_int_equal(wire_read_reply(m->b, m->n, type, c, r), 0);
	b = answer_build("a.test", type, c, r->outcome, m->b, m->n, r);
	assert_non_null(b);
	wire_reply_clear(r);
	wire_chain_clear(c);
	return b;
}

static void test_reply_outcomes(void **state)
{
	static const uint8_t addr[4] = { 192, 0, 2, 1 }, short_addr[3] = { 1, 2, 3 };
	static const uint8_t soa[] = { 0, 0, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4,
				       0, 0, 0, 60 };
	static const uint8_t bad_txt[] = { 5, 'a', 'b' };
	wire_reply r;
	wire_chain c;
	dns_block *b;
	msg m;

	(void)state;
	start(&m, 0, 1, 0, FCRDNS_TYPE_A);
	record(&m, FCRDNS_TYPE_A, 77, addr, 4);
	b = read_as(&m, FCRDNS_TYPE_A, &r, &c);
	assert_int_equal(b->answer.outcome, FCRDNS_LOOKUP_ANSWER);
	assert_int_equal(b->answer.ttl, 77);
	assert_int_equal(b->answer.authenticated, 0);
	answer_unref(b);

	/* Only an address of the wrong length: no data of the type. */
	start(&m, 0, 1, 0, FCRDNS_TYPE_A);
	record(&m, FCRDNS_TYPE_A, 77, short_addr, 3);
	b = read_as(&m, FCRDNS_TYPE_A, &r, &c);
	assert_int_equal(b->answer.outcome, FCRDNS_LOOKUP_NODATA);
	answer_unref(b);

	/* NODATA with an SOA: the negative TTL is its MINIMUM (60). */
	start(&m, 0, 0, 1, FCRDNS_TYPE_A);
	record(&m, FCRDNS_TYPE_SOA, 3600, soa, sizeof soa);
	b = read_as(&m, FCRDNS_TYPE_A, &r, &c);
	assert_int_equal(b->answer.outcome, FCRDNS_LOOKUP_NODATA);
	assert_int_equal(b->answer.ttl, 60);
	answer_unref(b);

	/* An NXDOMAIN whose authority section is cut is no NXDOMAIN. */
	start(&m, 3, 0, 1, FCRDNS_TYPE_A);
	b = read_as(&m, FCRDNS_TYPE_A, &r, &c);
	assert_int_equal(b->answer.outcome, FCRDNS_LOOKUP_ERROR);
	answer_unref(b);

	/* TXT strings that overrun their record spoil the answer. */
	start(&m, 0, 1, 0, FCRDNS_TYPE_TXT);
	record(&m, FCRDNS_TYPE_TXT, 77, bad_txt, sizeof bad_txt);
	b = read_as(&m, FCRDNS_TYPE_TXT, &r, &c);
	assert_int_equal(b->answer.outcome, FCRDNS_LOOKUP_ERROR);
	answer_unref(b);
}

static void test_hostile_names(void **state)
{
	wire_reply r;
	wire_chain c;
	dns_block *b;
	msg m;

	(void)state;
	/* A PTR target that is a compression loop. */
	start(&m, 0, 1, 0, FCRDNS_TYPE_PTR);
	put16(&m, 0xc00c);
	put16(&m, FCRDNS_TYPE_PTR);
	put16(&m, 1);
	put32(&m, 60);
	put16(&m, 2);
	m.b[m.n] = 0xc0;
	m.b[m.n + 1] = (uint8_t)m.n;
	m.n += 2;
	b = read_as(&m, FCRDNS_TYPE_PTR, &r, &c);
	assert_int_equal(b->answer.outcome, FCRDNS_LOOKUP_ERROR);
	answer_unref(b);

	/* An answer owner that points at itself: the message is malformed. */
	start(&m, 0, 1, 0, FCRDNS_TYPE_A);
	put16(&m, (unsigned)(0xc000 | m.n));
	put16(&m, FCRDNS_TYPE_A);
	put16(&m, 1);
	put32(&m, 60);
	put16(&m, 4);
	put32(&m, 0xc0000201);
	b = read_as(&m, FCRDNS_TYPE_A, &r, &c);
	assert_int_equal(b->answer.outcome, FCRDNS_LOOKUP_ERROR);
	answer_unref(b);

	/* The owner in another case is the same name. */
	start(&m, 0, 1, 0, FCRDNS_TYPE_A);
	{
		static const uint8_t upper[] = { 1, 'A', 4, 'T', 'E', 'S', 'T', 0 };
		put(&m, upper, sizeof upper);
		put16(&m, FCRDNS_TYPE_A);
		put16(&m, 1);
		put32(&m, 60);
		put16(&m, 4);
		put32(&m, 0xc0000201);
	}
	b = read_as(&m, FCRDNS_TYPE_A, &r, &c);
	assert_int_equal(b->answer.outcome, FCRDNS_LOOKUP_ANSWER);
	assert_int_equal(b->answer.nrrs, 1);
	answer_unref(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_query_bytes),
		cmocka_unit_test(test_queryable),
		cmocka_unit_test(test_reply_outcomes),
		cmocka_unit_test(test_hostile_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
