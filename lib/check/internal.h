/* SPDX-License-Identifier: MIT */
/* internal.h: library-private helpers shared between lib/ files: building
 * results (problems and fix steps as facts) and deciding verdicts. */
#ifndef FCRDNS_INTERNAL_H
#define FCRDNS_INTERNAL_H

#include "fcrdns.h"

/* Allocate an empty result for addr. Returns NULL on allocation failure. */
fcrdns_result *result_new(const fcrdns_addr *addr);
/* Replace r's PTR list with names (any case, as received): lowercased,
 * sorted, de-duplicated, empty names removed, at most FCRDNS_MAX_PTR_KEPT
 * kept (the rest counted in ptr_dropped); allocates one fcrdns_name_check
 * per name to forward-check. Returns 0, or -1 on allocation failure. */
int result_set_ptr(fcrdns_result *r, char *const *names, size_t n);
/* Append a problem: its code, the name it is about (a string r owns, or
 * NULL), the index of the forward check concerned and the lookup outcome
 * it reports. Returns 0, or -1 on allocation failure. */
int result_add_problem(fcrdns_result *r, fcrdns_problem_code code, const char *name,
		       size_t check, fcrdns_lookup outcome);
/* Append a fix step (name and zone are copied; zone may be NULL). Returns
 * the step, or NULL on allocation failure. */
fcrdns_fix_step *result_add_step(fcrdns_result *r, fcrdns_step_kind kind, const char *name,
				 const char *zone);

/* Decide r->iprev and r->confirmed from the lookup outcomes already stored
 * in r (RFC 8601 sections 2.7.3 and 3). */
void verdict_decide(fcrdns_result *r);
/* Append the problems implied by r's outcomes. Returns 0 or -1. */
int verdict_problems(fcrdns_result *r);

#endif
