/* SPDX-License-Identifier: MIT */
/* bulk.c: `fcrdns bulk`: stream IPs, CIDR blocks or mail log lines from
 * stdin or a file, keep a bounded number of checks in flight, print one
 * JSON (or CSV) record per address as soon as it is decided, and report
 * progress and a summary on stderr. Memory follows concurrency, not input. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "html.h"

#define BULK_READ_SIZE 65536
#define BULK_ERROR_INPUT_MAX 256     /* bytes of a bad line echoed back */
/* By default the engine finds the resolver's capacity itself (adaptive
 * pacing, lib/dns/pacing.c) and bulk keeps about as many checks in flight
 * as the engine lets queries out (each check has about one query on the
 * wire at a time), never more than --max-concurrency. --concurrency N
 * fixes it instead. */
#define BULK_DEFAULT_MAX_CONCURRENCY 4096
#define BULK_MAX_CONCURRENCY 16384
#define BULK_PROGRESS_MS 250         /* at most 4 redraws a second */
#define BULK_FLUSH_MS 100            /* output waits at most this long */
#define BULK_TOP 5
#define BULK_PROVIDERS 32

typedef struct bulk_options {
	const char *input; /* NULL: stdin */
	int from_log, csv, json, quiet, dry_run;
	unsigned concurrency;      /* fixed by --concurrency; 0: adaptive */
	unsigned max_concurrency;  /* the adaptive ceiling */
	unsigned rate, cache;
	const char *html;          /* --html FILE */
	int argc;                  /* the command line, for the report */
	char **argv;
	int cache_set;
	unsigned long long max_expand;
	cli_dns dns;
} bulk_options;

/* Reads lines of at most FCRDNS_INPUT_LINE_MAX bytes from fd; a longer
 * line comes back as its prefix, flagged, and its rest is skipped. */
typedef struct line_reader {
	int fd;
	char buf[BULK_READ_SIZE];
	size_t start, end;
	int eof, skipping;
	unsigned long long consumed; /* bytes handed out as lines */
	long long size;              /* of a regular file, else -1 */
} line_reader;

typedef struct slowest {
	unsigned ms;
	char ip[FCRDNS_IPSTR_MAX];
} slowest;

typedef struct provider_count {
	const char *id;
	unsigned long long n;
} provider_count;

/* What the summary reports beyond the library's tally of checks. */
typedef struct bulk_stats {
	fcrdns_tally *tally;          /* verdicts, problems, generic names */
	unsigned long long errors, done;
	provider_count providers[BULK_PROVIDERS];
	unsigned long long other_providers;
	slowest top[BULK_TOP];
} bulk_stats;

typedef struct bulk_run {
	const bulk_options *o;
	fcrdns_ctx *ctx;
	line_reader rd;
	fcrdns_range range;  /* the block being expanded */
	fcrdns_seen *seen;   /* --from-log de-duplication */
	int input_done, write_failed, read_failed;
	fcrdns_buf rec;      /* one output record, reused */
	bulk_stats st;
	long long t0_ms;
	long long last_progress_ms;
	int progress;        /* a progress line is on screen */
	fcrdns_io *input_watch; /* on a pipe or terminal while input may come */
	fcrdns_timer *ticker;   /* flushes output, redraws progress */
	int status;             /* of the loop: FCRDNS_ESYS ends the run */
	html_bulk *html;        /* --html: the report being gathered */
} bulk_run;

static void bulk_usage(FILE *out)
{
	fputs("usage: fcrdns bulk [-i FILE] [--from-log] [--json | --csv] [--dry-run]\n"
	      "                   [--concurrency N | --max-concurrency N]\n"
	      "                   [--max-expand N] [--rate QPS] [--cache N] [--quiet]\n"
	      "                   [--resolver HOST[:PORT]]... [--timeout MS] [--tries N]\n"
	      "                   [--psl FILE] [--ranges FILE] [--html FILE]\n"
	      "Check every IP read from stdin (or FILE): one per line, or a CIDR block;\n"
	      "blank lines and '#' comments are skipped. One JSON object per address.\n"
	      "  -i, --input FILE   read FILE instead of stdin\n"
	      "  --from-log         read mail logs (Postfix, Exim, Sendmail, Courier; see\n"
	      "                     fcrdns(1)): check each SMTP client once\n"
	      "  --json             JSON lines (the default)\n"
	      "  --csv              CSV with a header row instead of JSON lines\n"
	      "  --dry-run          print the addresses that would be checked, one per\n"
	      "                     line, and make no DNS query\n"
	      "  --concurrency N    fix the checks in flight at N (default: adaptive,\n"
	      "                     growing while answers come faster, backing off\n"
	      "                     when the resolver drops queries)\n"
	      "  --max-concurrency N  the adaptive ceiling (default 4096)\n"
	      "  --max-expand N     largest CIDR block expanded (default 65536)\n"
	      "  --rate QPS         at most QPS queries a second (default: no cap)\n"
	      "  --cache N          DNS answers cached (default 65536; 0: none)\n"
	      "  --quiet            no progress line, no summary\n"
	      "  --html FILE        also write a report page to FILE (grids per /24)\n"
	      CLI_DNS_USAGE
	      "Exit status: 0 all pass, 1 some fail, permerror or bad line,\n"
	      "2 some temperror (and nothing worse), 64 usage error.\n", out);
}

enum {
	OPT_FROM_LOG = 256, OPT_CSV, OPT_CONCURRENCY, OPT_MAX_EXPAND, OPT_RATE, OPT_CACHE,
	OPT_QUIET, OPT_HELP, OPT_MAX_CONCURRENCY, OPT_JSON, OPT_DRY_RUN, OPT_HTML,
};

/* Apply one numeric option. Returns 0 or an exit code. */
static int numeric_option(bulk_options *o, int c, const char *arg)
{
	switch (c) {
	case OPT_CONCURRENCY:
		if (cli_parse_unsigned(arg, 1, BULK_MAX_CONCURRENCY, &o->concurrency) != 0)
			return cli_usage_error("bulk", "invalid --concurrency (want 1 to 16384):", arg);
		return 0;
	case OPT_MAX_CONCURRENCY:
		if (cli_parse_unsigned(arg, 1, BULK_MAX_CONCURRENCY, &o->max_concurrency) != 0)
			return cli_usage_error("bulk", "invalid --max-concurrency (want 1 to 16384):", arg);
		return 0;
	case OPT_MAX_EXPAND:
		if (cli_parse_number(arg, 1, 1ull << 32, &o->max_expand) != 0)
			return cli_usage_error("bulk", "invalid --max-expand (want 1 to 4294967296):", arg);
		return 0;
	case OPT_RATE:
		if (cli_parse_unsigned(arg, 1, 10000000, &o->rate) != 0)
			return cli_usage_error("bulk", "invalid --rate (want 1 to 10000000):", arg);
		return 0;
	default:
		o->cache_set = 1;
		if (cli_parse_unsigned(arg, 0, 1u << 24, &o->cache) != 0)
			return cli_usage_error("bulk", "invalid --cache (want 0 to 16777216):", arg);
		return 0;
	}
}

/* Parse options into o. Returns 0, -1 when --help was printed, or an exit
 * code. Operands are a usage error: input comes from stdin or -i. */
static int parse_bulk_options(int argc, char **argv, bulk_options *o)
{
	static const struct option longopts[] = {
		{ "input", required_argument, NULL, 'i' },
		{ "from-log", no_argument, NULL, OPT_FROM_LOG },
		{ "csv", no_argument, NULL, OPT_CSV },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
		{ "concurrency", required_argument, NULL, OPT_CONCURRENCY },
		{ "max-concurrency", required_argument, NULL, OPT_MAX_CONCURRENCY },
		{ "max-expand", required_argument, NULL, OPT_MAX_EXPAND },
		{ "rate", required_argument, NULL, OPT_RATE },
		{ "cache", required_argument, NULL, OPT_CACHE },
		{ "quiet", no_argument, NULL, OPT_QUIET },
		{ "html", required_argument, NULL, OPT_HTML },
		{ "help", no_argument, NULL, OPT_HELP },
		CLI_DNS_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	int c, st;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "hi:q", longopts, NULL)) != -1) {
		if ((st = cli_dns_option("bulk", &o->dns, c, optarg)) >= 0) {
			if (st != 0)
				return st;
			continue;
		}
		switch (c) {
		case 'i': o->input = optarg; break;
		case OPT_FROM_LOG: o->from_log = 1; break;
		case OPT_CSV: o->csv = 1; break;
		case OPT_JSON: o->json = 1; break; /* the default; accepted for scripts */
		case OPT_DRY_RUN: o->dry_run = 1; break;
		case OPT_HTML: o->html = optarg; break;
		case 'q':
		case OPT_QUIET: o->quiet = 1; break;
		case OPT_CONCURRENCY: case OPT_MAX_CONCURRENCY: case OPT_MAX_EXPAND: case OPT_RATE:
		case OPT_CACHE:
			if ((st = numeric_option(o, c, optarg)) != 0)
				return st;
			break;
		case 'h':
		case OPT_HELP: bulk_usage(stdout); return -1;
		default:
			return cli_usage_error("bulk", "unknown option or missing value:", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error("bulk", "unexpected operand (input comes from stdin or -i):",
					argv[optind]);
	if (o->json && o->csv)
		return cli_usage_error("bulk", "--json and --csv exclude each other", NULL);
	return 0;
}

/* ---- Time --------------------------------------------------------------- */

static long long ms_since(long long t0_ms)
{
	return (long long)fcrdns_now_ms() - t0_ms;
}

/* ---- Reading lines --------------------------------------------------------- */

/* Open the input. Returns 0, or -1 with a message printed. */
static int reader_open(line_reader *r, const char *path)
{
	struct stat sb;

	r->fd = path ? open(path, O_RDONLY | O_CLOEXEC) : STDIN_FILENO;
	if (r->fd < 0) {
		fcrdns_buf safe = { 0 };
		fcrdns_text_safe(&safe, path, strnlen(path, 200));
		fprintf(stderr, "fcrdns bulk: cannot open '%s': %s\n", safe.data ? safe.data : "",
			strerror(errno));
		fcrdns_buf_free(&safe);
		return -1;
	}
	r->size = fstat(r->fd, &sb) == 0 && S_ISREG(sb.st_mode) ? (long long)sb.st_size : -1;
	return 0;
}

/* Read more input into the buffer. Returns 1 when bytes came, 0 at end of
 * input, 2 when none is ready and !may_block, -1 on a read error. */
static int reader_fill(line_reader *r, int may_block)
{
	struct pollfd pfd = { .fd = r->fd, .events = POLLIN };
	ssize_t n;

	if (r->start > 0) {
		memmove(r->buf, r->buf + r->start, r->end - r->start);
		r->end -= r->start;
		r->start = 0;
	}
	if (!may_block && r->size < 0 && poll(&pfd, 1, 0) == 0)
		return 2;
	do
		n = read(r->fd, r->buf + r->end, sizeof r->buf - r->end);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -1;
	if (n == 0)
		return 0;
	r->end += (size_t)n;
	return 1;
}

/* Drop bytes up to and including the next newline, if buffered. Returns 1
 * when the newline was found. */
static int reader_skip(line_reader *r)
{
	char *nl = memchr(r->buf + r->start, '\n', r->end - r->start);
	size_t upto = nl ? (size_t)(nl - r->buf) + 1 : r->end;

	r->consumed += upto - r->start;
	r->start = upto;
	return nl != NULL;
}

/* Hand out the next line (no newline) in *line / *len; *overlong is set
 * when it is only the prefix of a longer line. Returns 1, 0 at the end,
 * 2 when no input is ready (only when !may_block), -1 on a read error. */
static int reader_next(line_reader *r, int may_block, const char **line, size_t *len,
		       int *overlong)
{
	for (;;) {
		if (r->skipping && reader_skip(r))
			r->skipping = 0;
		char *p = r->buf + r->start, *nl = r->skipping ? NULL : memchr(p, '\n', r->end - r->start);
		size_t have = r->end - r->start;
		*overlong = 0;
		if (nl != NULL || (!r->skipping && have > FCRDNS_INPUT_LINE_MAX) ||
		    (r->eof && have > 0 && !r->skipping)) {
			*line = p;
			*len = nl ? (size_t)(nl - p) : have;
			if (*len > FCRDNS_INPUT_LINE_MAX) {
				*len = BULK_ERROR_INPUT_MAX;
				*overlong = 1;
				r->skipping = 1;
				return 1; /* the skip starts at the next call */
			}
			r->start += *len + (nl != NULL);
			r->consumed += *len + (nl != NULL);
			return 1;
		}
		if (r->eof)
			return 0;
		int rc = reader_fill(r, may_block);
		if (rc == 0)
			r->eof = 1;
		else if (rc != 1)
			return rc;
	}
}

/* ---- Output ----------------------------------------------------------------- */

static void emit(bulk_run *run)
{
	if (run->rec.failed || fwrite(run->rec.data, 1, run->rec.len, stdout) != run->rec.len)
		run->write_failed = 1;
	run->rec.len = 0;
	run->rec.failed = 0;
}

/* Append one CSV field (RFC 4180: quoted when it holds a comma, quote, CR
 * or LF; quotes doubled). */
static void csv_field(fcrdns_buf *b, const char *s, size_t len)
{
	/* A field a spreadsheet would run as a formula (a PTR name or a log
	 * line can start with '=') gets a leading apostrophe (OWASP). */
	int formula = len > 0 && strchr("=+-@", s[0]) != NULL;

	if (!formula && strcspn(s, ",\"\r\n") >= len) {
		fcrdns_buf_add(b, s, len);
		return;
	}
	fcrdns_buf_add(b, formula ? "\"'" : "\"", formula ? 2 : 1);
	for (size_t i = 0; i < len; i++)
		fcrdns_buf_add(b, s[i] == '"' ? "\"\"" : s + i, s[i] == '"' ? 2 : 1);
	fcrdns_buf_add(b, "\"", 1);
}

static void csv_result(fcrdns_buf *b, const fcrdns_result *r)
{
	fcrdns_buf f = { 0 };
	char authres[1024];

	fcrdns_buf_puts(b, r->ip);
	fcrdns_buf_printf(b, ",%s,", fcrdns_iprev_name(r->iprev));
	for (size_t i = 0; i < r->nptr; i++)
		fcrdns_buf_printf(&f, "%s%s", i ? " " : "", r->ptr[i]);
	csv_field(b, f.data ? f.data : "", f.len);
	fcrdns_buf_add(b, ",", 1);
	if (r->confirmed)
		csv_field(b, r->confirmed, strlen(r->confirmed));
	fcrdns_buf_add(b, ",", 1);
	for (size_t i = 0; i < r->nproblems; i++)
		fcrdns_buf_printf(b, "%s%s", i ? " " : "", fcrdns_problem_name(r->problems[i].code));
	fcrdns_buf_add(b, ",", 1);
	fcrdns_authres_format(r, authres, sizeof authres);
	csv_field(b, authres, strlen(authres));
	fcrdns_buf_printf(b, ",%s,%s,%s,,\r\n", r->generic ? "true" : "false",
			  r->provider ? r->provider->id : "",
			  r->fix_owner ? fcrdns_fix_owner_name(r->fix_owner) : "");
	if (f.failed)
		b->failed = 1;
	fcrdns_buf_free(&f);
}

/* Print the error record of one bad input line (len bytes, any content). */
static void emit_error(bulk_run *run, const char *line, size_t len, const char *message)
{
	run->st.errors++;
	run->st.done++;
	if (run->o->csv) {
		fcrdns_buf safe = { 0 };
		/* Terminal-safe text: no control bytes reach a spreadsheet. */
		fcrdns_text_safe(&safe, line, len);
		fcrdns_buf_puts(&run->rec, ",,,,,,,,,");
		csv_field(&run->rec, safe.data ? safe.data : "", safe.len);
		fcrdns_buf_add(&run->rec, ",", 1);
		csv_field(&run->rec, message, strlen(message));
		fcrdns_buf_puts(&run->rec, "\r\n");
		if (safe.failed)
			run->rec.failed = 1;
		fcrdns_buf_free(&safe);
	} else {
		fcrdns_buf_puts(&run->rec, "{\"input\":");
		fcrdns_json_string(&run->rec, line, len);
		fcrdns_buf_puts(&run->rec, ",\"error\":");
		fcrdns_json_string(&run->rec, message, strlen(message));
		fcrdns_buf_puts(&run->rec, "}\n");
	}
	emit(run);
}

/* ---- Statistics ------------------------------------------------------------ */

static void count_provider(bulk_stats *st, const char *id)
{
	for (size_t i = 0; i < BULK_PROVIDERS; i++) {
		if (st->providers[i].id == NULL)
			st->providers[i].id = id;
		if (strcmp(st->providers[i].id, id) == 0) {
			st->providers[i].n++;
			return;
		}
	}
	st->other_providers++;
}

/* Keep r among the BULK_TOP slowest, sorted slowest first. */
static void count_slowest(bulk_stats *st, const fcrdns_result *r)
{
	size_t i = BULK_TOP;

	if (r->elapsed_ms <= st->top[BULK_TOP - 1].ms && st->top[BULK_TOP - 1].ip[0])
		return;
	while (i > 0 && (st->top[i - 1].ip[0] == '\0' || st->top[i - 1].ms < r->elapsed_ms))
		i--;
	memmove(&st->top[i + 1], &st->top[i], (BULK_TOP - 1 - i) * sizeof st->top[0]);
	st->top[i].ms = r->elapsed_ms;
	memcpy(st->top[i].ip, r->ip, sizeof st->top[i].ip);
}

static void count_result(bulk_stats *st, const fcrdns_result *r)
{
	st->done++;
	fcrdns_tally_add(st->tally, r);
	if (r->provider && r->provider->id)
		count_provider(st, r->provider->id);
	count_slowest(st, r);
}

static void fill(bulk_run *run, int finishing);

static void on_result(void *arg, int status, const fcrdns_result *r)
{
	bulk_run *run = arg;

	if (status != FCRDNS_OK)
		return; /* the context is being freed: the run is over */
	count_result(&run->st, r);
	if (run->html)
		html_bulk_add(run->html, r);
	if (run->o->csv)
		csv_result(&run->rec, r);
	else {
		fcrdns_result_json(&run->rec, r);
		fcrdns_buf_add(&run->rec, "\n", 1);
	}
	emit(run);
	/* This check still counts as pending: one slot is about to free up. */
	fill(run, 1);
}

/* ---- Progress and summary --------------------------------------------------- */

static void progress_draw(bulk_run *run, long long now_ms)
{
	double secs = now_ms / 1000.0, rate = secs > 0 ? run->st.done / secs : 0, frac = -1;
	size_t inflight = fcrdns_pending(run->ctx);
	fcrdns_buf b = { 0 };

	if (run->input_done) {
		unsigned long long total = run->st.done + inflight + run->range.remaining;
		frac = total ? (double)run->st.done / (double)total : 1;
	} else if (run->rd.size > 0) {
		frac = (double)run->rd.consumed / (double)run->rd.size;
	}
	fcrdns_stats st;

	fcrdns_ctx_stats(run->ctx, &st, sizeof st);
	fcrdns_buf_printf(&b, "\r\033[K%llu done, %.0f/s, %zu in flight (queries %zu/%zu, %u ms),"
			  " %.1fs elapsed", run->st.done, rate, inflight, st.inflight, st.limit,
			  st.latency_ms, secs);
	if (frac > 0.001)
		fcrdns_buf_printf(&b, ", ETA %.0fs", secs * (1 - frac) / frac);
	if (!b.failed)
		fwrite(b.data, 1, b.len, stderr);
	fflush(stderr);
	fcrdns_buf_free(&b);
	run->progress = 1;
}

/* Flush the output now and then, and redraw the progress line. */
static void tick(bulk_run *run)
{
	long long now = ms_since(run->t0_ms);

	if (fflush(stdout) != 0)
		run->write_failed = 1;
	if (!run->o->quiet && now - run->last_progress_ms >= BULK_PROGRESS_MS &&
	    isatty(STDERR_FILENO)) {
		progress_draw(run, now);
		run->last_progress_ms = now;
	}
}

/* Print the problem codes met, most frequent first, at most BULK_TOP. */
static void summary_problems(const fcrdns_tally_counts *tc)
{
	int used[FCRDNS_PROBLEM_CODES] = { 0 }, k;

	for (k = 0; k < BULK_TOP; k++) {
		int best = -1;
		for (int c = 0; c < FCRDNS_PROBLEM_CODES; c++)
			if (!used[c] && tc->problems[c] &&
			    (best < 0 || tc->problems[c] > tc->problems[best]))
				best = c;
		if (best < 0)
			break;
		used[best] = 1;
		fprintf(stderr, "%s %s %llu", k ? "," : "  problems:",
			fcrdns_problem_name((fcrdns_problem_code)best),
			(unsigned long long)tc->problems[best]);
	}
	if (k > 0)
		fputc('\n', stderr);
}

/* The engine's side: what it sent, how fast the resolver answered, and
 * what overload cost. */
static void summary_pacing(const bulk_run *run)
{
	fcrdns_stats st;

	fcrdns_ctx_stats(run->ctx, &st, sizeof st);
	fprintf(stderr, "  dns: %llu queries, %llu cache hits, latency %u ms, concurrency %zu at the"
		" end, %llu timeouts, %llu retried after overload\n",
		(unsigned long long)st.queries, (unsigned long long)st.cache_hits, st.latency_ms,
		st.limit, (unsigned long long)st.timeouts,
		(unsigned long long)st.overload_retries);
}

static void summary(bulk_run *run)
{
	const bulk_stats *st = &run->st;
	double secs = ms_since(run->t0_ms) / 1000.0;
	fcrdns_tally_counts tc;
	char rate[32] = "";

	fcrdns_tally_read(st->tally, &tc, sizeof tc);
	if (run->progress)
		fputs("\r\033[K", stderr);
	if (secs >= 0.01) /* a rate over less is noise */
		snprintf(rate, sizeof rate, " (%.0f/s)", st->done / secs);
	fprintf(stderr, "fcrdns bulk: %llu records in %.1fs%s: %llu pass, %llu fail, "
		"%llu temperror, %llu permerror, %llu bad lines\n", st->done, secs, rate,
		(unsigned long long)tc.iprev[FCRDNS_IPREV_PASS],
		(unsigned long long)tc.iprev[FCRDNS_IPREV_FAIL],
		(unsigned long long)tc.iprev[FCRDNS_IPREV_TEMPERROR],
		(unsigned long long)tc.iprev[FCRDNS_IPREV_PERMERROR], st->errors);
	summary_pacing(run);
	fprintf(stderr, "  generic names: %llu\n", (unsigned long long)tc.generic);
	for (size_t i = 0; i < BULK_PROVIDERS && st->providers[i].id; i++)
		fprintf(stderr, "%s %s %llu", i ? "," : "  providers:", st->providers[i].id,
			st->providers[i].n);
	if (st->providers[0].id)
		fprintf(stderr, "%s\n", st->other_providers ? ", others" : "");
	summary_problems(&tc);
	for (size_t i = 0; i < BULK_TOP && st->top[i].ip[0]; i++)
		fprintf(stderr, "%s %s %ums", i ? "," : "  slowest:", st->top[i].ip, st->top[i].ms);
	if (st->top[0].ip[0])
		fputc('\n', stderr);
}

/* ---- The run ------------------------------------------------------------------ */

/* Turn one input line into addresses (run->range) or an error record. */
static void take_line(bulk_run *run, const char *line, size_t len, int overlong)
{
	fcrdns_line parsed;
	char msg[64];

	if (overlong) {
		snprintf(msg, sizeof msg, "line longer than %d bytes", FCRDNS_INPUT_LINE_MAX);
		emit_error(run, line, len, msg);
		return;
	}
	if (run->o->from_log) {
		fcrdns_addr a;
		if (!fcrdns_log_extract(line, len, &a))
			return;
		/* 0: seen before; -1 (out of memory for the set): check anyway. */
		if (fcrdns_seen_add(run->seen, &a) == 0)
			return;
		run->range = (fcrdns_range){ a, 1 };
		return;
	}
	fcrdns_input_parse(line, len, run->o->max_expand, &parsed);
	if (parsed.kind == FCRDNS_LINE_ERROR)
		emit_error(run, line, len, parsed.error);
	else if (parsed.kind == FCRDNS_LINE_ADDRS)
		run->range = parsed.range;
}

/* Produce the next address to check. Returns 1 with *a, 0 when the input
 * is exhausted, 2 when no input is ready now (only when !may_block). */
static int next_address(bulk_run *run, fcrdns_addr *a, int may_block)
{
	const char *line;
	size_t len;
	int overlong, rc;

	while (!fcrdns_range_next(&run->range, a)) {
		if (run->input_done)
			return 0;
		rc = reader_next(&run->rd, may_block, &line, &len, &overlong);
		if (rc == 2)
			return 2;
		if (rc <= 0) {
			if (rc < 0) {
				fprintf(stderr, "fcrdns bulk: read error: %s\n", strerror(errno));
				run->read_failed = 1;
			}
			run->input_done = 1;
			return 0;
		}
		take_line(run, line, len, overlong);
	}
	return 1;
}

static void on_input(void *arg, int fd, unsigned events);
static void on_tick(void *arg, int status);

/* Watch the input for readability (want), or stop watching it. Regular
 * files are never watched: reading them does not block. */
static void watch_input(bulk_run *run, int want)
{
	if (run->rd.size >= 0 || run->input_done) {
		want = 0;
	} else if (run->input_watch == NULL && want) {
		if (fcrdns_io_add(fcrdns_ctx_loop(run->ctx), run->rd.fd, FCRDNS_IO_READ, on_input, run,
				  &run->input_watch) != FCRDNS_OK) {
			/* Cannot watch (e.g. /dev/null): read, blocking if need be. */
			run->rd.size = 0;
			return;
		}
		return;
	}
	if (run->input_watch && run->input_done) {
		fcrdns_io_remove(run->input_watch);
		run->input_watch = NULL;
	} else if (run->input_watch) {
		fcrdns_io_set(run->input_watch, want ? FCRDNS_IO_READ : 0);
	}
}

/* Return how many checks to keep in flight: the fixed --concurrency, or
 * as many as the engine lets queries out now, plus a quarter so that its
 * queue never runs dry, within --max-concurrency. */
static size_t checks_wanted(const bulk_run *run)
{
	fcrdns_stats st;
	size_t n;

	if (run->o->concurrency)
		return run->o->concurrency;
	fcrdns_ctx_stats(run->ctx, &st, sizeof st);
	n = st.limit + st.limit / 4;
	return n < run->o->max_concurrency ? n : run->o->max_concurrency;
}

/* Submit checks until concurrency is reached or no input is ready; when
 * everything is done, stop the ticker so the loop ends. finishing: the
 * check calling is still counted as pending. */
static void fill(bulk_run *run, int finishing)
{
	fcrdns_addr a;
	char ip[FCRDNS_IPSTR_MAX];
	int rc = 1;

	size_t target = checks_wanted(run);

	while (fcrdns_pending(run->ctx) - (size_t)finishing < target) {
		if ((rc = next_address(run, &a, 0)) != 1)
			break;
		if (run->o->dry_run) {
			fcrdns_buf_puts(&run->rec, fcrdns_addr_format(&a, ip));
			fcrdns_buf_add(&run->rec, "\n", 1);
			emit(run);
			continue;
		}
		if (fcrdns_check_submit(run->ctx, &a, on_result, run) != FCRDNS_OK) {
			fcrdns_addr_format(&a, ip);
			emit_error(run, ip, strlen(ip), "out of memory");
		}
	}
	watch_input(run, rc == 2);
	if (run->input_done && fcrdns_pending(run->ctx) == (size_t)finishing && run->ticker) {
		fcrdns_timer_cancel(run->ticker);
		run->ticker = NULL;
	}
}

static void on_input(void *arg, int fd, unsigned events)
{
	(void)fd;
	if (!(events & FCRDNS_IO_CANCEL))
		fill(arg, 0);
}

/* Every BULK_FLUSH_MS: flush, redraw the progress line, and check that
 * the loop is still healthy. */
static void on_tick(void *arg, int status)
{
	bulk_run *run = arg;

	run->ticker = NULL;
	if (status != FCRDNS_OK)
		return;
	tick(run);
	if (fcrdns_timer_add(fcrdns_ctx_loop(run->ctx), BULK_FLUSH_MS, on_tick, run,
			     &run->ticker) != FCRDNS_OK)
		run->write_failed = 1;
}

/* Run everything on the context's loop until input and checks are done. */
static int run_loop(bulk_run *run)
{
	if (fcrdns_timer_add(fcrdns_ctx_loop(run->ctx), BULK_FLUSH_MS, on_tick, run,
			     &run->ticker) != FCRDNS_OK)
		return FCRDNS_ENOMEM;
	fill(run, 0);
	return fcrdns_run(run->ctx);
}

static int make_context(const bulk_options *o, fcrdns_ctx **ctx)
{
	unsigned checks = o->concurrency ? o->concurrency : o->max_concurrency;
	fcrdns_options lo = {
		/* Each check has a PTR or up to ten forward lookups out at once;
		 * twice the checks keeps the wire full without queueing much. */
		.max_inflight = 2 * checks, .cache_entries = o->cache, .rate_qps = o->rate,
		.adaptive = o->concurrency == 0,
	};
	unsigned mask = FCRDNS_OPT_MAX_INFLIGHT | FCRDNS_OPT_ADAPTIVE |
			(o->cache_set ? FCRDNS_OPT_CACHE_ENTRIES : 0) | (o->rate ? FCRDNS_OPT_RATE : 0);

	return cli_dns_context("bulk", &o->dns, &lo, mask, ctx);
}

static int bulk_exit_code(const bulk_run *run)
{
	fcrdns_tally_counts tc;

	fcrdns_tally_read(run->st.tally, &tc, sizeof tc);
	if (run->write_failed || run->read_failed)
		return EXIT_SOFTWARE;
	if (tc.iprev[FCRDNS_IPREV_FAIL] || tc.iprev[FCRDNS_IPREV_PERMERROR] || run->st.errors)
		return EXIT_SOME_FAIL;
	return tc.iprev[FCRDNS_IPREV_TEMPERROR] ? EXIT_SOME_TEMPERROR : EXIT_ALL_PASS;
}

static int bulk_run_all(bulk_run *run)
{
	static char outbuf[1 << 16];
	int st;

	setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
	if (run->o->csv && !run->o->dry_run)
		fputs("ip,iprev,ptr,confirmed,problems,authentication_results,generic,provider,"
		      "fix_owner,input,error\r\n",
		      stdout);
	run->t0_ms = fcrdns_now_ms();
	if ((st = run_loop(run)) == FCRDNS_ENOMEM && !run->write_failed)
		st = FCRDNS_OK; /* a record that could not be made was reported as such */
	if (st != FCRDNS_OK)
		fprintf(stderr, "fcrdns bulk: %s\n", fcrdns_strerror(st));
	if (fflush(stdout) != 0)
		run->write_failed = 1;
	if (!run->o->quiet && !run->o->dry_run)
		summary(run);
	if (run->write_failed)
		fputs("fcrdns bulk: could not write every record\n", stderr);
	return st != FCRDNS_OK ? EXIT_SOFTWARE : bulk_exit_code(run);
}

/* Run bulk checks with the parsed options. Returns an exit code. */
static int bulk_main(bulk_options *o)
{
	static bulk_run run; /* the read buffer is large: not on the stack */
	int st;

	memset(&run, 0, sizeof run);
	run.o = o;
	if ((run.st.tally = fcrdns_tally_new()) == NULL ||
	    (o->from_log && (run.seen = fcrdns_seen_new()) == NULL)) {
		fcrdns_tally_free(run.st.tally);
		return EXIT_SOFTWARE;
	}
	if (reader_open(&run.rd, o->input) != 0) {
		fcrdns_seen_free(run.seen);
		fcrdns_tally_free(run.st.tally);
		return EXIT_USAGE;
	}
	if ((st = make_context(o, &run.ctx)) == 0) {
		if (o->html && (run.html = html_bulk_open(o->html, o->argc, o->argv)) == NULL)
			st = EXIT_USAGE;
		else
			st = bulk_run_all(&run);
		fcrdns_ctx_free(run.ctx);
	}
	/* The report is written last, whatever happened: what ran is in it. */
	if (run.html && html_bulk_finish(run.html, run.st.errors) != 0)
		st = EXIT_SOFTWARE;
	if (o->input)
		close(run.rd.fd);
	fcrdns_seen_free(run.seen);
	fcrdns_tally_free(run.st.tally);
	fcrdns_buf_free(&run.rec);
	return st;
}

int cmd_bulk(int argc, char **argv)
{
	bulk_options o = { .max_concurrency = BULK_DEFAULT_MAX_CONCURRENCY,
			   .max_expand = FCRDNS_EXPAND_DEFAULT, .argc = argc, .argv = argv };
	int st;

	if ((st = parse_bulk_options(argc, argv, &o)) == 0)
		st = bulk_main(&o);
	else if (st < 0)
		st = EXIT_ALL_PASS; /* --help */
	cli_dns_free(&o.dns);
	return st;
}
