# SPDX-License-Identifier: MIT
# test_audit_spf.py: owns the SPF half of the `fcrdns audit` contract
# (issue 9, Discovery 1, Classes, Precisions): one table row per audited
# domain of zones/*.test, the exact spf, source, ip and summary records and
# the exit status the data decides. Run with --no-smtp: probing is
# test_audit_smtp.py's.
from dataclasses import dataclass
from typing import Optional

import pytest

from .auditrun import (NULL_MX, audit, ip, ip_table, mx_of, source, source_table, spf,
                       spf_of, summary, summary_of)
from .plan import PROVIDER_BLOCKS, SAMPLING_BLOCKS, samples


@dataclass
class Expect:
    """What one audit of one domain must print; None: not this table's."""
    spf: dict
    exit: int
    summary: dict
    sources: Optional[dict] = None
    ips: Optional[dict] = None
    mx: Optional[list] = None


def spf_ips(addrs, record_terms, cls="own"):
    """ip entries for addresses met only through SPF terms."""
    out = {}
    for a in addrs:
        out.update(ip(a, ["spf"], cls=cls, sources=record_terms))
    return out


def one_ip4(domain, addr, record=None, qualifier="+"):
    """The source of a single ip4 term, and its ip entry."""
    term = f"ip4:{addr}" if qualifier == "+" else f"{qualifier}ip4:{addr}"
    src = {(record or domain, term): source(qualifier, addresses=[f"{addr}/32"], size=1,
                                            checked=1 if qualifier == "+" else 0)}
    return src, (ip(addr, ["spf"], sources=[term]) if qualifier == "+" else {})


LOOKUPS_RECORD = ("v=spf1 a " + " ".join(f"include:_{i}.lookups.test" for i in range(1, 11))
                  + " -all")
LOOKUPS10_RECORD = ("v=spf1 " + " ".join(f"include:_{i}.lookups10.test" for i in range(1, 11))
                    + " -all")
ESPMAIL_SOURCES = {
    ("_spf.espmail.test", "ip4:198.51.100.128/25"): source(
        cls="provider", operator="espmail.test", addresses=["198.51.100.128/25"], size=128),
    ("_spf.espmail.test", "ip6:2001:db8:e5::/48"): source(
        cls="provider", operator="espmail.test", addresses=["2001:db8:e5::/48"], size=2 ** 80),
}
SAMPLED = [a for block in SAMPLING_BLOCKS for a in samples(block)]


def merged(*dicts):
    out = {}
    for d in dicts:
        out.update(d)
    return out


EXPECT = {
    "qualifiers.test": Expect(
        spf=spf("v=spf1 ip4:192.0.2.10 +ip4:192.0.2.11 -ip4:192.0.2.12 ~ip4:192.0.2.13 "
                "?ip4:192.0.2.14 ~all"),
        sources={("qualifiers.test", t): source(q, addresses=[f"192.0.2.{h}/32"], size=1,
                                                checked=int(q == "+"))
                 for q, t, h in [("+", "ip4:192.0.2.10", 10), ("+", "+ip4:192.0.2.11", 11),
                                 ("-", "-ip4:192.0.2.12", 12), ("~", "~ip4:192.0.2.13", 13),
                                 ("?", "?ip4:192.0.2.14", 14)]},
        ips=merged(ip("192.0.2.10", ["spf"], sources=["ip4:192.0.2.10"]),
                   ip("192.0.2.11", ["spf"], sources=["+ip4:192.0.2.11"])),
        mx=NULL_MX, summary=summary(checked=2, passed=2), exit=0),
    "acidr.test": Expect(
        spf=spf("v=spf1 a/24 -all", lookups=1),
        sources={("acidr.test", "a/24"): source(
            addresses=["192.0.2.0/24", "2001:db8:a::5/128"], size=257, checked=5)},
        ips=spf_ips(samples("192.0.2.0/24") + ["2001:db8:a::5"], ["a/24"]),
        mx=NULL_MX, summary=summary(checked=5, passed=5), exit=0),
    "adual.test": Expect(
        spf=spf("v=spf1 a:web.adual.test/24//64 -all", lookups=1),
        sources={("adual.test", "a:web.adual.test/24//64"): source(
            addresses=["203.0.113.0/24", "2001:db8:64::/64"], size=2 ** 64 + 256, checked=8)},
        ips=spf_ips(samples("203.0.113.0/24") + samples("2001:db8:64::/64"),
                    ["a:web.adual.test/24//64"]),
        summary=summary(checked=8, passed=8), exit=0),
    "mxcidr.test": Expect(
        spf=spf("v=spf1 mx//64 -all", lookups=1),
        sources={("mxcidr.test", "mx//64"): source(
            addresses=["192.0.2.40/32", "2001:db8:40::/64"], size=2 ** 64 + 1, checked=5)},
        ips=merged(spf_ips(samples("2001:db8:40::/64"), ["mx//64"]),
                   ip("192.0.2.40", ["mx", "spf"], sources=["mx//64"]),
                   ip("2001:db8:40::1", ["mx"])),
        summary=summary(checked=6, passed=6), exit=0),
    "ip4cidr.test": Expect(
        spf=spf("v=spf1 ip4:192.0.2.50 ip4:192.0.2.52/31 ip6:2001:db8:52::1 "
                "ip6:2001:db8:52::/127 -all"),
        sources={
            ("ip4cidr.test", "ip4:192.0.2.50"): source(addresses=["192.0.2.50/32"], size=1,
                                                       checked=1),
            ("ip4cidr.test", "ip4:192.0.2.52/31"): source(addresses=["192.0.2.52/31"], size=2,
                                                          checked=2),
            ("ip4cidr.test", "ip6:2001:db8:52::1"): source(addresses=["2001:db8:52::1/128"],
                                                           size=1, checked=1),
            ("ip4cidr.test", "ip6:2001:db8:52::/127"): source(addresses=["2001:db8:52::/127"],
                                                              size=2, checked=2)},
        ips=merged(ip("192.0.2.50", ["spf"], sources=["ip4:192.0.2.50"]),
                   spf_ips(["192.0.2.52", "192.0.2.53"], ["ip4:192.0.2.52/31"]),
                   ip("2001:db8:52::", ["spf"], sources=["ip6:2001:db8:52::/127"]),
                   ip("2001:db8:52::1", ["spf"],
                      sources=["ip6:2001:db8:52::1", "ip6:2001:db8:52::/127"])),
        mx=NULL_MX, summary=summary(checked=5, passed=5), exit=0),
    "sampling.test": Expect(
        spf=spf("v=spf1 ip4:198.51.100.16/28 ip4:198.51.100.32/27 ip6:2001:db8:5a::/124 "
                "ip6:2001:db8:5b::/123 -all"),
        sources={("sampling.test", f"{'ip6' if ':' in b else 'ip4'}:{b}"): source(
            addresses=[b], size=2 ** ((128 if ":" in b else 32) - int(b.split("/")[1])),
            checked=len(samples(b))) for b in SAMPLING_BLOCKS},
        ips=merged(*(spf_ips(samples(b), [f"{'ip6' if ':' in b else 'ip4'}:{b}"])
                     for b in SAMPLING_BLOCKS)),
        summary=summary(checked=40, permerror=40, exit_status=1), exit=1),
    "incl.test": Expect(
        spf=spf("v=spf1 ip4:192.0.2.70 include:_spf.incl.test include:_spf.espmail.test "
                "a:out.espmail.test -all", lookups=3),
        sources=merged(one_ip4("incl.test", "192.0.2.70")[0],
                       one_ip4("incl.test", "192.0.2.71", record="_spf.incl.test")[0],
                       ESPMAIL_SOURCES,
                       {("incl.test", "a:out.espmail.test"): source(
                           cls="provider", operator="espmail.test",
                           addresses=["198.51.100.200/32"], size=1)}),
        ips=merged(one_ip4("incl.test", "192.0.2.70")[1],
                   one_ip4("incl.test", "192.0.2.71")[1]),
        summary=summary(checked=2, passed=2), exit=0),
    "redirect.test": Expect(
        spf=spf("v=spf1 ip4:192.0.2.80 redirect=_spf.redirect.test", lookups=1),
        sources=merged(one_ip4("redirect.test", "192.0.2.80")[0],
                       one_ip4("redirect.test", "192.0.2.81", record="_spf.redirect.test")[0]),
        ips=merged(one_ip4("redirect.test", "192.0.2.80")[1],
                   one_ip4("redirect.test", "192.0.2.81")[1]),
        summary=summary(checked=2, passed=2), exit=0),
    "redirall.test": Expect(
        spf=spf("v=spf1 ip4:192.0.2.82 -all redirect=_spf.redirall.test"),
        sources=one_ip4("redirall.test", "192.0.2.82")[0],
        ips=one_ip4("redirall.test", "192.0.2.82")[1],
        summary=summary(checked=1, passed=1), exit=0),
    "provonly.test": Expect(
        spf=spf("v=spf1 redirect=_spf.espmail.test", lookups=1),
        sources=ESPMAIL_SOURCES, ips={}, mx=NULL_MX, summary=summary(), exit=0),
    "macros.test": Expect(
        spf=spf("v=spf1 a:out.%{d} include:_spf.%{d} exists:%{i}._e.%{d} ptr "
                "a:%{l}.users.%{d} exp=why.%{d} note=%%%_%- -all", lookups=7),
        sources={
            ("macros.test", "a:out.%{d}"): source(addresses=["192.0.2.91/32"], size=1,
                                                   checked=1),
            ("macros.test", "exists:%{i}._e.%{d}"): source(cls="unenumerable",
                                                            reason="exists"),
            ("macros.test", "ptr"): source(cls="unenumerable", reason="ptr"),
            ("macros.test", "a:%{l}.users.%{d}"): source(cls="unenumerable", reason="macro"),
            ("_spf.macros.test", "a:relay.%{o}"): source(addresses=["192.0.2.92/32"], size=1,
                                                          checked=1),
            ("_spf.macros.test", "a:self.%{d}"): source(addresses=["192.0.2.93/32"], size=1,
                                                         checked=1)},
        ips=merged(ip("192.0.2.91", ["spf"], sources=["a:out.%{d}"]),
                   ip("192.0.2.92", ["spf"], sources=["a:relay.%{o}"]),
                   ip("192.0.2.93", ["spf"], sources=["a:self.%{d}"])),
        summary=summary(checked=3, passed=3), exit=0),
    "lookups.test": Expect(
        spf=spf(LOOKUPS_RECORD, result="permerror", lookups=11,
                problems=["spf-too-many-lookups"]),
        sources=merged({("lookups.test", "a"): source(addresses=["192.0.2.100/32"], size=1,
                                                      checked=1)},
                       *(one_ip4("lookups.test", f"192.0.2.{100 + i}",
                                 record=f"_{i}.lookups.test")[0] for i in range(1, 11))),
        ips=merged(ip("192.0.2.100", ["spf"], sources=["a"]),
                   *(one_ip4("lookups.test", f"192.0.2.{100 + i}")[1] for i in range(1, 11))),
        summary=summary(checked=11, passed=11, spf="permerror",
                        problems=["spf-too-many-lookups"], exit_status=1), exit=1),
    "lookups10.test": Expect(
        spf=spf(LOOKUPS10_RECORD, lookups=10),
        ips=merged(*(one_ip4("lookups10.test", f"192.0.2.{100 + i}")[1] for i in range(1, 11))),
        summary=summary(checked=10, passed=10), exit=0),
    "void.test": Expect(
        spf=spf("v=spf1 a:gone1.void.test a:gone2.void.test mx:gone3.void.test "
                "ip4:192.0.2.130 -all", result="permerror", lookups=3, void_lookups=3,
                problems=["spf-too-many-void-lookups"]),
        sources=merged({("void.test", t): source() for t in (
            "a:gone1.void.test", "a:gone2.void.test", "mx:gone3.void.test")},
            one_ip4("void.test", "192.0.2.130")[0]),
        ips=one_ip4("void.test", "192.0.2.130")[1],
        summary=summary(checked=1, passed=1, spf="permerror",
                        problems=["spf-too-many-void-lookups"], exit_status=1), exit=1),
    "void2.test": Expect(
        spf=spf("v=spf1 a:gone1.void2.test mx:gone2.void2.test mx:hostless.void2.test "
                "a:srv.void2.test -all", lookups=4, void_lookups=2),
        sources=merged({("void2.test", t): source() for t in (
            "a:gone1.void2.test", "mx:gone2.void2.test", "mx:hostless.void2.test")},
            {("void2.test", "a:srv.void2.test"): source(addresses=["192.0.2.132/32"], size=1,
                                                        checked=1)}),
        ips=ip("192.0.2.132", ["spf"], sources=["a:srv.void2.test"]),
        summary=summary(checked=1, passed=1), exit=0),
    "loop.test": Expect(
        spf=spf("v=spf1 ip4:192.0.2.140 include:_a.loop.test -all", result="permerror",
                lookups=2, problems=["spf-loop"]),
        sources=one_ip4("loop.test", "192.0.2.140")[0],
        ips=one_ip4("loop.test", "192.0.2.140")[1],
        summary=summary(checked=1, passed=1, spf="permerror", problems=["spf-loop"],
                        exit_status=1), exit=1),
    "diamond.test": Expect(
        spf=spf("v=spf1 include:_x.diamond.test include:_y.diamond.test -all", lookups=4),
        summary=summary(checked=1, passed=1), exit=0),
    "noinc.test": Expect(
        spf=spf("v=spf1 ip4:192.0.2.150 include:_none.noinc.test -all", result="permerror",
                lookups=1, problems=["spf-include-no-record"]),
        sources=one_ip4("noinc.test", "192.0.2.150")[0],
        ips=one_ip4("noinc.test", "192.0.2.150")[1],
        summary=summary(checked=1, passed=1, spf="permerror",
                        problems=["spf-include-no-record"], exit_status=1), exit=1),
    "twospf.test": Expect(
        spf=spf(None, result="permerror", problems=["spf-multiple-records"]),
        sources={}, ips={}, mx=NULL_MX,
        summary=summary(spf="permerror", problems=["spf-multiple-records"], exit_status=1),
        exit=1),
    "split.test": Expect(
        spf=spf("v=spf1 ip4:192.0.2.171 ip4:192.0.2.172 -all"),
        sources=merged(one_ip4("split.test", "192.0.2.171")[0],
                       one_ip4("split.test", "192.0.2.172")[0]),
        ips=merged(one_ip4("split.test", "192.0.2.171")[1],
                   one_ip4("split.test", "192.0.2.172")[1]),
        summary=summary(checked=2, passed=2), exit=0),
    "upper.test": Expect(
        spf=spf("V=SPF1 IP4:192.0.2.173 -ALL"),
        sources={("upper.test", "IP4:192.0.2.173"): source(addresses=["192.0.2.173/32"],
                                                          size=1, checked=1)},
        ips=ip("192.0.2.173", ["spf"], sources=["IP4:192.0.2.173"]),
        summary=summary(checked=1, passed=1), exit=0),
    "mxmany.test": Expect(
        spf=spf("v=spf1 mx:many.mxmany.test -all", result="permerror", lookups=1,
                problems=["spf-mx-too-many"]),
        sources={("mxmany.test", "mx:many.mxmany.test"): source(
            addresses=[f"192.0.2.{180 + i}/32" for i in range(1, 12)], size=11, checked=11)},
        ips=spf_ips([f"192.0.2.{180 + i}" for i in range(1, 12)], ["mx:many.mxmany.test"]),
        summary=summary(checked=11, permerror=11, spf="permerror",
                        problems=["spf-mx-too-many"], exit_status=1), exit=1),
    "verdicts.test": Expect(
        spf=spf("v=spf1 ip4:192.0.2.201 ip4:192.0.2.202 ip4:192.0.2.203 ip4:192.0.2.204 "
                "-all"),
        ips=merged(*(one_ip4("verdicts.test", f"192.0.2.{h}")[1] for h in range(201, 205))),
        summary=summary(checked=4, passed=2, fail=1, permerror=1, exit_status=1), exit=1),
    "temp.test": Expect(
        spf=spf("v=spf1 ip4:192.0.2.205 -all"),
        ips=one_ip4("temp.test", "192.0.2.205")[1],
        summary=summary(checked=1, temperror=1, exit_status=2), exit=2),
    "tempinc.test": Expect(
        spf=spf("v=spf1 ip4:192.0.2.201 include:_spf.unserved.example -all",
                result="temperror", lookups=1),
        ips=one_ip4("tempinc.test", "192.0.2.201")[1],
        summary=summary(checked=1, passed=1, spf="temperror", exit_status=2), exit=2),
    "redirnone.test": Expect(
        spf=spf("v=spf1 ip4:192.0.2.140 redirect=_none.redirnone.test", result="permerror",
                lookups=1, problems=["spf-redirect-no-record"]),
        sources=one_ip4("redirnone.test", "192.0.2.140")[0],
        ips=one_ip4("redirnone.test", "192.0.2.140")[1],
        summary=summary(checked=1, passed=1, spf="permerror",
                        problems=["spf-redirect-no-record"], exit_status=1), exit=1),
    "incmulti.test": Expect(
        spf=spf("v=spf1 ip4:192.0.2.145 include:_two.incmulti.test -all", result="permerror",
                lookups=1, problems=["spf-multiple-records"]),
        sources=one_ip4("incmulti.test", "192.0.2.145")[0],
        ips=one_ip4("incmulti.test", "192.0.2.145")[1],
        summary=summary(checked=1, passed=1, spf="permerror", problems=["spf-multiple-records"],
                        exit_status=1), exit=1),
    "atemp.test": Expect(
        spf=spf("v=spf1 ip4:192.0.2.201 a:host.unserved.example -all", result="temperror",
                lookups=1),
        sources=merged(one_ip4("atemp.test", "192.0.2.201")[0],
                       {("atemp.test", "a:host.unserved.example"): source(
                           cls="provider", operator="unserved.example")}),
        ips=one_ip4("atemp.test", "192.0.2.201")[1],
        summary=summary(checked=1, passed=1, spf="temperror", exit_status=2), exit=2),
    "nothing.test": Expect(
        spf=spf(None, result="none", problems=["no-spf"]), sources={}, ips={}, mx=NULL_MX,
        summary=summary(spf="none", problems=["no-spf"], exit_status=3), exit=3),
}


@pytest.fixture(scope="module")
def runs(audit_nsd):
    """One audit per (domain, options), run once for the whole module."""
    cache = {}

    def run(domain, *extra):
        key = (domain, extra)
        if key not in cache:
            run = audit(audit_nsd, domain, extra=extra)
            assert list(run.domains) == [domain], run.err
            cache[key] = run
        return cache[key]
    return run


def rows(aspect):
    return [d for d, e in EXPECT.items() if getattr(e, aspect) is not None]


@pytest.mark.parametrize("domain", rows("spf"))
def test_spf_record(runs, domain):
    assert spf_of(runs(domain)[domain]) == EXPECT[domain].spf


@pytest.mark.parametrize("domain", rows("sources"))
def test_sources(runs, domain):
    assert source_table(runs(domain)[domain]) == EXPECT[domain].sources


@pytest.mark.parametrize("domain", rows("ips"))
def test_ip_records(runs, domain):
    assert ip_table(runs(domain)[domain]) == EXPECT[domain].ips


@pytest.mark.parametrize("domain", rows("mx"))
def test_mx_records(runs, domain):
    assert mx_of(runs(domain)[domain]) == EXPECT[domain].mx


@pytest.mark.parametrize("domain", rows("summary"))
def test_summary(runs, domain):
    assert summary_of(runs(domain)[domain]) == EXPECT[domain].summary


@pytest.mark.parametrize("domain", list(EXPECT))
def test_exit_status(runs, domain):
    run = runs(domain)
    assert (run.rc, run[domain].summary["exit"]) == (EXPECT[domain].exit, EXPECT[domain].exit)


# ---- Rules that need other options or a looser table --------------------

@pytest.mark.parametrize("n, checked", [(2, 36), (3, 38), (4, 40)])
def test_sample_option_sets_addresses_per_block(runs, n, checked):
    run = runs("sampling.test", "--sample", str(n))
    d = run["sampling.test"]
    want = sorted(a for b in SAMPLING_BLOCKS for a in samples(b, n))
    assert (sorted(d.ips), d.summary["checked"]) == (want, checked)


def test_max_addresses_caps_checks(runs):
    d = runs("sampling.test", "--max-addresses", "10")["sampling.test"]
    assert (len(d.ips), d.summary["checked"], d.summary["problems"]) == (
        10, 10, ["address-cap"])


def test_include_providers_checks_provider_sources(runs):
    run = runs("incl.test", "--include-providers")
    d = run["incl.test"]
    provider = [a for b in PROVIDER_BLOCKS for a in samples(b)] + ["198.51.100.200"]
    want = merged(EXPECT["incl.test"].ips,
                  *(ip(a, ["spf"], cls="provider", sources=[t]) for a, t in zip(
                      provider, ["ip4:198.51.100.128/25"] * 4 + ["ip6:2001:db8:e5::/48"] * 4
                      + ["a:out.espmail.test"])))
    assert ip_table(d) == want


def test_include_providers_counts_without_changing_exit(runs):
    run = runs("incl.test", "--include-providers")
    assert (summary_of(run["incl.test"]), run.rc) == (
        summary(checked=11, passed=2, permerror=9), 0)


def test_include_providers_fills_checked(runs):
    table = source_table(runs("incl.test", "--include-providers")["incl.test"])
    assert {k: v["checked"] for k, v in table.items()} == {
        ("incl.test", "ip4:192.0.2.70"): 1, ("_spf.incl.test", "ip4:192.0.2.71"): 1,
        ("_spf.espmail.test", "ip4:198.51.100.128/25"): 4,
        ("_spf.espmail.test", "ip6:2001:db8:e5::/48"): 4, ("incl.test", "a:out.espmail.test"): 1}


def test_permerror_holds_over_temperror(runs):
    run = runs("tempperm.test")
    d = run["tempperm.test"]
    assert (d.spf["result"], [p["code"] for p in d.spf["problems"]], run.rc) == (
        "permerror", ["spf-syntax"], 1)


def test_syntax_error_names_the_term(runs):
    run = runs("syntax.test")
    d = run["syntax.test"]
    (problem,) = d.spf["problems"]
    assert (d.spf["result"], problem["code"], "a:mail.syntax.test/33" in problem["message"],
            run.rc) == ("permerror", "spf-syntax", True, 1)
