/* SPDX-License-Identifier: MIT */
/* main.c: fcrdns-milter start-up: options, configuration, binding the
 * milter socket, dropping root, the PID file, then libmilter's loop. */
#include <errno.h>
#include <stdarg.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <syslog.h>
#include <unistd.h>

#include "milter.h"

/* meson.build sets FCRDNS_MILTER_CONF from the install's sysconfdir. */
#ifdef FCRDNS_MILTER_CONF
#define DEFAULT_CONF FCRDNS_MILTER_CONF
#else
#define DEFAULT_CONF "/etc/fcrdns-milter.conf"
#endif

milter_conf cfg;
const char *authserv_id;
static char hostname[256];

static void usage(FILE *out)
{
	fprintf(out, "usage: fcrdns-milter [-fnVh] [-c FILE]\n"
		     "  -c FILE  configuration file (default " DEFAULT_CONF ")\n"
		     "  -f       stay in the foreground\n"
		     "  -n       check the configuration and exit\n"
		     "  -V       print the version and exit\n"
		     "  -h       print this help and exit\n");
}

/* Print a start-up error (to stderr, and to syslog when configured). */
__attribute__((format(printf, 1, 2)))
static int startup_error(const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	fprintf(stderr, "fcrdns-milter: %s\n", msg);
	return -1;
}

/* Use AuthservID, else the host name, which must then be usable. */
static int choose_authserv_id(void)
{
	char err[512];
	milter_conf probe = { 0 };

	if (cfg.authserv_id != NULL) {
		authserv_id = cfg.authserv_id;
		return 0;
	}
	if (gethostname(hostname, sizeof hostname - 1) != 0 || hostname[0] == '\0')
		return startup_error("cannot read the host name; set AuthservID");
	/* Validate it with the same rule as the AuthservID key. */
	char line[300];
	snprintf(line, sizeof line, "AuthservID %s\n", hostname);
	int st = milter_conf_load_text(&probe, "host name", line, err, sizeof err);
	milter_conf_free(&probe);
	if (st != 0)
		return startup_error("%s; set AuthservID", err);
	authserv_id = hostname;
	return 0;
}

/* Load and check everything that can be checked without binding. */
static int load_config(const char *path)
{
	char err[1024];
	int st;

	if (milter_conf_load_file(&cfg, path, err, sizeof err) != 0)
		return startup_error("%s", err);
	if (choose_authserv_id() != 0)
		return -1;
	if ((st = pool_init()) != FCRDNS_OK)
		return startup_error("%s: Resolver: %s", path, fcrdns_strerror(st));
	if (metrics_init() != 0)
		return startup_error("out of memory");
	if (cfg.user != NULL && getpwnam(cfg.user) == NULL)
		return startup_error("%s: UserID: no user '%s'", path, cfg.user);
	return 0;
}

/* The path of a local socket, or NULL for inet sockets. */
static const char *socket_path(void)
{
	if (strncmp(cfg.socket, "local:", 6) == 0)
		return cfg.socket + 6;
	if (strncmp(cfg.socket, "unix:", 5) == 0)
		return cfg.socket + 5;
	return NULL;
}

/* Become cfg.user for good: group, supplementary groups, then user, and
 * verify that root cannot be regained. */
static int drop_privileges(void)
{
	struct passwd *pw;
	const char *path = socket_path();

	if (cfg.user == NULL)
		return 0;
	if ((pw = getpwnam(cfg.user)) == NULL)
		return startup_error("UserID: no user '%s'", cfg.user);
	if (getuid() != 0 && geteuid() != 0)
		return getuid() == pw->pw_uid ? 0
					      : startup_error("UserID %s: not running as root",
							      cfg.user);
	/* The MTA reaches a local socket as this user's peer. */
	if (path != NULL && chown(path, pw->pw_uid, pw->pw_gid) != 0)
		return startup_error("chown %s: %s", path, strerror(errno));
	if (setgid(pw->pw_gid) != 0 || initgroups(cfg.user, pw->pw_gid) != 0 ||
	    setuid(pw->pw_uid) != 0)
		return startup_error("cannot become %s: %s", cfg.user, strerror(errno));
	if (pw->pw_uid != 0 && (setuid(0) == 0 || geteuid() == 0 || getegid() != pw->pw_gid))
		return startup_error("could still regain root after becoming %s", cfg.user);
	return 0;
}

static int write_pidfile(void)
{
	FILE *f;

	if (cfg.pidfile == NULL)
		return 0;
	if ((f = fopen(cfg.pidfile, "w")) == NULL)
		return startup_error("%s: %s", cfg.pidfile, strerror(errno));
	fprintf(f, "%ld\n", (long)getpid());
	if (fclose(f) != 0)
		return startup_error("%s: %s", cfg.pidfile, strerror(errno));
	return 0;
}

/* Turn Nagle's algorithm off on libmilter's listening TCP socket, which
 * libmilter does not expose: find it among our descriptors. Accepted
 * connections inherit the option. Without it each header change we send
 * before the final reply waits for the MTA's delayed ACK (~40 ms). */
static void listener_nodelay(void)
{
	for (int fd = 3; fd < 1024; fd++) {
		int listening = 0, one = 1;
		struct sockaddr_storage sa;
		socklen_t len = sizeof listening, salen = sizeof sa;
		if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &len) != 0 || !listening ||
		    getsockname(fd, (struct sockaddr *)&sa, &salen) != 0 ||
		    (sa.ss_family != AF_INET && sa.ss_family != AF_INET6))
			continue;
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	}
}

/* Bind, detach, write the PID file, drop root. */
static int open_service(int foreground)
{
	if (smfi_register(milter_desc) != MI_SUCCESS)
		return startup_error("smfi_register failed");
	if (smfi_setconn(cfg.socket) != MI_SUCCESS)
		return startup_error("Socket %s: not usable", cfg.socket);
	if (smfi_opensocket(1) != MI_SUCCESS)
		return startup_error("Socket %s: cannot bind", cfg.socket);
	listener_nodelay();
	if (!foreground && daemon(0, 0) != 0)
		return startup_error("daemon: %s", strerror(errno));
	if (write_pidfile() != 0 || drop_privileges() != 0)
		return -1;
	return 0;
}

static void shutdown_all(void)
{
	if (cfg.pidfile != NULL)
		unlink(cfg.pidfile); /* may fail after dropping root: harmless */
	metrics_shutdown(); /* the final file reads the shared cache's counts */
	pool_shutdown();
	milter_conf_free(&cfg);
	closelog();
}

int main(int argc, char **argv)
{
	const char *path = DEFAULT_CONF;
	int foreground = 0, check_only = 0, opt, st;

	while ((opt = getopt(argc, argv, "c:fnVh")) != -1) {
		switch (opt) {
		case 'c': path = optarg; break;
		case 'f': foreground = 1; break;
		case 'n': check_only = 1; break;
		case 'V': printf("fcrdns-milter %s\n", fcrdns_version()); return 0;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 1;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 1;
	}
	st = load_config(path);
	if (st != 0 || check_only) {
		shutdown_all();
		return st != 0;
	}
	if (open_service(foreground) != 0) {
		shutdown_all();
		return 1;
	}
	log_open(foreground);
	if (metrics_start() != 0) {
		log_msg(LOG_ERR, "cannot start the MetricsFile writer");
		shutdown_all();
		return 1;
	}
	log_msg(LOG_INFO, "starting: socket %s, authserv-id %s, policy %s", cfg.socket,
		authserv_id, milter_conf_policy_name(cfg.policy));
	st = smfi_main() == MI_SUCCESS ? 0 : 1;
	log_msg(LOG_INFO, "stopping");
	shutdown_all();
	return st;
}
