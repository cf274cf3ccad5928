# SPDX-License-Identifier: MIT
# test_classify.py: owns `fcrdns classify` (the classifier alone, no DNS):
# one name on the command line, or NAME [IP] lines on stdin, one JSON
# object per line, in order; hostile input never reaches the terminal raw
# and never stops the run.
import json
import subprocess

from fcrdnstools import (REPO, RUN_TIMEOUT, assert_no_sanitizer_report,
                      fcrdns_bin, run_fcrdns)


def classify_stdin(data, *args):
    proc = subprocess.run([str(fcrdns_bin()), "classify", *args], input=data,
                          capture_output=True, timeout=RUN_TIMEOUT, cwd=REPO)
    assert_no_sanitizer_report(proc.stderr)
    return proc.returncode, proc.stdout, proc.stderr


def test_one_name_json():
    rc, out, err = run_fcrdns("classify", "--json",
                              "ec2-203-0-113-20.compute-1.amazonaws.com",
                              "203.0.113.20")
    assert rc == 0, err
    assert json.loads(out) == {
        "name": "ec2-203-0-113-20.compute-1.amazonaws.com", "generic": True,
        "provider": "aws", "reason": json.loads(out)["reason"]}


def test_esp_outbound_host_is_not_generic():
    rc, out, _ = run_fcrdns("classify", "--json", "a8-30.smtp-out.amazonses.com")
    obj = json.loads(out)
    assert rc == 0 and obj["generic"] is False and obj["provider"] is None


def test_stdin_keeps_order_and_reports_bad_lines():
    data = (b"host-92-40-252-25.dynamic.voo.be 92.40.252.25\n"
            b"mx1.example.org\n"
            b"name 999.1.1.1\n"
            b"\x1b]0;evil\x07.example.com\n"
            + b"a" * 2000 + b"\n"
            b"7.104.168.34.bc.googleusercontent.com 34.168.104.7\n")
    rc, out, err = classify_stdin(data, "--json", "-")
    lines = [json.loads(line) for line in out.decode().splitlines()]
    assert len(lines) == 6, out
    assert lines[0]["generic"] is True and lines[0]["provider"] is None
    assert lines[1]["generic"] is False
    assert "error" in lines[2] and lines[2]["input"] == "name 999.1.1.1"
    assert "error" not in lines[3]
    assert "error" in lines[4]
    assert lines[5]["provider"] == "gcp"
    assert rc == 1, err
    assert b"\x1b" not in out and b"\x07" not in out


def test_human_output_is_terminal_safe():
    rc, out, _ = run_fcrdns("classify", "evil\x1b[2J.example.com", binary=True)
    assert rc == 0
    assert b"\x1b" not in out


def test_usage_errors():
    for args in (["classify"], ["classify", "--bogus", "x.example"],
                 ["classify", "mail.example.com", "not-an-ip"]):
        rc, out, err = run_fcrdns(*args)
        assert rc == 64, (args, rc, err)
        assert out == "", args
        assert err, args
