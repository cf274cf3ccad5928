/* SPDX-License-Identifier: MIT */
/* bench/classify.c: how many names per second fcrdns_classify() handles on
 * one core, over the labelled corpus's names (with their addresses). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fcrdns.h"

#define NAMES_MAX 4096
#define LINE_MAX_LEN 2048
#define RUN_SECONDS 1.5

typedef struct sample {
	char name[1100];
	fcrdns_addr addr;
	int has_addr;
} sample;

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Read "name<TAB>ip-or-dash<TAB>..." lines into s. Returns the count. */
static size_t load(const char *path, sample *s, size_t max)
{
	char line[LINE_MAX_LEN];
	size_t n = 0;
	FILE *f = fopen(path, "r");

	if (f == NULL) {
		perror(path);
		exit(1);
	}
	while (n < max && fgets(line, sizeof line, f) != NULL) {
		char *name = strtok(line, "\t\n"), *ip = strtok(NULL, "\t\n");
		if (name == NULL || name[0] == '#' || strlen(name) >= sizeof s[n].name)
			continue;
		strcpy(s[n].name, name);
		s[n].has_addr = ip != NULL && fcrdns_addr_parse(ip, &s[n].addr) == FCRDNS_OK;
		n++;
	}
	fclose(f);
	return n;
}

int main(int argc, char **argv)
{
	static sample s[NAMES_MAX];
	const char *path = argc > 1 ? argv[1] : CORPUS_DEFAULT;
	size_t n = load(path, s, NAMES_MAX);
	unsigned long long done = 0, generic = 0;
	fcrdns_class c;

	if (n == 0) {
		fprintf(stderr, "%s: no names\n", path);
		return 1;
	}
	double start = now(), elapsed;
	do {
		for (size_t i = 0; i < n; i++) {
			fcrdns_classify(s[i].name, s[i].has_addr ? &s[i].addr : NULL, &c);
			generic += (unsigned)c.generic; /* keeps the call observable */
		}
		done += n;
	} while ((elapsed = now() - start) < RUN_SECONDS);
	printf("classified %llu names (%zu distinct, %llu generic) in %.2f s\n", done, n,
	       generic, elapsed);
	printf("%.0f names/second, %.1f ns/name\n", (double)done / elapsed,
	       elapsed * 1e9 / (double)done);
	return 0;
}
