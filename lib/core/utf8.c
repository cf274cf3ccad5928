/* SPDX-License-Identifier: MIT */
/* utf8.c: strict UTF-8 decoding of one sequence (RFC 3629), for the
 * escapers that must turn any bytes into valid text. */
#include "core/utf8.h"

size_t utf8_sequence_length(const unsigned char *s, size_t len, unsigned *cp)
{
	size_t n;
	unsigned min, v;

	if (s[0] < 0x80)
		n = 1, min = 0, v = s[0];
	else if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, min = 0x80, v = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, min = 0x800, v = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, min = 0x10000, v = s[0] & 0x07;
	else
		return 0;
	if (n > len)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		v = v << 6 | (s[i] & 0x3f);
	}
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return 0;
	if (cp != NULL)
		*cp = v;
	return n;
}
