# SPDX-License-Identifier: MIT
# headerstools.py: owns the helpers of the `fcrdns headers` tests: running
# the command on a message file or on bytes given on standard input, and
# reading its one-line JSON object; builders for the expected entries.
import json
import subprocess
from pathlib import Path

import pytest

from conftest import RUN_TIMEOUT, assert_no_sanitizer_report, fcrdns_bin

HERE = Path(__file__).resolve().parent
MESSAGES = HERE / "messages"
KEYS = ["authentication_results", "received", "iprev", "entry"]


def run_headers(*args, stdin=None):
    """Run `fcrdns headers ARGS` (stdin: bytes for standard input, else
    none); return (exit code, stdout bytes, stderr text)."""
    exe = fcrdns_bin()
    try:
        proc = subprocess.run(
            [str(exe), "headers", *map(str, args)], input=stdin,
            stdin=None if stdin is not None else subprocess.DEVNULL,
            capture_output=True, timeout=RUN_TIMEOUT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"fcrdns headers {args} ran over {RUN_TIMEOUT}s")
    assert_no_sanitizer_report(proc.stderr)
    return proc.returncode, proc.stdout, proc.stderr.decode("utf-8", "replace")


def headers_json(*args, stdin=None):
    """Run `fcrdns headers --json ARGS`; return (exit code, the object,
    stderr) after checking that stdout is exactly one line of JSON."""
    rc, out, err = run_headers("--json", *args, stdin=stdin)
    assert out.endswith(b"\n") and out.count(b"\n") == 1, (out[:500], err)
    obj = json.loads(out.decode("utf-8"))  # valid UTF-8, or this fails
    assert list(obj)[:4] == KEYS, list(obj)
    return rc, obj, err


def message(name):
    return MESSAGES / name


def ar(authserv_id, *results, version=None, none=False):
    return {"authserv_id": authserv_id, "version": version,
            "results": list(results), "none": none}


def res(method, result, props=None, comments=(), reason=None):
    return {"method": method, "result": result, "reason": reason,
            "properties": dict(props or {}), "comments": list(comments)}


def rcvd(helo=None, rdns=None, ip=None, by=None, with_=None, id_=None,
         for_=None, date=None):
    return {"from_helo": helo, "from_rdns": rdns, "from_ip": ip, "by": by,
            "with": with_, "id": id_, "for": for_, "date": date}


def entry(index, ip, helo, rdns):
    return {"received_index": index, "ip": ip, "helo": helo, "rdns": rdns}
