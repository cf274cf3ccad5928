/* SPDX-License-Identifier: MIT */
/* fuzz_dns.c: libFuzzer target for the DNS reply walk, the code that reads
 * what a hostile server sends: the whole-message check, the answer
 * section, CNAME chains, every typed record (A, AAAA, PTR, CNAME, NS, MX,
 * TXT) and the question reader. It includes wire.c to reach the static
 * owner comparison; nothing touches the network. */
#include "../lib/dns/wire.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The in-place owner comparison must agree with c-ares' expansion. */
static void check_owners(const uint8_t *msg, size_t len)
{
	section_rr stack[STACK_RRS], *rrs;
	uint32_t ttl = UINT32_MAX;
	int n = collect_answers(msg, len, &rrs, &ttl, stack);

	for (int i = 0; i < n; i++) {
		char *text = name_expand(msg, len, rrs[i].owner);
		if (text == NULL)
			continue;
		/* c-ares 1.18 writes a one-octet label "\0" as an empty label
		 * ("", "a..b", "a."); name_equals() rightly keeps those apart. */
		size_t tl = strlen(text);
		int empty_label = tl == 0 || text[0] == '.' || text[tl - 1] == '.' ||
				  strstr(text, "..") != NULL;
		if (!empty_label && !name_equals(msg, len, rrs[i].owner, text))
			__builtin_trap();
		ares_free_string(text);
	}
	if (rrs != stack)
		free(rrs);
}

/* Read msg as the reply to name for type, and build its answer. */
static void walk(const uint8_t *msg, size_t len, const char *name, uint16_t type)
{
	wire_chain chain;
	wire_reply reply;
	dns_block *b;

	wire_chain_init(&chain, name);
	if (wire_read_reply(msg, len, type, &chain, &reply) == 0 && !reply.restart) {
		b = answer_build(name, type, &chain, reply.outcome, msg, len, &reply);
		if (b && b->answer.nrrs > reply.nrecords)
			__builtin_trap();
		answer_unref(b);
	}
	wire_reply_clear(&reply);
	wire_chain_clear(&chain);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint16_t types[] = { FCRDNS_TYPE_A, FCRDNS_TYPE_AAAA, FCRDNS_TYPE_MX,
					  FCRDNS_TYPE_TXT, FCRDNS_TYPE_CNAME };
	char qname[WIRE_NAME_MAX];
	uint16_t qtype;

	if (size > 65535 || size < 12)
		return 0;
	check_owners(data, size);
	walk(data, size, "1.2.0.192.in-addr.arpa", FCRDNS_TYPE_PTR);
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
		walk(data, size, "mail.example.com", types[i]);
	wire_read_question(data, size, qname, &qtype);
	return 0;
}
