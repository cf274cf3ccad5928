/* SPDX-License-Identifier: MIT */
/* internal.h: library-private helpers shared between lib/ files: building
 * results and deciding verdicts. */
#ifndef FCRDNS_INTERNAL_H
#define FCRDNS_INTERNAL_H

#include <stdarg.h>

#include "fcrdns.h"

/* Allocate an empty result for addr. Returns NULL on allocation failure. */
fcrdns_result *result_new(const fcrdns_addr *addr);
/* Replace r's PTR list with names (any case, as received): lowercased,
 * sorted, de-duplicated, empty names removed, at most FCRDNS_MAX_PTR_KEPT
 * kept (the rest counted in ptr_dropped); allocates one fcrdns_name_check
 * per name to forward-check. Returns 0, or -1 on allocation failure. */
int result_set_ptr(fcrdns_result *r, char *const *names, size_t n);
#define SAFE_TEXT_MAX 1024 /* a problem message or fix step, before escaping */

/* Format text (cut at SAFE_TEXT_MAX) and make it printable ASCII: it
 * carries names from DNS and the command line. Returns a malloc'ed string,
 * or NULL on allocation failure. */
char *safe_vformat(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
/* Append a problem with a printf-formatted message. Returns 0 or -1. */
int result_add_problem(fcrdns_result *r, fcrdns_problem_code code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Decide r->iprev and r->confirmed from the lookup outcomes already stored
 * in r (RFC 8601 sections 2.7.3 and 3). */
void verdict_decide(fcrdns_result *r);
/* Append the problems implied by r's outcomes. Returns 0 or -1. */
int verdict_problems(fcrdns_result *r);

#endif
