/* SPDX-License-Identifier: MIT */
/* milterlib.h: the pure, milter-independent pieces fcrdns-milter is built
 * from: host lists (CIDR and PTR-suffix matching), Authentication-Results
 * authserv-id parsing, the policy decision and reply text, and the
 * configuration file loader. None of them prints, logs or exits. */
#ifndef FCRDNS_MILTERLIB_H
#define FCRDNS_MILTERLIB_H

#include <stddef.h>

#include "fcrdns.h"
#include "mail/authres.h"

/* ---- Host lists (hostlist.c) ------------------------------------------ */

#define HOSTLIST_MAX 1024      /* entries per list */
#define HOSTLIST_NAME_MAX 253  /* longest name entry, without the dot */

typedef struct hostlist_net {
	fcrdns_addr addr;  /* host bits are zero */
	unsigned prefix;   /* 0..32 or 0..128 */
} hostlist_net;

/* Addresses, CIDR blocks and host names. A name entry starting with '.'
 * matches every name below it; any other name matches itself only. */
typedef struct hostlist {
	hostlist_net *nets;
	size_t nnets;
	char **names;      /* lowercase, no trailing dot */
	size_t nnames;
} hostlist;

/* Add the entries of text (separated by commas and/or blanks) to l. On
 * error returns -1, leaves the entries parsed so far, and points *err at
 * a static message; the bad entry (truncated) is copied into bad. */
int hostlist_parse(hostlist *l, const char *text, const char **err, char *bad, size_t badlen);
/* Return 1 when addr lies in one of l's addresses or blocks. */
int hostlist_match_addr(const hostlist *l, const fcrdns_addr *addr);
/* Return 1 when name (any case, trailing dot allowed) matches a name
 * entry of l. NULL matches nothing. */
int hostlist_match_name(const hostlist *l, const char *name);
/* Free l's entries and reset it to empty. */
void hostlist_free(hostlist *l);

/* ---- Policy (policy.c) -------------------------------------------------- */

typedef enum policy_mode {
	POLICY_NONE = 0,          /* annotate only */
	POLICY_REJECT_PERMERROR,  /* reject when no PTR exists */
	POLICY_REJECT_FAIL,       /* reject when the PTR is not confirmed */
	POLICY_REJECT,            /* both */
} policy_mode;

typedef enum policy_action {
	ACTION_ACCEPT = 0,
	ACTION_REJECT,            /* 550 5.7.25 */
	ACTION_TEMPFAIL,          /* 451 4.7.25 */
} policy_action;

#define POLICY_REPLY_MAX 400   /* reply text bytes, inside SMTP's 512 */

/* Decide what to do with a message from a client whose iprev result is
 * iprev. Allowlisted clients are always accepted. HELO never matters. */
policy_action policy_decide(policy_mode mode, int tempfail_on_temperror,
			    fcrdns_iprev iprev, int allowlisted);
/* Return "accept", "reject" or "tempfail". */
const char *policy_action_name(policy_action a);
/* Return the SMTP reply code ("550", "451") and enhanced status code
 * ("5.7.25", "4.7.25", RFC 7372) of a reject or tempfail action. */
const char *policy_reply_code(policy_action a);
const char *policy_reply_dsn(policy_action a);
/* Write into buf (size len) the one-line reply text for r: tmpl when set
 * (with <ip> and <ptr> replaced), else one built from the result that says
 * what is wrong and who must fix it. The text is printable ASCII, at most
 * POLICY_REPLY_MAX bytes, with '%' doubled as smfi_setreply() requires.
 * Returns buf. */
char *policy_reply_text(const fcrdns_result *r, const char *tmpl, char *buf, size_t len);

/* ---- Configuration (milterconf.c) -------------------------------------- */

#define CONF_LINE_MAX 1024     /* bytes per line, without the newline */
#define CONF_LINES_MAX 10000   /* lines per file */

typedef enum conf_on_error { ON_ERROR_ACCEPT = 0, ON_ERROR_TEMPFAIL } conf_on_error;

/* Everything /etc/fcrdns-milter.conf can set; strings are NULL or
 * heap-allocated, freed by milter_conf_free(). */
typedef struct milter_conf {
	char *socket;           /* inet:PORT@ADDR, inet6:PORT@ADDR, local:PATH */
	char *authserv_id;      /* NULL: the caller uses the host name */
	int policy;             /* policy_mode */
	int tempfail_on_temperror;
	char *reject_text;      /* NULL: built from the result */
	hostlist internal_hosts;
	hostlist allowlist;
	int skip_authenticated;
	int diagnostic_header;
	char *resolvers;        /* comma separated, NULL: /etc/resolv.conf */
	fcrdns_ranges *ranges;  /* Ranges file, loaded once; NULL: none */
	unsigned timeout_ms;    /* total DNS budget per connection */
	char *user;
	char *pidfile;
	int syslog;
	int facility;           /* a LOG_* facility value */
	int on_error;           /* conf_on_error */
} milter_conf;

/* Set every key of c to its default, then apply the file at path. On
 * error returns -1 with "PATH:LINE: message" (or "PATH: message") in err;
 * c then holds defaults and whatever was read before the error, and must
 * still be freed. Returns 0 on success. */
int milter_conf_load_file(milter_conf *c, const char *path, char *err, size_t errlen);
/* The same for text held in memory, reported as coming from name. */
int milter_conf_load_text(milter_conf *c, const char *name, const char *text,
			  char *err, size_t errlen);
/* Free what c holds and zero it. */
void milter_conf_free(milter_conf *c);
/* Return the name of a policy_mode value ("none", "reject-fail", ...). */
const char *milter_conf_policy_name(int policy);

#endif
