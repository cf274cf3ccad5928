# SPDX-License-Identifier: MIT
# fcrdnstools.py: owns the helpers every system-test topic shares: running
# the fcrdns binary (check, bulk), the shape every JSON result must have,
# the perfdata of a plugin status line, and asking a test server one DNS
# question. Fixtures live in conftest.py.
import json
import os
import re
import subprocess
from pathlib import Path

import dns.message
import dns.query
import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
RUN_TIMEOUT = 30  # seconds per fcrdns run
# Small values so that every fault case ends within a second or two.
FAST = ("--timeout", "300", "--tries", "1")
RESULTS = {"pass", "fail", "temperror", "permerror"}
PROBLEMS = {"no-ptr", "ptr-temperror", "forward-missing", "forward-mismatch",
            "forward-temperror", "too-many-ptr", "multiple-ptr",
            "generic-ptr", "provider-default-ptr", "unexpected-ptr",
            "helo-invalid", "helo-literal-mismatch", "helo-not-fqdn",
            "helo-temperror", "helo-unresolvable", "helo-mismatch"}
HELO_VERDICTS = {"invalid", "literal-match", "literal-mismatch", "not-fqdn",
                 "match", "temperror", "unresolvable", "same-domain",
                 "forward-match", "mismatch"}
FIX_OWNERS = {None, "ip-owner", "domain-owner", "both"}
EXIT = {"pass": 0, "fail": 1, "permerror": 1, "temperror": 2}


def fcrdns_bin():
    """The fcrdns binary under test: $FCRDNS_BIN, relative to the repo."""
    path = Path(os.environ.get("FCRDNS_BIN", "build/fcrdns"))
    return path if path.is_absolute() else REPO / path


def run_fcrdns(*args, env=None, binary=False, timeout=RUN_TIMEOUT):
    """Run fcrdns with args; return (exit code, stdout, stderr), as str
    (or bytes when binary). env entries are added to the environment;
    a value of None removes that variable."""
    exe = fcrdns_bin()
    if not os.access(exe, os.X_OK):
        pytest.fail(f"fcrdns binary not found at {exe}: build it "
                    f"(meson setup build && ninja -C build) or set FCRDNS_BIN")
    full_env = dict(os.environ)
    for key, value in (env or {}).items():
        if value is None:
            full_env.pop(key, None)
        else:
            full_env[key] = value
    try:
        proc = subprocess.run([str(exe), *map(str, args)], env=full_env,
                              stdin=subprocess.DEVNULL, capture_output=True,
                              timeout=timeout, cwd=REPO)
    except subprocess.TimeoutExpired:
        pytest.fail(f"fcrdns {' '.join(map(str, args))} ran over {timeout}s")
    assert_no_sanitizer_report(proc.stderr)
    if binary:
        return proc.returncode, proc.stdout, proc.stderr
    return (proc.returncode, proc.stdout.decode("utf-8", "replace"),
            proc.stderr.decode("utf-8", "replace"))


def assert_no_sanitizer_report(stderr):
    """Fail on an ASan/UBSan report (UBSan does not change the exit code)."""
    text = stderr.decode("utf-8", "replace")
    for mark in ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer",
                 "runtime error:"):
        if mark in text:
            pytest.fail(f"sanitizer report on stderr:\n{text}")


def parse_json_lines(text):
    """One JSON object per non-empty line, each checked against the shape
    every result must have."""
    results = []
    for line in text.splitlines():
        if line.strip():
            obj = json.loads(line)
            check_shape(obj)
            results.append(obj)
    return results


def check_shape(r):
    """Assert r has the shape every `fcrdns check --json` result has."""
    assert isinstance(r, dict), r
    assert isinstance(r["ip"], str)
    assert r["iprev"] in RESULTS, r
    assert isinstance(r["ptr"], list)
    for name in r["ptr"]:
        assert isinstance(name, str) and name, r
        assert name == name.lower(), f"ptr name not lowercase: {name!r}"
        assert not name.endswith(".") or name.endswith("\\."), name
        assert all(0x20 <= ord(c) < 0x7f for c in name), \
            f"ptr name not printable ASCII: {name!r}"
    assert len(set(r["ptr"])) == len(r["ptr"]), f"duplicates: {r['ptr']}"
    assert r["confirmed"] is None or r["confirmed"] in r["ptr"], r
    assert (r["confirmed"] is not None) == (r["iprev"] == "pass"), r
    assert isinstance(r["problems"], list)
    for p in r["problems"]:
        assert p["code"] in PROBLEMS, p
        assert isinstance(p["message"], str), p
    prefix = f"iprev={r['iprev']} policy.iprev={r['ip']}"
    ar = r["authentication_results"]
    assert ar == prefix or ar.startswith(prefix + " "), (prefix, ar)
    check_diagnosis_shape(r)


def check_diagnosis_shape(r):
    """The diagnosis fields: generic, provider, fix, and helo when asked."""
    assert isinstance(r["generic"], bool), r
    assert r["provider"] is None or isinstance(r["provider"], str), r
    if not r["ptr"]:
        # provider may still come from a --ranges file (ranges/)
        assert r["generic"] is False, r
    fix = r["fix"]
    assert fix["owner"] in FIX_OWNERS, r
    assert all(isinstance(s, str) and s for s in fix["steps"]), r
    assert (fix["owner"] is None) == (fix["steps"] == []), r
    if r["iprev"] == "temperror":
        assert fix["owner"] is None, r
    if r["iprev"] == "permerror":
        assert fix["owner"] == "ip-owner", r
    if "helo" in r:
        assert set(r["helo"]) == {"name", "verdict"}, r
        assert r["helo"]["verdict"] in HELO_VERDICTS, r
    # DNSSEC: the AD bit of the PTR answer, and of the confirming answer.
    assert set(r["dnssec"]) == {"ptr", "forward"}, r
    assert r["dnssec"]["ptr"] in ("secure", "insecure"), r
    assert r["dnssec"]["forward"] in ("secure", "insecure", None), r
    assert (r["dnssec"]["forward"] is None) == (r["confirmed"] is None), r


# The Monitoring Plugins guidelines' perfdata item:
# 'label'=value[UOM];[warn];[crit];[min];[max]
PERFDATA = re.compile(r"^[A-Za-z_][\w-]*=\d+(\.\d+)?(s|%|B|KB|MB|TB|c)?(;[\d.]*){0,4}$")


def perfdata(status):
    """The perfdata of a plugin status line as {label: value}, each item
    checked against the guidelines' syntax."""
    text, _, perf = status.partition(" | ")
    assert "|" not in text, status
    items = perf.split()
    for item in items:
        assert PERFDATA.match(item), item
    return {i.split("=")[0]: i.split("=")[1].split(";")[0] for i in items}


def codes(result):
    """The problem codes of one result, in order."""
    return [p["code"] for p in result["problems"]]


def check(resolver, *ips, extra=()):
    """Run `fcrdns check --json` against resolver (a string or a list of
    them); return (exit code, results, stderr)."""
    resolvers = [resolver] if isinstance(resolver, str) else resolver
    args = ["check", "--json", *FAST, *extra]
    for r in resolvers:
        args += ["--resolver", r]
    rc, out, err = run_fcrdns(*args, *ips)
    results = parse_json_lines(out)
    assert len(results) == len(ips), (out, err)
    return rc, results, err


def check_one(resolver, ip, extra=()):
    """Check one IP; assert the exit code matches the verdict; return the
    result."""
    rc, results, err = check(resolver, ip, extra=extra)
    (result,) = results
    assert rc == EXIT[result["iprev"]], (rc, result, err)
    return result


def bulk(resolver, text, *args, binary_input=False):
    """Run `fcrdns bulk` on text (stdin); return (rc, stdout, stderr)."""
    data = text if binary_input else text.encode()
    proc = subprocess.run(
        [str(fcrdns_bin()), "bulk", "--resolver", resolver, *FAST, *args],
        input=data, capture_output=True, timeout=RUN_TIMEOUT, cwd=REPO)
    assert_no_sanitizer_report(proc.stderr)
    return (proc.returncode, proc.stdout.decode("utf-8"),
            proc.stderr.decode("utf-8", "replace"))


def records(out):
    """The JSON records of `fcrdns bulk`, results checked against the
    contract's shape."""
    recs = [json.loads(line) for line in out.splitlines()]
    for r in recs:
        if "error" in r:
            assert set(r) == {"input", "error"}, r
        else:
            check_shape(r)
    return recs


def ask(port, name, qtype, tcp=False):
    """Ask the test server on 127.0.0.1:port one question (dnspython);
    return its reply."""
    query = dns.message.make_query(name, qtype)
    send = dns.query.tcp if tcp else dns.query.udp
    return send(query, "127.0.0.1", port=port, timeout=2)
