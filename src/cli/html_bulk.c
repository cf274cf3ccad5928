/* SPDX-License-Identifier: MIT */
/* html_bulk.c: the page of `bulk --html`: totals and a verdict bar, a
 * 16x16 grid per block of 256 addresses swept, providers, generic names,
 * top problems, and the addresses that need work. Bulk streams millions
 * of addresses, so what is kept per address is compact and capped. */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "html.h"

/* Memory bounds. Grids: at most HTML_GRID_BLOCKS blocks of 256 addresses
 * (an IPv4 /24; for IPv6 the /120 within its /64), the first blocks met;
 * a cell keeps its verdict, the lookup outcome, and its PTR name cut at
 * HTML_NAME_KEEP bytes: at most 256 x 256 x (16 + 256) bytes, about 17 MiB,
 * typically 2-3 MiB. Table: the first HTML_TABLE_ROWS addresses that are
 * not a clean pass, each with its name and first fix step (at most ~1.3
 * KiB a row, 1.3 MiB in all); the rest are counted. Totals are exact. */
#define HTML_GRID_BLOCKS 256
#define HTML_HASH_SLOTS 512        /* open addressing, twice the blocks */
#define HTML_NAME_KEEP 255         /* bytes of a PTR name kept per cell */
#define HTML_TABLE_ROWS 1000
#define HTML_STEP_KEEP 1024        /* bytes of a first fix step kept */
#define HTML_GENERIC_SAMPLES 12    /* generic names shown as examples */
#define HTML_TOP_PROBLEMS 10
#define HTML_CELL 16               /* grid pitch in pixels; cells are 14x14 */

typedef struct grid_cell {
	char *name;          /* the PTR name shown (cut), or NULL */
	uint8_t verdict;     /* html_verdict + 1; 0: not swept */
	uint8_t outcome;     /* of the PTR lookup, when no name */
	uint8_t more;        /* other PTR names (at most 255) */
} grid_cell;

typedef struct grid_block {
	fcrdns_addr base;    /* the block's first address (last byte 0) */
	grid_cell cells[256];
} grid_block;

typedef struct table_row {
	fcrdns_addr addr;
	uint8_t verdict, owner, outcome;
	uint32_t problems;   /* bit c for problem code c < 32 */
	char *name;          /* first PTR name (cut), or NULL */
	char *step;          /* the first fix step in words, or NULL */
} table_row;

struct html_bulk {
	html_out out;
	unsigned long long counts[HTML_NVERDICTS];
	unsigned long long problems[64];
	unsigned long long *providers;    /* by index in fcrdns_provider_list() */
	unsigned long long providers_by_address, generic;
	size_t nproviders;
	char *generic_samples[HTML_GENERIC_SAMPLES];
	size_t ngeneric_samples;
	grid_block *blocks[HTML_GRID_BLOCKS];
	size_t nblocks;
	int16_t slots[HTML_HASH_SLOTS];   /* block index + 1; 0: empty */
	unsigned long long undrawn;       /* addresses beyond the block cap */
	table_row rows[HTML_TABLE_ROWS];
	size_t nrows;
	unsigned long long rows_dropped;
};

/* Return a copy of at most max bytes of s (cut with U+2026), or NULL. */
static char *keep_string(const char *s, size_t max)
{
	size_t len = strnlen(s, max + 1);
	char *copy;

	if (len <= max)
		return strdup(s);
	if ((copy = malloc(max + 4)) == NULL)
		return NULL;
	memcpy(copy, s, max);
	memcpy(copy + max, "\xe2\x80\xa6", 4);
	return copy;
}

html_bulk *html_bulk_open(const char *path, int argc, char **argv)
{
	html_bulk *h = calloc(1, sizeof *h);

	if (h == NULL) {
		fputs("fcrdns bulk: out of memory\n", stderr);
		return NULL;
	}
	fcrdns_provider_list(&h->nproviders);
	h->providers = calloc(h->nproviders + 1, sizeof *h->providers);
	if (h->providers == NULL || html_open(&h->out, "bulk", path, argc, argv) != 0) {
		free(h->providers);
		free(h);
		return NULL;
	}
	return h;
}

/* ---- Keeping results ----------------------------------------------------- */

static uint32_t block_hash(const fcrdns_addr *base)
{
	uint32_t x = 2166136261u; /* FNV-1a */

	for (size_t i = 0; i < sizeof base->bytes; i++)
		x = (x ^ base->bytes[i]) * 16777619u;
	return x ^ (uint32_t)base->family;
}

/* Return the block holding a (creating it while under the cap) and its
 * cell index in *cell, or NULL when a falls beyond the cap. */
static grid_block *block_for(html_bulk *h, const fcrdns_addr *a, unsigned *cell)
{
	fcrdns_addr base = { .family = a->family };
	size_t last = a->family == AF_INET ? 3 : 15;
	uint32_t slot;

	memcpy(base.bytes, a->bytes, last);
	*cell = a->bytes[last];
	for (slot = block_hash(&base) % HTML_HASH_SLOTS; h->slots[slot];
	     slot = (slot + 1) % HTML_HASH_SLOTS) {
		grid_block *g = h->blocks[h->slots[slot] - 1];
		if (fcrdns_addr_equal(&g->base, &base))
			return g;
	}
	if (h->nblocks == HTML_GRID_BLOCKS)
		return NULL;
	grid_block *g = calloc(1, sizeof *g);
	if (g == NULL)
		return NULL;
	g->base = base;
	h->blocks[h->nblocks++] = g;
	h->slots[slot] = (int16_t)h->nblocks;
	return g;
}

static void keep_cell(html_bulk *h, const fcrdns_result *r, html_verdict v)
{
	unsigned i;
	grid_block *g = block_for(h, &r->addr, &i);
	const char *name = html_shown_name(r);

	if (g == NULL) {
		h->undrawn++;
		return;
	}
	/* An address met twice keeps one cell: the later result. */
	free(g->cells[i].name);
	g->cells[i] = (grid_cell){
		.name = name ? keep_string(name, HTML_NAME_KEEP) : NULL,
		.verdict = (uint8_t)(v + 1),
		.outcome = (uint8_t)r->ptr_outcome,
		.more = (uint8_t)(r->nptr > 256 ? 255 : (r->nptr ? r->nptr - 1 : 0)),
	};
}

/* Keep a table row for r, which is not a clean pass. */
static void keep_row(html_bulk *h, const fcrdns_result *r, html_verdict v)
{
	table_row *row = &h->rows[h->nrows];
	const char *name = html_shown_name(r);

	if (h->nrows == HTML_TABLE_ROWS) {
		h->rows_dropped++;
		return;
	}
	h->nrows++;
	*row = (table_row){ .addr = r->addr, .verdict = (uint8_t)v,
			    .owner = (uint8_t)r->fix_owner, .outcome = (uint8_t)r->ptr_outcome };
	for (size_t i = 0; i < r->nproblems; i++)
		if ((unsigned)r->problems[i].code < 32)
			row->problems |= 1u << r->problems[i].code;
	row->name = name ? keep_string(name, HTML_NAME_KEEP) : NULL;
	if (r->nfix_steps > 0) {
		fcrdns_buf step = { 0 };
		fcrdns_fix_step_text(&step, r, &r->fix_steps[0]);
		row->step = step.data && !step.failed ? keep_string(step.data, HTML_STEP_KEEP) : NULL;
		fcrdns_buf_free(&step);
	}
}

static void count_names(html_bulk *h, const fcrdns_result *r)
{
	size_t n;
	const fcrdns_provider *list = fcrdns_provider_list(&n);

	if (r->provider && r->provider >= list && r->provider < list + n)
		h->providers[r->provider - list]++;
	if (r->provider && r->provider_by_address)
		h->providers_by_address++;
	if (!r->generic)
		return;
	h->generic++;
	if (h->ngeneric_samples < HTML_GENERIC_SAMPLES && html_shown_name(r))
		h->generic_samples[h->ngeneric_samples++] = keep_string(html_shown_name(r), HTML_NAME_KEEP);
}

void html_bulk_add(html_bulk *h, const fcrdns_result *r)
{
	html_verdict v = html_verdict_of(r);

	h->counts[v]++;
	for (size_t i = 0; i < r->nproblems; i++)
		if ((unsigned)r->problems[i].code < 64)
			h->problems[r->problems[i].code]++;
	count_names(h, r);
	keep_cell(h, r, v);
	if (r->iprev != FCRDNS_IPREV_PASS || r->nproblems > 0)
		keep_row(h, r, v);
}

/* ---- Writing the page ----------------------------------------------------- */

static int addr_compare(const fcrdns_addr *a, const fcrdns_addr *b)
{
	if (a->family != b->family)
		return a->family == AF_INET ? -1 : 1;
	return memcmp(a->bytes, b->bytes, sizeof a->bytes);
}

static int block_order(const void *a, const void *b)
{
	return addr_compare(&(*(grid_block *const *)a)->base, &(*(grid_block *const *)b)->base);
}

static int row_order(const void *a, const void *b)
{
	return addr_compare(&((const table_row *)a)->addr, &((const table_row *)b)->addr);
}

static void write_totals(html_bulk *h, unsigned long long bad_lines)
{
	fcrdns_buf *b = &h->out.buf;
	unsigned long long total = 0;

	for (int v = 0; v < HTML_NOT_CHECKED; v++)
		total += h->counts[v];
	fcrdns_buf_printf(b, "<section id=\"totals\">\n<h2>Totals</h2>\n<p><b id=\"total\">%llu</b> "
			  "addresses checked", total);
	if (bad_lines)
		fcrdns_buf_printf(b, ", <b id=\"bad-lines\">%llu</b> input lines that were no address",
				  bad_lines);
	fcrdns_buf_puts(b, ".</p>\n");
	html_verdict_bar(b, h->counts);
	html_legend(b, h->counts, 0);
	fcrdns_buf_puts(b, "</section>\n");
}

/* Append the title of one cell: exactly its address, its verdict and its
 * PTR name (or why it has none), separated by " \xe2\x80\x94 ". */
static void cell_title(fcrdns_buf *b, const fcrdns_addr *a, const grid_cell *c)
{
	char ip[FCRDNS_IPSTR_MAX];

	fcrdns_buf_printf(b, "<title>%s \xe2\x80\x94 %s \xe2\x80\x94 ", fcrdns_addr_format(a, ip),
			  html_verdict_words((html_verdict)(c->verdict - 1)));
	if (c->name) {
		html_text(b, c->name, HTML_NAME_KEEP + 3);
		if (c->more)
			fcrdns_buf_printf(b, " (+%u more)", c->more);
	} else {
		fcrdns_buf_printf(b, "no PTR name (%s)", fcrdns_lookup_label((fcrdns_lookup)c->outcome));
	}
	fcrdns_buf_puts(b, "</title>");
}

/* Append one path drawing every cell of g that was not swept. */
static void grid_not_checked(fcrdns_buf *b, const grid_block *g, unsigned swept)
{
	if (swept == 256)
		return;
	fcrdns_buf_puts(b, "<path class=\"v5\" d=\"");
	for (unsigned i = 0; i < 256; i++)
		if (!g->cells[i].verdict)
			fcrdns_buf_printf(b, "M%u %uh14v14h-14z", i % 16 * HTML_CELL + 1,
					  i / 16 * HTML_CELL + 1);
	fcrdns_buf_printf(b, "\"><title>not checked: %u addresses</title></path>\n", 256 - swept);
}

/* The caption of g: the block and its counts per verdict. */
static void grid_caption(fcrdns_buf *b, const grid_block *g, const unsigned *counts,
			 unsigned swept)
{
	char ip[FCRDNS_IPSTR_MAX];
	fcrdns_addr net = g->base;

	fcrdns_buf_printf(b, "<figcaption><span class=\"name\">%s/%d</span>",
			  fcrdns_addr_format(&g->base, ip), g->base.family == AF_INET ? 24 : 120);
	if (g->base.family == AF_INET6) {
		memset(net.bytes + 8, 0, 8);
		fcrdns_buf_printf(b, " in <span class=\"name\">%s/64</span>", fcrdns_addr_format(&net, ip));
	}
	fcrdns_buf_printf(b, ": %u swept", swept);
	for (int v = 0; v < HTML_NOT_CHECKED; v++)
		if (counts[v])
			fcrdns_buf_printf(b, ", %u %s", counts[v], html_verdict_words((html_verdict)v));
	fcrdns_buf_puts(b, "</figcaption>\n");
}

/* Append one rect per swept cell of g, each with its title. */
static void grid_cells(fcrdns_buf *b, const grid_block *g)
{
	fcrdns_addr a = g->base;
	size_t last = g->base.family == AF_INET ? 3 : 15;

	for (unsigned i = 0; i < 256; i++) {
		if (!g->cells[i].verdict)
			continue;
		a.bytes[last] = (uint8_t)i;
		fcrdns_buf_printf(b, "<rect class=\"cell v%d\" x=\"%u\" y=\"%u\" width=\"14\" "
				  "height=\"14\">", g->cells[i].verdict - 1, i % 16 * HTML_CELL + 1,
				  i / 16 * HTML_CELL + 1);
		cell_title(b, &a, &g->cells[i]);
		fcrdns_buf_puts(b, "</rect>\n");
	}
}

/* Write the figure of g: a 256x256 SVG, cell i at column i % 16, row
 * i / 16 (pitch HTML_CELL, cells 14x14 one unit in), then its caption. */
static void write_grid(html_out *o, const grid_block *g)
{
	fcrdns_buf *b = &o->buf;
	unsigned counts[HTML_NVERDICTS] = { 0 }, swept = 0;
	char ip[FCRDNS_IPSTR_MAX];

	for (unsigned i = 0; i < 256; i++)
		if (g->cells[i].verdict && ++swept)
			counts[g->cells[i].verdict - 1]++;
	fcrdns_buf_printf(b, "<figure class=\"grid\" data-block=\"%s\">\n",
			  fcrdns_addr_format(&g->base, ip));
	fcrdns_buf_puts(b, "<svg class=\"grid\" width=\"256\" height=\"256\" viewBox=\"0 0 256 256\" "
			   "shape-rendering=\"crispEdges\" role=\"img\">\n");
	grid_not_checked(b, g, swept);
	grid_cells(b, g);
	fcrdns_buf_puts(b, "</svg>\n");
	/* Below the grid: grids of a row stay aligned whatever the caption. */
	grid_caption(b, g, counts, swept);
	fcrdns_buf_puts(b, "</figure>\n");
	html_flush(o, 0);
}

static void write_grids(html_bulk *h)
{
	fcrdns_buf *b = &h->out.buf;

	qsort(h->blocks, h->nblocks, sizeof h->blocks[0], block_order);
	fcrdns_buf_printf(b, "<section id=\"blocks\">\n<h2>Address blocks</h2>\n<p>One cell per "
			  "address, 16 to a row; hover a cell for its address, verdict and PTR name. "
			  "IPv4: one grid per /24; IPv6: one per /120 that had addresses, named with "
			  "its /64. Grids are drawn for the first %d blocks met.", HTML_GRID_BLOCKS);
	if (h->undrawn)
		fcrdns_buf_printf(b, " <b id=\"undrawn\">%llu</b> addresses in further blocks are counted "
				  "above but not drawn.", h->undrawn);
	fcrdns_buf_puts(b, "</p>\n");
	html_legend(b, NULL, 1);
	fcrdns_buf_puts(b, "<div class=\"grids\">\n");
	for (size_t i = 0; i < h->nblocks; i++)
		write_grid(&h->out, h->blocks[i]);
	fcrdns_buf_puts(b, "</div>\n</section>\n");
}

static void write_names(html_bulk *h)
{
	fcrdns_buf *b = &h->out.buf;
	const fcrdns_provider *list = fcrdns_provider_list(&(size_t){ 0 });

	fcrdns_buf_puts(b, "<section id=\"providers\">\n<h2>Providers and generic names</h2>\n"
			   "<table>\n<tr><th>Provider</th><th>Addresses</th></tr>\n");
	for (size_t i = 0; i < h->nproviders; i++) {
		if (h->providers[i] == 0)
			continue;
		fcrdns_buf_printf(b, "<tr data-provider=\"%s\"><td>", list[i].id);
		html_text(b, list[i].name, 200);
		fcrdns_buf_printf(b, "</td><td class=\"num\">%llu</td></tr>\n", h->providers[i]);
	}
	fcrdns_buf_printf(b, "</table>\n<p>Of these, %llu by a ranges file (the address's block), "
			  "the others by their PTR name.</p>\n<p><b id=\"generic\">%llu</b> addresses "
			  "have a generic name", h->providers_by_address, h->generic);
	for (size_t i = 0; i < h->ngeneric_samples; i++) {
		fcrdns_buf_puts(b, i ? ", " : ", such as ");
		fcrdns_buf_puts(b, "<span class=\"name\">");
		html_text(b, h->generic_samples[i] ? h->generic_samples[i] : "", HTML_NAME_KEEP + 3);
		fcrdns_buf_puts(b, "</span>");
	}
	fcrdns_buf_puts(b, ".</p>\n</section>\n");
}

/* Order problem codes by their count, most frequent first. */
static int problem_order(const void *a, const void *b, void *counts)
{
	const unsigned long long *n = counts;
	int x = *(const int *)a, y = *(const int *)b;

	return n[x] != n[y] ? (n[x] < n[y] ? 1 : -1) : x - y;
}

static void write_problems(html_bulk *h)
{
	fcrdns_buf *b = &h->out.buf;
	int codes[64], n = 0;

	for (int c = 0; c < 64; c++)
		if (h->problems[c])
			codes[n++] = c;
	qsort_r(codes, (size_t)n, sizeof codes[0], problem_order, h->problems);
	fcrdns_buf_puts(b, "<section id=\"problems\">\n<h2>Top problems</h2>\n<table>\n<tr><th>"
			   "Problem</th><th>Addresses</th><th>Meaning</th></tr>\n");
	for (int k = 0; k < n && k < HTML_TOP_PROBLEMS; k++) {
		const char *name = fcrdns_problem_name((fcrdns_problem_code)codes[k]);
		fcrdns_buf_printf(b, "<tr data-code=\"%s\"><td><code>%s</code></td><td class=\"num\">"
				  "%llu</td><td>%s</td></tr>\n", name, name, h->problems[codes[k]],
				  html_problem_explanation((fcrdns_problem_code)codes[k]));
	}
	fcrdns_buf_puts(b, "</table>\n</section>\n");
}

static void write_row(fcrdns_buf *b, const table_row *row)
{
	char ip[FCRDNS_IPSTR_MAX];
	const char *owner = fcrdns_fix_owner_name((fcrdns_fix_owner)row->owner);

	fcrdns_buf_printf(b, "<tr data-ip=\"%s\"><td class=\"ip\">%s</td><td>",
			  fcrdns_addr_format(&row->addr, ip), ip);
	html_badge(b, (html_verdict)row->verdict, NULL);
	fcrdns_buf_puts(b, "</td><td>");
	if (row->name) {
		fcrdns_buf_puts(b, "<span class=\"name\">");
		html_text(b, row->name, HTML_NAME_KEEP + 3);
		fcrdns_buf_puts(b, "</span>");
	} else {
		fcrdns_buf_printf(b, "(%s)", fcrdns_lookup_label((fcrdns_lookup)row->outcome));
	}
	fcrdns_buf_puts(b, "</td><td>");
	for (int c = 0, n = 0; c < 32; c++)
		if (row->problems & (1u << c))
			fcrdns_buf_printf(b, "%s<code>%s</code>", n++ ? " " : "",
					  fcrdns_problem_name((fcrdns_problem_code)c));
	fcrdns_buf_printf(b, "</td><td class=\"owner\">%s</td><td class=\"step\">", owner ? owner : "");
	if (row->step)
		html_text(b, row->step, HTML_STEP_KEEP + 3);
	fcrdns_buf_puts(b, "</td></tr>\n");
}

static void write_table(html_bulk *h)
{
	fcrdns_buf *b = &h->out.buf;

	qsort(h->rows, h->nrows, sizeof h->rows[0], row_order);
	fcrdns_buf_puts(b, "<section id=\"attention\">\n<h2>Addresses that need work</h2>\n<p>Every "
			   "address that is not a clean pass, with who must fix it and the first step "
			   "(the JSON records have every step).</p>\n<table>\n<tr><th>Address</th>"
			   "<th>Verdict</th><th>PTR name</th><th>Problems</th><th>Fix owner</th>"
			   "<th>First step</th></tr>\n");
	for (size_t i = 0; i < h->nrows; i++) {
		write_row(b, &h->rows[i]);
		html_flush(&h->out, 0);
	}
	fcrdns_buf_puts(b, "</table>\n");
	if (h->rows_dropped)
		fcrdns_buf_printf(b, "<p id=\"more-rows\">And <b>%llu</b> more not listed: the table "
				  "keeps the first %d.</p>\n", h->rows_dropped, HTML_TABLE_ROWS);
	fcrdns_buf_puts(b, "</section>\n");
}

static void html_bulk_free(html_bulk *h)
{
	for (size_t i = 0; i < h->nblocks; i++) {
		for (unsigned c = 0; c < 256; c++)
			free(h->blocks[i]->cells[c].name);
		free(h->blocks[i]);
	}
	for (size_t i = 0; i < h->nrows; i++) {
		free(h->rows[i].name);
		free(h->rows[i].step);
	}
	for (size_t i = 0; i < h->ngeneric_samples; i++)
		free(h->generic_samples[i]);
	free(h->providers);
	free(h);
}

int html_bulk_finish(html_bulk *h, unsigned long long bad_lines)
{
	int rc;

	html_page_begin(&h->out, "fcrdns bulk report");
	write_totals(h, bad_lines);
	write_grids(h);
	write_names(h);
	write_problems(h);
	write_table(h);
	rc = html_finish(&h->out);
	html_bulk_free(h);
	return rc;
}
