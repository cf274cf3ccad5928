# SPDX-License-Identifier: MIT
# test_headers_cli.py: owns the command-line contract of `fcrdns headers`
# that needs no DNS: usage errors and unreadable input (64), standard
# input, which fields count, the body never read, field errors, the
# limits, hostile bytes in JSON and on the terminal, and --trust.
import json

import pytest

from .headerstools import headers_json, message, rcvd, run_headers

AR_OK = b"Authentication-Results: mx.example.net; spf=pass smtp.mailfrom=a@example.org\n"
RCVD_OK = b"Received: from h.example (r.example [192.0.2.1]) by mx.example.net; d\n"


@pytest.mark.parametrize("args", [
    ["/nonexistent/message.eml"],
    ["--bogus"],
    ["--trust"],
    ["--trust", "not a host"],
    ["--trust", "192.0.2.1"],
    ["--timeout", "0", "-"],
    ["--tries", "11", "-"],
    ["--resolver", "", "-"],
    ["--ranges", "/nonexistent/ranges"],
    ["a.eml", "b.eml"],
], ids=lambda a: " ".join(a) or "none")
def test_usage_errors_exit_64(args):
    rc, out, err = run_headers(*args, stdin=b"")
    assert rc == 64, err
    assert out == b""
    assert err


def test_directory_is_unreadable(tmp_path):
    rc, out, err = run_headers("--json", tmp_path)
    assert rc == 64, err
    assert out == b""


def test_help():
    rc, out, _ = run_headers("--help")
    assert rc == 0
    assert b"--recheck" in out


@pytest.mark.parametrize("args", [["-"], []], ids=["dash", "no-operand"])
def test_standard_input(args):
    data = message("exim.eml").read_bytes()
    rc, obj, _ = headers_json(*args, stdin=data)
    assert rc == 0
    assert obj == headers_json(message("exim.eml"))[1]


def test_empty_input():
    rc, obj, _ = headers_json(stdin=b"")
    assert rc == 0
    assert obj == {"authentication_results": [], "received": [], "iprev": [], "entry": None}


def test_only_authentication_results_counts():
    msg = (b"ARC-Authentication-Results: i=1; a.example; iprev=pass\n"
           b"X-Original-Authentication-Results: b.example; iprev=pass\n"
           b"Authentication-Results-Original: c.example; iprev=pass\n"
           b"authentication-RESULTS \t: d.example; iprev=pass\n"
           b"X-Received: from x (x [192.0.2.9]) by y; d\n\n")
    rc, obj, _ = headers_json(stdin=msg)
    assert rc == 0
    assert [a["authserv_id"] for a in obj["authentication_results"]] == ["d.example"]
    assert obj["received"] == []


def test_body_is_never_read():
    msg = AR_OK + b"\r\n" + RCVD_OK + b"Authentication-Results: body.example; none\n"
    rc, obj, _ = headers_json(stdin=msg)
    assert rc == 0
    assert len(obj["authentication_results"]) == 1
    assert obj["received"] == []


def test_lines_that_are_not_fields_are_skipped():
    msg = b"From bob@example.org  Mon Mar 11 10:00:00 2024\nEHLO x\nMAIL FROM:<a@b>\n" + RCVD_OK
    rc, obj, _ = headers_json(stdin=msg)
    assert rc == 0
    assert obj["received"] == [rcvd("h.example", "r.example", "192.0.2.1", "mx.example.net",
                                    date="d")]


@pytest.mark.parametrize("value,error", [
    (b"a.example; spf=pass (unterminated", "unterminated comment"),
    (b"a.example; dkim=pass header.d=\"unterminated", "unterminated quoted-string"),
    (b"; spf=pass", "empty authserv-id"),
    (b"a.example; spf", "a method with no '='"),
    (b"a.example v1; spf=pass", "bad version after the authserv-id"),
    (b"a.example; spf=pass smtp.mailfrom", "a property without '='"),
], ids=["comment", "quote", "authserv-id", "method", "version", "property"])
def test_field_error_then_the_next_field(value, error):
    msg = b"Authentication-Results: " + value + b"\n" + AR_OK + b"\n"
    rc, obj, _ = headers_json(stdin=msg)
    assert rc == 0
    bad, good = obj["authentication_results"]
    assert bad == {"error": error, "raw": value.decode()}
    assert good["authserv_id"] == "mx.example.net"


def test_field_over_64_kib_is_cut_and_marked():
    value = b"a.example; spf=pass smtp.mailfrom=" + b"x" * 70000
    msg = b"Authentication-Results: " + value + b"\n" + RCVD_OK
    rc, obj, _ = headers_json(stdin=msg)
    assert rc == 0
    (bad,) = obj["authentication_results"]
    assert bad["error"] == "field longer than 65536 bytes: raw is cut"
    assert bad["raw"] == value[:1024].decode() + f"[... cut: {len(value)} bytes in all]"
    assert obj["received"][0]["from_ip"] == "192.0.2.1"


def test_40000_character_field():
    value = b"mx.example.net; " + b"; ".join(b"x%d=pass" % i for i in range(4500))
    assert len(value) > 40000
    rc, obj, _ = headers_json(stdin=b"Authentication-Results: " + value + b"\n")
    assert rc == 0
    (field,) = obj["authentication_results"]
    assert len(field["results"]) == 4500


def test_section_over_the_limit_is_cut():
    msg = b"".join(b"Received: from h%d (r [192.0.2.1]) by x; d\n" % i for i in range(2005))
    rc, obj, err = headers_json(stdin=msg)
    assert rc == 0
    assert len(obj["received"]) == 2001
    assert obj["received"][-1]["error"].startswith("header section over")
    assert obj["authentication_results"][-1]["error"].startswith("header section over")
    assert err


def test_endless_input_without_an_empty_line_is_bounded():
    msg = b"Received: from a (b [192.0.2.1]) by c; d\n" + b" folded\n" * (9 << 17)
    rc, obj, _ = headers_json(stdin=msg)
    assert rc == 0
    assert obj["received"] == [{"error": obj["received"][0]["error"], "raw": ""}]


def test_nul_and_control_bytes_are_kept_and_escaped():
    msg = (b"Received: from h\x00x (r\x1b[31m [192.0.2.1]) by m\x07x; d\n"
           b"Authentication-Results: a.example; spf=pass (c\x00\x01) smtp.mailfrom=u\x7f\n\n")
    rc, obj, _ = headers_json(stdin=msg)
    assert rc == 0
    assert obj["received"][0]["from_helo"] == "h\x00x"
    assert obj["received"][0]["by"] == "m\x07x"
    (result,) = obj["authentication_results"][0]["results"]
    assert result["comments"] == ["c\x00\x01"]
    assert result["properties"] == {"smtp.mailfrom": "u\x7f"}


def test_invalid_utf8_becomes_replacement_characters():
    msg = b"Authentication-Results: a.example; spf=pass smtp.mailfrom=\xff\xc3x\n\n"
    rc, obj, _ = headers_json(stdin=msg)
    assert rc == 0
    props = obj["authentication_results"][0]["results"][0]["properties"]
    assert props == {"smtp.mailfrom": "\ufffd\ufffdx"}


def test_human_report_is_terminal_safe():
    msg = (b"Received: from h\x1b]0;pwn\x07 (r\x1b\x9b2J [192.0.2.1]) by m; \x1b[31md\n"
           b"Authentication-Results: a\x9b.example; spf=pass (\x1b[5m) x=\x00\n\n")
    rc, out, _ = run_headers(stdin=msg)
    assert rc == 0
    assert not any(b < 0x20 and b != 0x0A for b in out), out
    assert not any(b >= 0x7f for b in out), out
    assert b"192.0.2.1" in out


def test_trust_without_a_match_has_no_entry():
    rc, obj, _ = headers_json("--trust", "elsewhere.example", message("gmail.eml"))
    assert rc == 0
    assert obj["entry"] is None


def test_trust_matches_subdomains_on_a_label_boundary():
    msg = (b"Received: from a (a [192.0.2.1]) by in.notgoogle.com; d\n"
           b"Received: from b (b [192.0.2.2]) by MX.Google.COM.; d\n\n")
    rc, obj, _ = headers_json("--trust", "google.com", stdin=msg)
    assert rc == 0
    assert obj["entry"] == {"received_index": 1, "ip": "192.0.2.2", "helo": "b", "rdns": "b"}


def test_recheck_without_an_entry_hop_is_null():
    rc, obj, _ = headers_json("--recheck", stdin=AR_OK + b"\n")
    assert rc == 0
    assert obj["entry"] is None
    assert obj["recheck"] is None


def test_json_has_exactly_the_contract_keys():
    rc, out, _ = run_headers("--json", message("gmail.eml"))
    assert rc == 0
    assert list(json.loads(out)) == ["authentication_results", "received", "iprev", "entry"]
