# SPDX-License-Identifier: MIT
# test_audit_mx.py: owns the MX half of the `fcrdns audit` contract (issue
# 9, Discovery 2 and Classes): ordering, the implicit MX, null MX, an MX
# CNAME, an address literal, an MX host of another organisation, IPv6,
# the roles and classes of MX addresses and the summary problems, with
# the SMTP responder answering where a probe goes.
import pytest

from .auditrun import NULL_MX, audit, audit_probing, ip, ip_table, mx, mx_of, summary, summary_of
from .plan import SMTP


@pytest.fixture(scope="module")
def mx_runs(audit_nsd, responder_server):
    """One audit per (domain, options) with probes, run once per module."""
    cache = {}

    def run(domain, *extra):
        key = (domain, extra)
        if key not in cache:
            run = audit_probing(audit_nsd, responder_server, domain, extra=extra)
            assert list(run.domains) == [domain], run.err
            cache[key] = run
        return cache[key]
    return run


MX = {
    "ok.example.com": [mx("mx.ok.example.com", 10, ["127.0.0.10"])],
    "implicit.example.com": [mx("implicit.example.com", 0, ["127.0.0.25"], implicit=True)],
    "nothing.test": NULL_MX,
    "mxcname.example.com": [mx("mx.mxcname.example.com", 10, ["127.0.0.10"])],
    "mxlit.example.com": [mx("127.0.0.24", 10, ["127.0.0.24"])],
    "mxprov.example.com": [mx("mx.mailhost.example.net", 10, ["127.0.0.23"], cls="provider",
                              operator="example.net")],
    "order.example.com": [mx("mx-a.order.example.com", 10, ["127.0.0.26"]),
                          mx("mx-z.order.example.com", 10, ["127.0.0.26"]),
                          mx("mx-b.order.example.com", 20, ["127.0.0.26"])],
    "v6.example.com": [mx("mx.v6.example.com", 10, ["::1"])],
    "nospf.example.com": [mx("mx.nospf.example.com", 10, ["127.0.0.27"])],
    "mxtemp.example.com": [mx("mx.mxtemp.example.com", 10, [])],
    "zero.example.com": [mx("mx.zero.example.com", 10, ["0.0.0.0"])],
}


@pytest.mark.parametrize("domain", list(MX))
def test_mx_records(mx_runs, domain):
    assert mx_of(mx_runs(domain)[domain]) == MX[domain]


def mx_ip(addr, roles=("mx",), cls="own", sources=()):
    return ip(addr, list(roles), cls=cls, sources=sources, smtp=SMTP[addr])


IPS = {
    "ok.example.com": mx_ip("127.0.0.10", roles=("mx", "spf"), sources=["mx"]),
    "implicit.example.com": mx_ip("127.0.0.25"),
    "nothing.test": {},
    "mxcname.example.com": mx_ip("127.0.0.10"),
    "mxlit.example.com": mx_ip("127.0.0.24"),
    "mxprov.example.com": {},
    "order.example.com": mx_ip("127.0.0.26"),
    "v6.example.com": mx_ip("::1"),
    "nospf.example.com": mx_ip("127.0.0.27"),
    "mxtemp.example.com": {},
    "zero.example.com": mx_ip("0.0.0.0"),   # never connected to: this host
}


@pytest.mark.parametrize("domain", list(IPS))
def test_mx_addresses_checked_and_probed(mx_runs, domain):
    assert ip_table(mx_runs(domain)[domain]) == IPS[domain]


SUMMARY = {
    "ok.example.com": summary(checked=1, passed=1),
    "implicit.example.com": summary(checked=1, passed=1),
    "mxcname.example.com": summary(checked=1, passed=1, problems=["mx-cname"]),
    "mxlit.example.com": summary(checked=1, passed=1, problems=["mx-ip-literal"]),
    "mxprov.example.com": summary(),
    "order.example.com": summary(checked=1, passed=1),
    "v6.example.com": summary(checked=1, passed=1),
    "nospf.example.com": summary(checked=1, passed=1, spf="none", problems=["no-spf"]),
    "zero.example.com": summary(checked=1, passed=1),
}


@pytest.mark.parametrize("domain", list(SUMMARY))
def test_summary_and_exit(mx_runs, domain):
    run = mx_runs(domain)
    assert (summary_of(run[domain]), run.rc) == (SUMMARY[domain], 0)


def test_own_mx_host_temperror_exits_2(mx_runs):
    run = mx_runs("mxtemp.example.com")
    assert (summary_of(run["mxtemp.example.com"]), run.rc) == (
        summary(problems=["mx-cname", "mx-temperror"], exit_status=2), 2)


def test_address_shared_by_two_domains_one_connection(audit_nsd, responder_server):
    run = audit_probing(audit_nsd, responder_server, "ok.example.com", "mxcname.example.com")
    smtp = [ip_table(run[d])["127.0.0.10"]["smtp"] for d in ("ok.example.com",
                                                              "mxcname.example.com")]
    assert (smtp, len(run.connections["127.0.0.10"]), run.max_active["127.0.0.10"]) == (
        [SMTP["127.0.0.10"]] * 2, 1, 1)


def test_provider_mx_not_probed(mx_runs):
    assert mx_runs("mxprov.example.com").connections["127.0.0.23"] == []


def test_include_providers_checks_and_probes_provider_mx(mx_runs):
    run = mx_runs("mxprov.example.com", "--include-providers")
    d = run["mxprov.example.com"]
    assert (ip_table(d), summary_of(d), run.rc) == (
        mx_ip("127.0.0.23", cls="provider"), summary(checked=1, passed=1), 0)


def test_one_address_several_mx_hosts_one_connection(mx_runs):
    run = mx_runs("order.example.com")
    assert (len(run.connections["127.0.0.26"]), run.max_active["127.0.0.26"]) == (1, 1)


def test_no_mx_no_spf_is_nothing_to_audit(audit_nsd):
    run = audit(audit_nsd, "nothing.test")
    assert (run["nothing.test"].summary["exit"], run.rc) == (3, 3)
