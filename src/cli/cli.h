/* SPDX-License-Identifier: MIT */
/* cli.h: what the fcrdns command's files share: exit codes, terminal
 * styling and the human report. */
#ifndef FCRDNS_CLI_H
#define FCRDNS_CLI_H

#include <stdio.h>

#include "fcrdns.h"

/* Exit codes (the contract; 64 is sysexits' EX_USAGE). */
enum {
	EXIT_ALL_PASS = 0,
	EXIT_SOME_FAIL = 1,
	EXIT_SOME_TEMPERROR = 2,
	EXIT_USAGE = 64,
	EXIT_SOFTWARE = 70,
};

typedef enum style {
	STYLE_PLAIN,
	STYLE_BOLD,
	STYLE_GOOD,
	STYLE_BAD,
	STYLE_WARN,
	STYLE_DIM,
} style;

/* The --resolver options of a command, as the comma-separated list the
 * library takes. */
typedef struct cli_resolvers {
	char list[FCRDNS_MAX_RESOLVERS * 64];
	size_t count;
} cli_resolvers;

/* Print "fcrdns CMD: WHAT 'ARG'" (ARG made terminal-safe, omitted when
 * NULL) and a pointer to --help on stderr. Returns EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *what, const char *arg);
/* Parse a decimal number in [min, max] into *out. Returns 0 or -1. */
int cli_parse_number(const char *s, unsigned long long min, unsigned long long max,
		     unsigned long long *out);
int cli_parse_unsigned(const char *s, unsigned min, unsigned max, unsigned *out);
/* Append one --resolver spec. Returns 0 or EXIT_USAGE (message printed). */
int cli_add_resolver(const char *cmd, cli_resolvers *r, const char *spec);

/* Load a --ranges file. Returns 0 or EXIT_USAGE (message printed). */
int cli_load_ranges(const char *cmd, const char *path, fcrdns_ranges **out);

/* Decide once whether stream gets colour: a terminal and no NO_COLOR. */
void term_init(FILE *stream);
/* Append text in style s (no-op styling when colour is off). */
void term_styled(fcrdns_buf *b, style s, const char *text);
/* Return the style of an iprev result. */
style term_iprev_style(fcrdns_iprev r);

/* Append the human audit of r: the round trip step by step, the verdict,
 * the problems and the Authentication-Results header. */
void report_result(fcrdns_buf *b, const fcrdns_result *r, const char *authserv_id);

/* What `fcrdns headers` found, for its report and its JSON. */
typedef struct headers_run {
	fcrdns_headers *h;
	long entry;                 /* the entry hop in h->received, or -1 */
	const char *const *trust;   /* the --trust ids */
	size_t ntrust;
	int rechecked;              /* --recheck was given */
	fcrdns_result *today;       /* its result; NULL: no entry address */
} headers_run;

/* Append the human report of run: a table per Authentication-Results
 * field, the Received chain, the entry hop, iprev recorded and today's,
 * and what changed. Every string from the message is terminal-safe. */
void headers_report(fcrdns_buf *b, const headers_run *run);

/* Run `fcrdns check`; argv[0] is "check". Returns an exit code. */
int cmd_check(int argc, char **argv);
/* Run `fcrdns classify`; argv[0] is "classify". Returns an exit code. */
int cmd_classify(int argc, char **argv);
int cmd_bulk(int argc, char **argv);
/* Run `fcrdns headers`; argv[0] is "headers". Returns an exit code. */
int cmd_headers(int argc, char **argv);

#endif
