/* SPDX-License-Identifier: MIT */
/* status.c: names and messages for status codes, iprev results, lookup
 * outcomes and problem codes, all generated from the lists in fcrdns.h. */
#include "fcrdns.h"

const char *fcrdns_strerror(int status)
{
	switch (status) {
#define FCRDNS_STATUS_CASE(name, num, msg) case FCRDNS_##name: return msg;
	FCRDNS_STATUS_MAP(FCRDNS_STATUS_CASE)
#undef FCRDNS_STATUS_CASE
	}
	return "unknown status";
}

const char *fcrdns_version(void)
{
	return FCRDNS_VERSION;
}

const char *fcrdns_iprev_name(fcrdns_iprev r)
{
	static const char *const names[] = {
		[FCRDNS_IPREV_PASS] = "pass",
		[FCRDNS_IPREV_FAIL] = "fail",
		[FCRDNS_IPREV_TEMPERROR] = "temperror",
		[FCRDNS_IPREV_PERMERROR] = "permerror",
	};
	if ((unsigned)r >= sizeof names / sizeof names[0])
		return "temperror";
	return names[r];
}

/* The words of each lookup outcome, by outcome. */
static const struct {
	const char *name, *label, *phrase;
} lookup_words[] = {
#define FCRDNS_LOOKUP_ROW(name, num, text, label, phrase) [num] = { text, label, phrase },
	FCRDNS_LOOKUP_MAP(FCRDNS_LOOKUP_ROW)
#undef FCRDNS_LOOKUP_ROW
};

/* Return the words of l; an unknown value reads as an error. */
static unsigned lookup_row(fcrdns_lookup l)
{
	return (unsigned)l < sizeof lookup_words / sizeof lookup_words[0] ? (unsigned)l
									   : FCRDNS_LOOKUP_ERROR;
}

const char *fcrdns_lookup_name(fcrdns_lookup l)
{
	return lookup_words[lookup_row(l)].name;
}

const char *fcrdns_lookup_label(fcrdns_lookup l)
{
	return lookup_words[lookup_row(l)].label;
}

const char *fcrdns_lookup_phrase(fcrdns_lookup l)
{
	return lookup_words[lookup_row(l)].phrase;
}

int fcrdns_lookup_is_transient(fcrdns_lookup l)
{
	switch (l) {
	case FCRDNS_LOOKUP_SERVFAIL:
	case FCRDNS_LOOKUP_REFUSED:
	case FCRDNS_LOOKUP_TIMEOUT:
	case FCRDNS_LOOKUP_ERROR:
		return 1;
	default:
		return 0;
	}
}

const char *fcrdns_problem_name(fcrdns_problem_code c)
{
	switch (c) {
#define FCRDNS_PROBLEM_CASE(name, num, code, msg) case FCRDNS_PROBLEM_##name: return code;
	FCRDNS_PROBLEM_MAP(FCRDNS_PROBLEM_CASE)
#undef FCRDNS_PROBLEM_CASE
	}
	return "unknown";
}

#define FCRDNS_PROBLEM_ONE(name, num, code, msg) +1
_Static_assert(0 FCRDNS_PROBLEM_MAP(FCRDNS_PROBLEM_ONE) == FCRDNS_PROBLEM_CODES,
	       "FCRDNS_PROBLEM_CODES must count FCRDNS_PROBLEM_MAP");
#undef FCRDNS_PROBLEM_ONE
