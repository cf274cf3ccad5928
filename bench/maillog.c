/* SPDX-License-Identifier: MIT */
/* bench/maillog.c: how many mail-log lines per second fcrdns_log_extract()
 * reads on one core, over a log file held in memory (bench/maillog.sh
 * generates one). Uses the public API only, so the same file measures an
 * older build too. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fcrdns.h"

#define RUN_SECONDS 2.0

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Read path whole into *text; return its size (exits on error). */
static size_t slurp(const char *path, char **text)
{
	FILE *f = fopen(path, "rb");
	long size;

	if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0 || (*text = malloc((size_t)size + 1)) == NULL ||
	    fread(*text, 1, (size_t)size, f) != (size_t)size) {
		perror(path);
		exit(1);
	}
	fclose(f);
	return (size_t)size;
}

/* Extract from every line of [text, text + size); count lines and hits. */
static void pass(const char *text, size_t size, unsigned long long *lines,
		 unsigned long long *hits)
{
	const char *p = text, *end = text + size;
	fcrdns_addr a;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		*hits += (unsigned)fcrdns_log_extract(p, len, &a);
		(*lines)++;
		p += len + 1;
	}
}

int main(int argc, char **argv)
{
	char *text;
	size_t size;
	unsigned long long lines = 0, hits = 0;
	double start, elapsed;

	if (argc != 2) {
		fprintf(stderr, "usage: bench_maillog LOGFILE\n");
		return 64;
	}
	size = slurp(argv[1], &text);
	start = now();
	do
		pass(text, size, &lines, &hits);
	while ((elapsed = now() - start) < RUN_SECONDS);
	printf("%llu lines (%llu with a client) in %.2f s: %.0f lines/second, %.0f ns/line\n",
	       lines, hits, elapsed, (double)lines / elapsed, elapsed * 1e9 / (double)lines);
	free(text);
	return 0;
}
