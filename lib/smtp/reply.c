/* SPDX-License-Identifier: MIT */
/* reply.c: the incremental SMTP reply reader: lines end at LF (a CR before
 * it is dropped), are kept up to 510 octets and cut beyond, and group into
 * replies by RFC 5321 s4.2; whatever a server sends ends in a reply or an
 * error, never in an overflow. Bytes are kept raw: renderers escape. */
#include <string.h>
#include <strings.h>

#include "smtp/reply.h"

const char *smtp_reply_error_name(smtp_reply_error e)
{
	switch (e) {
#define SMTP_REPLY_ERROR_CASE(name, text) case SMTP_REPLY_##name: return text;
	SMTP_REPLY_ERROR_MAP(SMTP_REPLY_ERROR_CASE)
#undef SMTP_REPLY_ERROR_CASE
	}
	return "none";
}

void smtp_reader_init(smtp_reader *r)
{
	memset(r, 0, sizeof *r);
}

void smtp_reader_free(smtp_reader *r)
{
	fcrdns_buf_free(&r->text);
	memset(r, 0, sizeof *r);
}

/* Forget the line being received. */
static void line_reset(smtp_reader *r)
{
	r->line_len = 0;
	r->line_cut = 0;
	r->pending_cr = 0;
}

/* Forget the last reply, keeping the text buffer's memory. */
static void reply_reset(smtp_reader *r)
{
	r->text.len = 0;
	r->octets = 0;
	r->complete = 0;
	memset(&r->reply, 0, sizeof r->reply);
}

/* Mark the reply complete with err, pointing its lines into the text. */
static void reply_finish(smtp_reader *r, smtp_reply_error err)
{
	static const char empty[1] = "";
	const char *base = r->text.data ? r->text.data : empty;

	for (size_t i = 0; i < r->reply.nlines; i++)
		r->reply.lines[i].text = base + r->offsets[i];
	r->reply.error = err;
	r->complete = 1;
	line_reset(r);
}

/* Keep byte c of the current line, or note the line as cut. */
static void line_byte(smtp_reader *r, char c)
{
	if (r->line_len < sizeof r->line)
		r->line[r->line_len++] = c;
	else
		r->line_cut = 1;
}

/* Return the reply code at the start of s (len bytes) when the line is
 * "NNN", "NNN text" or "NNN-text" with an RFC 5321 code (2-5, 0-5, 0-9),
 * else -1. */
static int line_code(const char *s, size_t len)
{
	if (len < 3 || s[0] < '2' || s[0] > '5' || s[1] < '0' || s[1] > '5' || s[2] < '0' ||
	    s[2] > '9')
		return -1;
	if (len > 3 && s[3] != ' ' && s[3] != '-')
		return -1;
	return (s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0');
}

/* Add the finished current line to the reply. Returns 1 when that
 * completes the reply (normally or with an error), else 0. */
static int line_end(smtp_reader *r)
{
	smtp_reply *rep = &r->reply;
	int code = line_code(r->line, r->line_len);
	size_t text_len = r->line_len > 4 ? r->line_len - 4 : 0;

	if (code < 0 || (rep->nlines > 0 && code != rep->code) ||
	    rep->nlines == SMTP_REPLY_LINES_MAX) {
		reply_finish(r, code < 0 ? SMTP_REPLY_GARBAGE
			     : rep->nlines == SMTP_REPLY_LINES_MAX ? SMTP_REPLY_TOO_MANY_LINES
								   : SMTP_REPLY_CODE_MISMATCH);
		return 1;
	}
	rep->code = code;
	r->offsets[rep->nlines] = r->text.len;
	fcrdns_buf_add(&r->text, r->line + 4, text_len);
	rep->lines[rep->nlines].len = text_len;
	rep->lines[rep->nlines].cut = r->line_cut;
	rep->cut |= r->line_cut;
	rep->nlines++;
	if (r->text.failed || r->line_len == 3 || r->line[3] == ' ') {
		reply_finish(r, r->text.failed ? SMTP_REPLY_NOMEM : SMTP_REPLY_NONE);
		return 1;
	}
	line_reset(r);
	return 0;
}

size_t smtp_reader_feed(smtp_reader *r, const char *data, size_t len, const smtp_reply **reply)
{
	*reply = NULL;
	if (r->complete)
		reply_reset(r);
	for (size_t i = 0; i < len; i++) {
		char c = data[i];
		r->octets++;
		if (c == '\n') {
			r->pending_cr = 0;
			if (line_end(r)) {
				*reply = &r->reply;
				return i + 1;
			}
			continue;
		}
		if (r->pending_cr)
			line_byte(r, '\r'); /* a bare CR is text */
		r->pending_cr = c == '\r';
		if (c != '\r')
			line_byte(r, c);
		if (r->octets > SMTP_REPLY_OCTETS_MAX) {
			reply_finish(r, SMTP_REPLY_TOO_LONG);
			*reply = &r->reply;
			return i + 1;
		}
	}
	return len;
}

int smtp_reader_partial(const smtp_reader *r)
{
	return !r->complete && (r->octets > 0 || r->reply.nlines > 0);
}

/* Return the length of the first word of line l (leading blanks skipped,
 * up to a space or a tab) and set *word to it; 0 when there is none. */
static size_t line_first_word(const smtp_line *l, const char **word)
{
	size_t i = 0, n = 0;

	*word = NULL;
	while (i < l->len && (l->text[i] == ' ' || l->text[i] == '\t'))
		i++;
	while (i + n < l->len && l->text[i + n] != ' ' && l->text[i + n] != '\t')
		n++;
	if (n > 0)
		*word = l->text + i;
	return n;
}

size_t smtp_reply_first_word(const smtp_reply *reply, const char **word)
{
	*word = NULL;
	return reply->nlines > 0 ? line_first_word(&reply->lines[0], word) : 0;
}

int smtp_reply_has_starttls(const smtp_reply *reply)
{
	for (size_t i = 1; i < reply->nlines; i++) {
		const char *word;
		if (line_first_word(&reply->lines[i], &word) == 8 &&
		    strncasecmp(word, "STARTTLS", 8) == 0)
			return 1;
	}
	return 0;
}

void smtp_reply_text(const smtp_reply *reply, fcrdns_buf *b)
{
	for (size_t i = 0; i < reply->nlines; i++) {
		if (i > 0)
			fcrdns_buf_add(b, "\n", 1);
		fcrdns_buf_add(b, reply->lines[i].text, reply->lines[i].len);
	}
}
