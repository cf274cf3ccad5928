/* SPDX-License-Identifier: MIT */
/* fuzz_dns.c: libFuzzer target for the DNS answer walk, the code that
 * reads what a hostile server sends: the whole-message check, the answer
 * section, CNAME chains and the PTR / A / AAAA data. It includes dns.c to
 * reach its static parsers; nothing touches the network. */
#include "../lib/dns/dns.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The in-place owner comparison must agree with c-ares' expansion. */
static void check_owners(const unsigned char *abuf, int alen, const dns_rr *rrs, int n)
{
	for (int i = 0; i < n; i++) {
		char *text;
		long enclen;
		if (ares_expand_name(abuf + rrs[i].owner, abuf, alen, &text, &enclen) != ARES_SUCCESS)
			continue;
		/* c-ares 1.18 writes a one-octet label "\0" as an empty label
		 * ("", "a..b", "a."); name_equals() rightly keeps those apart. */
		size_t tl = strlen(text);
		int empty_label = tl == 0 || text[0] == '.' || text[tl - 1] == '.' ||
				  strstr(text, "..") != NULL;
		if (!empty_label && !name_equals(abuf, alen, rrs[i].owner, text))
			__builtin_trap();
		ares_free_string(text);
	}
}

/* Walk one message as an answer to name for type. */
static void walk(const unsigned char *abuf, int alen, const char *name, dns_type type)
{
	dns_query q = { .name = (char *)name, .type = type };
	dns_answer ans;
	dns_rr *rrs;
	char *target = NULL;
	uint32_t ttl = 0, neg = 0;
	int n, hops = 0;

	message_is_wellformed(abuf, alen, &neg);
	if ((n = collect_answers(abuf, alen, &rrs, &ttl)) < 0)
		return;
	check_owners(abuf, alen, rrs, n);
	const char *owner = follow_cnames(rrs, n, name, &hops, abuf, alen, &target);
	memset(&ans, 0, sizeof ans);
	if (owner != NULL)
		gather_data(&q, rrs, n, owner, abuf, alen, &ans);
	answer_clear(&ans);
	if (target != NULL)
		ares_free_string(target);
	rrs_free(rrs, (size_t)n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 65535)
		return 0;
	walk(data, (int)size, "1.2.0.192.in-addr.arpa", DNS_TYPE_PTR);
	walk(data, (int)size, "mail.example.com", DNS_TYPE_A);
	walk(data, (int)size, "mail.example.com", DNS_TYPE_AAAA);
	return 0;
}
