/* SPDX-License-Identifier: MIT */
/* test_maillog.c: fcrdns_log_extract(), one row per line form: the SMTP
 * client of every Postfix, Exim, Sendmail and Courier line that names it,
 * in syslog, RFC 5424 and journald framing; nothing from the MTA's own
 * address, outgoing deliveries, HELO literals, reply text, DNSBL query
 * names, or text the client wrote (injected rows); bounded work on
 * hostile input. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "fcrdns.h"

typedef struct log_case {
	const char *form;  /* what the row shows */
	const char *line;
	const char *ip;    /* the client, NULL: none */
} log_case;

#define SYSLOG "Mar  4 10:00:01 mx "
#define SMTPD SYSLOG "postfix/smtpd[1201]: "
#define PSCREEN SYSLOG "postfix/postscreen[77]: "
#define EXIM "2024-03-04 10:00:01 "
#define SM SYSLOG "sm-mta[400]: 424A0A1B000400: "

static const log_case postfix_cases[] = {
	{ "smtpd connect", SMTPD "connect from mail.example.com[192.0.2.1]", "192.0.2.1" },
	{ "smtpd connect, port logging", SMTPD "connect from unknown[198.51.100.24]:50123",
	  "198.51.100.24" },
	{ "smtpd connect, IPv6", SMTPD "connect from unknown[2001:db8::5]", "2001:db8::5" },
	{ "smtpd connect, IPv6: tag", SMTPD "connect from unknown[IPv6:2001:db8::6]", "2001:db8::6" },
	{ "smtpd connect, ::ffff: mapped", SMTPD "connect from unknown[::ffff:198.51.100.26]",
	  "198.51.100.26" },
	{ "smtpd disconnect", SMTPD "disconnect from mail.example.com[192.0.2.2] ehlo=1 mail=1 "
	  "rcpt=1 data=1 quit=1 commands=5", "192.0.2.2" },
	{ "smtpd lost connection", SMTPD "lost connection after AUTH from unknown[198.51.100.7]",
	  "198.51.100.7" },
	{ "smtpd lost connection, bytes", SMTPD "lost connection after DATA (7774 bytes) from "
	  "unknown[198.51.100.8]", "198.51.100.8" },
	{ "smtpd timeout", SMTPD "timeout after END-OF-MESSAGE from unknown[198.51.100.10]",
	  "198.51.100.10" },
	{ "smtpd NOQUEUE reject RCPT, reply text and HELO literal ignored",
	  SMTPD "NOQUEUE: reject: RCPT from unknown[198.51.100.9]: 450 4.7.1 Client host rejected: "
	  "cannot find your reverse hostname, [203.0.113.99]; from=<a@example.org> "
	  "to=<b@example.net> proto=ESMTP helo=<[203.0.113.98]>", "198.51.100.9" },
	{ "smtpd reject EHLO with a queue id", SMTPD "4F1A2C3D5E: reject: EHLO from "
	  "host.example.com[198.51.100.11]: 504 5.5.2 <User>: Helo command rejected; proto=SMTP "
	  "helo=<User>", "198.51.100.11" },
	{ "smtpd client=", SMTPD "4F1A2C3D5E: client=mail.example.com[192.0.2.3]", "192.0.2.3" },
	{ "smtpd client=, long queue id and SASL", SMTPD "4Xq1Zs2kLfz9Qk7: client=unknown"
	  "[198.51.100.12], sasl_method=PLAIN, sasl_username=connect from x[8.8.8.8]",
	  "198.51.100.12" },
	{ "smtpd hostname does not resolve", SMTPD "warning: hostname mail.example.net does not "
	  "resolve to address 198.51.100.20: Name or service not known", "198.51.100.20" },
	{ "smtpd hostname does not resolve, IPv6", SMTPD "warning: hostname mail.example.net does "
	  "not resolve to address 2001:db8::20: Name or service not known", "2001:db8::20" },
	{ "smtpd SASL authentication failed", SMTPD "warning: unknown[198.51.100.21]: SASL LOGIN "
	  "authentication failed: UGFzc3dvcmQ6", "198.51.100.21" },
	{ "smtpd SASL, user name holds a line", SMTPD "warning: unknown[198.51.100.22]: SASL PLAIN "
	  "authentication failed: authentication failure, sasl_username=connect from "
	  "x[8.8.8.8]", "198.51.100.22" },
	{ "smtpd connection rate limit", SMTPD "warning: Connection rate limit exceeded: 31 from "
	  "spam.example.com[198.51.100.23] for service smtp", "198.51.100.23" },
	{ "smtpd non-SMTP command", SMTPD "warning: non-SMTP command from unknown[198.51.100.25]: "
	  "GET / HTTP/1.1", "198.51.100.25" },
	{ "smtpd TLS established", SMTPD "Anonymous TLS connection established from "
	  "mail.example.com[192.0.2.4]: TLSv1.3 with cipher TLS_AES_256_GCM_SHA384",
	  "192.0.2.4" },
	{ "smtpd milter-reject", SMTPD "NOQUEUE: milter-reject: RCPT from mail.example.com"
	  "[192.0.2.5]: 451 4.7.1 Greylisting; from=<a@example.org> to=<b@example.net> "
	  "proto=ESMTP helo=<mail.example.com>", "192.0.2.5" },
	{ "smtpd unknown[unknown]", SMTPD "disconnect from unknown[unknown] commands=0/0", NULL },
	{ "postscreen CONNECT, not the server", PSCREEN "CONNECT from [198.51.100.30]:41234 to "
	  "[192.0.2.25]:25", "198.51.100.30" },
	{ "postscreen PASS NEW", PSCREEN "PASS NEW [198.51.100.31]:41235", "198.51.100.31" },
	{ "postscreen PASS OLD", PSCREEN "PASS OLD [2001:db8::32]:41236", "2001:db8::32" },
	{ "postscreen DNSBL rank", PSCREEN "DNSBL rank 4 for [198.51.100.33]:41237",
	  "198.51.100.33" },
	{ "postscreen PREGREET, client text after", PSCREEN "PREGREET 11 after 0.05 from "
	  "[198.51.100.34]:41238: EHLO [8.8.8.8]\\r\\n", "198.51.100.34" },
	{ "postscreen NOQUEUE reject", PSCREEN "NOQUEUE: reject: RCPT from [198.51.100.35]:41239: "
	  "550 5.7.1 Service unavailable; client [198.51.100.35] blocked using zen.spamhaus.org; "
	  "from=<a@example.org>, to=<b@example.net>, proto=ESMTP, helo=<x>", "198.51.100.35" },
	{ "dnsblog listed", SYSLOG "postfix/dnsblog[88]: addr 198.51.100.36 listed by domain "
	  "zen.spamhaus.org as 127.0.0.4", "198.51.100.36" },
	{ "dnsblog query name", SYSLOG "postfix/dnsblog[88]: warning: dnsblog_query: lookup error "
	  "for DNS query 9.100.51.198.zen.spamhaus.org: Host or domain name not found", NULL },
	{ "anvil", SYSLOG "postfix/anvil[99]: statistics: max connection rate 12/60s for "
	  "(smtp:198.51.100.37) at Mar  4 10:05:00", "198.51.100.37" },
	{ "anvil, IPv6", SYSLOG "postfix/anvil[99]: statistics: max connection count 3 for "
	  "(smtp:2001:db8::38) at Mar  4 10:05:00", "2001:db8::38" },
	{ "anvil, service bound to an address", SYSLOG "postfix/anvil[99]: statistics: max "
	  "connection count 1 for (127.0.0.1:2525:198.51.100.39) at Mar  4 10:05:00",
	  "198.51.100.39" },
	{ "cleanup header", SYSLOG "postfix/cleanup[55]: 4F1A2C3D5E: warning: header Subject: "
	  "hello from mail.example.com[198.51.100.40]; from=<a@example.org> to=<b@example.net> "
	  "proto=ESMTP helo=<mail.example.com>", "198.51.100.40" },
	{ "cleanup milter-reject", SYSLOG "postfix/cleanup[55]: 4F1A2C3D5E: milter-reject: "
	  "END-OF-MESSAGE from mail.example.com[198.51.100.42]: 5.7.1 Spam; from=<a@example.org> "
	  "to=<b@example.net> proto=ESMTP helo=<mail.example.com>", "198.51.100.42" },
	{ "outgoing: smtp relay=", SYSLOG "postfix/smtp[600]: 4F1A2C3D5E: to=<b@example.net>, "
	  "relay=mx.example.net[203.0.113.100]:25, delay=1.2, delays=0.1/0/0.5/0.6, dsn=2.0.0, "
	  "status=sent (250 OK)", NULL },
	{ "outgoing: smtp connect to", SYSLOG "postfix/smtp[600]: connect to mx.example.net"
	  "[203.0.113.101]:25: Connection refused", NULL },
	{ "outgoing: smtp host said", SYSLOG "postfix/smtp[600]: 4F1A2C3D5E: host mx.example.net"
	  "[203.0.113.102] said: 450 4.7.1 Client host [198.51.100.1] rejected (in reply to RCPT "
	  "TO command)", NULL },
	{ "outgoing: lmtp relay=", SYSLOG "postfix/lmtp[601]: 4F1A2C3D5E: to=<b@example.net>, "
	  "relay=127.0.0.1[127.0.0.1]:2525, delay=0.2, dsn=2.0.0, status=sent (250 OK)", NULL },
	{ "qmgr", SYSLOG "postfix/qmgr[12]: 4F1A2C3D5E: from=<a@example.org>, size=1, nrcpt=1 "
	  "(queue active)", NULL },
};

static const log_case postfix_injected[] = {
	{ "cleanup: origin written into a Subject", SYSLOG "postfix/cleanup[55]: 4F1A2C3D5E: "
	  "reject: header Subject: hi from x[8.8.8.8]; from=<> from mail.example.com"
	  "[198.51.100.41]; from=<a@example.org> proto=ESMTP helo=<x>", NULL },
	{ "cleanup: body line starting with from", SYSLOG "postfix/cleanup[55]: 4F1A2C3D5E: "
	  "warning: body from x[8.8.8.8]: hi from mail.example.com[198.51.100.43]; from=<a@b>",
	  "198.51.100.43" },
	{ "cleanup: local origin and a fake in the header", SYSLOG "postfix/cleanup[55]: "
	  "4F1A2C3D5E: warning: header Subject: x from y[8.8.8.8]; z from local; "
	  "from=<root@example.org>", NULL },
	{ "smtpd: lookup key quoted", SMTPD "warning: pcre:/etc/postfix/cmd lookup error for "
	  "\"MAIL FROM:<a> connect from x[8.8.8.8]\"", NULL },
};

static const log_case exim_cases[] = {
	{ "H=name (helo) [IP], not I=", EXIM "H=mail.example.com (helo.example.com) "
	  "[198.51.100.50]:41000 I=[192.0.2.25]:25 F=<a@example.org> rejected RCPT "
	  "<b@example.net>: relay not permitted", "198.51.100.50" },
	{ "H=[IP]", EXIM "H=[198.51.100.51]:41001 dropped by 'connect' ACL: blocked",
	  "198.51.100.51" },
	{ "H=(helo literal) [IP]", EXIM "H=([203.0.113.9]) [198.51.100.63] sender verify fail for "
	  "<a@example.org>: Unrouteable address", "198.51.100.63" },
	{ "arrival <=", EXIM "1rABCD-000123-EF <= a@example.org H=mail.example.com "
	  "[198.51.100.52] P=esmtps X=TLS1.3:TLS_AES_256_GCM_SHA384:256 S=1234 id=x@example.org",
	  "198.51.100.52" },
	{ "arrival <=, 4.97 message id", EXIM "1rABCD-00000000ABC-DEFG <= <> H=(helo) "
	  "[2001:db8::52]:41010 P=esmtp S=99", "2001:db8::52" },
	{ "rejected after DATA", EXIM "1rABCD-000123-EF H=mail.example.com [198.51.100.73] "
	  "F=<a@example.org> rejected after DATA: spam", "198.51.100.73" },
	{ "no host name found", EXIM "no host name found for IP address 198.51.100.53",
	  "198.51.100.53" },
	{ "no IP address found", EXIM "no IP address found for host x.example.com (during SMTP "
	  "connection from [198.51.100.75]:41011 I=[192.0.2.25]:25)", "198.51.100.75" },
	{ "authenticator failed", EXIM "dovecot_login authenticator failed for (User) "
	  "[198.51.100.54]:41002 I=[192.0.2.25]:587: 535 Incorrect authentication data "
	  "(set_id=admin)", "198.51.100.54" },
	{ "authenticator failed, name and HELO literal", EXIM "login authenticator failed for "
	  "host.example.com ([192.168.2.33]) [198.51.100.65]: 535 Incorrect authentication data",
	  "198.51.100.65" },
	{ "rejected EHLO, invalid argument", EXIM "rejected EHLO from [198.51.100.55]: "
	  "syntactically invalid argument(s): x [8.8.8.8]", "198.51.100.55" },
	{ "rejected \"HELO name\"", EXIM "rejected \"HELO ylmf-pc\" from (ylmf-pc) [198.51.100.56]",
	  "198.51.100.56" },
	{ "SMTP protocol error", EXIM "SMTP protocol error in \"AUTH LOGIN\" H=(ylmf-pc) "
	  "[198.51.100.57]:41003 I=[192.0.2.25]:25 AUTH command used when not advertised",
	  "198.51.100.57" },
	{ "SMTP connection from", EXIM "SMTP connection from [198.51.100.64]:41004 "
	  "I=[192.0.2.25]:25 (TCP/IP connection count = 3)", "198.51.100.64" },
	{ "SMTP call from ... dropped", EXIM "SMTP call from (x) [198.51.100.66] dropped: too many "
	  "syntax or protocol errors (last command was \"H=[8.8.8.8]\")", "198.51.100.66" },
	{ "no MAIL in SMTP connection", EXIM "[5718] no MAIL in SMTP connection from "
	  "host.example.com [198.51.100.67]:28890 I=[192.0.2.25]:25 D=21s C=EHLO,STARTTLS",
	  "198.51.100.67" },
	{ "synchronization error", EXIM "SMTP protocol synchronization error (input sent without "
	  "waiting for greeting): rejected connection from H=[198.51.100.68]:25936 "
	  "I=[192.0.2.25]:25 input=\"GET / HTTP/1.1\\r\\n\"", "198.51.100.68" },
	{ "through syslog, with Exim's own time", SYSLOG "exim[321]: 2024-03-04 10:00:09 [321] "
	  "H=(x) [198.51.100.76] F=<a@example.org> rejected RCPT <c@example.net>: no",
	  "198.51.100.76" },
	{ "outgoing: => delivery", EXIM "1rABCD-000123-EF => b@example.net R=dnslookup "
	  "T=remote_smtp H=mx.example.net [203.0.113.70] X=TLS1.3 C=\"250 OK\"", NULL },
	{ "outgoing: deferral", EXIM "1rABCD-000123-EF H=mx.example.net [203.0.113.71] "
	  "Connection refused", NULL },
	{ "outgoing: SMTP error", EXIM "1rABCD-000123-EF H=mx.example.net [203.0.113.72]: SMTP "
	  "error from remote mail server after RCPT TO:<b@example.net>: 550 no", NULL },
	{ "outgoing: client authenticator", EXIM "1rABCD-000123-EF plain authenticator failed "
	  "H=smarthost.example.net [203.0.113.73] 535 no", NULL },
};

static const log_case exim_injected[] = {
	{ "H= inside a quoted AUTH argument", EXIM "SMTP protocol error in \"AUTH LOGIN "
	  "H=(test) [8.8.8.8]\" H=(ylmf-pc) [198.51.100.58] AUTH command used when not advertised",
	  "198.51.100.58" },
	{ "quoted AUTH argument with its own quote (before 4.98)", EXIM "SMTP protocol error in "
	  "\"aUtH lOgIn\" H=(test) [8.8.8.8]\" H=(roxzgj) [198.51.100.59] AUTH command used when "
	  "not advertised", "198.51.100.59" },
	{ "quoted AUTH argument, escaped quote (4.98)", EXIM "SMTP protocol error in \"AUTH "
	  "x\\\" H=(test) [8.8.8.8]\" H=(ylmf-pc) [198.51.100.60] AUTH command used when not "
	  "advertised", "198.51.100.60" },
	{ "ident after the host (U=)", EXIM "SMTP protocol error in \"AUTH x\" H=(a) [8.8.8.8]\" "
	  "H=(y) [198.51.100.69] U=\" H=(b) [8.8.4.4] AUTH command used when not advertised",
	  NULL },
	{ "syntax error: address echoed after the host", EXIM "SMTP syntax error in \"MAIL "
	  "FROM:<a\" H=(t) [8.8.8.8]>\" H=(x) [198.51.100.62] malformed address: \" H=(t) "
	  "[8.8.8.8]> may not follow <a", NULL },
	{ "HELO with blanks (junk accepted)", EXIM "H=(x) [8.8.8.8] (y) [198.51.100.70] "
	  "F=<a@example.org> rejected RCPT <b@example.net>: no", NULL },
	{ "sender with a quoted H=", EXIM "1rABCD-000123-EF <= \"x H=(t) [8.8.8.8]\"@example.org "
	  "H=mail.example.com [198.51.100.74] P=esmtp S=1", NULL },
	{ "user name holding a HELO and address", EXIM "dovecot_login authenticator failed for "
	  "(User) [198.51.100.72]:41002: 535 Incorrect authentication data (set_id=a (x) "
	  "[8.8.8.8])", NULL },
	{ "HELO string holding an address", EXIM "rejected EHLO from (x [8.8.8.8]) "
	  "[198.51.100.71]: syntactically invalid argument(s): x [8.8.8.8]", NULL },
};

static const log_case sendmail_cases[] = {
	{ "from= relay=name [IP]", SM "from=<a@example.org>, size=1234, class=0, nrcpts=1, "
	  "msgid=<x@example.org>, proto=ESMTP, daemon=MTA-v4, relay=mail.example.com "
	  "[198.51.100.80]", "198.51.100.80" },
	{ "from= relay=[IP]", SM "from=<a@example.org>, size=1, class=0, nrcpts=1, proto=SMTP, "
	  "daemon=MTA, relay=[198.51.100.81]", "198.51.100.81" },
	{ "relay= (may be forged)", SM "ruleset=check_rcpt, arg1=<b@example.net>, relay="
	  "host.example.com [198.51.100.82] (may be forged), reject=550 5.7.1 <b@example.net>... "
	  "Relaying denied. IP name possibly forged [198.51.100.82]", "198.51.100.82" },
	{ "check_relay", SYSLOG "sm-mta[400]: ruleset=check_relay, arg1=host.example.com, "
	  "arg2=198.51.100.87, relay=host.example.com [198.51.100.87], reject=421 4.3.2 "
	  "Connection rate limit exceeded.", "198.51.100.87" },
	{ "did not issue MAIL, IPv6: tag", SM "example.com [IPv6:2001:db8::86] did not issue "
	  "MAIL/EXPN/VRFY/ETRN during connection to MTA-v6", "2001:db8::86" },
	{ "possible SMTP attack", SM "[198.51.100.88]: possible SMTP attack: command=AUTH, "
	  "count=5", "198.51.100.88" },
	{ "lost input channel", SM "lost input channel from mail.example.com [198.51.100.89] to "
	  "MTA-v4 after rcpt", "198.51.100.89" },
	{ "AUTH failure", SM "AUTH failure (LOGIN): authentication failure (-13) SASL(-13): "
	  "authentication failure: checkpass failed, user=x, relay=host.example.com "
	  "[198.51.100.85] (may be forged)", "198.51.100.85" },
	{ "syslog-ng facility", "Mar  4 10:00:14 <mail.info> mx sm-mta[400]: 424A0A1B000400: "
	  "from=<a@example.org>, size=1, class=0, nrcpts=0, proto=ESMTP, daemon=MTA, "
	  "relay=[198.51.100.84]", "198.51.100.84" },
	{ "outgoing: to= relay=", SM "to=<b@example.net>, delay=00:00:01, xdelay=00:00:01, "
	  "mailer=esmtp, pri=120000, relay=mx.example.net. [203.0.113.85], dsn=2.0.0, "
	  "stat=Sent (OK)", NULL },
	{ "reply text alone", "Relaying denied. IP name lookup failed [198.51.100.1]", NULL },
};

static const log_case sendmail_injected[] = {
	{ "relay= inside a user name", SM "AUTH failure (LOGIN): authentication failure (-13) "
	  "SASL(-13): authentication failure: checkpass failed, user=criminal, "
	  "relay=[8.8.8.8], relay=[198.51.100.83]", "198.51.100.83" },
	{ "relay= inside a Message-Id", SM "from=<a@example.org>, size=1, class=0, nrcpts=1, "
	  "msgid=<x, relay=[8.8.8.8]>, proto=SMTP, daemon=MTA, relay=[198.51.100.90]",
	  "198.51.100.90" },
	{ "relay= inside arg1", SM "ruleset=check_rcpt, arg1=<\"a, relay=[8.8.8.8]\"@example.net>, "
	  "relay=[198.51.100.91], reject=550 5.7.1 <\"a, relay=[8.8.8.8]\"@example.net>... "
	  "Relaying denied", NULL },
	{ "local relay, fake in Message-Id", SM "from=root, size=1, class=0, nrcpts=1, "
	  "msgid=<x, relay=[8.8.8.8]>, relay=root@localhost", NULL },
};

static const log_case courier_cases[] = {
	{ "courieresmtpd started,ip=[::ffff:IP]", SYSLOG "courieresmtpd: "
	  "started,ip=[::ffff:198.51.100.92],port=[41005]", "198.51.100.92" },
	{ "courieresmtpd error,relay=", SYSLOG "courieresmtpd[26762]: error,relay=::ffff:"
	  "198.51.100.93,port=41006,msg=\"535 Authentication failed.\",cmd: AUTH LOGIN",
	  "198.51.100.93" },
	{ "courier imapd (not SMTP)", SYSLOG "imapd: LOGIN FAILED, user=x, ip=[::ffff:198.51.100.94]",
	  NULL },
};

static const log_case framing_cases[] = {
	{ "journald export", "MESSAGE=connect from mail.example.com[198.51.100.95]",
	  "198.51.100.95" },
	{ "journald export, outgoing", "MESSAGE=connect to mx.example.net[203.0.113.101]:25: "
	  "Connection refused", NULL },
	{ "journald export, other field", "SYSLOG_IDENTIFIER=postfix/smtpd", NULL },
	{ "RFC 5424", "<22>1 2024-03-04T10:00:12.000000+00:00 mx postfix/smtpd 1201 - - connect "
	  "from mail.example.com[198.51.100.96]", "198.51.100.96" },
	{ "RFC 5424, structured data", "<22>1 2024-03-04T10:00:12Z mx exim 321 - [meta x=\"a\\] "
	  "b\" y=\"H=[8.8.8.8]\"] H=[198.51.100.97] rejected RCPT <b@example.net>: no",
	  "198.51.100.97" },
	{ "RFC 5424, outgoing program", "<22>1 2024-03-04T10:00:12Z mx postfix/smtp 600 - - "
	  "connect to mx.example.net[203.0.113.101]:25: Connection refused", NULL },
	{ "ISO time syslog", "2024-03-04T10:00:13.123456+01:00 mx postfix/smtpd[1201]: connect "
	  "from mail.example.com[198.51.100.98]", "198.51.100.98" },
	{ "journalctl -o short-full", "Mon 2024-03-04 10:00:13 CET mx postfix/smtpd[1201]: connect "
	  "from x[198.51.100.101]", "198.51.100.101" },
	{ "journalctl -o short-unix", "1709542813.123456 mx postfix/smtpd[1201]: connect from "
	  "x[198.51.100.102]", "198.51.100.102" },
	{ "no host in syslog", "Mar  4 10:00:01 postfix/smtpd[1201]: connect from "
	  "x[198.51.100.99]", "198.51.100.99" },
	{ "CRLF", SMTPD "connect from x[198.51.100.100]\r", "198.51.100.100" },
	{ "another program", SYSLOG "sshd[42]: drop connection #0 from [198.51.100.2]:48602", NULL },
	{ "another program, a Postfix form", SYSLOG "myapp[42]: connect from x[198.51.100.3]",
	  NULL },
	{ "empty", "", NULL },
	{ "address out of range", SMTPD "connect from host[192.0.2.300]", NULL },
	{ "unterminated", SMTPD "connect from host[192.0.2.1", NULL },
	{ "terminal escapes", SMTPD "connect from \x1b[31m[192.0.2.1\x1b[0m]", NULL },
	{ "empty IPv6: tag", SMTPD "connect from x[IPv6:]", NULL },
};

/* Check every row of a table; the form names the failing row. */
static void check_cases(const log_case *cases, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		fcrdns_addr a;
		char ip[FCRDNS_IPSTR_MAX];
		int found = fcrdns_log_extract(cases[i].line, strlen(cases[i].line), &a);
		if (cases[i].ip == NULL && found)
			fail_msg("%s: took %s", cases[i].form, fcrdns_addr_format(&a, ip));
		if (cases[i].ip != NULL && !found)
			fail_msg("%s: found nothing", cases[i].form);
		if (found && strcmp(fcrdns_addr_format(&a, ip), cases[i].ip) != 0)
			fail_msg("%s: took %s, want %s", cases[i].form, ip, cases[i].ip);
	}
}

#define CHECK(table) check_cases(table, sizeof(table) / sizeof((table)[0]))

static void test_postfix(void **state) { (void)state; CHECK(postfix_cases); }
static void test_postfix_injected(void **state) { (void)state; CHECK(postfix_injected); }
static void test_exim(void **state) { (void)state; CHECK(exim_cases); }
static void test_exim_injected(void **state) { (void)state; CHECK(exim_injected); }
static void test_sendmail(void **state) { (void)state; CHECK(sendmail_cases); }
static void test_sendmail_injected(void **state) { (void)state; CHECK(sendmail_injected); }
static void test_courier(void **state) { (void)state; CHECK(courier_cases); }
static void test_framing(void **state) { (void)state; CHECK(framing_cases); }

static void test_hostile(void **state)
{
	size_t n = 1 << 20;
	char *big = malloc(n);
	fcrdns_addr a;

	(void)state;
	assert_non_null(big);
	/* Markers, brackets and quotes repeated: bounded work, nothing found. */
	static const char markers[] = "H=( [\" H=connect from client=relay=]";
	for (size_t i = 0; i < n; i++)
		big[i] = markers[i % (sizeof markers - 1)];
	assert_int_equal(fcrdns_log_extract(big, 16000, &a), 0);
	assert_int_equal(fcrdns_log_extract(big, n, &a), 0);
	/* A line longer than any MTA writes is skipped whole. */
	memset(big, 'x', n);
	memcpy(big, "connect from x[192.0.2.1] ", 26);
	assert_int_equal(fcrdns_log_extract(big, 100, &a), 1);
	assert_int_equal(fcrdns_log_extract(big, n, &a), 0);
	/* NUL bytes, cut lines, and only len bytes read. */
	assert_int_equal(fcrdns_log_extract("client=x[192.0.2.1\0]", 21, &a), 0);
	assert_int_equal(fcrdns_log_extract("connect from x[", 15, &a), 0);
	assert_int_equal(fcrdns_log_extract("H=", 2, &a), 0);
	assert_int_equal(fcrdns_log_extract("H=(", 3, &a), 0);
	assert_int_equal(fcrdns_log_extract("connect from x[192.0.2.1]", 20, &a), 0);
	assert_int_equal(fcrdns_log_extract(NULL, 0, &a), 0);
	free(big);
}

/* Every prefix of lines of each framing, in exact-size buffers: under
 * ASan a read past a cut line (a time cut short, say) is a report. */
static void test_cut_lines(void **state)
{
	static const char *const lines[] = {
		SMTPD "connect from mail.example.com[192.0.2.1]:25",
		"2024-03-04T10:00:13.123456+01:00 mx postfix/smtpd[1201]: connect from x[192.0.2.1]",
		EXIM "+0100 [321] 1rABCD-000123-EF <= \"a b\"@x H=x (y) [192.0.2.1]:2 P=esmtp",
		"<22>1 2024-03-04T10:00:12Z mx exim 321 - [m x=\"a\\] b\"] H=[192.0.2.1]",
		SM "AUTH failure (LOGIN): x, user=u, relay=h [IPv6:2001:db8::1] (may be forged)",
		SYSLOG "postfix/anvil[99]: statistics: max connection rate 1/60s for ([::1]:25:192.0.2.1)",
		"Mon 2024-03-04 10:00:13 CET mx postfix/smtpd[1201]: connect from x[192.0.2.1]",
		"1709542813.123456 mx exim[1]: H=[192.0.2.1] rejected",
	};
	fcrdns_addr a;

	(void)state;
	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		size_t n = strlen(lines[i]);
		for (size_t len = 0; len <= n; len++) {
			char *cut = malloc(len ? len : 1);
			assert_non_null(cut);
			memcpy(cut, lines[i], len);
			(void)fcrdns_log_extract(cut, len, &a);
			free(cut);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_postfix),
		cmocka_unit_test(test_postfix_injected),
		cmocka_unit_test(test_exim),
		cmocka_unit_test(test_exim_injected),
		cmocka_unit_test(test_sendmail),
		cmocka_unit_test(test_sendmail_injected),
		cmocka_unit_test(test_courier),
		cmocka_unit_test(test_framing),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_cut_lines),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
