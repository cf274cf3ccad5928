/* SPDX-License-Identifier: MIT */
/* dnsscript.c: the scripted DNS transport under the engine, for unit
 * tests: it reads each query's question, builds the reply its table says
 * (a real DNS message, so the reply reader is exercised too) and delivers
 * it on the next turn of the loop. */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/loop.h"
#include "dns/wire.h"
#include "dnsscript.h"

#define LOG_MAX 4096
#define MSG_MAX 4096

typedef struct sent {
	char name[256];
	uint16_t type;
} sent;

typedef struct script_tp {
	dns_transport base;
	fcrdns_loop *loop;
	dns_script *script;
	struct pending *pending; /* replies not yet delivered */
} script_tp;

typedef struct pending {
	script_tp *tp;
	tp_callback cb;
	void *arg;
	tp_status status;
	uint8_t msg[MSG_MAX];
	size_t len;
	fcrdns_timer *timer;     /* NULL: silent */
	struct pending *next;
} pending;

static sent sent_log[LOG_MAX];
static size_t sent_count;

static uint8_t *put_u16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
	return p + 2;
}

static uint8_t *put_u32(uint8_t *p, uint32_t v)
{
	return put_u16(put_u16(p, v >> 16), v & 0xffff);
}

/* Encode a name (presentation form, no escapes) as labels. */
static uint8_t *put_name(uint8_t *p, const char *name)
{
	while (*name) {
		const char *dot = strchr(name, '.');
		size_t n = dot ? (size_t)(dot - name) : strlen(name);
		*p++ = (uint8_t)n;
		memcpy(p, name, n);
		p += n;
		name += n + (dot != NULL);
	}
	*p++ = 0;
	return p;
}

/* Encode the data of one scripted record; returns the end. */
static uint8_t *put_rdata(uint8_t *p, const script_rr *rr)
{
	uint8_t *start = p + 2, *q = start;
	char text[512];

	switch (rr->type) {
	case FCRDNS_TYPE_A:
		assert_int_equal(inet_pton(AF_INET, rr->data, q), 1);
		q += 4;
		break;
	case FCRDNS_TYPE_AAAA:
		assert_int_equal(inet_pton(AF_INET6, rr->data, q), 1);
		q += 16;
		break;
	case FCRDNS_TYPE_MX:
		q = put_u16(q, (unsigned)atoi(rr->data));
		q = put_name(q, strchr(rr->data, ' ') + 1);
		break;
	case FCRDNS_TYPE_TXT:
		snprintf(text, sizeof text, "%s", rr->data);
		for (char *s = text, *bar; s; s = bar ? bar + 1 : NULL) {
			if ((bar = strchr(s, '|')) != NULL)
				*bar = '\0';
			*q++ = (uint8_t)strlen(s);
			memcpy(q, s, strlen(s));
			q += strlen(s);
		}
		break;
	default: /* PTR, CNAME, NS */
		q = put_name(q, rr->data);
		break;
	}
	put_u16(p, (unsigned)(q - start));
	return q;
}

/* Build in m the reply of entry e (or a default NXDOMAIN) to query. */
static size_t build_reply(uint8_t *m, const uint8_t *query, size_t qlen, const script_entry *e)
{
	uint8_t *p = m;
	unsigned ancount = 0;
	size_t question = qlen - 11; /* the query ends in an 11-octet OPT record */

	memcpy(m, query, question);
	m[2] = 0x81; /* QR, RD */
	m[3] = (uint8_t)(0x80 | (e && e->ad ? 0x20 : 0) | (e ? e->rcode : 3));
	p = m + question;
	for (size_t i = 0; e && i < SCRIPT_RRS_MAX && e->rrs[i].owner; i++, ancount++) {
		p = put_name(p, e->rrs[i].owner);
		p = put_u16(p, e->rrs[i].type);
		p = put_u16(p, 1);
		p = put_u32(p, 300);
		p = put_rdata(p, &e->rrs[i]);
	}
	put_u16(m + 6, ancount);
	put_u16(m + 8, 0);
	put_u16(m + 10, 0);
	if (e == NULL || e->neg_ttl) {
		put_u16(m + 8, 1);
		p = put_name(p, "test");
		p = put_u16(p, FCRDNS_TYPE_SOA);
		p = put_u16(p, 1);
		p = put_u32(p, 3600);
		uint8_t *len = p;
		p = put_name(p + 2, "ns.test");
		p = put_name(p, "hostmaster.test");
		p = put_u32(p, 1);
		p = put_u32(p, 3600);
		p = put_u32(p, 600);
		p = put_u32(p, 86400);
		p = put_u32(p, e ? e->neg_ttl : 300);
		put_u16(len, (unsigned)(p - len - 2));
	}
	return (size_t)(p - m);
}

static const script_entry *find_entry(const dns_script *s, const char *name, uint16_t type)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->table[i].qname, name) == 0 && s->table[i].qtype == type)
			return &s->table[i];
	return NULL;
}

static void pending_unlink(pending *p)
{
	pending **pp = &p->tp->pending;

	while (*pp != p)
		pp = &(*pp)->next;
	*pp = p->next;
	p->tp->script->outstanding--;
}

static void deliver(void *arg, int status)
{
	pending *p = arg;

	if (status != FCRDNS_OK)
		return; /* the loop is going: destroy() cancels p */
	p->timer = NULL;
	pending_unlink(p);
	p->cb(p->arg, p->status, p->msg, p->len);
	free(p);
}

static int script_send(dns_transport *base, const uint8_t *query, size_t len, tp_callback cb,
		       void *arg)
{
	script_tp *t = (script_tp *)base;
	dns_script *s = t->script;
	pending *p = calloc(1, sizeof *p);
	char name[WIRE_NAME_MAX];
	uint16_t type;

	assert_non_null(p);
	assert_int_equal(wire_read_question(query, len, name, &type), 0);
	if (sent_count < LOG_MAX) {
		snprintf(sent_log[sent_count].name, sizeof sent_log[0].name, "%s", name);
		sent_log[sent_count++].type = type;
	}
	snprintf(s->last_qname, sizeof s->last_qname, "%s", name);
	s->sent++;
	if (++s->outstanding > s->most_outstanding)
		s->most_outstanding = s->outstanding;
	const script_entry *e = find_entry(s, name, type);
	*p = (pending){ .tp = t, .cb = cb, .arg = arg, .status = TP_REPLY, .next = t->pending };
	t->pending = p;
	if (e && e->kind == SCRIPT_TIMEOUT)
		p->status = TP_TIMEOUT;
	else if (e && e->kind == SCRIPT_GARBAGE)
		p->len = 12; /* a header claiming sections that are not there */
	else
		p->len = build_reply(p->msg, query, len, e);
	if (e && e->kind == SCRIPT_GARBAGE)
		memset(p->msg, 0xff, 12);
	if (!(e && e->kind == SCRIPT_SILENT))
		assert_int_equal(fcrdns_timer_add(t->loop, 0, deliver, p, &p->timer), FCRDNS_OK);
	return 0;
}

static void script_destroy(dns_transport *base)
{
	script_tp *t = (script_tp *)base;

	while (t->pending) {
		pending *p = t->pending;
		pending_unlink(p);
		fcrdns_timer_cancel(p->timer);
		p->cb(p->arg, TP_CANCELLED, NULL, 0);
		free(p);
	}
	free(t);
}

int dnsscript_make(dns_transport **out, fcrdns_loop *loop, const fcrdns_options *opts,
		   unsigned mask, void *arg)
{
	script_tp *t = calloc(1, sizeof *t);

	(void)opts;
	(void)mask;
	if (t == NULL)
		return FCRDNS_ENOMEM;
	t->base.send = script_send;
	t->base.destroy = script_destroy;
	t->loop = loop;
	t->script = arg;
	sent_count = 0;
	*out = &t->base;
	return FCRDNS_OK;
}

size_t dnsscript_count(const dns_script *s, const char *qname, uint16_t qtype)
{
	size_t n = 0;

	(void)s;
	for (size_t i = 0; i < sent_count; i++)
		if (strcmp(sent_log[i].name, qname) == 0 && sent_log[i].type == qtype)
			n++;
	return n;
}

fcrdns_ctx *dnsscript_ctx(dns_script *s, const fcrdns_options *opts, unsigned mask)
{
	fcrdns_ctx *ctx = NULL;

	assert_int_equal(ctx_new_with(&ctx, opts, mask, dnsscript_make, s), FCRDNS_OK);
	return ctx;
}
