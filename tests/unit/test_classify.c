/* SPDX-License-Identifier: MIT */
/* test_classify.c: the host-name classifier rule by rule, the provider
 * table, hostile input, and the labelled corpora in tests/data (directory
 * in argv[1] or FCRDNS_DATA) with their accuracy and precision floors. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fcrdns.h"

static const char *data_dir;

/* A labelled corpus and what it must score. half: -1 for the team's own
 * corpus; 2 for a real-world set whose rows must cite a source; 0 (tune)
 * or 1 (held-out) for a real-world half, whose rows must also hash to it. */
typedef struct corpus {
	const char *file;
	size_t min_rows;
	double accuracy_floor, precision_floor;
	int half;
} corpus;

/* The team's corpus, then the real-world sets of
 * tests/data/ptr-realworld-SOURCES.md: tuned on, held out, held out. */
static const corpus corpora[] = {
	{ "hostnames.tsv", 300, 0.99, 0.0, -1 },
	{ "ptr-realworld-tune.tsv", 400, 0.95, 0.99, 0 },
	{ "ptr-realworld-heldout.tsv", 400, 0.95, 0.99, 1 },
	{ "ptr-realworld-heldout2.tsv", 200, 0.95, 0.99, 2 },
};

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
	/* part of a known address: octets run together, two octets, the last
	 * octet ending the first label under a deeper label (at least 10, and
	 * not directly under the domain: "ns1", "rly116" prove nothing) */
	{ "224128.bsb.example-isp.net", "192.0.224.128", 1, NULL },
	{ "vp228014.uac63.example-isp.net", "192.0.228.14", 1, NULL },
	{ "203000113.example-isp.net", "203.0.113.45", 1, NULL },
	{ "k113-45.bas1.example-isp.net", "203.0.113.45", 1, NULL },
	{ "h137.s1.ts31.example-isp.net", "203.0.113.137", 1, NULL },
	{ "bb207.pool.example-isp.net", "203.0.113.207", 1, NULL },
	{ "ns1.dns.example.org", "203.0.113.1", 0, NULL },
	{ "rly116.example.org", "203.0.113.116", 0, NULL },
	/* opaque access labels: MAC-like hex, serial numbers, letter-digit
	 * serials, a pool word as a label below, the access site repeated */
	{ "h000c41b29e3a.ne.client2.attbi.com", NULL, 1, NULL },
	{ "s01068c763f81ca4b.cg.shawcable.net", NULL, 1, NULL },
	{ "pcp0991312pcs.reston01.va.comcast.net", NULL, 1, NULL },
	{ "b203877.upc-b.chello.nl", NULL, 1, NULL },
	{ "h92n1fls301o917.telia.com", NULL, 1, NULL },
	{ "ec9z5l.cm.chello.no", NULL, 1, NULL },
	{ "s271272.static.example-isp.ru", NULL, 1, NULL },
	{ "nwblwi-nrp3-l10-a671.nwblwi.tds.net", NULL, 1, NULL },
	{ "dd12345.example-hosting.com", NULL, 0, NULL },
	/* access-server words with numbers */
	{ "ts12-237.dublin.example-isp.ie", NULL, 1, NULL },
	{ "pm3-27.sba1.example-isp.net", NULL, 1, NULL },
	/* deep numbered labels under a known access ISP's domain */
	{ "cm17.sigma52.maxonline.com.sg", NULL, 1, NULL },
	{ "pa-pitt-cuda3-zone2-a-44.pitbpa.adelphia.net", NULL, 1, NULL },
	{ "smtp.comcast.net", NULL, 0, NULL },
	{ "mail00.svc.cra.dublin.eircom.net", NULL, 0, NULL },
	/* digit-bearing mail hosts stay specific */
	{ "66-220-155-151.mail-mail.facebook.com", "66.220.155.151", 0, NULL },
	{ "o167-89-97-77.outbound-mail.sendgrid.net", "167.89.97.77", 0, NULL },
	{ "smtp-0f95944d4245d0b2c.core1.sfdc-58ktaz.mta.salesforce.com", NULL, 0, NULL },
	{ "mail-ej1-f69.google.com", "209.85.218.69", 0, NULL },
	{ "mr85p00im-ztdg06021801.me.com", NULL, 0, NULL },
	{ "bay104-dav17.bay104.hotmail.com", NULL, 0, NULL },
	{ "m17-178.vip.126.com", "123.58.178.17", 0, NULL },
	{ "smtp-31-wd.italiaonline.it", "213.209.13.31", 0, NULL },
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

/* Return the real-world half a name belongs to: the top bit of its 32-bit
 * FNV-1a hash (tests/data/ptr-realworld-SOURCES.md). */
static int realworld_half(const char *name)
{
	uint32_t h = 0x811c9dc5u;

	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		h = (h ^ *p) * 0x01000193u;
	return (int)(h >> 31);
}

/* Classify one corpus line "name\tip\tlabel\tprovider[\tsource]" of c and
 * count it; a real-world row must cite its source and sit in its half. */
static void corpus_line(const corpus *c, char *line, size_t lineno, tally *t)
{
	char *name = strtok(line, "\t\n"), *ip = strtok(NULL, "\t\n");
	char *label = strtok(NULL, "\t\n"), *prov = strtok(NULL, "\t\n");
	char *source = strtok(NULL, "\t\n");
	fcrdns_addr a;
	fcrdns_class cls;

	if (name == NULL || name[0] == '#')
		return;
	if (ip == NULL || label == NULL || prov == NULL)
		fail_msg("%s:%zu: want 4 tab-separated columns", c->file, lineno);
	if (c->half >= 0 && (source == NULL || (c->half < 2 && realworld_half(name) != c->half)))
		fail_msg("%s:%zu: %s has no source or belongs to the other half", c->file,
			 lineno, name);
	int has_ip = strcmp(ip, "-") != 0;
	if (has_ip && fcrdns_addr_parse(ip, &a) != FCRDNS_OK)
		fail_msg("%s:%zu: bad address %s", c->file, lineno, ip);
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

/* Score the corpus in *state against its floors, printing every miss and
 * the figures. */
static void test_corpus(void **state)
{
	const corpus *c = *state;
	char path[4096], line[2048];
	tally t = { 0 };
	size_t lineno = 0;
	FILE *f;

	if (data_dir == NULL)
		fail_msg("no data directory: pass it as argv[1] or set FCRDNS_DATA");
	snprintf(path, sizeof path, "%s/%s", data_dir, c->file);
	if ((f = fopen(path, "r")) == NULL)
		fail_msg("cannot open %s", path);
	while (fgets(line, sizeof line, f) != NULL)
		corpus_line(c, line, ++lineno, &t);
	fclose(f);
	assert_true(t.total >= c->min_rows);
	double acc = (double)t.correct / (double)t.total;
	double prec = t.tp + t.fp ? (double)t.tp / (double)(t.tp + t.fp) : 1.0;
	double rec = t.tp + t.fn ? (double)t.tp / (double)(t.tp + t.fn) : 1.0;
	printf("%s: %zu names (%zu generic), accuracy %.2f%%, generic precision %.2f%%, "
	       "recall %.2f%%, provider accuracy %.2f%%\n", c->file, t.total, t.tp + t.fn,
	       100 * acc, 100 * prec, 100 * rec,
	       100.0 * (double)t.prov_correct / (double)t.prov_total);
	assert_true(acc >= c->accuracy_floor);
	assert_true(prec >= c->precision_floor);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rules),
		cmocka_unit_test(test_provider_table),
		cmocka_unit_test(test_hostile_input),
		cmocka_unit_test_prestate(test_corpus, (void *)&corpora[0]),
		cmocka_unit_test_prestate(test_corpus, (void *)&corpora[1]),
		cmocka_unit_test_prestate(test_corpus, (void *)&corpora[2]),
		cmocka_unit_test_prestate(test_corpus, (void *)&corpora[3]),
	};
	data_dir = argc > 1 ? argv[1] : getenv("FCRDNS_DATA");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
