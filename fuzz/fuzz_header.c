/* SPDX-License-Identifier: MIT */
/* fuzz_header.c: libFuzzer target for the message header reader and the
 * two field parsers: the input as a whole message (read in one piece and
 * again in chunks whose size the first byte picks), through the bare
 * section reader (header.c) byte by byte with its bounds checked, and as
 * one Authentication-Results value and one Received value. Every string
 * of the result is read back, so a bad length or pointer shows. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fcrdns.h"
#include "mail/authres.h"
#include "mail/header.h"
#include "mail/received.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static volatile unsigned sink;

static void touch(fcrdns_bytes b)
{
	for (size_t i = 0; b.data != NULL && i <= b.len; i++) /* the NUL too */
		sink += (unsigned char)b.data[i];
}

static void touch_authres(const fcrdns_authres *ar)
{
	touch(ar->raw);
	touch(ar->authserv_id);
	for (size_t i = 0; i < ar->nresults; i++) {
		const fcrdns_ar_result *r = &ar->results[i];
		touch(r->method);
		touch(r->result);
		touch(r->reason);
		for (size_t j = 0; j < r->nproperties; j++) {
			touch(r->properties[j].key);
			touch(r->properties[j].value);
		}
		for (size_t j = 0; j < r->ncomments; j++)
			touch(r->comments[j]);
	}
}

static void touch_received(const fcrdns_received *r)
{
	touch(r->raw);
	touch(r->from_helo);
	touch(r->from_rdns);
	touch(r->by);
	touch(r->with);
	touch(r->id);
	touch(r->for_addr);
	touch(r->date);
	sink += (unsigned)strlen(r->from_ip);
}

static void touch_headers(const fcrdns_headers *h)
{
	static const char *const trust[] = { "example.com", "mx.google.com." };

	for (size_t i = 0; i < h->nauthres; i++)
		touch_authres(&h->authres[i]);
	for (size_t i = 0; i < h->nreceived; i++)
		touch_received(&h->received[i]);
	for (size_t i = 0; i < h->niprev; i++) {
		touch(h->iprev[i].authserv_id);
		touch(h->iprev[i].result);
		touch(h->iprev[i].name);
		sink += (unsigned)strlen(h->iprev[i].ip);
	}
	sink += (unsigned)fcrdns_headers_entry(h, NULL, 0);
	sink += (unsigned)fcrdns_headers_entry(h, trust, 2);
}

static void fuzz_chunks(const char *s, size_t size)
{
	size_t chunk = size > 0 ? (unsigned char)s[0] % 17 + 1 : 1, done = 0;
	fcrdns_headers *h;

	if (fcrdns_headers_new(&h) != FCRDNS_OK)
		return;
	while (done < size && !h->complete) {
		size_t n = size - done < chunk ? size - done : chunk, used;
		if (fcrdns_headers_feed(h, s + done, n, &used) != FCRDNS_OK)
			break;
		done += used;
	}
	if (fcrdns_headers_finish(h) == FCRDNS_OK)
		touch_headers(h);
	fcrdns_headers_free(h);
}

/* Each field the bare reader delivers: read every byte, check the bounds. */
static int on_field(void *arg, const header_field *f)
{
	size_t *count = arg;

	if (f->name_len == 0 || f->name_len > HEADER_NAME_MAX ||
	    f->value_len > FCRDNS_HEADER_FIELD_MAX || f->value_len > f->full_len)
		abort();
	for (size_t i = 0; i < f->name_len; i++)
		sink += (unsigned char)f->name[i];
	for (size_t i = 0; i < f->value_len; i++)
		sink += (unsigned char)f->value[i];
	sink += (unsigned)header_field_is(f, "received");
	(*count)++;
	return 0;
}

/* The section reader alone, fed one byte at a time (a CR and its LF, a
 * fold and its line, split everywhere). */
static void fuzz_reader(const char *s, size_t size)
{
	header_reader r;
	size_t count = 0, done = 0;

	if (header_reader_init(&r, on_field, &count) != 0)
		return;
	while (done < size && r.state == HEADER_MORE)
		done += header_reader_feed(&r, s + done, 1);
	header_reader_finish(&r);
	if (count != r.fields)
		abort();
	header_reader_free(&r);
}

static void fuzz_values(const char *s, size_t size)
{
	arena a = { 0 };
	fcrdns_authres ar;
	fcrdns_received r;
	char id[AR_AUTHSERV_MAX];

	if (authres_parse(&a, s, size, &ar) == 0)
		touch_authres(&ar);
	if (received_parse(&a, s, size, &r) == 0)
		touch_received(&r);
	arena_free(&a);
	if (ar_authserv_id(s, size, id, sizeof id))
		sink += (unsigned)ar_id_equal(id, "mx.xn--bcher-kva.example");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	fcrdns_headers *h;

	if (fcrdns_headers_parse(s, size, &h) == FCRDNS_OK) {
		touch_headers(h);
		fcrdns_headers_free(h);
	}
	fuzz_chunks(s, size);
	fuzz_reader(s, size);
	fuzz_values(s, size);
	return 0;
}
