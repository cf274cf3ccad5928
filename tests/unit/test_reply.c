/* SPDX-License-Identifier: MIT */
/* test_reply.c: the incremental SMTP reply reader: every case is fed whole,
 * one byte at a time and in 7-byte reads, and must read the same; then the
 * banner/EHLO name and STARTTLS helpers. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "smtp/reply.h"

#define MAX_REPLIES 4

/* What the reader made of one reply: lines joined by "\n". */
typedef struct seen {
	int code;
	smtp_reply_error error;
	size_t nlines;
	int cut;
	fcrdns_buf text;
} seen;

/* Feed input (len bytes) in reads of step bytes (0: all at once); record
 * each reply into out. Returns the number of replies; *partial says
 * whether bytes of an unfinished reply were left. */
static size_t read_all(const char *input, size_t len, size_t step, seen out[MAX_REPLIES],
		       int *partial)
{
	smtp_reader r;
	size_t n = 0;

	smtp_reader_init(&r);
	for (size_t off = 0; off < len;) {
		size_t chunk = step && len - off > step ? step : len - off;
		while (chunk > 0) {
			const smtp_reply *rep;
			size_t used = smtp_reader_feed(&r, input + off, chunk, &rep);
			off += used;
			chunk -= used;
			if (rep && n < MAX_REPLIES) {
				seen *s = &out[n++];
				memset(s, 0, sizeof *s);
				s->code = rep->code;
				s->error = rep->error;
				s->nlines = rep->nlines;
				s->cut = rep->cut;
				smtp_reply_text(rep, &s->text);
			}
		}
	}
	*partial = smtp_reader_partial(&r);
	smtp_reader_free(&r);
	return n;
}

/* One row: the input, then up to two replies expected from it. */
static const struct reply_case {
	const char *name;
	const char *input;
	size_t len; /* 0: strlen(input) */
	int partial;
	size_t nreplies;
	struct {
		int code;
		smtp_reply_error error;
		size_t nlines;
		const char *text;
		size_t text_len; /* 0: strlen(text) */
	} want[2];
} reply_cases[] = {
	{ "one line", "220 mx.example.com ESMTP\r\n", 0, 0, 1,
	  { { 220, SMTP_REPLY_NONE, 1, "mx.example.com ESMTP", 0 } } },
	{ "multi-line greeting", "220-mx.example.com ESMTP\r\n220-second\r\n220 third\r\n", 0, 0, 1,
	  { { 220, SMTP_REPLY_NONE, 3, "mx.example.com ESMTP\nsecond\nthird", 0 } } },
	{ "bare LF", "250-a\n250 b\n", 0, 0, 1, { { 250, SMTP_REPLY_NONE, 2, "a\nb", 0 } } },
	{ "code alone", "220\r\n", 0, 0, 1, { { 220, SMTP_REPLY_NONE, 1, "", 0 } } },
	{ "code and space", "220 \r\n", 0, 0, 1, { { 220, SMTP_REPLY_NONE, 1, "", 0 } } },
	{ "continuation without text", "250-\r\n250 ok\r\n", 0, 0, 1,
	  { { 250, SMTP_REPLY_NONE, 2, "\nok", 0 } } },
	{ "two replies in one read", "220 a\r\n250 b\r\n", 0, 0, 2,
	  { { 220, SMTP_REPLY_NONE, 1, "a", 0 }, { 250, SMTP_REPLY_NONE, 1, "b", 0 } } },
	{ "421 then close", "421 mx.example.com closing\r\n", 0, 0, 1,
	  { { 421, SMTP_REPLY_NONE, 1, "mx.example.com closing", 0 } } },
	{ "garbage", "hello there\r\n", 0, 0, 1, { { 0, SMTP_REPLY_GARBAGE, 0, "", 0 } } },
	{ "garbage after a good line", "220-a\r\nxyz\r\n", 0, 0, 1,
	  { { 220, SMTP_REPLY_GARBAGE, 1, "a", 0 } } },
	{ "code mismatch", "220-a\r\n250 b\r\n", 0, 0, 1,
	  { { 220, SMTP_REPLY_CODE_MISMATCH, 1, "a", 0 } } },
	{ "code 199", "199 x\r\n", 0, 0, 1, { { 0, SMTP_REPLY_GARBAGE, 0, "", 0 } } },
	{ "code 600", "600 x\r\n", 0, 0, 1, { { 0, SMTP_REPLY_GARBAGE, 0, "", 0 } } },
	{ "code 260", "260 x\r\n", 0, 0, 1, { { 0, SMTP_REPLY_GARBAGE, 0, "", 0 } } },
	{ "four digits", "2200 x\r\n", 0, 0, 1, { { 0, SMTP_REPLY_GARBAGE, 0, "", 0 } } },
	{ "two digits", "22\r\n", 0, 0, 1, { { 0, SMTP_REPLY_GARBAGE, 0, "", 0 } } },
	{ "tab separator", "220\tx\r\n", 0, 0, 1, { { 0, SMTP_REPLY_GARBAGE, 0, "", 0 } } },
	{ "empty line", "\r\n", 0, 0, 1, { { 0, SMTP_REPLY_GARBAGE, 0, "", 0 } } },
	{ "control characters kept raw", "220 a\x1b[31m\a\0b\r\n", 15, 0, 1,
	  { { 220, SMTP_REPLY_NONE, 1, "a\x1b[31m\a\0b", 9 } } },
	{ "bare CR is text", "220 a\rb\r\r\n", 0, 0, 1,
	  { { 220, SMTP_REPLY_NONE, 1, "a\rb\r", 0 } } },
	{ "no terminator yet", "220-a\r\n220 b", 0, 1, 0, { { 0 } } },
	{ "CR pending", "220 a\r", 0, 1, 0, { { 0 } } },
};

static void test_replies(void **state)
{
	static const size_t steps[] = { 0, 1, 7 };

	(void)state;
	for (size_t i = 0; i < sizeof reply_cases / sizeof reply_cases[0]; i++) {
		const struct reply_case *c = &reply_cases[i];
		size_t len = c->len ? c->len : strlen(c->input);
		for (size_t s = 0; s < sizeof steps / sizeof steps[0]; s++) {
			seen got[MAX_REPLIES];
			int partial;
			size_t n = read_all(c->input, len, steps[s], got, &partial);
			if (n != c->nreplies || partial != c->partial)
				fail_msg("%s (step %zu): %zu replies, partial %d", c->name, steps[s], n,
					 partial);
			for (size_t k = 0; k < n; k++) {
				size_t tl = c->want[k].text_len ? c->want[k].text_len
								: strlen(c->want[k].text);
				if (got[k].code != c->want[k].code || got[k].error != c->want[k].error ||
				    got[k].nlines != c->want[k].nlines || got[k].text.len != tl ||
				    (tl && memcmp(got[k].text.data, c->want[k].text, tl) != 0))
					fail_msg("%s (step %zu) reply %zu: code %d error %s lines %zu",
						 c->name, steps[s], k, got[k].code,
						 smtp_reply_error_name(got[k].error), got[k].nlines);
				fcrdns_buf_free(&got[k].text);
			}
		}
	}
}

/* Feed one reply made of prefix + fill x count + suffix; return it in *out. */
static void read_built(const char *prefix, size_t count, const char *suffix, seen *out)
{
	fcrdns_buf b = { 0 };
	seen got[MAX_REPLIES];
	int partial;
	size_t n;

	fcrdns_buf_puts(&b, prefix);
	for (size_t i = 0; i < count; i++)
		fcrdns_buf_add(&b, "x", 1);
	fcrdns_buf_puts(&b, suffix);
	n = read_all(b.data, b.len, 0, got, &partial);
	assert_true(n >= 1);
	*out = got[0];
	for (size_t i = 1; i < n; i++)
		fcrdns_buf_free(&got[i].text);
	fcrdns_buf_free(&b);
}

/* RFC 5321 s4.5.3.1.5: 512 octets with the CRLF; longer lines are cut. */
static void test_long_lines(void **state)
{
	seen s;

	(void)state;
	read_built("220 ", 506, "\r\n", &s); /* exactly 512 octets */
	assert_int_equal(s.cut, 0);
	assert_int_equal(s.text.len, 506);
	fcrdns_buf_free(&s.text);
	read_built("220 ", 507, "\r\n", &s); /* 513 */
	assert_int_equal(s.cut, 1);
	assert_int_equal(s.error, SMTP_REPLY_NONE);
	assert_int_equal(s.text.len, 506);
	fcrdns_buf_free(&s.text);
	/* The 2000-octet greeting line of the audit's responder. */
	read_built("220 mx.long.example.com ", 2000 - 24 - 2, "\r\n", &s);
	assert_int_equal(s.code, 220);
	assert_int_equal(s.cut, 1);
	assert_int_equal(s.text.len, SMTP_LINE_KEPT - 4);
	assert_memory_equal(s.text.data, "mx.long.example.com xxx", 23);
	fcrdns_buf_free(&s.text);
	/* A cut line still says whether it continues. */
	read_built("250-", 3000, "\r\n250 end\r\n", &s);
	assert_int_equal(s.nlines, 2);
	assert_int_equal(s.cut, 1);
	fcrdns_buf_free(&s.text);
	/* One endless line ends the reply with an error, not a reallocation. */
	read_built("220 ", SMTP_REPLY_OCTETS_MAX, "\r\n", &s);
	assert_int_equal(s.error, SMTP_REPLY_TOO_LONG);
	fcrdns_buf_free(&s.text);
}

/* 100 lines are a reply; a 101st ends it with an error, and the lines
 * after it read as the next reply. */
static void test_line_count(void **state)
{
	fcrdns_buf b = { 0 };
	seen got[MAX_REPLIES];
	int partial;

	(void)state;
	for (int i = 0; i < 99; i++)
		fcrdns_buf_puts(&b, "250-x\r\n");
	fcrdns_buf_puts(&b, "250 end\r\n");
	assert_int_equal(read_all(b.data, b.len, 0, got, &partial), 1);
	assert_int_equal(got[0].error, SMTP_REPLY_NONE);
	assert_int_equal(got[0].nlines, 100);
	fcrdns_buf_free(&got[0].text);
	b.len = 0;
	for (int i = 0; i < 101; i++)
		fcrdns_buf_puts(&b, "250-x\r\n");
	fcrdns_buf_puts(&b, "250 end\r\n");
	assert_int_equal(read_all(b.data, b.len, 0, got, &partial), 2);
	assert_int_equal(got[0].error, SMTP_REPLY_TOO_MANY_LINES);
	assert_int_equal(got[0].nlines, 100);
	assert_int_equal(got[1].code, 250);
	assert_int_equal(got[1].nlines, 1);
	fcrdns_buf_free(&got[0].text);
	fcrdns_buf_free(&got[1].text);
	fcrdns_buf_free(&b);
}

/* Read input as one reply and return its first word as a string. */
static const char *first_word(const char *input, char *buf, size_t size)
{
	smtp_reader r;
	const smtp_reply *rep;
	const char *w;
	size_t n;

	smtp_reader_init(&r);
	smtp_reader_feed(&r, input, strlen(input), &rep);
	assert_non_null(rep);
	n = smtp_reply_first_word(rep, &w);
	if (n == 0) {
		assert_null(w);
		smtp_reader_free(&r);
		return NULL;
	}
	assert_true(n < size);
	memcpy(buf, w, n);
	buf[n] = '\0';
	smtp_reader_free(&r);
	return buf;
}

static void test_first_word(void **state)
{
	static const struct {
		const char *input;
		const char *want;
	} cases[] = {
		{ "220 mx.example.com ESMTP Postfix\r\n", "mx.example.com" },
		{ "220-mx.example.com ESMTP\r\n220 more\r\n", "mx.example.com" },
		{ "220 \t mx.example.com\r\n", "mx.example.com" },
		{ "250-mx.example.com Hello [192.0.2.1]\r\n250 8BITMIME\r\n", "mx.example.com" },
		{ "220 [192.0.2.1]\r\n", "[192.0.2.1]" },
		{ "220 mx\x1b[31m.example.com x\r\n", "mx\x1b[31m.example.com" },
		{ "220\r\n", NULL },
		{ "220 \r\n", NULL },
		{ "220-\r\n220 mx.example.com\r\n", NULL }, /* the first line's */
		{ "hello\r\n", NULL },
	};
	char buf[256];

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *got = first_word(cases[i].input, buf, sizeof buf);
		if ((got == NULL) != (cases[i].want == NULL) ||
		    (got && strcmp(got, cases[i].want) != 0))
			fail_msg("case %zu: got '%s'", i, got ? got : "(none)");
	}
}

static void test_starttls(void **state)
{
	static const struct {
		const char *input;
		int want;
	} cases[] = {
		{ "250-mx.example.com Hello\r\n250-PIPELINING\r\n250-STARTTLS\r\n250 8BITMIME\r\n", 1 },
		{ "250-mx.example.com\r\n250 starttls\r\n", 1 },
		{ "250-mx.example.com\r\n250-StartTLS \r\n250 SIZE 1000\r\n", 1 },
		{ "250-mx.example.com STARTTLS\r\n250 8BITMIME\r\n", 0 }, /* first line */
		{ "250 STARTTLS\r\n", 0 },
		{ "250-mx.example.com\r\n250-STARTTLSX\r\n250 X-STARTTLS\r\n", 0 },
		{ "250-mx.example.com\r\n250 SIZE STARTTLS\r\n", 0 }, /* a parameter */
		{ "250-mx.example.com\r\n250-PIPELINING\r\n250 8BITMIME\r\n", 0 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		smtp_reader r;
		const smtp_reply *rep;
		smtp_reader_init(&r);
		smtp_reader_feed(&r, cases[i].input, strlen(cases[i].input), &rep);
		assert_non_null(rep);
		if (smtp_reply_has_starttls(rep) != cases[i].want)
			fail_msg("case %zu: want %d", i, cases[i].want);
		smtp_reader_free(&r);
	}
}

/* One reader serves a whole dialogue: greeting, then the EHLO reply. */
static void test_dialogue(void **state)
{
	static const char greeting[] = "220-mx.example.com ESMTP\r\n220 hi\r\n";
	static const char ehlo[] = "250-mx.example.com\r\n250 STARTTLS\r\n";
	smtp_reader r;
	const smtp_reply *rep;

	(void)state;
	smtp_reader_init(&r);
	assert_int_equal(smtp_reader_feed(&r, greeting, 10, &rep), 10);
	assert_null(rep);
	assert_true(smtp_reader_partial(&r));
	assert_int_equal(smtp_reader_feed(&r, greeting + 10, sizeof greeting - 11, &rep),
			 sizeof greeting - 11);
	assert_non_null(rep);
	assert_int_equal(rep->code, 220);
	assert_int_equal(rep->nlines, 2);
	assert_false(smtp_reader_partial(&r));
	assert_int_equal(smtp_reader_feed(&r, ehlo, sizeof ehlo - 1, &rep), sizeof ehlo - 1);
	assert_non_null(rep);
	assert_int_equal(rep->code, 250);
	assert_true(smtp_reply_has_starttls(rep));
	assert_string_equal(smtp_reply_error_name(SMTP_REPLY_CODE_MISMATCH), "code-mismatch");
	smtp_reader_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_replies),
		cmocka_unit_test(test_long_lines),
		cmocka_unit_test(test_line_count),
		cmocka_unit_test(test_first_word),
		cmocka_unit_test(test_starttls),
		cmocka_unit_test(test_dialogue),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
