# SPDX-License-Identifier: MIT
# test_headers_layouts.py: owns `fcrdns headers --json` on one realistic
# message per receiver layout (messages/: Gmail, Microsoft 365, Yahoo/AOL,
# Fastmail with authentication_milter, Exim, Postfix, Sendmail, qmail,
# ZMailer, IronPort, Exchange, OpenSMTPD): the exact entries of every
# Authentication-Results and Received field, the iprev records and the
# entry hop, and exit status 0.
from .headerstools import ar, entry, headers_json, message, rcvd, res

GOOGLE_SPF = ("google.com: domain of bob@sender.example designates 198.51.100.10 "
              "as permitted sender")


def test_gmail():
    rc, obj, _ = headers_json(message("gmail.eml"))
    assert rc == 0
    # the ARC copy and the body's look-alike fields are not read
    assert obj["authentication_results"] == [ar(
        "mx.google.com",
        res("dkim", "pass", {"header.i": "@sender.example", "header.s": "mail",
                             "header.b": "Zm9vYmFy"}),
        res("spf", "pass", {"smtp.mailfrom": "bob@sender.example"}, [GOOGLE_SPF]),
        res("dmarc", "pass", {"header.from": "sender.example"},
            ["p=REJECT sp=REJECT dis=NONE"]))]
    assert obj["received"] == [
        rcvd(by="2002:a05:6a10:9e4c:b0:4f1:2c3b:5d6e", with_="SMTP", id_="x12csp4242211pxb",
             date="Tue, 5 Mar 2024 02:14:09 -0800 (PST)"),
        rcvd("mail.sender.test", "mail.sender.test.", "198.51.100.10", "mx.google.com",
             "ESMTPS", "d9443c01a7336-1dcb4a1e0f5si1234567plg.123.2024.03.05.02.14.08",
             "alice@gmail.com", "Tue, 05 Mar 2024 02:14:08 -0800 (PST)"),
        rcvd("laptop.home", None, "192.168.1.23", "mail.sender.test", "ESMTPSA",
             "4TpqRk0Xz9z1xyZ", "alice@gmail.com", "Tue,  5 Mar 2024 11:14:07 +0100 (CET)"),
    ]
    assert obj["iprev"] == []
    assert obj["entry"] == entry(1, "198.51.100.10", "mail.sender.test", "mail.sender.test.")


M365_RECEIVED = [
    rcvd("DM6PR11MB4123.namprd11.prod.outlook.com", None, "2603:10b6:5:1c0::30",
         "SA1PR11MB5678.namprd11.prod.outlook.com", "HTTPS", None, None,
         "Wed, 6 Mar 2024 09:30:12 +0000"),
    rcvd("BN9PR03CA0456.namprd03.prod.outlook.com", None, "2603:10b6:408:139::11",
         "DM6PR11MB4123.namprd11.prod.outlook.com", "Microsoft", "15.20.7362.24", None,
         "Wed, 6 Mar 2024 09:30:11 +0000"),
    rcvd("BN2PEPF000044A5.namprd04.prod.outlook.com", None, "2603:10b6:408:139:cafe::4b",
         "BN9PR03CA0456.outlook.office365.com", "Microsoft", "15.20.7362.24", None,
         "Wed, 6 Mar 2024 09:30:11 +0000"),
    rcvd("gone.sender.test", None, "198.51.100.20",
         "BN2PEPF000044A5.mail.protection.outlook.com", "Microsoft", "15.20.7362.11", None,
         "Wed, 6 Mar 2024 09:30:10 +0000"),
]


def test_microsoft_365():
    rc, obj, _ = headers_json(message("m365.eml"))
    assert rc == 0
    # no leading authserv-id: the first bare domain is it; compauth's
    # reason= is its reason, action= a property
    assert obj["authentication_results"] == [ar(
        "contoso.com",
        res("spf", "fail", {"smtp.mailfrom": "sender.example"}, ["sender IP is 198.51.100.20"]),
        res("dkim", "none", {"header.d": "none"}, ["message not signed"]),
        res("dmarc", "fail", {"action": "quarantine", "header.from": "sender.example"}),
        res("compauth", "fail", reason="000"))]
    assert obj["received"] == M365_RECEIVED
    assert obj["iprev"] == []
    # without --trust the topmost public address is Microsoft's own hop
    assert obj["entry"] == entry(0, "2603:10b6:5:1c0::30",
                                 "DM6PR11MB4123.namprd11.prod.outlook.com", None)


def test_microsoft_365_trusted_receiver():
    rc, obj, _ = headers_json("--trust", "protection.outlook.com", message("m365.eml"))
    assert rc == 0
    assert obj["received"] == M365_RECEIVED
    assert obj["entry"] == entry(3, "198.51.100.20", "gone.sender.test", None)


def test_yahoo():
    rc, obj, _ = headers_json(message("yahoo.eml"))
    assert rc == 0
    assert obj["authentication_results"] == [ar(
        "atlas321.free.mail.ne1.yahoo.com",
        res("dkim", "pass", {"header.i": "@sender.example", "header.s": "mail"}),
        res("spf", "pass", {"smtp.mailfrom": "sender.example"}),
        res("dmarc", "pass", {"header.from": "sender.example"}, ["p=REJECT"]))]
    # "from ADDRESS (EHLO name)": the address is the client, no rDNS name
    assert obj["received"] == [
        rcvd("10.217.151.75", None, None, "atlas321.free.mail.ne1.yahoo.com", "HTTP", None,
             None, "Thu, 7 Mar 2024 12:00:02 +0000"),
        rcvd("nordns.sender.test", None, "198.51.100.30", "10.217.151.75", "SMTPs", None,
             None, "Thu, 7 Mar 2024 12:00:01 +0000"),
    ]
    assert obj["iprev"] == []
    assert obj["entry"] == entry(1, "198.51.100.30", "nordns.sender.test", None)


def test_fastmail_authentication_milter():
    rc, obj, _ = headers_json(message("fastmail.eml"))
    assert rc == 0
    assert obj["authentication_results"] == [ar(
        "mx6.messagingengine.com",
        res("dkim", "pass", {"header.d": "sender.example", "header.i": "@sender.example",
                             "header.b": "Zm9vYmFy", "header.a": "rsa-sha256",
                             "header.s": "mail", "x-bits": "2048"},
            ["2048-bit rsa key sha256"]),
        res("dmarc", "pass", {"policy.published-domain-policy": "reject",
                              "policy.applied-disposition": "none",
                              "policy.evaluated-disposition": "none",
                              "policy.policy-from": "p", "header.from": "sender.example"},
            ["p=reject,d=none,d.eval=none"]),
        res("iprev", "pass", {"smtp.remote-ip": "2001:db8:4::25"}, ["v6.sender.test"]),
        res("spf", "pass", {"smtp.mailfrom": "bob@sender.example",
                            "smtp.helo": "v6.sender.test"}),
        res("x-aligned-from", "pass", comments=["Address match"]),
        res("x-me-sender", "none"),
        res("x-ptr", "pass", {"smtp.helo": "v6.sender.test", "policy.ptr": "v6.sender.test"}),
        res("x-return-mx", "pass", {"header.domain": "sender.example", "policy.is_org": "yes"},
            ["MX Records found: mx.sender.example"]),
        res("x-tls", "pass", {"smtp.version": "TLSv1.3", "smtp.cipher": "TLS_AES_256_GCM_SHA384",
                              "smtp.bits": "256/256"}),
        res("x-vs", "clean", {"score": "0", "state": "0"}))]
    assert obj["received"] == [
        rcvd("compute3.internal", "compute3.nyi.internal", "10.202.2.43", "sloti42n3", "LMTPA",
             None, None, "Fri, 08 Mar 2024 05:00:03 -0500"),
        rcvd("mx6.messagingengine.com", None, "10.202.2.205", "compute3.internal", None, None,
             None, "Fri, 08 Mar 2024 05:00:03 -0500"),
        rcvd("mx6.messagingengine.com", "localhost", "127.0.0.1", "mailmx.nyi.internal",
             "ESMTP", "1A2B3C4D5E", "alice@fastmail.com",
             "Fri,  8 Mar 2024 05:00:02 -0500 (EST)"),
        rcvd("mx6.messagingengine.com", "localhost", "127.0.0.1", None, None, None, None,
             "Fri, 08 Mar 2024 05:00:02 -0500"),
        rcvd("v6.sender.test", "v6.sender.test", "2001:db8:4::25", "mx6.messagingengine.com",
             "ESMTPS", None, "alice@fastmail.com", "Fri,  8 Mar 2024 05:00:02 -0500 (EST)"),
    ]
    assert obj["iprev"] == [{"authserv_id": "mx6.messagingengine.com", "result": "pass",
                             "ip": "2001:db8:4::25", "name": "v6.sender.test"}]
    assert obj["entry"] == entry(4, "2001:db8:4::25", "v6.sender.test", "v6.sender.test")


def test_authentication_milter_policy_iprev():
    rc, obj, _ = headers_json(message("authmilter.eml"))
    assert rc == 0
    assert obj["authentication_results"] == [ar(
        "mx.authmilter.example",
        res("dkim", "none", comments=["no signatures found"]),
        res("dmarc", "none", {"header.from": "sender.example"}, ["p=none,d=none"]),
        res("iprev", "fail", {"policy.iprev": "198.51.100.30"}, ["NOT FOUND"]),
        res("spf", "pass", {"smtp.mailfrom": "bob@sender.example",
                            "smtp.helo": "nordns.sender.test"}),
        res("x-ptr", "fail", {"smtp.helo": "nordns.sender.test", "policy.ptr": ""}),
        res("x-tls", "pass", {"smtp.version": "TLSv1.2",
                              "smtp.cipher": "ECDHE-RSA-AES256-GCM-SHA384",
                              "smtp.bits": "256/256"}))]
    # "NOT FOUND" is no host name
    assert obj["iprev"] == [{"authserv_id": "mx.authmilter.example", "result": "fail",
                             "ip": "198.51.100.30", "name": None}]
    assert obj["received"] == [rcvd(
        "nordns.sender.test", None, "198.51.100.30", "mx.authmilter.example", "ESMTPS",
        "4TsQ5n2Wq1z4x8N", "henry@authmilter.example", "Sun, 17 Mar 2024 08:00:00 +0000 (UTC)")]
    assert obj["entry"] == entry(0, "198.51.100.30", "nordns.sender.test", None)


def test_exim():
    rc, obj, _ = headers_json(message("exim.eml"))
    assert rc == 0
    assert obj["authentication_results"] == [ar(
        "mx.exim.example",
        res("iprev", "pass", {"smtp.remote-ip": "198.51.100.10"}, ["mail.sender.test"]),
        res("spf", "pass", {"smtp.mailfrom": "sender.example"}),
        res("dkim", "pass", {"header.d": "sender.example", "header.s": "mail",
                             "header.a": "rsa-sha256"}),
        res("dmarc", "pass", {"header.from": "sender.example"}),
        res("arc", "none"))]
    assert obj["received"] == [rcvd(
        "mail.sender.test", "mail.sender.test", "198.51.100.10", "mx.exim.example", "esmtps",
        "1riXyz-000Abc-1q", "carol@exim.example", "Sat, 09 Mar 2024 10:00:00 +0000")]
    assert obj["iprev"] == [{"authserv_id": "mx.exim.example", "result": "pass",
                             "ip": "198.51.100.10", "name": "mail.sender.test"}]
    assert obj["entry"] == entry(0, "198.51.100.10", "mail.sender.test", "mail.sender.test")


def test_postfix_opendkim_opendmarc():
    rc, obj, _ = headers_json(message("postfix.eml"))
    assert rc == 0
    assert obj["authentication_results"] == [
        ar("mail.postfix.example",
           res("dmarc", "pass", {"header.from": "sender.example"}, ["p=reject dis=none"])),
        ar("mail.postfix.example",
           res("dkim", "pass", {"header.d": "sender.example", "header.i": "@sender.example",
                                "header.a": "rsa-sha256", "header.s": "mail",
                                "header.b": "Zm9vYmFy"}, ["2048-bit key; unprotected"]),
           res("dkim-atps", "neutral")),
    ]
    assert obj["received"] == [
        rcvd("localhost", "localhost", "127.0.0.1", "mail.postfix.example", "ESMTP",
             "4Tr0Ab1Cd2z9sWs", "dave@postfix.example", "Sun, 10 Mar 2024 10:00:01 +0100 (CET)"),
        rcvd("relay.sender.test", "relay.sender.test", "198.51.100.40", "mail.postfix.example",
             "ESMTPS", "4Tr0Ab0Xy1z9sWr", "dave@postfix.example",
             "Sun, 10 Mar 2024 10:00:00 +0100 (CET)"),
    ]
    assert obj["iprev"] == []
    assert obj["entry"] == entry(1, "198.51.100.40", "relay.sender.test", "relay.sender.test")


def test_sendmail():
    rc, obj, _ = headers_json(message("sendmail.eml"))
    assert rc == 0
    assert obj["authentication_results"] == [ar(
        "mail.sendmail.example",
        res("dkim", "fail", {"header.d": "sender.example", "header.i": "@sender.example",
                             "header.b": "Zm9v YmFy"}, ["2048-bit key"],
            reason="signature verification failed"))]
    assert obj["received"] == [
        rcvd("client.sender.test", "client.sender.test", "198.51.100.50",
             "mail.sendmail.example", "ESMTPS", "42BA0Zk8012345", "erin@sendmail.example",
             "Mon, 11 Mar 2024 11:00:00 +0100"),
        rcvd("submit.sender.test", "localhost", "127.0.0.1", "client.sender.test", None,
             "42BA0Yx8012300", None, "Mon, 11 Mar 2024 10:59:59 +0100"),
    ]
    assert obj["entry"] == entry(0, "198.51.100.50", "client.sender.test", "client.sender.test")


def test_qmail():
    rc, obj, _ = headers_json(message("qmail.eml"))
    assert rc == 0
    assert obj["authentication_results"] == []
    assert obj["received"] == [
        rcvd(date="12 Mar 2024 10:00:01 -0000"),
        rcvd("client.sender.test", None, "198.51.100.60", "mail.qmail.example", "ESMTPS",
             None, None, "12 Mar 2024 10:00:00 -0000"),
        rcvd("relay.sender.test", "198-51-100-61.sender.test", "198.51.100.61",
             "client.sender.test", "SMTP", None, None, "12 Mar 2024 09:59:59 -0000"),
    ]
    assert obj["entry"] == entry(1, "198.51.100.60", "client.sender.test", None)


def test_zmailer():
    rc, obj, _ = headers_json(message("zmailer.eml"))
    assert rc == 0
    assert obj["received"] == [rcvd(
        "relay.sender.test", "relay.sender.test", "198.51.100.70", "smtp.zmailer.example",
        "ESMTP", "<S1234567AbCdEf@smtp.zmailer.example>", "frank@zmailer.example",
        "Wed, 13 Mar 2024 12:00:00 +0200")]
    assert obj["entry"] == entry(0, "198.51.100.70", "relay.sender.test", "relay.sender.test")


def test_ironport():
    rc, obj, _ = headers_json(message("ironport.eml"))
    assert rc == 0
    assert obj["authentication_results"] == [ar(
        "esa3.ironport.example",
        res("spf", "pass", {"smtp.mailfrom": "bob@sender.example"}),
        res("spf", "none", {"smtp.helo": "postmaster@relay.sender.test"}),
        res("dkim", "pass", {"header.i": "@sender.example"}, ["signature verified"]),
        res("dmarc", "pass", {"d": "sender.example"}, ["p=reject dis=none"]))]
    assert obj["received"] == [rcvd(
        "relay.sender.test", None, "198.51.100.80", "esa3.ironport.example",
        "ESMTP/TLS/ECDHE-RSA-AES256-GCM-SHA384", None, None, "14 Mar 2024 10:00:00 +0000")]
    assert obj["entry"] == entry(0, "198.51.100.80", "relay.sender.test", None)


def test_exchange():
    rc, obj, _ = headers_json(message("exchange.eml"))
    assert rc == 0
    assert obj["received"] == [
        rcvd("EXCH02.corp.exchange.example", None, "10.1.0.12", "EXCH01.corp.exchange.example",
             "Microsoft", "15.2.1544.4", None, "Fri, 15 Mar 2024 09:00:01 +0000"),
        rcvd("relay.sender.test", None, "198.51.100.90", "EXCH02.corp.exchange.example",
             "Microsoft", "15.2.1544.4", None, "Fri, 15 Mar 2024 09:00:00 +0000"),
    ]
    assert obj["entry"] == entry(1, "198.51.100.90", "relay.sender.test", None)


def test_opensmtpd():
    rc, obj, _ = headers_json(message("opensmtpd.eml"))
    assert rc == 0
    assert obj["received"] == [
        rcvd("relay.sender.test", "relay.sender.test", "198.51.100.100",
             "mail.opensmtpd.example", "ESMTPS", "7f3a2b1c", "gina@opensmtpd.example",
             "Sat, 16 Mar 2024 10:00:00 +0000 (UTC)"),
        rcvd("laptop", None, "203.0.113.5", "relay.sender.test", "ESMTPSA", "1a2b3c4d",
             "gina@opensmtpd.example", "Sat, 16 Mar 2024 10:59:59 +0100 (CET)"),
    ]
    assert obj["entry"] == entry(0, "198.51.100.100", "relay.sender.test", "relay.sender.test")
