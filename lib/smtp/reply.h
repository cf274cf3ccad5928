/* SPDX-License-Identifier: MIT */
/* reply.h: the incremental SMTP reply reader of the audit's probe
 * (internal; see reply.c): bytes in as they arrive, whole replies out,
 * RFC 5321 s4.2 syntax and the s4.5.3.1.5 line limit enforced. */
#ifndef FCRDNS_SMTP_REPLY_H
#define FCRDNS_SMTP_REPLY_H

#include <stddef.h>

#include "fcrdns.h"

#define SMTP_LINE_MAX 512                    /* octets per line, CRLF included */
#define SMTP_LINE_KEPT (SMTP_LINE_MAX - 2)   /* octets kept before the CRLF */
#define SMTP_REPLY_LINES_MAX 100             /* lines per reply */
#define SMTP_REPLY_OCTETS_MAX (SMTP_REPLY_LINES_MAX * SMTP_LINE_MAX * 2)

/* How a reply ended. One list gives the enum and the codes. */
#define SMTP_REPLY_ERROR_MAP(X)                       \
	X(NONE, "none")                               \
	X(GARBAGE, "garbage")                         \
	X(CODE_MISMATCH, "code-mismatch")             \
	X(TOO_MANY_LINES, "too-many-lines")           \
	X(TOO_LONG, "too-long")                       \
	X(NOMEM, "out-of-memory")

typedef enum smtp_reply_error {
#define SMTP_REPLY_ERROR_ENUM(name, text) SMTP_REPLY_##name,
	SMTP_REPLY_ERROR_MAP(SMTP_REPLY_ERROR_ENUM)
#undef SMTP_REPLY_ERROR_ENUM
} smtp_reply_error;

/* One reply line: the text after "NNN-" or "NNN " (raw bytes, any
 * content, not NUL-terminated), and whether it was cut at SMTP_LINE_KEPT
 * octets. */
typedef struct smtp_line {
	const char *text;
	size_t len;
	int cut;
} smtp_line;

/* A complete reply. Lines point into the reader; valid until the next
 * smtp_reader_feed() or smtp_reader_free(). */
typedef struct smtp_reply {
	int code;                 /* of the first line (200-559), or 0 */
	smtp_reply_error error;   /* SMTP_REPLY_NONE for a well-formed reply */
	int cut;                  /* some line was longer than SMTP_LINE_MAX */
	size_t nlines;
	smtp_line lines[SMTP_REPLY_LINES_MAX];
} smtp_reply;

/* The reader: one per connection. Start from smtp_reader_init(). */
typedef struct smtp_reader {
	char line[SMTP_LINE_KEPT];  /* the line being received */
	size_t line_len;            /* bytes kept of it */
	int line_cut;               /* bytes of it were dropped */
	int pending_cr;             /* a CR was seen; an LF may end the line */
	size_t octets;              /* of the reply so far, all counted */
	fcrdns_buf text;            /* the texts of the reply's lines */
	size_t offsets[SMTP_REPLY_LINES_MAX];
	smtp_reply reply;
	int complete;               /* reply holds a finished reply */
} smtp_reader;

/* Return the code of an error ("garbage", ...). */
const char *smtp_reply_error_name(smtp_reply_error e);

/* Prepare r for the first reply. */
void smtp_reader_init(smtp_reader *r);
/* Release r's memory; r may be initialised again. */
void smtp_reader_free(smtp_reader *r);
/* Consume bytes of data (len bytes, any content) until a reply is
 * complete. Returns the number of bytes consumed; the rest belong to the
 * next reply. Sets *reply to the complete reply (owned by r, valid until
 * the next call), or to NULL when more bytes are needed. A reply ends at
 * its last line ("NNN " or "NNN"), or early with an error: a line that is
 * not "NNN", "NNN text" or "NNN-text" (garbage), a code other than the
 * first line's, a 101st line, or more than SMTP_REPLY_OCTETS_MAX octets. */
size_t smtp_reader_feed(smtp_reader *r, const char *data, size_t len, const smtp_reply **reply);
/* Return 1 when r holds bytes of a reply that is not complete yet (what a
 * server left when it closed the connection). */
int smtp_reader_partial(const smtp_reader *r);

/* Return the length of the first word (up to a space or a tab, leading
 * ones skipped) of the reply's first line and set *word to it, or return
 * 0 when there is none: the greeting's host name, the EHLO reply's. */
size_t smtp_reply_first_word(const smtp_reply *reply, const char **word);
/* Return 1 when an EHLO reply line after the first has the keyword
 * STARTTLS (any case) (RFC 3207). */
int smtp_reply_has_starttls(const smtp_reply *reply);
/* Append the texts of the reply's lines to b, joined by "\n", raw. */
void smtp_reply_text(const smtp_reply *reply, fcrdns_buf *b);

#endif
