/* SPDX-License-Identifier: MIT */
/* check.c: `fcrdns check IP...`: parse options and operands (all before any
 * DNS traffic), check every address concurrently, print in argument order
 * as soon as each prefix is complete, and map verdicts to the exit code. */
#include <ctype.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "html.h"


typedef struct check_options {
	int json;
	int plugin;          /* --plugin: Monitoring Plugins output */
	cli_dns dns;
	char authserv_id[FCRDNS_AUTHSERV_ID_MAX + 1];
	const char *helo;    /* --helo, applies to every IP */
	const char *expect;  /* --expect */
	const char *html;    /* --html FILE */
	int argc;            /* the command line, for the report */
	char **argv;
} check_options;

typedef struct check_run {
	const check_options *opts;
	fcrdns_result **results; /* by operand index, until printed */
	size_t count;
	size_t next_to_print;
	int saw_fail, saw_temperror, print_failed;
	plugin_report plugin;    /* with --plugin */
	int64_t started_ms;
	html_check *html;        /* with --html: the report being gathered */
} check_run;

static void check_usage(FILE *out)
{
	fputs("usage: fcrdns check [--json | --plugin] [--resolver HOST[:PORT]]... [--timeout MS]\n"
	      "                    [--tries N] [--authserv-id ID] [--helo NAME]\n"
	      "                    [--expect NAME] [--psl FILE] [--ranges FILE]\n"
	      "                    [--html FILE] IP...\n"
	      "Check forward-confirmed reverse DNS (RFC 8601 iprev) for each IP.\n"
	      "  --json             one JSON object per line, in argument order\n"
	      "  --plugin           Monitoring Plugins output: one status line with\n"
	      "                     performance data, one line per address; exit\n"
	      "                     0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN\n"
	      "  --authserv-id ID   authserv-id of the Authentication-Results line\n"
	      "                     (default: this host's name)\n"
	      "  --helo NAME        judge this HELO/EHLO name against each IP\n"
	      "  --expect NAME      the PTR name each IP should have\n"
	      "  --html FILE        also write a report page to FILE\n"
	      CLI_DNS_USAGE
	      "Exit status: 0 all pass, 1 some fail or permerror, 2 some temperror,\n"
	      "64 usage error (with --plugin: the plugin states above).\n", out);
}

static void default_authserv_id(char *buf, size_t len)
{
	if (gethostname(buf, len) != 0 || !fcrdns_authserv_id_valid(buf))
		snprintf(buf, len, "localhost");
	buf[len - 1] = '\0';
}

enum {
	OPT_AUTHSERV_ID = 256, OPT_JSON, OPT_HELP, OPT_HELO, OPT_EXPECT, OPT_PLUGIN, OPT_HTML,
};


/* Parse options into o; on return *first_operand indexes the operands.
 * Returns 0, -1 when --help was printed, or an exit code. */
static int parse_check_options(int argc, char **argv, check_options *o, int *first_operand)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, OPT_JSON },
		{ "plugin", no_argument, NULL, OPT_PLUGIN },
		{ "authserv-id", required_argument, NULL, OPT_AUTHSERV_ID },
		{ "help", no_argument, NULL, OPT_HELP },
		{ "helo", required_argument, NULL, OPT_HELO },
		{ "expect", required_argument, NULL, OPT_EXPECT },
		{ "html", required_argument, NULL, OPT_HTML },
		CLI_DNS_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	int c, st;

	opterr = 0;
	optind = 1;
	/* GNU getopt permutes argv, so options may also follow the IPs. */
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if ((st = cli_dns_option("check", &o->dns, c, optarg)) >= 0) {
			if (st != 0)
				return st;
			continue;
		}
		switch (c) {
		case OPT_JSON: o->json = 1; break;
		case OPT_PLUGIN: o->plugin = 1; break;
		case OPT_HTML: o->html = optarg; break;
		case OPT_AUTHSERV_ID:
			if (!fcrdns_authserv_id_valid(optarg))
				return cli_usage_error("check", "invalid --authserv-id (want a host name):", optarg);
			snprintf(o->authserv_id, sizeof o->authserv_id, "%s", optarg);
			break;
		case OPT_HELO:
			if (strnlen(optarg, FCRDNS_NAME_INPUT_MAX + 1) > FCRDNS_NAME_INPUT_MAX)
				return cli_usage_error("check", "--helo name too long", NULL);
			o->helo = optarg; /* judged as given, even if malformed */
			break;
		case OPT_EXPECT:
			if (!fcrdns_name_is_hostname(optarg))
				return cli_usage_error("check", "invalid --expect (want a host name):", optarg);
			o->expect = optarg;
			break;
		case 'h':
		case OPT_HELP: check_usage(stdout); return -1;
		default:
			return cli_usage_error("check", "unknown option or missing value:", argv[optind - 1]);
		}
	}
	*first_operand = optind;
	return 0;
}

/* Parse every operand before any DNS traffic: one bad operand is a usage
 * error, reported on stderr with nothing on stdout. */
static int parse_operands(int count, char **args, fcrdns_addr *addrs)
{
	int bad = 0;

	for (int i = 0; i < count; i++) {
		if (fcrdns_addr_parse(args[i], &addrs[i]) == FCRDNS_OK)
			continue;
		fcrdns_buf safe = { 0 };
		fcrdns_text_safe(&safe, args[i], strnlen(args[i], 100));
		fprintf(stderr, "fcrdns check: '%s' is not an IP address\n",
			safe.data ? safe.data : "");
		fcrdns_buf_free(&safe);
		bad = 1;
	}
	if (bad)
		fputs("Try 'fcrdns check --help'.\n", stderr);
	return bad ? EXIT_USAGE : 0;
}

static void print_result(check_run *run, const fcrdns_result *r)
{
	fcrdns_buf b = { 0 };

	if (r->iprev == FCRDNS_IPREV_TEMPERROR)
		run->saw_temperror = 1;
	else if (r->iprev != FCRDNS_IPREV_PASS)
		run->saw_fail = 1;
	if (run->html)
		html_check_add(run->html, r, run->opts->authserv_id);
	if (run->opts->plugin) {
		plugin_add_result(&run->plugin, r);
		return;
	}
	if (run->opts->json) {
		fcrdns_result_json(&b, r);
		fcrdns_buf_puts(&b, "\n");
	} else {
		if (run->next_to_print > 0)
			fcrdns_buf_puts(&b, "\n");
		report_result(&b, r, run->opts->authserv_id);
	}
	if (b.failed || fwrite(b.data, 1, b.len, stdout) != b.len)
		run->print_failed = 1;
	fcrdns_buf_free(&b);
}

/* Print every finished result whose predecessors are all printed. */
static void flush_in_order(check_run *run)
{
	while (run->next_to_print < run->count && run->results[run->next_to_print]) {
		fcrdns_result *r = run->results[run->next_to_print];
		print_result(run, r);
		fcrdns_result_free(r);
		run->results[run->next_to_print++] = NULL;
	}
	fflush(stdout);
}

typedef struct operand_slot {
	check_run *run;
	size_t index;
} operand_slot;

static void on_result(void *arg, int status, const fcrdns_result *r)
{
	operand_slot *slot = arg;
	check_run *run = slot->run;

	if (status != FCRDNS_OK || (run->results[slot->index] = fcrdns_result_dup(r)) == NULL) {
		run->print_failed = 1;
		return;
	}
	flush_in_order(run);
}

static int exit_code(check_run *run)
{
	if (run->opts->plugin)
		return run->print_failed || run->next_to_print < run->count
			       ? PLUGIN_UNKNOWN
			       : plugin_finish(&run->plugin, (fcrdns_now_ms() - run->started_ms) / 1000.0,
					       stdout);
	if (run->print_failed || run->next_to_print < run->count)
		return EXIT_SOFTWARE;
	if (run->saw_fail)
		return EXIT_SOME_FAIL;
	return run->saw_temperror ? EXIT_SOME_TEMPERROR : EXIT_ALL_PASS;
}

static int run_checks(const check_options *o, const fcrdns_addr *addrs, size_t count)
{
	fcrdns_options lo = { 0 };
	check_run run = { .opts = o, .count = count, .started_ms = fcrdns_now_ms() };
	html_check report;
	operand_slot *slots = calloc(count, sizeof *slots);
	fcrdns_ctx *ctx = NULL;
	int st;

	run.results = calloc(count, sizeof *run.results);
	if (slots == NULL || run.results == NULL) {
		fputs("fcrdns check: out of memory\n", stderr);
		free(slots);
		free(run.results);
		return EXIT_SOFTWARE;
	}
	if ((st = cli_dns_context("check", &o->dns, &lo, 0, &ctx)) == 0 && o->html &&
	    html_check_open(run.html = &report, o->html, o->argc, o->argv) != 0)
		st = EXIT_USAGE;
	if (st != 0) {
		fcrdns_ctx_free(ctx);
		free(slots);
		free(run.results);
		return st;
	}
	for (size_t i = 0; i < count; i++) {
		fcrdns_request req = { .addr = addrs[i], .helo = o->helo, .expect = o->expect };
		slots[i] = (operand_slot){ &run, i };
		if (fcrdns_check_start(ctx, &req, on_result, &slots[i]) != FCRDNS_OK)
			run.print_failed = 1;
	}
	if ((st = fcrdns_run(ctx)) != FCRDNS_OK)
		fprintf(stderr, "fcrdns check: %s\n", fcrdns_strerror(st));
	fcrdns_ctx_free(ctx);
	if (run.html && html_check_finish(run.html) != 0)
		run.print_failed = 1;
	for (size_t i = 0; i < count; i++)
		fcrdns_result_free(run.results[i]);
	free(run.results);
	free(slots);
	if (run.print_failed)
		fputs("fcrdns check: could not report every address\n", stderr);
	return exit_code(&run);
}

/* Check the operands argv[first..] with the parsed options. Returns an
 * exit code. */
static int check_operands(check_options *o, int count, char **operands)
{
	fcrdns_addr *addrs;
	int st;

	if (count == 0)
		return cli_usage_error("check", "no IP address given", NULL);
	if (o->authserv_id[0] == '\0')
		default_authserv_id(o->authserv_id, sizeof o->authserv_id);
	if ((addrs = calloc((size_t)count, sizeof *addrs)) == NULL)
		return EXIT_SOFTWARE;
	if ((st = parse_operands(count, operands, addrs)) == 0) {
		term_init(stdout);
		st = run_checks(o, addrs, (size_t)count);
	}
	free(addrs);
	return st;
}

int cmd_check(int argc, char **argv)
{
	check_options o = { .argc = argc, .argv = argv };
	int first = 0, st;

	if ((st = parse_check_options(argc, argv, &o, &first)) == 0 && o.plugin && o.json)
		st = cli_usage_error("check", "--json and --plugin exclude each other", NULL);
	if (st == 0)
		st = check_operands(&o, argc - first, argv + first);
	else if (st < 0)
		st = EXIT_ALL_PASS; /* --help */
	/* A plugin answers every failure of its own as UNKNOWN. */
	if (plugin_requested(argc, argv) && st == EXIT_USAGE)
		st = plugin_usage_error(stdout, "check");
	else if (plugin_requested(argc, argv) && st == EXIT_SOFTWARE)
		st = PLUGIN_UNKNOWN;
	cli_dns_free(&o.dns);
	return st;
}
