/* SPDX-License-Identifier: MIT */
/* milterconf.c: the fcrdns-milter configuration file: one table of keys
 * { name, type, default, field } and one loader for `Key value` lines in
 * the OpenDKIM tradition. Every line and list is bounded. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <syslog.h>

#include "milterlib.h"

typedef enum conf_type {
	T_STRING, T_SOCKET, T_ID, T_BOOL, T_UINT, T_ENUM, T_HOSTS, T_LIST, T_RANGES,
} conf_type;

typedef struct conf_choice {
	const char *name;
	int value;
} conf_choice;

typedef struct conf_key {
	const char *name;
	conf_type type;
	const char *def;            /* parsed like a value from the file */
	size_t field;               /* offsetof(milter_conf, ...) */
	const conf_choice *choices; /* T_ENUM */
	unsigned min, max;          /* T_UINT */
} conf_key;

static const conf_choice policies[] = {
	{ "none", POLICY_NONE }, { "reject-permerror", POLICY_REJECT_PERMERROR },
	{ "reject-fail", POLICY_REJECT_FAIL }, { "reject", POLICY_REJECT }, { NULL, 0 },
};
static const conf_choice on_errors[] = {
	{ "accept", ON_ERROR_ACCEPT }, { "tempfail", ON_ERROR_TEMPFAIL }, { NULL, 0 },
};
static const conf_choice facilities[] = {
	{ "mail", LOG_MAIL }, { "daemon", LOG_DAEMON }, { "user", LOG_USER },
	{ "local0", LOG_LOCAL0 }, { "local1", LOG_LOCAL1 }, { "local2", LOG_LOCAL2 },
	{ "local3", LOG_LOCAL3 }, { "local4", LOG_LOCAL4 }, { "local5", LOG_LOCAL5 },
	{ "local6", LOG_LOCAL6 }, { "local7", LOG_LOCAL7 }, { NULL, 0 },
};

#define F(x) offsetof(milter_conf, x)
/* Every key the file may hold; the defaults are documented in
 * fcrdns-milter(8) and contrib/fcrdns-milter.conf. */
static const conf_key keys[] = {
	{ "Socket", T_SOCKET, "inet:8894@127.0.0.1", F(socket), NULL, 0, 0 },
	{ "AuthservID", T_ID, NULL, F(authserv_id), NULL, 0, 0 },
	{ "Policy", T_ENUM, "none", F(policy), policies, 0, 0 },
	{ "TempfailOnTemperror", T_BOOL, "no", F(tempfail_on_temperror), NULL, 0, 0 },
	{ "RejectText", T_STRING, NULL, F(reject_text), NULL, 0, 0 },
	{ "InternalHosts", T_HOSTS, "127.0.0.0/8, ::1", F(internal_hosts), NULL, 0, 0 },
	{ "Allowlist", T_HOSTS, NULL, F(allowlist), NULL, 0, 0 },
	{ "SkipAuthenticated", T_BOOL, "yes", F(skip_authenticated), NULL, 0, 0 },
	{ "AddDiagnosticHeader", T_BOOL, "no", F(diagnostic_header), NULL, 0, 0 },
	{ "Resolver", T_LIST, NULL, F(resolvers), NULL, 0, 0 },
	{ "Ranges", T_RANGES, NULL, F(ranges), NULL, 0, 0 },
	{ "Timeout", T_UINT, "5000", F(timeout_ms), NULL, 200, 60000 },
	{ "UserID", T_STRING, NULL, F(user), NULL, 0, 0 },
	{ "PidFile", T_STRING, NULL, F(pidfile), NULL, 0, 0 },
	{ "Syslog", T_BOOL, "yes", F(syslog), NULL, 0, 0 },
	{ "SyslogFacility", T_ENUM, "mail", F(facility), facilities, 0, 0 },
	{ "OnError", T_ENUM, "accept", F(on_error), on_errors, 0, 0 },
};
#undef F
#define NKEYS (sizeof keys / sizeof keys[0])

/* The state of one load: where we are, for error messages. */
typedef struct loader {
	milter_conf *c;
	const char *name;
	unsigned line;
	char *err;
	size_t errlen;
	unsigned char seen[NKEYS];
} loader;

__attribute__((format(printf, 2, 3)))
static int fail(loader *ld, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (ld->line > 0)
		snprintf(ld->err, ld->errlen, "%s:%u: %s", ld->name, ld->line, msg);
	else
		snprintf(ld->err, ld->errlen, "%s: %s", ld->name, msg);
	return -1;
}

static int parse_bool(const char *v, int *out)
{
	static const char *const yes[] = { "yes", "true", "on", "1" };
	static const char *const no[] = { "no", "false", "off", "0" };

	for (size_t i = 0; i < 4; i++) {
		if (strcasecmp(v, yes[i]) == 0)
			return *out = 1, 0;
		if (strcasecmp(v, no[i]) == 0)
			return *out = 0, 0;
	}
	return -1;
}

static int parse_uint(const char *v, unsigned min, unsigned max, unsigned *out)
{
	char *end;
	unsigned long n;

	if (!isdigit((unsigned char)*v))
		return -1;
	errno = 0;
	n = strtoul(v, &end, 10);
	if (errno != 0 || *end != '\0' || n < min || n > max)
		return -1;
	*out = (unsigned)n;
	return 0;
}

static int parse_enum(const conf_choice *ch, const char *v, int *out)
{
	for (; ch->name; ch++)
		if (strcasecmp(ch->name, v) == 0)
			return *out = ch->value, 0;
	return -1;
}

/* Accept inet:PORT@ADDR, inet6:PORT@ADDR, local:PATH and unix:PATH;
 * libmilter checks the rest when it binds. */
static int check_socket(const char *v)
{
	static const char *const inet[] = { "inet:", "inet6:" };

	if (strncmp(v, "local:/", 7) == 0 || strncmp(v, "unix:/", 6) == 0)
		return 0;
	for (size_t i = 0; i < 2; i++) {
		size_t n = strlen(inet[i]);
		const char *at = strchr(v, '@');
		if (strncmp(v, inet[i], n) == 0 && isdigit((unsigned char)v[n]) &&
		    (at == NULL || (at[1] != '\0' && strspn(v + n, "0123456789") == (size_t)(at - v - n))) &&
		    (at != NULL || v[n + strspn(v + n, "0123456789")] == '\0'))
			return 0;
	}
	return -1;
}

/* Normalise a comma- and/or blank-separated list to "a,b,c". */
static char *join_list(const char *v)
{
	char *out = malloc(strlen(v) + 1), *o = out;

	if (out == NULL)
		return NULL;
	while (*(v += strspn(v, ", \t")) != '\0') {
		size_t n = strcspn(v, ", \t");
		if (o != out)
			*o++ = ',';
		memcpy(o, v, n);
		o += n;
		v += n;
	}
	*o = '\0';
	return out;
}

static int set_string(loader *ld, const conf_key *k, const char *v, char **slot)
{
	char alabel[AR_AUTHSERV_MAX];
	char *copy;

	if (k->type == T_SOCKET && check_socket(v) != 0)
		return fail(ld, "%s: expected inet:PORT@ADDR, inet6:PORT@ADDR or local:/PATH, got '%s'",
			    k->name, v);
	if (k->type == T_ID) {
		/* A U-label is kept as its A-label (IDNA2008): written so, and
		 * compared so with the authserv-ids of incoming headers. */
		if (ar_id_to_ascii(v, alabel, sizeof alabel) != 0 || !fcrdns_authserv_id_valid(alabel))
			return fail(ld, "%s: '%s' is not a host or domain name", k->name, v);
		v = alabel;
	}
	copy = k->type == T_LIST ? join_list(v) : strdup(v);
	if (copy == NULL)
		return fail(ld, "out of memory");
	free(*slot);
	*slot = copy;
	return 0;
}

static int set_hosts(loader *ld, const conf_key *k, const char *v, hostlist *l)
{
	const char *why;
	char bad[64];

	hostlist_free(l); /* a key given again replaces the default */
	if (hostlist_parse(l, v, &why, bad, sizeof bad) != 0)
		return fail(ld, "%s: '%s': %s", k->name, bad, why);
	return 0;
}

/* Load the provider ranges file at path v (the --ranges format) now, so
 * that a bad file stops the start-up with its own file and line. */
static int set_ranges(loader *ld, const conf_key *k, const char *v, fcrdns_ranges **slot)
{
	char why[512];
	fcrdns_ranges *t;
	int st = fcrdns_ranges_load(v, &t, why, sizeof why);

	if (st == FCRDNS_ENOMEM)
		return fail(ld, "out of memory");
	if (st != FCRDNS_OK)
		return fail(ld, "%s: %s", k->name, why);
	fcrdns_ranges_free(*slot);
	*slot = t;
	return 0;
}

/* Store value v for key k into the configuration. */
static int set_value(loader *ld, const conf_key *k, const char *v)
{
	void *slot = (char *)ld->c + k->field;

	switch (k->type) {
	case T_BOOL:
		if (parse_bool(v, slot) != 0)
			return fail(ld, "%s: expected yes or no, got '%s'", k->name, v);
		return 0;
	case T_UINT:
		if (parse_uint(v, k->min, k->max, slot) != 0)
			return fail(ld, "%s: expected a number from %u to %u, got '%s'", k->name,
				    k->min, k->max, v);
		return 0;
	case T_ENUM:
		if (parse_enum(k->choices, v, slot) != 0)
			return fail(ld, "%s: unknown value '%s'", k->name, v);
		return 0;
	case T_HOSTS:
		return set_hosts(ld, k, v, slot);
	case T_RANGES:
		return set_ranges(ld, k, v, slot);
	default:
		return set_string(ld, k, v, slot);
	}
}

static const conf_key *find_key(const char *name, size_t *index)
{
	for (size_t i = 0; i < NKEYS; i++)
		if (strcasecmp(keys[i].name, name) == 0)
			return *index = i, &keys[i];
	return NULL;
}

/* Print at most 40 bytes of s into a message safely. */
static const char *shown(const char *s, char *buf, size_t len)
{
	size_t n = 0;

	for (; *s && n + 1 < len && n < 40; s++)
		buf[n++] = isprint((unsigned char)*s) ? *s : '?';
	buf[n] = '\0';
	return buf;
}

/* Apply one line (NUL-terminated, no newline). */
static int apply_line(loader *ld, char *line)
{
	char *key, *value, *end, show[48];
	const conf_key *k;
	size_t index;

	key = line + strspn(line, " \t");
	if (*key == '\0' || *key == '#')
		return 0;
	value = key + strcspn(key, " \t");
	if (*value != '\0')
		*value++ = '\0';
	value += strspn(value, " \t");
	for (end = value + strlen(value); end > value && isspace((unsigned char)end[-1]);)
		*--end = '\0';
	if ((k = find_key(key, &index)) == NULL)
		return fail(ld, "unknown key '%s'", shown(key, show, sizeof show));
	if (*value == '\0')
		return fail(ld, "%s: missing value", k->name);
	if (ld->seen[index]++)
		return fail(ld, "%s given twice", k->name);
	return set_value(ld, k, value);
}

static int set_defaults(loader *ld)
{
	for (size_t i = 0; i < NKEYS; i++)
		if (keys[i].def != NULL && set_value(ld, &keys[i], keys[i].def) != 0)
			return -1;
	return 0;
}

/* Feed one character stream to the loader: getc-style reader over a FILE
 * or a string, so files and tests take the same path. */
typedef int (*read_fn)(void *src);

static int read_lines(loader *ld, read_fn next, void *src)
{
	char line[CONF_LINE_MAX + 1];
	size_t n = 0;
	int ch;

	ld->line = 1;
	while ((ch = next(src)) != EOF) {
		if (ch == '\r') /* CRLF files from other systems */
			continue;
		if (ch == '\n') {
			line[n] = '\0';
			n = 0;
			if (apply_line(ld, line) != 0)
				return -1;
			if (++ld->line > CONF_LINES_MAX)
				return fail(ld, "more than %d lines", CONF_LINES_MAX);
			continue;
		}
		if (ch == '\0')
			return fail(ld, "NUL byte in line");
		if (n == CONF_LINE_MAX)
			return fail(ld, "line longer than %d bytes", CONF_LINE_MAX);
		line[n++] = (char)ch;
	}
	line[n] = '\0';
	return apply_line(ld, line);
}

static int read_file(void *src)
{
	return getc((FILE *)src);
}

static int read_text(void *src)
{
	const char **p = src;

	return **p ? (unsigned char)*(*p)++ : EOF;
}

static void loader_init(loader *ld, milter_conf *c, const char *name, char *err, size_t errlen)
{
	memset(ld, 0, sizeof *ld);
	ld->c = c;
	ld->name = name;
	ld->err = err;
	ld->errlen = errlen;
	if (errlen > 0)
		err[0] = '\0';
}

int milter_conf_load_text(milter_conf *c, const char *name, const char *text, char *err,
			  size_t errlen)
{
	loader ld;

	loader_init(&ld, c, name, err, errlen);
	if (set_defaults(&ld) != 0)
		return -1;
	return read_lines(&ld, read_text, &text);
}

int milter_conf_load_file(milter_conf *c, const char *path, char *err, size_t errlen)
{
	loader ld;
	FILE *f;
	int st;

	loader_init(&ld, c, path, err, errlen);
	if (set_defaults(&ld) != 0)
		return -1;
	if ((f = fopen(path, "r")) == NULL)
		return fail(&ld, "%s", strerror(errno));
	st = read_lines(&ld, read_file, f);
	if (st == 0 && ferror(f))
		st = fail(&ld, "read error");
	fclose(f);
	return st;
}

void milter_conf_free(milter_conf *c)
{
	free(c->socket);
	free(c->authserv_id);
	free(c->reject_text);
	free(c->resolvers);
	free(c->user);
	free(c->pidfile);
	hostlist_free(&c->internal_hosts);
	hostlist_free(&c->allowlist);
	fcrdns_ranges_free(c->ranges);
	memset(c, 0, sizeof *c);
}

const char *milter_conf_policy_name(int policy)
{
	for (const conf_choice *ch = policies; ch->name; ch++)
		if (ch->value == policy)
			return ch->name;
	return "none";
}
