/* SPDX-License-Identifier: MIT */
/* callbacks.c: the libmilter callbacks. They gather the client address,
 * HELO name and auth macro, ask the library for the verdict, remove forged
 * Authentication-Results, add ours, and apply the policy at RCPT TO. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <syslog.h>
#include <time.h>

#include "milter.h"

#define AR_NAME "Authentication-Results"
#define DIAG_NAME "X-FCrDNS"
#define FORGED_MAX 256   /* forged headers remembered per message */
#define QUEUE_ID_MAX 64

typedef enum skip_reason { SKIP_NONE = 0, SKIP_NOADDR, SKIP_INTERNAL, SKIP_AUTH } skip_reason;

static const char *const skip_names[] = { "none", "no-address", "internal", "authenticated" };

/* Per connection; the fields after `in_msg` are per message. */
typedef struct conn {
	unsigned long noreply;       /* SMFIP_NR_* negotiated: those callbacks
					answer SMFIS_NOREPLY */
	fcrdns_addr addr;
	char ip[FCRDNS_IPSTR_MAX];
	skip_reason skip;            /* for the whole connection */
	char *helo;                  /* as given, at most FCRDNS_NAME_INPUT_MAX */
	fcrdns_result *result;       /* the check, reused by later messages */
	char *authres;               /* our header's value, made once per check */
	int allowlisted;
	int in_msg;
	skip_reason msg_skip;        /* SKIP_AUTH for this message */
	unsigned check_ms;           /* spent checking for this message */
	int error;                   /* an internal error hit this message */
	int logged;                  /* its log line is written */
	policy_action action;
	char queue_id[QUEUE_ID_MAX];
	unsigned ar_seen;            /* Authentication-Results so far */
	unsigned forged[FORGED_MAX]; /* their 1-based indexes that claim us */
	size_t nforged;
	size_t forged_lost;          /* beyond FORGED_MAX */
} conn;

static sfsistat on_error_status(SMFICTX *ctx)
{
	if (cfg.on_error == ON_ERROR_TEMPFAIL) {
		smfi_setreply(ctx, "451", "4.3.0", "Temporary filter failure, try again later");
		return SMFIS_TEMPFAIL;
	}
	return SMFIS_CONTINUE;
}

/* What a callback answers when it has nothing to say: nothing at all if
 * the MTA agreed not to wait for it (flag negotiated). */
static sfsistat go_on(const conn *c, unsigned long flag)
{
	return c != NULL && (c->noreply & flag) ? SMFIS_NOREPLY : SMFIS_CONTINUE;
}

static void forget_check(conn *c);

static void reset_message(conn *c)
{
	memset(&c->in_msg, 0, sizeof *c - offsetof(conn, in_msg));
}

/* Fill c's address from the connect callback's sockaddr. Returns 0, or -1
 * for no address or a family other than IPv4/IPv6 (unix socket, ...). */
static int read_address(conn *c, const struct sockaddr *sa)
{
	char text[INET6_ADDRSTRLEN];
	const void *bytes;

	if (sa == NULL)
		return -1;
	if (sa->sa_family == AF_INET)
		bytes = &((const struct sockaddr_in *)(const void *)sa)->sin_addr;
	else if (sa->sa_family == AF_INET6)
		bytes = &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr;
	else
		return -1;
	/* Through text, so that an IPv4-mapped address becomes IPv4. */
	if (inet_ntop(sa->sa_family, bytes, text, sizeof text) == NULL ||
	    fcrdns_addr_parse(text, &c->addr) != FCRDNS_OK)
		return -1;
	fcrdns_addr_format(&c->addr, c->ip);
	return 0;
}

/* Return the connection's state, made at negotiation (or now, for an MTA
 * that does not negotiate). NULL when memory runs out. */
static conn *conn_of(SMFICTX *ctx)
{
	conn *c = smfi_getpriv(ctx);

	if (c == NULL && (c = calloc(1, sizeof *c)) != NULL)
		smfi_setpriv(ctx, c);
	return c;
}

static sfsistat on_connect(SMFICTX *ctx, char *hostname, struct sockaddr *hostaddr)
{
	conn *c = conn_of(ctx);

	metrics_connection();
	if (c == NULL) {
		log_msg(LOG_ERR, "out of memory at connect");
		return cfg.on_error == ON_ERROR_TEMPFAIL ? on_error_status(ctx) : SMFIS_ACCEPT;
	}
	if (read_address(c, hostaddr) != 0) {
		c->skip = SKIP_NOADDR;
		strcpy(c->ip, "-");
	} else if (hostlist_match_addr(&cfg.internal_hosts, &c->addr))
		c->skip = SKIP_INTERNAL;
	return go_on(c, SMFIP_NR_CONN);
}

static sfsistat on_helo(SMFICTX *ctx, char *name)
{
	conn *c = smfi_getpriv(ctx);
	size_t n;

	if (c == NULL)
		return SMFIS_CONTINUE;
	if (name == NULL)
		name = "";
	/* The library refuses longer names; keep enough to judge it invalid. */
	n = strnlen(name, FCRDNS_NAME_INPUT_MAX);
	if (c->helo != NULL && strlen(c->helo) == n && memcmp(c->helo, name, n) == 0)
		return go_on(c, SMFIP_NR_HELO);
	free(c->helo);
	c->helo = strndup(name, n);
	/* A new HELO (after STARTTLS, say) needs a new HELO verdict. */
	forget_check(c);
	return go_on(c, SMFIP_NR_HELO);
}

/* Drop the connection's check (and what was made from it). */
static void forget_check(conn *c)
{
	fcrdns_result_free(c->result);
	c->result = NULL;
	free(c->authres);
	c->authres = NULL;
}

/* Return 1 when the client's address, or one of its PTR names, is on the
 * Allowlist. Names need not be confirmed: exempting a partner whose
 * forward DNS is broken is what name entries are for (documented). */
static int is_allowlisted(const conn *c)
{
	if (hostlist_match_addr(&cfg.allowlist, &c->addr))
		return 1;
	for (size_t i = 0; i < c->result->nptr; i++)
		if (hostlist_match_name(&cfg.allowlist, c->result->ptr[i]))
			return 1;
	return 0;
}

/* Run the check once per connection (and HELO). Returns 0, or -1 on an
 * internal error (the message then gets no header). */
static int ensure_checked(conn *c)
{
	int64_t t0 = fcrdns_now_ms();
	int st;

	if (c->result != NULL)
		return 0;
	st = pool_check(&c->addr, c->helo, &c->result);
	c->check_ms = (unsigned)(fcrdns_now_ms() - t0);
	if (st != FCRDNS_OK) {
		log_msg(LOG_ERR, "%s: check of %s failed: %s", c->queue_id, c->ip, fcrdns_strerror(st));
		return -1;
	}
	metrics_check(c->result);
	c->allowlisted = is_allowlisted(c);
	return 0;
}

static void read_queue_id(SMFICTX *ctx, conn *c)
{
	const char *id = smfi_getsymval(ctx, "{i}");

	if (c->queue_id[0] != '\0' && strcmp(c->queue_id, "NOQUEUE") != 0)
		return;
	snprintf(c->queue_id, sizeof c->queue_id, "%s", id && *id ? id : "NOQUEUE");
}

static sfsistat on_envfrom(SMFICTX *ctx, char **argv)
{
	conn *c = smfi_getpriv(ctx);
	const char *auth;

	if (c == NULL)
		return SMFIS_CONTINUE;
	reset_message(c);
	c->in_msg = 1;
	read_queue_id(ctx, c);
	if (c->skip != SKIP_NONE)
		return go_on(c, SMFIP_NR_MAIL);
	auth = smfi_getsymval(ctx, "{auth_authen}");
	if (cfg.skip_authenticated && auth != NULL && *auth != '\0') {
		c->msg_skip = SKIP_AUTH;
		return go_on(c, SMFIP_NR_MAIL);
	}
	if (ensure_checked(c) != 0) {
		c->error = 1;
		/* NR_MAIL is only negotiated when OnError accepts. */
		return c->noreply & SMFIP_NR_MAIL ? SMFIS_NOREPLY : on_error_status(ctx);
	}
	c->action = policy_decide(cfg.policy, cfg.tempfail_on_temperror, c->result->iprev,
				  c->allowlisted);
	return go_on(c, SMFIP_NR_MAIL);
}

/* Count what happened to a message, for the metrics. */
static void count_action(skip_reason skip, const char *action)
{
	if (skip != SKIP_NONE)
		metrics_action(METRIC_SKIPPED);
	else if (strcmp(action, "accept") == 0)
		metrics_action(METRIC_ACCEPT);
	else if (strcmp(action, "reject") == 0)
		metrics_action(METRIC_REJECT);
	else if (strcmp(action, "tempfail") == 0)
		metrics_action(METRIC_TEMPFAIL);
}

/* Write the message's one log line, once. */
static void log_message(conn *c, const char *action)
{
	fcrdns_buf helo = { 0 };
	const fcrdns_result *r = c->result;
	skip_reason skip = c->skip ? c->skip : c->msg_skip;

	if (c->logged)
		return;
	c->logged = 1;
	count_action(skip, action);
	fcrdns_text_safe(&helo, c->helo ? c->helo : "", c->helo ? strnlen(c->helo, 255) : 0);
	if (skip != SKIP_NONE || r == NULL)
		log_msg(LOG_INFO, "%s: ip=%s helo=%s skip=%s action=%s deleted=%zu ms=%u",
			c->queue_id, c->ip, helo.data ? helo.data : "", skip ? skip_names[skip] : "error",
			action, c->nforged, c->check_ms);
	else
		log_msg(LOG_INFO, "%s: ip=%s helo=%s iprev=%s helo_verdict=%s allowlisted=%s "
			"action=%s deleted=%zu ms=%u",
			c->queue_id, c->ip, helo.data ? helo.data : "", fcrdns_iprev_name(r->iprev),
			c->helo ? fcrdns_helo_verdict_name(r->helo) : "none",
			c->allowlisted ? "yes" : "no", action, c->nforged, c->check_ms);
	fcrdns_buf_free(&helo);
}

static sfsistat on_envrcpt(SMFICTX *ctx, char **argv)
{
	conn *c = smfi_getpriv(ctx);
	char text[POLICY_REPLY_MAX + 1];

	if (c == NULL || c->result == NULL || c->skip || c->msg_skip || c->action == ACTION_ACCEPT)
		return SMFIS_CONTINUE;
	policy_reply_text(c->result, cfg.reject_text, text, sizeof text);
	if (smfi_setreply(ctx, (char *)policy_reply_code(c->action),
			  (char *)policy_reply_dsn(c->action), text) != MI_SUCCESS)
		log_msg(LOG_WARNING, "%s: cannot set the reply text", c->queue_id);
	log_message(c, policy_action_name(c->action));
	return c->action == ACTION_REJECT ? SMFIS_REJECT : SMFIS_TEMPFAIL;
}

static sfsistat on_header(SMFICTX *ctx, char *name, char *value)
{
	conn *c = smfi_getpriv(ctx);

	if (c == NULL || name == NULL || strcasecmp(name, AR_NAME) != 0)
		return go_on(c, SMFIP_NR_HDR);
	c->ar_seen++;
	/* Internal hosts are trusted MTAs: what they added stays (s5). */
	if (c->skip == SKIP_INTERNAL || value == NULL ||
	    !ar_claims_id(value, strlen(value), authserv_id))
		return go_on(c, SMFIP_NR_HDR);
	if (c->nforged < FORGED_MAX)
		c->forged[c->nforged++] = c->ar_seen;
	else
		c->forged_lost++;
	return go_on(c, SMFIP_NR_HDR);
}

/* Delete the forged headers, last first, so no index shifts. */
static int delete_forged(SMFICTX *ctx, conn *c)
{
	size_t removed = 0;
	int failed = 0;

	for (size_t i = c->nforged; i-- > 0;) {
		if (smfi_chgheader(ctx, AR_NAME, (int)c->forged[i], NULL) != MI_SUCCESS)
			failed = 1;
		else
			removed++;
	}
	metrics_forged(removed);
	if (c->forged_lost > 0)
		log_msg(LOG_WARNING, "%s: %zu more forged %s headers left in place", c->queue_id,
			c->forged_lost, AR_NAME);
	return failed ? -1 : 0;
}

/* Insert X-FCrDNS: iprev=... helo=... generic=... provider=... fix=...
 * dnssec.ptr=... dnssec.forward=... at the top. */
static int add_diagnostic(SMFICTX *ctx, const conn *c)
{
	const fcrdns_result *r = c->result;
	const char *fwd = fcrdns_dnssec_name(fcrdns_dnssec_forward(r));
	fcrdns_buf b = { 0 };
	int st;

	fcrdns_buf_printf(&b, "iprev=%s helo=%s generic=%s provider=%s fix=%s dnssec.ptr=%s"
			  " dnssec.forward=%s",
			  fcrdns_iprev_name(r->iprev), c->helo ? fcrdns_helo_verdict_name(r->helo) : "none",
			  r->generic ? "yes" : "no", r->provider ? r->provider->id : "none",
			  r->fix_owner ? fcrdns_fix_owner_name(r->fix_owner) : "none",
			  fcrdns_dnssec_name(fcrdns_dnssec_ptr(r)), fwd ? fwd : "none");
	st = b.failed ? MI_FAILURE : smfi_insheader(ctx, 0, DIAG_NAME, b.data);
	fcrdns_buf_free(&b);
	return st == MI_SUCCESS ? 0 : -1;
}

/* Insert Authentication-Results: <authserv-id>; <resinfo> at the top. The
 * value is made once per check: every message of the connection shares it. */
static int add_authres(SMFICTX *ctx, conn *c)
{
	char resinfo[1024];
	fcrdns_buf b = { 0 };

	if (c->authres == NULL) {
		fcrdns_authres_format(c->result, resinfo, sizeof resinfo);
		fcrdns_buf_printf(&b, "%s; %s", authserv_id, resinfo);
		if (b.failed) {
			fcrdns_buf_free(&b);
			return -1;
		}
		c->authres = b.data; /* owned from now on */
	}
	return smfi_insheader(ctx, 0, AR_NAME, c->authres) == MI_SUCCESS ? 0 : -1;
}

static sfsistat on_eom(SMFICTX *ctx)
{
	conn *c = smfi_getpriv(ctx);
	int failed;

	if (c == NULL)
		return SMFIS_CONTINUE;
	read_queue_id(ctx, c);
	failed = delete_forged(ctx, c) != 0;
	if (c->skip == SKIP_NONE && c->msg_skip == SKIP_NONE && c->result != NULL) {
		/* Inserted at index 0 in turn: the last one ends up on top. */
		if (cfg.diagnostic_header && add_diagnostic(ctx, c) != 0)
			failed = 1;
		if (add_authres(ctx, c) != 0)
			failed = 1;
	}
	if (failed || c->error) {
		if (failed)
			log_msg(LOG_ERR, "%s: could not change the message's headers", c->queue_id);
		log_message(c, cfg.on_error == ON_ERROR_TEMPFAIL ? "tempfail" : "accept");
		reset_message(c);
		return on_error_status(ctx);
	}
	log_message(c, "accept");
	reset_message(c);
	return SMFIS_CONTINUE;
}

static sfsistat on_abort(SMFICTX *ctx)
{
	conn *c = smfi_getpriv(ctx);

	if (c == NULL)
		return SMFIS_CONTINUE;
	if (c->in_msg)
		log_message(c, "abort");
	reset_message(c);
	return SMFIS_CONTINUE;
}

static sfsistat on_close(SMFICTX *ctx)
{
	conn *c = smfi_getpriv(ctx);

	if (c == NULL)
		return SMFIS_CONTINUE;
	if (c->in_msg)
		log_message(c, "abort");
	smfi_setpriv(ctx, NULL);
	forget_check(c);
	free(c->helo);
	free(c);
	return SMFIS_CONTINUE;
}

/* Ask for the macros used, and for none in the other stages. Returns
 * SMFIF_SETSYMLIST, or 0 when libmilter refused a list. */
static unsigned long request_macros(SMFICTX *ctx)
{
	static const struct { int stage; const char *macros; } lists[] = {
		{ SMFIM_CONNECT, "" }, { SMFIM_HELO, "" },
		{ SMFIM_ENVFROM, "i {auth_authen}" }, { SMFIM_ENVRCPT, "" },
		{ SMFIM_DATA, "" }, { SMFIM_EOH, "" }, { SMFIM_EOM, "i" },
	};

	for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++)
		if (smfi_setsymlist(ctx, lists[i].stage, (char *)lists[i].macros) != MI_SUCCESS)
			return 0;
	return SMFIF_SETSYMLIST;
}

/* Return 1 when the configuration can answer RCPT with anything but
 * "continue": a reject policy, or a tempfail on temperror. */
static int may_refuse_rcpt(void)
{
	return cfg.policy != POLICY_NONE || cfg.tempfail_on_temperror;
}

/* The protocol steps to skip and the ones the MTA need not wait for: no
 * body, no end of headers, no unknown commands; no RCPT at all when the
 * policy cannot refuse; no reply awaited for connect, HELO, headers, and
 * MAIL when errors are accepted (those callbacks always go on). The DATA
 * step is kept on purpose: without it Postfix sends the DATA macros with
 * no command after them, so its next packet waits (Nagle) for our
 * delayed ACK, about 40 ms per message; with it we answer at once. */
static unsigned long protocol_steps(unsigned long offered)
{
	unsigned long want = SMFIP_NOBODY | SMFIP_NOUNKNOWN | SMFIP_NOEOH |
			     SMFIP_NR_CONN | SMFIP_NR_HELO | SMFIP_NR_HDR;

	if (cfg.on_error == ON_ERROR_ACCEPT)
		want |= SMFIP_NR_MAIL;
	if (!may_refuse_rcpt())
		want |= SMFIP_NORCPT;
	return offered & want;
}

static sfsistat on_negotiate(SMFICTX *ctx, unsigned long f0, unsigned long f1, unsigned long f2,
			     unsigned long f3, unsigned long *pf0, unsigned long *pf1,
			     unsigned long *pf2, unsigned long *pf3)
{
	const unsigned long need = SMFIF_ADDHDRS | SMFIF_CHGHDRS;
	conn *c = conn_of(ctx);

	if ((f0 & need) != need) {
		log_msg(LOG_ERR, "the MTA does not allow adding and changing headers");
		return SMFIS_REJECT;
	}
	*pf0 = need;
	*pf1 = protocol_steps(f1);
	/* Without our state no callback can promise to stay silent. */
	if (c == NULL)
		*pf1 &= ~(unsigned long)(SMFIP_NR_CONN | SMFIP_NR_HELO | SMFIP_NR_HDR | SMFIP_NR_MAIL);
	else
		c->noreply = *pf1 & (SMFIP_NR_CONN | SMFIP_NR_HELO | SMFIP_NR_HDR | SMFIP_NR_MAIL);
	if (f0 & SMFIF_SETSYMLIST)
		*pf0 |= request_macros(ctx);
	*pf2 = 0;
	*pf3 = 0;
	return SMFIS_CONTINUE;
}

struct smfiDesc milter_desc = {
	.xxfi_name = "fcrdns-milter",
	.xxfi_version = SMFI_VERSION,
	.xxfi_flags = SMFIF_ADDHDRS | SMFIF_CHGHDRS,
	.xxfi_connect = on_connect,
	.xxfi_helo = on_helo,
	.xxfi_envfrom = on_envfrom,
	.xxfi_envrcpt = on_envrcpt,
	.xxfi_header = on_header,
	.xxfi_eom = on_eom,
	.xxfi_abort = on_abort,
	.xxfi_close = on_close,
	.xxfi_negotiate = on_negotiate,
};
