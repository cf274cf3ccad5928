/* SPDX-License-Identifier: MIT */
/* test_text.c: the string buffer and terminal-safe text. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "fcrdns.h"

static void test_safe(void **state)
{
	fcrdns_buf b = { 0 };

	(void)state;
	fcrdns_text_safe(&b, "ok.\x1b]0;pwn\x07\xc3\xa9\x7f\x9b", 15);
	assert_string_equal(b.data, "ok.\\x1b]0;pwn\\x07\\xc3\\xa9\\x7f\\x9b");
	for (size_t i = 0; i < b.len; i++)
		assert_true(b.data[i] >= 0x20 && b.data[i] < 0x7f);
	fcrdns_buf_free(&b);
}

static void test_buf_growth(void **state)
{
	fcrdns_buf b = { 0 };

	(void)state;
	for (int i = 0; i < 10000; i++)
		fcrdns_buf_printf(&b, "%d,", i % 10);
	assert_false(b.failed);
	assert_int_equal(b.len, 20000);
	assert_int_equal(strlen(b.data), 20000);
	fcrdns_buf_free(&b);
	assert_null(b.data);
	fcrdns_buf_printf(&b, "%0300d", 7); /* longer than the small buffer */
	assert_int_equal(b.len, 300);
	assert_int_equal(b.data[299], '7');
	fcrdns_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_safe),
		cmocka_unit_test(test_buf_growth),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
