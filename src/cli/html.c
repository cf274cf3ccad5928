/* SPDX-License-Identifier: MIT */
/* html.c: the frame of every HTML report: the file, the head (a CSP that
 * forbids scripts and loading, one inline style sheet with a print
 * version), the run's time and command line, and the parts reports share:
 * verdict colours and words, the legend, badges and the verdict bar. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "html.h"

#define HTML_ARG_SHOWN_MAX 1024    /* bytes of one argument shown */
#define HTML_CMDLINE_MAX 8192      /* bytes of the command line shown */
#define HTML_FLUSH_AT 65536        /* buffered page bytes before a write */
#define HTML_BAR_WIDTH 1000        /* user units of the verdict bar */

/* One row per verdict class: its CSS class suffix (colours below), its
 * words, and the legend's explanation. */
static const struct {
	const char *words;
	const char *legend;
} verdicts[HTML_NVERDICTS] = {
	{ "pass", "pass: forward-confirmed, with a specific name" },
	{ "pass, generic or provider name",
	  "pass, but the name is generic or a provider's default" },
	{ "fail", "fail: no PTR name resolves back to the address" },
	{ "permerror", "permerror: no PTR record" },
	{ "temperror", "temperror: a lookup failed transiently" },
	{ "not checked", "not checked: in the block, but not in the input" },
};

/* The style sheet. Colours: the Okabe-Ito palette (bluish green, yellow,
 * vermillion, reddish purple, sky blue) and grey; no dark background, so
 * it prints; print-color-adjust keeps the badges' colours on paper. */
static const char style_sheet[] =
	":root{color-scheme:light}\n"
	"body{font:15px/1.45 system-ui,sans-serif;color:#1a1a1a;background:#fff;"
	"max-width:75em;margin:1.5em auto;padding:0 1em}\n"
	"h1{font-size:1.6em;margin:0 0 .3em}h2{font-size:1.25em;margin:1.6em 0 .5em;"
	"border-bottom:1px solid #bbb}h3{font-size:1.05em;margin:1.2em 0 .4em}\n"
	"table{border-collapse:collapse;margin:.3em 0}th,td{border:1px solid #bbb;"
	"padding:.2em .5em;text-align:left;vertical-align:top}th{background:#f2f2f2}\n"
	"td.num{text-align:right}td.ip{white-space:nowrap;font-family:ui-monospace,monospace}code,.name{font-family:ui-monospace,monospace;"
	"overflow-wrap:anywhere}\n"
	".run{color:#444}.run code{background:#f2f2f2;padding:0 .2em}\n"
	".badge{display:inline-block;padding:0 .45em;border:1px solid #555;border-radius:.3em;"
	"color:#000;font-weight:600}\n"
	".b0{background:#009E73}.b1{background:#F0E442}.b2{background:#D55E00}"
	".b3{background:#CC79A7}.b4{background:#56B4E9}.b5{background:#DDDDDD}\n"
	".v0{fill:#009E73}.v1{fill:#F0E442}.v2{fill:#D55E00}.v3{fill:#CC79A7}"
	".v4{fill:#56B4E9}.v5{fill:#DDDDDD}\n"
	"ul.legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.4em 1.5em}\n"
	"ul.legend svg{vertical-align:middle;margin-right:.35em}\n"
	"svg.bar{display:block;width:100%;height:28px;border:1px solid #555}\n"
	".grids{display:flex;flex-wrap:wrap;gap:1.2em 2em}\n"
	"figure.grid{margin:0}figure.grid figcaption{max-width:258px;font-size:.9em}\n"
	"svg.grid{display:block;border:1px solid #555}\n"
	".ok{color:#00694d;font-weight:600}.bad{color:#a33f00;font-weight:600}\n"
	".warn{color:#6b5a00;font-weight:600}\n"
	"ol.steps li,ul.problems li{margin:.25em 0}\n"
	"dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25em 1em}"
	"dl.facts dt{font-weight:600}dl.facts dd{margin:0}\n"
	"section.addr{border-top:2px solid #555;margin-top:2em}\n"
	"section.domain{border-top:4px double #1a1a1a;margin-top:2.5em}h4{font-size:1em;"
	"margin:1em 0 .3em}div.record div.record{margin:.2em 0 .2em .6em}\n"
	"code.banner{display:inline-block;background:#f2f2f2;padding:0 .2em}\n"
	"@media print{body{max-width:none;margin:0;font-size:10pt}"
	"figure.grid,tr,section.addr,div.smtp{break-inside:avoid}a{color:#000}}\n"
	"*{print-color-adjust:exact;-webkit-print-color-adjust:exact}\n";

/* Nothing may load and nothing may run: scripts (elements and attributes)
 * are 'none', styles only inline, images only data: URLs. */
#define HTML_CSP                                                                  \
	"default-src 'none'; script-src 'none'; script-src-attr 'none'; "         \
	"style-src 'unsafe-inline'; img-src data:; font-src 'none'; "             \
	"connect-src 'none'; base-uri 'none'; form-action 'none'"

html_verdict html_verdict_of(const fcrdns_result *r)
{
	switch (r->iprev) {
	case FCRDNS_IPREV_PASS:
		return r->generic || (r->provider && !r->provider_by_address) ? HTML_PASS_NAMED
									       : HTML_PASS;
	case FCRDNS_IPREV_FAIL: return HTML_FAIL;
	case FCRDNS_IPREV_PERMERROR: return HTML_PERMERROR;
	default: return HTML_TEMPERROR;
	}
}

const char *html_verdict_words(html_verdict v)
{
	return (unsigned)v < HTML_NVERDICTS ? verdicts[v].words : "?";
}

const char *html_shown_name(const fcrdns_result *r)
{
	return r->confirmed ? r->confirmed : (r->nptr ? r->ptr[0] : NULL);
}

const char *html_problem_explanation(fcrdns_problem_code c)
{
	switch (c) {
#define HTML_PROBLEM_CASE(name, num, code, msg) case FCRDNS_PROBLEM_##name: return msg;
	FCRDNS_PROBLEM_MAP(HTML_PROBLEM_CASE)
#undef HTML_PROBLEM_CASE
	}
	return "";
}

void html_text(fcrdns_buf *b, const char *s, size_t max)
{
	fcrdns_html_text(b, s, strnlen(s, max));
}

/* Append argument a to the command line, single-quoted when a shell would
 * split or expand it. */
static void html_arg(fcrdns_buf *line, const char *a)
{
	size_t len = strnlen(a, HTML_ARG_SHOWN_MAX);
	int quote = len == 0 || strcspn(a, " \t\n\"'\\$`*?;&|<>()[]{}#~!") < len;

	if (line->len > 0)
		fcrdns_buf_add(line, " ", 1);
	if (quote)
		fcrdns_buf_add(line, "'", 1);
	fcrdns_html_text(line, a, len);
	if (a[len] != '\0')
		fcrdns_buf_puts(line, "\xe2\x80\xa6"); /* U+2026: cut here */
	if (quote)
		fcrdns_buf_add(line, "'", 1);
}

int html_open(html_out *o, const char *cmd, const char *path, int argc, char **argv)
{
	int fd;

	memset(o, 0, sizeof *o);
	/* No O_TRUNC: html_finish() truncates, after the input was read. */
	fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOCTTY, 0666);
	if (fd < 0 || (o->file = fdopen(fd, "w")) == NULL) {
		int err = errno;
		fcrdns_buf safe = { 0 };
		if (fd >= 0)
			close(fd);
		fcrdns_text_safe(&safe, path, strnlen(path, 200));
		fprintf(stderr, "fcrdns %s: cannot write the report '%s': %s\n", cmd,
			safe.data ? safe.data : "", strerror(err));
		fcrdns_buf_free(&safe);
		return -1;
	}
	o->cmd = cmd;
	if ((o->path = strdup(path)) == NULL) {
		fclose(o->file);
		fprintf(stderr, "fcrdns %s: out of memory\n", cmd);
		return -1;
	}
	o->started = time(NULL);
	o->started_ms = fcrdns_now_ms();
	fcrdns_buf_puts(&o->cmdline, "fcrdns");
	for (int i = 0; i < argc && o->cmdline.len < HTML_CMDLINE_MAX; i++)
		html_arg(&o->cmdline, argv[i]);
	return 0;
}

/* Start the file over: it may have held older contents. */
static void html_truncate(html_out *o)
{
	struct stat sb;
	int fd = fileno(o->file);

	if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && ftruncate(fd, 0) != 0)
		o->failed = 1;
}

void html_page_begin(html_out *o, const char *title)
{
	fcrdns_buf *b = &o->buf;
	char when[64];
	struct tm tm;

	html_truncate(o);
	if (gmtime_r(&o->started, &tm) == NULL ||
	    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(when, sizeof when, "unknown");
	fcrdns_buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
			   "<meta http-equiv=\"Content-Security-Policy\" content=\"" HTML_CSP "\">\n"
			   "<meta name=\"referrer\" content=\"no-referrer\">\n"
			   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
			   "<title>");
	fcrdns_buf_puts(b, title);
	fcrdns_buf_printf(b, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<header>\n<h1>", style_sheet);
	fcrdns_buf_puts(b, title);
	fcrdns_buf_printf(b, "</h1>\n<p class=\"run\">Run at <time datetime=\"%s\">%s</time> by "
			  "fcrdns %s: <code id=\"cmdline\">", when, when, fcrdns_version());
	fcrdns_buf_add(b, o->cmdline.data ? o->cmdline.data : "", o->cmdline.len);
	fcrdns_buf_puts(b, "</code></p>\n</header>\n");
}

void html_flush(html_out *o, int force)
{
	fcrdns_buf *b = &o->buf;

	if (b->failed)
		o->failed = 1;
	if ((!force && b->len < HTML_FLUSH_AT) || o->file == NULL)
		return;
	if (b->len > 0 && !o->failed && fwrite(b->data, 1, b->len, o->file) != b->len)
		o->failed = 1;
	b->len = 0;
	b->failed = 0;
}

/* Release what o owns and close its file; returns fclose's verdict. */
static int html_release(html_out *o)
{
	int rc = o->file && fclose(o->file) != 0 ? -1 : 0;

	free(o->path);
	fcrdns_buf_free(&o->cmdline);
	fcrdns_buf_free(&o->buf);
	memset(o, 0, sizeof *o);
	return rc;
}

int html_finish(html_out *o)
{
	int64_t ms = fcrdns_now_ms() - o->started_ms;
	fcrdns_buf safe = { 0 };
	const char *cmd = o->cmd;
	int failed;

	fcrdns_buf_printf(&o->buf, "<footer>\n<p class=\"run\">Report written by fcrdns %s after "
			  "%.1f s.</p>\n</footer>\n</body>\n</html>\n", fcrdns_version(), ms / 1000.0);
	html_flush(o, 1);
	failed = o->failed || fflush(o->file) != 0;
	fcrdns_text_safe(&safe, o->path, strnlen(o->path, 200));
	failed = html_release(o) != 0 || failed;
	if (failed)
		fprintf(stderr, "fcrdns %s: could not write the report '%s'\n", cmd,
			safe.data ? safe.data : "");
	fcrdns_buf_free(&safe);
	return failed ? -1 : 0;
}

/* Append a swatch of verdict v, w x h pixels. */
static void html_swatch(fcrdns_buf *b, html_verdict v, int w, int h)
{
	fcrdns_buf_printf(b, "<svg width=\"%d\" height=\"%d\" aria-hidden=\"true\"><rect class=\"v%d\""
			  " width=\"%d\" height=\"%d\" stroke=\"#555\"/></svg>", w, h, (int)v, w, h);
}

void html_legend(fcrdns_buf *b, const unsigned long long *counts, int with_not_checked)
{
	fcrdns_buf_puts(b, "<ul class=\"legend\">\n");
	for (int v = 0; v < HTML_NVERDICTS; v++) {
		if (v == HTML_NOT_CHECKED && !with_not_checked)
			continue;
		fcrdns_buf_printf(b, "<li data-verdict=\"%d\">", v);
		/* 24x12: never mistaken for a 14x14 grid cell in a screenshot. */
		html_swatch(b, (html_verdict)v, 24, 12);
		fcrdns_buf_puts(b, verdicts[v].legend);
		if (counts && v != HTML_NOT_CHECKED)
			fcrdns_buf_printf(b, ": <b>%llu</b>", counts[v]);
		fcrdns_buf_puts(b, "</li>\n");
	}
	fcrdns_buf_puts(b, "</ul>\n");
}

void html_badge(fcrdns_buf *b, html_verdict v, const char *words)
{
	fcrdns_buf_printf(b, "<span class=\"badge b%d\">", (int)v);
	fcrdns_buf_puts(b, words ? words : html_verdict_words(v));
	fcrdns_buf_puts(b, "</span>");
}

void html_verdict_bar(fcrdns_buf *b, const unsigned long long *counts)
{
	unsigned long long total = 0, before = 0;

	for (int v = 0; v < HTML_NOT_CHECKED; v++)
		total += counts[v];
	fcrdns_buf_printf(b, "<svg class=\"bar\" viewBox=\"0 0 %d 28\" preserveAspectRatio=\"none\" "
			  "role=\"img\" aria-label=\"verdicts of %llu addresses\">\n",
			  HTML_BAR_WIDTH, total);
	for (int v = 0; v < HTML_NOT_CHECKED && total > 0; v++) {
		if (counts[v] == 0)
			continue;
		/* Edges from cumulative counts: the segments always fill the bar. */
		unsigned long long x0 = before * HTML_BAR_WIDTH / total;
		before += counts[v];
		unsigned long long x1 = before * HTML_BAR_WIDTH / total;
		fcrdns_buf_printf(b, "<rect class=\"v%d\" x=\"%llu\" y=\"0\" width=\"%llu\" height=\"28\">"
				  "<title>%s: %llu (%.1f%%)</title></rect>\n", v, x0, x1 - x0,
				  verdicts[v].words, counts[v], 100.0 * (double)counts[v] / (double)total);
	}
	fcrdns_buf_puts(b, "</svg>\n");
}

void html_doc_link(fcrdns_buf *b, const fcrdns_provider *p)
{
	/* Only https: links, never javascript: or file:; the data is ours,
	 * but the page promises it. */
	if (p == NULL || p->doc_url == NULL || strncmp(p->doc_url, "https://", 8) != 0)
		return;
	fcrdns_buf_puts(b, "<p>Documentation: <a rel=\"noreferrer\" href=\"");
	fcrdns_html_attr(b, p->doc_url, strlen(p->doc_url));
	fcrdns_buf_puts(b, "\">");
	html_text(b, p->name, 200);
	fcrdns_buf_puts(b, "</a></p>\n");
}
