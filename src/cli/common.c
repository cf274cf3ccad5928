/* SPDX-License-Identifier: MIT */
/* common.c: what every subcommand parses the same way: usage errors (made
 * terminal-safe), decimal numbers in a range, the --resolver list and the
 * --ranges file. */
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

int cli_add_resolver(const char *cmd, cli_resolvers *r, const char *spec)
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

int cli_load_ranges(const char *cmd, const char *path, fcrdns_ranges **out)
{
	char err[512];
	int st = fcrdns_ranges_load(path, out, err, sizeof err);

	if (st == FCRDNS_OK)
		return 0;
	if (st == FCRDNS_ENOMEM)
		snprintf(err, sizeof err, "%s: out of memory", path);
	return cli_usage_error(cmd, "invalid --ranges file:", err);
}
