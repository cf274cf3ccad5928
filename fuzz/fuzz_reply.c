/* SPDX-License-Identifier: MIT */
/* fuzz_reply.c: libFuzzer target for the SMTP reply reader: the input is
 * what a server sends, fed in reads whose sizes come from the input
 * itself; every reply must keep the line and count bounds, and the name
 * and STARTTLS helpers must stay inside the reply. */
#include <stdint.h>
#include <stdlib.h>

#include "smtp/reply.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Check the bounds a reply promises and run the helpers on it. */
static void check_reply(const smtp_reply *rep)
{
	fcrdns_buf b = { 0 }, json = { 0 };
	const char *word;
	size_t n;

	if (rep->nlines > SMTP_REPLY_LINES_MAX ||
	    (rep->code != 0 && (rep->code < 200 || rep->code > 559)))
		abort();
	for (size_t i = 0; i < rep->nlines; i++)
		if (rep->lines[i].len > SMTP_LINE_KEPT - 4)
			abort();
	n = smtp_reply_first_word(rep, &word);
	if (n > 0 &&
	    (word < rep->lines[0].text || word + n > rep->lines[0].text + rep->lines[0].len))
		abort();
	(void)smtp_reply_has_starttls(rep);
	smtp_reply_text(rep, &b);
	fcrdns_json_string(&json, b.data ? b.data : "", b.len);
	fcrdns_text_safe(&json, b.data ? b.data : "", b.len);
	fcrdns_buf_free(&json);
	fcrdns_buf_free(&b);
	(void)smtp_reply_error_name(rep->error);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	smtp_reader r;
	size_t off = 0, step = size ? (size_t)data[0] % 17 + 1 : 1;

	smtp_reader_init(&r);
	while (off < size) {
		size_t chunk = size - off < step ? size - off : step;
		const smtp_reply *rep;
		size_t used = smtp_reader_feed(&r, (const char *)data + off, chunk, &rep);
		if (used == 0 || used > chunk)
			abort();
		off += used;
		if (rep)
			check_reply(rep);
	}
	(void)smtp_reader_partial(&r);
	smtp_reader_free(&r);
	return 0;
}
