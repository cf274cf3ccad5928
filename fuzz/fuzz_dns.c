/* SPDX-License-Identifier: MIT */
/* fuzz_dns.c: libFuzzer target for the DNS answer walk, the code that
 * reads what a hostile server sends: the whole-message check, the answer
 * section, CNAME chains and the PTR / A / AAAA data. It includes dns.c to
 * reach its static parsers; nothing touches the network. */
#include "../lib/dns.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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
