/* SPDX-License-Identifier: MIT */
/* json.c: the JSON Lines record of a check result, the contract other
 * tools read: facts as fields, problems and fix steps worded by text.c. */
#include <string.h>

#include "fcrdns.h"

static void json_cstring(fcrdns_buf *b, const char *s)
{
	if (s == NULL)
		fcrdns_buf_add(b, "null", 4);
	else
		fcrdns_json_string(b, s, strlen(s));
}

/* Append the text rendered into scratch as a JSON string; reset scratch. */
static void json_scratch(fcrdns_buf *b, fcrdns_buf *scratch)
{
	fcrdns_json_string(b, scratch->data ? scratch->data : "", scratch->len);
	if (scratch->failed)
		b->failed = 1;
	scratch->len = 0;
	scratch->failed = 0;
}

static void json_problems(fcrdns_buf *b, fcrdns_buf *scratch, const fcrdns_result *r)
{
	fcrdns_buf_add(b, "[", 1);
	for (size_t i = 0; i < r->nproblems; i++) {
		if (i > 0)
			fcrdns_buf_add(b, ",", 1);
		fcrdns_buf_puts(b, "{\"code\":");
		json_cstring(b, fcrdns_problem_name(r->problems[i].code));
		fcrdns_buf_puts(b, ",\"message\":");
		fcrdns_problem_text(scratch, r, &r->problems[i]);
		json_scratch(b, scratch);
		fcrdns_buf_add(b, "}", 1);
	}
	fcrdns_buf_add(b, "]", 1);
}

static void json_fix(fcrdns_buf *b, fcrdns_buf *scratch, const fcrdns_result *r)
{
	fcrdns_buf_puts(b, "{\"owner\":");
	json_cstring(b, fcrdns_fix_owner_name(r->fix_owner));
	fcrdns_buf_puts(b, ",\"steps\":[");
	for (size_t i = 0; i < r->nfix_steps; i++) {
		if (i > 0)
			fcrdns_buf_add(b, ",", 1);
		fcrdns_fix_step_text(scratch, r, &r->fix_steps[i]);
		json_scratch(b, scratch);
	}
	fcrdns_buf_puts(b, "]}");
}

/* The diagnosis fields; helo only when the request named one. */
static void json_diagnosis(fcrdns_buf *b, fcrdns_buf *scratch, const fcrdns_result *r)
{
	fcrdns_buf_puts(b, r->generic ? ",\"generic\":true" : ",\"generic\":false");
	fcrdns_buf_puts(b, ",\"provider\":");
	json_cstring(b, r->provider ? r->provider->id : NULL);
	fcrdns_buf_puts(b, ",\"fix\":");
	json_fix(b, scratch, r);
	if (r->helo_name == NULL)
		return;
	fcrdns_buf_puts(b, ",\"helo\":{\"name\":");
	json_cstring(b, r->helo_name);
	fcrdns_buf_puts(b, ",\"verdict\":");
	json_cstring(b, fcrdns_helo_verdict_name(r->helo));
	fcrdns_buf_add(b, "}", 1);
}

void fcrdns_result_json(fcrdns_buf *b, const fcrdns_result *r)
{
	fcrdns_buf scratch = { 0 };
	char authres[1024];

	fcrdns_buf_puts(b, "{\"ip\":");
	json_cstring(b, r->ip);
	fcrdns_buf_puts(b, ",\"iprev\":");
	json_cstring(b, fcrdns_iprev_name(r->iprev));
	fcrdns_buf_puts(b, ",\"ptr\":[");
	for (size_t i = 0; i < r->nptr; i++) {
		if (i > 0)
			fcrdns_buf_add(b, ",", 1);
		json_cstring(b, r->ptr[i]);
	}
	fcrdns_buf_puts(b, "],\"confirmed\":");
	json_cstring(b, r->confirmed);
	fcrdns_buf_puts(b, ",\"problems\":");
	json_problems(b, &scratch, r);
	fcrdns_authres_format(r, authres, sizeof authres);
	fcrdns_buf_puts(b, ",\"authentication_results\":");
	json_cstring(b, authres);
	json_diagnosis(b, &scratch, r);
	fcrdns_buf_puts(b, ",\"dnssec\":{\"ptr\":");
	json_cstring(b, fcrdns_dnssec_name(fcrdns_dnssec_ptr(r)));
	fcrdns_buf_puts(b, ",\"forward\":");
	json_cstring(b, fcrdns_dnssec_name(fcrdns_dnssec_forward(r)));
	fcrdns_buf_add(b, "}}", 2);
	if (scratch.failed)
		b->failed = 1;
	fcrdns_buf_free(&scratch);
}
