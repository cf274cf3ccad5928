/* SPDX-License-Identifier: MIT */
/* fuzz_text.c: libFuzzer target for the pure parsers that take hostile
 * text: host-name classification, HELO syntax, bulk input lines, mail-log
 * extraction, Authentication-Results authserv-ids, host lists, JSON,
 * terminal and HTML escaping. Any crash or sanitizer report is a bug, and
 * so is HTML output that is not inert (markup, a quote, a control byte or
 * invalid UTF-8). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fcrdns.h"
#include "check/helo.h"
#include "core/utf8.h"
#include "milterlib.h" /* host lists: src/milter */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_names(const char *s, size_t n, const fcrdns_addr *a)
{
	fcrdns_class cls;
	char domain[256];
	fcrdns_addr lit;

	fcrdns_classify(s, a, &cls);
	fcrdns_classify(s, NULL, &cls);
	helo_parse(s, domain, sizeof domain, &lit);
	fcrdns_name_is_hostname(s);
	(void)n;
}

static void fuzz_lines(const char *s, size_t n)
{
	fcrdns_line line;
	fcrdns_addr a;
	char id[256];

	fcrdns_input_parse(s, n, 1024, &line);
	if (line.kind == FCRDNS_LINE_ADDRS)
		for (int i = 0; i < 4 && fcrdns_range_next(&line.range, &a); i++)
			;
	fcrdns_log_extract(s, n, &a);
	ar_authserv_id(s, n, id, sizeof id);
	ar_claims_id(s, n, "mx.example.com");
}

/* Abort unless the len bytes at s are strict UTF-8 without '<', '>',
 * quotes or control bytes: what the HTML escapers promise. */
static void assert_inert_html(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;

	for (size_t i = 0; i < len;) {
		size_t n = utf8_sequence_length(u + i, len - i, NULL);
		if (n == 0 || (n == 1 && (u[i] < 0x20 || u[i] == 0x7f || strchr("<>\"'", u[i]))))
			abort();
		i += n;
	}
}

static void fuzz_html(const char *s, size_t n)
{
	fcrdns_buf b = { 0 };

	fcrdns_html_text(&b, s, n);
	b.len = 0;
	fcrdns_html_attr(&b, s, n);
	if (!b.failed)
		assert_inert_html(b.data, b.len);
	fcrdns_buf_free(&b);
}

static void fuzz_output(const char *s, size_t n)
{
	fcrdns_buf b = { 0 };
	hostlist l;
	const char *err = NULL;
	char bad[64];

	fcrdns_json_string(&b, s, n);
	fcrdns_text_safe(&b, s, n);
	fcrdns_buf_free(&b);
	memset(&l, 0, sizeof l);
	if (hostlist_parse(&l, s, &err, bad, sizeof bad) == 0) {
		fcrdns_addr a;
		fcrdns_addr_parse("192.0.2.1", &a);
		hostlist_match_addr(&l, &a);
		hostlist_match_name(&l, "mail.example.com");
	}
	hostlist_free(&l);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	fcrdns_addr a;

	if (s == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	fcrdns_addr_parse("192.0.2.1", &a);
	fuzz_names(s, size, &a);
	fuzz_lines(s, size);
	fuzz_output(s, size);
	fuzz_html(s, size);
	free(s);
	return 0;
}
