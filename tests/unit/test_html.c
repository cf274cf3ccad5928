/* SPDX-License-Identifier: MIT */
/* test_html.c: HTML escaping of hostile bytes for text and attribute
 * values: references, control pictures, U+FFFD for invalid or unsafe
 * code points, and the output always strict UTF-8 without markup. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/utf8.h"
#include "fcrdns.h"

typedef struct html_case {
	const char *in;
	size_t len;
	const char *text; /* fcrdns_html_text */
	const char *attr; /* fcrdns_html_attr */
} html_case;

#define S(lit) lit, sizeof(lit) - 1
#define FFFD "\xef\xbf\xbd"

static const html_case cases[] = {
	{ S("mail.example.com"), "mail.example.com", "mail.example.com" },
	{ S(""), "", "" },
	{ S("<script>alert(1)</script>.example"),
	  "&lt;script&gt;alert(1)&lt;/script&gt;.example",
	  "&lt;script&gt;alert(1)&lt;/script&gt;.example" },
	{ S("\"onmouseover=\"x"), "\"onmouseover=\"x", "&quot;onmouseover=&quot;x" },
	{ S("</title><img src=x>"), "&lt;/title&gt;&lt;img src=x&gt;",
	  "&lt;/title&gt;&lt;img src=x&gt;" },
	{ S("a&b 'c' `d`"), "a&amp;b 'c' `d`", "a&amp;b &#39;c&#39; &#96;d&#96;" },
	{ S("&amp;"), "&amp;amp;", "&amp;amp;" },
	/* Control bytes show as control pictures; NUL too. */
	{ S("a\x1b[31m\x07"), "a\xe2\x90\x9b[31m\xe2\x90\x87", "a\xe2\x90\x9b[31m\xe2\x90\x87" },
	{ S("\0\n\t\r\x7f"), "\xe2\x90\x80\xe2\x90\x8a\xe2\x90\x89\xe2\x90\x8d\xe2\x90\xa1",
	  "\xe2\x90\x80\xe2\x90\x8a\xe2\x90\x89\xe2\x90\x8d\xe2\x90\xa1" },
	/* Valid UTF-8 is kept. */
	{ S("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"), "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80",
	  "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80" },
	/* Invalid UTF-8: one U+FFFD per byte, as fcrdns_json_string. */
	{ S("\xff"), FFFD, FFFD },
	{ S("a\xc3"), "a" FFFD, "a" FFFD },
	{ S("\xc0\xaf"), FFFD FFFD, FFFD FFFD },
	{ S("\xed\xa0\x80"), FFFD FFFD FFFD, FFFD FFFD FFFD },
	{ S("\xf4\x90\x80\x80"), FFFD FFFD FFFD FFFD, FFFD FFFD FFFD FFFD },
	/* Valid but unsafe: C1 control, bidi override and isolate, noncharacters. */
	{ S("\xc2\x85"), FFFD, FFFD },
	{ S("abc\xe2\x80\xaemoc.elpmaxe"), "abc" FFFD "moc.elpmaxe", "abc" FFFD "moc.elpmaxe" },
	{ S("\xe2\x81\xa6x\xe2\x81\xa9"), FFFD "x" FFFD, FFFD "x" FFFD },
	{ S("\xef\xb7\x90\xef\xbf\xbe\xf4\x8f\xbf\xbf"), FFFD FFFD FFFD, FFFD FFFD FFFD },
};

static void expect_escape(void (*escape)(fcrdns_buf *, const char *, size_t), const char *in,
			  size_t len, const char *want)
{
	fcrdns_buf b = { 0 };

	escape(&b, in, len);
	assert_false(b.failed);
	assert_string_equal(b.data ? b.data : "", want);
	fcrdns_buf_free(&b);
}

static void test_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		expect_escape(fcrdns_html_text, cases[i].in, cases[i].len, cases[i].text);
		expect_escape(fcrdns_html_attr, cases[i].in, cases[i].len, cases[i].attr);
	}
}

/* Return 1 when s (len bytes) is strict UTF-8 with no '<', no quote and no
 * byte below 0x20 or DEL. */
static int is_inert(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;

	for (size_t i = 0; i < len;) {
		size_t n = utf8_sequence_length(u + i, len - i, NULL);
		if (n == 0 || (n == 1 && (u[i] < 0x20 || u[i] == 0x7f || strchr("<>\"'", u[i]))))
			return 0;
		i += n;
	}
	return 1;
}

/* Every single byte and every pair of bytes comes out inert. */
static void test_every_byte_pair(void **state)
{
	fcrdns_buf b = { 0 };
	char in[2];

	(void)state;
	for (unsigned x = 0; x < 256; x++) {
		for (unsigned y = 0; y < 256; y++) {
			in[0] = (char)x;
			in[1] = (char)y;
			b.len = 0;
			fcrdns_html_attr(&b, in, 2);
			assert_true(is_inert(b.data, b.len));
		}
	}
	assert_false(b.failed);
	fcrdns_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_every_byte_pair),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
