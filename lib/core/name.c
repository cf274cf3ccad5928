/* SPDX-License-Identifier: MIT */
/* name.c: the one host-name validator: RFC 5321 Domain syntax (letters,
 * digits, hyphens) with the two relaxations real DNS data needs, and the
 * public fcrdns_name_is_hostname() built on it. */
#include <ctype.h>
#include <string.h>

#include "core/name.h"
#include "fcrdns.h"

static int label_char(unsigned char c, size_t pos, unsigned flags)
{
	if (isalnum(c))
		return 1;
	if (c == '_')
		return (flags & NAME_UNDERSCORE) != 0;
	return c == '-' && (pos > 0 || (flags & NAME_LOOSE_HYPHEN));
}

int name_valid(const char *s, size_t len, unsigned flags)
{
	size_t label = 0;

	if (len == 0 || len > NAME_DOMAIN_MAX)
		return 0;
	for (size_t i = 0; i <= len; i++) {
		if (i == len || s[i] == '.') {
			if (label == 0 || label > 63 ||
			    (s[i - 1] == '-' && !(flags & NAME_LOOSE_HYPHEN)))
				return 0;
			label = 0;
			continue;
		}
		if (!label_char((unsigned char)s[i], label, flags))
			return 0;
		label++;
	}
	return 1;
}

int fcrdns_name_is_hostname(const char *name)
{
	size_t len = strnlen(name, NAME_DOMAIN_MAX + 2);
	char plain[NAME_DOMAIN_MAX + 1];
	fcrdns_addr bare;

	if (len > 1 && name[len - 1] == '.')
		len--;
	if (!name_valid(name, len, 0))
		return 0;
	memcpy(plain, name, len);
	plain[len] = '\0';
	return fcrdns_addr_parse(plain, &bare) != FCRDNS_OK;
}
