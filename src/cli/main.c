/* SPDX-License-Identifier: MIT */
/* main.c: the fcrdns command: dispatch to a subcommand, --help, --version. */
#include <string.h>

#include "cli.h"

static void usage(FILE *out)
{
	fputs("usage: fcrdns check [options] IP...\n"
	      "       fcrdns --help | --version\n"
	      "Forward-confirmed reverse DNS (RFC 8601 iprev) checks for mail.\n"
	      "Run 'fcrdns check --help' for the options; see fcrdns(1).\n", out);
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
	if (strcmp(argv[1], "check") == 0)
		return cmd_check(argc - 1, argv + 1);
	fprintf(stderr, "fcrdns: unknown command '%.64s'\n", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
