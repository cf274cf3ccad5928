/* SPDX-License-Identifier: MIT */
/* hostlist.c: lists of addresses, CIDR blocks and host names (exact or
 * '.suffix') read from configuration, and matching clients against them.
 * Addresses are compared in binary, never as strings. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "core/cidr.h"
#include "core/name.h"
#include "milterlib.h"

#define ENTRY_MAX 300 /* longest entry text: a name, or an address/prefix */

/* Parse "ADDR" or "ADDR/PREFIX" into *out. Returns NULL or an error. */
static const char *parse_net(const char *s, hostlist_net *out)
{
	const char *err = cidr_parse(s, strlen(s), &out->addr, &out->prefix);

	if (err != NULL)
		return err;
	if (cidr_host_bits_set(&out->addr, out->prefix))
		return "address has bits set beyond the prefix";
	return NULL;
}

/* Check a name entry: an optional leading dot, then a host name (with
 * '_', which real PTR names carry). */
static const char *check_name(const char *s)
{
	const char *p = s[0] == '.' ? s + 1 : s;

	if (!name_valid(p, strlen(p), NAME_UNDERSCORE | NAME_LOOSE_HYPHEN))
		return "invalid host name";
	return NULL;
}

/* Return 1 when s is meant as an address or block rather than a name. */
static int looks_like_address(const char *s)
{
	return strchr(s, ':') != NULL || strchr(s, '/') != NULL ||
	       strspn(s, "0123456789.") == strlen(s);
}

/* Append one entry (NUL-terminated, shorter than ENTRY_MAX). */
static const char *add_entry(hostlist *l, const char *s)
{
	const char *err;

	if (l->nnets + l->nnames >= HOSTLIST_MAX)
		return "too many entries";
	if (looks_like_address(s) && s[0] != '.') {
		hostlist_net net;
		hostlist_net *grown;
		if ((err = parse_net(s, &net)) != NULL)
			return err;
		if ((grown = realloc(l->nets, (l->nnets + 1) * sizeof *grown)) == NULL)
			return "out of memory";
		l->nets = grown;
		l->nets[l->nnets++] = net;
		return NULL;
	}
	if ((err = check_name(s)) != NULL)
		return err;
	char **names = realloc(l->names, (l->nnames + 1) * sizeof *names);
	if (names == NULL)
		return "out of memory";
	l->names = names;
	if ((names[l->nnames] = strdup(s)) == NULL)
		return "out of memory";
	for (char *p = names[l->nnames]; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	l->nnames++;
	return NULL;
}

static void copy_bad(char *bad, size_t badlen, const char *s, size_t n)
{
	if (badlen == 0)
		return;
	if (n >= badlen)
		n = badlen - 1;
	memcpy(bad, s, n);
	bad[n] = '\0';
}

int hostlist_parse(hostlist *l, const char *text, const char **err, char *bad, size_t badlen)
{
	static const char seps[] = ", \t";
	const char *p = text;

	while (*(p += strspn(p, seps)) != '\0') {
		size_t n = strcspn(p, seps);
		char entry[ENTRY_MAX];

		*err = NULL;
		if (n >= sizeof entry)
			*err = "entry too long";
		else {
			memcpy(entry, p, n);
			entry[n] = '\0';
			*err = add_entry(l, entry);
		}
		if (*err != NULL) {
			copy_bad(bad, badlen, p, n);
			return -1;
		}
		p += n;
	}
	return 0;
}

static int net_contains(const hostlist_net *net, const fcrdns_addr *a)
{
	unsigned full = net->prefix / 8, rest = net->prefix % 8;

	if (net->addr.family != a->family || memcmp(net->addr.bytes, a->bytes, full) != 0)
		return 0;
	if (rest == 0)
		return 1;
	unsigned mask = (0xffu << (8 - rest)) & 0xffu;
	return (a->bytes[full] & mask) == net->addr.bytes[full];
}

int hostlist_match_addr(const hostlist *l, const fcrdns_addr *addr)
{
	if (addr == NULL)
		return 0;
	for (size_t i = 0; i < l->nnets; i++)
		if (net_contains(&l->nets[i], addr))
			return 1;
	return 0;
}

/* Compare n bytes of a and b without regard to ASCII case. */
static int same_name(const char *a, const char *b, size_t n)
{
	return strncasecmp(a, b, n) == 0;
}

int hostlist_match_name(const hostlist *l, const char *name)
{
	size_t n;

	if (name == NULL || (n = strlen(name)) == 0)
		return 0;
	if (name[n - 1] == '.')
		n--;
	for (size_t i = 0; i < l->nnames; i++) {
		const char *e = l->names[i];
		size_t en = strlen(e);
		if (e[0] == '.' ? n > en && same_name(name + n - en, e, en)
				: n == en && same_name(name, e, n))
			return 1;
	}
	return 0;
}

void hostlist_free(hostlist *l)
{
	for (size_t i = 0; i < l->nnames; i++)
		free(l->names[i]);
	free(l->names);
	free(l->nets);
	memset(l, 0, sizeof *l);
}
