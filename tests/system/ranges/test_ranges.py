# SPDX-License-Identifier: MIT
# test_ranges.py: owns --ranges: a file of "CIDR provider-id" lines names
# the provider of an address whose PTR is missing or generic (so the fix
# carries that provider's procedure), never overrides a provider-default
# name, and never labels a chosen, specific name.
import pytest

from fcrdnstools import FAST, bulk, check_one, codes, records, run_fcrdns

RANGES = """# provider blocks for the tests
192.0.2.0/28      azure
203.0.113.16/28   ovh
203.0.113.0/30    hetzner
203.0.113.10      gcp
"""


@pytest.fixture
def ranges(tmp_path):
    path = tmp_path / "ranges.txt"
    path.write_text(RANGES)
    return ["--ranges", str(path)]


def test_no_ptr_names_provider_and_procedure(nsd, ranges):
    r = check_one(nsd.resolver, "192.0.2.6",
                  extra=[*ranges, "--expect", "mail.example.com"])
    assert r["iprev"] == "permerror"
    assert r["provider"] == "azure" and r["generic"] is False
    assert r["fix"]["owner"] == "ip-owner"
    steps = "\n".join(r["fix"]["steps"])
    assert "--reverse-fqdn mail.example.com." in steps
    assert "provider-default-ptr" not in codes(r)


def test_no_ptr_without_ranges_has_no_provider(nsd):
    r = check_one(nsd.resolver, "192.0.2.6")
    assert r["provider"] is None


def test_generic_name_in_block(nsd, ranges):
    r = check_one(nsd.resolver, "203.0.113.21", extra=ranges)
    assert r["generic"] is True and r["provider"] == "ovh"
    assert "generic-ptr" in codes(r) and "provider-default-ptr" not in codes(r)
    assert r["fix"]["owner"] == "ip-owner"


def test_specific_name_stays_null(nsd, ranges):
    r = check_one(nsd.resolver, "203.0.113.1", extra=ranges)
    assert r["iprev"] == "pass" and r["provider"] is None and r["fix"]["owner"] is None


def test_default_name_wins_over_ranges(nsd, ranges):
    r = check_one(nsd.resolver, "203.0.113.10", extra=ranges)
    assert r["provider"] == "aws"
    assert "provider-default-ptr" in codes(r)


def test_human_report_says_where_provider_came_from(nsd, ranges):
    rc, out, _ = run_fcrdns("check", *FAST, "--resolver", nsd.resolver, *ranges, "192.0.2.6")
    assert rc == 1
    assert "Address: in a block of" in out and "Azure" in out
    assert "az network public-ip update" in out


def test_bulk_takes_ranges(nsd, ranges):
    rc, out, _ = bulk(nsd.resolver, "192.0.2.6\n203.0.113.21\n", *ranges)
    recs = {r["ip"]: r for r in records(out)}
    assert recs["192.0.2.6"]["provider"] == "azure"
    assert recs["203.0.113.21"]["provider"] == "ovh"


@pytest.mark.parametrize("text,where", [
    ("192.0.2.0/24 azure\n10.0.0.0/40 aws\n", ":2: invalid prefix length"),
    ("192.0.2.0/24 nosuchcloud\n", ":1: unknown provider id"),
])
def test_bad_ranges_file_is_a_usage_error(tmp_path, text, where):
    path = tmp_path / "bad.txt"
    path.write_text(text)
    for cmd in ("check", "bulk"):
        rc, out, err = run_fcrdns(cmd, "--ranges", str(path), "192.0.2.1")
        assert rc == 64 and out == "" and where in err, (cmd, err)


def test_missing_ranges_file(tmp_path):
    rc, out, err = run_fcrdns("check", "--ranges", str(tmp_path / "nope"), "192.0.2.1")
    assert rc == 64 and out == "" and "cannot open" in err
