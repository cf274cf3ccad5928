/* SPDX-License-Identifier: MIT */
/* noop_milter.c: the baseline of bench/milter.sh: a libmilter filter that
 * looks at nothing and accepts every message (each protocol step answered
 * "continue", the end of message "accept"), so that what fcrdns-milter
 * adds can be told from what any milter costs.
 *   usage: noop_milter inet:PORT@127.0.0.1 */
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>

#include <libmilter/mfapi.h>

static sfsistat go_on(SMFICTX *ctx)
{
	(void)ctx;
	return SMFIS_CONTINUE;
}

static sfsistat on_connect(SMFICTX *ctx, char *host, _SOCK_ADDR *addr)
{
	(void)host;
	(void)addr;
	return go_on(ctx);
}

static sfsistat on_helo(SMFICTX *ctx, char *name)
{
	(void)name;
	return go_on(ctx);
}

static sfsistat on_envelope(SMFICTX *ctx, char **argv)
{
	(void)argv;
	return go_on(ctx);
}

static sfsistat on_header(SMFICTX *ctx, char *name, char *value)
{
	(void)name;
	(void)value;
	return go_on(ctx);
}

/* DATA answered too: without it Postfix sends the DATA macros with no
 * command after them and then waits (Nagle) for the delayed ACK, ~40 ms a
 * message; fcrdns-milter avoids the same trap the same way. */
static sfsistat on_data(SMFICTX *ctx)
{
	return go_on(ctx);
}

static sfsistat on_eom(SMFICTX *ctx)
{
	(void)ctx;
	return SMFIS_ACCEPT;
}

static struct smfiDesc noop = {
	.xxfi_name = "noop",
	.xxfi_version = SMFI_VERSION,
	.xxfi_connect = on_connect,
	.xxfi_helo = on_helo,
	.xxfi_envfrom = on_envelope,
	.xxfi_envrcpt = on_envelope,
	.xxfi_header = on_header,
	.xxfi_data = on_data,
	.xxfi_eom = on_eom,
};

/* The baseline gets the same TCP_NODELAY on its listener as fcrdns-milter
 * (libmilter does not expose the socket: take the one listening fd). */
static void nodelay(void)
{
	for (int fd = 3, one = 1, on = 0; fd < 64; fd++) {
		socklen_t len = sizeof on;
		if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &on, &len) == 0 && on)
			setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	}
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fputs("usage: noop_milter SOCKET\n", stderr);
		return 64;
	}
	if (smfi_register(noop) != MI_SUCCESS || smfi_setconn(argv[1]) != MI_SUCCESS ||
	    smfi_opensocket(1) != MI_SUCCESS) {
		fprintf(stderr, "noop_milter: cannot listen on %s\n", argv[1]);
		return 1;
	}
	nodelay();
	return smfi_main() == MI_SUCCESS ? 0 : 1;
}
