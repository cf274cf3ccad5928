# SPDX-License-Identifier: MIT
# test_plugin.py: `fcrdns check --plugin` (issue 12): the Monitoring Plugins
# states and their exit codes on NSD data, the status line naming each
# address that is not OK, the performance data, the long output, and the
# usage errors that a plugin answers as UNKNOWN.
import re

import pytest

from fcrdnstools import FAST, perfdata, run_fcrdns

OK, WARNING, CRITICAL, UNKNOWN = 0, 1, 2, 3
STATE = {OK: "OK", WARNING: "WARNING", CRITICAL: "CRITICAL", UNKNOWN: "UNKNOWN"}


def plugin(nsd, *args):
    """Run check --plugin; return (exit code, status line, long output
    lines)."""
    rc, out, err = run_fcrdns("check", "--plugin", *FAST, "--resolver",
                              nsd.resolver, *args)
    lines = out.splitlines()
    assert lines, err
    return rc, lines[0], lines[1:]


@pytest.mark.parametrize("ip,state", [
    ("203.0.113.1", OK),
    ("203.0.113.2", CRITICAL),        # fail
    ("203.0.113.3", CRITICAL),        # permerror
    ("203.0.113.4", WARNING),         # provider default name
    ("203.0.113.5", WARNING),         # generic pool name
    ("198.51.100.7", UNKNOWN),        # temperror (zone not served)
])
def test_state_per_address(nsd, ip, state):
    rc, status, long_lines = plugin(nsd, ip)
    assert rc == state, status
    assert status.startswith(f"FCRDNS {STATE[state]} - "), status
    if state != OK:
        assert ip in status.split(" | ")[0], status
    assert len(long_lines) == 1 and long_lines[0].startswith(ip + ": "), long_lines


def test_perfdata_counts_every_verdict(nsd):
    rc, status, _ = plugin(nsd, "203.0.113.1", "203.0.113.2", "203.0.113.3",
                           "198.51.100.7")
    assert rc == CRITICAL, status
    perf = perfdata(status)
    assert re.fullmatch(r"\d+\.\d+s", perf["time"]), perf
    assert {k: perf[k] for k in ("pass", "fail", "temperror", "permerror")} == \
        {"pass": "1", "fail": "1", "temperror": "1", "permerror": "1"}, status


def test_perfdata_zeros_and_time(nsd):
    rc, status, _ = plugin(nsd, "203.0.113.1")
    assert rc == OK
    perf = perfdata(status)
    assert re.fullmatch(r"\d+(\.\d+)?s", perf["time"]), perf
    assert [perf[k] for k in ("pass", "fail", "temperror", "permerror")] == \
        ["1", "0", "0", "0"]


@pytest.mark.parametrize("ips,state", [
    (("198.51.100.7", "203.0.113.4"), UNKNOWN),   # temperror beats WARNING
    (("198.51.100.7", "203.0.113.2"), CRITICAL),  # CRITICAL beats UNKNOWN
    (("203.0.113.1", "203.0.113.5"), WARNING),
    (("203.0.113.1", "203.0.113.1"), OK),
])
def test_states_combine(nsd, ips, state):
    rc, status, long_lines = plugin(nsd, *ips)
    assert rc == state, status
    assert len(long_lines) == len(ips)


def test_summary_names_each_address_not_ok(nsd):
    rc, status, _ = plugin(nsd, "203.0.113.1", "203.0.113.2", "203.0.113.5")
    assert rc == CRITICAL
    summary = status.split(" | ")[0]
    assert "203.0.113.2" in summary and "203.0.113.5" in summary, summary
    assert "203.0.113.1" not in summary, summary


@pytest.mark.parametrize("expect,state", [
    ("mail.example.com", OK),
    ("other.example.com", CRITICAL),   # not among the PTR names
])
def test_expect_on_a_passing_address(nsd, expect, state):
    rc, status, _ = plugin(nsd, "--expect", expect, "203.0.113.1")
    assert rc == state, status


def test_expect_that_does_not_resolve_back_is_critical(nsd):
    # 203.0.113.7 passes through alias7; the expected mx7 is a PTR name
    # whose A is another address.
    rc, status, _ = plugin(nsd, "--expect", "mx7.example.com", "203.0.113.7")
    assert rc == CRITICAL, status
    rc, status, _ = plugin(nsd, "--expect", "alias7.example.com", "203.0.113.7")
    assert rc == OK, status


@pytest.mark.parametrize("helo,state", [
    ("mail.example.com", OK),          # match
    ("helo.example.com", OK),          # same-domain
    ("wrong.example.com", WARNING),    # resolves elsewhere: mismatch
    ("localhost", WARNING),            # not-fqdn
])
def test_helo(nsd, helo, state):
    rc, status, _ = plugin(nsd, "--helo", helo, "203.0.113.1")
    assert rc == state, status


@pytest.mark.parametrize("args", [
    ("--bogus", "203.0.113.1"),
    ("not-an-ip",),
    (),
    ("--json", "203.0.113.1"),
    ("--timeout", "0", "203.0.113.1"),
])
def test_usage_error_is_unknown(args):
    rc, out, err = run_fcrdns("check", "--plugin", *args)
    assert rc == UNKNOWN, (out, err)
    assert out.startswith("FCRDNS UNKNOWN - "), out
    assert err, "the reason goes to stderr"


def test_normal_exit_codes_unchanged(nsd):
    rc, _, _ = run_fcrdns("check", *FAST, "--resolver", nsd.resolver,
                          "203.0.113.4")
    assert rc == 0  # a provider default name passes: exit 0 outside --plugin
