/* SPDX-License-Identifier: MIT */
/* common.c: what every subcommand parses the same way: usage errors (made
 * terminal-safe), decimal numbers in a range, and the DNS options
 * (--resolver, --timeout, --tries, --psl, --ranges) with the context they
 * make. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cli_usage_error(const char *cmd, const char *what, const char *arg)
{
	fcrdns_buf safe = { 0 };

	if (arg != NULL)
		fcrdns_text_safe(&safe, arg, strnlen(arg, 100));
	fprintf(stderr, "fcrdns %s: %s%s%s%s\nTry 'fcrdns %s --help'.\n", cmd, what,
		arg ? " '" : "", safe.data ? safe.data : "", arg ? "'" : "", cmd);
	fcrdns_buf_free(&safe);
	return EXIT_USAGE;
}

int cli_parse_number(const char *s, unsigned long long min, unsigned long long max,
		     unsigned long long *out)
{
	char *end;
	unsigned long long v;

	if (!isdigit((unsigned char)s[0]))
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int cli_parse_unsigned(const char *s, unsigned min, unsigned max, unsigned *out)
{
	unsigned long long v;

	if (cli_parse_number(s, min, max, &v) != 0)
		return -1;
	*out = (unsigned)v;
	return 0;
}

/* Append one --resolver spec. Returns 0 or EXIT_USAGE (message printed). */
static int cli_add_resolver(const char *cmd, cli_resolvers *r, const char *spec)
{
	size_t used = strlen(r->list), len = strlen(spec);

	if (r->count == FCRDNS_MAX_RESOLVERS)
		return cli_usage_error(cmd, "at most 8 --resolver options", NULL);
	/* The library validates each address; commas would split one. */
	if (len == 0 || len > 60 || strchr(spec, ','))
		return cli_usage_error(cmd, "invalid resolver (want IP or IP:PORT, IPv6 as [::1]:PORT):",
				       spec);
	snprintf(r->list + used, sizeof r->list - used, "%s%s", used ? "," : "", spec);
	r->count++;
	return 0;
}

/* Load a --ranges file. Returns 0 or EXIT_USAGE (message printed). */
static int cli_load_ranges(const char *cmd, const char *path, fcrdns_ranges **out)
{
	char err[512];
	int st = fcrdns_ranges_load(path, out, err, sizeof err);

	if (st == FCRDNS_OK)
		return 0;
	if (st == FCRDNS_ENOMEM)
		snprintf(err, sizeof err, "%s: out of memory", path);
	return cli_usage_error(cmd, "invalid --ranges file:", err);
}

int cli_dns_option(const char *cmd, cli_dns *d, int c, const char *arg)
{
	switch (c) {
	case CLI_OPT_RESOLVER:
		return cli_add_resolver(cmd, &d->resolvers, arg);
	case CLI_OPT_TIMEOUT:
		if (cli_parse_unsigned(arg, 1, 600000, &d->timeout_ms) != 0)
			return cli_usage_error(cmd, "invalid --timeout (want 1 to 600000 ms):", arg);
		return 0;
	case CLI_OPT_TRIES:
		if (cli_parse_unsigned(arg, 1, 10, &d->tries) != 0)
			return cli_usage_error(cmd, "invalid --tries (want 1 to 10):", arg);
		return 0;
	case CLI_OPT_PSL:
		d->psl_file = arg;
		return 0;
	case CLI_OPT_RANGES:
		fcrdns_ranges_free(d->ranges);
		d->ranges = NULL;
		return cli_load_ranges(cmd, arg, &d->ranges);
	default:
		return -1;
	}
}

void cli_dns_apply(const cli_dns *d, fcrdns_options *o, unsigned *mask)
{
	o->timeout_ms = d->timeout_ms;
	o->tries = d->tries;
	o->resolvers = d->resolvers.list;
	o->psl_file = d->psl_file;
	o->ranges = d->ranges;
	*mask |= FCRDNS_OPT_TIMEOUT | FCRDNS_OPT_TRIES | FCRDNS_OPT_RESOLVERS |
		 FCRDNS_OPT_PSL_FILE | FCRDNS_OPT_RANGES;
}

int cli_dns_context(const char *cmd, const cli_dns *d, fcrdns_options *o, unsigned mask,
		    fcrdns_ctx **out)
{
	int st;

	cli_dns_apply(d, o, &mask);
	if ((st = fcrdns_ctx_new(out, o, mask)) == FCRDNS_OK)
		return 0;
	fprintf(stderr, "fcrdns %s: %s\n", cmd, fcrdns_strerror(st));
	return st == FCRDNS_ERESOLVER || st == FCRDNS_ETOOMANY || st == FCRDNS_EPSL ? EXIT_USAGE
										    : EXIT_SOFTWARE;
}

void cli_dns_free(cli_dns *d)
{
	fcrdns_ranges_free(d->ranges);
	d->ranges = NULL;
}
