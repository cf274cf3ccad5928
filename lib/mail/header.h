/* SPDX-License-Identifier: MIT */
/* header.h: the RFC 5322 header-section reader (internal; see header.c). */
#ifndef FCRDNS_MAIL_HEADER_H
#define FCRDNS_MAIL_HEADER_H

#include <stddef.h>

#include "fcrdns.h"

#define HEADER_NAME_MAX 1000 /* a longer "name" is not a field (RFC 5322 s2.1.1) */

/* One field as the reader delivers it: the name (trailing blanks before
 * the colon removed) and the unfolded value, leading and trailing blanks
 * removed. value_len is at most FCRDNS_HEADER_FIELD_MAX; full_len is the
 * value's real length, larger when the field was too long to keep. */
typedef struct header_field {
	const char *name;
	size_t name_len;
	const char *value;
	size_t value_len;
	size_t full_len;
} header_field;

/* Called once per field; the field is valid during the call. Returns 0,
 * or non-zero to stop the reader (an error of the caller). */
typedef int (*header_field_cb)(void *arg, const header_field *f);

typedef enum header_state {
	HEADER_MORE = 0,    /* the section goes on: feed more */
	HEADER_END,         /* the empty line was read */
	HEADER_EOF,         /* header_reader_finish() was called before it */
	HEADER_CUT,         /* a limit stopped the reading */
	HEADER_STOPPED,     /* the callback returned non-zero */
} header_state;

typedef struct header_reader {
	header_field_cb cb;
	void *arg;
	char *buf;          /* the current line group, unfolded, capped */
	size_t len;         /* bytes in buf */
	size_t dropped;     /* bytes beyond the cap, counted only */
	size_t consumed;    /* bytes of the section read so far */
	size_t fields;      /* fields delivered */
	int at_line_start;
	int pending_cr;     /* a CR whose LF may come in the next chunk */
	int in_group;       /* 1: lines are being gathered into buf */
	header_state state;
} header_reader;

/* Set r up to deliver fields to cb(arg, ...). Returns 0, or -1 when
 * memory runs out. Free with header_reader_free(). */
int header_reader_init(header_reader *r, header_field_cb cb, void *arg);
/* Read len bytes of the message. Returns the bytes taken: all of them
 * while r->state stays HEADER_MORE, fewer once the section has ended
 * (the empty line is taken, the body is not). */
size_t header_reader_feed(header_reader *r, const char *data, size_t len);
/* End of input: deliver the last field when the section had not ended. */
void header_reader_finish(header_reader *r);
void header_reader_free(header_reader *r);
/* Return 1 when f's name is name, compared without regard to ASCII case. */
int header_field_is(const header_field *f, const char *name);

#endif
