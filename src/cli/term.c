/* SPDX-License-Identifier: MIT */
/* term.c: colour on terminals only, honouring NO_COLOR (no-color.org). */
#include <stdlib.h>
#include <unistd.h>

#include "cli.h"

static int use_colour;

void term_init(FILE *stream)
{
	const char *no_colour = getenv("NO_COLOR");

	use_colour = isatty(fileno(stream)) && (no_colour == NULL || no_colour[0] == '\0');
}

void term_styled(fcrdns_buf *b, style s, const char *text)
{
	static const char *const codes[] = {
		[STYLE_PLAIN] = "", [STYLE_BOLD] = "\033[1m", [STYLE_GOOD] = "\033[1;32m",
		[STYLE_BAD] = "\033[1;31m", [STYLE_WARN] = "\033[1;33m", [STYLE_DIM] = "\033[2m",
	};

	if (!use_colour || s == STYLE_PLAIN) {
		fcrdns_buf_puts(b, text);
		return;
	}
	fcrdns_buf_puts(b, codes[s]);
	fcrdns_buf_puts(b, text);
	fcrdns_buf_puts(b, "\033[0m");
}

style term_iprev_style(fcrdns_iprev r)
{
	switch (r) {
	case FCRDNS_IPREV_PASS: return STYLE_GOOD;
	case FCRDNS_IPREV_TEMPERROR: return STYLE_WARN;
	default: return STYLE_BAD;
	}
}
