/* SPDX-License-Identifier: MIT */
/* classify.c: `fcrdns classify [--json] NAME [IP]` and `... -` (NAME [IP]
 * lines on stdin): what a host name says about its address, no DNS. One
 * output record per input, in input order; a bad line never stops a run. */
#include <getopt.h>
#include <string.h>

#include "cli.h"

#define LINE_BUF (1024 + 64)  /* a longest name, a longest IP, spaces */
#define ERR_INPUT_MAX 200     /* bytes of a bad line echoed back */

static const char err_addr[] = "not an IP address";
static const char err_long[] = "name longer than 1024 bytes";

static void classify_usage(FILE *out)
{
	fputs("usage: fcrdns classify [--json] NAME [IP]\n"
	      "       fcrdns classify [--json] -    (lines of NAME [IP] on stdin)\n"
	      "Say whether a host name looks generic (an address pool's automatic\n"
	      "name) or chosen, and whose provider default it is. No DNS traffic.\n"
	      "  --json   one JSON object per name: name, generic, provider, reason\n"
	      "Exit status: 0 done, 1 some stdin line was invalid, 64 usage error.\n", out);
}

/* Append one record for name as JSON or as the human block. */
static void put_class(fcrdns_buf *b, const char *name, const fcrdns_class *c, int json)
{
	if (json) {
		fcrdns_buf_puts(b, "{\"name\":");
		fcrdns_json_string(b, name, strlen(name));
		fcrdns_buf_printf(b, ",\"generic\":%s,\"provider\":", c->generic ? "true" : "false");
		if (c->provider)
			fcrdns_json_string(b, c->provider->id, strlen(c->provider->id));
		else
			fcrdns_buf_puts(b, "null");
		fcrdns_buf_puts(b, ",\"reason\":");
		fcrdns_json_string(b, c->reason, strlen(c->reason));
		fcrdns_buf_puts(b, "}\n");
		return;
	}
	fcrdns_buf_puts(b, "name:     ");
	fcrdns_text_safe(b, name, strlen(name));
	fcrdns_buf_printf(b, "\ngeneric:  %s\nprovider: %s\nreason:   ", c->generic ? "yes" : "no",
			  c->provider ? c->provider->name : "-");
	fcrdns_text_safe(b, c->reason, strlen(c->reason));
	fcrdns_buf_puts(b, "\n");
}

/* Append the record for a bad stdin line. */
static void put_error(fcrdns_buf *b, const char *input, size_t len, const char *error, int json)
{
	if (len > ERR_INPUT_MAX)
		len = ERR_INPUT_MAX;
	if (json) {
		fcrdns_buf_puts(b, "{\"input\":");
		fcrdns_json_string(b, input, len);
		fcrdns_buf_puts(b, ",\"error\":");
		fcrdns_json_string(b, error, strlen(error));
		fcrdns_buf_puts(b, "}\n");
		return;
	}
	fcrdns_buf_printf(b, "error:    %s: ", error);
	fcrdns_text_safe(b, input, len);
	fcrdns_buf_puts(b, "\n");
}

/* Write b to stdout and empty it. Returns 0, or -1 when output failed. */
static int flush_buf(fcrdns_buf *b)
{
	int bad = b->failed || (b->len > 0 && fwrite(b->data, 1, b->len, stdout) != b->len);

	fcrdns_buf_free(b);
	return bad ? -1 : 0;
}

/* Classify name with the optional ip text. Returns NULL, or an error. */
static const char *classify_one(fcrdns_buf *b, const char *name, const char *ip, int json)
{
	fcrdns_addr a;
	fcrdns_class c;

	if (ip != NULL && fcrdns_addr_parse(ip, &a) != FCRDNS_OK)
		return err_addr;
	if (fcrdns_classify(name, ip ? &a : NULL, &c) != FCRDNS_OK)
		return err_long;
	put_class(b, name, &c, json);
	return NULL;
}

/* Handle one stdin line (without its newline). Returns 1 when it was bad. */
static int classify_line(fcrdns_buf *b, char *line, size_t len, int json)
{
	static const char ws[] = " \t\r";
	char *save, *name, *ip;
	char copy[LINE_BUF];
	const char *err;

	memcpy(copy, line, len + 1);
	name = strtok_r(line, ws, &save);
	if (name == NULL)
		return 0; /* blank lines are allowed and skipped */
	ip = strtok_r(NULL, ws, &save);
	if (strtok_r(NULL, ws, &save) != NULL)
		err = "expected NAME [IP]";
	else
		err = classify_one(b, name, ip, json);
	if (err != NULL)
		put_error(b, copy, len, err, json);
	return err != NULL;
}

/* Read the rest of an over-long line. Returns 0 at EOF. */
static int skip_rest(FILE *in)
{
	int ch;

	while ((ch = getc(in)) != EOF)
		if (ch == '\n')
			return 1;
	return 0;
}

/* Classify each line of stdin in order. Returns an exit code. */
static int classify_stdin(int json)
{
	char line[LINE_BUF + 1];
	int bad = 0;

	while (fgets(line, sizeof line, stdin) != NULL) {
		fcrdns_buf b = { 0 };
		size_t len = strlen(line);

		if (len > 0 && line[len - 1] == '\n') {
			line[--len] = '\0';
			bad |= classify_line(&b, line, len, json);
		} else if (len >= LINE_BUF) {
			put_error(&b, line, len, "line too long", json);
			bad = 1;
			skip_rest(stdin);
		} else {
			bad |= classify_line(&b, line, len, json); /* last line, no newline */
		}
		if (flush_buf(&b) != 0)
			return EXIT_SOFTWARE;
	}
	if (fflush(stdout) != 0 || ferror(stdin))
		return EXIT_SOFTWARE;
	return bad ? EXIT_SOME_FAIL : EXIT_ALL_PASS;
}

int cmd_classify(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c, json = 0;

	optind = 1;
	opterr = 0; /* our own message, made terminal-safe */
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (c == 'j')
			json = 1;
		else if (c == 'h') {
			classify_usage(stdout);
			return EXIT_ALL_PASS;
		} else
			return cli_usage_error("classify", "unknown option:", argv[optind - 1]);
	}
	int n = argc - optind;
	if (n < 1 || n > 2)
		return cli_usage_error("classify", "expected NAME [IP] or -", NULL);
	if (strcmp(argv[optind], "-") == 0)
		return n == 1 ? classify_stdin(json)
			      : cli_usage_error("classify", "no IP after '-'", NULL);
	fcrdns_buf b = { 0 };
	const char *err = classify_one(&b, argv[optind], n == 2 ? argv[optind + 1] : NULL, json);
	if (err != NULL) {
		fcrdns_buf_free(&b);
		return cli_usage_error("classify", err, err == err_addr ? argv[optind + 1] : NULL);
	}
	return flush_buf(&b) == 0 && fflush(stdout) == 0 ? EXIT_ALL_PASS : EXIT_SOFTWARE;
}
