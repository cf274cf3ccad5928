/* SPDX-License-Identifier: MIT */
/* received.c: reads Received fields as MTAs write them (RFC 5321 s4.4
 * and the real layouts of Postfix, Sendmail, Exim, qmail, ZMailer,
 * IronPort, Exchange, OpenSMTPD, Gmail, Microsoft 365, Yahoo, Fastmail):
 * the clauses before the last top-level ';' and the date after it; in the
 * from clause, the HELO name, the reverse DNS name and the address. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mail/received.h"

typedef struct cursor {
	const char *p;
	const char *end;
} cursor;

/* A word or comment of the clauses; a comment's text is its inside. */
typedef struct item {
	const char *s;
	size_t n;
	int comment;
} item;

/* A word inside a comment; quoted: a "quoted string" (ZMailer);
 * after_paren: a parenthesis stands between it and the word before. */
typedef struct cword {
	const char *s;
	size_t n;
	int quoted;
	int after_paren;
} cword;

enum { KW_FROM, KW_BY, KW_WITH, KW_ID, KW_FOR, KW_VIA, KW_COUNT };

/* The from clause as read: its first word and its comments. */
typedef struct from_clause {
	int present;
	item word;                       /* n 0: none */
	item comments[RECEIVED_FROM_COMMENTS_MAX];
	size_t ncomments;
} from_clause;

static int is_wsp(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

int mail_addr_parse(const char *s, size_t n, fcrdns_addr *out)
{
	char text[64];
	const char *end = s + n, *at;

	if (n > 0 && *s == '[') {
		const char *close = memchr(s, ']', n);
		if (close == NULL)
			return -1;
		s++;
		end = close;
	} else {
		while ((at = memchr(s, '@', (size_t)(end - s))) != NULL) /* ident@address */
			s = at + 1;
		while (end > s && (end[-1] == ',' || end[-1] == ';'))
			end--;
	}
	if (end - s > 5 && strncasecmp(s, "IPv6:", 5) == 0)
		s += 5;
	if (end - s >= (long)sizeof text || memchr(s, '\0', (size_t)(end - s)) != NULL)
		return -1;
	memcpy(text, s, (size_t)(end - s));
	text[end - s] = '\0';
	if (fcrdns_addr_parse(text, out) == FCRDNS_OK)
		return 0;
	/* a.b.c.d:port: one colon only, so not IPv6 */
	char *colon = strchr(text, ':');
	if (colon == NULL || strchr(colon + 1, ':') != NULL || colon[1] == '\0' ||
	    strspn(colon + 1, "0123456789") != strlen(colon + 1))
		return -1;
	*colon = '\0';
	return fcrdns_addr_parse(text, out) == FCRDNS_OK ? 0 : -1;
}

/* Return the last ';' outside comments, or NULL. A comment left open
 * runs to the end (lenient: Received fields are never rejected). */
static const char *last_semicolon(const char *p, const char *end)
{
	const char *last = NULL;
	int depth = 0;

	for (; p < end; p++) {
		if (*p == '\\' && depth > 0 && p + 1 < end)
			p++;
		else if (*p == '(')
			depth++;
		else if (*p == ')' && depth > 0)
			depth--;
		else if (*p == ';' && depth == 0)
			last = p;
	}
	return last;
}

/* Return the end of the comment opening at p, or end when it stays open. */
static const char *comment_end(const char *p, const char *end)
{
	int depth = 0;

	for (; p < end; p++) {
		if (*p == '\\' && p + 1 < end)
			p++;
		else if (*p == '(')
			depth++;
		else if (*p == ')' && --depth == 0)
			return p + 1;
	}
	return end;
}

/* Read the next word or comment of the clauses into *it. A ';' before
 * the last one separates like white space. Returns 0 at the end. */
static int next_item(cursor *c, item *it)
{
	while (c->p < c->end && (is_wsp(*c->p) || *c->p == ';'))
		c->p++;
	if (c->p == c->end)
		return 0;
	const char *s = c->p;
	if (*s == '(') {
		c->p = comment_end(s, c->end);
		size_t inner = (size_t)(c->p - s) - 1;
		if (c->p[-1] == ')' && c->p - s >= 2)
			inner--;
		*it = (item){ s + 1, inner, 1 };
		return 1;
	}
	while (c->p < c->end && !is_wsp(*c->p) && *c->p != '(' && *c->p != ';')
		c->p++;
	*it = (item){ s, (size_t)(c->p - s), 0 };
	return 1;
}

/* Read the next word inside a comment: split at white space and
 * parentheses; a quoted string is one word. Returns 0 at the end. */
static int next_cword(cursor *c, cword *w)
{
	int paren = 0;

	for (; c->p < c->end && (is_wsp(*c->p) || *c->p == '(' || *c->p == ')'); c->p++)
		paren |= *c->p != ' ' && *c->p != '\t' && *c->p != '\r' && *c->p != '\n';
	if (c->p == c->end)
		return 0;
	if (*c->p == '"') {
		const char *s = c->p + 1;
		const char *q = memchr(s, '"', (size_t)(c->end - s));
		c->p = q ? q + 1 : c->end;
		*w = (cword){ s, (size_t)((q ? q : c->end) - s), 1, paren };
		return 1;
	}
	const char *s = c->p;
	while (c->p < c->end && !is_wsp(*c->p) && *c->p != '(' && *c->p != ')' && *c->p != '"')
		c->p++;
	*w = (cword){ s, (size_t)(c->p - s), 0, paren };
	return 1;
}

static int word_is(const char *s, size_t n, const char *word)
{
	return n == strlen(word) && strncasecmp(s, word, n) == 0;
}

static int keyword(const item *it)
{
	static const char *const names[KW_COUNT] = { "from", "by", "with", "id", "for", "via" };

	for (int k = 0; !it->comment && k < KW_COUNT; k++)
		if (word_is(it->s, it->n, names[k]))
			return k;
	return -1;
}

static fcrdns_bytes copy(arena *a, const char *s, size_t n)
{
	return arena_copy(a, s, n);
}

/* Store the value of clause kw ("by", "with", "id", "for"): one word, a
 * trailing comma dropped, and for "for" the angle brackets too. */
static void set_clause(arena *a, fcrdns_received *out, int kw, const item *v)
{
	const char *s = v->s, *end = v->s + v->n;

	while (end > s && end[-1] == ',')
		end--;
	if (kw == KW_FOR) {
		while (s < end && *s == '<')
			s++;
		while (end > s && end[-1] == '>')
			end--;
	}
	fcrdns_bytes b = copy(a, s, (size_t)(end - s));
	if (kw == KW_BY)
		out->by = b;
	else if (kw == KW_WITH)
		out->with = b;
	else if (kw == KW_ID)
		out->id = b;
	else if (kw == KW_FOR)
		out->for_addr = b;
}

/* Walk the clauses: each keyword's first occurrence takes the word right
 * after it (none when a comment follows); the comments after the first
 * "from" up to the next keyword are its TCP-info. */
static void read_clauses(arena *a, cursor c, fcrdns_received *out, from_clause *from)
{
	int seen[KW_COUNT] = { 0 }, in_from = 0;
	item it, value;

	while (next_item(&c, &it)) {
		int kw = keyword(&it);
		if (kw < 0) {
			if (it.comment && in_from && from->ncomments < RECEIVED_FROM_COMMENTS_MAX)
				from->comments[from->ncomments++] = it;
			continue;
		}
		in_from = kw == KW_FROM && !seen[KW_FROM];
		cursor peek = c;
		int has_value = next_item(&peek, &value) && !value.comment;
		if (has_value)
			c = peek;
		if (seen[kw]++)
			continue;
		if (kw == KW_FROM) {
			from->present = 1;
			if (has_value)
				from->word = value;
		} else if (kw != KW_VIA && has_value) {
			set_clause(a, out, kw, &value);
		}
	}
}

/* The HELO name the TCP-info states explicitly, if any. The client
 * wrote it, so the comment words from skip to skip_end (exclusive) are
 * not searched for the address: a HELO of "x [192.0.2.66]" plants none. */
typedef struct helo_claim {
	int found;
	const char *s;      /* the name, n bytes (may be empty) */
	size_t n;
	const char *skip, *skip_end;
} helo_claim;

static int claimed(const helo_claim *h, const cword *w)
{
	return w->quoted || (w->s >= h->skip && w->s < h->skip_end);
}

/* Look in one comment for Exim's "helo=X", qmail/IronPort/CommuniGate's
 * "HELO X" / "EHLO X" and ZMailer's quoted "EHLO X". */
static void claim_in_comment(const item *comment, helo_claim *h)
{
	cursor c = { comment->s, comment->s + comment->n };
	cword w;

	while (!h->found && next_cword(&c, &w)) {
		if (w.quoted && w.n >= 4 && (strncasecmp(w.s, "EHLO", 4) == 0 ||
					     strncasecmp(w.s, "HELO", 4) == 0) &&
		    (w.n == 4 || is_wsp(w.s[4]))) {
			const char *s = w.s + 4, *end = w.s + w.n;
			while (s < end && is_wsp(*s))
				s++;
			const char *e = s;
			while (e < end && !is_wsp(*e))
				e++;
			*h = (helo_claim){ 1, s, (size_t)(e - s), NULL, NULL };
		} else if (!w.quoted && w.n >= 5 && strncasecmp(w.s, "helo=", 5) == 0) {
			*h = (helo_claim){ 1, w.s + 5, w.n - 5, w.s, w.s + w.n };
		} else if (!w.quoted && (word_is(w.s, w.n, "HELO") || word_is(w.s, w.n, "EHLO"))) {
			cursor next = c;
			cword x;
			int has = next_cword(&next, &x) && !x.quoted;
			*h = (helo_claim){ 1, has ? x.s : w.s + w.n, has ? x.n : 0, w.s, c.end };
		}
	}
}

/* Find the first "[literal]" in the from clause's comments (not inside
 * the stated HELO). Returns 1 with *addr_ok and *addr when it parses, and
 * the word just before it in *before (n 0: none); 0 when there is none. */
static int find_literal(const from_clause *f, const helo_claim *h, fcrdns_addr *addr,
			int *addr_ok, cword *before)
{
	for (size_t i = 0; i < f->ncomments; i++) {
		cursor c = { f->comments[i].s, f->comments[i].s + f->comments[i].n };
		cword w, prev = { NULL, 0, 1, 0 };
		while (next_cword(&c, &w)) {
			const char *open = claimed(h, &w) ? NULL : memchr(w.s, '[', w.n);
			if (w.after_paren)
				prev = (cword){ NULL, 0, 1, 0 };
			if (open != NULL) {
				*addr_ok = mail_addr_parse(open, w.n - (size_t)(open - w.s), addr) == 0;
				*before = prev.quoted || open != w.s ? (cword){ NULL, 0, 0, 0 } : prev;
				return 1;
			}
			prev = w;
		}
	}
	return 0;
}

/* Find the first bare address in the from clause's comments (qmail's
 * "(192.0.2.1)", "(ident@192.0.2.1)", Exchange's "(192.0.2.1)"). */
static int find_bare(const from_clause *f, const helo_claim *h, fcrdns_addr *addr)
{
	for (size_t i = 0; i < f->ncomments; i++) {
		cursor c = { f->comments[i].s, f->comments[i].s + f->comments[i].n };
		cword w;
		while (next_cword(&c, &w))
			if (!claimed(h, &w) && mail_addr_parse(w.s, w.n, addr) == 0)
				return 1;
	}
	return 0;
}

static void set_ip(fcrdns_received *out, const fcrdns_addr *addr)
{
	out->has_from_ip = 1;
	out->from_addr = *addr;
	fcrdns_addr_format(addr, out->from_ip);
}

/* Return 1 for a host name that stands for "no name": unknown, <unknown>. */
static int no_name(const char *s, size_t n)
{
	return n == 0 || word_is(s, n, "unknown") || word_is(s, n, "<unknown>");
}

/* Return 1 when the from clause's first word is an address: a literal
 * or a bare address (Yahoo writes "from 192.0.2.1 (EHLO x)"). */
static int word_is_address(const item *w, fcrdns_addr *addr)
{
	return w->n > 0 && (w->s[0] == '[' || mail_addr_parse(w->s, w->n, addr) == 0);
}

/* Take the address from the comments: the first literal, else the first
 * bare address. */
static void address_from_comments(const from_clause *f, const helo_claim *h,
				  fcrdns_received *out, cword *before)
{
	fcrdns_addr addr;
	int ok = 0;

	*before = (cword){ NULL, 0, 0, 0 };
	if (find_literal(f, h, &addr, &ok, before)) {
		if (ok)
			set_ip(out, &addr);
	} else if (find_bare(f, h, &addr)) {
		set_ip(out, &addr);
	}
}

/* The TCP-info names the HELO: the first word is the reverse DNS name,
 * unless it is "unknown" or an address, which is then the address. */
static void from_with_claim(arena *a, const from_clause *f, const helo_claim *h,
			    fcrdns_received *out)
{
	fcrdns_addr addr;
	cword before;

	if (h->n > 0)
		out->from_helo = copy(a, h->s, h->n);
	if (word_is_address(&f->word, &addr)) {
		if (mail_addr_parse(f->word.s, f->word.n, &addr) == 0) {
			set_ip(out, &addr);
			return;
		}
	} else if (!no_name(f->word.s, f->word.n)) {
		out->from_rdns = copy(a, f->word.s, f->word.n);
	}
	address_from_comments(f, h, out, &before);
}

/* No stated HELO: the first word is the HELO (an address literal kept as
 * written) and the name just before the "[literal]" is the reverse DNS,
 * without Sendmail's "ident@". */
static void from_without_claim(arena *a, const from_clause *f, fcrdns_received *out)
{
	static const helo_claim none = { 0, NULL, 0, NULL, NULL };
	cword before;

	if (f->word.n > 0)
		out->from_helo = copy(a, f->word.s, f->word.n);
	address_from_comments(f, &none, out, &before);
	if (before.n == 0)
		return;
	const char *s = before.s, *end = before.s + before.n, *at;
	while ((at = memchr(s, '@', (size_t)(end - s))) != NULL)
		s = at + 1;
	if (!no_name(s, (size_t)(end - s)))
		out->from_rdns = copy(a, s, (size_t)(end - s));
}

static void read_date(arena *a, const char *s, const char *end, fcrdns_received *out)
{
	while (s < end && is_wsp(*s))
		s++;
	while (end > s && is_wsp(end[-1]))
		end--;
	if (end > s)
		out->date = copy(a, s, (size_t)(end - s));
}

int received_parse(arena *a, const char *value, size_t len, fcrdns_received *out)
{
	const char *end = value + len, *semi = last_semicolon(value, end);
	from_clause from = { 0 };
	helo_claim claim = { 0 };

	memset(out, 0, sizeof *out);
	out->raw = arena_copy(a, value, len);
	out->raw_len = len;
	if (semi != NULL)
		read_date(a, semi + 1, end, out);
	read_clauses(a, (cursor){ value, semi ? semi : end }, out, &from);
	for (size_t i = 0; i < from.ncomments && !claim.found; i++)
		claim_in_comment(&from.comments[i], &claim);
	if (claim.found)
		from_with_claim(a, &from, &claim, out);
	else if (from.present)
		from_without_claim(a, &from, out);
	return a->failed ? -1 : 0;
}
