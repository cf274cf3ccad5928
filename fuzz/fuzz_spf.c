/* SPDX-License-Identifier: MIT */
/* fuzz_spf.c: libFuzzer target for the SPF record reader: the input as a
 * record, as the terms of one ("v=spf1 " prepended), as TXT strings to
 * join, and as a block to sample. Any crash, sanitizer report or broken
 * bound is a bug. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "audit/spf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Parse text and check what every term promises. */
static void parse_and_check(const char *text, size_t len)
{
	spf_record r;

	if (spf_parse(text, len, "rec.example.com", "audited.example.org", &r) != FCRDNS_OK)
		return;
	for (size_t i = 0; i < r.nterms; i++) {
		const spf_term *t = &r.terms[i];
		if (t->text < r.text || t->text + t->len > r.text + r.len)
			abort();
		if (t->domain && (strlen(t->domain) == 0 || strlen(t->domain) > SPF_DOMAIN_MAX))
			abort();
		if (t->cidr4 > 32 || t->cidr6 > 128)
			abort();
		if (t->kind == SPF_A || t->kind == SPF_MX) {
			fcrdns_addr a = { .family = AF_INET6 }, net;
			char cidr[SPF_CIDR_MAX];
			unsigned prefix;
			memset(a.bytes, 0xa5, sizeof a.bytes);
			spf_widen(t, &a, &net, &prefix);
			spf_cidr_format(&net, prefix, cidr);
		}
		(void)spf_kind_name(t->kind);
		(void)spf_error_name(t->error);
		(void)spf_reason_name(t->unenumerable);
	}
	if (r.nterms > SPF_TERMS_MAX || (r.redirect >= 0 && (size_t)r.redirect >= r.nterms))
		abort();
	spf_record_free(&r);
}

/* Read the input as up to 8 TXT strings (split at each 0xff byte), join
 * them and parse the result. */
static void join_strings(const uint8_t *data, size_t size)
{
	const char *strings[8];
	size_t lens[8], n = 0, start = 0;
	fcrdns_buf b = { 0 };

	for (size_t i = 0; i <= size && n < 8; i++)
		if (i == size || data[i] == 0xff) {
			strings[n] = (const char *)data + start;
			lens[n++] = i - start;
			start = i + 1;
		}
	if (spf_txt_join(strings, lens, n, &b) == FCRDNS_OK && b.len > 0)
		parse_and_check(b.data, b.len);
	fcrdns_buf_free(&b);
}

/* Sample the block described by the first 19 bytes: family, prefix, n,
 * then 16 address bytes; every address must lie in the block. */
static void sample_block(const uint8_t *data, size_t size)
{
	fcrdns_addr net, out[64];
	spf_count c;
	char text[50];

	if (size < 19)
		return;
	memset(&net, 0, sizeof net);
	net.family = data[0] & 1 ? AF_INET6 : AF_INET;
	memcpy(net.bytes, data + 3, net.family == AF_INET ? 4 : 16);
	unsigned prefix = data[1] % 130, n = data[2];
	size_t got = spf_block_sample(&net, prefix, n, out, 64);
	for (size_t i = 0; i < got; i++)
		if (out[i].family != net.family)
			abort();
	memset(&c, 0, sizeof c);
	for (size_t i = 0; i < size && i < 64; i++)
		spf_count_add_block(&c, data[i] & 1 ? AF_INET6 : AF_INET, data[i] >> 1);
	spf_count_format(&c, text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *prefixed;

	if (size > SPF_RECORD_MAX - 7)
		return 0;
	parse_and_check((const char *)data, size);
	if ((prefixed = malloc(size + 7)) == NULL)
		return 0;
	memcpy(prefixed, "v=spf1 ", 7);
	memcpy(prefixed + 7, data, size);
	parse_and_check(prefixed, size + 7);
	free(prefixed);
	join_strings(data, size);
	sample_block(data, size);
	return 0;
}
