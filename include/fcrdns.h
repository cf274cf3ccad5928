/* SPDX-License-Identifier: MIT */
/*
 * fcrdns.h: the public interface of libfcrdns, Forward-Confirmed reverse
 * DNS (RFC 8601 "iprev") checks driven asynchronously from one event loop.
 * The library computes facts; it never prints, logs or exits.
 */
#ifndef FCRDNS_H
#define FCRDNS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(FCRDNS_BUILDING) && defined(__GNUC__)
#define FCRDNS_API __attribute__((visibility("default")))
#else
#define FCRDNS_API
#endif

/* Status codes: one list generates the enum, the names and the messages.
 * Numbers are stable; never reuse one. */
#define FCRDNS_STATUS_MAP(X)                                             \
	X(OK, 0, "success")                                              \
	X(ENOMEM, 1, "out of memory")                                    \
	X(EINVAL, 2, "invalid argument")                                 \
	X(EADDR, 3, "not an IP address")                                 \
	X(ERESOLVER, 4, "invalid resolver address")                      \
	X(EDNSINIT, 5, "cannot initialise the DNS resolver")             \
	X(ESYS, 6, "system call failed")                                 \
	X(ETOOMANY, 7, "too many resolvers")                             \
	X(EPSL, 8, "cannot load the Public Suffix List file")          \
	X(ECANCELLED, 9, "cancelled: the context was freed")

typedef enum fcrdns_status {
#define FCRDNS_STATUS_ENUM(name, num, msg) FCRDNS_##name = num,
	FCRDNS_STATUS_MAP(FCRDNS_STATUS_ENUM)
#undef FCRDNS_STATUS_ENUM
} fcrdns_status;

/* Return a static, human-readable message for a status code. */
FCRDNS_API const char *fcrdns_strerror(int status);
/* Return the library version as "MAJOR.MINOR.PATCH". */
FCRDNS_API const char *fcrdns_version(void);

/* ---- Addresses ------------------------------------------------------- */

#define FCRDNS_IPSTR_MAX 46   /* RFC 5952 text, with NUL */
#define FCRDNS_REVNAME_MAX 73 /* 32 nibbles + "ip6.arpa", with NUL */

typedef struct fcrdns_addr {
	int family;          /* AF_INET or AF_INET6 */
	uint8_t bytes[16];   /* network order; 4 used for AF_INET */
} fcrdns_addr;

/* Parse an IPv4 dotted quad or an IPv6 address (no brackets, no zone).
 * An IPv4-mapped IPv6 address (::ffff:a.b.c.d) becomes IPv4.
 * Returns FCRDNS_OK or FCRDNS_EADDR. */
FCRDNS_API int fcrdns_addr_parse(const char *text, fcrdns_addr *out);
/* Write the normalised text form (dotted quad, or RFC 5952) into buf,
 * which must hold FCRDNS_IPSTR_MAX bytes. Returns buf. */
FCRDNS_API char *fcrdns_addr_format(const fcrdns_addr *addr, char *buf);
/* Write the in-addr.arpa / ip6.arpa name (no trailing dot) into buf,
 * which must hold FCRDNS_REVNAME_MAX bytes. Returns buf. */
FCRDNS_API char *fcrdns_addr_reverse_name(const fcrdns_addr *addr, char *buf);
/* Return 1 when name is an RFC 5321 host name: letters, digits and
 * hyphens, labels of 1-63 octets not starting or ending with a hyphen, at
 * most 253 octets (one trailing dot allowed), and not an IP address. */
FCRDNS_API int fcrdns_name_is_hostname(const char *name);
/* Return 1 when both addresses are the same family and bytes. */
FCRDNS_API int fcrdns_addr_equal(const fcrdns_addr *a, const fcrdns_addr *b);

/* ---- Results --------------------------------------------------------- */

/* RFC 8601 section 2.7.3 iprev results. */
typedef enum fcrdns_iprev {
	FCRDNS_IPREV_PASS = 0,
	FCRDNS_IPREV_FAIL,
	FCRDNS_IPREV_TEMPERROR,
	FCRDNS_IPREV_PERMERROR,
} fcrdns_iprev;

/* Return "pass", "fail", "temperror" or "permerror". */
FCRDNS_API const char *fcrdns_iprev_name(fcrdns_iprev r);

/* How one DNS lookup (with its CNAME chain) ended: one list generates the
 * enum, the short name, the label problem messages use and the phrase of
 * the terminal report. Numbers are stable. */
#define FCRDNS_LOOKUP_MAP(X)                                                      \
	X(ANSWER, 0, "answer", "answer", "answer")                              \
	X(NXDOMAIN, 1, "nxdomain", "NXDOMAIN", "NXDOMAIN (the name does not exist)") \
	X(NODATA, 2, "nodata", "NODATA", "no record of this type (NODATA)")    \
	X(SERVFAIL, 3, "servfail", "SERVFAIL", "SERVFAIL (server failure)")    \
	X(REFUSED, 4, "refused", "REFUSED", "REFUSED by the server")           \
	X(TIMEOUT, 5, "timeout", "no answer (timeout)", "no answer (timeout)") \
	X(ERROR, 6, "error", "malformed or unusable answer", "malformed or unusable answer") \
	X(SKIPPED, 7, "skipped", "not looked up", "not looked up (not a valid host name)") \
	X(CNAME_LOOP, 8, "cname-loop", "CNAME chain loops or is too long",     \
	  "CNAME chain loops or is too long")

typedef enum fcrdns_lookup {
#define FCRDNS_LOOKUP_ENUM(name, num, text, label, phrase) FCRDNS_LOOKUP_##name = num,
	FCRDNS_LOOKUP_MAP(FCRDNS_LOOKUP_ENUM)
#undef FCRDNS_LOOKUP_ENUM
} fcrdns_lookup;

/* Who must fix the reverse DNS. */
typedef enum fcrdns_fix_owner {
	FCRDNS_FIX_NONE = 0,       /* nothing to fix, or nothing decidable */
	FCRDNS_FIX_IP_OWNER,       /* the ISP / provider holding the address */
	FCRDNS_FIX_DOMAIN_OWNER,   /* whoever runs the PTR name's zone */
	FCRDNS_FIX_BOTH,
} fcrdns_fix_owner;

/* Return "ip-owner", "domain-owner", "both", or NULL for none. */
FCRDNS_API const char *fcrdns_fix_owner_name(fcrdns_fix_owner o);

/* HELO/EHLO verdicts, in the order they are decided (first that applies):
 * one list generates the enum, the name and the explanation. */
#define FCRDNS_HELO_MAP(X)                                                        \
	X(NONE, 0, "none", "not given")                                           \
	X(INVALID, 1, "invalid", "neither a domain name nor an address literal "   \
	  "(RFC 5321 s4.1.1.1; an address goes in brackets)")                     \
	X(LITERAL_MATCH, 2, "literal-match", "an address literal equal to the client") \
	X(LITERAL_MISMATCH, 3, "literal-mismatch",                                \
	  "an address literal that is not the client")                           \
	X(NOT_FQDN, 4, "not-fqdn", "not a fully qualified domain name under a public suffix") \
	X(MATCH, 5, "match", "equal to the forward-confirmed PTR name")          \
	X(TEMPERROR, 6, "temperror", "its address lookup failed transiently")    \
	X(UNRESOLVABLE, 7, "unresolvable", "has no A or AAAA record")            \
	X(SAME_DOMAIN, 8, "same-domain",                                          \
	  "resolves to the client, in the PTR name's registrable domain")        \
	X(FORWARD_MATCH, 9, "forward-match", "resolves to the client")           \
	X(MISMATCH, 10, "mismatch", "resolves, but not to the client")

typedef enum fcrdns_helo_verdict {
#define FCRDNS_HELO_ENUM(name, num, text, explanation) FCRDNS_HELO_##name = num,
	FCRDNS_HELO_MAP(FCRDNS_HELO_ENUM)
#undef FCRDNS_HELO_ENUM
} fcrdns_helo_verdict;

/* Return the verdict's name ("match", "not-fqdn", ...). */
FCRDNS_API const char *fcrdns_helo_verdict_name(fcrdns_helo_verdict v);
/* Return the verdict explained in one line. */
FCRDNS_API const char *fcrdns_helo_verdict_text(fcrdns_helo_verdict v);

/* Return a short lowercase name for a lookup outcome ("nxdomain", ...). */
FCRDNS_API const char *fcrdns_lookup_name(fcrdns_lookup l);
/* Return the outcome's label in messages ("NXDOMAIN", "no answer (timeout)"). */
FCRDNS_API const char *fcrdns_lookup_label(fcrdns_lookup l);
/* Return the outcome explained for a reader ("NXDOMAIN (the name does not
 * exist)"). */
FCRDNS_API const char *fcrdns_lookup_phrase(fcrdns_lookup l);
/* Return 1 when the outcome is transient (SERVFAIL, REFUSED, timeout,
 * other error): a later attempt may decide it. */
FCRDNS_API int fcrdns_lookup_is_transient(fcrdns_lookup l);

/* Problem codes: one list generates the enum, the code string and the
 * one-line explanation. Numbers are stable. */
#define FCRDNS_PROBLEM_MAP(X)                                                    \
	X(NO_PTR, 0, "no-ptr", "no PTR record is published for the address")   \
	X(PTR_TEMPERROR, 1, "ptr-temperror", "the PTR lookup failed transiently") \
	X(FORWARD_MISSING, 2, "forward-missing", "a PTR name has no address of the client's family") \
	X(FORWARD_MISMATCH, 3, "forward-mismatch", "a PTR name's addresses do not include the client") \
	X(FORWARD_TEMPERROR, 4, "forward-temperror", "a PTR name's forward lookup failed transiently") \
	X(TOO_MANY_PTR, 5, "too-many-ptr", "more PTR names than are forward-checked") \
	X(MULTIPLE_PTR, 6, "multiple-ptr", "the address has more than one PTR name") \
	X(GENERIC_PTR, 7, "generic-ptr", "the PTR name looks generic or dynamic") \
	X(PROVIDER_DEFAULT_PTR, 8, "provider-default-ptr", "the PTR name is the provider's default") \
	X(UNEXPECTED_PTR, 9, "unexpected-ptr", "the PTR names do not include the expected name") \
	X(HELO_INVALID, 10, "helo-invalid", "the HELO name is neither a domain nor an address literal") \
	X(HELO_LITERAL_MISMATCH, 11, "helo-literal-mismatch", "the HELO address literal is not the client") \
	X(HELO_NOT_FQDN, 12, "helo-not-fqdn", "the HELO name is not a fully qualified domain name") \
	X(HELO_TEMPERROR, 13, "helo-temperror", "the HELO name's lookup failed transiently") \
	X(HELO_UNRESOLVABLE, 14, "helo-unresolvable", "the HELO name has no A or AAAA record") \
	X(HELO_MISMATCH, 15, "helo-mismatch", "the HELO name does not resolve to the client")

typedef enum fcrdns_problem_code {
#define FCRDNS_PROBLEM_ENUM(name, num, code, msg) FCRDNS_PROBLEM_##name = num,
	FCRDNS_PROBLEM_MAP(FCRDNS_PROBLEM_ENUM)
#undef FCRDNS_PROBLEM_ENUM
} fcrdns_problem_code;

/* Return the problem's code string ("no-ptr", ...). */
FCRDNS_API const char *fcrdns_problem_name(fcrdns_problem_code c);

/* A problem is a fact: its code and the parameters that make it specific.
 * Strings point into the result that holds the problem. The words come
 * from fcrdns_problem_text(). */
typedef struct fcrdns_problem {
	fcrdns_problem_code code;
	const char *name;      /* the name it is about, or NULL: a PTR name
				  (forward-*, generic-ptr, provider-default-ptr),
				  the HELO name (helo-*), the expected name
				  (unexpected-ptr) */
	size_t check;          /* forward-*: index of the lookup in checks */
	fcrdns_lookup outcome; /* no-ptr, ptr-temperror: of the PTR lookup;
				  forward-*: of the forward lookup */
	size_t count;          /* multiple-ptr, too-many-ptr: PTR names in all */
} fcrdns_problem;

/* What one fix step asks for. */
typedef enum fcrdns_step_kind {
	FCRDNS_STEP_PUBLISH_FORWARD = 0, /* domain owner: publish the A/AAAA
					    record name -> the address */
	FCRDNS_STEP_SET_PTR,             /* IP owner: set the PTR to name */
	FCRDNS_STEP_CONSOLE,             /* provider's console path */
	FCRDNS_STEP_COMMAND,             /* provider's command, filled in */
	FCRDNS_STEP_PRECONDITION,        /* what the provider requires first */
	FCRDNS_STEP_DOCUMENTATION,       /* provider's documentation link */
	FCRDNS_STEP_RECHECK,             /* check again with --expect name */
} fcrdns_step_kind;

/* Placeholder for the name the PTR should carry when none was expected. */
#define FCRDNS_PLACEHOLDER_NAME "<mail.your-domain>"

/* One fix step: a fact with its parameters (the record type and the
 * address are the result's). The words come from fcrdns_fix_step_text(). */
typedef struct fcrdns_fix_step {
	fcrdns_step_kind kind;
	const char *name;      /* the host name concerned: the PTR name wanted,
				  or the forward record's owner */
	const char *zone;      /* PUBLISH_FORWARD: registrable domain to edit,
				  or NULL */
	size_t ncurrent;       /* PUBLISH_FORWARD: addresses name has now */
	fcrdns_addr current;   /* PUBLISH_FORWARD: the first of them */
	int before_ptr;        /* PUBLISH_FORWARD: must precede the PTR request */
	const struct fcrdns_provider *provider; /* who sets the PTR, or NULL */
} fcrdns_fix_step;

#define FCRDNS_MAX_FORWARD_CHECKED 10 /* RFC 8601 s3 limit, SPF's 10 */
#define FCRDNS_MAX_PTR_KEPT 64        /* safety cap on PTR names kept */
#define FCRDNS_MAX_ADDRS_KEPT 16      /* addresses kept per checked name */
#define FCRDNS_MAX_CNAME_HOPS 8       /* CNAME chain length followed */

/* The forward lookup of one PTR name. */
typedef struct fcrdns_name_check {
	const char *name;       /* points into fcrdns_result.ptr */
	fcrdns_lookup outcome;  /* of the A or AAAA lookup */
	int confirms;           /* 1 when the addresses include the client */
	size_t naddrs;          /* addresses found (may exceed those kept) */
	size_t naddrs_kept;
	fcrdns_addr addrs[FCRDNS_MAX_ADDRS_KEPT];
	const char *cname;      /* last CNAME target followed, or NULL */
	int authenticated;      /* every answer had the AD bit (HELO and
				   expected names: both lookups) */
} fcrdns_name_check;

/* Everything known about one address. Owned by the library; valid only
 * during the callback that delivers it, unless copied with
 * fcrdns_result_dup(). All strings are printable ASCII (DNS names are in
 * presentation form, non-printable octets escaped as \DDD). */
typedef struct fcrdns_result {
	fcrdns_addr addr;
	char ip[FCRDNS_IPSTR_MAX];          /* normalised text form */
	char reverse_name[FCRDNS_REVNAME_MAX];
	fcrdns_iprev iprev;
	fcrdns_lookup ptr_outcome;          /* of the PTR lookup */
	const char *ptr_cname;              /* RFC 2317 CNAME followed, or NULL */
	char **ptr;                         /* sorted, unique, lowercase */
	size_t nptr;
	size_t ptr_dropped;                 /* names beyond FCRDNS_MAX_PTR_KEPT */
	const char *confirmed;              /* first confirming name, or NULL */
	fcrdns_name_check *checks;          /* one per forward-checked name */
	size_t nchecks;
	fcrdns_problem *problems;
	size_t nproblems;
	unsigned elapsed_ms;
	/* Diagnosis of the name that matters (confirmed, else the first). */
	int generic;
	const struct fcrdns_provider *provider;
	int provider_by_address;  /* 1: from a ranges file, not the name */
	char generic_reason[128];
	/* Who must act, and the steps in the order they must happen. */
	fcrdns_fix_owner fix_owner;
	fcrdns_fix_step *fix_steps;
	size_t nfix_steps;
	/* Only when the request named a HELO: the name as given, its verdict
	 * and the lookup of its addresses (both families). */
	char *helo_name;
	fcrdns_helo_verdict helo;
	fcrdns_name_check helo_check;
	/* Only when the request named an expected PTR name. */
	char *expect;
	fcrdns_name_check expect_check;
	/* DNSSEC: 1 when the PTR answer carried the resolver's AD bit (RFC
	 * 6840 s5.7): only as trustworthy as the path to a validating
	 * resolver. The forward answer's is confirmed's check's. */
	int ptr_authenticated;
} fcrdns_result;

/* DNSSEC status of a result's PTR answer and of the forward answer that
 * confirmed it. */
typedef enum fcrdns_dnssec {
	FCRDNS_DNSSEC_NONE = 0,  /* no answer that matters (forward: none confirmed) */
	FCRDNS_DNSSEC_INSECURE,  /* answered without the AD bit */
	FCRDNS_DNSSEC_SECURE,    /* answered with the AD bit */
} fcrdns_dnssec;

/* Return the DNSSEC status of r's PTR answer (never NONE: a transient
 * failure is INSECURE). */
FCRDNS_API fcrdns_dnssec fcrdns_dnssec_ptr(const fcrdns_result *r);
/* Return the DNSSEC status of the forward answer that confirmed r, or
 * FCRDNS_DNSSEC_NONE when no name confirmed. */
FCRDNS_API fcrdns_dnssec fcrdns_dnssec_forward(const fcrdns_result *r);
/* Return "secure", "insecure", or NULL for FCRDNS_DNSSEC_NONE. */
FCRDNS_API const char *fcrdns_dnssec_name(fcrdns_dnssec d);

/* Copy a result (deep). Returns NULL on allocation failure. */
FCRDNS_API fcrdns_result *fcrdns_result_dup(const fcrdns_result *r);
/* Free a result returned by fcrdns_result_dup() or fcrdns_check_sync(). */
FCRDNS_API void fcrdns_result_free(fcrdns_result *r);

#define FCRDNS_AUTHSERV_ID_MAX 255 /* octets of an authserv-id we write */

/* Return 1 when s is an authserv-id we write as an RFC 2045 token with no
 * quoting: 1 to FCRDNS_AUTHSERV_ID_MAX letters, digits, '.', '-', '_'. */
FCRDNS_API int fcrdns_authserv_id_valid(const char *s);

/* Write the RFC 8601 resinfo for r, without the authserv-id:
 *   iprev=pass policy.iprev=203.0.113.10 (mail.example.com)
 * into buf of size len (truncated safely). Returns the length it needed. */
FCRDNS_API size_t fcrdns_authres_format(const fcrdns_result *r, char *buf, size_t len);

/* ---- Counting checks ------------------------------------------------------ */
/* A tally of decided checks that several threads may add to (atomic
 * counters): verdicts, problems, generic names, and a histogram of check
 * times. The milter's metrics and bulk's summary both read one. */

#define FCRDNS_PROBLEM_CODES 16       /* problem codes in FCRDNS_PROBLEM_MAP */
#define FCRDNS_TALLY_BUCKETS 12       /* check-time histogram buckets, +Inf last */

typedef struct fcrdns_tally fcrdns_tally;

/* A snapshot of a tally. Fields are only ever appended. */
typedef struct fcrdns_tally_counts {
	uint64_t checks;                           /* decided checks */
	uint64_t iprev[4];                         /* by fcrdns_iprev */
	uint64_t problems[FCRDNS_PROBLEM_CODES];   /* by fcrdns_problem_code */
	uint64_t generic;                          /* with a generic name */
	uint64_t time_buckets[FCRDNS_TALLY_BUCKETS]; /* cumulative: checks
						      that took at most
						      bound[i] ms */
	uint64_t time_ms_sum;
} fcrdns_tally_counts;

/* Return a new, zeroed tally, or NULL when memory runs out. */
FCRDNS_API fcrdns_tally *fcrdns_tally_new(void);
FCRDNS_API void fcrdns_tally_free(fcrdns_tally *t);
/* Count one decided check. Thread-safe. */
FCRDNS_API void fcrdns_tally_add(fcrdns_tally *t, const fcrdns_result *r);
/* Copy the counts into out (size bytes of it). */
FCRDNS_API void fcrdns_tally_read(const fcrdns_tally *t, fcrdns_tally_counts *out, size_t size);
/* Return the upper bounds in ms of the histogram buckets (the last is
 * UINT_MAX: +Inf) and their number in *n. */
FCRDNS_API const unsigned *fcrdns_tally_bounds(size_t *n);

/* ---- Classification of PTR / host names ------------------------------ */

/* A hosting or cloud provider, with its procedure for setting a PTR. All
 * strings are static; placeholders in commands are written <ip>, <name>,
 * <server>, ... and filled in by the caller. */
typedef struct fcrdns_provider {
	const char *id;            /* "aws", "azure", "gcp", ... */
	const char *name;          /* "Amazon Web Services (EC2)" */
	const char *console;       /* where to click, or NULL */
	const char *command;       /* CLI/API call setting the PTR, or NULL */
	const char *precondition;  /* what must exist first, or NULL */
	const char *doc_url;       /* the provider's documentation */
	int forward_first;         /* 1: refuses a PTR whose name does not
				      resolve to the IP yet */
} fcrdns_provider;

/* Return the provider with this id, or NULL. */
FCRDNS_API const fcrdns_provider *fcrdns_provider_find(const char *id);
/* Return the provider table and its length in *count. */
FCRDNS_API const fcrdns_provider *fcrdns_provider_list(size_t *count);

#define FCRDNS_REASON_MAX 128

/* What a host name says about the address it names. */
typedef struct fcrdns_class {
	int generic;                 /* 1: auto-assigned to an address pool */
	const fcrdns_provider *provider; /* provider default name, or NULL */
	char reason[FCRDNS_REASON_MAX];  /* one line, printable ASCII */
} fcrdns_class;

/* Classify name (a DNS name, any case, trailing dot allowed); addr, when
 * not NULL, is the address it was found for, which makes embedded-address
 * detection exact. Never allocates. Returns FCRDNS_OK, or FCRDNS_EINVAL
 * when name is NULL or longer than 1024 bytes. */
FCRDNS_API int fcrdns_classify(const char *name, const fcrdns_addr *addr, fcrdns_class *out);

/* ---- Provider address ranges ----------------------------------------- */

/* Address blocks known to belong to providers, from a file of
 * "CIDR provider-id" lines ('#' comments; ids as in fcrdns_provider_list),
 * e.g. made from a provider's published prefix list. Read-only once
 * loaded: one table may serve several contexts and threads. */
typedef struct fcrdns_ranges fcrdns_ranges;

/* Load path into *out. Returns FCRDNS_OK, FCRDNS_EINVAL (a bad line: err
 * says "path:line: what"), FCRDNS_ESYS (cannot open) or FCRDNS_ENOMEM. */
FCRDNS_API int fcrdns_ranges_load(const char *path, fcrdns_ranges **out, char *err, size_t errlen);
/* Return the provider whose block holds addr (the most specific), or NULL. */
FCRDNS_API const fcrdns_provider *fcrdns_ranges_lookup(const fcrdns_ranges *r,
							const fcrdns_addr *addr);
/* Free a table from fcrdns_ranges_load() (NULL is fine). */
FCRDNS_API void fcrdns_ranges_free(fcrdns_ranges *r);

/* ---- Text building --------------------------------------------------- */

/* A growable string. On allocation failure it stops growing and sets
 * failed; callers check failed once at the end. Start from {0}. */
typedef struct fcrdns_buf {
	char *data;   /* NUL-terminated when len > 0 */
	size_t len;
	size_t cap;
	int failed;
} fcrdns_buf;

/* Append len bytes of s. */
FCRDNS_API void fcrdns_buf_add(fcrdns_buf *b, const char *s, size_t len);
/* Append a NUL-terminated string. */
FCRDNS_API void fcrdns_buf_puts(fcrdns_buf *b, const char *s);
/* Append printf-formatted text. */
FCRDNS_API void fcrdns_buf_printf(fcrdns_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Release the memory and reset to {0}. */
FCRDNS_API void fcrdns_buf_free(fcrdns_buf *b);

/* Append s (len bytes, any content) as a JSON string with quotes: control
 * characters escaped, invalid UTF-8 replaced by U+FFFD. */
FCRDNS_API void fcrdns_json_string(fcrdns_buf *b, const char *s, size_t len);
/* Append s for display on a terminal: printable ASCII as is, every other
 * byte as \xHH, so no control sequence reaches the terminal. */
FCRDNS_API void fcrdns_text_safe(fcrdns_buf *b, const char *s, size_t len);

/* ---- Rendering facts as words ----------------------------------------- */
/* The library's facts carry codes and parameters; these turn them into the
 * one-line English that the JSON contract, the terminal report and other
 * front ends show. Output is printable ASCII (cut at 1023 bytes). */

/* Append the message of problem p of r. */
FCRDNS_API void fcrdns_problem_text(fcrdns_buf *b, const fcrdns_result *r,
				    const fcrdns_problem *p);
/* Append the words of fix step s of r. */
FCRDNS_API void fcrdns_fix_step_text(fcrdns_buf *b, const fcrdns_result *r,
				     const fcrdns_fix_step *s);
/* Append r as one JSON object (no newline) with the contract's fields. */
FCRDNS_API void fcrdns_result_json(fcrdns_buf *b, const fcrdns_result *r);
/* Append tmpl with every "<key>" of keys[i] replaced by values[i] (n pairs);
 * other text, unknown placeholders included, is copied as is. */
FCRDNS_API void fcrdns_template_expand(fcrdns_buf *b, const char *tmpl,
				       const char *const *keys, const char *const *values,
				       size_t n);

/* ---- Context and checks ---------------------------------------------- */

typedef struct fcrdns_ctx fcrdns_ctx;

/* A DNS cache several contexts share, from several threads (a milter's
 * connections): every operation takes its mutex. */
typedef struct fcrdns_cache fcrdns_cache;

/* Create a shared cache of at most entries answers. Returns FCRDNS_OK or
 * FCRDNS_ENOMEM; free with fcrdns_cache_free() after every context using
 * it. */
FCRDNS_API int fcrdns_cache_new(fcrdns_cache **out, size_t entries);
FCRDNS_API void fcrdns_cache_free(fcrdns_cache *cache);
/* Return the questions answered from the cache and those that were not. */
FCRDNS_API void fcrdns_cache_counts(fcrdns_cache *cache, uint64_t *hits, uint64_t *misses);

#define FCRDNS_MAX_RESOLVERS 8

/* Options; set the matching FCRDNS_OPT_* bit in the mask for each field
 * given, so that new fields never change the meaning of old callers. */
typedef struct fcrdns_options {
	unsigned timeout_ms;              /* per try; default 2000 */
	unsigned tries;                   /* default 2 */
	const char *resolvers;            /* "127.0.0.1:5300,[::1]:53" */
	unsigned max_inflight;            /* queries on the wire; default 256 */
	const char *psl_file;             /* Public Suffix List; default libpsl's
					     built-in list */
	unsigned cache_entries;           /* answers cached by (name, type);
					     default 65536; 0 with the mask
					     bit set: no cache */
	unsigned rate_qps;                /* queries sent per second; 0: no cap */
	const fcrdns_ranges *ranges;      /* provider blocks (borrowed: must
					     outlive the context), or NULL */
	fcrdns_cache *cache;              /* a shared cache (borrowed: must
					     outlive the context) instead of
					     one of its own */
	int adaptive;                     /* 1: find the resolver's capacity:
					     start at 256 queries on the wire
					     (or max_inflight if lower) and
					     grow while answers come faster;
					     max_inflight is then the ceiling.
					     Either way the limit backs off on
					     loss and a query lost to overload
					     is asked again. */
} fcrdns_options;

#define FCRDNS_OPT_TIMEOUT (1u << 0)
#define FCRDNS_OPT_TRIES (1u << 1)
#define FCRDNS_OPT_RESOLVERS (1u << 2)
#define FCRDNS_OPT_MAX_INFLIGHT (1u << 3)
#define FCRDNS_OPT_PSL_FILE (1u << 4)
#define FCRDNS_OPT_CACHE_ENTRIES (1u << 5)
#define FCRDNS_OPT_RATE (1u << 6)
#define FCRDNS_OPT_RANGES (1u << 7)
#define FCRDNS_OPT_ADAPTIVE (1u << 8)
#define FCRDNS_OPT_CACHE (1u << 9)

/* Create a context: one event loop, one DNS engine. Resolvers default to
 * /etc/resolv.conf. Returns a status; on success *out owns a context to
 * free with fcrdns_ctx_free(). A context is not thread-safe. */
FCRDNS_API int fcrdns_ctx_new(fcrdns_ctx **out, const fcrdns_options *opts, unsigned mask);
/* Free ctx. Every callback still owed is called first, exactly once, with
 * FCRDNS_ECANCELLED: checks and queries (result NULL), timers (status
 * FCRDNS_ECANCELLED) and fd watchers (events FCRDNS_IO_CANCEL). */
FCRDNS_API void fcrdns_ctx_free(fcrdns_ctx *ctx);

/* Called exactly once per submitted check: status FCRDNS_OK with the result
 * (owned by the library, valid only during the call), or FCRDNS_ECANCELLED
 * with result NULL when the context is freed first. */
typedef void (*fcrdns_check_cb)(void *arg, int status, const fcrdns_result *result);

/* What to check: the address, and optionally the HELO/EHLO name the client
 * gave and the PTR name its owner wants. Strings are copied. Zero the
 * struct: fields added later are read only when their FCRDNS_REQ_* bit is
 * set in mask, so old callers keep their meaning. */
typedef struct fcrdns_request {
	fcrdns_addr addr;
	const char *helo;    /* NULL: no HELO verdict */
	const char *expect;  /* NULL: no expected name */
	unsigned mask;       /* FCRDNS_REQ_* bits of the fields below */
} fcrdns_request;

#define FCRDNS_NAME_INPUT_MAX 1024 /* longer HELO / expected names: EINVAL */

/* Start a check of req; cb is called from fcrdns_process() or fcrdns_run().
 * Returns FCRDNS_OK, FCRDNS_EINVAL or FCRDNS_ENOMEM (cb not called). */
FCRDNS_API int fcrdns_check_start(fcrdns_ctx *ctx, const fcrdns_request *req,
				  fcrdns_check_cb cb, void *arg);
/* Start an iprev check of addr alone; cb is called from fcrdns_process() or
 * fcrdns_run(). Returns FCRDNS_OK or FCRDNS_ENOMEM (cb not called). */
FCRDNS_API int fcrdns_check_submit(fcrdns_ctx *ctx, const fcrdns_addr *addr,
				   fcrdns_check_cb cb, void *arg);
/* Return the number of checks not yet delivered. */
FCRDNS_API size_t fcrdns_pending(const fcrdns_ctx *ctx);
/* Wait up to timeout_ms (-1: until the next deadline of the loop) for
 * activity on ctx's loop and process it: fd watchers, due timers, DNS
 * answers, finished checks. Returns a status. */
FCRDNS_API int fcrdns_process(fcrdns_ctx *ctx, int timeout_ms);
/* Process until nothing is pending: no check, no query, no timer and no fd
 * watcher. Returns a status. */
FCRDNS_API int fcrdns_run(fcrdns_ctx *ctx);

/* ---- The event loop ----------------------------------------------------- */
/* Each context owns one loop; the DNS engine, the checks and any caller's
 * sockets and timers share it. A foreign loop drives it by polling
 * fcrdns_loop_fd() for reading, waking after fcrdns_loop_timeout_ms(), and
 * calling fcrdns_process(ctx, 0). */

typedef struct fcrdns_loop fcrdns_loop;
typedef struct fcrdns_io fcrdns_io;
typedef struct fcrdns_timer fcrdns_timer;

#define FCRDNS_IO_READ 0x1u   /* fd is readable (or at end of file) */
#define FCRDNS_IO_WRITE 0x2u  /* fd is writable */
#define FCRDNS_IO_ERROR 0x4u  /* error or hang-up on fd */
#define FCRDNS_IO_CANCEL 0x8u /* the loop is being freed: the last call */

/* Called when fd is ready for some of the events watched (a mask of
 * FCRDNS_IO_*), or once with FCRDNS_IO_CANCEL when the loop is freed. */
typedef void (*fcrdns_io_cb)(void *arg, int fd, unsigned events);
/* Called once: status FCRDNS_OK when due, FCRDNS_ECANCELLED when the loop is
 * freed first. A cancelled (fcrdns_timer_cancel) timer is not called. */
typedef void (*fcrdns_timer_cb)(void *arg, int status);

/* Return the loop of ctx. */
FCRDNS_API fcrdns_loop *fcrdns_ctx_loop(fcrdns_ctx *ctx);
/* Watch fd (not owned: the caller closes it after removing the watcher) for
 * events (FCRDNS_IO_READ and/or FCRDNS_IO_WRITE; 0 pauses). On FCRDNS_OK
 * *out is the watcher. Returns FCRDNS_OK, FCRDNS_ESYS or FCRDNS_ENOMEM. */
FCRDNS_API int fcrdns_io_add(fcrdns_loop *loop, int fd, unsigned events, fcrdns_io_cb cb,
			     void *arg, fcrdns_io **out);
/* Change the events io waits for. Returns FCRDNS_OK or FCRDNS_ESYS. */
FCRDNS_API int fcrdns_io_set(fcrdns_io *io, unsigned events);
/* Stop watching and free io; its callback is not called again. Safe from
 * inside any callback, io's own included. */
FCRDNS_API void fcrdns_io_remove(fcrdns_io *io);
/* Call cb once after ms milliseconds. On FCRDNS_OK *out (when out is not
 * NULL) is the timer, valid until cb runs or it is cancelled. */
FCRDNS_API int fcrdns_timer_add(fcrdns_loop *loop, unsigned ms, fcrdns_timer_cb cb, void *arg,
				fcrdns_timer **out);
/* Cancel a timer that has not fired yet; cb is not called. */
FCRDNS_API void fcrdns_timer_cancel(fcrdns_timer *t);
/* Return an fd that is readable whenever the loop has fd activity. */
FCRDNS_API int fcrdns_loop_fd(const fcrdns_loop *loop);
/* Return the milliseconds until the loop's next deadline: 0 when work is
 * ready now, -1 when nothing is scheduled. */
FCRDNS_API int fcrdns_loop_timeout_ms(const fcrdns_loop *loop);
/* Return the time of CLOCK_MONOTONIC in milliseconds / microseconds. */
FCRDNS_API int64_t fcrdns_now_ms(void);
FCRDNS_API int64_t fcrdns_now_us(void);

/* ---- DNS queries ------------------------------------------------------ */
/* Any name, any type, through the context's engine: one cache, coalescing
 * of identical queries in flight, the rate cap and resolver fail-over for
 * every query. Every query asks the resolver for the AD bit (RFC 6840
 * s5.7). CNAME chains are followed, across zones, up to
 * FCRDNS_MAX_CNAME_HOPS. */

#define FCRDNS_TYPE_A 1
#define FCRDNS_TYPE_NS 2
#define FCRDNS_TYPE_CNAME 5
#define FCRDNS_TYPE_SOA 6
#define FCRDNS_TYPE_PTR 12
#define FCRDNS_TYPE_MX 15
#define FCRDNS_TYPE_TXT 16
#define FCRDNS_TYPE_AAAA 28

/* One record of an answer. Strings are in presentation form (escaped as
 * \DDD where not printable), lowercase is not forced, no trailing dot. */
typedef struct fcrdns_rr {
	uint16_t type;
	uint32_t ttl;
	fcrdns_addr addr;           /* A, AAAA */
	const char *name;           /* PTR, CNAME, NS: the target; MX: the host */
	uint16_t preference;        /* MX */
	size_t nstrings;            /* TXT: the character-strings, kept apart */
	const char *const *strings; /* TXT: each NUL-terminated, but may hold
				       NUL bytes: see lengths */
	const uint8_t *lengths;     /* TXT: the length of each string */
} fcrdns_rr;

#define FCRDNS_MAX_ANSWER_RRS 4096 /* records kept of one answer */

/* The outcome of one query, CNAME chain included. Owned by the library and
 * valid during the callback only; fields are only ever appended. */
typedef struct fcrdns_answer {
	const char *qname;          /* as asked */
	uint16_t qtype;
	fcrdns_lookup outcome;      /* ANSWER, NXDOMAIN, NODATA, SERVFAIL,
				       REFUSED, TIMEOUT, ERROR, CNAME_LOOP */
	int rcode;                  /* of the last message, -1 when none came */
	int authenticated;          /* 1: every message of the chain had the AD
				       bit (only as trustworthy as the path to
				       a validating resolver) */
	uint32_t ttl;               /* smallest TTL seen; negative TTL (RFC
				       2308) for NXDOMAIN and NODATA */
	const char *const *cnames;  /* CNAME targets followed, in order */
	size_t ncnames;
	const fcrdns_rr *rrs;       /* records of qtype at the chain's end */
	size_t nrrs;
} fcrdns_answer;

/* Called exactly once: status FCRDNS_OK with the answer, or
 * FCRDNS_ECANCELLED with answer NULL when the context is freed first. */
typedef void (*fcrdns_query_cb)(void *arg, int status, const fcrdns_answer *answer);

/* Ask name (labels of 1-63 printable octets without blanks or the
 * characters presentation form escapes, at most 253 octets, one trailing
 * dot allowed) for type. cb runs from
 * fcrdns_process(), never from inside this call. Returns FCRDNS_OK,
 * FCRDNS_EINVAL (not a name we ask) or FCRDNS_ENOMEM (cb not called). */
FCRDNS_API int fcrdns_query_start(fcrdns_ctx *ctx, const char *name, uint16_t type,
				  fcrdns_query_cb cb, void *arg);
/* What a context's DNS engine has done and is doing. Fields are only ever
 * appended: pass sizeof your struct, and what the library does not know is
 * left zero. */
typedef struct fcrdns_stats {
	uint64_t queries;          /* questions sent to the transport */
	uint64_t cache_hits;       /* questions answered from the cache */
	uint64_t cache_misses;
	uint64_t timeouts;         /* questions that ended unanswered */
	uint64_t overload_retries; /* questions asked again after the pacing
				      backed off (see fcrdns_options) */
	size_t inflight;           /* questions on the wire now */
	size_t queued;             /* questions waiting for room */
	size_t limit;              /* questions allowed on the wire now */
	unsigned latency_ms;       /* smoothed round trip of answered questions */
} fcrdns_stats;

/* Copy ctx's statistics into out (size bytes of it). */
FCRDNS_API void fcrdns_ctx_stats(const fcrdns_ctx *ctx, fcrdns_stats *out, size_t size);

/* Append the character-strings of a TXT record rr joined with no separator
 * (RFC 7208 s3.3), as raw bytes. */
FCRDNS_API void fcrdns_txt_join(fcrdns_buf *b, const fcrdns_rr *rr);

/* Check one address synchronously, with no deadline. On FCRDNS_OK *out
 * owns a result to free with fcrdns_result_free(). Other checks pending on
 * ctx progress too. */
FCRDNS_API int fcrdns_check_sync(fcrdns_ctx *ctx, const fcrdns_addr *addr,
				 fcrdns_result **out);
/* Check req synchronously, waiting at most timeout_ms (0: no deadline).
 * On FCRDNS_OK *out owns a decided result. When the deadline passes first,
 * the lookups still out count as timeouts (so the verdict is temperror
 * unless a name has already confirmed), and the check itself finishes
 * silently during later calls on ctx, or is cancelled by fcrdns_ctx_free().
 * Meant for callers with a time budget, such as a milter. */
FCRDNS_API int fcrdns_check_request_sync(fcrdns_ctx *ctx, const fcrdns_request *req,
					 unsigned timeout_ms, fcrdns_result **out);

/* ---- Bulk input ------------------------------------------------------- */

#define FCRDNS_INPUT_LINE_MAX 4096      /* longer lines are an error record */
#define FCRDNS_EXPAND_DEFAULT 65536     /* default cap on a CIDR block's size */
#define FCRDNS_SEEN_GENERATION 131072   /* see fcrdns_seen_new() */

/* The addresses of a CIDR block still to produce, first one next. */
typedef struct fcrdns_range {
	fcrdns_addr next;
	uint64_t remaining;
} fcrdns_range;

typedef enum fcrdns_line_kind {
	FCRDNS_LINE_SKIP = 0,  /* blank, comment, or a log line without client */
	FCRDNS_LINE_ADDRS,     /* range holds one address or a whole block */
	FCRDNS_LINE_ERROR,     /* error holds a static message */
} fcrdns_line_kind;

typedef struct fcrdns_line {
	fcrdns_line_kind kind;
	fcrdns_range range;
	const char *error;
} fcrdns_line;

/* Parse one line of bulk input (len bytes, no newline; a trailing CR and
 * surrounding blanks are ignored): an address, a CIDR block of at most
 * max_expand addresses, a blank line or a '#' comment. Never fails: a bad
 * line is FCRDNS_LINE_ERROR. */
FCRDNS_API void fcrdns_input_parse(const char *line, size_t len, uint64_t max_expand,
				   fcrdns_line *out);
/* Find the SMTP client's address in one mail log line (len bytes, no
 * newline) in which the MTA names it: Postfix (smtpd, postscreen,
 * tlsproxy, dnsblog, anvil, cleanup), Exim, Sendmail, Courier's esmtpd,
 * postgrey, OpenSMTPD; in syslog, RFC 5424, journald or Exim framing.
 * Never the MTA's own address, an outgoing delivery's server, a HELO
 * literal, reply text, or text the client wrote; a line where the MTA's
 * field cannot be told from such text yields nothing. No allocation;
 * lines over 16 KiB yield nothing. Returns 1 and sets *out, or 0. */
FCRDNS_API int fcrdns_log_extract(const char *line, size_t len, fcrdns_addr *out);
/* Produce the next address of r into *out. Returns 1, or 0 when r is done. */
FCRDNS_API int fcrdns_range_next(fcrdns_range *r, fcrdns_addr *out);

/* A bounded set of addresses already seen, for de-duplication. It holds
 * two generations of at most FCRDNS_SEEN_GENERATION addresses; when the
 * current one fills up the older one is forgotten, so an address is
 * remembered for at least the 131,072 distinct addresses that follow it
 * and the set never holds more than 262,144 (about 10 MiB). */
typedef struct fcrdns_seen fcrdns_seen;

/* Return a new empty set, or NULL when memory runs out. */
FCRDNS_API fcrdns_seen *fcrdns_seen_new(void);
/* Add a; return 1 when it was new, 0 when already seen, -1 on ENOMEM. */
FCRDNS_API int fcrdns_seen_add(fcrdns_seen *s, const fcrdns_addr *a);
FCRDNS_API void fcrdns_seen_free(fcrdns_seen *s);

/* ---- Message headers: Authentication-Results and Received ---------- */

/* Bytes taken from a message: any octet, NUL included, so len counts;
 * data is NUL-terminated for convenience. data NULL: absent (JSON null). */
typedef struct fcrdns_bytes {
	const char *data;
	size_t len;
} fcrdns_bytes;

#define FCRDNS_HEADER_FIELD_MAX 65536        /* longer values: FIELD_TOO_LONG */
#define FCRDNS_HEADER_RAW_CUT 1024           /* raw bytes kept of those */
#define FCRDNS_HEADER_FIELDS_MAX 2000        /* fields read from one message */
#define FCRDNS_HEADER_SECTION_MAX (8u << 20) /* bytes read from one message */
#define FCRDNS_AR_PROPERTIES_MAX 128         /* per result: more is TOO_MANY */

/* Why a field was not parsed: one list generates the enum and the
 * messages. Numbers are stable. */
#define FCRDNS_FIELD_ERROR_MAP(X)                                                      \
	X(NONE, 0, "parsed")                                                           \
	X(TOO_LONG, 1, "field longer than 65536 bytes: raw is cut")                    \
	X(COMMENT, 2, "unterminated comment")                                          \
	X(QUOTE, 3, "unterminated quoted-string")                                      \
	X(NESTING, 4, "comments nested deeper than 32 levels")                         \
	X(AUTHSERV_ID, 5, "empty authserv-id")                                         \
	X(VERSION, 6, "bad version after the authserv-id")                             \
	X(METHOD, 7, "a method with no '='")                                           \
	X(METHOD_VERSION, 8, "bad method version")                                     \
	X(RESULT, 9, "a method with no result")                                        \
	X(PROPERTY, 10, "a property without '='")                                      \
	X(CUT, 11, "header section over 2000 fields or 8 MiB: the fields after this point were not read") \
	X(TOO_MANY, 12, "more than 128 properties in one result")                     \
	X(NOT_RESULT, 13, "a ptype.property where a method=result should be")

typedef enum fcrdns_field_error {
#define FCRDNS_FIELD_ERROR_ENUM(name, num, msg) FCRDNS_FIELD_##name = num,
	FCRDNS_FIELD_ERROR_MAP(FCRDNS_FIELD_ERROR_ENUM)
#undef FCRDNS_FIELD_ERROR_ENUM
} fcrdns_field_error;

/* Return a static one-line message for a field error code. */
FCRDNS_API const char *fcrdns_field_error_message(fcrdns_field_error e);

/* One "ptype.property=value" (or "key=value") of a result. Keys are
 * lowercase; values unquoted. */
typedef struct fcrdns_ar_property {
	fcrdns_bytes key;
	fcrdns_bytes value;
} fcrdns_ar_property;

/* One "method=result" of an Authentication-Results field (RFC 8601). */
typedef struct fcrdns_ar_result {
	fcrdns_bytes method;        /* lowercase, method version dropped */
	fcrdns_bytes result;        /* lowercase */
	fcrdns_bytes reason;        /* the first reason=, unquoted; or absent */
	fcrdns_ar_property *properties; /* in order; a repeated key: last wins */
	size_t nproperties;
	fcrdns_bytes *comments;     /* outer parentheses removed, in order */
	size_t ncomments;
} fcrdns_ar_result;

/* One Authentication-Results field. When error is not FCRDNS_FIELD_NONE
 * only raw (and raw_len) mean anything. */
typedef struct fcrdns_authres {
	fcrdns_field_error error;
	fcrdns_bytes raw;           /* the unfolded value (cut: see raw_len) */
	size_t raw_len;             /* the value's full length */
	fcrdns_bytes authserv_id;   /* unquoted */
	long version;               /* -1: none */
	fcrdns_ar_result *results;
	size_t nresults;
	int none;                   /* 1: the field says "none" */
} fcrdns_authres;

/* One Received field: the clauses the receiving MTA wrote. */
typedef struct fcrdns_received {
	fcrdns_field_error error;   /* NONE or TOO_LONG */
	fcrdns_bytes raw;
	size_t raw_len;
	fcrdns_bytes from_helo;     /* the name the client gave */
	fcrdns_bytes from_rdns;     /* the connection's reverse DNS name */
	fcrdns_bytes by, with, id, for_addr, date;
	int has_from_ip;
	fcrdns_addr from_addr;      /* the connection's address */
	char from_ip[FCRDNS_IPSTR_MAX]; /* its RFC 5952 text, "" when none */
} fcrdns_received;

/* One recorded iprev result, found in a parsed Authentication-Results. */
typedef struct fcrdns_iprev_record {
	size_t authres_index;       /* into fcrdns_headers.authres */
	fcrdns_bytes authserv_id;
	fcrdns_bytes result;
	fcrdns_bytes name;          /* the first comment that is a host name */
	int has_ip;                 /* from policy.iprev, else smtp.remote-ip */
	fcrdns_addr addr;
	char ip[FCRDNS_IPSTR_MAX];
} fcrdns_iprev_record;

/* The facts of one message's header section, top (newest) field first.
 * Everything, strings included, is owned by the object. */
typedef struct fcrdns_headers {
	fcrdns_authres *authres;
	size_t nauthres;
	fcrdns_received *received;
	size_t nreceived;
	fcrdns_iprev_record *iprev; /* after fcrdns_headers_finish() */
	size_t niprev;
	size_t fields;              /* header fields read */
	int complete;               /* 1: the section ended (empty line or limit) */
	int cut;                    /* 1: a limit stopped the reading */
	struct fcrdns_headers_state *state; /* private */
} fcrdns_headers;

/* Create an empty reader. Returns FCRDNS_OK or FCRDNS_ENOMEM; on success
 * *out is freed with fcrdns_headers_free(). */
FCRDNS_API int fcrdns_headers_new(fcrdns_headers **out);
/* Read the next len bytes of a message (RFC 5322; CRLF, LF or both),
 * parsing each Authentication-Results and Received field. Sets *used (may
 * be NULL) to the bytes taken: fewer than len once the header section has
 * ended (h->complete), and the rest, the body, is never looked at.
 * Returns FCRDNS_OK or FCRDNS_ENOMEM. */
FCRDNS_API int fcrdns_headers_feed(fcrdns_headers *h, const char *data, size_t len,
				   size_t *used);
/* End of input: parse the last field and collect the iprev records.
 * Further calls do nothing. Returns FCRDNS_OK or FCRDNS_ENOMEM. */
FCRDNS_API int fcrdns_headers_finish(fcrdns_headers *h);
/* Parse a whole message (or header section) of len bytes: new, feed and
 * finish in one call. Returns a status; on FCRDNS_OK *out is owned. */
FCRDNS_API int fcrdns_headers_parse(const char *msg, size_t len, fcrdns_headers **out);
/* Return the index of the entry hop in h->received, or -1: with ntrust
 * authserv-ids, the topmost Received whose "by" host is one of them or
 * under one; with none, the topmost whose from address is not loopback,
 * private (RFC 1918, RFC 4193), link-local or shared (RFC 6598). */
FCRDNS_API long fcrdns_headers_entry(const fcrdns_headers *h, const char *const *trust,
				     size_t ntrust);
/* Free h and everything it owns (NULL is fine). */
FCRDNS_API void fcrdns_headers_free(fcrdns_headers *h);

/* ---- HTML output ------------------------------------------------------ */
/* Escapers for front ends that write HTML reports: any bytes in, strict
 * UTF-8 out. '&', '<' and '>' become character references (and, in an
 * attribute value, both quotes and '`' too); a control byte becomes its
 * visible control picture (U+2400 + byte, U+2421 for DEL); invalid UTF-8
 * becomes U+FFFD per byte as in fcrdns_json_string(), and so do C1
 * controls, bidirectional overrides and isolates, and noncharacters. */

/* Append s (len bytes, any content) as HTML text (element content). */
FCRDNS_API void fcrdns_html_text(fcrdns_buf *b, const char *s, size_t len);
/* Append s (len bytes, any content) for a quoted attribute value (either
 * quote; the caller writes the quotes). */
FCRDNS_API void fcrdns_html_attr(fcrdns_buf *b, const char *s, size_t len);

#ifdef __cplusplus
}
#endif
#endif /* FCRDNS_H */
