/* SPDX-License-Identifier: MIT */
/* spf.c: the SPF record reader: splits a record into terms and parses each
 * by the RFC 7208 grammar (qualifier, mechanism or modifier, domain-spec,
 * dual-cidr, networks), expanding the macros an audit can know (%{d} %{o}
 * %% %_ %-). Every byte is hostile; nothing here looks anything up. */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "audit/spf.h"

#define VERSION "v=spf1"
#define VERSION_LEN 6
#define PARTS_MAX 256   /* parts of a 253-octet name split on delimiters */
#define DIGITS_CAP 1000 /* larger transformer digits mean "all parts" */

const char *spf_kind_name(spf_kind k)
{
	switch (k) {
#define SPF_KIND_CASE(name, text) case SPF_##name: return text;
	SPF_KIND_MAP(SPF_KIND_CASE)
#undef SPF_KIND_CASE
	}
	return "unknown-mechanism";
}

const char *spf_error_name(spf_error e)
{
	switch (e) {
#define SPF_ERROR_CASE(name, text) case SPF_ERR_##name: return text;
	SPF_ERROR_MAP(SPF_ERROR_CASE)
#undef SPF_ERROR_CASE
	}
	return "none";
}

const char *spf_reason_name(spf_reason r)
{
	switch (r) {
	case SPF_REASON_EXISTS: return "exists";
	case SPF_REASON_PTR: return "ptr";
	case SPF_REASON_MACRO: return "macro";
	case SPF_REASON_NONE: break;
	}
	return NULL;
}

int spf_is_record(const char *text, size_t len)
{
	if (text == NULL || len < VERSION_LEN || strncasecmp(text, VERSION, VERSION_LEN) != 0)
		return 0;
	return len == VERSION_LEN || text[VERSION_LEN] == ' ';
}

int spf_txt_join(const char *const *strings, const size_t *lens, size_t n, fcrdns_buf *out)
{
	size_t total = 0;

	for (size_t i = 0; i < n; i++) {
		if (lens[i] > SPF_RECORD_MAX || total + lens[i] > SPF_RECORD_MAX)
			return FCRDNS_EINVAL;
		total += lens[i];
	}
	for (size_t i = 0; i < n; i++)
		fcrdns_buf_add(out, strings[i], lens[i]);
	return out->failed ? FCRDNS_ENOMEM : FCRDNS_OK;
}

/* ---- Macros (RFC 7208 section 7) -------------------------------------- */

/* What the macros of one record expand to. */
typedef struct expand_ctx {
	const char *d;  /* the domain whose record is read */
	const char *o;  /* the audited domain */
} expand_ctx;

/* One macro-expand: "%{" letter transformers *delimiter "}", or one of
 * the escapes "%%", "%_", "%-" (letter '%', '_' or '-'). */
typedef struct macro {
	char letter;       /* lowercase */
	int upper;         /* written in uppercase: URL-escape the value */
	unsigned digits;   /* 0: every part */
	int reverse;
	char delims[8];    /* NUL-terminated; empty means "." */
	size_t len;        /* bytes of the record it spans */
} macro;

/* Return 1 when c may follow "%{" (RFC 7208 s7.1 macro-letter). */
static int is_macro_letter(char c)
{
	return c != '\0' && strchr("slodiphcrtv", tolower((unsigned char)c)) != NULL;
}

/* Parse the transformers, delimiters and closing brace of a macro whose
 * letter is at s[2]. Returns SPF_ERR_NONE and sets m->len, or BAD_MACRO. */
static spf_error macro_parse_braces(const char *s, size_t len, macro *m)
{
	size_t i = 3, ndigits = 0, nd = 0;

	for (; i < len && isdigit((unsigned char)s[i]); i++, ndigits++)
		if (m->digits < DIGITS_CAP)
			m->digits = m->digits * 10 + (unsigned)(s[i] - '0');
	if (ndigits > 0 && m->digits == 0)
		return SPF_ERR_BAD_MACRO; /* s7.3: the number must be nonzero */
	if (i < len && (s[i] == 'r' || s[i] == 'R'))
		m->reverse = 1, i++;
	for (; i < len && s[i] != '}'; i++) {
		if (strchr(".-+,/_=", s[i]) == NULL || s[i] == '\0')
			return SPF_ERR_BAD_MACRO;
		if (nd + 1 < sizeof m->delims && memchr(m->delims, s[i], nd) == NULL)
			m->delims[nd++] = s[i];
	}
	if (i == len)
		return SPF_ERR_BAD_MACRO;
	m->len = i + 1;
	return SPF_ERR_NONE;
}

/* Parse the macro-expand at s ('%' at s[0], len bytes left) into *m.
 * Returns SPF_ERR_NONE or SPF_ERR_BAD_MACRO. */
static spf_error macro_parse(const char *s, size_t len, macro *m)
{
	memset(m, 0, sizeof *m);
	if (len >= 2 && (s[1] == '%' || s[1] == '_' || s[1] == '-')) {
		m->letter = s[1];
		m->len = 2;
		return SPF_ERR_NONE;
	}
	if (len < 4 || s[1] != '{' || !is_macro_letter(s[2]))
		return SPF_ERR_BAD_MACRO;
	m->letter = (char)tolower((unsigned char)s[2]);
	m->upper = isupper((unsigned char)s[2]) != 0;
	return macro_parse_braces(s, len, m);
}

/* A bounded output buffer for an expansion. */
typedef struct out_buf {
	char data[SPF_EXPAND_MAX + 1];
	size_t len;
	int overflow;
} out_buf;

static void out_add(out_buf *o, const char *s, size_t n)
{
	if (o->overflow || n > SPF_EXPAND_MAX - o->len) {
		o->overflow = 1;
		return;
	}
	memcpy(o->data + o->len, s, n);
	o->len += n;
}

/* Append one byte of an uppercase macro's value, URL-escaped unless it is
 * an RFC 3986 unreserved character (RFC 7208 s7.3). */
static void out_add_escaped(out_buf *o, char c, int escape)
{
	static const char hex[] = "0123456789ABCDEF";
	unsigned char u = (unsigned char)c;

	if (!escape || isalnum(u) || c == '-' || c == '.' || c == '_' || c == '~') {
		out_add(o, &c, 1);
		return;
	}
	char esc[3] = { '%', hex[u >> 4], hex[u & 15] };
	out_add(o, esc, sizeof esc);
}

/* Split value on m's delimiters into parts (start, length pairs). Returns
 * the number of parts. */
static size_t split_parts(const char *value, const macro *m, const char *parts[],
			  size_t lens[])
{
	const char *delims = m->delims[0] ? m->delims : ".";
	size_t n = 0;
	const char *p = value;

	for (;;) {
		size_t run = strcspn(p, delims);
		if (n == PARTS_MAX)
			break;
		parts[n] = p;
		lens[n++] = run;
		if (p[run] == '\0')
			break;
		p += run + 1;
	}
	return n;
}

/* Append the value of %{d} or %{o} transformed by m (s7.3: split on the
 * delimiters, reverse with 'r', keep the rightmost digits parts, join
 * with '.'). */
static void expand_letter(out_buf *o, const char *value, const macro *m)
{
	const char *parts[PARTS_MAX];
	size_t lens[PARTS_MAX];
	size_t n = split_parts(value, m, parts, lens);
	size_t first = m->digits && m->digits < n ? n - m->digits : 0;

	for (size_t k = first; k < n; k++) {
		size_t idx = m->reverse ? n - 1 - k : k;
		if (k > first)
			out_add_escaped(o, '.', m->upper);
		for (size_t j = 0; j < lens[idx]; j++)
			out_add_escaped(o, parts[idx][j], m->upper);
	}
}

/* Append the expansion of m, or set *reason when the audit cannot know
 * its value. Returns SPF_ERR_MACRO_NOT_ALLOWED for c, r, t outside exp=
 * (s7.2), else SPF_ERR_NONE. */
static spf_error expand_macro(out_buf *o, const macro *m, const expand_ctx *x, int in_exp,
			      spf_reason *reason)
{
	switch (m->letter) {
	case '%': out_add(o, "%", 1); return SPF_ERR_NONE;
	case '_': out_add(o, " ", 1); return SPF_ERR_NONE;
	case '-': out_add(o, "%20", 3); return SPF_ERR_NONE;
	case 'd': expand_letter(o, x->d, m); return SPF_ERR_NONE;
	case 'o': expand_letter(o, x->o, m); return SPF_ERR_NONE;
	case 'c':
	case 'r':
	case 't':
		if (!in_exp)
			return SPF_ERR_MACRO_NOT_ALLOWED;
		break;
	}
	*reason = SPF_REASON_MACRO; /* s l i p h v: they name the sender */
	return SPF_ERR_NONE;
}

/* ---- Domain-specs ------------------------------------------------------ */

/* Return 1 when s (len bytes) is an RFC 7208 toplabel: alphanumerics with
 * at least one letter, or alphanumerics and inner hyphens. */
static int is_toplabel(const char *s, size_t len)
{
	int alpha = 0, hyphen = 0;

	if (len == 0 || s[0] == '-' || s[len - 1] == '-')
		return 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '-')
			hyphen = 1;
		else if (isalpha(c))
			alpha = 1;
		else if (!isdigit(c))
			return 0;
	}
	return alpha || hyphen;
}

/* Return 1 when the literal tail s (len bytes) of a domain-spec is a
 * domain-end: "." toplabel, with one optional trailing dot. */
static int is_domain_end(const char *s, size_t len)
{
	const char *dot;

	if (len > 0 && s[len - 1] == '.')
		len--;
	dot = len > 0 ? memrchr(s, '.', len) : NULL;
	return dot != NULL && is_toplabel(dot + 1, len - (size_t)(dot + 1 - s));
}

/* Expand the macro-string s (len bytes) into o. With need_end, s must be
 * a domain-spec (it ends in a domain-end). Sets *reason when a macro's
 * value is unknown. Returns SPF_ERR_NONE or the first error. */
static spf_error expand_string(const char *s, size_t len, const expand_ctx *x, int in_exp,
			       int need_end, out_buf *o, spf_reason *reason)
{
	size_t tail = 0; /* start of the literal run after the last macro */
	int ends_in_macro = 0;

	for (size_t i = 0; i < len;) {
		macro m;
		if (s[i] != '%') {
			out_add(o, s + i, 1);
			i++;
			ends_in_macro = 0;
			continue;
		}
		if (macro_parse(s + i, len - i, &m) != SPF_ERR_NONE)
			return SPF_ERR_BAD_MACRO;
		spf_error e = expand_macro(o, &m, x, in_exp, reason);
		if (e != SPF_ERR_NONE)
			return e;
		i += m.len;
		tail = i;
		ends_in_macro = 1;
	}
	if (o->overflow)
		return SPF_ERR_EXPANSION_TOO_LONG;
	if (need_end && !ends_in_macro && !is_domain_end(s + tail, len - tail))
		return SPF_ERR_BAD_DOMAIN;
	return SPF_ERR_NONE;
}

/* Return a heap copy of the name in s (len bytes): lowercase, without a
 * trailing dot, cut from the left label by label to 253 octets (s7.3).
 * Returns NULL with *err set to BAD_DOMAIN when nothing is left or one
 * label is longer than that, and NULL with *err untouched on ENOMEM. */
static char *normalise_domain(const char *s, size_t len, spf_error *err)
{
	char *copy;

	if (len > 0 && s[len - 1] == '.')
		len--;
	while (len > SPF_DOMAIN_MAX) {
		const char *dot = memchr(s, '.', len);
		if (dot == NULL)
			break;
		len -= (size_t)(dot + 1 - s);
		s = dot + 1;
	}
	if (len == 0 || len > SPF_DOMAIN_MAX) {
		*err = SPF_ERR_BAD_DOMAIN;
		return NULL;
	}
	if ((copy = malloc(len + 1)) == NULL)
		return NULL;
	for (size_t i = 0; i < len; i++)
		copy[i] = (char)tolower((unsigned char)s[i]);
	copy[len] = '\0';
	return copy;
}

/* Set t->domain to the normalised copy of s (len bytes). Returns 0 (a
 * name that cannot be used sets t->error), or -1 on ENOMEM. */
static int set_domain(spf_term *t, const char *s, size_t len)
{
	t->domain = normalise_domain(s, len, &t->error);
	return t->domain == NULL && t->error == SPF_ERR_NONE ? -1 : 0;
}

/* Return a new empty expansion buffer, or NULL on ENOMEM. */
static out_buf *out_new(void)
{
	out_buf *o = malloc(sizeof *o);

	if (o != NULL) {
		o->len = 0;
		o->overflow = 0;
	}
	return o;
}

/* Set t->domain from the domain-spec s (len bytes; empty: the record's
 * domain, for a, mx and ptr). A sender macro leaves the domain NULL and
 * marks the term unenumerable. Returns 0, or -1 on ENOMEM. */
static int term_domain(spf_term *t, const char *s, size_t len, const expand_ctx *x, int in_exp)
{
	spf_reason reason = SPF_REASON_NONE;
	out_buf *o;
	int rc = 0;

	if (len == 0)
		return set_domain(t, x->d, strlen(x->d));
	if ((o = out_new()) == NULL)
		return -1;
	t->error = expand_string(s, len, x, in_exp, 1, o, &reason);
	if (t->error == SPF_ERR_NONE && reason != SPF_REASON_NONE) {
		if (t->unenumerable == SPF_REASON_NONE)
			t->unenumerable = reason;
	} else if (t->error == SPF_ERR_NONE) {
		rc = set_domain(t, o->data, o->len);
	}
	free(o);
	return rc;
}

/* ---- CIDR lengths and networks ---------------------------------------- */

/* Parse an RFC 7208 cidr length: "0", or 1-9 then at most digits - 1
 * digits, not above max. Returns the value, or -1. */
static int cidr_value(const char *s, size_t len, size_t digits, unsigned max)
{
	unsigned v = 0;

	if (len == 0 || len > digits || (s[0] == '0' && len > 1))
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	return v <= max ? (int)v : -1;
}

/* Return the length of the run of digits that ends s[0..len). */
static size_t trailing_digits(const char *s, size_t len)
{
	size_t n = 0;

	while (n < len && isdigit((unsigned char)s[len - 1 - n]))
		n++;
	return n;
}

/* Take a dual-cidr-length ("/n", "//m", "/n//m") off the end of s[0..*len)
 * into t->cidr4 and t->cidr6, shortening *len. Returns SPF_ERR_NONE or
 * SPF_ERR_BAD_CIDR. */
static spf_error take_dual_cidr(const char *s, size_t *len, spf_term *t)
{
	size_t n = *len, d = trailing_digits(s, n);
	int v;

	if (d > 0 && d + 2 <= n && s[n - d - 1] == '/' && s[n - d - 2] == '/') {
		if ((v = cidr_value(s + n - d, d, 3, 128)) < 0)
			return SPF_ERR_BAD_CIDR;
		t->cidr6 = (unsigned)v;
		n -= d + 2;
		d = trailing_digits(s, n);
	}
	if (d > 0 && d + 1 <= n && s[n - d - 1] == '/' && (d + 2 > n || s[n - d - 2] != '/')) {
		if ((v = cidr_value(s + n - d, d, 2, 32)) < 0)
			return SPF_ERR_BAD_CIDR;
		t->cidr4 = (unsigned)v;
		n -= d + 1;
	}
	*len = n;
	return SPF_ERR_NONE;
}

/* Clear the bits of a beyond its first prefix bits. */
static void clear_host_bits(fcrdns_addr *a, unsigned prefix)
{
	size_t bytes = a->family == AF_INET ? 4 : 16;

	for (size_t i = 0; i < bytes; i++) {
		unsigned keep = prefix > 8 * i ? prefix - 8 * (unsigned)i : 0;
		if (keep < 8)
			a->bytes[i] &= (uint8_t)(0xff00u >> keep);
	}
}

/* Parse the argument of ip4/ip6 (after the colon): a network and an
 * optional "/len". Returns SPF_ERR_NONE, BAD_ADDRESS or BAD_CIDR. */
static spf_error parse_network(spf_term *t, const char *s, size_t len)
{
	int family = t->kind == SPF_IP4 ? AF_INET : AF_INET6;
	unsigned bits = family == AF_INET ? 32 : 128;
	const char *slash = memchr(s, '/', len);
	size_t alen = slash ? (size_t)(slash - s) : len;
	char text[FCRDNS_IPSTR_MAX];
	int v = (int)bits;

	if (alen == 0 || alen >= sizeof text)
		return SPF_ERR_BAD_ADDRESS;
	memcpy(text, s, alen);
	text[alen] = '\0';
	memset(&t->network, 0, sizeof t->network);
	t->network.family = family;
	if (inet_pton(family, text, t->network.bytes) != 1)
		return SPF_ERR_BAD_ADDRESS;
	if (slash && (v = cidr_value(slash + 1, len - alen - 1, family == AF_INET ? 2 : 3, bits)) < 0)
		return SPF_ERR_BAD_CIDR;
	clear_host_bits(&t->network, (unsigned)v);
	if (family == AF_INET)
		t->cidr4 = (unsigned)v;
	else
		t->cidr6 = (unsigned)v;
	return SPF_ERR_NONE;
}

/* ---- Terms -------------------------------------------------------------- */

static const struct mechanism {
	const char *name;
	spf_kind kind;
} mechanisms[] = {
	{ "all", SPF_ALL },   { "include", SPF_INCLUDE }, { "a", SPF_A },
	{ "mx", SPF_MX },     { "ptr", SPF_PTR },         { "ip4", SPF_IP4 },
	{ "ip6", SPF_IP6 },   { "exists", SPF_EXISTS },
};

/* Return the length of the RFC 7208 modifier name at the start of s:
 * ALPHA *( ALPHA / DIGIT / "-" / "_" / "." ); 0 when there is none. */
static size_t modifier_name_length(const char *s, size_t len)
{
	size_t n = 0;

	if (len == 0 || !isalpha((unsigned char)s[0]))
		return 0;
	while (n < len && (isalnum((unsigned char)s[n]) || strchr("-_.", s[n]) != NULL) && s[n])
		n++;
	return n;
}

/* Parse the arguments of a or mx (s, len: what follows the name):
 * [":" domain-spec] [dual-cidr-length]. Returns 0, or -1 on ENOMEM. */
static int parse_host_args(spf_term *t, const char *s, size_t len, const expand_ctx *x)
{
	int colon = len > 0 && s[0] == ':';

	if ((t->error = take_dual_cidr(s, &len, t)) != SPF_ERR_NONE)
		return 0;
	if (len > 0 && (!colon || len == 1)) {
		t->error = colon ? SPF_ERR_MISSING_ARGUMENT : SPF_ERR_BAD_CIDR;
		return 0;
	}
	return term_domain(t, s + colon, len - (size_t)colon, x, 0);
}

/* Parse the arguments of a mechanism (s, len: what follows its name).
 * Returns 0 (t->error says whether they parsed), or -1 on ENOMEM. */
static int parse_mechanism_args(spf_term *t, const char *s, size_t len, const expand_ctx *x)
{
	int colon = len > 0 && s[0] == ':';

	switch (t->kind) {
	case SPF_ALL:
		t->error = len ? SPF_ERR_UNEXPECTED_ARGUMENT : SPF_ERR_NONE;
		return 0;
	case SPF_IP4:
	case SPF_IP6:
		t->error = !colon ? SPF_ERR_MISSING_ARGUMENT : parse_network(t, s + 1, len - 1);
		return 0;
	case SPF_INCLUDE:
	case SPF_EXISTS:
		if (colon && len > 1)
			return term_domain(t, s + 1, len - 1, x, 0);
		t->error = len && !colon ? SPF_ERR_UNEXPECTED_ARGUMENT : SPF_ERR_MISSING_ARGUMENT;
		return 0;
	case SPF_PTR:
		if (len == 0 || (colon && len > 1))
			return term_domain(t, s + colon, len - (size_t)colon, x, 0);
		t->error = colon ? SPF_ERR_MISSING_ARGUMENT : SPF_ERR_UNEXPECTED_ARGUMENT;
		return 0;
	default:
		return parse_host_args(t, s, len, x);
	}
}

/* Parse a mechanism term (qualifier already taken off: s, len). */
static int parse_mechanism(spf_term *t, const char *s, size_t len, const expand_ctx *x)
{
	size_t n = 0;

	while (n < len && isalnum((unsigned char)s[n]))
		n++;
	t->kind = SPF_UNKNOWN_MECHANISM;
	for (size_t i = 0; i < sizeof mechanisms / sizeof mechanisms[0]; i++)
		if (strlen(mechanisms[i].name) == n && strncasecmp(s, mechanisms[i].name, n) == 0)
			t->kind = mechanisms[i].kind;
	if (t->kind == SPF_UNKNOWN_MECHANISM) {
		t->error = SPF_ERR_UNKNOWN_MECHANISM;
		return 0;
	}
	if (t->kind == SPF_EXISTS || t->kind == SPF_PTR)
		t->unenumerable = t->kind == SPF_EXISTS ? SPF_REASON_EXISTS : SPF_REASON_PTR;
	return parse_mechanism_args(t, s + n, len - n, x);
}

/* Parse a modifier term: name (nlen bytes) "=" value. */
static int parse_modifier(spf_term *t, size_t nlen, const expand_ctx *x)
{
	const char *value = t->text + nlen + 1;
	size_t vlen = t->len - nlen - 1;

	if (nlen == 8 && strncasecmp(t->text, "redirect", 8) == 0)
		t->kind = SPF_REDIRECT;
	else if (nlen == 3 && strncasecmp(t->text, "exp", 3) == 0)
		t->kind = SPF_EXP;
	else
		t->kind = SPF_UNKNOWN_MODIFIER;
	if (t->kind == SPF_UNKNOWN_MODIFIER) {
		/* Ignored, but it must still be a macro-string (s4.6.1). */
		out_buf *o = out_new();
		spf_reason reason = SPF_REASON_NONE;
		if (o == NULL)
			return -1;
		t->error = expand_string(value, vlen, x, 1, 0, o, &reason);
		free(o);
		return 0;
	}
	if (vlen == 0) {
		t->error = SPF_ERR_MISSING_ARGUMENT;
		return 0;
	}
	return term_domain(t, value, vlen, x, t->kind == SPF_EXP);
}

/* Return 1 when every byte of s is visible ASCII (a term holds no other). */
static int all_visible(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x21 || (unsigned char)s[i] > 0x7e)
			return 0;
	return 1;
}

/* Parse t->text (t->len bytes) into t. Returns 0, or -1 on ENOMEM. */
static int parse_term(spf_term *t, const expand_ctx *x)
{
	size_t nlen = modifier_name_length(t->text, t->len);
	int qualified = t->len > 0 && strchr("+-~?", t->text[0]) != NULL && t->text[0];

	t->qualifier = qualified ? (spf_qualifier)t->text[0] : SPF_QUAL_PASS;
	t->cidr4 = 32;
	t->cidr6 = 128;
	if (t->len > SPF_TERM_MAX || !all_visible(t->text, t->len)) {
		t->kind = SPF_UNKNOWN_MECHANISM;
		t->error = t->len > SPF_TERM_MAX ? SPF_ERR_TOO_LONG : SPF_ERR_BAD_CHARACTER;
		return 0;
	}
	if (nlen > 0 && nlen < t->len && t->text[nlen] == '=')
		return parse_modifier(t, nlen, x);
	if (qualified) {
		nlen = modifier_name_length(t->text + 1, t->len - 1);
		if (nlen > 0 && nlen + 1 < t->len && t->text[nlen + 1] == '=') {
			t->kind = SPF_UNKNOWN_MODIFIER;
			t->error = SPF_ERR_QUALIFIED_MODIFIER;
			return 0;
		}
	}
	return parse_mechanism(t, t->text + qualified, t->len - (size_t)qualified, x);
}

/* ---- Records ------------------------------------------------------------ */

/* Note t (at index i) in the record's summary fields: all, redirect, exp
 * (a second redirect or exp is an error, s6). */
static void note_term(spf_record *r, size_t i)
{
	spf_term *t = &r->terms[i];
	long *slot = t->kind == SPF_REDIRECT ? &r->redirect : t->kind == SPF_EXP ? &r->exp : NULL;

	if (t->kind == SPF_ALL && t->error == SPF_ERR_NONE)
		r->has_all = 1;
	if (slot && *slot >= 0 && t->error == SPF_ERR_NONE) {
		t->error = SPF_ERR_DUPLICATE_MODIFIER;
		free(t->domain);
		t->domain = NULL;
	} else if (slot && t->error == SPF_ERR_NONE) {
		*slot = (long)i;
	}
	if (t->error != SPF_ERR_NONE)
		r->nerrors++;
}

/* Append the term s (len bytes, inside r->text) to r. Returns 0, or -1
 * on ENOMEM. */
static int add_term(spf_record *r, const char *s, size_t len, const expand_ctx *x, size_t *cap)
{
	spf_term *t;

	if (r->nterms == SPF_TERMS_MAX) {
		r->dropped++;
		return 0;
	}
	if (r->nterms == *cap) {
		size_t grow = *cap ? *cap * 2 : 16;
		spf_term *bigger = realloc(r->terms, grow * sizeof *bigger);
		if (bigger == NULL)
			return -1;
		r->terms = bigger;
		*cap = grow;
	}
	t = &r->terms[r->nterms++];
	memset(t, 0, sizeof *t);
	t->text = s;
	t->len = len;
	if (parse_term(t, x) != 0)
		return -1;
	note_term(r, r->nterms - 1);
	return 0;
}

/* Copy name, without one trailing dot, into buf (SPF_DOMAIN_MAX + 1
 * bytes). Returns 1, or 0 when it is NULL, empty or too long. */
static int copy_name(const char *name, char *buf)
{
	size_t n = name ? strnlen(name, SPF_DOMAIN_MAX + 2) : 0;

	if (n > 1 && name[n - 1] == '.')
		n--;
	if (n == 0 || n > SPF_DOMAIN_MAX)
		return 0;
	memcpy(buf, name, n);
	buf[n] = '\0';
	return 1;
}

/* Split r->text into terms on spaces (s4.6.1: 1*SP between terms). */
static int split_terms(spf_record *r, const expand_ctx *x)
{
	size_t cap = 0, i = VERSION_LEN;

	while (i < r->len) {
		size_t start;
		if (r->text[i] == ' ') {
			i++;
			continue;
		}
		start = i;
		while (i < r->len && r->text[i] != ' ')
			i++;
		if (add_term(r, r->text + start, i - start, x, &cap) != 0)
			return -1;
	}
	return 0;
}

int spf_parse(const char *text, size_t len, const char *domain, const char *audited,
	      spf_record *out)
{
	char d[SPF_DOMAIN_MAX + 1], o[SPF_DOMAIN_MAX + 1];
	expand_ctx x = { d, o };

	memset(out, 0, sizeof *out);
	out->redirect = out->exp = -1;
	if (len > SPF_RECORD_MAX || !spf_is_record(text, len) || !copy_name(domain, d) ||
	    !copy_name(audited, o))
		return FCRDNS_EINVAL;
	if ((out->text = malloc(len + 1)) == NULL)
		return FCRDNS_ENOMEM;
	memcpy(out->text, text, len);
	out->text[len] = '\0';
	out->len = len;
	if (split_terms(out, &x) != 0) {
		spf_record_free(out);
		return FCRDNS_ENOMEM;
	}
	return FCRDNS_OK;
}

void spf_record_free(spf_record *r)
{
	for (size_t i = 0; i < r->nterms; i++)
		free(r->terms[i].domain);
	free(r->terms);
	free(r->text);
	memset(r, 0, sizeof *r);
	r->redirect = r->exp = -1;
}

/* ---- Address blocks ------------------------------------------------------ */

__extension__ typedef unsigned __int128 u128;

/* Return the number of address bits of family (32 or 128). */
static unsigned family_bits(int family)
{
	return family == AF_INET ? 32 : 128;
}

int spf_block_is_sampled(int family, unsigned prefix)
{
	unsigned bits = family_bits(family);

	return prefix < bits && bits - prefix > 4; /* 2^4 == SPF_SMALL_BLOCK_MAX */
}

void spf_count_add_block(spf_count *c, int family, unsigned prefix)
{
	unsigned bits = family_bits(family);
	unsigned k = prefix >= bits ? 0 : bits - prefix; /* add 2^k */
	uint64_t carry = (uint64_t)1 << (k % 32);

	for (size_t i = k / 32; i < 5 && carry; i++) {
		uint64_t sum = (uint64_t)c->limb[i] + carry;
		c->limb[i] = (uint32_t)sum;
		carry = sum >> 32;
	}
}

char *spf_count_format(const spf_count *c, char *buf)
{
	spf_count v = *c;
	char digits[50];
	size_t n = 0;
	int nonzero;

	do {
		uint64_t rem = 0;
		nonzero = 0;
		for (size_t i = 5; i-- > 0;) {
			uint64_t cur = rem << 32 | v.limb[i];
			v.limb[i] = (uint32_t)(cur / 10);
			rem = cur % 10;
			nonzero |= v.limb[i] != 0;
		}
		digits[n++] = (char)('0' + rem);
	} while (nonzero && n < sizeof digits);
	for (size_t i = 0; i < n; i++)
		buf[i] = digits[n - 1 - i];
	buf[n] = '\0';
	return buf;
}

void spf_widen(const spf_term *t, const fcrdns_addr *a, fcrdns_addr *net, unsigned *prefix)
{
	*net = *a;
	*prefix = a->family == AF_INET ? t->cidr4 : t->cidr6;
	clear_host_bits(net, *prefix);
}

char *spf_cidr_format(const fcrdns_addr *net, unsigned prefix, char *buf)
{
	char text[FCRDNS_IPSTR_MAX];

	/* prefix is at most 128: three digits, as SPF_CIDR_MAX counts. */
	snprintf(buf, SPF_CIDR_MAX, "%s/%u", fcrdns_addr_format(net, text), prefix % 1000);
	return buf;
}

/* Read a's bytes as a big-endian number. */
static u128 addr_value(const fcrdns_addr *a)
{
	u128 v = 0;

	for (unsigned i = 0; i < family_bits(a->family) / 8; i++)
		v = v << 8 | a->bytes[i];
	return v;
}

/* Write v as an address of family into *out. */
static void addr_from_value(u128 v, int family, fcrdns_addr *out)
{
	unsigned n = family_bits(family) / 8;

	memset(out, 0, sizeof *out);
	out->family = family;
	for (unsigned i = n; i-- > 0; v >>= 8)
		out->bytes[i] = (uint8_t)v;
}

/* Write every address of the block base/last (last: size - 1, at most
 * 15) into out, at most cap. Returns the number written. */
static size_t whole_block(u128 base, u128 last, int family, fcrdns_addr *out, size_t cap)
{
	size_t count = 0;

	for (u128 i = 0; i <= last && count < cap; i++)
		addr_from_value(base + i, family, &out[count++]);
	return count;
}

size_t spf_block_sample(const fcrdns_addr *net, unsigned prefix, unsigned n, fcrdns_addr *out,
			size_t cap)
{
	unsigned bits = family_bits(net->family);
	u128 last, base, q, r, prev = 0;
	size_t count = 0;

	if (prefix > bits || (net->family != AF_INET && net->family != AF_INET6))
		return 0;
	last = bits - prefix == 128 ? ~(u128)0 : ((u128)1 << (bits - prefix)) - 1;
	base = addr_value(net) & ~last;
	if (!spf_block_is_sampled(net->family, prefix))
		return whole_block(base, last, net->family, out, cap);
	if (n <= 1)
		return n == 1 ? whole_block(base, 0, net->family, out, cap) : 0;
	/* i * last / (n - 1) without overflow: last = q (n - 1) + r. */
	q = last / (n - 1);
	r = last % (n - 1);
	for (unsigned i = 0; i < n && count < cap; i++) {
		u128 offset = q * i + r * i / (n - 1);
		if (i > 0 && offset == prev)
			continue;
		addr_from_value(base + offset, net->family, &out[count++]);
		prev = offset;
	}
	return count;
}
