/* SPDX-License-Identifier: MIT */
/* fuzz_maillog.c: libFuzzer target for the mail-log reader: the input as
 * one line, line by line, and as the message of every MTA's grammar
 * directly (past the framing). Any crash, sanitizer report, or an address
 * of no family is a bug. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "fcrdns.h"
#include "mail/maillog.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int found, const fcrdns_addr *a)
{
	if (found == 1 && a->family != AF_INET && a->family != AF_INET6)
		abort();
}

/* Every line of [p, end), as bulk --from-log reads them. */
static void each_line(const char *p, const char *end)
{
	fcrdns_addr a;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		check(fcrdns_log_extract(p, len, &a), &a);
		p += len + 1;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* An exact-size copy: a read past the line is a sanitizer report. */
	char *s = malloc(size ? size : 1);
	fcrdns_addr a;
	log_frame f;

	if (s == NULL)
		return 0;
	memcpy(s, data, size);
	check(fcrdns_log_extract(s, size, &a), &a);
	each_line(s, s + size);
	log_frame_parse(s, s + size, &f);
	if (f.msg < s || f.msg > f.end || f.end != s + size)
		abort();
	for (int m = LOG_MTA_POSTFIX_SMTPD; m <= LOG_MTA_POSTGREY; m++)
		check(log_mta_extract((log_mta)m, s, s + size, &a), &a);
	free(s);
	return 0;
}
