# SPDX-License-Identifier: MIT
# test_milter_miltertest.py: fcrdns-milter driven through the milter
# protocol by miltertest (lua/*.lua): the exact header for each verdict
# against NSD and the fault server, forged headers deleted, each policy's
# reply, the provider named through a Ranges file, skipped clients, hostile
# input, and the configuration checker.
import json
import os
import subprocess
from pathlib import Path

import pytest

from .miltertools import AUTHSERV, REPO, milter_bin, run_miltertest

AR = AUTHSERV + "; iprev={} policy.iprev={} ({})"

# (client IP, HELO, iprev, comment) against zones/ in this directory.
NSD_CASES = [
    ("127.0.0.2", "pass.milter.test", "pass", "pass.milter.test"),
    ("127.0.0.3", "fail.milter.test", "fail", "no forward match for fail.milter.test"),
    ("127.0.0.5", "mismatch.milter.test", "fail",
     "no forward match for mismatch.milter.test"),
    ("127.0.0.4", "nothing.milter.test", "permerror", "no PTR record"),
    ("2001:db8:5::1", "v6.milter.test", "pass", "v6.milter.test"),
    ("2001:db8:5::2", "[IPv6:2001:db8:5::2]", "permerror", "no PTR record"),
    ("127.0.0.8", "host.unserved.test", "temperror",
     "forward lookup refused for host.unserved.test"),
]


@pytest.mark.parametrize("ip,helo,iprev,comment", NSD_CASES,
                         ids=[c[0] + "-" + c[2] for c in NSD_CASES])
def test_verdict_header(milter, ip, helo, iprev, comment):
    run_miltertest("verdict.lua", milter, IP=ip, HELO=helo,
                   AR=AR.format(iprev, ip, comment))
    (line,) = milter.message_lines()
    assert f"ip={ip} " in line and f"iprev={iprev} " in line, line
    assert "deleted=2 " in line, line  # the two copies claiming our id


# The fault server (tests/system/faultdns.py) for what NSD cannot do.
FAULT_CASES = [
    ("192.0.2.100", "pass", "ok.fault.test"),
    ("192.0.2.101", "temperror", "PTR lookup servfail"),
    ("192.0.2.103", "temperror", "PTR lookup timeout"),  # never answers
    ("192.0.2.115", "fail", "no forward match for mismatch.fault.test"),
]


@pytest.mark.parametrize("ip,iprev,comment", FAULT_CASES,
                         ids=[c[0] + "-" + c[1] for c in FAULT_CASES])
def test_verdict_header_faults(fault, start_milter, ip, iprev, comment):
    m = start_milter(f"127.0.0.1:{fault.port}", Timeout="1000")
    run_miltertest("verdict.lua", m, IP=ip, HELO="client.fault.test",
                   AR=AR.format(iprev, ip, comment))


def test_dns_down_passes_under_policy_none(start_milter, closed_port):
    m = start_milter(f"127.0.0.1:{closed_port}")
    out_ar = AR.format("temperror", "127.0.0.2", "PTR lookup timeout")
    run_miltertest("verdict.lua", m, IP="127.0.0.2", HELO="pass.milter.test", AR=out_ar)
    run_miltertest("policy.lua", m, IP="127.0.0.2", HELO="x.test", WANT="continue")


def test_deadline_bounds_a_silent_server(start_milter, silent_port):
    """A server that never answers costs at most the Timeout budget."""
    m = start_milter(f"127.0.0.1:{silent_port}", Timeout="400")
    run_miltertest("verdict.lua", m, IP="127.0.0.2", HELO="pass.milter.test",
                   AR=AR.format("temperror", "127.0.0.2", "PTR lookup timeout"))
    (line,) = m.message_lines()
    ms = int(line.rsplit("ms=", 1)[1])
    assert ms <= 600, line


def cli_facts(resolver, ip, helo, *extra):
    """What the fcrdns command says about ip and helo: the milter must
    say the same (it is a front end, with no verdict logic of its own)."""
    exe = Path(os.environ.get("FCRDNS_BIN", "build/fcrdns"))
    proc = subprocess.run([str(exe if exe.is_absolute() else REPO / exe), "check",
                           "--json", "--resolver", resolver, "--helo", helo, *extra, ip],
                          capture_output=True, timeout=30, cwd=REPO)
    return json.loads(proc.stdout)


def diag_header(r):
    """The X-FCrDNS value the milter writes for the CLI's facts r."""
    return (f"iprev={r['iprev']} helo={r['helo']['verdict']} "
            f"generic={'yes' if r['generic'] else 'no'} "
            f"provider={r['provider'] or 'none'} fix={r['fix']['owner'] or 'none'}")


@pytest.mark.parametrize("ip,helo", [("127.0.0.2", "pass.milter.test"),
                                     ("127.0.0.3", "elsewhere.example")])
def test_diagnostic_header(milter_nsd, start_milter, ip, helo):
    m = start_milter(milter_nsd.resolver, AddDiagnosticHeader="yes")
    r = cli_facts(milter_nsd.resolver, ip, helo)
    run_miltertest("verdict.lua", m, IP=ip, HELO=helo,
                   AR=f"{AUTHSERV}; {r['authentication_results']}", DIAG=diag_header(r))


@pytest.mark.parametrize("ranges,provider", [("127.0.0.0/29 hetzner\n", "hetzner"),
                                             (None, "none")], ids=["ranges", "no-ranges"])
def test_ranges_name_the_provider(milter_nsd, start_milter, tmp_path, ranges, provider):
    """127.0.0.4 has no PTR: only a Ranges file can name its provider, and
    the milter's X-FCrDNS says what `fcrdns check --ranges` says."""
    extra = ()
    if ranges is not None:
        (tmp_path / "ranges.txt").write_text(ranges)
        extra = ("--ranges", str(tmp_path / "ranges.txt"))
    m = start_milter(milter_nsd.resolver, AddDiagnosticHeader="yes",
                     Ranges=extra[1] if extra else None)
    r = cli_facts(milter_nsd.resolver, "127.0.0.4", "nothing.milter.test", *extra)
    assert (r["iprev"], r["provider"] or "none") == ("permerror", provider)
    run_miltertest("verdict.lua", m, IP="127.0.0.4", HELO="nothing.milter.test",
                   AR=f"{AUTHSERV}; {r['authentication_results']}", DIAG=diag_header(r))


# (Policy, TempfailOnTemperror, client, expected reply at RCPT)
POLICY_CASES = [
    ("none", "no", "127.0.0.3", "continue"),
    ("none", "no", "127.0.0.4", "continue"),
    ("reject-permerror", "no", "127.0.0.4", "reject"),
    ("reject-permerror", "no", "127.0.0.3", "continue"),
    ("reject-fail", "no", "127.0.0.3", "reject"),
    ("reject-fail", "no", "127.0.0.4", "continue"),
    ("reject", "no", "127.0.0.4", "reject"),
    ("reject", "no", "127.0.0.5", "reject"),
    ("reject", "no", "127.0.0.2", "continue"),
    ("reject", "no", "127.0.0.6", "continue"),     # allowlisted by PTR suffix
    ("reject", "no", "127.0.0.8", "continue"),     # temperror passes...
    ("none", "yes", "127.0.0.8", "tempfail"),      # ...unless asked
]


@pytest.mark.parametrize("policy,tempfail,ip,want", POLICY_CASES,
                         ids=["-".join(c) for c in POLICY_CASES])
def test_policy_reply(milter_nsd, start_milter, policy, tempfail, ip, want):
    m = start_milter(milter_nsd.resolver, Policy=policy,
                     TempfailOnTemperror=tempfail,
                     Allowlist=".partner.milter.test, 192.0.2.0/24")
    # A mismatching HELO never changes the outcome (RFC 5321 s4.1.4).
    run_miltertest("policy.lua", m, IP=ip, HELO="wrong.example", WANT=want)
    (line,) = m.message_lines()
    action = {"continue": "accept"}.get(want, want)
    assert f"action={action} " in line, line


def test_policy_allowlist_by_address(milter_nsd, start_milter):
    m = start_milter(milter_nsd.resolver, Policy="reject", Allowlist="127.0.0.4")
    run_miltertest("policy.lua", m, IP="127.0.0.4", HELO="x.test", WANT="continue")


@pytest.mark.parametrize("mode", ["internal", "auth", "unspec"])
def test_skipped_clients(milter_nsd, start_milter, mode):
    m = start_milter(milter_nsd.resolver, InternalHosts="127.0.0.0/30, ::1",
                     Policy="reject")
    ip = "127.0.0.1" if mode == "internal" else "127.0.0.4"
    run_miltertest("skip.lua", m, IP=ip, MODE=mode)
    (line,) = m.message_lines()
    assert "skip=" in line and "action=accept" in line, line


def test_authenticated_checked_when_not_skipped(milter_nsd, start_milter):
    m = start_milter(milter_nsd.resolver, SkipAuthenticated="no", Policy="reject")
    run_miltertest("policy.lua", m, IP="127.0.0.4", HELO="x.test", WANT="reject",
                   AUTH="alice")


def test_hostile_input(milter):
    run_miltertest("robust.lua", milter, IP="127.0.0.2",
                   AR=AR.format("pass", "127.0.0.2", "pass.milter.test"))


def test_internationalised_authserv_id(milter_nsd, start_milter):
    """Issue 11: AuthservID given as U-labels is written as its A-label,
    and forged headers naming either form are deleted (IDNA2008)."""
    alabel = "mx.xn--bcher-kva.test"
    m = start_milter(milter_nsd.resolver, AuthservID="mx.b\u00fccher.test")
    run_miltertest("idna.lua", m, IP="127.0.0.2", HELO="pass.milter.test",
                   ULABEL="mx.b\u00fccher.test", ALABEL=alabel,
                   AR=f"{alabel}; iprev=pass policy.iprev=127.0.0.2 (pass.milter.test)")
    (line,) = m.message_lines()
    assert "deleted=2 " in line, line


def run_check(tmp_path, text):
    conf = tmp_path / "check.conf"
    conf.write_text(text)
    proc = subprocess.run([str(milter_bin()), "-n", "-c", str(conf)],
                          capture_output=True, timeout=30, stdin=subprocess.DEVNULL)
    return proc.returncode, proc.stderr.decode("utf-8", "replace")


def test_config_check(tmp_path):
    rc, err = run_check(tmp_path, "AuthservID mx.test\nResolver 127.0.0.1:53\n")
    assert (rc, err) == (0, "")
    rc, err = run_check(tmp_path, "# c\nAuthservID mx.test\nPolcy reject\n")
    assert rc == 1
    assert err == f"fcrdns-milter: {tmp_path}/check.conf:3: unknown key 'Polcy'\n"
    rc, err = run_check(tmp_path, "AuthservID mx.test\nResolver 300.1.1.1\n")
    assert rc == 1 and "Resolver" in err, err
    rc, err = run_check(tmp_path, "AuthservID mx.test\nUserID no-such-user-x\n")
    assert rc == 1 and "no-such-user-x" in err, err


def test_config_check_ranges(tmp_path):
    ranges = tmp_path / "ranges.txt"
    ranges.write_text("# provider blocks\n192.0.2.0/24 aws\n")
    rc, err = run_check(tmp_path, f"AuthservID mx.test\nRanges {ranges}\n")
    assert (rc, err) == (0, "")
    ranges.write_text("192.0.2.0/24 aws\n192.0.2.0/33 aws\n")
    rc, err = run_check(tmp_path, f"AuthservID mx.test\nRanges {ranges}\n")
    assert rc == 1
    assert err == (f"fcrdns-milter: {tmp_path}/check.conf:2: Ranges: {ranges}:2: "
                   "invalid prefix length\n")


def test_version_and_usage():
    out = subprocess.run([str(milter_bin()), "-V"], capture_output=True, timeout=10)
    assert out.returncode == 0 and out.stdout.startswith(b"fcrdns-milter ")
    out = subprocess.run([str(milter_bin()), "-x"], capture_output=True, timeout=10)
    assert out.returncode == 1 and b"usage:" in out.stderr
