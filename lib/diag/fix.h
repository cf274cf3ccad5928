/* SPDX-License-Identifier: MIT */
/* fix.h: who must fix what (internal; see fix.c). */
#ifndef FCRDNS_FIX_H
#define FCRDNS_FIX_H

#include <libpsl.h>

#include "check/internal.h"

/* Return who must act on r (verdict, generic flag and expected-name
 * lookups already decided). */
fcrdns_fix_owner fix_owner_decide(const fcrdns_result *r);
/* Set r->fix_owner and append the steps. psl names the zone to edit (may
 * be NULL). Returns 0, or -1 on allocation failure. */
int fix_decide(fcrdns_result *r, const psl_ctx_t *psl);

#endif
