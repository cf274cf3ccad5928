# SPDX-License-Identifier: MIT
# plan.py: owns the data the audit tests share with zones/: which
# behaviour the SMTP responder plays on each loopback address, what each
# address's iprev check gives (as `fcrdns check` decides it from zones/),
# and what each probe must report. test_bed_zones.py proves the iprev and
# HELO-ladder columns against today's engine; the test_audit_*.py files
# build their expected `ip` records from these tables.
import ipaddress

from .smtpd import CONTROL_TAIL, HOSTILE_EHLO, HOSTILE_GREETING, LONG_LINE_OCTETS

HELO_NAME = "probe.example.net"  # --helo-name of every probing test

# Address -> (behaviour of smtpd.py, the name it greets and answers EHLO
# with). One port for all; nothing listens on 127.0.0.17.
RESPONDER = {
    "127.0.0.10": ("normal", "mx.ok.example.com"),
    "127.0.0.11": ("multiline", "mx.multi.example.com"),
    "127.0.0.12": ("noname", "mx.noname.example.com"),
    "127.0.0.13": ("normal", "phantom.ghost.example.com"),  # no A/AAAA
    "127.0.0.14": ("busy", "mx.busy.example.com"),
    "127.0.0.15": ("reject", "mx.reject.example.com"),
    "127.0.0.16": ("tarpit", "mx.tarpit.example.com"),
    "127.0.0.17": ("closed", "mx.closed.example.com"),
    "127.0.0.18": ("control", "mx.ctrl.example.com"),
    "127.0.0.19": ("long", "mx.long.example.com"),
    "127.0.0.20": ("mute", "mx.mute.example.com"),
    "127.0.0.21": ("normal", "smtp.samedom.example.com"),
    "127.0.0.22": ("normal", "elsewhere.mismatch.example.com"),
    "127.0.0.23": ("normal", "mx.mailhost.example.net"),
    "127.0.0.24": ("normal", "mx.mxlit.example.com"),
    "127.0.0.25": ("normal", "implicit.example.com"),
    "127.0.0.26": ("normal", "mx.order.example.com"),
    "127.0.0.27": ("normal", "mx.nospf.example.com"),
    "127.0.0.28": ("normal", "out.sponly.example.com"),  # must never be probed
    "127.0.0.29": ("blackhole", "mx.slow.example.com"),  # connect times out
    "::1": ("normal", "mx.v6.example.com"),
    "127.0.0.31": ("hostile", "mx.hostile.example.com"),  # markup, controls
}

POSTFIX_ADDRESS = "127.0.0.30"
POSTFIX_NAME = "mx.postfix.example.com"


def samples(cidr, n=4):
    """The contract's sampling, written independently of the C code: every
    address of a block of at most 16, else the addresses at indexes
    i * (size - 1) // (n - 1), i = 0 .. n - 1, without repeats."""
    net = ipaddress.ip_network(cidr, strict=False)
    size = net.num_addresses
    if size <= 16:
        return [str(a) for a in net]
    idx = [0] if n == 1 else sorted({i * (size - 1) // (n - 1) for i in range(n)})
    return [str(net.network_address + i) for i in idx]


SAMPLING_BLOCKS = ["198.51.100.16/28", "198.51.100.32/27", "2001:db8:5a::/124", "2001:db8:5b::/123"]
PROVIDER_BLOCKS = ["198.51.100.128/25", "2001:db8:e5::/48"]


def passing(name, problems=(), provider=None, generic=False):
    """The iprev facts of an address whose one PTR name resolves back."""
    return {"iprev": "pass", "ptr": [name], "confirmed": name,
            "problems": list(problems), "provider": provider, "generic": generic}


NO_PTR = {"iprev": "permerror", "ptr": [], "confirmed": None, "problems": ["no-ptr"],
          "provider": None, "generic": False}

# Address -> its `fcrdns check --json` facts (problem codes only).
ADDRESSES = {
    **{a: passing(n) for a, (_, n) in RESPONDER.items()
       if a not in ("127.0.0.13", "127.0.0.21", "127.0.0.22")},
    "127.0.0.13": passing("mx.ghost.example.com"),
    "127.0.0.21": passing("mx.samedom.example.com"),
    "127.0.0.22": passing("mx.mismatch.example.com"),
    POSTFIX_ADDRESS: passing(POSTFIX_NAME),
    "0.0.0.0": passing("mx.zero.example.com"),
    "192.0.2.10": passing("out1.qualifiers.test"),
    "192.0.2.11": passing("out2.qualifiers.test"),
    "192.0.2.0": passing("s0.acidr.test"),
    "192.0.2.85": passing("s85.acidr.test"),
    "192.0.2.170": passing("s170.acidr.test"),
    "192.0.2.255": passing("s255.acidr.test"),
    "2001:db8:a::5": passing("v6.acidr.test"),
    "203.0.113.0": passing("s0.adual.test"),
    "203.0.113.85": passing("s85.adual.test"),
    "203.0.113.170": passing("s170.adual.test"),
    "203.0.113.255": passing("s255.adual.test"),
    "2001:db8:64::": passing("v0.adual.test"),
    "2001:db8:64:0:5555:5555:5555:5555": passing("v1.adual.test"),
    "2001:db8:64:0:aaaa:aaaa:aaaa:aaaa": passing("v2.adual.test"),
    "2001:db8:64:0:ffff:ffff:ffff:ffff": passing("v3.adual.test"),
    "192.0.2.40": passing("relay.mxcidr.test"),
    "2001:db8:40::1": passing("relay.mxcidr.test"),
    "2001:db8:40::": passing("v0.mxcidr.test"),
    "2001:db8:40:0:5555:5555:5555:5555": passing("v1.mxcidr.test"),
    "2001:db8:40:0:aaaa:aaaa:aaaa:aaaa": passing("v2.mxcidr.test"),
    "2001:db8:40:0:ffff:ffff:ffff:ffff": passing("v3.mxcidr.test"),
    "192.0.2.50": passing("out50.ip4cidr.test"),
    "192.0.2.52": passing("out52.ip4cidr.test"),
    "192.0.2.53": passing("out53.ip4cidr.test"),
    "2001:db8:52::": passing("v0.ip4cidr.test"),
    "2001:db8:52::1": passing("v1.ip4cidr.test"),
    "192.0.2.70": passing("out70.incl.test"),
    "192.0.2.71": passing("out71.incl.test"),
    "192.0.2.80": passing("out80.redirect.test"),
    "192.0.2.81": passing("out81.redirect.test"),
    "192.0.2.82": passing("out82.redirall.test"),
    "192.0.2.91": passing("out.macros.test"),
    "192.0.2.92": passing("relay.macros.test"),
    "192.0.2.93": passing("out93.macros.test"),
    "192.0.2.100": passing("lookups.test"),
    **{f"192.0.2.{100 + i}": passing(f"o{100 + i}.lookups.test") for i in range(1, 11)},
    "192.0.2.130": passing("out.void.test"),
    "192.0.2.132": passing("srv.void2.test"),
    "192.0.2.140": passing("out.loop.test"),
    "192.0.2.145": passing("out.diamond.test"),
    "192.0.2.150": passing("out.noinc.test"),
    "192.0.2.171": passing("out171.split.test"),
    "192.0.2.172": passing("out172.split.test"),
    "192.0.2.173": passing("out.upper.test"),
    "192.0.2.201": passing("good.verdicts.test"),
    "192.0.2.202": {"iprev": "fail", "ptr": ["moved.verdicts.test"], "confirmed": None,
                    "problems": ["forward-mismatch"], "provider": None, "generic": False},
    "192.0.2.203": NO_PTR,
    "192.0.2.204": passing("ec2-192-0-2-204.compute-1.amazonaws.com",
                           problems=["provider-default-ptr"], provider="aws", generic=True),
    "192.0.2.205": {"iprev": "temperror", "ptr": ["host.unserved.example"],
                    "confirmed": None, "problems": ["forward-temperror"],
                    "provider": None, "generic": False},
    # No PTR: the sampled blocks of sampling.test and espmail.test, the
    # eleven MX hosts of mxmany.test.
    **{a: NO_PTR for n in (2, 3, 4) for block in SAMPLING_BLOCKS for a in samples(block, n)},
    **{a: NO_PTR for block in PROVIDER_BLOCKS for a in samples(block)},
    "198.51.100.200": NO_PTR,
    **{f"192.0.2.{180 + i}": NO_PTR for i in range(1, 12)},
}


def smtp(connect="ok", code=220, banner=None, name=None, ehlo=None, starttls=False,
         banner_verdict="match", ehlo_verdict="match"):
    """One expected `smtp` object of an ip record."""
    return {"connect": connect, "greeting_code": code, "banner": banner,
            "banner_name": name, "ehlo_name": ehlo, "starttls": starttls,
            "banner_verdict": banner_verdict, "ehlo_verdict": ehlo_verdict}


def normal_smtp(name, verdict="match"):
    """What the "normal" behaviour reports for a server greeting as name."""
    return smtp(banner=f"{name} ESMTP fcrdns-test", name=name, ehlo=name, starttls=True,
                banner_verdict=verdict, ehlo_verdict=verdict)


NO_GREETING = dict(ehlo=None, starttls=False, banner_verdict="no-greeting",
                   ehlo_verdict="no-greeting")


def long_banner(name):
    """The long greeting's text as kept: 510 octets of line, minus "220 "."""
    line = (f"220 {name} ").ljust(LONG_LINE_OCTETS - 2, "x")
    return line[4:510]


def hostile_text(reply):
    """A reply's text as the probe keeps it (lines without code and CRLF,
    joined by newlines) and JSON gives it back (invalid UTF-8 as U+FFFD)."""
    lines = reply.split(b"\r\n")[:-1]
    return b"\n".join(line[4:] for line in lines).decode("utf-8", "replace")


def hostile_word(reply):
    """The first word of a reply's first line, as JSON gives it back."""
    return reply[4:].split(b" ", 1)[0].decode("utf-8", "replace")


# Address -> the `smtp` object its probe must give (banner as decoded from
# JSON: control characters back as themselves, invalid UTF-8 as U+FFFD).
SMTP = {
    "127.0.0.10": normal_smtp("mx.ok.example.com"),
    "127.0.0.11": smtp(banner="mx.multi.example.com ESMTP first line\nsecond line\nthird line",
                       name="mx.multi.example.com", ehlo="mx.multi.example.com",
                       starttls=False),
    "127.0.0.12": smtp(banner="", name=None, ehlo="mx.noname.example.com",
                       banner_verdict="no-name"),
    "127.0.0.13": normal_smtp("phantom.ghost.example.com", verdict="unresolvable"),
    "127.0.0.14": smtp(code=421, name="mx.busy.example.com",
                       banner="mx.busy.example.com Service not available, closing "
                              "transmission channel", **NO_GREETING),
    "127.0.0.15": smtp(code=554, name="mx.reject.example.com",
                       banner="mx.reject.example.com No SMTP service here", **NO_GREETING),
    "127.0.0.16": smtp(code=None, **NO_GREETING),
    "127.0.0.17": smtp(connect="refused", code=None, **NO_GREETING),
    "127.0.0.29": smtp(connect="timeout", code=None, **NO_GREETING),
    "127.0.0.18": smtp(banner="mx.ctrl.example.com" + CONTROL_TAIL.decode("utf-8", "replace"),
                       name="mx.ctrl.example.com", ehlo="mx.ctrl.example.com"),
    "127.0.0.19": smtp(banner=long_banner("mx.long.example.com"), name="mx.long.example.com",
                       ehlo="mx.long.example.com"),
    "127.0.0.20": smtp(banner="mx.mute.example.com ESMTP fcrdns-test",
                       name="mx.mute.example.com", ehlo=None, ehlo_verdict="no-name"),
    "127.0.0.21": normal_smtp("smtp.samedom.example.com", verdict="same-domain"),
    "127.0.0.22": normal_smtp("elsewhere.mismatch.example.com", verdict="mismatch"),
    "127.0.0.23": normal_smtp("mx.mailhost.example.net"),
    "127.0.0.24": normal_smtp("mx.mxlit.example.com"),
    "127.0.0.25": normal_smtp("implicit.example.com"),
    "127.0.0.26": normal_smtp("mx.order.example.com"),
    "127.0.0.27": normal_smtp("mx.nospf.example.com"),
    "::1": normal_smtp("mx.v6.example.com"),
    POSTFIX_ADDRESS: smtp(banner=f"{POSTFIX_NAME} ESMTP", name=POSTFIX_NAME, ehlo=POSTFIX_NAME),
    "0.0.0.0": smtp(connect="unreachable", code=None, **NO_GREETING),
    "127.0.0.31": smtp(banner=hostile_text(HOSTILE_GREETING), name=hostile_word(HOSTILE_GREETING),
                       ehlo=hostile_word(HOSTILE_EHLO), banner_verdict="invalid",
                       ehlo_verdict="invalid"),
}
