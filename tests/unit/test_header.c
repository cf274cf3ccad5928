/* SPDX-License-Identifier: MIT */
/* test_header.c: the header-section reader: line ends, unfolding, the
 * empty line, lines that are not fields, hostile bytes and the limits.
 * Every table case is read in one chunk and again byte by byte. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mail/header.h"

#define SEEN_MAX 8

typedef struct seen {
	size_t n;
	char names[SEEN_MAX][64];
	char *values[SEEN_MAX];
	size_t value_len[SEEN_MAX], full_len[SEEN_MAX];
	size_t total;
} seen;

static int record(void *arg, const header_field *f)
{
	seen *s = arg;

	s->total++;
	if (s->n == SEEN_MAX)
		return 0;
	assert_true(f->name_len < sizeof s->names[0]);
	memcpy(s->names[s->n], f->name, f->name_len);
	s->names[s->n][f->name_len] = '\0';
	s->values[s->n] = malloc(f->value_len + 1);
	assert_non_null(s->values[s->n]);
	memcpy(s->values[s->n], f->value, f->value_len);
	s->value_len[s->n] = f->value_len;
	s->full_len[s->n++] = f->full_len;
	return 0;
}

static void seen_free(seen *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->values[i]);
}

/* Read len bytes of msg in chunks of chunk bytes, then finish. Returns
 * the bytes taken; *state is the reader's final state. */
static size_t read_all(const char *msg, size_t len, size_t chunk, seen *s, header_state *state)
{
	header_reader r;
	size_t used = 0;

	assert_int_equal(header_reader_init(&r, record, s), 0);
	while (used < len && r.state == HEADER_MORE) {
		size_t n = len - used < chunk ? len - used : chunk;
		size_t took = header_reader_feed(&r, msg + used, n);
		used += took;
		if (took < n)
			break;
	}
	header_reader_finish(&r);
	*state = r.state;
	header_reader_free(&r);
	return used;
}

typedef struct reader_case {
	const char *rule;
	const char *msg;
	size_t len;               /* 0: strlen(msg) */
	header_state state;
	size_t used;              /* bytes taken */
	size_t nfields;
	const char *names[3];
	const char *values[3];
	size_t value_len[3];      /* 0: strlen(values[i]) */
} reader_case;

static const reader_case cases[] = {
	{ "CRLF line ends; the body is not read", "A: 1\r\nB: 2\r\n\r\nC: 3\r\n", 0,
	  HEADER_END, 14, 2, { "A", "B" }, { "1", "2" }, { 0 } },
	{ "LF line ends", "A: 1\nB: 2\n\nC: 3\n", 0, HEADER_END, 11, 2, { "A", "B" }, { "1", "2" }, { 0 } },
	{ "both in one message", "A: 1\r\nB: 2\n\r\nbody", 0, HEADER_END, 13, 2, { "A", "B" },
	  { "1", "2" }, { 0 } },
	{ "a body line that looks like a header is never read",
	  "Subject: hi\n\nReceived: from evil (evil [192.0.2.66])\n", 0, HEADER_END, 13, 1,
	  { "Subject" }, { "hi" }, { 0 } },
	{ "folding with spaces and tabs is undone", "Subject: a\r\n b\r\n\tc\r\n\r\n", 0,
	  HEADER_END, 22, 1, { "Subject" }, { "a b\tc" }, { 0 } },
	{ "blanks before the colon (obsolete syntax)", "Received \t: from x\n\n", 0, HEADER_END,
	  20, 1, { "Received" }, { "from x" }, { 0 } },
	{ "leading and trailing blanks of the value are dropped", "A:   x y \t\n\n", 0,
	  HEADER_END, 12, 1, { "A" }, { "x y" }, { 0 } },
	{ "an empty value", "A:\nB: \n\n", 0, HEADER_END, 8, 2, { "A", "B" }, { "", "" }, { 0 } },
	{ "an mbox From line is not a field", "From jm@example.org  Wed May 16 00:40:34 2001\nA: 1\n\n",
	  0, HEADER_END, 52, 1, { "A" }, { "1" }, { 0 } },
	{ "a name with a space is not a field", "MAIL FROM:<a@b>\nA: 1\n\n", 0, HEADER_END, 22, 1,
	  { "A" }, { "1" }, { 0 } },
	{ "a line with no colon and its continuation are skipped", "junk\n more: x\nA: 1\n\n", 0,
	  HEADER_END, 20, 1, { "A" }, { "1" }, { 0 } },
	{ "a continuation before any field is skipped", " x: y\nA: 1\n\n", 0, HEADER_END, 12, 1,
	  { "A" }, { "1" }, { 0 } },
	{ "a non-ASCII name is not a field", "N\xc3\xa4me: v\nA: 1\n\n", 0, HEADER_END, 15, 1,
	  { "A" }, { "1" }, { 0 } },
	{ "NUL and control bytes in a value are kept", "A: x\0y\x01z\x1b\n\n", 11, HEADER_END, 11,
	  1, { "A" }, { "x\0y\x01z\x1b" }, { 6 } },
	{ "a lone CR is content", "A: x\ry\r\n\r\n", 0, HEADER_END, 10, 1, { "A" }, { "x\ry" }, { 0 } },
	{ "invalid UTF-8 is kept byte for byte", "A: \xff\xc3(\xe2\x82\n\n", 0, HEADER_END, 10, 1,
	  { "A" }, { "\xff\xc3(\xe2\x82" }, { 0 } },
	{ "no empty line: the input ends the section", "A: 1\nB: 2", 0, HEADER_EOF, 9, 2,
	  { "A", "B" }, { "1", "2" }, { 0 } },
	{ "a CR at the very end", "A: 1\r", 0, HEADER_EOF, 5, 1, { "A" }, { "1" }, { 0 } },
	{ "an empty header section", "\r\nA: 1\r\n", 0, HEADER_END, 2, 0, { 0 }, { 0 }, { 0 } },
	{ "empty input", "", 0, HEADER_EOF, 0, 0, { 0 }, { 0 }, { 0 } },
	{ "a blank-only line is a continuation, not the end", "A: 1\n \nB: 2\n\n", 0, HEADER_END,
	  13, 2, { "A", "B" }, { "1", "2" }, { 0 } },
};

static void check_case(const reader_case *c, size_t chunk)
{
	size_t len = c->len ? c->len : strlen(c->msg);
	seen s = { 0 };
	header_state state;
	size_t used = read_all(c->msg, len, chunk, &s, &state);

	print_message("case: %s (chunk %zu)\n", c->rule, chunk);
	assert_int_equal(state, c->state);
	assert_int_equal(used, c->used);
	assert_int_equal(s.n, c->nfields);
	for (size_t i = 0; i < c->nfields; i++) {
		size_t vlen = c->value_len[i] ? c->value_len[i] : strlen(c->values[i]);
		assert_string_equal(s.names[i], c->names[i]);
		assert_int_equal(s.value_len[i], vlen);
		assert_int_equal(s.full_len[i], vlen);
		assert_memory_equal(s.values[i], c->values[i], vlen);
	}
	seen_free(&s);
}

static void test_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		check_case(&cases[i], SIZE_MAX);
		check_case(&cases[i], 1);
		check_case(&cases[i], 3);
	}
}

/* Build "Name: " + n copies of fill + "\r\n\r\n" in a fresh buffer. */
static char *long_field(const char *name, size_t n, char fill, size_t *len)
{
	size_t nl = strlen(name);
	char *m = malloc(nl + 2 + n + 4);

	assert_non_null(m);
	memcpy(m, name, nl);
	memcpy(m + nl, ": ", 2);
	memset(m + nl + 2, fill, n);
	memcpy(m + nl + 2 + n, "\r\n\r\n", 4);
	*len = nl + 2 + n + 4;
	return m;
}

static void test_40000_character_field(void **state)
{
	size_t len;
	char *m = long_field("Received", 40000, 'x', &len);
	seen s = { 0 };
	header_state st;

	(void)state;
	assert_int_equal(read_all(m, len, 4096, &s, &st), len);
	assert_int_equal(st, HEADER_END);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.value_len[0], 40000);
	assert_int_equal(s.full_len[0], 40000);
	seen_free(&s);
	free(m);
}

static void test_field_over_limit_is_cut(void **state)
{
	size_t len;
	char *m = long_field("Authentication-Results", 200000, 'y', &len);
	seen s = { 0 };
	header_state st;

	(void)state;
	assert_int_equal(read_all(m, len, 65536, &s, &st), len);
	assert_int_equal(st, HEADER_END);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.value_len[0], FCRDNS_HEADER_FIELD_MAX);
	assert_int_equal(s.full_len[0], 200000);
	seen_free(&s);
	free(m);
}

static void test_field_count_limit(void **state)
{
	size_t n = FCRDNS_HEADER_FIELDS_MAX + 10, len = 0;
	char *m = malloc(n * 6 + 2);
	seen s = { 0 };
	header_state st;

	(void)state;
	assert_non_null(m);
	for (size_t i = 0; i < n; i++)
		len += (size_t)sprintf(m + len, "A: %c\r\n", 'a' + (int)(i % 26));
	memcpy(m + len, "\r\n", 2);
	len += 2;
	read_all(m, len, 1000, &s, &st);
	assert_int_equal(st, HEADER_CUT);
	assert_int_equal(s.total, FCRDNS_HEADER_FIELDS_MAX);
	seen_free(&s);
	free(m);
}

static void test_section_byte_limit(void **state)
{
	/* One field folded forever: the reader stops at the byte limit. */
	size_t len = FCRDNS_HEADER_SECTION_MAX + 4096, used;
	char *m = malloc(len);
	seen s = { 0 };
	header_state st;

	(void)state;
	assert_non_null(m);
	memcpy(m, "A: 1\n", 5);
	for (size_t i = 5; i < len; i += 2)
		memcpy(m + i, i + 1 < len ? " \n" : " ", i + 1 < len ? 2 : 1);
	used = read_all(m, len, 65536, &s, &st);
	assert_int_equal(st, HEADER_CUT);
	assert_int_equal(used, FCRDNS_HEADER_SECTION_MAX);
	assert_int_equal(s.total, 0); /* the group being read is not delivered */
	seen_free(&s);
	free(m);
}

static int stop_at_first(void *arg, const header_field *f)
{
	(void)f;
	++*(int *)arg;
	return 1;
}

static void test_callback_stops(void **state)
{
	header_reader r;
	int calls = 0;
	const char *msg = "A: 1\nB: 2\nC: 3\n\n";

	(void)state;
	assert_int_equal(header_reader_init(&r, stop_at_first, &calls), 0);
	header_reader_feed(&r, msg, strlen(msg));
	header_reader_finish(&r);
	assert_int_equal(r.state, HEADER_STOPPED);
	assert_int_equal(calls, 1);
	header_reader_free(&r);
}

static void test_name_match(void **state)
{
	header_field f = { .name = "aUTHENTICATION-results", .name_len = 22 };

	(void)state;
	assert_true(header_field_is(&f, "Authentication-Results"));
	assert_false(header_field_is(&f, "ARC-Authentication-Results"));
	f.name_len = 14;
	assert_false(header_field_is(&f, "Authentication-Results"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_40000_character_field),
		cmocka_unit_test(test_field_over_limit_is_cut),
		cmocka_unit_test(test_field_count_limit),
		cmocka_unit_test(test_section_byte_limit),
		cmocka_unit_test(test_callback_stops),
		cmocka_unit_test(test_name_match),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
