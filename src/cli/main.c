/* SPDX-License-Identifier: MIT */
/* main.c: the fcrdns command: dispatch to a subcommand, --help, --version. */
#include <string.h>

#include "cli.h"

/* The subcommands: one row each. */
static const struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *synopsis;
} commands[] = {
	{ "check", cmd_check, "fcrdns check [options] IP...           audit reverse DNS of addresses" },
	{ "bulk", cmd_bulk, "fcrdns bulk [options] [-i FILE]        many IPs, CIDR blocks or mail logs" },
	{ "classify", cmd_classify, "fcrdns classify [--json] NAME [IP] | -  generic, provider, reason" },
	{ "headers", cmd_headers, "fcrdns headers [options] [FILE|-]       a message's A-R, Received, entry hop" },
	{ "audit", cmd_audit, "fcrdns audit [options] DOMAIN...       every SPF sender and MX host of a domain" },
};

static void usage(FILE *out)
{
	fputs("usage:\n", out);
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(out, "  %s\n", commands[i].synopsis);
	fputs("  fcrdns --help | --version\n"
	      "Forward-confirmed reverse DNS (RFC 8601 iprev) checks for mail.\n"
	      "Run 'fcrdns COMMAND --help' for the options; see fcrdns(1).\n", out);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return EXIT_ALL_PASS;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		printf("fcrdns %s (c-ares)\n", fcrdns_version());
		return EXIT_ALL_PASS;
	}
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "fcrdns: unknown command '%.64s'\n", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
