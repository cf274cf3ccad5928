/* SPDX-License-Identifier: MIT */
/* addr.c: IP address parsing and normalisation (IPv4-mapped IPv6 becomes
 * IPv4, IPv6 text per RFC 5952) and reverse-name building (RFC 1035
 * in-addr.arpa, RFC 3596 ip6.arpa nibbles). */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "fcrdns.h"

#define ADDR_TEXT_MAX 64 /* longer text cannot be an address */

static const uint8_t v4mapped_prefix[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

int fcrdns_addr_parse(const char *text, fcrdns_addr *out)
{
	if (text == NULL || out == NULL || strnlen(text, ADDR_TEXT_MAX + 1) > ADDR_TEXT_MAX)
		return FCRDNS_EADDR;
	memset(out, 0, sizeof *out);
	if (inet_pton(AF_INET, text, out->bytes) == 1) {
		out->family = AF_INET;
		return FCRDNS_OK;
	}
	if (inet_pton(AF_INET6, text, out->bytes) != 1)
		return FCRDNS_EADDR;
	if (memcmp(out->bytes, v4mapped_prefix, sizeof v4mapped_prefix) == 0) {
		memmove(out->bytes, out->bytes + 12, 4);
		memset(out->bytes + 4, 0, 12);
		out->family = AF_INET;
		return FCRDNS_OK;
	}
	out->family = AF_INET6;
	return FCRDNS_OK;
}

/* Find the longest run of two or more zero 16-bit groups, first one on a
 * tie (RFC 5952 section 4.2). Sets *start to -1 when there is none. */
static void longest_zero_run(const uint16_t groups[8], int *start, int *len)
{
	*start = -1;
	*len = 0;
	for (int i = 0; i < 8;) {
		if (groups[i] != 0) {
			i++;
			continue;
		}
		int j = i;
		while (j < 8 && groups[j] == 0)
			j++;
		if (j - i >= 2 && j - i > *len) {
			*start = i;
			*len = j - i;
		}
		i = j;
	}
}

static void format_ipv6(const uint8_t b[16], char *buf)
{
	uint16_t groups[8];
	int zstart, zlen;
	char *p = buf;

	for (int i = 0; i < 8; i++)
		groups[i] = (uint16_t)(b[2 * i] << 8 | b[2 * i + 1]);
	longest_zero_run(groups, &zstart, &zlen);
	for (int i = 0; i < 8; i++) {
		if (i == zstart) {
			*p++ = ':';
			if (i == 0)
				*p++ = ':';
			i += zlen - 1;
			continue;
		}
		p += sprintf(p, "%x", groups[i]);
		if (i < 7)
			*p++ = ':';
	}
	*p = '\0';
}

/* Write octet v in decimal at p; return the end. (snprintf is ten times
 * slower, and bulk checks format two names per address.) */
static char *put_octet(char *p, unsigned v)
{
	if (v >= 100)
		*p++ = (char)('0' + v / 100);
	if (v >= 10)
		*p++ = (char)('0' + v / 10 % 10);
	*p++ = (char)('0' + v % 10);
	return p;
}

/* Write the four octets of b in the order given by idx, dot-separated;
 * return the end (not terminated). */
static char *put_quad(char *p, const uint8_t *b, const int idx[4])
{
	for (int i = 0; i < 4; i++) {
		if (i > 0)
			*p++ = '.';
		p = put_octet(p, b[idx[i]]);
	}
	return p;
}

char *fcrdns_addr_format(const fcrdns_addr *addr, char *buf)
{
	static const int forward[4] = { 0, 1, 2, 3 };

	if (addr->family == AF_INET)
		*put_quad(buf, addr->bytes, forward) = '\0';
	else
		format_ipv6(addr->bytes, buf);
	return buf;
}

char *fcrdns_addr_reverse_name(const fcrdns_addr *addr, char *buf)
{
	static const char hex[] = "0123456789abcdef";
	static const int reversed[4] = { 3, 2, 1, 0 };
	char *p = buf;

	if (addr->family == AF_INET) {
		p = put_quad(buf, addr->bytes, reversed);
		memcpy(p, ".in-addr.arpa", sizeof ".in-addr.arpa");
		return buf;
	}
	for (int i = 15; i >= 0; i--) {
		*p++ = hex[addr->bytes[i] & 0x0f];
		*p++ = '.';
		*p++ = hex[addr->bytes[i] >> 4];
		*p++ = '.';
	}
	memcpy(p, "ip6.arpa", sizeof "ip6.arpa");
	return buf;
}

int fcrdns_addr_equal(const fcrdns_addr *a, const fcrdns_addr *b)
{
	size_t len = a->family == AF_INET ? 4 : 16;
	return a->family == b->family && memcmp(a->bytes, b->bytes, len) == 0;
}
