/* SPDX-License-Identifier: MIT */
/* test_milterconf.c: the fcrdns-milter configuration loader: defaults,
 * every value type, the Ranges file loaded with the configuration, and
 * the errors with file and line. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "milterlib.h"

static void test_defaults(void **state)
{
	milter_conf c = { 0 };
	char err[256];
	fcrdns_addr lo;

	(void)state;
	assert_int_equal(milter_conf_load_text(&c, "t.conf", "", err, sizeof err), 0);
	assert_string_equal(c.socket, "inet:8894@127.0.0.1");
	assert_null(c.authserv_id);
	assert_int_equal(c.policy, POLICY_NONE);
	assert_false(c.tempfail_on_temperror);
	assert_true(c.skip_authenticated);
	assert_false(c.diagnostic_header);
	assert_null(c.resolvers);
	assert_int_equal(c.timeout_ms, 5000);
	assert_true(c.syslog);
	assert_int_equal(c.facility, LOG_MAIL);
	assert_int_equal(c.on_error, ON_ERROR_ACCEPT);
	assert_int_equal(fcrdns_addr_parse("::1", &lo), FCRDNS_OK);
	assert_true(hostlist_match_addr(&c.internal_hosts, &lo));
	assert_int_equal(c.allowlist.nnets + c.allowlist.nnames, 0);
	milter_conf_free(&c);
}

static void test_full(void **state)
{
	static const char text[] =
		"# a comment\n"
		"\n"
		"Socket      inet:10025@127.0.0.1\r\n"
		"  authservid   MX.example.com  \n"
		"Policy reject-fail\n"
		"TempfailOnTemperror yes\n"
		"RejectText Please fix the PTR of <ip> # not a comment\n"
		"InternalHosts 10.0.0.0/8\n"
		"Allowlist 192.0.2.0/24, .partner.example\n"
		"SkipAuthenticated no\n"
		"AddDiagnosticHeader on\n"
		"Resolver 127.0.0.1:5300 , [::1]:53\n"
		"Timeout 3000\n"
		"UserID fcrdns\n"
		"PidFile /run/fcrdns-milter.pid\n"
		"Syslog false\n"
		"SyslogFacility local3\n"
		"OnError tempfail"; /* no final newline */
	milter_conf c = { 0 };
	char err[256];
	fcrdns_addr lo;

	(void)state;
	assert_int_equal(milter_conf_load_text(&c, "t.conf", text, err, sizeof err), 0);
	assert_string_equal(c.socket, "inet:10025@127.0.0.1");
	assert_string_equal(c.authserv_id, "MX.example.com");
	assert_int_equal(c.policy, POLICY_REJECT_FAIL);
	assert_true(c.tempfail_on_temperror);
	assert_string_equal(c.reject_text, "Please fix the PTR of <ip> # not a comment");
	assert_int_equal(fcrdns_addr_parse("127.0.0.1", &lo), FCRDNS_OK);
	assert_false(hostlist_match_addr(&c.internal_hosts, &lo)); /* replaced */
	assert_true(hostlist_match_name(&c.allowlist, "mx.partner.example"));
	assert_false(c.skip_authenticated);
	assert_true(c.diagnostic_header);
	assert_string_equal(c.resolvers, "127.0.0.1:5300,[::1]:53");
	assert_int_equal(c.timeout_ms, 3000);
	assert_string_equal(c.user, "fcrdns");
	assert_string_equal(c.pidfile, "/run/fcrdns-milter.pid");
	assert_false(c.syslog);
	assert_int_equal(c.facility, LOG_LOCAL3);
	assert_int_equal(c.on_error, ON_ERROR_TEMPFAIL);
	assert_string_equal(milter_conf_policy_name(c.policy), "reject-fail");
	milter_conf_free(&c);
}

static void test_errors(void **state)
{
	static const struct { const char *text, *err; } cases[] = {
		{ "Policy none\n\n# c\nPolcy reject\n", "t.conf:4: unknown key 'Polcy'" },
		{ "Policy maybe\n", "t.conf:1: Policy: unknown value 'maybe'" },
		{ "Policy\n", "t.conf:1: Policy: missing value" },
		{ "Timeout 10\n", "t.conf:1: Timeout: expected a number from 200 to 60000, got '10'" },
		{ "Timeout 5000ms\n", "t.conf:1: Timeout: expected a number from 200 to 60000, got '5000ms'" },
		{ "Timeout 99999999999999999999\n",
		  "t.conf:1: Timeout: expected a number from 200 to 60000, got '99999999999999999999'" },
		{ "Syslog perhaps\n", "t.conf:1: Syslog: expected yes or no, got 'perhaps'" },
		{ "Socket 8894\n", "t.conf:1: Socket: expected inet:PORT@ADDR, inet6:PORT@ADDR or "
				   "local:/PATH, got '8894'" },
		{ "Socket inet:x@127.0.0.1\n", "t.conf:1: Socket: expected inet:PORT@ADDR, "
					       "inet6:PORT@ADDR or local:/PATH, got 'inet:x@127.0.0.1'" },
		{ "AuthservID a;b\n", "t.conf:1: AuthservID: 'a;b' is not a host or domain name" },
		{ "Allowlist 192.0.2.1/40\n", "t.conf:1: Allowlist: '192.0.2.1/40': invalid prefix length" },
		{ "Policy none\nPolicy reject\n", "t.conf:2: Policy given twice" },
		{ "Policy none\nBad\x01key x\n", "t.conf:2: unknown key 'Bad?key'" },
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		milter_conf c = { 0 };
		char err[256];
		assert_int_equal(milter_conf_load_text(&c, "t.conf", cases[i].text, err, sizeof err), -1);
		assert_string_equal(err, cases[i].err);
		milter_conf_free(&c);
	}
}

/* Issue 11: an internationalised AuthservID is kept as its A-label. */
static void test_idna_authserv_id(void **state)
{
	milter_conf c = { 0 };
	char err[256];

	(void)state;
	assert_int_equal(milter_conf_load_text(&c, "t.conf", "AuthservID mx.b\xc3\xbc" "cher.example\n",
					       err, sizeof err), 0);
	assert_string_equal(c.authserv_id, "mx.xn--bcher-kva.example");
	milter_conf_free(&c);
	assert_int_equal(milter_conf_load_text(&c, "t.conf", "AuthservID mx.\xff.example\n", err,
					       sizeof err), -1);
	milter_conf_free(&c);
}

static void test_bounds(void **state)
{
	milter_conf c = { 0 };
	char err[256];
	char *text = malloc(CONF_LINE_MAX + 20);
	const char nul[] = "Policy none\nSyslog n\0o\n";

	(void)state;
	assert_non_null(text);
	strcpy(text, "RejectText ");
	memset(text + 11, 'x', CONF_LINE_MAX);
	text[CONF_LINE_MAX + 11] = '\0';
	assert_int_equal(milter_conf_load_text(&c, "t.conf", text, err, sizeof err), -1);
	assert_string_equal(err, "t.conf:1: line longer than 1024 bytes");
	milter_conf_free(&c);
	free(text);
	/* load_text stops at the NUL: files go through the same reader. */
	assert_int_equal(milter_conf_load_text(&c, "t.conf", nul, err, sizeof err), -1);
	milter_conf_free(&c);
}

static void test_file(void **state)
{
	milter_conf c = { 0 };
	char err[256], path[] = "/tmp/fcrdns-conf-XXXXXX";
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");
	static const char nul_line[] = "Policy none\nSyslog n\0o\n";

	(void)state;
	assert_non_null(f);
	fwrite(nul_line, 1, sizeof nul_line - 1, f);
	fclose(f);
	assert_int_equal(milter_conf_load_file(&c, path, err, sizeof err), -1);
	assert_non_null(strstr(err, ":2: NUL byte in line"));
	milter_conf_free(&c);
	unlink(path);
	assert_int_equal(milter_conf_load_file(&c, path, err, sizeof err), -1);
	assert_non_null(strstr(err, "No such file"));
	milter_conf_free(&c);
}

/* Write text to a new temporary file; its name goes to path (size 32). */
static void temp_file(char *path, const char *text)
{
	int fd;
	FILE *f;

	strcpy(path, "/tmp/fcrdns-ranges-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_ranges(void **state)
{
	milter_conf c = { 0 };
	char err[512], path[32], text[96], want[160];
	fcrdns_addr in, out;
	const fcrdns_provider *p;

	(void)state;
	assert_null(c.ranges);
	temp_file(path, "# provider blocks\n192.0.2.0/24 aws\n2001:db8:5::/48 hetzner\n");
	snprintf(text, sizeof text, "Policy none\nRanges %s\n", path);
	assert_int_equal(milter_conf_load_text(&c, "t.conf", text, err, sizeof err), 0);
	assert_non_null(c.ranges);
	assert_int_equal(fcrdns_addr_parse("192.0.2.9", &in), FCRDNS_OK);
	assert_int_equal(fcrdns_addr_parse("198.51.100.9", &out), FCRDNS_OK);
	assert_non_null(p = fcrdns_ranges_lookup(c.ranges, &in));
	assert_string_equal(p->id, "aws");
	assert_null(fcrdns_ranges_lookup(c.ranges, &out));
	milter_conf_free(&c);
	assert_null(c.ranges);
	/* A bad entry: the configuration line and the ranges file line. */
	unlink(path);
	temp_file(path, "192.0.2.0/24 aws\n192.0.2.0/24 no-such-provider\n");
	snprintf(text, sizeof text, "Policy none\nRanges %s\n", path);
	assert_int_equal(milter_conf_load_text(&c, "t.conf", text, err, sizeof err), -1);
	snprintf(want, sizeof want, "t.conf:2: Ranges: %s:2: unknown provider id "
		 "(see fcrdns_provider_list)", path);
	assert_string_equal(err, want);
	milter_conf_free(&c);
	unlink(path);
	/* A missing file. */
	snprintf(text, sizeof text, "Ranges %s\n", path);
	assert_int_equal(milter_conf_load_text(&c, "t.conf", text, err, sizeof err), -1);
	snprintf(want, sizeof want, "t.conf:1: Ranges: %s: cannot open", path);
	assert_string_equal(err, want);
	milter_conf_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_full),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_idna_authserv_id),
		cmocka_unit_test(test_bounds),
		cmocka_unit_test(test_file),
		cmocka_unit_test(test_ranges),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
