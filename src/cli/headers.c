/* SPDX-License-Identifier: MIT */
/* headers.c: `fcrdns headers [FILE|-]`: read a delivered message's header
 * section, print its Authentication-Results and Received chain (a report,
 * or one JSON object), and with --recheck check the entry hop's address
 * and HELO again now. Exit status per the contract: 0 read, 1 or 2 from
 * today's iprev, 64 usage error or unreadable input. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define TRUST_MAX 16
#define READ_CHUNK 65536

typedef struct headers_options {
	int json, recheck;
	const char *trust[TRUST_MAX];
	size_t ntrust;
	cli_dns dns;           /* --resolver --timeout --tries --psl --ranges */
	const char *path;      /* "-": standard input */
} headers_options;

enum { OPT_JSON = 256, OPT_RECHECK, OPT_TRUST, OPT_HELP };

static void headers_usage(FILE *out)
{
	fputs("usage: fcrdns headers [--json] [--recheck] [--trust AUTHSERV-ID]...\n"
	      "                      [--resolver HOST[:PORT]]... [--timeout MS] [--tries N]\n"
	      "                      [--psl FILE] [--ranges FILE] [FILE|-]\n"
	      "Read a delivered message's header section (FILE, or standard input):\n"
	      "its Authentication-Results, its Received chain and the hop that brought\n"
	      "it in (the entry hop).\n"
	      "  --json             one JSON object on one line\n"
	      "  --recheck          check the entry hop's address and HELO name now\n"
	      "  --trust ID         the entry hop is the topmost Received whose 'by' host\n"
	      "                     is ID or under it (repeatable); without: the topmost\n"
	      "                     from a public address\n"
	      "  --resolver, --timeout, --tries, --psl, --ranges: as for fcrdns check\n"
	      "Exit status: 0 read (whatever the results say); with --recheck 1 when\n"
	      "today's iprev is fail or permerror, 2 temperror; 64 usage error or\n"
	      "unreadable input.\n", out);
}

/* Parse one option c (with optarg) into o. Returns 0, -1 for --help, or
 * an exit code. */
static int headers_option(int c, headers_options *o)
{
	switch (c) {
	case OPT_JSON: o->json = 1; return 0;
	case OPT_RECHECK: o->recheck = 1; return 0;
	case OPT_TRUST:
		if (o->ntrust == TRUST_MAX)
			return cli_usage_error("headers", "at most 16 --trust options", NULL);
		if (!fcrdns_name_is_hostname(optarg))
			return cli_usage_error("headers", "invalid --trust (want a host name):", optarg);
		o->trust[o->ntrust++] = optarg;
		return 0;
	case 'h':
	case OPT_HELP: headers_usage(stdout); return -1;
	default: {
		int st = cli_dns_option("headers", &o->dns, c, optarg);
		return st == -1 ? -2 : st;
	}
	}
}

/* Parse the options and the one optional operand. Returns 0, -1 for
 * --help, or an exit code. */
static int parse_headers_options(int argc, char **argv, headers_options *o)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, OPT_JSON },
		{ "recheck", no_argument, NULL, OPT_RECHECK },
		{ "trust", required_argument, NULL, OPT_TRUST },
		CLI_DNS_LONGOPTS,
		{ "help", no_argument, NULL, OPT_HELP },
		{ NULL, 0, NULL, 0 },
	};
	int c, st;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if ((st = headers_option(c, o)) == -2)
			return cli_usage_error("headers", "unknown option or missing value:",
					       argv[optind - 1]);
		if (st != 0)
			return st;
	}
	if (argc - optind > 1)
		return cli_usage_error("headers", "more than one FILE:", argv[optind + 1]);
	o->path = optind < argc ? argv[optind] : "-";
	return 0;
}

/* Feed in to h until the header section ends or the input does. Returns
 * 0, an errno value when reading failed, or -1 when memory ran out. */
static int feed_from(FILE *in, fcrdns_headers *h)
{
	char *chunk = malloc(READ_CHUNK);
	int st = FCRDNS_OK, err = 0;

	if (chunk == NULL)
		return -1;
	while (st == FCRDNS_OK && !h->complete) {
		size_t n = fread(chunk, 1, READ_CHUNK, in);
		if (n == 0) {
			err = ferror(in) ? (errno ? errno : EIO) : 0;
			break;
		}
		st = fcrdns_headers_feed(h, chunk, n, NULL);
	}
	free(chunk);
	if (err == 0 && st == FCRDNS_OK)
		st = fcrdns_headers_finish(h);
	return err ? err : st == FCRDNS_OK ? 0 : -1;
}

/* Read the header section of the message at o->path ("-": standard input)
 * into *out; the body is never read. Returns 0 or an exit code. */
static int read_message(const headers_options *o, fcrdns_headers **out)
{
	int use_stdin = strcmp(o->path, "-") == 0;
	FILE *in = use_stdin ? stdin : fopen(o->path, "rb");
	int err = in == NULL ? errno : 0;

	if (in != NULL && fcrdns_headers_new(out) == FCRDNS_OK)
		err = feed_from(in, *out);
	else if (in != NULL)
		err = -1;
	if (in != NULL && !use_stdin)
		fclose(in);
	if (err == 0)
		return 0;
	fcrdns_headers_free(*out);
	*out = NULL;
	if (err < 0) {
		fputs("fcrdns headers: out of memory\n", stderr);
		return EXIT_SOFTWARE;
	}
	fcrdns_buf path = { 0 };
	fcrdns_text_safe(&path, o->path, strnlen(o->path, 256));
	fprintf(stderr, "fcrdns headers: cannot read '%s': %s\n", path.data ? path.data : "",
		strerror(err));
	fcrdns_buf_free(&path);
	return EXIT_USAGE;
}

static void json_bytes(fcrdns_buf *b, fcrdns_bytes w)
{
	if (w.data == NULL)
		fcrdns_buf_puts(b, "null");
	else
		fcrdns_json_string(b, w.data, w.len);
}

/* Write {"error": MESSAGE, "raw": VALUE}; a cut raw value says so. */
static void json_field_error(fcrdns_buf *b, fcrdns_field_error e, fcrdns_bytes raw, size_t raw_len)
{
	fcrdns_buf_puts(b, "{\"error\":");
	fcrdns_json_string(b, fcrdns_field_error_message(e), strlen(fcrdns_field_error_message(e)));
	fcrdns_buf_puts(b, ",\"raw\":");
	if (raw.len >= raw_len) {
		json_bytes(b, raw);
	} else {
		fcrdns_buf raw_cut = { 0 };
		fcrdns_buf_add(&raw_cut, raw.data, raw.len);
		fcrdns_buf_printf(&raw_cut, "[... cut: %zu bytes in all]", raw_len);
		fcrdns_json_string(b, raw_cut.data ? raw_cut.data : "", raw_cut.len);
		fcrdns_buf_free(&raw_cut);
	}
	fcrdns_buf_puts(b, "}");
}

static void json_result(fcrdns_buf *b, const fcrdns_ar_result *r)
{
	fcrdns_buf_puts(b, "{\"method\":");
	json_bytes(b, r->method);
	fcrdns_buf_puts(b, ",\"result\":");
	json_bytes(b, r->result);
	fcrdns_buf_puts(b, ",\"reason\":");
	json_bytes(b, r->reason);
	fcrdns_buf_puts(b, ",\"properties\":{");
	for (size_t i = 0; i < r->nproperties; i++) {
		fcrdns_buf_puts(b, i ? "," : "");
		json_bytes(b, r->properties[i].key);
		fcrdns_buf_puts(b, ":");
		json_bytes(b, r->properties[i].value);
	}
	fcrdns_buf_puts(b, "},\"comments\":[");
	for (size_t i = 0; i < r->ncomments; i++) {
		fcrdns_buf_puts(b, i ? "," : "");
		json_bytes(b, r->comments[i]);
	}
	fcrdns_buf_puts(b, "]}");
}

static void json_authres(fcrdns_buf *b, const fcrdns_authres *ar)
{
	if (ar->error != FCRDNS_FIELD_NONE) {
		json_field_error(b, ar->error, ar->raw, ar->raw_len);
		return;
	}
	fcrdns_buf_puts(b, "{\"authserv_id\":");
	json_bytes(b, ar->authserv_id);
	if (ar->version >= 0)
		fcrdns_buf_printf(b, ",\"version\":%ld", ar->version);
	else
		fcrdns_buf_puts(b, ",\"version\":null");
	fcrdns_buf_puts(b, ",\"results\":[");
	for (size_t i = 0; i < ar->nresults; i++) {
		fcrdns_buf_puts(b, i ? "," : "");
		json_result(b, &ar->results[i]);
	}
	fcrdns_buf_printf(b, "],\"none\":%s}", ar->none ? "true" : "false");
}

static void json_ip(fcrdns_buf *b, int has_ip, const char *ip)
{
	if (has_ip)
		fcrdns_buf_printf(b, "\"%s\"", ip);
	else
		fcrdns_buf_puts(b, "null");
}

static void json_received(fcrdns_buf *b, const fcrdns_received *r)
{
	if (r->error != FCRDNS_FIELD_NONE) {
		json_field_error(b, r->error, r->raw, r->raw_len);
		return;
	}
	fcrdns_buf_puts(b, "{\"from_helo\":");
	json_bytes(b, r->from_helo);
	fcrdns_buf_puts(b, ",\"from_rdns\":");
	json_bytes(b, r->from_rdns);
	fcrdns_buf_puts(b, ",\"from_ip\":");
	json_ip(b, r->has_from_ip, r->from_ip);
	const struct { const char *key; fcrdns_bytes value; } rest[] = {
		{ "by", r->by }, { "with", r->with }, { "id", r->id }, { "for", r->for_addr },
		{ "date", r->date },
	};
	for (size_t i = 0; i < sizeof rest / sizeof rest[0]; i++) {
		fcrdns_buf_printf(b, ",\"%s\":", rest[i].key);
		json_bytes(b, rest[i].value);
	}
	fcrdns_buf_puts(b, "}");
}

static void json_iprev(fcrdns_buf *b, const fcrdns_iprev_record *rec)
{
	fcrdns_buf_puts(b, "{\"authserv_id\":");
	json_bytes(b, rec->authserv_id);
	fcrdns_buf_puts(b, ",\"result\":");
	json_bytes(b, rec->result);
	fcrdns_buf_puts(b, ",\"ip\":");
	json_ip(b, rec->has_ip, rec->ip);
	fcrdns_buf_puts(b, ",\"name\":");
	json_bytes(b, rec->name);
	fcrdns_buf_puts(b, "}");
}

static void json_entry(fcrdns_buf *b, const headers_run *run)
{
	const fcrdns_received *r;

	if (run->entry < 0) {
		fcrdns_buf_puts(b, "null");
		return;
	}
	r = &run->h->received[run->entry];
	fcrdns_buf_printf(b, "{\"received_index\":%ld,\"ip\":", run->entry);
	json_ip(b, r->has_from_ip, r->from_ip);
	fcrdns_buf_puts(b, ",\"helo\":");
	json_bytes(b, r->from_helo);
	fcrdns_buf_puts(b, ",\"rdns\":");
	json_bytes(b, r->from_rdns);
	fcrdns_buf_puts(b, "}");
}

/* Write the contract's object: authentication_results, received, iprev,
 * entry, and recheck when asked. */
static void json_report(fcrdns_buf *b, const headers_run *run)
{
	const fcrdns_headers *h = run->h;

	fcrdns_buf_puts(b, "{\"authentication_results\":[");
	for (size_t i = 0; i < h->nauthres; i++) {
		fcrdns_buf_puts(b, i ? "," : "");
		json_authres(b, &h->authres[i]);
	}
	fcrdns_buf_puts(b, "],\"received\":[");
	for (size_t i = 0; i < h->nreceived; i++) {
		fcrdns_buf_puts(b, i ? "," : "");
		json_received(b, &h->received[i]);
	}
	fcrdns_buf_puts(b, "],\"iprev\":[");
	for (size_t i = 0; i < h->niprev; i++) {
		fcrdns_buf_puts(b, i ? "," : "");
		json_iprev(b, &h->iprev[i]);
	}
	fcrdns_buf_puts(b, "],\"entry\":");
	json_entry(b, run);
	if (run->rechecked) {
		fcrdns_buf_puts(b, ",\"recheck\":");
		if (run->today != NULL)
			fcrdns_result_json(b, run->today);
		else
			fcrdns_buf_puts(b, "null");
	}
	fcrdns_buf_puts(b, "}\n");
}

/* Check the entry hop's address now, with its HELO name when it has one
 * a check can take. Sets run->today, or leaves it NULL when there is no
 * entry address. Returns 0 or an exit code. */
static int recheck_entry(const headers_options *o, headers_run *run)
{
	fcrdns_options lo = { 0 };
	const fcrdns_received *r;
	fcrdns_request req = { 0 };
	fcrdns_ctx *ctx;
	int st;

	if (run->entry < 0 || !(r = &run->h->received[run->entry])->has_from_ip)
		return 0;
	req.addr = r->from_addr;
	if (r->from_helo.data != NULL && r->from_helo.len <= FCRDNS_NAME_INPUT_MAX &&
	    memchr(r->from_helo.data, '\0', r->from_helo.len) == NULL)
		req.helo = r->from_helo.data;
	if ((st = cli_dns_context("headers", &o->dns, &lo, 0, &ctx)) != 0)
		return st;
	st = fcrdns_check_request_sync(ctx, &req, 0, &run->today);
	fcrdns_ctx_free(ctx);
	if (st != FCRDNS_OK) {
		fprintf(stderr, "fcrdns headers: %s\n", fcrdns_strerror(st));
		return EXIT_SOFTWARE;
	}
	return 0;
}

static int exit_code(const headers_run *run)
{
	if (run->today == NULL || run->today->iprev == FCRDNS_IPREV_PASS)
		return EXIT_ALL_PASS;
	return run->today->iprev == FCRDNS_IPREV_TEMPERROR ? EXIT_SOME_TEMPERROR : EXIT_SOME_FAIL;
}

static int print_report(const headers_options *o, const headers_run *run)
{
	fcrdns_buf b = { 0 };
	int failed;

	if (o->json) {
		json_report(&b, run);
	} else {
		term_init(stdout);
		headers_report(&b, run);
	}
	failed = b.failed || fwrite(b.data, 1, b.len, stdout) != b.len || fflush(stdout) != 0;
	fcrdns_buf_free(&b);
	if (failed)
		fputs("fcrdns headers: could not write the report\n", stderr);
	return failed ? EXIT_SOFTWARE : 0;
}

int cmd_headers(int argc, char **argv)
{
	headers_options o = { 0 };
	headers_run run = { .entry = -1 };
	int st;

	if ((st = parse_headers_options(argc, argv, &o)) < 0)
		st = EXIT_ALL_PASS; /* --help */
	else if (st == 0 && (st = read_message(&o, &run.h)) == 0) {
		run.trust = o.trust;
		run.ntrust = o.ntrust;
		run.rechecked = o.recheck;
		run.entry = fcrdns_headers_entry(run.h, o.trust, o.ntrust);
		if (run.h->cut)
			fputs("fcrdns headers: the header section is over the limits; the fields "
			      "after the first 2000 (or 8 MiB) were not read\n", stderr);
		if ((!o.recheck || (st = recheck_entry(&o, &run)) == 0) &&
		    (st = print_report(&o, &run)) == 0)
			st = exit_code(&run);
	}
	fcrdns_result_free(run.today);
	fcrdns_headers_free(run.h);
	cli_dns_free(&o.dns);
	return st;
}
