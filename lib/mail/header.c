/* SPDX-License-Identifier: MIT */
/* header.c: reads the header section of a message (RFC 5322 s2.2, s3.6):
 * byte by byte, in chunks of any size, CRLF or LF line ends, unfolding as
 * it goes, until the empty line; the body is never read. Lines that are
 * not fields (an mbox "From " line, a transcript) are skipped. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mail/header.h"

/* Room for the longest name, its colon and blanks, and a value one byte
 * over the limit; what does not fit is counted in dropped. */
#define GROUP_CAP (HEADER_NAME_MAX + 64 + FCRDNS_HEADER_FIELD_MAX + 1)

int header_reader_init(header_reader *r, header_field_cb cb, void *arg)
{
	memset(r, 0, sizeof *r);
	r->cb = cb;
	r->arg = arg;
	r->at_line_start = 1;
	r->buf = malloc(GROUP_CAP);
	return r->buf == NULL ? -1 : 0;
}

void header_reader_free(header_reader *r)
{
	free(r->buf);
	r->buf = NULL;
}

int header_field_is(const header_field *f, const char *name)
{
	size_t n = strlen(name);

	return f->name_len == n && strncasecmp(f->name, name, n) == 0;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Find the field name at the start of a line group: printable ASCII up to
 * the first colon, blanks allowed before it (RFC 5322 s4.5, obsolete
 * syntax). Returns the colon's offset, or -1 when the group is no field. */
static long find_name(const char *buf, size_t len, size_t *name_len)
{
	size_t limit = len < HEADER_NAME_MAX + 64 ? len : HEADER_NAME_MAX + 64;
	const char *colon = memchr(buf, ':', limit);
	size_t n;

	if (colon == NULL)
		return -1;
	for (n = (size_t)(colon - buf); n > 0 && is_blank(buf[n - 1]); n--)
		;
	if (n == 0 || n > HEADER_NAME_MAX)
		return -1;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)buf[i] <= ' ' || (unsigned char)buf[i] >= 0x7f)
			return -1;
	*name_len = n;
	return colon - buf;
}

/* Hand the gathered line group to the callback when it is a field. */
static void deliver(header_reader *r)
{
	header_field f = { .name = r->buf };
	long colon;
	size_t start, end;

	if (!r->in_group)
		return;
	r->in_group = 0;
	if ((colon = find_name(r->buf, r->len, &f.name_len)) < 0)
		return;
	for (start = (size_t)colon + 1; start < r->len && is_blank(r->buf[start]); start++)
		;
	end = r->len;
	while (r->dropped == 0 && end > start && is_blank(r->buf[end - 1]))
		end--;
	f.value = r->buf + start;
	f.full_len = end - start + r->dropped;
	f.value_len = end - start > FCRDNS_HEADER_FIELD_MAX ? FCRDNS_HEADER_FIELD_MAX : end - start;
	r->fields++;
	if (r->cb(r->arg, &f) != 0)
		r->state = HEADER_STOPPED;
}

static void put_byte(header_reader *r, char c)
{
	if (!r->in_group)
		return;
	if (r->len < GROUP_CAP)
		r->buf[r->len++] = c;
	else
		r->dropped++;
}

/* Handle the first byte of a line: a blank continues the group (the line
 * break before it is dropped: unfolding), anything else starts one. */
static void line_start(header_reader *r, char c)
{
	r->at_line_start = 0;
	if (is_blank(c)) {
		put_byte(r, c);
		return;
	}
	deliver(r);
	if (r->state != HEADER_MORE)
		return;
	if (r->fields == FCRDNS_HEADER_FIELDS_MAX) {
		r->state = HEADER_CUT;
		return;
	}
	r->in_group = 1;
	r->len = 0;
	r->dropped = 0;
	put_byte(r, c);
}

static void line_end(header_reader *r)
{
	if (!r->at_line_start) {
		r->at_line_start = 1;
		return;
	}
	deliver(r); /* the empty line: the header section ends here */
	if (r->state == HEADER_MORE)
		r->state = HEADER_END;
}

static void take(header_reader *r, char c)
{
	if (r->at_line_start)
		line_start(r, c);
	else
		put_byte(r, c);
}

/* Process one byte. A CR is held until the next byte shows whether it
 * ends a line (CRLF) or is content (a lone CR, kept). */
static void step(header_reader *r, char c)
{
	if (r->pending_cr) {
		r->pending_cr = 0;
		if (c == '\n') {
			line_end(r);
			return;
		}
		take(r, '\r');
		if (r->state != HEADER_MORE)
			return;
	}
	if (c == '\r')
		r->pending_cr = 1;
	else if (c == '\n')
		line_end(r);
	else
		take(r, c);
}

size_t header_reader_feed(header_reader *r, const char *data, size_t len)
{
	size_t i = 0;

	while (i < len && r->state == HEADER_MORE) {
		if (r->consumed == FCRDNS_HEADER_SECTION_MAX) {
			r->state = HEADER_CUT; /* the group being read is lost */
			break;
		}
		r->consumed++;
		step(r, data[i++]);
	}
	return i;
}

void header_reader_finish(header_reader *r)
{
	if (r->state != HEADER_MORE)
		return;
	r->pending_cr = 0; /* a CR at the very end ends the last line */
	deliver(r);
	if (r->state == HEADER_MORE)
		r->state = HEADER_EOF;
}
