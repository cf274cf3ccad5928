/* SPDX-License-Identifier: MIT */
/* maillog.h: the mail-log reader's internals (see maillog.c): a line's
 * framing (which program wrote it, where its message starts), the form
 * matcher (logform.c) and the grammars of each MTA (logmta.c). */
#ifndef FCRDNS_MAIL_MAILLOG_H
#define FCRDNS_MAIL_MAILLOG_H

#include "fcrdns.h"

#define LOG_LINE_LIMIT 16384  /* longer lines are no MTA's: skipped whole */
#define LOG_NAME_MAX 255      /* longest host name, HELO or word matched */

/* The program that wrote a line, as far as its client lines go. */
typedef enum log_mta {
	LOG_MTA_ANY = 0,        /* no program named (journald, bare message) */
	LOG_MTA_NONE,           /* a program that names no SMTP client */
	LOG_MTA_POSTFIX_SMTPD,  /* smtpd, or Postfix's smtpd_check driver */
	LOG_MTA_POSTSCREEN,     /* postscreen and tlsproxy */
	LOG_MTA_DNSBLOG,
	LOG_MTA_ANVIL,
	LOG_MTA_CLEANUP,
	LOG_MTA_SMTPD,          /* "smtpd" alone: Postfix or OpenSMTPD */
	LOG_MTA_EXIM,
	LOG_MTA_SENDMAIL,
	LOG_MTA_COURIER,        /* courieresmtpd */
	LOG_MTA_POSTGREY,
} log_mta;

/* A line's message, [msg, end), and the program that wrote it. */
typedef struct log_frame {
	const char *msg, *end;
	log_mta mta;
} log_frame;

/* What a grammar knows about the line beyond its message text. */
typedef struct log_ctx {
	int msgid;              /* Exim: a message id preceded the message */
} log_ctx;

/* A tail function reads what follows a form's fixed start p (up to end)
 * and returns 1 with *out set, or -1 when the line is of this form but
 * names no client it can be sure of. */
typedef int (*log_tail_fn)(const char *p, const char *end, const log_ctx *ctx,
			   fcrdns_addr *out);

/* One line form: a pattern anchored at the start of the message (see
 * log_form_match), optionally completed by a tail function. */
typedef struct log_form {
	const char *pattern;
	log_tail_fn tail;
} log_form;

/* ---- framing (maillog.c) ---------------------------------------------- */

/* Find the message of [line, end) inside syslog (RFC 3164 and its ISO
 * variants), RFC 5424, journald export ("MESSAGE=") or Exim main-log
 * framing, and the program that wrote it. A line with no framing is its
 * own message with mta LOG_MTA_ANY. */
void log_frame_parse(const char *line, const char *end, log_frame *f);
/* Return the grammar of program name [name, name + len) (a syslog tag
 * without its [pid]): the last '/' component decides. */
log_mta log_program_mta(const char *name, size_t len);

/* ---- the matcher (logform.c) ------------------------------------------ */

/* Match pattern at the start of [p, end). Ordinary characters match
 * themselves; %w a word [A-Za-z0-9_.-]+, %W a run of non-blanks, %U an
 * upper-case keyword [A-Z][A-Z0-9-]*, %d digits, %q a Postfix queue id;
 * the client is captured by %c (Postfix name[addr], optional :port), %a
 * (a bare address), %b ([addr]), %e (Exim's host field) or %s
 * (Sendmail's). Returns where the match ends, or NULL; *found is set when
 * a client was captured into *out. */
const char *log_form_match(const char *p, const char *end, const char *pattern,
			   fcrdns_addr *out, int *found);
/* Try forms in order. Returns 1 with *out set, 0 when none matches, -1
 * when one matched but named no client. */
int log_forms_try(const log_form *forms, size_t n, const char *p, const char *end,
		  const log_ctx *ctx, fcrdns_addr *out);
/* Parse an address of len bytes (an "IPv6:" tag allowed) into *out.
 * Returns 1, or 0 when it is not one. */
int log_addr_parse(const char *s, size_t len, fcrdns_addr *out);
/* Parse Exim's host field at p ("name (helo) [addr]:port", each part but
 * the address optional). Returns the end, or NULL. */
const char *log_exim_host(const char *p, const char *end, fcrdns_addr *out);
/* Parse Sendmail's host field at p ("[user@]name [addr] (may be
 * forged)", name and user optional). Returns the end, or NULL. */
const char *log_sendmail_host(const char *p, const char *end, fcrdns_addr *out);
/* Return 1 when [p, end) starts with s (n bytes). */
int log_starts(const char *p, const char *end, const char *s, size_t n);
/* Return the first occurrence of needle (len n) in [p, end), or NULL. */
const char *log_find(const char *p, const char *end, const char *needle, size_t n);
/* Count the occurrences of needle (len n) in [p, end), stopping at 2. */
int log_count(const char *p, const char *end, const char *needle, size_t n);

/* ---- the grammars (logmta.c) ------------------------------------------ */

/* Read the client out of message [p, end) by the grammar of mta (not
 * LOG_MTA_ANY or LOG_MTA_NONE). Returns 1 with *out set, 0 when no form
 * matches, -1 when a form matched but named no client. */
int log_mta_extract(log_mta mta, const char *p, const char *end, fcrdns_addr *out);

#endif
