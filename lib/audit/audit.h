/* SPDX-License-Identifier: MIT */
/* audit.h: `fcrdns audit` as facts (internal; see audit.c): the SPF tree
 * of a domain with its lookups, its MX hosts, the sources of mail they
 * name, the addresses checked (iprev, and the SMTP probe of mail servers)
 * and the summary with the exit status. Front ends render them. */
#ifndef FCRDNS_AUDIT_H
#define FCRDNS_AUDIT_H

#include <stddef.h>
#include <stdint.h>

#include "fcrdns.h"
#include "audit/spf.h"
#include "smtp/probe.h"

#define AUDIT_SAMPLE_MAX 256           /* --sample */
#define AUDIT_MAX_ADDRESSES 1024       /* --max-addresses default */
#define AUDIT_MAX_ADDRESSES_MAX 100000 /* its ceiling */
#define AUDIT_SMTP_TIMEOUT_MS 10000    /* --smtp-timeout default */
#define AUDIT_RECORDS_MAX 64           /* SPF records read per domain */
#define AUDIT_TERMS_MAX 1024           /* SPF terms read per domain */
#define AUDIT_LOOKUP_LIMIT 10          /* RFC 7208 s4.6.4 */
#define AUDIT_VOID_LIMIT 2
#define AUDIT_MX_LIMIT 10              /* MX hosts an mx term may have */
#define AUDIT_HOSTS_MAX 64             /* MX hosts looked up per answer */
#define AUDIT_CIDRS_MAX 256            /* address blocks kept per term */
#define AUDIT_HOST_ADDRS_MAX 64        /* addresses kept per MX host */
#define AUDIT_SPF_QUERIES_MAX 2048     /* DNS queries of one SPF tree */

/* Domain-level problem codes: one list gives the enum and the codes. The
 * "spf-" ones (and no-spf) belong to the SPF record; those marked 1 make
 * SPF permerror. */
#define AUDIT_PROBLEM_MAP(X)                                        \
	X(NO_SPF, "no-spf", 0)                                      \
	X(SPF_MULTIPLE_RECORDS, "spf-multiple-records", 1)          \
	X(SPF_SYNTAX, "spf-syntax", 1)                              \
	X(SPF_INCLUDE_NO_RECORD, "spf-include-no-record", 1)        \
	X(SPF_REDIRECT_NO_RECORD, "spf-redirect-no-record", 1)      \
	X(SPF_LOOP, "spf-loop", 1)                                  \
	X(SPF_MX_TOO_MANY, "spf-mx-too-many", 1)                    \
	X(SPF_TOO_MANY_LOOKUPS, "spf-too-many-lookups", 1)          \
	X(SPF_TOO_MANY_VOID_LOOKUPS, "spf-too-many-void-lookups", 1) \
	X(SPF_TRUNCATED, "spf-truncated", 0)                        \
	X(MX_CNAME, "mx-cname", 0)                                  \
	X(MX_IP_LITERAL, "mx-ip-literal", 0)                        \
	X(MX_TEMPERROR, "mx-temperror", 0)                          \
	X(ADDRESS_CAP, "address-cap", 0)

typedef enum audit_problem_code {
#define AUDIT_PROBLEM_ENUM(name, code, perm) AUDIT_PROBLEM_##name,
	AUDIT_PROBLEM_MAP(AUDIT_PROBLEM_ENUM)
#undef AUDIT_PROBLEM_ENUM
} audit_problem_code;

/* One problem: its code and the parameters that make it specific. Strings
 * are owned by the domain (terms: raw bytes as published). */
typedef struct audit_problem {
	audit_problem_code code;
	const char *record;   /* the domain whose record (or MX data) it is in */
	const char *term;     /* the term as written, or NULL */
	size_t term_len;
	const char *target;   /* an include/redirect/mx target, an MX host */
	size_t count;         /* lookups, void lookups, records, MX hosts,
				 addresses left unchecked */
	spf_error error;      /* spf-syntax: why the term does not parse */
} audit_problem;

typedef enum audit_spf_result {
	AUDIT_SPF_NONE,
	AUDIT_SPF_OK,
	AUDIT_SPF_PERMERROR,
	AUDIT_SPF_TEMPERROR,
} audit_spf_result;

typedef enum audit_class {
	AUDIT_OWN,
	AUDIT_PROVIDER,
	AUDIT_UNENUMERABLE,
} audit_class;

/* Roles of an address (bits). */
#define AUDIT_ROLE_SPF 0x1u
#define AUDIT_ROLE_MX 0x2u
#define AUDIT_ROLE_GIVEN 0x4u

/* An address block. */
typedef struct audit_cidr {
	fcrdns_addr net;
	unsigned prefix;
} audit_cidr;

/* ---- The SPF tree ----------------------------------------------------- */

typedef enum audit_record_state {
	AUDIT_REC_PENDING,    /* its TXT lookup is out */
	AUDIT_REC_PARSED,     /* one SPF record, read */
	AUDIT_REC_NONE,       /* no SPF record */
	AUDIT_REC_MULTIPLE,   /* more than one */
	AUDIT_REC_TEMPERROR,  /* the TXT lookup failed transiently */
	AUDIT_REC_LOOP,       /* already on the path: not read again */
	AUDIT_REC_SKIPPED,    /* beyond AUDIT_RECORDS_MAX: not read */
} audit_record_state;

/* Term flags. */
#define AUDIT_TERM_LOOKUP 0x1u      /* counted as a DNS lookup */
#define AUDIT_TERM_VOID 0x2u        /* a void lookup */
#define AUDIT_TERM_TEMPERROR 0x4u   /* one of its lookups failed transiently */
#define AUDIT_TERM_FOLLOWED 0x8u    /* include, redirect: its record is read */
#define AUDIT_TERM_TRUNCATED 0x10u  /* answers beyond the caps were left out */
#define AUDIT_TERM_SKIPPED 0x20u    /* beyond AUDIT_TERMS_MAX: not read */

struct audit_record;

/* What the audit found for one term of a record. */
typedef struct audit_term {
	audit_class cls;          /* a, mx: by the term's domain; ip4, ip6: the
				     record's; exists, ptr, macros: unenumerable */
	const char *operator;     /* provider: its registrable domain */
	audit_cidr *cidrs;        /* a, mx: the answers widened; ip4, ip6 */
	size_t ncidrs, cidr_cap;
	size_t mx_hosts;          /* mx: hosts in the answer */
	struct audit_record *child; /* include, followed redirect */
	unsigned flags;           /* AUDIT_TERM_* */
	unsigned pending;         /* its lookups still out */
	unsigned nodata;          /* a: lookups that found no data */
} audit_term;

/* One record of the tree (the domain's own, or one reached). */
typedef struct audit_record {
	char *domain;             /* lowercase, no trailing dot */
	audit_record_state state;
	size_t found;             /* MULTIPLE: SPF records published */
	spf_record spf;           /* PARSED */
	audit_term *terms;        /* PARSED: one per spf.terms */
	audit_class cls;          /* own, or provider */
	const char *operator;
	struct audit_record *parent;
	spf_kind via;             /* SPF_INCLUDE, SPF_REDIRECT; SPF_ALL: the root */
} audit_record;

/* One source of mail: a term with addresses (or that cannot have them
 * listed), once per (record, term). Points into the tree. */
typedef struct audit_source {
	const audit_record *record;
	const spf_term *term;
	const audit_term *found;
	int authorized;           /* qualifier '+' */
	spf_count size;           /* addresses in its blocks */
	size_t checked;           /* of its addresses, those checked */
} audit_source;

/* ---- MX --------------------------------------------------------------- */

typedef struct audit_mx {
	char *host;               /* lowercase, no trailing dot; a literal: as given */
	unsigned preference;
	fcrdns_addr *addrs;       /* sorted */
	size_t naddrs, addr_cap;
	audit_class cls;
	const char *operator;
	int implicit;             /* RFC 5321 s5.1: the domain's own addresses */
	int literal;              /* the target is an address */
	int cname;                /* the target is a CNAME */
	int temperror;            /* an address lookup failed transiently */
	unsigned pending;
} audit_mx;

/* ---- Addresses and the probe ---------------------------------------------- */

/* A mail server's name judged like a HELO name: the HELO ladder's verdict,
 * or one of the two the probe adds. */
typedef enum audit_name_kind {
	AUDIT_NAME_LADDER,        /* verdict holds the HELO ladder's */
	AUDIT_NAME_NO_NAME,       /* no name given */
	AUDIT_NAME_NO_GREETING,   /* no 220 greeting */
} audit_name_kind;

typedef struct audit_name_verdict {
	audit_name_kind kind;
	fcrdns_helo_verdict verdict;
} audit_name_verdict;

typedef struct audit_smtp {
	smtp_facts *facts;
	audit_name_verdict banner, ehlo;
} audit_smtp;

typedef struct audit_address {
	fcrdns_addr addr;
	char ip[FCRDNS_IPSTR_MAX];
	unsigned roles;           /* AUDIT_ROLE_* */
	audit_class cls;          /* own when any way to it is own */
	int probe;                /* an MX address to probe */
	size_t *sources;          /* indexes into the domain's sources */
	size_t nsources, source_cap;
	fcrdns_result *result;    /* once checked */
	audit_smtp smtp;          /* once probed (facts NULL when not; they
				     belong to the session) */
	int done;
	unsigned waiting;         /* the machine's: check and probe still out */
} audit_address;

/* ---- A domain ------------------------------------------------------------- */

/* Exit statuses of one domain (the contract's). */
enum {
	AUDIT_EXIT_OK = 0,
	AUDIT_EXIT_FAIL = 1,
	AUDIT_EXIT_TEMPERROR = 2,
	AUDIT_EXIT_NOTHING = 3,
};

/* "What to fix": the kinds of item, in the order the domain's owner
 * should act. The SPF record first (a permerror breaks it for every
 * receiver: spf_problems[index]; or the tree could not be read), then own
 * addresses (addrs[index]) that fail or are permerror, then those that
 * could not be checked, then those that pass with fix steps (a generic or
 * provider's name), then mail servers (addrs[index]) that do not greet or
 * whose banner or EHLO name does not pass, and last the MX data and what
 * was left unchecked (problems[index]). One list gives the enum and the
 * codes. */
#define AUDIT_FIX_MAP(X)                          \
	X(SPF_PROBLEM, "spf-problem")             \
	X(SPF_TEMPERROR, "spf-temperror")         \
	X(ADDRESS, "address")                     \
	X(ADDRESS_TEMPERROR, "address-temperror") \
	X(ADDRESS_NAME, "address-name")           \
	X(SERVER_SILENT, "server-silent")         \
	X(SERVER_NAMES, "server-names")           \
	X(DOMAIN_PROBLEM, "domain-problem")

typedef enum audit_fix_kind {
#define AUDIT_FIX_ENUM(name, code) AUDIT_FIX_##name,
	AUDIT_FIX_MAP(AUDIT_FIX_ENUM)
#undef AUDIT_FIX_ENUM
} audit_fix_kind;

/* One item of what to fix: its kind and the index of what it is about
 * (see AUDIT_FIX_MAP; 0 for SPF_TEMPERROR). */
typedef struct audit_fix {
	audit_fix_kind kind;
	size_t index;
} audit_fix;

typedef struct audit_summary {
	size_t checked;
	size_t counts[4];         /* by fcrdns_iprev */
	audit_problem_code *codes; /* each domain-level code once, in order */
	size_t ncodes;
	int exit_status;
	audit_fix *fixes;         /* what to fix, in order */
	size_t nfixes;
} audit_summary;

struct audit_session;

/* Everything found about one domain. The fields down to summary are the
 * facts; the rest is the machine's. */
typedef struct audit_domain {
	char *name;               /* lowercase, no trailing dot */
	char *org;                /* its registrable domain (or itself) */
	/* SPF */
	audit_spf_result spf_result;
	audit_record *spf;        /* the tree; never NULL once started */
	unsigned lookups, void_lookups;
	const char *temperror_name; /* the first name whose lookup failed */
	audit_problem *spf_problems;
	size_t nspf_problems;
	audit_source *sources;
	size_t nsources;
	/* MX */
	int null_mx;
	int mx_temperror;         /* the MX lookup failed transiently */
	audit_mx *mx;             /* by preference, then host */
	size_t nmx;
	audit_problem *problems;  /* MX and address problems */
	size_t nproblems;
	/* Addresses, in the order they are checked */
	audit_address *addrs;
	size_t naddrs;
	size_t unchecked;         /* addresses beyond --max-addresses */
	audit_summary summary;
	/* ---- the machine ---- */
	struct audit_session *session;
	size_t pending;           /* discovery lookups out */
	size_t open_addresses;    /* addresses not yet done */
	size_t records, terms;    /* read so far, for the caps */
	size_t spf_queries;       /* asked for the SPF tree, for its cap */
	int truncated;
	int failed;               /* memory ran out */
	int cancelled;
	void (*cb)(void *arg, int event, struct audit_domain *d, audit_address *a);
	void *arg;
} audit_domain;

/* ---- Running ---------------------------------------------------------------- */

typedef struct audit_options {
	unsigned sample;          /* addresses per large block; default 4 */
	size_t max_addresses;     /* checks per domain; default 1024 */
	int include_providers;    /* check and probe providers' addresses too */
	int no_smtp;              /* probe nothing */
	uint16_t smtp_port;       /* default 25 */
	unsigned smtp_timeout_ms; /* default 10000 */
	const char *helo_name;    /* sent with EHLO (required unless no_smtp) */
	const fcrdns_addr *given; /* --ip */
	size_t ngiven;
} audit_options;

/* What the callback is told. */
enum {
	AUDIT_EVENT_FOUND,    /* the SPF tree, MX hosts, sources and the
				 addresses to check are known */
	AUDIT_EVENT_ADDRESS,  /* one address is checked (and probed) */
	AUDIT_EVENT_DONE,     /* the summary is known: the last event */
};

/* Called from the loop for each event of d (a: the address, for
 * AUDIT_EVENT_ADDRESS). d and a stay valid until audit_session_free(). */
typedef void (*audit_cb)(void *arg, int event, audit_domain *d, audit_address *a);

typedef struct audit_session audit_session;

/* Return the code of a problem ("spf-loop", ...). */
const char *audit_problem_name(audit_problem_code c);
/* Return 1 when the problem makes SPF permerror. */
int audit_problem_is_permerror(audit_problem_code c);
/* Return "none", "ok", "permerror" or "temperror". */
const char *audit_spf_result_name(audit_spf_result r);
/* Return "own", "provider" or "unenumerable". */
const char *audit_class_name(audit_class c);
/* Return the verdict's name: the HELO ladder's, "no-name" or
 * "no-greeting". */
const char *audit_name_verdict_name(const audit_name_verdict *v);
/* Return 1 when a mail server's name passes: it matches the PTR name, is
 * in its domain, resolves to the address, or is the address literal. */
int audit_name_verdict_good(const audit_name_verdict *v);
/* Return the code of a fix kind ("server-names", ...). */
const char *audit_fix_kind_name(audit_fix_kind k);

/* Return 1 when name (as typed) is a domain an audit can run on: an RFC
 * 5321 host name, one trailing dot allowed. */
int audit_domain_valid(const char *name);

/* Create a session on ctx with options o (copied; given addresses too).
 * Returns FCRDNS_OK, FCRDNS_EINVAL (bad options) or FCRDNS_ENOMEM. */
int audit_session_new(audit_session **out, fcrdns_ctx *ctx, const audit_options *o);
/* Start auditing domain (audit_domain_valid()); events go to cb from the
 * loop. Returns FCRDNS_OK, FCRDNS_EINVAL or FCRDNS_ENOMEM (cb not called). */
int audit_start(audit_session *s, const char *domain, audit_cb cb, void *arg);
/* Return 1 when some domain of s ran out of memory. */
int audit_session_failed(const audit_session *s);
/* Free s and every domain: after fcrdns_run() returned, or after the
 * context was freed (its cancelled callbacks need s). */
void audit_session_free(audit_session *s);

/* Return the worse of two exit statuses: 1, then 2, then 3, then 0. */
int audit_exit_combine(int a, int b);

#endif
