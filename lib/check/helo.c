/* SPDX-License-Identifier: MIT */
/* helo.c: HELO/EHLO judgement: RFC 5321 syntax (domain or address
 * literal), "fully qualified" per the Public Suffix List's ICANN section
 * (libpsl), and the verdict once the name's addresses are known. Reports
 * only: RFC 5321 s4.1.4 forbids rejecting mail for a HELO mismatch. */
#include <ctype.h>
#include <libpsl.h>
#include <string.h>

#include "check/helo.h"
#include "core/name.h"

const char *fcrdns_helo_verdict_name(fcrdns_helo_verdict v)
{
	switch (v) {
#define FCRDNS_HELO_CASE(name, num, text, explanation) case FCRDNS_HELO_##name: return text;
	FCRDNS_HELO_MAP(FCRDNS_HELO_CASE)
#undef FCRDNS_HELO_CASE
	}
	return "none";
}

const char *fcrdns_helo_verdict_text(fcrdns_helo_verdict v)
{
	switch (v) {
#define FCRDNS_HELO_CASE(name, num, text, explanation) case FCRDNS_HELO_##name: return explanation;
	FCRDNS_HELO_MAP(FCRDNS_HELO_CASE)
#undef FCRDNS_HELO_CASE
	}
	return "not given";
}

/* Parse "[a.b.c.d]" or "[IPv6:...]" into *addr. Returns 1 on success. */
static int parse_literal(const char *s, size_t len, fcrdns_addr *addr)
{
	char inner[FCRDNS_IPSTR_MAX + 8];
	size_t n;

	if (len < 3 || s[0] != '[' || s[len - 1] != ']' || len - 2 >= sizeof inner)
		return 0;
	n = len - 2;
	memcpy(inner, s + 1, n);
	inner[n] = '\0';
	if (strncasecmp(inner, "IPv6:", 5) == 0)
		return fcrdns_addr_parse(inner + 5, addr) == FCRDNS_OK && strchr(inner + 5, ':');
	return strchr(inner, ':') == NULL && fcrdns_addr_parse(inner, addr) == FCRDNS_OK;
}

helo_syntax helo_parse(const char *helo, char *domain, size_t size, fcrdns_addr *literal)
{
	size_t len = strnlen(helo, FCRDNS_NAME_INPUT_MAX + 1);
	fcrdns_addr bare;

	if (len == 0 || len > FCRDNS_NAME_INPUT_MAX)
		return HELO_SYNTAX_INVALID;
	if (helo[0] == '[')
		return parse_literal(helo, len, literal) ? HELO_SYNTAX_LITERAL : HELO_SYNTAX_INVALID;
	if (len > 1 && helo[len - 1] == '.')
		len--; /* a trailing root dot is harmless */
	if (!name_valid(helo, len, 0) || len >= size)
		return HELO_SYNTAX_INVALID;
	for (size_t i = 0; i < len; i++)
		domain[i] = (char)tolower((unsigned char)helo[i]);
	domain[len] = '\0';
	/* RFC 5321 wants an address in brackets: a bare one is not a Domain. */
	if (fcrdns_addr_parse(domain, &bare) == FCRDNS_OK)
		return HELO_SYNTAX_INVALID;
	return HELO_SYNTAX_DOMAIN;
}

int helo_is_fqdn(const psl_ctx_t *psl, const char *domain)
{
	const int icann_listed = PSL_TYPE_ICANN | PSL_TYPE_NO_STAR_RULE;

	if (strchr(domain, '.') == NULL || psl_is_public_suffix2(psl, domain, icann_listed))
		return 0;
	/* Some proper suffix must be a listed ICANN public suffix. */
	for (const char *p = strchr(domain, '.'); p; p = strchr(p + 1, '.'))
		if (psl_is_public_suffix2(psl, p + 1, icann_listed))
			return 1;
	return 0;
}

const char *registrable_domain(const psl_ctx_t *psl, const char *name)
{
	/* libpsl normalises the name on every call (~10,000 instructions);
	 * a bulk run asks for thousands of names under a few zones. The
	 * registrable domain of LABEL.PARENT is PARENT's whenever PARENT has
	 * one, unless the name is itself a public suffix: remember the last
	 * parent's answer, per thread. */
	static _Thread_local const psl_ctx_t *memo_psl;
	static _Thread_local char memo_parent[NAME_DOMAIN_MAX + 1];
	static _Thread_local long memo_offset = -1; /* -1: none */
	const char *dot = strchr(name, '.');
	const char *parent = dot ? dot + 1 : NULL;

	if (parent == NULL || strlen(parent) > NAME_DOMAIN_MAX)
		return psl_registrable_domain(psl, name);
	if (memo_psl != psl || strcmp(parent, memo_parent) != 0) {
		const char *r = psl_registrable_domain(psl, parent);
		memo_psl = psl;
		strcpy(memo_parent, parent);
		memo_offset = r ? (long)(r - parent) : -1;
	}
	if (memo_offset < 0 || psl_is_public_suffix(psl, name))
		return psl_registrable_domain(psl, name);
	return parent + memo_offset;
}

int helo_same_registrable_domain(const psl_ctx_t *psl, const char *a, const char *b)
{
	const char *ra = registrable_domain(psl, a);
	const char *rb = registrable_domain(psl, b);

	return ra && rb && strcasecmp(ra, rb) == 0;
}

/* Compare two names ignoring case and one trailing dot on either. */
static int same_name(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	if (la && a[la - 1] == '.')
		la--;
	if (lb && b[lb - 1] == '.')
		lb--;
	return la == lb && strncasecmp(a, b, la) == 0;
}

fcrdns_helo_verdict helo_decide(const psl_ctx_t *psl, const fcrdns_result *r)
{
	char domain[NAME_DOMAIN_MAX + 1];
	fcrdns_addr literal;
	const fcrdns_name_check *c = &r->helo_check;

	switch (helo_parse(r->helo_name, domain, sizeof domain, &literal)) {
	case HELO_SYNTAX_INVALID:
		return FCRDNS_HELO_INVALID;
	case HELO_SYNTAX_LITERAL:
		return fcrdns_addr_equal(&literal, &r->addr) ? FCRDNS_HELO_LITERAL_MATCH
							     : FCRDNS_HELO_LITERAL_MISMATCH;
	case HELO_SYNTAX_DOMAIN:
		break;
	}
	if (!helo_is_fqdn(psl, domain))
		return FCRDNS_HELO_NOT_FQDN;
	if (r->confirmed && same_name(domain, r->confirmed))
		return FCRDNS_HELO_MATCH;
	if (c->confirms)
		return r->confirmed && helo_same_registrable_domain(psl, domain, r->confirmed)
			       ? FCRDNS_HELO_SAME_DOMAIN : FCRDNS_HELO_FORWARD_MATCH;
	if (fcrdns_lookup_is_transient(c->outcome))
		return FCRDNS_HELO_TEMPERROR;
	return c->naddrs == 0 ? FCRDNS_HELO_UNRESOLVABLE : FCRDNS_HELO_MISMATCH;
}
