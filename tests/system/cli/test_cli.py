# SPDX-License-Identifier: MIT
# test_cli.py: owns the command-line contract of `fcrdns check`: usage
# errors, several IPs per call, exit status aggregation, human output,
# colour and control characters, and resolver failover (NSD on zones/ in
# this directory; the fault server's hostile names).
import os
import pty
import re
import select
import subprocess
import time

import pytest

from fcrdnstools import (FAST, RUN_TIMEOUT, assert_no_sanitizer_report, check,
                      fcrdns_bin, run_fcrdns)

CONTROL = set(range(0x20)) - {0x0A} | {0x7F}


@pytest.mark.parametrize("args", [
    ["check"],
    ["check", "--json"],
    ["check", "notanip"],
    ["check", "--bogus", "192.0.2.1"],
    ["check", "192.0.2.1", "--bogus"],
    ["check", "192.0.2.256"],
    ["check", "1.2.3"],
    ["check", "192.0.2.1", "notanip"],
    ["check", "--json", "192.0.2.1", "2001:db8::1::2"],
    ["check", "[2001:db8::1]"],
    ["check", "--tries"],
    ["check", "--timeout", "soon", "192.0.2.1"],
    ["check", "--resolver", "not a resolver", "192.0.2.1"],
], ids=lambda a: " ".join(a))
def test_usage_error(args):
    # A loopback resolver, so that a check started by mistake stays local.
    local = [] if "--resolver" in args else ["--resolver", "127.0.0.1:9"]
    rc, out, err = run_fcrdns(args[0], *local, *FAST, *args[1:])
    assert rc == 64, (rc, out, err)
    assert out == ""
    assert err.strip(), "usage errors must explain themselves on stderr"


def test_several_ips_keep_argument_order(nsd):
    ips = ["192.0.2.7", "192.0.2.1", "2001:db8::1", "192.0.2.2"]
    rc, results, _ = check(nsd.resolver, *ips)
    assert [r["ip"] for r in results] == ips
    assert [r["iprev"] for r in results] == [
        "permerror", "pass", "pass", "fail"]
    assert rc == 1


@pytest.mark.parametrize("ips,verdicts,status", [
    (["192.0.2.1", "192.0.2.1"], ["pass", "pass"], 0),
    (["192.0.2.1", "192.0.2.2"], ["pass", "fail"], 1),
    (["192.0.2.1", "198.51.100.7"], ["pass", "temperror"], 2),
    (["192.0.2.2", "198.51.100.7"], ["fail", "temperror"], 1),
    (["198.51.100.7", "192.0.2.6"], ["temperror", "permerror"], 1),
], ids=["pass+pass", "pass+fail", "pass+temperror", "fail+temperror",
        "temperror+permerror"])
def test_exit_status_aggregation(nsd, ips, verdicts, status):
    rc, results, _ = check(nsd.resolver, *ips)
    assert [r["iprev"] for r in results] == verdicts
    assert rc == status


def test_options_after_ips(nsd):
    rc, out, err = run_fcrdns("check", "192.0.2.1", "--json", *FAST,
                              "--resolver", nsd.resolver)
    assert rc == 0, err
    assert '"pass"' in out


def test_human_output(nsd):
    rc, out, err = run_fcrdns("check", *FAST, "--resolver", nsd.resolver,
                              "--authserv-id", "mx.example.test", "192.0.2.2")
    assert rc == 1, err
    assert "fail" in out
    lines = [l for l in out.splitlines() if "Authentication-Results:" in l]
    assert lines, out
    assert "mx.example.test" in lines[0]
    assert "iprev=fail policy.iprev=192.0.2.2" in out
    assert "\x1b" not in out, "no ANSI escapes when stdout is not a terminal"


@pytest.mark.parametrize("ip,word,status", [
    ("192.0.2.1", "pass", 0), ("192.0.2.6", "permerror", 1),
    ("198.51.100.7", "temperror", 2)])
def test_human_output_verdicts(nsd, ip, word, status):
    rc, out, err = run_fcrdns("check", *FAST, "--resolver", nsd.resolver, ip)
    assert rc == status, err
    assert word in out
    assert "Authentication-Results:" in out


def run_on_tty(args, env):
    """Run fcrdns with stdout on a pseudo-terminal; return (rc, bytes)."""
    master, slave = pty.openpty()
    proc = subprocess.Popen([str(fcrdns_bin()), *args], stdin=subprocess.DEVNULL,
                            stdout=slave, stderr=subprocess.PIPE, env=env)
    os.close(slave)
    out, deadline = b"", time.monotonic() + RUN_TIMEOUT
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:   # EIO: the child closed the terminal
                break
            if not chunk:
                break
            out += chunk
        elif proc.poll() is not None:
            break
    os.close(master)
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=5)
        pytest.fail("fcrdns on a terminal did not finish")
    assert_no_sanitizer_report(proc.stderr.read())
    proc.stderr.close()
    return proc.returncode, out


def test_no_color_on_terminal(nsd):
    env = dict(os.environ, NO_COLOR="1", TERM="xterm-256color")
    rc, out = run_on_tty(["check", *FAST, "--resolver", nsd.resolver,
                          "192.0.2.2"], env)
    assert rc == 1
    assert b"Authentication-Results:" in out
    assert b"\x1b" not in out, out


def test_hostile_names_in_human_output(fault):
    for env in ({"NO_COLOR": None}, {"NO_COLOR": "1"}):
        rc, out, err = run_fcrdns("check", *FAST, "--resolver",
                                  fault.resolver, "192.0.2.105",
                                  env=env, binary=True)
        # Every name is not a host name: never looked up, so fail.
        assert rc == 1, err
        bad = sorted({b for b in out if b in CONTROL})
        assert not bad, f"raw control bytes {bad} on stdout: {out!r}"
        assert b"Authentication-Results:" in out


def test_failover_from_closed_port(nsd, closed_port):
    r = check([f"127.0.0.1:{closed_port}", nsd.resolver], "192.0.2.1")[1][0]
    assert r["iprev"] == "pass"
    rc, (r,), _ = check([f"127.0.0.1:{closed_port}", nsd.resolver],
                        "192.0.2.2")
    assert (rc, r["iprev"]) == (1, "fail")


def test_failover_from_silent_port(nsd, silent_port):
    rc, results, _ = check([f"127.0.0.1:{silent_port}", nsd.resolver],
                           "192.0.2.1", "192.0.2.6")
    assert [r["iprev"] for r in results] == ["pass", "permerror"]
    assert rc == 1


def test_only_silent_resolver_is_temperror(silent_port):
    rc, (r,), _ = check(f"127.0.0.1:{silent_port}", "192.0.2.1")
    assert (rc, r["iprev"]) == (2, "temperror")
    assert "ptr-temperror" in [p["code"] for p in r["problems"]]


def test_hostile_names_on_colour_terminal(fault):
    # With colour on, the only escapes are fcrdns's own SGR sequences.
    env = dict(os.environ, TERM="xterm-256color")
    env.pop("NO_COLOR", None)
    rc, out = run_on_tty(["check", *FAST, "--resolver", fault.resolver,
                          "192.0.2.105"], env)
    assert rc == 1
    plain = re.sub(rb"\x1b\[[0-9;]*m", b"", out)
    bad = sorted({b for b in plain if b in CONTROL - {0x0D}})
    assert not bad, f"raw control bytes {bad} on the terminal: {out!r}"
    assert b"Authentication-Results:" in plain
