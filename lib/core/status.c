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

const char *fcrdns_lookup_name(fcrdns_lookup l)
{
	switch (l) {
#define FCRDNS_LOOKUP_CASE(name, num, text, label, phrase) case FCRDNS_LOOKUP_##name: return text;
	FCRDNS_LOOKUP_MAP(FCRDNS_LOOKUP_CASE)
#undef FCRDNS_LOOKUP_CASE
	}
	return "error";
}

const char *fcrdns_lookup_label(fcrdns_lookup l)
{
	switch (l) {
#define FCRDNS_LOOKUP_CASE(name, num, text, label, phrase) case FCRDNS_LOOKUP_##name: return label;
	FCRDNS_LOOKUP_MAP(FCRDNS_LOOKUP_CASE)
#undef FCRDNS_LOOKUP_CASE
	}
	return "malformed or unusable answer";
}

const char *fcrdns_lookup_phrase(fcrdns_lookup l)
{
	switch (l) {
#define FCRDNS_LOOKUP_CASE(name, num, text, label, phrase) case FCRDNS_LOOKUP_##name: return phrase;
	FCRDNS_LOOKUP_MAP(FCRDNS_LOOKUP_CASE)
#undef FCRDNS_LOOKUP_CASE
	}
	return "malformed or unusable answer";
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
