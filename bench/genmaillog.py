#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# genmaillog.py: write a synthetic day of mail logs for bench/maillog.sh:
# N lines mixing Postfix (smtpd, postscreen, cleanup, qmgr, smtp), Exim's
# main log and Sendmail, in the proportions of a busy inbound MX, with
# documentation-range and random addresses. Usage: genmaillog.py N > FILE
import random
import sys

rnd = random.Random(8601)

def ip4():
    return '%d.%d.%d.%d' % (rnd.randint(1, 223), rnd.randint(0, 255), rnd.randint(0, 255),
                            rnd.randint(1, 254))

def ip6():
    return '2001:db8:%x:%x::%x' % (rnd.randint(0, 0xffff), rnd.randint(0, 0xffff),
                                   rnd.randint(1, 0xffff))

def client():
    a = ip6() if rnd.random() < 0.2 else ip4()
    name = rnd.choice(['unknown', 'mail.example.com', 'host-%d.dyn.example.net' % rnd.randint(1, 999)])
    return name, a

def qid():
    return '%X' % rnd.getrandbits(40)

def postfix(t):
    name, a = client()
    q = qid()
    forms = [
        'postfix/postscreen[77]: CONNECT from [%s]:%d to [192.0.2.25]:25' % (a, rnd.randint(1024, 65535)),
        'postfix/postscreen[77]: PASS OLD [%s]:%d' % (a, rnd.randint(1024, 65535)),
        'postfix/smtpd[1201]: connect from %s[%s]' % (name, a),
        'postfix/smtpd[1201]: %s: client=%s[%s]' % (q, name, a),
        'postfix/cleanup[55]: %s: message-id=<%x@example.org>' % (q, rnd.getrandbits(48)),
        'postfix/qmgr[12]: %s: from=<a@example.org>, size=%d, nrcpt=1 (queue active)' % (q, rnd.randint(500, 90000)),
        'postfix/smtp[600]: %s: to=<b@example.net>, relay=mx.example.net[203.0.113.7]:25, delay=1.1, delays=0.1/0/0.4/0.6, dsn=2.0.0, status=sent (250 2.0.0 OK)' % q,
        'postfix/qmgr[12]: %s: removed' % q,
        'postfix/smtpd[1201]: disconnect from %s[%s] ehlo=1 mail=1 rcpt=1 data=1 quit=1 commands=5' % (name, a),
        'postfix/smtpd[1201]: NOQUEUE: reject: RCPT from %s[%s]: 554 5.7.1 Service unavailable; Client host [%s] blocked using zen.spamhaus.org; from=<x@example.org> to=<y@example.net> proto=ESMTP helo=<x>' % (name, a, a),
        'postfix/smtpd[1201]: warning: %s[%s]: SASL LOGIN authentication failed: UGFzc3dvcmQ6' % (name, a),
        'postfix/anvil[99]: statistics: max connection rate 2/60s for (smtp:%s) at %s' % (a, t),
    ]
    return rnd.choice(forms)

def exim(d):
    name, a = client()
    mid = '1r%04d-%06d-%02d' % (rnd.randint(0, 9999), rnd.randint(0, 999999), rnd.randint(0, 99))
    forms = [
        '%s %s <= a@example.org H=%s (helo.example) [%s]:%d I=[192.0.2.25]:25 P=esmtps S=%d id=%x@example.org' % (d, mid, name if name != 'unknown' else '', a, rnd.randint(1024, 65535), rnd.randint(500, 90000), rnd.getrandbits(40)),
        '%s %s => b@example.net R=dnslookup T=remote_smtp H=mx.example.net [203.0.113.8] X=TLS1.3 C="250 OK"' % (d, mid),
        '%s %s Completed' % (d, mid),
        '%s H=(helo) [%s]:%d I=[192.0.2.25]:25 F=<x@example.org> rejected RCPT <y@example.net>: relay not permitted' % (d, a, rnd.randint(1024, 65535)),
        '%s SMTP connection from [%s]:%d I=[192.0.2.25]:25 (TCP/IP connection count = 3)' % (d, a, rnd.randint(1024, 65535)),
    ]
    return rnd.choice(forms).replace('H= (', 'H=(')

def sendmail(t):
    name, a = client()
    q = 'x%013d' % rnd.randint(0, 10**13 - 1)
    forms = [
        'sm-mta[400]: %s: from=<a@example.org>, size=%d, class=0, nrcpts=1, msgid=<%x@example.org>, proto=ESMTP, daemon=MTA, relay=%s [%s]' % (q, rnd.randint(500, 90000), rnd.getrandbits(40), name, a),
        'sm-mta[400]: %s: to=<b@example.net>, delay=00:00:01, xdelay=00:00:01, mailer=esmtp, pri=120000, relay=mx.example.net. [203.0.113.9], dsn=2.0.0, stat=Sent (OK)' % q,
        'sm-mta[400]: %s: ruleset=check_rcpt, arg1=<y@example.net>, relay=[%s], reject=550 5.7.1 <y@example.net>... Relaying denied' % (q, a),
    ]
    return rnd.choice(forms)

def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000000
    out = sys.stdout
    for i in range(n):
        t = 'Mar  4 %02d:%02d:%02d' % (i * 24 // n, i % 60, (i * 7) % 60)
        r = rnd.random()
        if r < 0.6:
            out.write('%s mx %s\n' % (t, postfix(t)))
        elif r < 0.85:
            out.write(exim('2024-03-04 %02d:%02d:%02d' % (i * 24 // n, i % 60, (i * 7) % 60)) + '\n')
        else:
            out.write('%s mx %s\n' % (t, sendmail(t)))

main()
