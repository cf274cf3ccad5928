# SPDX-License-Identifier: MIT
# test_audit_plugin.py: owns `fcrdns audit --plugin` (issue 12, item 1): the
# Monitoring Plugins state of audited domains and its exit code (CRITICAL
# for an own address that fails or an SPF permerror, UNKNOWN for a
# temperror or a usage error, WARNING for an MX banner or EHLO name that
# does not match, OK otherwise; CRITICAL > UNKNOWN > WARNING > OK), the
# status line naming what is not OK, and the performance data.
import re

import pytest

from fcrdnstools import FAST, perfdata, run_fcrdns

from .plan import HELO_NAME

OK, WARNING, CRITICAL, UNKNOWN = 0, 1, 2, 3
STATE = {OK: "OK", WARNING: "WARNING", CRITICAL: "CRITICAL", UNKNOWN: "UNKNOWN"}


def plugin(nsd, responder, *args):
    """Run audit --plugin (probing responder's port); return (exit code,
    status line, long output lines)."""
    rc, out, err = run_fcrdns("audit", "--plugin", *FAST, "--resolver", nsd.resolver,
                              "--smtp-port", responder.port, "--smtp-timeout", "1000",
                              "--helo-name", HELO_NAME, *args)
    lines = out.splitlines()
    assert lines, err
    return rc, lines[0], lines[1:]


@pytest.mark.parametrize("domains, state, named", [
    (["ok.example.com"], OK, None),
    (["mismatch.example.com"], WARNING, "127.0.0.22 SMTP"),      # banner and EHLO mismatch
    (["noname.example.com"], WARNING, "127.0.0.12 SMTP"),        # greeting with no name
    (["verdicts.test"], CRITICAL, "192.0.2.202"),                # an own address fails
    (["lookups.test"], CRITICAL, "lookups.test SPF"),            # SPF permerror, all pass
    (["temp.test"], UNKNOWN, "192.0.2.205"),                     # own address temperror
    (["tempinc.test"], UNKNOWN, "tempinc.test SPF"),             # SPF temperror
    (["nothing.test"], OK, None),                                # nothing to audit
    (["temp.test", "mismatch.example.com"], UNKNOWN, "192.0.2.205"),  # UNKNOWN > WARNING
    (["temp.test", "verdicts.test"], CRITICAL, "192.0.2.203"),        # CRITICAL > UNKNOWN
    (["mismatch.example.com", "ok.example.com"], WARNING, "127.0.0.22 SMTP"),
])
def test_state(audit_nsd, responder, domains, state, named):
    rc, status, _ = plugin(audit_nsd, responder, *domains)
    text = status.split(" | ")[0]
    assert (rc, text.startswith(f"FCRDNS {STATE[state]} - "), named is None or named in text) == (
        state, True, True), status


def test_providers_never_change_the_state(audit_nsd, responder):
    rc, status, _ = plugin(audit_nsd, responder, "--include-providers", "incl.test")
    assert (rc, status.startswith("FCRDNS OK - ")) == (OK, True), status


def test_perfdata_counts_every_verdict(audit_nsd, responder):
    rc, status, _ = plugin(audit_nsd, responder, "verdicts.test")
    perf = perfdata(status)
    assert (rc, bool(re.fullmatch(r"\d+\.\d+s", perf["time"])),
            [perf[k] for k in ("pass", "fail", "temperror", "permerror")]) == (
        CRITICAL, True, ["2", "1", "0", "1"]), status


def test_long_output_one_line_per_subject(audit_nsd, responder):
    rc, _, long_lines = plugin(audit_nsd, responder, "ok.example.com")
    assert (rc, [line.split(": ")[0] for line in long_lines]) == (
        OK, ["ok.example.com SPF", "127.0.0.10", "127.0.0.10 SMTP"])


@pytest.mark.parametrize("args", [
    ["bad_name!.test"],
    ["--json", "ok.example.com"],
    ["--bogus", "ok.example.com"],
    [],
])
def test_usage_error_is_unknown(audit_nsd, args):
    rc, out, err = run_fcrdns("audit", "--plugin", "--resolver", audit_nsd.resolver, *args)
    assert (rc, out.startswith("FCRDNS UNKNOWN - "), err != "") == (UNKNOWN, True, True)
