/* SPDX-License-Identifier: MIT */
/* test_message.c: one message's header facts (fcrdns_headers_*): which
 * fields count, top-first order, the iprev records, the entry hop with and
 * without --trust, the limits, and reading in chunks. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fcrdns.h"

static fcrdns_headers *parse(const char *msg)
{
	fcrdns_headers *h;

	assert_int_equal(fcrdns_headers_parse(msg, strlen(msg), &h), FCRDNS_OK);
	return h;
}

static const char gmail_like[] =
	"Delivered-To: alice@example.com\r\n"
	"Received: by 2002:a05:6a10:1234::5 with SMTP id x1csp1;\r\n"
	"        Mon, 1 Jan 2024 10:00:01 -0800 (PST)\r\n"
	"ARC-Authentication-Results: i=1; mx.example.com; spf=pass\r\n"
	"X-Original-Authentication-Results: mx.example.com; iprev=fail\r\n"
	"Authentication-Results-Original: mx.example.com; iprev=fail\r\n"
	"authentication-RESULTS : mx.example.com;\r\n"
	"       iprev=pass policy.iprev=203.0.113.7 (mail.example.org);\r\n"
	"       spf=pass smtp.mailfrom=a@example.org\r\n"
	"Received: from mail.example.org (mail.example.org. [203.0.113.7])\r\n"
	"        by mx.example.com with ESMTPS id a1; Mon, 1 Jan 2024 10:00:00 -0800\r\n"
	"Authentication-Results: relay.example.org; iprev=fail smtp.remote-ip=[10.1.2.3]\r\n"
	"    (NOT FOUND) (x); iprev=temperror (192.0.2.1) (gw) policy.iprev=bogus\r\n"
	"Received: from client.example.org (gw.example.org [10.1.2.3])\r\n"
	"        by mail.example.org (Postfix) with ESMTP id b2; Mon, 1 Jan 2024 09:59:59 -0800\r\n"
	"Received: from localhost (localhost [127.0.0.1]) by gw.example.org; d\r\n"
	"\r\n"
	"Received: from body.example (body.example [198.51.100.9]) by x; d\r\n"
	"Authentication-Results: body.example; iprev=pass\r\n";

static void test_fields_counted(void **state)
{
	fcrdns_headers *h = parse(gmail_like);

	(void)state;
	assert_int_equal(h->nauthres, 2);
	assert_string_equal(h->authres[0].authserv_id.data, "mx.example.com");
	assert_string_equal(h->authres[1].authserv_id.data, "relay.example.org");
	assert_int_equal(h->nreceived, 4);
	assert_string_equal(h->received[0].by.data, "2002:a05:6a10:1234::5");
	assert_string_equal(h->received[1].from_ip, "203.0.113.7");
	assert_string_equal(h->received[3].from_ip, "127.0.0.1");
	assert_int_equal(h->fields, 10);
	assert_true(h->complete);
	assert_false(h->cut);
	fcrdns_headers_free(h);
}

static void test_iprev_records(void **state)
{
	fcrdns_headers *h = parse(gmail_like);

	(void)state;
	assert_int_equal(h->niprev, 3);
	/* policy.iprev, the first comment that is a host name */
	assert_int_equal(h->iprev[0].authres_index, 0);
	assert_string_equal(h->iprev[0].authserv_id.data, "mx.example.com");
	assert_string_equal(h->iprev[0].result.data, "pass");
	assert_true(h->iprev[0].has_ip);
	assert_string_equal(h->iprev[0].ip, "203.0.113.7");
	assert_string_equal(h->iprev[0].name.data, "mail.example.org");
	/* smtp.remote-ip (bracketed); "NOT FOUND" is no name, "x" is one */
	assert_string_equal(h->iprev[1].result.data, "fail");
	assert_string_equal(h->iprev[1].ip, "10.1.2.3");
	assert_string_equal(h->iprev[1].name.data, "x");
	/* an address is no name; a value that is no address is no ip */
	assert_string_equal(h->iprev[2].result.data, "temperror");
	assert_false(h->iprev[2].has_ip);
	assert_string_equal(h->iprev[2].ip, "");
	assert_string_equal(h->iprev[2].name.data, "gw");
	fcrdns_headers_free(h);
}

static void test_entry(void **state)
{
	fcrdns_headers *h = parse(gmail_like);
	const char *google[] = { "mx.example.com" };
	const char *parent[] = { "EXAMPLE.ORG." };
	const char *none[] = { "xample.com" };

	(void)state;
	/* no --trust: the topmost public from address */
	assert_int_equal(fcrdns_headers_entry(h, NULL, 0), 1);
	/* --trust: the topmost "by" that is the id or under it */
	assert_int_equal(fcrdns_headers_entry(h, google, 1), 1);
	assert_int_equal(fcrdns_headers_entry(h, parent, 1), 2);
	assert_int_equal(fcrdns_headers_entry(h, none, 1), -1);
	fcrdns_headers_free(h);
}

static void test_entry_skips_internal(void **state)
{
	static const struct { const char *ip; int internal; } cases[] = {
		{ "127.0.0.2", 1 }, { "10.9.9.9", 1 }, { "172.16.0.1", 1 }, { "172.31.255.255", 1 },
		{ "172.32.0.1", 0 }, { "192.168.1.1", 1 }, { "169.254.1.1", 1 }, { "100.64.0.1", 1 },
		{ "100.127.255.255", 1 }, { "100.128.0.1", 0 }, { "::1", 1 }, { "fc00::1", 1 },
		{ "fd12::1", 1 }, { "fe80::1", 1 }, { "febf::1", 1 }, { "fec0::1", 0 },
		{ "2001:db8::1", 0 }, { "192.0.2.1", 0 }, { "::ffff:10.0.0.1", 1 },
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char msg[256];
		fcrdns_headers *h;
		snprintf(msg, sizeof msg, "Received: from a (b [%s]) by c; d\n\n", cases[i].ip);
		h = parse(msg);
		print_message("address %s\n", cases[i].ip);
		assert_int_equal(fcrdns_headers_entry(h, NULL, 0), cases[i].internal ? -1 : 0);
		fcrdns_headers_free(h);
	}
}

static void test_too_long_field(void **state)
{
	size_t n = FCRDNS_HEADER_FIELD_MAX + 100, len;
	char *msg = malloc(n + 200);
	fcrdns_headers *h;

	(void)state;
	assert_non_null(msg);
	len = (size_t)sprintf(msg, "Authentication-Results: ");
	memset(msg + len, 'a', n);
	len += n;
	len += (size_t)sprintf(msg + len, "\nReceived: %s\nAuthentication-Results: x; none\n\n",
			       "from a (b [192.0.2.1]) by c; d");
	assert_int_equal(fcrdns_headers_parse(msg, len, &h), FCRDNS_OK);
	assert_int_equal(h->nauthres, 2);
	assert_int_equal(h->authres[0].error, FCRDNS_FIELD_TOO_LONG);
	assert_int_equal(h->authres[0].raw.len, FCRDNS_HEADER_RAW_CUT);
	assert_int_equal(h->authres[0].raw_len, n);
	/* the following fields are still parsed */
	assert_int_equal(h->authres[1].error, FCRDNS_FIELD_NONE);
	assert_true(h->authres[1].none);
	assert_string_equal(h->received[0].from_ip, "192.0.2.1");
	fcrdns_headers_free(h);
	free(msg);
}

static void test_cut_after_field_limit(void **state)
{
	size_t len = 0;
	char *msg = malloc((FCRDNS_HEADER_FIELDS_MAX + 10) * 40);
	fcrdns_headers *h;

	(void)state;
	assert_non_null(msg);
	for (int i = 0; i < FCRDNS_HEADER_FIELDS_MAX + 5; i++)
		len += (size_t)sprintf(msg + len, "Received: from a%d by b; d\n", i);
	assert_int_equal(fcrdns_headers_parse(msg, len, &h), FCRDNS_OK);
	assert_true(h->cut);
	assert_int_equal(h->nreceived, FCRDNS_HEADER_FIELDS_MAX + 1);
	assert_int_equal(h->received[FCRDNS_HEADER_FIELDS_MAX].error, FCRDNS_FIELD_CUT);
	assert_int_equal(h->nauthres, 1);
	assert_int_equal(h->authres[0].error, FCRDNS_FIELD_CUT);
	assert_string_equal(fcrdns_field_error_message(FCRDNS_FIELD_CUT),
			    "header section over 2000 fields or 8 MiB: the fields after this point "
			    "were not read");
	fcrdns_headers_free(h);
	free(msg);
}

static void test_chunks_and_body(void **state)
{
	fcrdns_headers *h;
	size_t total = 0, len = strlen(gmail_like), used = 0;

	(void)state;
	assert_int_equal(fcrdns_headers_new(&h), FCRDNS_OK);
	/* two bytes at a time: CRLF split across chunks */
	while (total < len && !h->complete) {
		size_t n = len - total < 2 ? len - total : 2;
		assert_int_equal(fcrdns_headers_feed(h, gmail_like + total, n, &used), FCRDNS_OK);
		total += used;
	}
	assert_true(h->complete);
	assert_memory_equal(gmail_like + total - 4, "\r\n\r\n", 4); /* the body not taken */
	assert_int_equal(fcrdns_headers_feed(h, "Received: x\n", 12, &used), FCRDNS_OK);
	assert_int_equal(used, 0);
	assert_int_equal(fcrdns_headers_finish(h), FCRDNS_OK);
	assert_int_equal(fcrdns_headers_finish(h), FCRDNS_OK);
	assert_int_equal(h->nreceived, 4);
	assert_int_equal(h->niprev, 3);
	fcrdns_headers_free(h);
	fcrdns_headers_free(NULL);
}

static void test_error_messages(void **state)
{
	(void)state;
	assert_string_equal(fcrdns_field_error_message(FCRDNS_FIELD_COMMENT), "unterminated comment");
	assert_string_equal(fcrdns_field_error_message((fcrdns_field_error)99), "unknown field error");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fields_counted),
		cmocka_unit_test(test_iprev_records),
		cmocka_unit_test(test_entry),
		cmocka_unit_test(test_entry_skips_internal),
		cmocka_unit_test(test_too_long_field),
		cmocka_unit_test(test_cut_after_field_limit),
		cmocka_unit_test(test_chunks_and_body),
		cmocka_unit_test(test_error_messages),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
