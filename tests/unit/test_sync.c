/* SPDX-License-Identifier: MIT */
/* test_sync.c: the synchronous calls against a silent resolver on
 * loopback (a bound UDP socket that never answers): the deadline returns
 * a temperror result in time, and freeing the context cancels cleanly. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "fcrdns.h"

/* Bind a UDP socket on 127.0.0.1 that nobody reads; write "127.0.0.1:P". */
static int silent_resolver(char *spec, size_t len)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	socklen_t slen = sizeof sin;
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	assert_true(fd >= 0);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&sin, sizeof sin), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sin, &slen), 0);
	snprintf(spec, len, "127.0.0.1:%u", ntohs(sin.sin_port));
	return fd;
}

static long elapsed_ms(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (t1.tv_sec - t0->tv_sec) * 1000 + (t1.tv_nsec - t0->tv_nsec) / 1000000;
}

static void test_deadline(void **state)
{
	char spec[32];
	int fd = silent_resolver(spec, sizeof spec);
	fcrdns_options o = { .timeout_ms = 5000, .tries = 1, .resolvers = spec };
	fcrdns_request req = { .helo = "mail.example.com", .expect = NULL };
	fcrdns_ctx *ctx;
	fcrdns_result *r;
	struct timespec t0;

	(void)state;
	assert_int_equal(fcrdns_ctx_new(&ctx, &o, FCRDNS_OPT_TIMEOUT | FCRDNS_OPT_TRIES |
					 FCRDNS_OPT_RESOLVERS), FCRDNS_OK);
	assert_int_equal(fcrdns_addr_parse("192.0.2.1", &req.addr), FCRDNS_OK);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(fcrdns_check_request_sync(ctx, &req, 150, &r), FCRDNS_OK);
	assert_true(elapsed_ms(&t0) < 2000);
	assert_int_equal(r->iprev, FCRDNS_IPREV_TEMPERROR);
	assert_int_equal(r->ptr_outcome, FCRDNS_LOOKUP_TIMEOUT);
	assert_int_equal(r->helo, FCRDNS_HELO_TEMPERROR);
	assert_int_equal(r->nproblems > 0, 1);
	assert_string_equal(fcrdns_problem_name(r->problems[0].code), "ptr-temperror");
	assert_null(fcrdns_fix_owner_name(r->fix_owner));
	fcrdns_result_free(r);
	/* The abandoned check is still pending; freeing cancels it. */
	assert_int_equal(fcrdns_pending(ctx), 1);
	fcrdns_ctx_free(ctx);
	close(fd);
}

static void test_invalid_request(void **state)
{
	fcrdns_ctx *ctx;
	fcrdns_request req = { .helo = NULL, .expect = "not a host" };
	fcrdns_result *r;

	(void)state;
	assert_int_equal(fcrdns_ctx_new(&ctx, NULL, 0), FCRDNS_OK);
	assert_int_equal(fcrdns_addr_parse("192.0.2.1", &req.addr), FCRDNS_OK);
	assert_int_equal(fcrdns_check_request_sync(ctx, &req, 100, &r), FCRDNS_EINVAL);
	assert_null(r);
	assert_int_equal(fcrdns_check_sync(ctx, NULL, &r), FCRDNS_EINVAL);
	fcrdns_ctx_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_deadline),
		cmocka_unit_test(test_invalid_request),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
