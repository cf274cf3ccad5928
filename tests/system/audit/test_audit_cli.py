# SPDX-License-Identifier: MIT
# test_audit_cli.py: owns the command line of `fcrdns audit` (issue 9,
# synopsis, Output, Exit status): usage errors (64, stderr only), options
# before or after the domains, --ip (role given, normalised, merged with
# SPF), several domains (the first of 1, 2, 3, 0), JSON Lines order and
# fields, and the human report's exit status.
import pytest

from conftest import FAST, run_fcrdns

from .auditrun import AuditRun, audit, ip, ip_table, summary, summary_of


@pytest.mark.parametrize("args", [
    [],
    ["--json"],
    ["--bogus", "qualifiers.test"],
    ["qualifiers.test", "--bogus"],
    ["exa mple.test"],
    ["a..b.test"],
    ["sub.-lead.test", "qualifiers.test"],
    ["x" * 64 + ".test"],
    [".".join(["abcdefgh"] * 30) + ".test"],
    ["qualifiers.test", "bad_name!.test"],
    ["--ip", "192.0.2.300", "nothing.test"],
    ["--ip", "192.0.2.0/24", "nothing.test"],
    ["--ip", "[2001:db8::1]", "nothing.test"],
    ["--ip"],
    ["--sample"],
    ["--sample", "x", "qualifiers.test"],
    ["--max-addresses", "-1", "qualifiers.test"],
    ["--smtp-port", "70000", "qualifiers.test"],
    ["--smtp-timeout", "soon", "qualifiers.test"],
    ["--resolver", "not a resolver", "qualifiers.test"],
])
def test_usage_error(audit_nsd, args):
    rc, out, err = run_fcrdns("audit", "--resolver", audit_nsd.resolver, *args)
    assert (rc, out, err != "") == (64, "", True)


def test_options_after_the_domain(audit_nsd):
    run = AuditRun(*run_fcrdns("audit", "qualifiers.test", "--json", "--no-smtp", *FAST,
                               "--resolver", audit_nsd.resolver))
    assert (run["qualifiers.test"].summary["exit"], run.rc) == (0, 0)


def test_given_address_alone(audit_nsd):
    run = audit(audit_nsd, "nothing.test", extra=("--ip", "192.0.2.10"))
    d = run["nothing.test"]
    assert (ip_table(d), summary_of(d), run.rc) == (
        ip("192.0.2.10", ["given"]),
        summary(checked=1, passed=1, spf="none", problems=["no-spf"]), 0)


@pytest.mark.parametrize("given, normal", [
    ("::ffff:192.0.2.10", "192.0.2.10"),
    ("2001:DB8:52:0:0::1", "2001:db8:52::1"),
])
def test_given_address_is_normalised(audit_nsd, given, normal):
    d = audit(audit_nsd, "nothing.test", extra=("--ip", given))["nothing.test"]
    assert list(d.ips) == [normal]


def test_given_address_met_in_spf_is_checked_once(audit_nsd):
    d = audit(audit_nsd, "qualifiers.test", extra=("--ip", "192.0.2.10"))["qualifiers.test"]
    assert ip_table(d)["192.0.2.10"] == ip("192.0.2.10", ["given", "spf"],
                                           sources=["ip4:192.0.2.10"])["192.0.2.10"]


def test_failing_given_address_fails_the_domain(audit_nsd):
    run = audit(audit_nsd, "nothing.test", extra=("--ip", "192.0.2.203"))
    assert (run["nothing.test"].summary["exit"], run.rc) == (1, 1)


@pytest.mark.parametrize("domains, status", [
    (["qualifiers.test", "nothing.test"], 3),
    (["nothing.test", "qualifiers.test"], 3),
    (["qualifiers.test", "nothing.test", "temp.test"], 2),
    (["temp.test", "qualifiers.test", "nothing.test", "verdicts.test"], 1),
    (["tempinc.test", "twospf.test"], 1),
    (["qualifiers.test", "split.test"], 0),
])
def test_several_domains_exit_with_the_first_of_1_2_3_0(audit_nsd, domains, status):
    run = audit(audit_nsd, *domains)
    assert (sorted(run.domains), run.rc) == (sorted(domains), status)


def test_several_domains_each_get_their_own_records(audit_nsd):
    run = audit(audit_nsd, "qualifiers.test", "nothing.test")
    assert ([run[d].summary["exit"] for d in ("qualifiers.test", "nothing.test")]) == [0, 3]


def test_json_records_grouped_per_domain(audit_nsd):
    run = audit(audit_nsd, "redirect.test", "split.test")
    domains = [__import__("json").loads(line)["domain"] for line in run.out.splitlines()]
    firsts = [d for i, d in enumerate(domains) if i == 0 or domains[i - 1] != d]
    assert firsts == ["redirect.test", "split.test"]


@pytest.mark.parametrize("domain, status", [
    ("qualifiers.test", 0), ("verdicts.test", 1), ("temp.test", 2), ("nothing.test", 3),
])
def test_human_report_same_exit_status(audit_nsd, domain, status):
    rc, out, err = run_fcrdns("audit", "--no-smtp", *FAST, "--resolver", audit_nsd.resolver,
                              domain)
    assert (rc, out != "", out.lstrip().startswith("{")) == (status, True, False)


def test_trailing_dot_and_case_are_the_same_domain(audit_nsd):
    run = audit(audit_nsd, "Qualifiers.TEST.")
    (d,) = run.domains.values()
    assert (d.summary["exit"], sorted(d.ips)) == (0, ["192.0.2.10", "192.0.2.11"])
