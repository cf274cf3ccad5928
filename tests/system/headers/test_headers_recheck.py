# SPDX-License-Identifier: MIT
# test_headers_recheck.py: owns `fcrdns headers --recheck` against a real
# NSD (zones/): the entry hop's address and HELO are checked now, the
# `recheck` object is `check --json`'s, and the exit status follows
# today's iprev (0 pass, 1 fail or permerror, 2 temperror).
from conftest import FAST, check_shape

from .headerstools import headers_json, message, run_headers


def recheck(nsd, name, *extra):
    rc, obj, err = headers_json("--recheck", "--resolver", nsd.resolver, *FAST, *extra,
                                message(name))
    check_shape(obj["recheck"])
    return rc, obj, err


# A Public Suffix List in which .test is a suffix, so sender.test names
# are fully qualified HELO names (--psl, as for fcrdns check).
PSL = ("// ===BEGIN ICANN DOMAINS===\ntest\n// ===END ICANN DOMAINS===\n"
       "// ===BEGIN PRIVATE DOMAINS===\n// ===END PRIVATE DOMAINS===\n")


def test_pass_with_matching_helo(headers_nsd, tmp_path):
    (tmp_path / "psl.dat").write_text(PSL)
    rc, obj, err = recheck(headers_nsd, "gmail.eml", "--psl", tmp_path / "psl.dat")
    assert rc == 0, err
    r = obj["recheck"]
    assert (r["ip"], r["iprev"], r["confirmed"]) == ("198.51.100.10", "pass", "mail.sender.test")
    assert r["helo"] == {"name": "mail.sender.test", "verdict": "match"}


def test_helo_of_the_entry_hop_is_judged(headers_nsd):
    rc, obj, err = recheck(headers_nsd, "gmail.eml")
    assert rc == 0, err
    assert obj["recheck"]["helo"] == {"name": "mail.sender.test", "verdict": "not-fqdn"}


def test_fail_today_for_the_trusted_receivers_client(headers_nsd):
    rc, obj, err = recheck(headers_nsd, "m365.eml", "--trust", "protection.outlook.com")
    assert rc == 1, err
    assert obj["entry"]["received_index"] == 3
    r = obj["recheck"]
    assert (r["ip"], r["iprev"], r["ptr"]) == ("198.51.100.20", "fail", ["gone.sender.test"])


def test_permerror_without_ptr(headers_nsd):
    rc, obj, err = recheck(headers_nsd, "yahoo.eml")
    assert rc == 1, err
    assert (obj["recheck"]["ip"], obj["recheck"]["iprev"]) == ("198.51.100.30", "permerror")


def test_recorded_fail_is_permerror_today(headers_nsd):
    rc, obj, err = recheck(headers_nsd, "authmilter.eml")
    assert rc == 1, err
    assert [i["result"] for i in obj["iprev"]] == ["fail"]
    assert obj["recheck"]["iprev"] == "permerror"


def test_temperror_when_the_ptr_name_cannot_be_resolved(headers_nsd):
    rc, obj, err = recheck(headers_nsd, "postfix.eml")
    assert rc == 2, err
    assert (obj["recheck"]["ip"], obj["recheck"]["iprev"]) == ("198.51.100.40", "temperror")


def test_ipv6_entry_hop(headers_nsd):
    rc, obj, err = recheck(headers_nsd, "fastmail.eml")
    assert rc == 0, err
    r = obj["recheck"]
    assert (r["ip"], r["iprev"], r["confirmed"]) == ("2001:db8:4::25", "pass", "v6.sender.test")


def test_human_report_exit_follows_today(headers_nsd):
    rc, out, err = run_headers("--recheck", "--resolver", headers_nsd.resolver, *FAST,
                               "--trust", "protection.outlook.com", message("m365.eml"))
    assert rc == 1, err
    assert b"198.51.100.20" in out and b"gone.sender.test" in out


def test_unusable_resolver_is_a_usage_error():
    rc, out, err = run_headers("--recheck", "--resolver", "300.1.1.1", message("gmail.eml"))
    assert rc == 64, err
    assert out == b""
