/* SPDX-License-Identifier: MIT */
/* html.h: the HTML reports of the fcrdns command (--html FILE): one
 * self-contained page per run (inline CSS and SVG, no script, a CSP that
 * lets it load nothing). html.c owns the page frame and what every report
 * shares, html_result.c one address's check, html_bulk.c a sweep,
 * html_audit.c an audit. */
#ifndef FCRDNS_CLI_HTML_H
#define FCRDNS_CLI_HTML_H

/* A report is html_open(), html_page_begin(), its sections appended to
 * out.buf (html_flush() between large ones), then html_finish(). Every
 * byte from DNS, a log, the command line or a server goes through
 * fcrdns_html_text() or fcrdns_html_attr(). `audit --html` adds its
 * sections the same way (html_audit_finish()): its own writers for the
 * SPF tree, the MX hosts, the providers, the banner/EHLO comparison and
 * the fixes, and each own address as html_result_begin() and
 * html_result_body() with what the audit adds around the body (how the
 * address was found, its mail server), all from the facts the library
 * computes. */

#include <stdio.h>
#include <time.h>

#include "fcrdns.h"

/* The verdict classes a report colours: one colour each (Okabe-Ito, read
 * by colour-blind readers too), always shown with words as well. */
typedef enum html_verdict {
	HTML_PASS = 0,    /* pass with a specific name */
	HTML_PASS_NAMED,  /* pass, but the name is generic or a provider's default */
	HTML_FAIL,
	HTML_PERMERROR,
	HTML_TEMPERROR,
	HTML_NOT_CHECKED, /* bulk grids: an address of the block not swept */
	HTML_NVERDICTS
} html_verdict;

/* Return the verdict class of r (never HTML_NOT_CHECKED). */
html_verdict html_verdict_of(const fcrdns_result *r);
/* Return the short words of v ("pass, generic or provider name"). */
const char *html_verdict_words(html_verdict v);
/* Return the name a report shows for r: the confirmed one, else the first
 * PTR name, else NULL. */
const char *html_shown_name(const fcrdns_result *r);

/* Where a report goes. The file is opened when the command starts, so an
 * unwritable path fails before any DNS traffic; the page is written into
 * buf and flushed to the file as it grows. */
typedef struct html_out {
	FILE *file;
	char *path;
	const char *cmd;      /* "check", "bulk", "audit" */
	fcrdns_buf cmdline;   /* the command line, escaped for HTML text */
	time_t started;
	int64_t started_ms;
	fcrdns_buf buf;
	int failed;           /* a write failed */
} html_out;

/* Open path for a report of command cmd run as argv (argc words, argv[0]
 * the command's name); nothing is truncated until html_finish(), so the
 * path may even be the run's input. Returns 0, or -1 with a message
 * printed on stderr. */
int html_open(html_out *o, const char *cmd, const char *path, int argc, char **argv);
/* Write the page start: the CSP, the style sheet, the title and the run
 * (time, command line, version). */
void html_page_begin(html_out *o, const char *title);
/* Write the page end, flush everything and close the file. Returns 0, or
 * -1 with a message printed. Frees what o owns either way. */
int html_finish(html_out *o);
/* Write what buf holds to the file when it holds more than a little (or
 * always when force), and empty it. */
void html_flush(html_out *o, int force);

/* Append NUL-terminated s (cut at max bytes) as HTML text. */
void html_text(fcrdns_buf *b, const char *s, size_t max);
/* Append the legend: one swatch and the words per verdict class; counts
 * (HTML_NVERDICTS of them) are shown after the words when not NULL. */
void html_legend(fcrdns_buf *b, const unsigned long long *counts, int with_not_checked);
/* Append a badge: the verdict's words on its colour. */
void html_badge(fcrdns_buf *b, html_verdict v, const char *words);
/* Append the verdict bar of counts (HTML_NVERDICTS; NOT_CHECKED ignored). */
void html_verdict_bar(fcrdns_buf *b, const unsigned long long *counts);
/* Append a link to a provider's documentation when url is https://. */
void html_doc_link(fcrdns_buf *b, const fcrdns_provider *p);
/* Return the one-line explanation of a problem code. */
const char *html_problem_explanation(fcrdns_problem_code c);

/* ---- One address (html_result.c): check, and audit's own addresses ---- */

/* Append the section of one result: the round trip (PTR, names, forward
 * addresses confirmed or not), the verdict, the name's class, DNSSEC, the
 * HELO verdict, the problems and the fix steps in order; id is the
 * section's anchor number. */
void html_result_section(fcrdns_buf *b, const fcrdns_result *r, size_t id,
			 const char *authserv_id);
/* The same section in parts, for pages that add to it (audit): open the
 * section (anchor a<id>, data-ip, data-iprev) with the address and its
 * badge as a heading of level (2 to 5); append the round trip, facts,
 * problems and fix steps (headings one level down). The caller appends
 * what it adds and "</section>". */
void html_result_begin(fcrdns_buf *b, const fcrdns_result *r, size_t id, int level);
void html_result_body(fcrdns_buf *b, const fcrdns_result *r, const char *authserv_id, int level);

/* `check --html`: sections kept in argument order until the end. */
typedef struct html_check {
	html_out out;
	fcrdns_buf sections;
	fcrdns_buf summary;   /* one table row per address */
	unsigned long long counts[HTML_NVERDICTS];
	size_t n;
} html_check;

/* Start a check report (see html_open). Returns 0 or -1 (message printed). */
int html_check_open(html_check *h, const char *path, int argc, char **argv);
/* Add r, the next address in argument order. */
void html_check_add(html_check *h, const fcrdns_result *r, const char *authserv_id);
/* Write the page and release h. Returns 0 or -1 (message printed). */
int html_check_finish(html_check *h);

/* ---- A sweep (html_bulk.c) ---- */

typedef struct html_bulk html_bulk;

/* Start a bulk report (see html_open). Returns NULL with a message printed. */
html_bulk *html_bulk_open(const char *path, int argc, char **argv);
/* Keep what the report needs of r (bounded: see html_bulk.c). */
void html_bulk_add(html_bulk *h, const fcrdns_result *r);
/* Write the page (bad_lines: input lines that were no address) and free
 * h. Returns 0 or -1 (message printed). */
int html_bulk_finish(html_bulk *h, unsigned long long bad_lines);

/* ---- An audit (html_audit.c) ---- */

struct audit_domain;

/* Write the page of an audit into o (opened with html_open(o, "audit",
 * ...)): a summary of the run, then each domain in argument order (count
 * of them: domains[i] NULL when it did not finish, names[i] as given),
 * then html_finish(). Returns 0 or -1 (message printed). */
int html_audit_finish(html_out *o, const struct audit_domain *const *domains, char *const *names,
		      size_t count, const char *authserv_id);

#endif
