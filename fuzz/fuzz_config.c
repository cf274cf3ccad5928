/* SPDX-License-Identifier: MIT */
/* fuzz_config.c: libFuzzer target for the configuration readers an
 * administrator (or a package, or a copied snippet) feeds in: the milter's
 * configuration file and the provider ranges file (`--ranges`, the
 * milter's Ranges key). The first byte picks the reader; the rest is the
 * file. A crash, a sanitizer report or a leak is a bug. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fcrdns.h"
#include "milterlib.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_milter_conf(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), err[256];
	milter_conf c;

	if (text == NULL)
		return;
	memcpy(text, data, size);
	text[size] = '\0';
	memset(&c, 0, sizeof c);
	(void)milter_conf_load_text(&c, "fuzz.conf", text, err, sizeof err);
	milter_conf_free(&c);
	free(text);
}

/* The ranges reader takes a path: the input goes to a memory file. */
static void fuzz_ranges(const uint8_t *data, size_t size)
{
	static const char *probes[] = { "0.0.0.0", "10.1.2.3", "255.255.255.255", "::",
					"2001:db8::1", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff" };
	char path[64], err[256];
	fcrdns_ranges *r = NULL;
	int fd = memfd_create("ranges", 0);

	if (fd < 0)
		return;
	if (size == 0 || write(fd, data, size) == (ssize_t)size) {
		snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
		if (fcrdns_ranges_load(path, &r, err, sizeof err) == FCRDNS_OK) {
			for (size_t i = 0; i < sizeof probes / sizeof probes[0]; i++) {
				fcrdns_addr a;
				if (fcrdns_addr_parse(probes[i], &a) == FCRDNS_OK)
					(void)fcrdns_ranges_lookup(r, &a);
			}
			fcrdns_ranges_free(r);
		}
	}
	close(fd);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	if (data[0] & 1)
		fuzz_ranges(data + 1, size - 1);
	else
		fuzz_milter_conf(data + 1, size - 1);
	return 0;
}
