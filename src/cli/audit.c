/* SPDX-License-Identifier: MIT */
/* audit.c: `fcrdns audit DOMAIN...`: parse options and domains (all before
 * any traffic), audit every domain concurrently on one context, write each
 * domain's JSON Lines, human report or plugin judgement in argument order
 * as soon as its turn comes, and map the domains' statuses to the exit
 * code (the first of 1, 2, 3, 0 that any domain has). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auditcli.h"
#include "html.h"

#define GIVEN_MAX 1024 /* --ip options */

typedef struct audit_cli {
	int json, plugin;
	const char *html;    /* --html FILE */
	int argc;            /* the command line, for the report */
	char **argv;
	cli_dns dns;
	audit_options o;
	fcrdns_addr given[GIVEN_MAX];
	char helo[SMTP_HELO_NAME_MAX + 1];
	char authserv_id[FCRDNS_AUTHSERV_ID_MAX + 1];
} audit_cli;

/* One domain's place in the output. */
typedef struct domain_slot {
	struct audit_run *run;
	audit_domain *d;
	fcrdns_buf out;   /* written, not yet printed */
	int done;
} domain_slot;

typedef struct audit_run {
	const audit_cli *cli;
	domain_slot *slots;
	size_t count, next;  /* next: the slot whose output goes out now */
	int print_failed;
	int html_failed;     /* the report could not be written */
} audit_run;

static void audit_usage(FILE *out)
{
	fputs("usage: fcrdns audit [--json | --plugin] [--ip IP]... [--no-smtp] [--smtp-port N]\n"
	      "                    [--smtp-timeout MS] [--helo-name NAME] [--sample N]\n"
	      "                    [--max-addresses N] [--include-providers]\n"
	      "                    [--resolver H[:P]]... [--timeout MS] [--tries N]\n"
	      "                    [--authserv-id ID] [--psl FILE] [--ranges FILE]\n"
	      "                    [--html FILE] DOMAIN...\n"
	      "Find every address DOMAIN sends mail from (its SPF record) and receives mail\n"
	      "on (its MX hosts), check the reverse DNS of each, and compare each mail\n"
	      "server's greeting and EHLO name with its PTR.\n"
	      "  --json               JSON Lines: spf, mx, source, ip and summary records\n"
	      "  --plugin             Monitoring Plugins output; exit 0 OK, 1 WARNING,\n"
	      "                       2 CRITICAL, 3 UNKNOWN\n"
	      "  --ip IP              an outbound address DNS does not reveal (repeatable)\n"
	      "  --no-smtp            connect to no mail server\n"
	      "  --smtp-port N        port of the mail servers (default 25)\n"
	      "  --smtp-timeout MS    bound on the connect and each reply (default 10000)\n"
	      "  --helo-name NAME     the name sent with EHLO (default: this host's name)\n"
	      "  --sample N           addresses checked per block over 16 (default 4)\n"
	      "  --max-addresses N    checks per domain (default 1024)\n"
	      "  --include-providers  check and probe your providers' addresses too\n"
	      "  --authserv-id ID     authserv-id of the report's Authentication-Results\n"
	      "  --html FILE          also write a report page of every domain to FILE\n"
	      CLI_DNS_USAGE
	      "Exit status: 1 an own address fails or SPF is permerror, 2 a temperror,\n"
	      "3 nothing to audit, 0 otherwise; 64 usage error.\n", out);
}

enum {
	OPT_JSON = 256, OPT_PLUGIN, OPT_HELP, OPT_IP, OPT_NO_SMTP, OPT_SMTP_PORT, OPT_SMTP_TIMEOUT,
	OPT_HELO_NAME, OPT_SAMPLE, OPT_MAX_ADDRESSES, OPT_INCLUDE_PROVIDERS, OPT_AUTHSERV_ID,
	OPT_HTML,
};

/* Return 1 when name may be sent as our EHLO name: a host name, or an
 * address literal. */
static int helo_name_valid(const char *name)
{
	size_t len = strnlen(name, SMTP_HELO_NAME_MAX + 1);
	char inner[SMTP_HELO_NAME_MAX + 1];
	fcrdns_addr a;

	if (len > SMTP_HELO_NAME_MAX)
		return 0;
	if (len < 3 || name[0] != '[' || name[len - 1] != ']')
		return fcrdns_name_is_hostname(name);
	memcpy(inner, name + 1, len - 2);
	inner[len - 2] = '\0';
	if (strncasecmp(inner, "IPv6:", 5) == 0)
		return strchr(inner + 5, ':') && fcrdns_addr_parse(inner + 5, &a) == FCRDNS_OK;
	return strchr(inner, ':') == NULL && fcrdns_addr_parse(inner, &a) == FCRDNS_OK;
}

/* Apply one numeric option. Returns 0, EXIT_USAGE (message printed), or
 * -1 when opt is not one. */
static int audit_number_option(audit_cli *c, int opt, const char *arg)
{
	unsigned v;

	switch (opt) {
	case OPT_SMTP_PORT:
		if (cli_parse_unsigned(arg, 1, 65535, &v) != 0)
			return cli_usage_error("audit", "invalid --smtp-port (want 1 to 65535):", arg);
		c->o.smtp_port = (uint16_t)v;
		return 0;
	case OPT_SMTP_TIMEOUT:
		if (cli_parse_unsigned(arg, 1, 600000, &c->o.smtp_timeout_ms) != 0)
			return cli_usage_error("audit", "invalid --smtp-timeout (want 1 to 600000 ms):", arg);
		return 0;
	case OPT_SAMPLE:
		if (cli_parse_unsigned(arg, 1, AUDIT_SAMPLE_MAX, &c->o.sample) != 0)
			return cli_usage_error("audit", "invalid --sample (want 1 to 256):", arg);
		return 0;
	case OPT_MAX_ADDRESSES:
		if (cli_parse_unsigned(arg, 1, AUDIT_MAX_ADDRESSES_MAX, &v) != 0)
			return cli_usage_error("audit", "invalid --max-addresses (want 1 to 100000):", arg);
		c->o.max_addresses = v;
		return 0;
	default:
		return -1;
	}
}

/* Apply one audit option (not a DNS one). Returns 0, -1 for --help,
 * EXIT_USAGE (message printed), or EXIT_USAGE + 1 when opt is not one. */
static int audit_option(audit_cli *c, int opt, const char *arg)
{
	int st = audit_number_option(c, opt, arg);

	if (st >= 0)
		return st;
	switch (opt) {
	case OPT_JSON: c->json = 1; return 0;
	case OPT_PLUGIN: c->plugin = 1; return 0;
	case OPT_NO_SMTP: c->o.no_smtp = 1; return 0;
	case OPT_INCLUDE_PROVIDERS: c->o.include_providers = 1; return 0;
	case OPT_HTML: c->html = arg; return 0;
	case OPT_IP:
		if (c->o.ngiven == GIVEN_MAX)
			return cli_usage_error("audit", "at most 1024 --ip options", NULL);
		if (fcrdns_addr_parse(arg, &c->given[c->o.ngiven]) != FCRDNS_OK)
			return cli_usage_error("audit", "invalid --ip (want one IP address):", arg);
		c->o.ngiven++;
		return 0;
	case OPT_HELO_NAME:
		if (!helo_name_valid(arg))
			return cli_usage_error("audit", "invalid --helo-name (want a host name or an"
					       " address literal):", arg);
		snprintf(c->helo, sizeof c->helo, "%s", arg);
		return 0;
	case OPT_AUTHSERV_ID:
		if (!fcrdns_authserv_id_valid(arg))
			return cli_usage_error("audit", "invalid --authserv-id (want a host name):", arg);
		snprintf(c->authserv_id, sizeof c->authserv_id, "%s", arg);
		return 0;
	case 'h':
	case OPT_HELP:
		audit_usage(stdout);
		return -1;
	default:
		return EXIT_USAGE + 1; /* not an option of ours */
	}
}

/* Parse the options into c; on return *first indexes the domains.
 * Returns 0, -1 when --help was printed, or an exit code. */
static int parse_audit_options(int argc, char **argv, audit_cli *c, int *first)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, OPT_JSON },
		{ "plugin", no_argument, NULL, OPT_PLUGIN },
		{ "help", no_argument, NULL, OPT_HELP },
		{ "ip", required_argument, NULL, OPT_IP },
		{ "no-smtp", no_argument, NULL, OPT_NO_SMTP },
		{ "smtp-port", required_argument, NULL, OPT_SMTP_PORT },
		{ "smtp-timeout", required_argument, NULL, OPT_SMTP_TIMEOUT },
		{ "helo-name", required_argument, NULL, OPT_HELO_NAME },
		{ "sample", required_argument, NULL, OPT_SAMPLE },
		{ "max-addresses", required_argument, NULL, OPT_MAX_ADDRESSES },
		{ "include-providers", no_argument, NULL, OPT_INCLUDE_PROVIDERS },
		{ "authserv-id", required_argument, NULL, OPT_AUTHSERV_ID },
		{ "html", required_argument, NULL, OPT_HTML },
		CLI_DNS_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	int opt, st;

	opterr = 0;
	optind = 1;
	/* GNU getopt permutes argv: options may also follow the domains. */
	while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if ((st = cli_dns_option("audit", &c->dns, opt, optarg)) >= 0) {
			if (st != 0)
				return st;
			continue;
		}
		if ((st = audit_option(c, opt, optarg)) == EXIT_USAGE + 1)
			return cli_usage_error("audit", "unknown option or missing value:",
					       argv[optind - 1]);
		if (st != 0)
			return st;
	}
	*first = optind;
	return 0;
}

/* Check every domain before any traffic. Returns 0 or EXIT_USAGE. */
static int check_domains(int count, char **names)
{
	if (count == 0)
		return cli_usage_error("audit", "no domain given", NULL);
	for (int i = 0; i < count; i++)
		if (!audit_domain_valid(names[i]))
			return cli_usage_error("audit", "not a domain name:", names[i]);
	return 0;
}

/* Fill in what was not given: this host's name for EHLO and the
 * authserv-id, and the option defaults. */
static void apply_defaults(audit_cli *c)
{
	char host[256];

	if (gethostname(host, sizeof host) != 0 || !fcrdns_name_is_hostname(host))
		snprintf(host, sizeof host, "localhost");
	host[sizeof host - 1] = '\0';
	if (c->helo[0] == '\0')
		snprintf(c->helo, sizeof c->helo, "%s", host);
	if (c->authserv_id[0] == '\0')
		snprintf(c->authserv_id, sizeof c->authserv_id, "%s",
			 fcrdns_authserv_id_valid(host) ? host : "localhost");
	if (c->o.sample == 0)
		c->o.sample = SPF_SAMPLE_DEFAULT;
	if (c->o.max_addresses == 0)
		c->o.max_addresses = AUDIT_MAX_ADDRESSES;
	if (c->o.smtp_port == 0)
		c->o.smtp_port = 25;
	if (c->o.smtp_timeout_ms == 0)
		c->o.smtp_timeout_ms = AUDIT_SMTP_TIMEOUT_MS;
	c->o.helo_name = c->helo;
	c->o.given = c->given;
}

/* ---- Output in argument order -------------------------------------------------- */

/* Print what is ready: the current domain's output, and the next
 * domains' once each before them is done. */
static void flush_in_order(audit_run *run)
{
	while (run->next < run->count) {
		domain_slot *s = &run->slots[run->next];
		if (s->out.failed || fwrite(s->out.data ? s->out.data : "", 1, s->out.len, stdout) !=
		    s->out.len)
			run->print_failed = 1;
		s->out.len = 0;
		if (!s->done)
			break;
		fcrdns_buf_free(&s->out);
		run->next++;
	}
	fflush(stdout);
}

static void on_event(void *arg, int event, audit_domain *d, audit_address *a)
{
	domain_slot *s = arg;
	const audit_cli *c = s->run->cli;

	s->d = d;
	if (event == AUDIT_EVENT_DONE)
		s->done = 1;
	if (c->plugin)
		return; /* judged at the end, in order */
	if (c->json && event == AUDIT_EVENT_FOUND)
		audit_json_found(&s->out, d);
	else if (c->json && event == AUDIT_EVENT_ADDRESS && a->result)
		audit_json_address(&s->out, d, a);
	else if (c->json && event == AUDIT_EVENT_DONE)
		audit_json_summary(&s->out, d);
	else if (!c->json && event == AUDIT_EVENT_DONE) {
		if (s != s->run->slots)
			fcrdns_buf_puts(&s->out, "\n");
		audit_report(&s->out, d, c->authserv_id);
	}
	flush_in_order(s->run);
}

/* Return the exit code of the run: each domain's status combined, or a
 * software error when one could not be finished or printed. */
static int run_status(const audit_run *run, audit_session *session)
{
	int st = -1;

	if (run->print_failed || audit_session_failed(session)) {
		fputs("fcrdns audit: could not finish every domain\n", stderr);
		return EXIT_SOFTWARE;
	}
	for (size_t i = 0; i < run->count; i++) {
		if (!run->slots[i].done)
			return EXIT_SOFTWARE;
		st = audit_exit_combine(st, run->slots[i].d->summary.exit_status);
	}
	return st;
}

/* Judge every domain as a plugin, in order, and print; a report that
 * could not be written makes it UNKNOWN. */
static int plugin_status(const audit_run *run, int64_t started_ms)
{
	plugin_report p = { 0 };
	fcrdns_buf ok = { 0 };
	int rc;

	for (size_t i = 0; i < run->count; i++)
		audit_plugin_add(&p, run->slots[i].d);
	if (run->html_failed)
		plugin_add(&p, "HTML report", PLUGIN_UNKNOWN, "could not be written", "");
	fcrdns_buf_printf(&ok, "%zu domain%s OK, %zu subjects checked", run->count,
			  run->count == 1 ? "" : "s", p.total);
	p.ok_text = ok.data;
	rc = plugin_finish(&p, (fcrdns_now_ms() - started_ms) / 1000.0, stdout);
	fcrdns_buf_free(&ok);
	return rc;
}

/* Write the report of the run: every domain that finished, in argument
 * order (names: the domains as given). Returns 0, or -1 (message
 * printed). */
static int write_html(const audit_run *run, html_out *html, char **names)
{
	const audit_domain **domains = calloc(run->count, sizeof *domains);
	int rc;

	if (domains == NULL) {
		html_finish(html);
		return -1;
	}
	for (size_t i = 0; i < run->count; i++)
		domains[i] = run->slots[i].done ? run->slots[i].d : NULL;
	rc = html_audit_finish(html, domains, names, run->count, run->cli->authserv_id);
	free(domains);
	return rc;
}

/* Start auditing every domain on session. Returns 0 or EXIT_SOFTWARE. */
static int start_domains(audit_run *run, audit_session *session, char **names)
{
	for (size_t i = 0; i < run->count; i++) {
		run->slots[i].run = run;
		if (audit_start(session, names[i], on_event, &run->slots[i]) != FCRDNS_OK)
			return EXIT_SOFTWARE;
	}
	return 0;
}

/* Audit the domains; with --html, the report file is opened before any
 * traffic and written at the end. Returns an exit code. */
static int run_audit(const audit_cli *c, int count, char **names)
{
	audit_run run = { .cli = c, .count = (size_t)count };
	fcrdns_options lo = { 0 };
	audit_session *session = NULL;
	fcrdns_ctx *ctx = NULL;
	html_out html, *report = NULL;
	int64_t started = fcrdns_now_ms();
	int st;

	if ((run.slots = calloc(run.count, sizeof *run.slots)) == NULL)
		return EXIT_SOFTWARE;
	if ((st = cli_dns_context("audit", &c->dns, &lo, 0, &ctx)) == 0 && c->html &&
	    html_open(report = &html, "audit", c->html, c->argc, c->argv) != 0)
		st = EXIT_USAGE;
	if (st != 0) {
		fcrdns_ctx_free(ctx);
		free(run.slots);
		return st;
	}
	st = audit_session_new(&session, ctx, &c->o) == FCRDNS_OK ? 0 : EXIT_SOFTWARE;
	if (st == 0 && (st = start_domains(&run, session, names)) == 0 &&
	    fcrdns_run(ctx) != FCRDNS_OK)
		fputs("fcrdns audit: the event loop failed\n", stderr);
	fcrdns_ctx_free(ctx);
	if (st == 0)
		st = run_status(&run, session);
	/* The report is written whatever happened: what ran is in it. */
	if (report && write_html(&run, report, names) != 0) {
		run.html_failed = 1;
		if (!c->plugin)
			st = EXIT_SOFTWARE;
	}
	if (c->plugin)
		st = st == EXIT_SOFTWARE ? PLUGIN_UNKNOWN : plugin_status(&run, started);
	for (size_t i = 0; i < run.count; i++)
		fcrdns_buf_free(&run.slots[i].out);
	audit_session_free(session);
	free(run.slots);
	return st;
}

int cmd_audit(int argc, char **argv)
{
	audit_cli *c = calloc(1, sizeof *c);
	int first = 0, st;

	if (c == NULL)
		return EXIT_SOFTWARE;
	c->argc = argc;
	c->argv = argv;
	if ((st = parse_audit_options(argc, argv, c, &first)) == 0 && c->plugin && c->json)
		st = cli_usage_error("audit", "--json and --plugin exclude each other", NULL);
	if (st == 0 && (st = check_domains(argc - first, argv + first)) == 0) {
		apply_defaults(c);
		term_init(stdout);
		st = run_audit(c, argc - first, argv + first);
	} else if (st < 0) {
		st = EXIT_ALL_PASS; /* --help */
	}
	if (plugin_requested(argc, argv) && st == EXIT_USAGE)
		st = plugin_usage_error(stdout, "audit");
	cli_dns_free(&c->dns);
	free(c);
	return st;
}
