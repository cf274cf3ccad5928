/* SPDX-License-Identifier: MIT */
/* cli.h: what the fcrdns command's files share: exit codes, terminal
 * styling and the human report. */
#ifndef FCRDNS_CLI_H
#define FCRDNS_CLI_H

#include <getopt.h>
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

/* The options every subcommand that asks DNS shares: where to ask, how
 * patiently, and the knowledge it reads (Public Suffix List, provider
 * ranges). Each command's option table includes CLI_DNS_LONGOPTS and
 * hands every option to cli_dns_option() first. */
typedef struct cli_dns {
	cli_resolvers resolvers;
	unsigned timeout_ms;     /* 0: the library's default */
	unsigned tries;          /* 0: the library's default */
	const char *psl_file;
	fcrdns_ranges *ranges;   /* owned; free with cli_dns_free() */
} cli_dns;

enum {
	CLI_OPT_RESOLVER = 1000, CLI_OPT_TIMEOUT, CLI_OPT_TRIES, CLI_OPT_PSL, CLI_OPT_RANGES,
};

#define CLI_DNS_LONGOPTS                                              \
	{ "resolver", required_argument, NULL, CLI_OPT_RESOLVER },    \
	{ "timeout", required_argument, NULL, CLI_OPT_TIMEOUT },      \
	{ "tries", required_argument, NULL, CLI_OPT_TRIES },          \
	{ "psl", required_argument, NULL, CLI_OPT_PSL },              \
	{ "ranges", required_argument, NULL, CLI_OPT_RANGES }

/* The usage lines of those options. */
#define CLI_DNS_USAGE                                                                 \
	"  --resolver H[:P]   DNS server to ask (repeatable; IPv6 as [::1]:5300)\n"   \
	"  --timeout MS       per-try timeout in milliseconds (default 2000)\n"       \
	"  --tries N          tries per server (default 2)\n"                         \
	"  --psl FILE         Public Suffix List file (default: libpsl's built-in)\n" \
	"  --ranges FILE      \"CIDR provider-id\" lines: name the provider of an\n"  \
	"                     address with no PTR or a generic one\n"

/* Apply option c (with arg) when it is one of the shared ones. Returns 0
 * when applied, EXIT_USAGE (message printed) when its value is bad, or -1
 * when c is not a shared option. */
int cli_dns_option(const char *cmd, cli_dns *d, int c, const char *arg);
/* Set the library options of d into *o and their bits into *mask. */
void cli_dns_apply(const cli_dns *d, fcrdns_options *o, unsigned *mask);
/* Create a context from d and the extra options (o/mask, may hold more).
 * Returns 0, or an exit code with the message printed. */
int cli_dns_context(const char *cmd, const cli_dns *d, fcrdns_options *o, unsigned mask,
		    fcrdns_ctx **out);
/* Free what d owns. */
void cli_dns_free(cli_dns *d);

/* Print "fcrdns CMD: WHAT 'ARG'" (ARG made terminal-safe, omitted when
 * NULL) and a pointer to --help on stderr. Returns EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *what, const char *arg);
/* Parse a decimal number in [min, max] into *out. Returns 0 or -1. */
int cli_parse_number(const char *s, unsigned long long min, unsigned long long max,
		     unsigned long long *out);
int cli_parse_unsigned(const char *s, unsigned min, unsigned max, unsigned *out);
/* Decide once whether stream gets colour: a terminal and no NO_COLOR. */
void term_init(FILE *stream);
/* Append text in style s (no-op styling when colour is off). */
void term_styled(fcrdns_buf *b, style s, const char *text);
/* Return the style of an iprev result. */
style term_iprev_style(fcrdns_iprev r);

/* Append the human audit of r: the round trip step by step, the verdict,
 * the problems and the Authentication-Results header. */
void report_result(fcrdns_buf *b, const fcrdns_result *r, const char *authserv_id);

/* ---- Monitoring Plugins output (plugin.c) ---- */

/* Plugin states are their exit codes (Monitoring Plugins guidelines). */
typedef enum plugin_state {
	PLUGIN_OK = 0,
	PLUGIN_WARNING = 1,
	PLUGIN_CRITICAL = 2,
	PLUGIN_UNKNOWN = 3,
} plugin_state;

/* The report being built: the worst state so far, counts per iprev
 * verdict, the status-line summary and the long output. Start from {0}. */
typedef struct plugin_report {
	plugin_state state;
	unsigned counts[4];
	size_t total, nonok;
	fcrdns_buf summary, longout;
	const char *ok_text;   /* the status text when all is OK, or NULL:
				  "N addresses OK" */
} plugin_report;

/* Judge one address: CRITICAL for fail or permerror or an expected name
 * missing from the PTR names or not resolving back; UNKNOWN for
 * temperror; WARNING for a generic or provider-default confirmed name or
 * an unacceptable HELO; else OK. Appends the reason to why. */
plugin_state plugin_address_state(const fcrdns_result *r, fcrdns_buf *why);
/* Add one judged subject (an address, an SPF record, ...) with its reason
 * and a detail for the long output. */
void plugin_add(plugin_report *p, const char *subject, plugin_state s, const char *why,
		const char *detail);
/* Judge r and add it. */
void plugin_add_result(plugin_report *p, const fcrdns_result *r);
/* Print the status line (state, summary, perfdata with time and the four
 * verdict counts) and the long output; free p. Returns the exit code. */
int plugin_finish(plugin_report *p, double seconds, FILE *out);
/* Print the UNKNOWN line of a usage error. Returns PLUGIN_UNKNOWN. */
int plugin_usage_error(FILE *out, const char *cmd);
/* Return 1 when args hold "--plugin" (before "--"), so usage errors found
 * before it is parsed still answer as a plugin. */
int plugin_requested(int argc, char **argv);

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
/* Run `fcrdns audit`; argv[0] is "audit". Returns an exit code. */
int cmd_audit(int argc, char **argv);

#endif
