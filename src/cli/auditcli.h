/* SPDX-License-Identifier: MIT */
/* auditcli.h: what the files of `fcrdns audit` share: the words of the
 * audit's problems and verdicts, the JSON Lines records, the human report
 * and the monitoring-plugin judgement of a domain. */
#ifndef FCRDNS_AUDITCLI_H
#define FCRDNS_AUDITCLI_H

#include "audit/audit.h"
#include "cli.h"

/* Append the one-line message of problem p of d (printable ASCII). */
void audit_problem_text(fcrdns_buf *b, const audit_domain *d, const audit_problem *p);
/* Append term t of a record as shown on a terminal (terminal-safe). */
void audit_term_text(fcrdns_buf *b, const spf_term *t);

/* Append the blocks of at ("no address" when none), each between open
 * and close (markup, or ""), and how many addresses they hold when that
 * says more than the list. */
void audit_blocks_text(fcrdns_buf *b, const audit_term *at, const char *open, const char *close);
/* Return the words of a record's state ("no SPF record", ...). */
const char *audit_record_state_text(audit_record_state s);

/* Append the records known once discovery is over: one spf, the mx
 * records, the source records (each a JSON Lines line). */
void audit_json_found(fcrdns_buf *b, const audit_domain *d);
/* Append the ip record of a: every field of `check --json`, then roles,
 * class, sources and smtp. */
void audit_json_address(fcrdns_buf *b, const audit_domain *d, const audit_address *a);
/* Append the summary record. */
void audit_json_summary(fcrdns_buf *b, const audit_domain *d);

/* Append the human report of d: what was found, each own address's round
 * trip and fix, each mail server's names, the providers' sources, what
 * could not be enumerated, and the fixes in order. */
void audit_report(fcrdns_buf *b, const audit_domain *d, const char *authserv_id);

/* Append the words of fix f of d (terminal-safe, no newline): the item
 * "what to fix" lists in the human report and the HTML page. */
void audit_fix_text(fcrdns_buf *b, const audit_domain *d, const audit_fix *f);
/* Return what a domain's exit status means, in words. */
const char *audit_exit_meaning(int status);

/* Judge d as a monitoring plugin: its SPF record, each own address, each
 * mail server's banner and EHLO name. */
void audit_plugin_add(plugin_report *p, const audit_domain *d);

#endif
