# SPDX-License-Identifier: MIT
# test_bed_zones.py: owns the proof that the audit test bed says what the
# contract tests assume, with today's engine: every zone of zones/ loads,
# the SPF TXT data is published as designed (split strings, two records),
# each address of plan.ADDRESSES gets exactly its iprev facts from
# `fcrdns check`, and each banner/EHLO name of plan.SMTP gets its HELO
# verdict from `fcrdns check --helo`.
import dns.message
import dns.query
import dns.rdatatype
import pytest

from conftest import FAST, check_shape, run_fcrdns
from nsdserver import zone_origin

from .auditrun import HERE
from .plan import ADDRESSES, RESPONDER, SMTP

ZONES = sorted(zone_origin(p) for p in (HERE / "zones").glob("*.zone"))
LADDER = {"invalid", "literal-match", "literal-mismatch", "not-fqdn", "match", "temperror",
          "unresolvable", "same-domain", "forward-match", "mismatch"}


def ask(nsd, name, rdtype):
    """The answer RRset of name/rdtype from NSD (rcode, list of RRsets)."""
    reply = dns.query.udp(dns.message.make_query(name, rdtype), "127.0.0.1",
                          port=nsd.port, timeout=2)
    return reply.rcode(), reply.answer


@pytest.mark.parametrize("zone", ZONES)
def test_zone_is_served(audit_nsd, zone):
    rcode, answer = ask(audit_nsd, zone + ".", dns.rdatatype.SOA)
    assert rcode == 0 and answer, f"{zone} not loaded:\n{audit_nsd.log()}"


def txt_strings(nsd, name):
    """Each TXT record of name as its list of strings."""
    _, answer = ask(nsd, name, dns.rdatatype.TXT)
    return sorted([s.decode() for s in rr.strings] for rrset in answer for rr in rrset)


@pytest.mark.parametrize("name, strings", [
    ("split.test", [["v=sp", "f1 ip4:192.0.2.1", "71 ip4:192.0.2.172 -all"]]),
    ("twospf.test", [["v=spf1 ip4:192.0.2.160 -all"], ["v=spf1 ip4:192.0.2.161 -all"]]),
    ("upper.test", [["V=SPF1 IP4:192.0.2.173 -ALL"]]),
    ("nothing.test", []),
    ("nospf.example.com", []),
])
def test_txt_published_as_designed(audit_nsd, name, strings):
    assert txt_strings(audit_nsd, name) == strings


@pytest.mark.parametrize("name", ["lookups.test", "lookups10.test"])
def test_long_records_are_split(audit_nsd, name):
    (record,) = txt_strings(audit_nsd, name)
    assert len(record) == 2, record
    assert "".join(record).count("include:") == 10


@pytest.fixture(scope="module")
def checked(audit_nsd):
    """`fcrdns check --json` of every address of plan.ADDRESSES, by ip."""
    addrs = sorted(ADDRESSES)
    rc, out, err = run_fcrdns("check", "--json", *FAST, "--resolver", audit_nsd.resolver,
                              *addrs)
    results = {}
    for line in out.splitlines():
        r = __import__("json").loads(line)
        check_shape(r)
        results[r["ip"]] = r
    assert sorted(results) == addrs, err
    return results


@pytest.mark.parametrize("addr", sorted(ADDRESSES))
def test_iprev_facts(checked, addr):
    r = checked[addr]
    got = {"iprev": r["iprev"], "ptr": r["ptr"], "confirmed": r["confirmed"],
           "problems": [p["code"] for p in r["problems"]], "provider": r["provider"],
           "generic": r["generic"]}
    assert got == ADDRESSES[addr]


def ladder_cases():
    """(address, name, verdict) for every banner and EHLO name of plan.SMTP
    that the HELO ladder judges (not no-name or no-greeting)."""
    cases = set()
    for addr, s in SMTP.items():
        for name, verdict in ((s["banner_name"], s["banner_verdict"]),
                              (s["ehlo_name"], s["ehlo_verdict"])):
            if name is not None and verdict in LADDER:
                cases.add((addr, name, verdict))
    return sorted(cases)


@pytest.mark.parametrize("addr, name, verdict", ladder_cases())
def test_helo_ladder_verdict(audit_nsd, addr, name, verdict):
    rc, out, err = run_fcrdns("check", "--json", *FAST, "--resolver", audit_nsd.resolver,
                              "--helo", name, addr)
    (line,) = out.splitlines()
    assert __import__("json").loads(line)["helo"] == {"name": name, "verdict": verdict}


def test_every_responder_address_has_data():
    assert set(RESPONDER) <= set(ADDRESSES)
    assert set(RESPONDER) - {"127.0.0.28"} <= set(SMTP)
