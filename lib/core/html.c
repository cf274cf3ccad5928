/* SPDX-License-Identifier: MIT */
/* html.c: HTML escaping for text and for quoted attribute values: any
 * bytes in, strict UTF-8 out with no markup, no raw control character and
 * no character the HTML parser reports as an error. */
#include <string.h>

#include "core/utf8.h"
#include "fcrdns.h"

#define REPLACEMENT "\xef\xbf\xbd" /* U+FFFD */

/* Return 1 for a code point that must not appear as is: C1 controls (HTML
 * parse errors), bidirectional overrides and isolates (they reorder what a
 * reader sees, so a hostile name could display as another) and
 * noncharacters. */
static int html_forbidden(unsigned cp)
{
	return (cp >= 0x80 && cp <= 0x9f) || (cp >= 0x202a && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069) || (cp >= 0xfdd0 && cp <= 0xfdef) ||
	       (cp & 0xfffe) == 0xfffe;
}

/* Return the character reference for ASCII byte c in this context, or
 * NULL when c is copied as is. Attributes are quoted with either quote. */
static const char *html_reference(unsigned char c, int attr)
{
	switch (c) {
	case '&': return "&amp;";
	case '<': return "&lt;";
	case '>': return "&gt;";
	case '"': return attr ? "&quot;" : NULL;
	case '\'': return attr ? "&#39;" : NULL;
	case '`': return attr ? "&#96;" : NULL;
	default: return NULL;
	}
}

/* Append ASCII byte c: a reference, a control picture (U+2400 + c, U+2421
 * for DEL) so that a control byte shows without acting, or c itself. */
static void html_ascii(fcrdns_buf *b, unsigned char c, int attr)
{
	const char *ref = html_reference(c, attr);

	if (ref != NULL) {
		fcrdns_buf_puts(b, ref);
	} else if (c < 0x20 || c == 0x7f) {
		char picture[3] = { '\xe2', '\x90', (char)(c == 0x7f ? 0xa1 : 0x80 + c) };
		fcrdns_buf_add(b, picture, sizeof picture);
	} else {
		fcrdns_buf_add(b, (const char *)&c, 1);
	}
}

/* Return 1 when c is copied as is in this context. */
static int html_plain(unsigned char c, int attr)
{
	return c >= 0x20 && c < 0x7f && html_reference(c, attr) == NULL;
}

/* Append s (len bytes, any content) escaped for text (attr 0) or for a
 * quoted attribute value (attr 1). */
static void html_escape(fcrdns_buf *b, const char *s, size_t len, int attr)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned cp;

	for (size_t i = 0; i < len;) {
		size_t run = 0, n;
		while (i + run < len && html_plain(u[i + run], attr))
			run++;
		if (run > 0) { /* the common case: plain ASCII in one go */
			fcrdns_buf_add(b, s + i, run);
			i += run;
		} else if (u[i] < 0x80) {
			html_ascii(b, u[i++], attr);
		} else if ((n = utf8_sequence_length(u + i, len - i, &cp)) == 0) {
			fcrdns_buf_add(b, REPLACEMENT, 3);
			i++; /* one U+FFFD per invalid byte, as fcrdns_json_string */
		} else {
			if (html_forbidden(cp))
				fcrdns_buf_add(b, REPLACEMENT, 3);
			else
				fcrdns_buf_add(b, s + i, n);
			i += n;
		}
	}
}

void fcrdns_html_text(fcrdns_buf *b, const char *s, size_t len)
{
	html_escape(b, s, len, 0);
}

void fcrdns_html_attr(fcrdns_buf *b, const char *s, size_t len)
{
	html_escape(b, s, len, 1);
}
