/* SPDX-License-Identifier: MIT */
/* utf8.h: the one UTF-8 validator that the escapers share (internal; see
 * utf8.c): JSON and HTML strings replace what it refuses with U+FFFD. */
#ifndef FCRDNS_CORE_UTF8_H
#define FCRDNS_CORE_UTF8_H

#include <stddef.h>

/* Return the length (1-4) of the valid UTF-8 sequence at s (at most len
 * bytes, len > 0), or 0 when it is not valid: a stray or forbidden lead
 * byte, an overlong form, a surrogate, a code point beyond U+10FFFF, or a
 * sequence cut short. When cp is not NULL, *cp is the code point decoded. */
size_t utf8_sequence_length(const unsigned char *s, size_t len, unsigned *cp);

#endif
