/* SPDX-License-Identifier: MIT */
/* log.c: the milter's one diagnostics module: syslog, or stderr when
 * running in the foreground with Syslog no. */
#include <stdarg.h>
#include <stdio.h>
#include <syslog.h>

#include "milter.h"

static int use_syslog;

void log_open(int foreground)
{
	use_syslog = cfg.syslog || !foreground;
	if (use_syslog)
		openlog("fcrdns-milter", LOG_PID | LOG_NDELAY, cfg.facility);
}

void log_msg(int pri, const char *fmt, ...)
{
	char line[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	if (use_syslog)
		syslog(pri, "%s", line);
	else
		/* One fprintf per line: stderr is unbuffered and threads
		 * must not interleave inside a line. */
		fprintf(stderr, "fcrdns-milter: %s\n", line);
}
