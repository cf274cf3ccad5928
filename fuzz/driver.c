/* SPDX-License-Identifier: MIT */
/* driver.c: a main() for the fuzz targets when they are not built with
 * libFuzzer: runs LLVMFuzzerTestOneInput once on every file named (or
 * every file of every directory named), so the seed corpora replay as
 * regression tests under gcc, clang and the sanitizers. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define INPUT_MAX (1 << 20) /* larger seeds are a mistake in the corpus */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Run the target on the file at path. Returns 0, or -1 when unreadable. */
static int run_file(const char *path)
{
	static uint8_t buf[INPUT_MAX];
	FILE *f = fopen(path, "rb");
	size_t n;

	if (f == NULL) {
		perror(path);
		return -1;
	}
	n = fread(buf, 1, sizeof buf, f);
	fclose(f);
	/* A copy of exactly n bytes, so ASan sees reads past the input. */
	uint8_t *copy = malloc(n ? n : 1);
	if (copy == NULL)
		return -1;
	memcpy(copy, buf, n);
	LLVMFuzzerTestOneInput(copy, n);
	free(copy);
	return 0;
}

/* Run the target on every regular file of dir. Returns the files run, or
 * -1 when dir cannot be read. */
static int run_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int count = 0;

	if (d == NULL) {
		perror(dir);
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		char path[4096];
		struct stat sb;
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode) && run_file(path) == 0)
			count++;
	}
	closedir(d);
	return count;
}

int main(int argc, char **argv)
{
	int total = 0;

	for (int i = 1; i < argc; i++) {
		struct stat sb;
		int n = stat(argv[i], &sb) == 0 && S_ISDIR(sb.st_mode) ? run_dir(argv[i])
									: (run_file(argv[i]) == 0);
		if (n < 0)
			return 1;
		total += n;
	}
	printf("%d inputs run\n", total);
	return total > 0 ? 0 : 1;
}
