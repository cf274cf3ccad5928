/* SPDX-License-Identifier: MIT */
/*
 * client.c: a program of a libfcrdns user, built only from what
 * `pkg-config --cflags --libs fcrdns` says, against an installed copy
 * (scripts/installcheck.sh: a DESTDIR; tests/system/packages: libfcrdns-dev).
 */
#include <fcrdns.h>
#include <stdio.h>
#include <string.h>

/* Print the library version; exit 1 when fcrdns_strerror() gives no
 * message, or the same one for an error as for success. */
int main(void)
{
	const char *msg = fcrdns_strerror(FCRDNS_EADDR);

	if (msg == NULL || *msg == '\0' || strcmp(msg, fcrdns_strerror(FCRDNS_OK)) == 0)
		return 1;
	puts(fcrdns_version());
	return 0;
}
