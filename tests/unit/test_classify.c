/* SPDX-License-Identifier: MIT */
/* test_classify.c: the host-name classifier rule by rule, the provider
 * table, hostile input, and the labelled corpus (tests/data/hostnames.tsv,
 * path in argv[1] or FCRDNS_CORPUS) with its accuracy floor. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fcrdns.h"

#define ACCURACY_FLOOR 0.97

static const char *corpus_path;

typedef struct rule_case {
	const char *name;
	const char *ip;       /* NULL: classify without an address */
	int generic;
	const char *provider; /* id, or NULL */
} rule_case;

/* One or more cases per rule; the comment names the rule. */
static const rule_case rule_cases[] = {
	/* embedded address: dashed, dotted, reversed, zero-padded */
	{ "host-203-0-113-45.dynamic.voo.be", "203.0.113.45", 1, NULL },
	{ "203.0.113.45.example-isp.net", "203.0.113.45", 1, NULL },
	{ "45.113.0.203.example-isp.net", "203.0.113.45", 1, NULL },
	{ "192-000-002-001.example-isp.net", "192.0.2.1", 1, NULL },
	{ "dslb-192-000-002-001.192.pools.vodafone-ip.de", "192.0.2.1", 1, NULL },
	/* hexadecimal, plain and dashed; decimal integer; twelve digits */
	{ "c0000201.example-isp.net", "192.0.2.1", 1, NULL },
	{ "pc0000201.dip0.t-ipconnect.de", "192.0.2.1", 1, NULL },
	{ "c0-00-02-01.example-isp.net", "192.0.2.1", 1, NULL },
	{ "3221225985.example-isp.net", "192.0.2.1", 1, NULL },
	{ "softbank192000002001.bbtec.net", "192.0.2.1", 1, NULL },
	/* part of the address with a pool word; three octets alone */
	{ "45-113.pool.isp.example", "203.0.113.45", 1, NULL },
	{ "113-45.dyn.isp.example", "203.0.113.45", 1, NULL },
	{ "bband-dyn45.203-0-113.t-com.sk", "203.0.113.45", 1, NULL },
	{ "0-113-45.isp.example", "203.0.113.45", 1, NULL },
	/* without the address: shape heuristics */
	{ "c-73-22-1-9.hsd1.il.comcast.net", NULL, 1, NULL },
	{ "p5b0c1d2e.dip0.t-ipconnect.de", NULL, 1, NULL },
	{ "1-2-3-4.adsl.some-isp.com", NULL, 1, NULL },
	/* pool words as tokens, with digits */
	{ "dyn123.example-isp.net", NULL, 1, NULL },
	{ "pppoe-12.example-isp.net", NULL, 1, NULL },
	{ "cust-12-34.example-isp.net", NULL, 1, NULL },
	{ "abc.dynamic.example-isp.net", NULL, 1, NULL },
	/* ip-/host-/static- with an embedded address */
	{ "ip-192-0-2-1.example-hosting.com", "192.0.2.1", 1, NULL },
	{ "static-192-0-2-1.example-telco.net", "192.0.2.1", 1, NULL },
	/* IPv6 groups */
	{ "2001-db8-0-1-5c4e-22ff-fe01-aa10.dyn.example.net",
	  "2001:db8:0:1:5c4e:22ff:fe01:aa10", 1, NULL },
	/* words inside the registrable domain or TLD are no signal */
	{ "mail.dynamicinternet.com", NULL, 0, NULL },
	{ "mx.dyni.net", NULL, 0, NULL },
	{ "mail.example.online", NULL, 0, NULL },
	{ "dynamic.example.com", NULL, 0, NULL },
	{ "mail.home-decor.example", NULL, 0, NULL },
	/* chosen mail host names with digits */
	{ "mta-12.example.com", "192.0.2.12", 0, NULL },
	{ "mx1.example.org", "192.0.2.1", 0, NULL },
	{ "smtp2.example.co.uk", NULL, 0, NULL },
	{ "mail2.example.com", "192.0.2.2", 0, NULL },
	{ "smtp-out-3.example.net", NULL, 0, NULL },
	{ "mta-2-1.example.net", "192.0.2.1", 0, NULL },
	/* known senders, before any generic rule */
	{ "a8-30.smtp-out.amazonses.com", "54.240.8.30", 0, NULL },
	{ "a48-106.smtp-out.amazonses.com", "54.240.48.106", 0, NULL },
	{ "mail-yw1-f171.google.com", NULL, 0, NULL },
	{ "mail-io0-x22b.google.com", NULL, 0, NULL },
	{ "mail-db8eur05on2101.outbound.protection.outlook.com", NULL, 0, NULL },
	{ "mail135-5.atl141.mcdlv.net", NULL, 0, NULL },
	{ "mta-88-224.sparkpostmail.com", "192.0.88.224", 0, NULL },
	{ "o1.ptr1234.example.com", NULL, 0, NULL },
	{ "wrqvxxxx.outbound-mail.sendgrid.net", NULL, 0, NULL },
	{ "s.wfbtzhsw.outbound-mail.sendgrid.net", NULL, 0, NULL },
	{ "m228-4.mailgun.net", NULL, 0, NULL },
	{ "so254-35.mailgun.net", NULL, 0, NULL },
	{ "mta201a-ord.mtasv.net", NULL, 0, NULL },
	{ "out3-smtp.messagingengine.com", NULL, 0, NULL },
	/* provider defaults */
	{ "ec2-18-204-123-63.compute-1.amazonaws.com", "18.204.123.63", 1, "aws" },
	{ "ec2-3-120-1-2.eu-central-1.compute.amazonaws.com", NULL, 1, "aws" },
	{ "ip-10-0-1-2.ec2.internal", NULL, 1, "aws" },
	{ "ip-10-0-1-2.eu-west-1.compute.internal", NULL, 1, "aws" },
	{ "7.104.168.34.bc.googleusercontent.com", "34.168.104.7", 1, "gcp" },
	{ "static.219.156.76.144.clients.your-server.de", NULL, 1, "hetzner" },
	{ "static.213-239-213-133.clients.your-server.de", NULL, 1, "hetzner" },
	{ "45-79-1-2.ip.linodeusercontent.com", NULL, 1, "linode" },
	{ "li123-45.members.linode.com", NULL, 1, "linode" },
	{ "45.77.154.115.vultrusercontent.com", NULL, 1, "vultr" },
	{ "ns1006999.ip-51-81-155.us", NULL, 1, "ovh" },
	{ "9.ip-51-91-159.eu", NULL, 1, "ovh" },
	{ "vps-5a3c9e1f.vps.ovh.net", NULL, 1, "ovh" },
	{ "vmi123456.contaboserver.net", NULL, 1, "contabo" },
	{ "app.westus.cloudapp.azure.com", NULL, 1, "azure" },
	{ "svc.cloudapp.net", NULL, 1, "azure" },
	{ "vm1.sub.vcn.oraclevcn.com", NULL, 1, "oracle" },
	{ "163-172-1-2.rev.poneytelecom.eu", NULL, 1, "scaleway" },
	{ "EC2-18-204-123-63.COMPUTE-1.AMAZONAWS.COM.", NULL, 1, "aws" },
	/* not quite a default name: no provider, though numbers still count */
	{ "ec2-999-1-2-3.compute-1.amazonaws.com", NULL, 1, NULL },
	{ "ec2-host.compute-1.amazonaws.com", NULL, 0, NULL },
	{ "203x0x113x45.example-isp.net", NULL, 1, NULL },
	{ "cloudapp.net", NULL, 0, NULL },
};

static void test_rules(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof rule_cases / sizeof rule_cases[0]; i++) {
		const rule_case *c = &rule_cases[i];
		fcrdns_addr a;
		fcrdns_class cls;

		if (c->ip != NULL)
			assert_int_equal(fcrdns_addr_parse(c->ip, &a), FCRDNS_OK);
		assert_int_equal(fcrdns_classify(c->name, c->ip ? &a : NULL, &cls), FCRDNS_OK);
		if (cls.generic != c->generic)
			fail_msg("%s: generic=%d, want %d (%s)", c->name, cls.generic, c->generic,
				 cls.reason);
		if (c->provider == NULL)
			assert_null(cls.provider);
		else
			assert_string_equal(cls.provider ? cls.provider->id : "(null)", c->provider);
		assert_true(cls.reason[0] != '\0');
	}
}

static void test_provider_table(void **state)
{
	size_t n = 0;
	const fcrdns_provider *p = fcrdns_provider_list(&n);

	(void)state;
	assert_true(n >= 11);
	for (size_t i = 0; i < n; i++) {
		assert_ptr_equal(fcrdns_provider_find(p[i].id), &p[i]);
		assert_non_null(p[i].name);
		assert_non_null(p[i].doc_url);
		assert_true(p[i].console != NULL || p[i].command != NULL);
	}
	assert_null(fcrdns_provider_find("nonesuch"));
	assert_null(fcrdns_provider_find(NULL));
	assert_string_equal(fcrdns_provider_find("aws")->command,
			    "aws ec2 modify-address-attribute --allocation-id <eipalloc-id> "
			    "--domain-name <name>");
	assert_true(fcrdns_provider_find("azure")->forward_first);
	assert_true(fcrdns_provider_find("oracle")->forward_first);
	assert_true(fcrdns_provider_find("linode")->forward_first);
}

/* Any bytes, any length up to the limit: no crash, a printable reason. */
static void test_hostile_input(void **state)
{
	static char big[1100];
	fcrdns_class cls;
	unsigned seed = 7;

	(void)state;
	assert_int_equal(fcrdns_classify(NULL, NULL, &cls), FCRDNS_EINVAL);
	assert_int_equal(fcrdns_classify("a.example", NULL, NULL), FCRDNS_EINVAL);
	memset(big, 'a', 1025);
	assert_int_equal(fcrdns_classify(big, NULL, &cls), FCRDNS_EINVAL);
	big[1024] = '\0';
	assert_int_equal(fcrdns_classify(big, NULL, &cls), FCRDNS_OK);
	for (size_t i = 0; i < 1024; i++)
		big[i] = i % 2 ? '.' : '1';
	assert_int_equal(fcrdns_classify(big, NULL, &cls), FCRDNS_OK);
	assert_int_equal(fcrdns_classify("", NULL, &cls), FCRDNS_OK);
	assert_int_equal(fcrdns_classify(".", NULL, &cls), FCRDNS_OK);
	assert_int_equal(fcrdns_classify("..--..", NULL, &cls), FCRDNS_OK);
	for (int round = 0; round < 2000; round++) {
		size_t len = (size_t)(seed % 1024);
		for (size_t i = 0; i < len; i++) {
			seed = seed * 1103515245u + 12345u;
			big[i] = (char)(seed >> 16 & 0xff);
			if (big[i] == '\0')
				big[i] = '.';
		}
		big[len] = '\0';
		seed = seed * 1103515245u + 12345u;
		assert_int_equal(fcrdns_classify(big, NULL, &cls), FCRDNS_OK);
		for (const char *p = cls.reason; *p; p++)
			assert_true(*p >= 0x20 && *p < 0x7f);
		assert_true(strlen(cls.reason) < FCRDNS_REASON_MAX);
	}
}

typedef struct tally {
	size_t total, correct, tp, fp, fn, prov_total, prov_correct;
} tally;

/* Classify one corpus line "name\tip\tlabel\tprovider" and count it. */
static void corpus_line(char *line, size_t lineno, tally *t)
{
	char *name = strtok(line, "\t\n"), *ip = strtok(NULL, "\t\n");
	char *label = strtok(NULL, "\t\n"), *prov = strtok(NULL, "\t\n");
	fcrdns_addr a;
	fcrdns_class cls;

	if (name == NULL || name[0] == '#')
		return;
	if (ip == NULL || label == NULL || prov == NULL)
		fail_msg("corpus line %zu: want 4 tab-separated columns", lineno);
	int has_ip = strcmp(ip, "-") != 0;
	if (has_ip && fcrdns_addr_parse(ip, &a) != FCRDNS_OK)
		fail_msg("corpus line %zu: bad address %s", lineno, ip);
	assert_int_equal(fcrdns_classify(name, has_ip ? &a : NULL, &cls), FCRDNS_OK);
	int want = strcmp(label, "generic") == 0;
	const char *got_prov = cls.provider ? cls.provider->id : "-";
	t->total++;
	t->correct += cls.generic == want;
	t->tp += cls.generic && want;
	t->fp += cls.generic && !want;
	t->fn += !cls.generic && want;
	t->prov_total++;
	t->prov_correct += strcmp(got_prov, prov) == 0;
	if (cls.generic != want || strcmp(got_prov, prov) != 0)
		printf("MISS %s [%s]: want %s/%s, got %s/%s (%s)\n", name, ip, label, prov,
		       cls.generic ? "generic" : "specific", got_prov, cls.reason);
}

static void test_corpus(void **state)
{
	char line[2048];
	tally t = { 0 };
	size_t lineno = 0;
	FILE *f;

	(void)state;
	if (corpus_path == NULL)
		fail_msg("no corpus: pass its path as argv[1] or set FCRDNS_CORPUS");
	if ((f = fopen(corpus_path, "r")) == NULL)
		fail_msg("cannot open %s", corpus_path);
	while (fgets(line, sizeof line, f) != NULL)
		corpus_line(line, ++lineno, &t);
	fclose(f);
	assert_true(t.total >= 300);
	double acc = (double)t.correct / (double)t.total;
	double prec = t.tp + t.fp ? (double)t.tp / (double)(t.tp + t.fp) : 1.0;
	double rec = t.tp + t.fn ? (double)t.tp / (double)(t.tp + t.fn) : 1.0;
	printf("corpus: %zu names, accuracy %.2f%%, generic precision %.2f%%, recall %.2f%%, "
	       "provider accuracy %.2f%%\n", t.total, 100 * acc, 100 * prec, 100 * rec,
	       100.0 * (double)t.prov_correct / (double)t.prov_total);
	assert_true(acc >= ACCURACY_FLOOR);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rules),
		cmocka_unit_test(test_provider_table),
		cmocka_unit_test(test_hostile_input),
		cmocka_unit_test(test_corpus),
	};
	corpus_path = argc > 1 ? argv[1] : getenv("FCRDNS_CORPUS");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
