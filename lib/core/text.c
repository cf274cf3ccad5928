/* SPDX-License-Identifier: MIT */
/* text.c: the growable string buffer and terminal-safe text: nothing from
 * DNS reaches a terminal without passing through fcrdns_text_safe(). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fcrdns.h"

#define BUF_MAX_SIZE (64u << 20) /* no output record is ever this large */

/* Make room for extra more bytes plus a NUL. Returns 0 on success. */
static int buf_reserve(fcrdns_buf *b, size_t extra)
{
	if (b->failed)
		return -1;
	if (extra > BUF_MAX_SIZE || b->len + extra + 1 > BUF_MAX_SIZE) {
		b->failed = 1;
		return -1;
	}
	if (b->len + extra + 1 <= b->cap)
		return 0;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < b->len + extra + 1)
		cap *= 2;
	char *p = realloc(b->data, cap);
	if (p == NULL) {
		b->failed = 1;
		return -1;
	}
	b->data = p;
	b->cap = cap;
	return 0;
}

void fcrdns_buf_add(fcrdns_buf *b, const char *s, size_t len)
{
	if (buf_reserve(b, len) != 0)
		return;
	memcpy(b->data + b->len, s, len);
	b->len += len;
	b->data[b->len] = '\0';
}

void fcrdns_buf_puts(fcrdns_buf *b, const char *s)
{
	fcrdns_buf_add(b, s, strlen(s));
}

void fcrdns_buf_printf(fcrdns_buf *b, const char *fmt, ...)
{
	va_list ap;
	char small[256];

	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->failed = 1;
		return;
	}
	if ((size_t)n < sizeof small) {
		fcrdns_buf_add(b, small, (size_t)n);
		return;
	}
	if (buf_reserve(b, (size_t)n) != 0)
		return;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void fcrdns_buf_free(fcrdns_buf *b)
{
	free(b->data);
	memset(b, 0, sizeof *b);
}

void fcrdns_text_safe(fcrdns_buf *b, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c < 0x7f) {
			size_t run = 1;
			while (i + run < len && (unsigned char)s[i + run] >= 0x20 &&
			       (unsigned char)s[i + run] < 0x7f)
				run++;
			fcrdns_buf_add(b, s + i, run);
			i += run - 1;
		} else {
			char esc[4] = { '\\', 'x', hex[c >> 4], hex[c & 15] };
			fcrdns_buf_add(b, esc, sizeof esc);
		}
	}
}
