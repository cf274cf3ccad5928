/* SPDX-License-Identifier: MIT */
/* diagnose.h: classification, HELO verdict and fix (internal). */
#ifndef FCRDNS_DIAGNOSE_H
#define FCRDNS_DIAGNOSE_H

#include <libpsl.h>

#include "check/internal.h"

/* Fill r's generic/provider, HELO verdict, fix owner and steps, and the
 * problems they imply; ranges (may be NULL) names the provider of an
 * address whose PTR is missing or generic. r's iprev must be decided.
 * Returns 0 or -1. */
int diagnose(fcrdns_result *r, const psl_ctx_t *psl, const fcrdns_ranges *ranges);

#endif
