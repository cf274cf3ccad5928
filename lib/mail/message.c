/* SPDX-License-Identifier: MIT */
/* message.c: the facts of one message's header section (public API
 * fcrdns_headers_*): every Authentication-Results and Received field
 * parsed, the iprev results they record, and the entry hop. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "mail/authres.h"
#include "mail/header.h"
#include "mail/received.h"

struct fcrdns_headers_state {
	arena mem;                 /* every parsed string and array */
	header_reader reader;
	size_t authres_cap, received_cap, iprev_cap;
	int finished;
};

const char *fcrdns_field_error_message(fcrdns_field_error e)
{
	switch (e) {
#define FCRDNS_FIELD_ERROR_CASE(name, num, msg) case FCRDNS_FIELD_##name: return msg;
		FCRDNS_FIELD_ERROR_MAP(FCRDNS_FIELD_ERROR_CASE)
#undef FCRDNS_FIELD_ERROR_CASE
	}
	return "unknown field error";
}

/* Keep the start of a field too long to parse: the raw value cut, with
 * its full length, and the TOO_LONG error. */
static void cut_raw(arena *a, const header_field *f, fcrdns_field_error *error,
		    fcrdns_bytes *raw, size_t *raw_len)
{
	*error = FCRDNS_FIELD_TOO_LONG;
	*raw = arena_copy(a, f->value,
			  f->value_len < FCRDNS_HEADER_RAW_CUT ? f->value_len : FCRDNS_HEADER_RAW_CUT);
	*raw_len = f->full_len;
}

static int add_authres(fcrdns_headers *h, const header_field *f)
{
	struct fcrdns_headers_state *st = h->state;
	fcrdns_authres *ar = arena_push(&st->mem, (void **)&h->authres, &h->nauthres,
					&st->authres_cap, sizeof *ar);

	if (ar == NULL)
		return -1;
	if (f->full_len <= FCRDNS_HEADER_FIELD_MAX)
		return authres_parse(&st->mem, f->value, f->value_len, ar);
	ar->version = -1;
	cut_raw(&st->mem, f, &ar->error, &ar->raw, &ar->raw_len);
	return st->mem.failed ? -1 : 0;
}

static int add_received(fcrdns_headers *h, const header_field *f)
{
	struct fcrdns_headers_state *st = h->state;
	fcrdns_received *r = arena_push(&st->mem, (void **)&h->received, &h->nreceived,
					&st->received_cap, sizeof *r);

	if (r == NULL)
		return -1;
	if (f->full_len <= FCRDNS_HEADER_FIELD_MAX)
		return received_parse(&st->mem, f->value, f->value_len, r);
	cut_raw(&st->mem, f, &r->error, &r->raw, &r->raw_len);
	return st->mem.failed ? -1 : 0;
}

/* The reader's callback: keep the two fields this file is about. Field
 * names match exactly (ARC-Authentication-Results, X-Received do not). */
static int on_field(void *arg, const header_field *f)
{
	fcrdns_headers *h = arg;

	if (header_field_is(f, "Authentication-Results"))
		return add_authres(h, f);
	if (header_field_is(f, "Received"))
		return add_received(h, f);
	return 0;
}

/* A limit stopped the reading: end both lists with a CUT entry, so that
 * nothing is left out silently. */
static int mark_cut(fcrdns_headers *h)
{
	struct fcrdns_headers_state *st = h->state;
	fcrdns_authres *ar = arena_push(&st->mem, (void **)&h->authres, &h->nauthres,
					&st->authres_cap, sizeof *ar);
	fcrdns_received *r = arena_push(&st->mem, (void **)&h->received, &h->nreceived,
					&st->received_cap, sizeof *r);

	if (ar == NULL || r == NULL)
		return -1;
	ar->error = r->error = FCRDNS_FIELD_CUT;
	ar->version = -1;
	ar->raw = r->raw = arena_copy(&st->mem, "", 0);
	return st->mem.failed ? -1 : 0;
}

/* Copy the reader's progress into h. Returns a status. */
static int sync_state(fcrdns_headers *h)
{
	struct fcrdns_headers_state *st = h->state;
	int was_complete = h->complete;

	h->fields = st->reader.fields;
	h->complete = st->reader.state != HEADER_MORE;
	if (h->complete && !was_complete && st->reader.state == HEADER_CUT) {
		h->cut = 1;
		if (mark_cut(h) != 0)
			return FCRDNS_ENOMEM;
	}
	return st->reader.state == HEADER_STOPPED || st->mem.failed ? FCRDNS_ENOMEM : FCRDNS_OK;
}

int fcrdns_headers_new(fcrdns_headers **out)
{
	fcrdns_headers *h = calloc(1, sizeof *h);

	*out = NULL;
	if (h == NULL || (h->state = calloc(1, sizeof *h->state)) == NULL ||
	    header_reader_init(&h->state->reader, on_field, h) != 0) {
		fcrdns_headers_free(h);
		return FCRDNS_ENOMEM;
	}
	*out = h;
	return FCRDNS_OK;
}

int fcrdns_headers_feed(fcrdns_headers *h, const char *data, size_t len, size_t *used)
{
	size_t took = 0;

	if (!h->complete && !h->state->finished)
		took = header_reader_feed(&h->state->reader, data, len);
	if (used != NULL)
		*used = took;
	return sync_state(h);
}

static fcrdns_bytes property(const fcrdns_ar_result *r, const char *key)
{
	for (size_t i = 0; i < r->nproperties; i++)
		if (strcmp(r->properties[i].key.data, key) == 0)
			return r->properties[i].value;
	return (fcrdns_bytes){ NULL, 0 };
}

/* Set rec's address from policy.iprev, else smtp.remote-ip: the first
 * that is an address. */
static void iprev_address(const fcrdns_ar_result *r, fcrdns_iprev_record *rec)
{
	static const char *const keys[] = { "policy.iprev", "smtp.remote-ip" };

	for (size_t i = 0; i < 2; i++) {
		fcrdns_bytes v = property(r, keys[i]);
		if (v.data != NULL && mail_addr_parse(v.data, v.len, &rec->addr) == 0) {
			rec->has_ip = 1;
			fcrdns_addr_format(&rec->addr, rec->ip);
			return;
		}
	}
}

/* Return the first comment that is a host name (one label will do). */
static fcrdns_bytes iprev_name(const fcrdns_ar_result *r)
{
	for (size_t i = 0; i < r->ncomments; i++) {
		fcrdns_bytes c = r->comments[i];
		if (memchr(c.data, '\0', c.len) == NULL && fcrdns_name_is_hostname(c.data))
			return c;
	}
	return (fcrdns_bytes){ NULL, 0 };
}

static int add_iprev(fcrdns_headers *h, size_t index, const fcrdns_ar_result *r)
{
	struct fcrdns_headers_state *st = h->state;
	fcrdns_iprev_record *rec = arena_push(&st->mem, (void **)&h->iprev, &h->niprev,
					      &st->iprev_cap, sizeof *rec);

	if (rec == NULL)
		return -1;
	rec->authres_index = index;
	rec->authserv_id = h->authres[index].authserv_id;
	rec->result = r->result;
	rec->name = iprev_name(r);
	iprev_address(r, rec);
	return 0;
}

static int collect_iprev(fcrdns_headers *h)
{
	for (size_t i = 0; i < h->nauthres; i++) {
		const fcrdns_authres *ar = &h->authres[i];
		for (size_t j = 0; ar->error == FCRDNS_FIELD_NONE && j < ar->nresults; j++)
			if (strcmp(ar->results[j].method.data, "iprev") == 0 &&
			    add_iprev(h, i, &ar->results[j]) != 0)
				return -1;
	}
	return 0;
}

int fcrdns_headers_finish(fcrdns_headers *h)
{
	struct fcrdns_headers_state *st = h->state;
	int status;

	if (st->finished)
		return st->mem.failed ? FCRDNS_ENOMEM : FCRDNS_OK;
	st->finished = 1;
	header_reader_finish(&st->reader);
	if ((status = sync_state(h)) != FCRDNS_OK)
		return status;
	h->complete = 1;
	return collect_iprev(h) == 0 ? FCRDNS_OK : FCRDNS_ENOMEM;
}

int fcrdns_headers_parse(const char *msg, size_t len, fcrdns_headers **out)
{
	fcrdns_headers *h;
	int status = fcrdns_headers_new(&h);

	*out = NULL;
	if (status == FCRDNS_OK && (status = fcrdns_headers_feed(h, msg, len, NULL)) == FCRDNS_OK)
		status = fcrdns_headers_finish(h);
	if (status != FCRDNS_OK) {
		fcrdns_headers_free(h);
		return status;
	}
	*out = h;
	return FCRDNS_OK;
}

/* Return 1 for addresses that never reach a receiver from the Internet:
 * loopback, private (RFC 1918, RFC 4193), link-local, shared (RFC 6598). */
static int addr_internal(const fcrdns_addr *a)
{
	const uint8_t *b = a->bytes;
	static const uint8_t loopback6[16] = { [15] = 1 };

	if (a->family != AF_INET6)
		return b[0] == 127 || b[0] == 10 || (b[0] == 172 && (b[1] & 0xf0) == 16) ||
		       (b[0] == 192 && b[1] == 168) || (b[0] == 169 && b[1] == 254) ||
		       (b[0] == 100 && (b[1] & 0xc0) == 64);
	return memcmp(b, loopback6, 16) == 0 || (b[0] & 0xfe) == 0xfc ||
	       (b[0] == 0xfe && (b[1] & 0xc0) == 0x80);
}

/* Return 1 when host (len bytes, a trailing dot allowed) is id or under
 * it, compared without regard to ASCII case. */
static int host_under(const char *host, size_t len, const char *id)
{
	size_t n = strlen(id);

	if (n > 0 && id[n - 1] == '.')
		n--;
	if (len > 0 && host[len - 1] == '.')
		len--;
	if (n == 0 || len < n || strncasecmp(host + len - n, id, n) != 0)
		return 0;
	return len == n || host[len - n - 1] == '.';
}

long fcrdns_headers_entry(const fcrdns_headers *h, const char *const *trust, size_t ntrust)
{
	for (size_t i = 0; i < h->nreceived; i++) {
		const fcrdns_received *r = &h->received[i];
		if (r->error != FCRDNS_FIELD_NONE)
			continue;
		if (ntrust == 0) {
			if (r->has_from_ip && !addr_internal(&r->from_addr))
				return (long)i;
			continue;
		}
		for (size_t t = 0; r->by.data != NULL && t < ntrust; t++)
			if (host_under(r->by.data, r->by.len, trust[t]))
				return (long)i;
	}
	return -1;
}

void fcrdns_headers_free(fcrdns_headers *h)
{
	if (h == NULL)
		return;
	if (h->state != NULL) {
		header_reader_free(&h->state->reader);
		arena_free(&h->state->mem);
		free(h->state);
	}
	free(h);
}
