/* SPDX-License-Identifier: MIT */
/* cidr.c: the one CIDR parser ("IP" or "IP/N", IPv4 and IPv6) and the bit
 * arithmetic on prefixes, shared by bulk input, provider ranges and the
 * milter's host lists. */
#include <arpa/inet.h>
#include <string.h>

#include "core/cidr.h"

#define ADDR_TEXT_MAX 64 /* longer text before the '/' is not an address */

unsigned cidr_bits(const fcrdns_addr *a)
{
	return a->family == AF_INET ? 32 : 128;
}

/* Parse a prefix length of 1 to 3 digits not above max. Returns 0 or -1. */
static int parse_prefix(const char *s, size_t len, unsigned max, unsigned *out)
{
	unsigned v = 0;

	if (len == 0 || len > 3)
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	if (v > max)
		return -1;
	*out = v;
	return 0;
}

const char *cidr_parse(const char *text, size_t len, fcrdns_addr *addr, unsigned *prefix)
{
	char buf[ADDR_TEXT_MAX];
	const char *slash = memchr(text, '/', len);
	size_t alen = slash ? (size_t)(slash - text) : len;

	if (alen == 0 || alen >= sizeof buf || memchr(text, '\0', len))
		return "not an IP address or CIDR block";
	memcpy(buf, text, alen);
	buf[alen] = '\0';
	if (fcrdns_addr_parse(buf, addr) != FCRDNS_OK)
		return "not an IP address or CIDR block";
	*prefix = cidr_bits(addr);
	if (slash == NULL)
		return NULL;
	if (addr->family == AF_INET && memchr(buf, ':', alen))
		return "IPv4-mapped address with a prefix length";
	if (parse_prefix(slash + 1, len - alen - 1, cidr_bits(addr), prefix) != 0)
		return "invalid prefix length";
	return NULL;
}

int cidr_host_bits_set(const fcrdns_addr *a, unsigned prefix)
{
	for (unsigned bit = prefix; bit < cidr_bits(a); bit++)
		if (a->bytes[bit / 8] & (0x80u >> (bit % 8)))
			return 1;
	return 0;
}

void cidr_mask(fcrdns_addr *a, unsigned prefix)
{
	for (unsigned i = 0; i < cidr_bits(a) / 8; i++) {
		int keep = (int)prefix - 8 * (int)i;
		if (keep >= 8)
			continue;
		a->bytes[i] &= keep <= 0 ? 0 : (uint8_t)(0xff00 >> keep);
	}
}
