/* SPDX-License-Identifier: MIT */
/* json.c: JSON string escaping: any bytes in, valid JSON out (control
 * characters escaped, invalid UTF-8 as U+FFFD). */
#include <string.h>

#include "core/utf8.h"
#include "fcrdns.h"

static void json_escape_byte(fcrdns_buf *b, unsigned char c)
{
	static const char hex[] = "0123456789abcdef";

	switch (c) {
	case '"': fcrdns_buf_add(b, "\\\"", 2); return;
	case '\\': fcrdns_buf_add(b, "\\\\", 2); return;
	case '\n': fcrdns_buf_add(b, "\\n", 2); return;
	case '\r': fcrdns_buf_add(b, "\\r", 2); return;
	case '\t': fcrdns_buf_add(b, "\\t", 2); return;
	}
	if (c < 0x20 || c == 0x7f) {
		char esc[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] };
		fcrdns_buf_add(b, esc, sizeof esc);
		return;
	}
	fcrdns_buf_add(b, (const char *)&c, 1);
}

/* Return 1 when c is copied into a JSON string as is. */
static int json_plain(unsigned char c)
{
	return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
}

void fcrdns_json_string(fcrdns_buf *b, const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;

	fcrdns_buf_add(b, "\"", 1);
	for (size_t i = 0; i < len;) {
		size_t run = 0;
		while (i + run < len && json_plain(u[i + run]))
			run++;
		if (run > 0) { /* the common case: copy plain ASCII in one go */
			fcrdns_buf_add(b, s + i, run);
			i += run;
			continue;
		}
		size_t n = utf8_sequence_length(u + i, len - i, NULL);
		if (n == 0) {
			fcrdns_buf_add(b, "\\ufffd", 6);
			i++;
		} else if (n == 1) {
			json_escape_byte(b, u[i]);
			i++;
		} else {
			fcrdns_buf_add(b, s + i, n);
			i += n;
		}
	}
	fcrdns_buf_add(b, "\"", 1);
}
