/* SPDX-License-Identifier: MIT */
/* spf.h: the SPF record reader of `fcrdns audit` (internal; see spf.c):
 * RFC 7208 terms with their qualifiers, dual-cidr lengths and the macros
 * an audit can expand, and the sampling of large address blocks. Pure. */
#ifndef FCRDNS_SPF_H
#define FCRDNS_SPF_H

#include <stddef.h>
#include <stdint.h>

#include "fcrdns.h"

#define SPF_RECORD_MAX 65535 /* joined TXT strings: one RDATA at most */
#define SPF_TERMS_MAX 1024   /* terms kept per record (the audit's cap) */
#define SPF_TERM_MAX 1024    /* longer terms are a syntax error */
#define SPF_DOMAIN_MAX 253   /* expanded domains are cut to this (s7.3) */
#define SPF_EXPAND_MAX 4096  /* longer macro expansions are an error */

/* Term kinds: the eight mechanisms, then the modifiers. One list gives
 * the enum and the names. */
#define SPF_KIND_MAP(X)                         \
	X(ALL, "all")                           \
	X(INCLUDE, "include")                   \
	X(A, "a")                               \
	X(MX, "mx")                             \
	X(PTR, "ptr")                           \
	X(IP4, "ip4")                           \
	X(IP6, "ip6")                           \
	X(EXISTS, "exists")                     \
	X(REDIRECT, "redirect")                 \
	X(EXP, "exp")                           \
	X(UNKNOWN_MODIFIER, "unknown-modifier") \
	X(UNKNOWN_MECHANISM, "unknown-mechanism")

typedef enum spf_kind {
#define SPF_KIND_ENUM(name, text) SPF_##name,
	SPF_KIND_MAP(SPF_KIND_ENUM)
#undef SPF_KIND_ENUM
} spf_kind;

/* Why a term does not parse: one list gives the enum and the codes. */
#define SPF_ERROR_MAP(X)                                  \
	X(NONE, "none")                                   \
	X(TOO_LONG, "term-too-long")                      \
	X(BAD_CHARACTER, "bad-character")                 \
	X(UNKNOWN_MECHANISM, "unknown-mechanism")         \
	X(QUALIFIED_MODIFIER, "qualified-modifier")       \
	X(MISSING_ARGUMENT, "missing-argument")           \
	X(UNEXPECTED_ARGUMENT, "unexpected-argument")     \
	X(BAD_DOMAIN, "bad-domain-spec")                  \
	X(BAD_MACRO, "bad-macro")                         \
	X(MACRO_NOT_ALLOWED, "macro-not-allowed")         \
	X(EXPANSION_TOO_LONG, "expansion-too-long")       \
	X(BAD_ADDRESS, "bad-address")                     \
	X(BAD_CIDR, "bad-cidr-length")                    \
	X(BAD_MODIFIER_NAME, "bad-modifier-name")         \
	X(DUPLICATE_MODIFIER, "duplicate-modifier")

typedef enum spf_error {
#define SPF_ERROR_ENUM(name, text) SPF_ERR_##name,
	SPF_ERROR_MAP(SPF_ERROR_ENUM)
#undef SPF_ERROR_ENUM
} spf_error;

/* The qualifier is stored as its character. */
typedef enum spf_qualifier {
	SPF_QUAL_PASS = '+',
	SPF_QUAL_FAIL = '-',
	SPF_QUAL_SOFTFAIL = '~',
	SPF_QUAL_NEUTRAL = '?',
} spf_qualifier;

/* Why a term's addresses cannot be listed without a sender in hand. */
typedef enum spf_reason {
	SPF_REASON_NONE = 0,
	SPF_REASON_EXISTS, /* "exists": a yes/no question per sender */
	SPF_REASON_PTR,    /* "ptr": names of the sender's address */
	SPF_REASON_MACRO,  /* a macro other than %{d} %{o} %% %_ %- */
} spf_reason;

/* One term of a record. text points into the record's own copy; domain
 * is owned by the record. */
typedef struct spf_term {
	spf_kind kind;
	spf_qualifier qualifier;  /* '+' for modifiers and when not written */
	const char *text;         /* the term as written: raw bytes, not NUL-ended */
	size_t len;
	/* The domain-spec after macro expansion, lowercase, without a trailing
	 * dot, cut to 253 octets; for a, mx and ptr without one, the record's
	 * domain. NULL for ip4, ip6, all, unknown modifiers, broken terms and
	 * terms with a sender macro (exists and ptr keep theirs, to show). */
	char *domain;
	unsigned cidr4;           /* a, mx: /n (default 32); ip4: the prefix */
	unsigned cidr6;           /* a, mx: //m (default 128); ip6: the prefix */
	fcrdns_addr network;      /* ip4, ip6: the network, host bits cleared */
	spf_reason unenumerable;  /* SPF_REASON_NONE when it can be listed */
	spf_error error;          /* SPF_ERR_NONE when the term parsed */
} spf_term;

/* One parsed record. Free with spf_record_free(). */
typedef struct spf_record {
	char *text;               /* the record as given (owned), NUL added */
	size_t len;
	spf_term *terms;          /* in record order; broken ones included */
	size_t nterms;
	size_t dropped;           /* terms beyond SPF_TERMS_MAX, not kept */
	size_t nerrors;           /* terms whose error is not SPF_ERR_NONE */
	int has_all;              /* an "all" mechanism, any qualifier */
	long redirect;            /* index of the redirect= term, or -1 */
	long exp;                 /* index of the exp= term, or -1 */
} spf_record;

/* Return the name of a kind ("include", "redirect", ...). */
const char *spf_kind_name(spf_kind k);
/* Return the code of a syntax error ("bad-cidr-length", ...). */
const char *spf_error_name(spf_error e);
/* Return "exists", "ptr", "macro", or NULL for SPF_REASON_NONE. */
const char *spf_reason_name(spf_reason r);

/* Return 1 when text (len bytes: a TXT RR's strings concatenated with no
 * separator) is an SPF record: "v=spf1", any case, then a space or the
 * end (RFC 7208 s4.5). */
int spf_is_record(const char *text, size_t len);

/* Append the n character-strings of one TXT RR (strings[i] of lens[i]
 * bytes) to out with no separator. Returns FCRDNS_OK, FCRDNS_EINVAL when
 * the total exceeds SPF_RECORD_MAX (out unchanged), or FCRDNS_ENOMEM. */
int spf_txt_join(const char *const *strings, const size_t *lens, size_t n, fcrdns_buf *out);

/* Parse the SPF record text (len bytes, any content) published at domain,
 * read for the audit of audited (%{o}). Both names are presentation form,
 * at most 253 octets. Every term is kept, with its error when it does not
 * parse. Returns FCRDNS_OK (free *out with spf_record_free()), FCRDNS_EINVAL
 * when text is not an SPF record or a name is unusable (*out zeroed), or
 * FCRDNS_ENOMEM. */
int spf_parse(const char *text, size_t len, const char *domain, const char *audited,
	      spf_record *out);
/* Release what spf_parse() allocated and zero *r (a zeroed r is fine). */
void spf_record_free(spf_record *r);

/* ---- Address blocks: size and sampling ------------------------------- */

#define SPF_SAMPLE_DEFAULT 4     /* --sample */
#define SPF_SMALL_BLOCK_MAX 16   /* blocks up to this size are not sampled */

/* A count of addresses: the sum of block sizes, up to 2^160 - 1. */
typedef struct spf_count {
	uint32_t limb[5]; /* little-endian 32-bit limbs */
} spf_count;

#define SPF_CIDR_MAX (FCRDNS_IPSTR_MAX + 4) /* "address/len" with NUL */

/* Widen a (an A or AAAA answer for the a or mx term t) by the term's
 * dual-cidr length: *prefix is t->cidr4 or t->cidr6 by a's family, *net is
 * a with the bits beyond it cleared. */
void spf_widen(const spf_term *t, const fcrdns_addr *a, fcrdns_addr *net, unsigned *prefix);
/* Write "network/prefix" (RFC 5952 text for IPv6) into buf, which must
 * hold SPF_CIDR_MAX bytes. Returns buf. */
char *spf_cidr_format(const fcrdns_addr *net, unsigned prefix, char *buf);

/* Return 1 when a block of family (AF_INET, AF_INET6) and prefix holds
 * more than SPF_SMALL_BLOCK_MAX addresses (shorter than /28 or /124). */
int spf_block_is_sampled(int family, unsigned prefix);
/* Add the size of the block family/prefix (2^(bits - prefix)) to *c. */
void spf_count_add_block(spf_count *c, int family, unsigned prefix);
/* Write *c in decimal into buf (at least 50 bytes). Returns buf. */
char *spf_count_format(const spf_count *c, char *buf);
/* Write into out (room for cap addresses) the addresses of the block
 * net/prefix to check: every one when it is not sampled, else n of them
 * at indexes i * (size - 1) / (n - 1), i = 0 .. n-1 (n == 1: the first),
 * without repeats. The host bits of net are ignored. Returns the number
 * written (at most cap). */
size_t spf_block_sample(const fcrdns_addr *net, unsigned prefix, unsigned n, fcrdns_addr *out,
			size_t cap);

#endif
