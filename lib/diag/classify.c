/* SPDX-License-Identifier: MIT */
/* classify.c: decide whether a PTR name is a generic, auto-assigned pool
 * name (embedded address, pool tokens, provider defaults) or a chosen one,
 * by hand-written scanning over labels and tokens: no regex, no heap. */
#include <string.h>
#include <sys/socket.h>

#include "diag/providers.h"

#define NAME_LEN_MAX 1024 /* longer input is refused, not truncated */
#define TOKENS_MAX 64     /* tokens scanned; a longer host part is cut */
#define PIECES_MAX 64     /* digit runs scanned */
#define WORD_QUOTE_MAX 24 /* bytes of a token quoted in the reason */

/* A maximal run of [a-z0-9] in the host part. */
typedef struct token {
	uint16_t start, len;
} token;

/* A maximal run of digits; value is -1 when it cannot be an octet. */
typedef struct piece {
	uint16_t start, len;
	int16_t value;
} piece;

/* The lowercased name and what was found in its host part (the labels
 * left of the registrable domain). */
typedef struct scan {
	char s[NAME_LEN_MAX + 1];
	size_t len;
	size_t host_len;      /* bytes of the host part, 0 when none */
	unsigned host_labels;
	token tok[TOKENS_MAX];
	size_t ntok;
	piece pc[PIECES_MAX];
	size_t npc;
} scan;

typedef enum word_kind { WORD_STRONG, WORD_WEAK, WORD_MAIL } word_kind;

typedef struct word_hit {
	const char *at; /* NULL: none found */
	size_t len;
} word_hit;

/* Everything the decision reads. */
typedef struct evidence {
	const char *full;    /* the whole address is in the name: its form */
	const char *partial; /* three octets (or a 32-bit number): its form */
	const char *octets;  /* two octets of the known address: its form */
	const char *shape;   /* an opaque access-network label: its shape */
	int run2;            /* two linked octet-like numbers */
	int digits;          /* any digit in the host part */
	word_hit word[3];    /* first hit of each word_kind */
	const access_domain *access; /* the registrable domain is an access ISP's */
} evidence;

/* Host-part words, sorted for binary search. Strong words name a pool on
 * their own (rspamd's weight 4-5, SpamAssassin's RDNS_DYNAMIC set); weak
 * ones need an address-like number beside them (`host-1-2-3`, `cust12-34`);
 * mail words mark a deliberately named mail host (`mx1`, `smtp-out-3`). */
static const struct {
	const char *w;
	word_kind kind;
} words[] = {
	{ "3g", WORD_WEAK },        { "4g", WORD_WEAK },
	{ "5g", WORD_WEAK },        { "abo", WORD_WEAK },
	{ "addr", WORD_WEAK },      { "adsl", WORD_STRONG },
	{ "as", WORD_WEAK },        { "bas", WORD_WEAK },
	{ "bband", WORD_STRONG },   { "bounce", WORD_MAIL },
	{ "bounces", WORD_MAIL },   { "bredband", WORD_STRONG },
	{ "broadband", WORD_STRONG }, { "cable", WORD_STRONG },
	{ "cablemodem", WORD_STRONG }, { "catv", WORD_STRONG },
	{ "cdma", WORD_STRONG },    { "cgnat", WORD_STRONG },
	{ "client", WORD_WEAK },    { "clients", WORD_WEAK },
	{ "cm", WORD_WEAK },        { "cpe", WORD_STRONG },
	{ "cust", WORD_WEAK },      { "customer", WORD_WEAK },
	{ "customers", WORD_WEAK }, { "dhcp", WORD_STRONG },
	{ "dial", WORD_STRONG },    { "dialin", WORD_STRONG },
	{ "dialup", WORD_STRONG },  { "dinamic", WORD_STRONG },
	{ "dinamica", WORD_STRONG }, { "dinamico", WORD_STRONG },
	{ "dip", WORD_STRONG },     { "docsis", WORD_STRONG },
	{ "dsl", WORD_STRONG },     { "dyn", WORD_STRONG },
	{ "dynamic", WORD_STRONG }, { "dynamicip", WORD_STRONG },
	{ "dynamique", WORD_STRONG }, { "dynip", WORD_STRONG },
	{ "email", WORD_MAIL },     { "exim", WORD_MAIL },
	{ "fiber", WORD_WEAK },     { "fibra", WORD_WEAK },
	{ "fibre", WORD_WEAK },     { "fixed", WORD_WEAK },
	{ "ftth", WORD_STRONG },    { "generic", WORD_WEAK },
	{ "gpon", WORD_WEAK },      { "gprs", WORD_STRONG },
	{ "home", WORD_WEAK },      { "homeuser", WORD_STRONG },
	{ "host", WORD_WEAK },      { "hsd", WORD_STRONG },
	{ "ip", WORD_WEAK },        { "ipv4", WORD_WEAK },
	{ "kabel", WORD_STRONG },   { "lte", WORD_WEAK },
	{ "mail", WORD_MAIL },      { "mailer", WORD_MAIL },
	{ "mailgw", WORD_MAIL },    { "mailhost", WORD_MAIL },
	{ "mailout", WORD_MAIL },   { "mailrelay", WORD_MAIL },
	{ "max", WORD_WEAK },       { "mob", WORD_WEAK },
	{ "mobile", WORD_WEAK },    { "modem", WORD_STRONG },
	{ "mta", WORD_MAIL },       { "mx", WORD_MAIL },
	{ "mxout", WORD_MAIL },     { "nas", WORD_WEAK },
	{ "nat", WORD_WEAK },       { "newsletter", WORD_MAIL },
	{ "node", WORD_WEAK },      { "out", WORD_MAIL },
	{ "outbound", WORD_MAIL },  { "outgoing", WORD_MAIL },
	{ "peer", WORD_WEAK },      { "pm", WORD_WEAK },
	{ "pool", WORD_STRONG },    { "pools", WORD_STRONG },
	{ "postfix", WORD_MAIL },   { "ppp", WORD_STRONG },
	{ "pppoe", WORD_STRONG },   { "pptp", WORD_STRONG },
	{ "ras", WORD_WEAK },       { "relay", WORD_MAIL },
	{ "res", WORD_WEAK },       { "residential", WORD_STRONG },
	{ "resnet", WORD_STRONG },  { "rev", WORD_WEAK },
	{ "reverse", WORD_WEAK },   { "sdsl", WORD_STRONG },
	{ "send", WORD_MAIL },      { "sender", WORD_MAIL },
	{ "smtp", WORD_MAIL },      { "smtpout", WORD_MAIL },
	{ "static", WORD_WEAK },    { "sub", WORD_WEAK },
	{ "subscriber", WORD_WEAK }, { "tnt", WORD_WEAK },
	{ "ts", WORD_WEAK },        { "unassigned", WORD_STRONG },
	{ "unknown", WORD_WEAK },   { "unused", WORD_STRONG },
	{ "user", WORD_WEAK },      { "users", WORD_WEAK },
	{ "vdsl", WORD_STRONG },    { "wifi", WORD_STRONG },
	{ "wimax", WORD_WEAK },     { "wireless", WORD_WEAK },
	{ "wlan", WORD_STRONG },    { "xdsl", WORD_STRONG },
};

/* Second-level labels under which a country code registers names (co.uk,
 * com.au, ne.jp): the registrable domain then has three labels. A public
 * suffix list would be exact; this covers the pools seen in practice. */
static const char *const second_levels[] = {
	"ac", "ad", "co", "com", "ed", "edu", "go", "gob", "gov", "gr", "int",
	"lg", "ltd", "mil", "ne", "net", "nom", "or", "org", "plc", "sch",
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_alnum(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z');
}

static int is_hex(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f');
}

/* Copy name into sc->s lowercased, without one trailing dot. Other bytes
 * are kept as they are: scanning treats every non-[a-z0-9] byte as a
 * separator, so any input is safe. */
static void normalise(scan *sc, const char *name, size_t len)
{
	if (len > 0 && name[len - 1] == '.')
		len--;
	for (size_t i = 0; i < len; i++) {
		char c = name[i];
		sc->s[i] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
	}
	sc->s[len] = '\0';
	sc->len = len;
}

static int is_second_level(const char *s, size_t len)
{
	for (size_t i = 0; i < COUNT(second_levels); i++)
		if (strlen(second_levels[i]) == len && memcmp(second_levels[i], s, len) == 0)
			return 1;
	return 0;
}

/* Find the host part: the labels left of the registrable domain (two
 * labels, three under a country's second level). Pool words and numbers
 * in the registrable domain (dyni.net, vodafone-ip.de) say nothing about
 * the host, and neither does a TLD such as .online. */
static void split_host(scan *sc)
{
	size_t dots[3] = { 0 }, ndots = 0;

	sc->host_len = 0;
	sc->host_labels = 0;
	for (size_t i = sc->len; i-- > 0 && ndots < 3;)
		if (sc->s[i] == '.')
			dots[ndots++] = i;
	if (ndots < 2)
		return;
	size_t cut = dots[1]; /* dot before the second-to-last label */
	size_t tld_len = sc->len - dots[0] - 1;
	if (tld_len == 2 && ndots == 3 &&
	    is_second_level(sc->s + dots[1] + 1, dots[0] - dots[1] - 1))
		cut = dots[2];
	else if (tld_len == 2 && ndots == 2 &&
		 is_second_level(sc->s + dots[1] + 1, dots[0] - dots[1] - 1))
		return; /* www.co.uk-like: nothing left of the domain */
	sc->host_len = cut;
	sc->host_labels = 1;
	for (size_t i = 0; i < cut; i++)
		sc->host_labels += sc->s[i] == '.';
}

/* Record the digit runs inside token t. */
static void add_pieces(scan *sc, const token *t)
{
	size_t i = t->start, end = (size_t)t->start + t->len;

	while (i < end && sc->npc < PIECES_MAX) {
		if (!is_digit(sc->s[i])) {
			i++;
			continue;
		}
		size_t j = i;
		int v = 0;
		while (j < end && is_digit(sc->s[j])) {
			if (j - i < 3)
				v = v * 10 + (sc->s[j] - '0');
			j++;
		}
		piece *p = &sc->pc[sc->npc++];
		p->start = (uint16_t)i;
		p->len = (uint16_t)(j - i);
		p->value = (int16_t)(j - i <= 3 && v <= 255 ? v : -1);
		i = j;
	}
}

/* Split the host part into tokens and digit runs (bounded counts). */
static void tokenise(scan *sc)
{
	size_t i = 0;

	sc->ntok = sc->npc = 0;
	while (i < sc->host_len && sc->ntok < TOKENS_MAX) {
		if (!is_alnum(sc->s[i])) {
			i++;
			continue;
		}
		size_t j = i;
		while (j < sc->host_len && is_alnum(sc->s[j]))
			j++;
		token *t = &sc->tok[sc->ntok++];
		t->start = (uint16_t)i;
		t->len = (uint16_t)(j - i);
		add_pieces(sc, t);
		i = j;
	}
}

/* Return 1 when piece i and piece i+1 are joined by one separator byte
 * ("1-2", "1.2", and "1x2" as rspamd's bare-IP rule allows, but not "1a2"
 * or "1--2"). */
static int pieces_linked(const scan *sc, size_t i)
{
	const piece *a = &sc->pc[i], *b = &sc->pc[i + 1];
	char sep = sc->s[a->start + a->len];
	return (size_t)b->start == (size_t)a->start + a->len + 1 &&
	       (sep == 'x' || !is_alnum(sep));
}

/* Return 1 when pieces i..i+k-1 are linked and equal want[0..k-1]. */
static int pieces_equal(const scan *sc, size_t i, const int *want, size_t k)
{
	if (i + k > sc->npc)
		return 0;
	for (size_t j = 0; j < k; j++) {
		if (sc->pc[i + j].value != want[j])
			return 0;
		if (j + 1 < k && !pieces_linked(sc, i + j))
			return 0;
	}
	return 1;
}

/* Return the number of linked octet-like pieces starting at i. */
static size_t octet_run(const scan *sc, size_t i)
{
	size_t n = 0;

	while (i + n < sc->npc && sc->pc[i + n].value >= 0) {
		n++;
		if (i + n >= sc->npc || !pieces_linked(sc, i + n - 1))
			break;
	}
	return n;
}

/* Return 1 when pieces i..i+k-1 include a zero-padded one ("002"). */
static int padded(const scan *sc, size_t i, size_t k)
{
	for (size_t j = i; j < i + k; j++)
		if (sc->pc[j].len > 1 && sc->s[sc->pc[j].start] == '0')
			return 1;
	return 0;
}

/* Look for the IPv4 address o as linked decimal numbers: the whole of it
 * in either order (ev->full), or three octets of it (ev->partial), or the
 * last two (ev->run2). */
static void exact_v4_decimal(const scan *sc, const uint8_t *o, evidence *ev)
{
	const int fwd[4] = { o[0], o[1], o[2], o[3] };
	const int rev[4] = { o[3], o[2], o[1], o[0] };

	for (size_t i = 0; i < sc->npc && ev->full == NULL; i++) {
		if (pieces_equal(sc, i, fwd, 4))
			ev->full = padded(sc, i, 4) ? "the address, zero-padded" : "the address in forward order";
		else if (pieces_equal(sc, i, rev, 4))
			ev->full = padded(sc, i, 4) ? "the address reversed, zero-padded"
						    : "the address in reversed order";
		else if (ev->partial == NULL &&
			 (pieces_equal(sc, i, fwd, 3) || pieces_equal(sc, i, fwd + 1, 3) ||
			  pieces_equal(sc, i, rev, 3) || pieces_equal(sc, i, rev + 1, 3)))
			ev->partial = "three octets of the address";
		else if (pieces_equal(sc, i, fwd + 2, 2) || pieces_equal(sc, i, rev, 2))
			ev->run2 = 1;
	}
}

/* Return 1 when token t is 0-3 letters followed by the 8 hex digits hex
 * ("c0000201", "p5b0c1d2e"). */
static int token_ends_hex8(const scan *sc, const token *t, const char *hex)
{
	const char *s = sc->s + t->start;

	if (t->len < 8 || t->len > 11 || memcmp(s + t->len - 8, hex, 8) != 0)
		return 0;
	for (size_t i = 0; i + 8 < t->len; i++)
		if (is_digit(s[i]))
			return 0;
	return 1;
}

/* Parse token t as a hex number of at most maxlen digits; -1 if not. */
static long token_hex(const scan *sc, const token *t, size_t maxlen)
{
	long v = 0;

	if (t->len == 0 || t->len > maxlen)
		return -1;
	for (size_t i = 0; i < t->len; i++) {
		char c = sc->s[t->start + i];
		if (!is_hex(c))
			return -1;
		v = v * 16 + (is_digit(c) ? c - '0' : c - 'a' + 10);
	}
	return v;
}

/* Return 1 when tokens i..i+k-1 are joined by single separators and
 * parse as hex numbers (at most maxlen digits) equal to want. */
static int tokens_hex_equal(const scan *sc, size_t i, const long *want, size_t k,
			    size_t maxlen)
{
	if (i + k > sc->ntok)
		return 0;
	for (size_t j = 0; j < k; j++) {
		if (token_hex(sc, &sc->tok[i + j], maxlen) != want[j])
			return 0;
		if (j + 1 < k && sc->tok[i + j + 1].start != sc->tok[i + j].start + sc->tok[i + j].len + 1)
			return 0;
	}
	return 1;
}

/* Write v in decimal into buf (12 bytes). Returns the length. */
static size_t u32_decimal(uint32_t v, char *buf)
{
	char tmp[12];
	size_t n = 0, len = 0;

	do
		tmp[n++] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	while (n > 0)
		buf[len++] = tmp[--n];
	return len;
}

/* Look for the IPv4 address o in hexadecimal ("c0000201", "c0-00-02-01"),
 * as one 32-bit decimal number ("3221225985") or as four zero-padded
 * octets run together ("192000002001"). */
static void exact_v4_other(const scan *sc, const uint8_t *o, evidence *ev)
{
	static const char hexd[] = "0123456789abcdef";
	char hex[8], dec[12], pad[12];
	const long bytes[4] = { o[0], o[1], o[2], o[3] };
	uint32_t v = (uint32_t)o[0] << 24 | (uint32_t)o[1] << 16 | (uint32_t)o[2] << 8 | o[3];
	size_t dlen = u32_decimal(v, dec);

	for (int i = 0; i < 4; i++) {
		hex[2 * i] = hexd[o[i] >> 4];
		hex[2 * i + 1] = hexd[o[i] & 15];
	}
	for (size_t i = 0; i < sc->ntok && ev->full == NULL; i++) {
		if (token_ends_hex8(sc, &sc->tok[i], hex) || tokens_hex_equal(sc, i, bytes, 4, 2))
			ev->full = "the address in hexadecimal";
	}
	for (size_t i = 0; i < 4; i++) {
		pad[3 * i] = (char)('0' + o[i] / 100);
		pad[3 * i + 1] = (char)('0' + o[i] / 10 % 10);
		pad[3 * i + 2] = (char)('0' + o[i] % 10);
	}
	for (size_t i = 0; i < sc->npc && ev->full == NULL; i++) {
		const char *d = sc->s + sc->pc[i].start;
		if (sc->pc[i].len == dlen && memcmp(d, dec, dlen) == 0)
			ev->full = "the address as a decimal number";
		else if (sc->pc[i].len == 12 && memcmp(d, pad, 12) == 0)
			ev->full = "the address as twelve digits"; /* softbank126012034056 */
	}
}

/* Look for four consecutive 16-bit groups of an IPv6 address, written as
 * hex tokens ("2001-db8-10-5"); all-zero windows prove nothing. */
static void exact_v6(const scan *sc, const uint8_t *b, evidence *ev)
{
	long g[8];

	for (int i = 0; i < 8; i++)
		g[i] = (long)b[2 * i] << 8 | b[2 * i + 1];
	for (int j = 0; j + 4 <= 8 && ev->full == NULL; j++) {
		if ((g[j] | g[j + 1] | g[j + 2] | g[j + 3]) == 0)
			continue;
		for (size_t i = 0; i + 4 <= sc->ntok; i++)
			if (tokens_hex_equal(sc, i, g + j, 4, 4)) {
				ev->full = "groups of the IPv6 address";
				break;
			}
	}
}

/* Return 1 when token t looks like an IPv4 address in hex without knowing
 * the address: 0-3 letters, then exactly 8 hex digits with at least two
 * digits and one a-f letter ("p5b0c1d2e"). */
static int token_hexlike(const scan *sc, const token *t)
{
	const char *s = sc->s + t->start;
	size_t pre = 0, digits = 0, letters = 0;

	if (t->len < 8 || t->len > 11)
		return 0;
	pre = t->len - 8;
	for (size_t i = 0; i < pre; i++)
		if (is_digit(s[i]))
			return 0;
	for (size_t i = pre; i < t->len; i++) {
		if (!is_hex(s[i]))
			return 0;
		digits += is_digit(s[i]);
		letters += !is_digit(s[i]);
	}
	return digits >= 2 && letters >= 1;
}

/* Fill in what the shape of the numbers says without the address: four
 * linked octet-like numbers, a hex-address token, three or two numbers,
 * or a 32-bit-sized decimal number. */
static void heuristic_numbers(const scan *sc, evidence *ev)
{
	for (size_t i = 0; i < sc->npc; i++) {
		size_t run = octet_run(sc, i);
		if (run >= 4 && ev->full == NULL)
			ev->full = "an IPv4-like run of four numbers";
		else if (run == 3 && ev->partial == NULL)
			ev->partial = "three address-like numbers";
		if (run >= 2)
			ev->run2 = 1;
		if (sc->pc[i].len >= 9 && sc->pc[i].len <= 10)
			ev->run2 = 1; /* an address written as one integer, perhaps */
	}
	for (size_t i = 0; i < sc->ntok && ev->full == NULL; i++)
		if (token_hexlike(sc, &sc->tok[i]))
			ev->full = "an IPv4-like hexadecimal number";
}

/* Return the index of the word s[0..len) in words[], or -1. */
static int word_find(const char *s, size_t len)
{
	size_t lo = 0, hi = COUNT(words);

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const char *w = words[mid].w;
		int c = strncmp(w, s, len);
		if (c == 0)
			c = w[len] == '\0' ? 0 : 1;
		if (c == 0)
			return (int)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static void word_note(evidence *ev, const char *s, size_t len)
{
	int k = word_find(s, len);

	if (k >= 0 && ev->word[words[k].kind].at == NULL) {
		ev->word[words[k].kind].at = s;
		ev->word[words[k].kind].len = len;
	}
}

/* Look up each token whole ("4g", "adsl2") and each of its letter runs
 * ("dyn" in "dyn123", "cpe" in "cpe12abc"). */
static void find_words(const scan *sc, evidence *ev)
{
	for (size_t i = 0; i < sc->ntok; i++) {
		const char *s = sc->s + sc->tok[i].start;
		size_t len = sc->tok[i].len, j = 0;

		word_note(ev, s, len);
		while (j < len) {
			size_t k = j;
			while (k < len && !is_digit(s[k]))
				k++;
			if (k > j && k - j < len)
				word_note(ev, s + j, k - j);
			while (k < len && is_digit(s[k]))
				k++;
			j = k;
		}
	}
}

/* Return the end of the first label: the index of its dot, or host_len. */
static size_t first_label_end(const scan *sc)
{
	const char *dot = memchr(sc->s, '.', sc->host_len);

	return dot != NULL ? (size_t)(dot - sc->s) : sc->host_len;
}

/* Return 1 when a digit run starts before offset end (in the first label). */
static int digits_before(const scan *sc, size_t end)
{
	return sc->npc > 0 && sc->pc[0].start < end;
}

/* Write octets o[j..j+k) of the four into buf run together, each
 * zero-padded to three digits when padded is set ("228014"), else as they
 * are ("224128"). buf holds 12 bytes (j + k <= 4; the test on n lets gcc
 * -O3 see it). Returns the length. */
static size_t octets_joined(const uint8_t *o, size_t j, size_t k, int padded, char *buf)
{
	size_t n = 0;

	for (size_t i = j; i < j + k && n + 3 <= 12; i++) {
		if (padded || o[i] >= 100)
			buf[n++] = (char)('0' + o[i] / 100);
		if (padded || o[i] >= 10)
			buf[n++] = (char)('0' + o[i] / 10 % 10);
		buf[n++] = (char)('0' + o[i] % 10);
	}
	return n;
}

/* Look at digit run p for two to four consecutive octets of o run
 * together. Returns the number of octets found there (0 when none); runs
 * shorter than four digits prove nothing. */
static size_t joined_octets_in(const scan *sc, const piece *p, const uint8_t *o)
{
	char buf[12];

	if (p->len < 4 || p->len > 12)
		return 0;
	for (size_t k = 4; k >= 2; k--)
		for (size_t j = 0; j + k <= 4; j++)
			for (int padded = 0; padded < 2; padded++) {
				size_t n = octets_joined(o, j, k, padded, buf);
				if (n == p->len && memcmp(buf, sc->s + p->start, n) == 0)
					return k;
			}
	return 0;
}

/* Look for parts of the IPv4 address o that a pool name carries without
 * the whole: octets run together ("224128.bsb...", "vp228014.uac63..."),
 * two consecutive octets linked in either order ("k100-45.bas1...") and
 * the last octet closing the first label of a name with a deeper access
 * label ("h137.s1.ts31..."). Admins number their own hosts by the last
 * octet too ("rly116.example.com"), and octets below 10 are everywhere
 * ("ns1"), so neither counts alone. */
static void octets_v4(const scan *sc, const uint8_t *o, evidence *ev)
{
	size_t fle = first_label_end(sc), last = PIECES_MAX;

	for (size_t i = 0; i < sc->npc; i++) {
		size_t k = joined_octets_in(sc, &sc->pc[i], o);
		if (k == 4 && ev->full == NULL)
			ev->full = "the address as one number";
		else if (k == 3 && ev->partial == NULL)
			ev->partial = "three octets of the address run together";
		else if (k == 2 && ev->octets == NULL)
			ev->octets = "two octets of the address run together";
		for (size_t j = 0; j < 3 && ev->octets == NULL; j++) {
			const int fwd[2] = { o[j], o[j + 1] }, rev[2] = { o[j + 1], o[j] };
			if ((o[j] >= 10 || o[j + 1] >= 10) &&
			    (pieces_equal(sc, i, fwd, 2) || pieces_equal(sc, i, rev, 2)))
				ev->octets = "two octets of the address";
		}
		if (sc->pc[i].start < fle)
			last = i;
	}
	if (ev->octets == NULL && last < PIECES_MAX && o[3] >= 10 && sc->host_labels >= 2 &&
	    sc->pc[last].value == o[3] && (size_t)sc->pc[last].start + sc->pc[last].len == fle)
		ev->octets = "the last octet of the address ending the first label";
}

/* Describe token t's run of hex digits of at least twelve with letters
 * and digits mixed (a MAC address or a modem serial: "h0002a5d76857"),
 * or return NULL. */
static const char *hex_serial(const scan *sc, const token *t)
{
	size_t run = 0, letters = 0, digits = 0;

	for (size_t i = t->start; i <= (size_t)t->start + t->len; i++) {
		char c = i < (size_t)t->start + t->len ? sc->s[i] : '.';
		if (is_hex(c)) {
			run++;
			letters += !is_digit(c);
			digits += is_digit(c);
			continue;
		}
		if (run >= 12 && letters >= 2 && digits >= 4)
			return "a MAC-like hexadecimal label";
		run = letters = digits = 0;
	}
	return NULL;
}

/* Describe an opaque access-network label in the first label, or return
 * NULL: a hex serial, a serial number of five digits or more where the
 * name has more than that one label ("pcp04024417pcs.toresd01...",
 * "a151145.upc-a...") or a token alternating letters and numbers four
 * times ("h53n2fls32o828"). */
static const char *opaque_label(const scan *sc, size_t fle)
{
	for (size_t i = 0; i < sc->ntok && sc->tok[i].start < fle; i++) {
		const token *t = &sc->tok[i];
		const char *hex = hex_serial(sc, t);
		size_t runs = 0;
		if (hex != NULL)
			return hex;
		for (size_t j = 0; j < sc->npc; j++) {
			const piece *p = &sc->pc[j];
			if (p->start < t->start || p->start >= t->start + t->len)
				continue;
			/* "dd12345.example" alone is a hosting server's number */
			if (p->len >= 5 && (sc->host_labels >= 2 || t->len < fle))
				return "a serial number in the first label";
			runs++;
		}
		if (runs >= 4)
			return "a serial label of letters and numbers";
	}
	return NULL;
}

/* Return the label [a, b) as a word hit when it is a pool word, alone or
 * numbered ("cm", "client2", "ip4", "static"); else an empty hit. */
static word_hit pool_label(const scan *sc, size_t a, size_t b)
{
	word_hit w = { NULL, 0 };
	size_t k = a;

	while (k < b && is_alnum(sc->s[k]) && !is_digit(sc->s[k]))
		k++;
	for (size_t i = k; i < b; i++)
		if (!is_digit(sc->s[i]))
			return w;
	int at = k > a ? word_find(sc->s + a, k - a) : -1;
	if (at >= 0 && words[at].kind != WORD_MAIL) {
		w.at = sc->s + a;
		w.len = k - a;
	}
	return w;
}

/* Return 1 when token t of the first label (four bytes or more) is also
 * the whole label [a, b): an access site's code written twice
 * ("nwblwi-nrp3-l10-a671.nwblwi.tds.net"). */
static int site_repeated(const scan *sc, size_t fle, size_t a, size_t b)
{
	for (size_t i = 0; i < sc->ntok && sc->tok[i].start < fle; i++) {
		const token *t = &sc->tok[i];
		if (t->len >= 4 && t->len == b - a && memcmp(sc->s + t->start, sc->s + a, b - a) == 0)
			return 1;
	}
	return 0;
}

/* Read the labels below the first for access-network structure: a pool
 * word as a label under a numbered first label, or the first label
 * repeating one of them. Sets ev->shape. */
static void access_labels(const scan *sc, size_t fle, evidence *ev)
{
	static const char repeat[] = "the first label repeats its access site's code";

	for (size_t a = fle + 1; a < sc->host_len && ev->shape == NULL;) {
		const char *dot = memchr(sc->s + a, '.', sc->host_len - a);
		size_t b = dot != NULL ? (size_t)(dot - sc->s) : sc->host_len;
		word_hit w = pool_label(sc, a, b);
		if (w.at != NULL && ev->word[WORD_WEAK].at == NULL)
			ev->word[WORD_WEAK] = w;
		if (w.at != NULL)
			ev->shape = "a numbered host under a pool label";
		else if (site_repeated(sc, fle, a, b))
			ev->shape = repeat;
		a = b + 1;
	}
}

/* Gather the access-network evidence that needs no address: an opaque
 * first label, access labels below it, and the registrable domain of a
 * known access ISP (only when the first label carries a number). */
static void access_shapes(const scan *sc, evidence *ev)
{
	size_t fle = first_label_end(sc);

	if (sc->host_len == 0 || !digits_before(sc, fle))
		return;
	ev->shape = opaque_label(sc, fle);
	if (ev->shape == NULL)
		access_labels(sc, fle, ev);
	const access_domain *d = access_domain_find(sc->s + sc->host_len + 1,
						    sc->len - sc->host_len - 1);
	if (d != NULL && sc->host_labels >= d->depth)
		ev->access = d;
}

/* Set out->reason to the concatenation of a, b and c, cut to fit. */
static void reason(fcrdns_class *out, const char *a, const char *b, size_t blen, const char *c)
{
	size_t n = 0;
	const char *parts[3] = { a, b, c };
	size_t lens[3] = { strlen(a), b ? blen : 0, c ? strlen(c) : 0 };

	for (int i = 0; i < 3; i++) {
		size_t take = lens[i];
		if (take > FCRDNS_REASON_MAX - 1 - n)
			take = FCRDNS_REASON_MAX - 1 - n;
		if (take > 0)
			memcpy(out->reason + n, parts[i], take);
		n += take;
	}
	out->reason[n] = '\0';
}

/* Quote a found word (letters and digits only, so printable). */
static void reason_word(fcrdns_class *out, const char *pre, const word_hit *w, const char *post)
{
	reason(out, pre, w->at, w->len > WORD_QUOTE_MAX ? WORD_QUOTE_MAX : w->len, post);
}

/* Match the whole name against a pattern table; returns the row or NULL. */
static const name_pattern *match_table(const scan *sc, const name_pattern *t, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (name_pattern_match(&t[i], sc->s, sc->len))
			return &t[i];
	return NULL;
}

/* Recognise known senders and provider defaults. Returns 1 if decided. */
static int classify_known(const scan *sc, fcrdns_class *out)
{
	size_t n;
	const name_pattern *t = esp_outbound_patterns(&n);
	const name_pattern *p = match_table(sc, t, n);

	if (p != NULL) {
		reason(out, "outbound mail host of ", p->label, strlen(p->label), "");
		return 1;
	}
	t = provider_default_patterns(&n);
	p = match_table(sc, t, n);
	if (p == NULL)
		return 0;
	out->generic = 1;
	out->provider = fcrdns_provider_find(p->provider_id);
	static const char why[] = ": assigned by the provider, not chosen";
	reason(out, p->label, why, sizeof why - 1, "");
	return 1;
}

/* Decide from the access-network evidence once words and the address
 * have not: parts of the address, an opaque label, a known access ISP's
 * domain. Returns 1 if decided (generic). */
static int decide_access(const evidence *ev, fcrdns_class *out)
{
	static const char under[] = "a numbered host in the access network ";

	if (ev->octets != NULL)
		reason(out, "embeds ", ev->octets, strlen(ev->octets), "");
	else if (ev->shape != NULL)
		reason(out, ev->shape, NULL, 0, NULL);
	else if (ev->access != NULL)
		reason(out, under, ev->access->domain, strlen(ev->access->domain), "");
	else
		return 0;
	return 1;
}

/* Decide from the evidence, strongest first: the whole address in the
 * name; a mail-host word (mx, smtp, mta...) unless a pool word comes with
 * part of the address; a pool word with digits or deeper in the name; a
 * weak word with address-like numbers; three octets alone; then the
 * access-network shapes of decide_access. Anything else is a chosen name. */
static void decide(const scan *sc, const evidence *ev, fcrdns_class *out)
{
	const word_hit *strong = &ev->word[WORD_STRONG], *weak = &ev->word[WORD_WEAK];
	const word_hit *mail = &ev->word[WORD_MAIL];

	out->generic = 1;
	if (ev->full != NULL)
		reason(out, "embeds ", ev->full, strlen(ev->full), "");
	else if (mail->at != NULL && !(strong->at != NULL && ev->partial != NULL)) {
		out->generic = 0;
		reason_word(out, "mail host name ('", mail, "') without the full address");
	} else if (strong->at != NULL && (ev->partial || ev->digits || sc->host_labels >= 2))
		reason_word(out, "pool token '", strong,
			    ev->partial  ? "' with part of the address"
			    : ev->digits ? "' with digits in the host part"
					 : "' below the domain");
	else if (weak->at != NULL && (ev->partial != NULL || ev->run2))
		reason_word(out, "token '", weak, "' with address-like numbers");
	else if (ev->partial != NULL)
		reason(out, "embeds ", ev->partial, strlen(ev->partial), "");
	else if (!decide_access(ev, out)) {
		out->generic = 0;
		reason(out, "no embedded address, pool token or provider default", NULL, 0, NULL);
	}
}

int fcrdns_classify(const char *name, const fcrdns_addr *addr, fcrdns_class *out)
{
	scan sc;
	evidence ev;
	size_t len;

	if (name == NULL || out == NULL || (len = strnlen(name, NAME_LEN_MAX + 1)) > NAME_LEN_MAX)
		return FCRDNS_EINVAL;
	out->generic = 0;
	out->provider = NULL;
	normalise(&sc, name, len);
	if (sc.len == 0) {
		reason(out, "empty name", NULL, 0, NULL);
		return FCRDNS_OK;
	}
	if (classify_known(&sc, out))
		return FCRDNS_OK;
	split_host(&sc);
	tokenise(&sc);
	memset(&ev, 0, sizeof ev);
	ev.digits = sc.npc > 0;
	if (addr != NULL && addr->family == AF_INET) {
		exact_v4_decimal(&sc, addr->bytes, &ev);
		if (ev.full == NULL)
			exact_v4_other(&sc, addr->bytes, &ev);
		if (ev.full == NULL)
			octets_v4(&sc, addr->bytes, &ev);
	} else if (addr != NULL && addr->family == AF_INET6)
		exact_v6(&sc, addr->bytes, &ev);
	heuristic_numbers(&sc, &ev);
	find_words(&sc, &ev);
	access_shapes(&sc, &ev);
	decide(&sc, &ev, out);
	return FCRDNS_OK;
}
