# SPDX-License-Identifier: MIT
# test_iprev_nsd.py: owns the iprev rules (RFC 8601) checked against real
# NSD data (zones/ in this directory): one test per rule, each failing if
# that rule broke.
import pytest

from fcrdnstools import check, check_one, codes


def test_pass(nsd):
    r = check_one(nsd.resolver, "192.0.2.1")
    assert r["ip"] == "192.0.2.1"
    assert r["iprev"] == "pass"
    assert r["ptr"] == ["pass.example.test"]
    assert r["confirmed"] == "pass.example.test"
    assert r["problems"] == []
    assert r["authentication_results"].startswith(
        "iprev=pass policy.iprev=192.0.2.1")
    assert "pass.example.test" in r["authentication_results"]


def test_fail_a_mismatch(nsd):
    r = check_one(nsd.resolver, "192.0.2.2")
    assert r["iprev"] == "fail"
    assert r["ptr"] == ["mismatch.example.test"]
    assert r["confirmed"] is None
    assert codes(r) == ["forward-mismatch"]
    assert r["authentication_results"].startswith(
        "iprev=fail policy.iprev=192.0.2.2")


@pytest.mark.parametrize("ip,name", [
    ("192.0.2.3", "nxdomain.example.test"),   # forward NXDOMAIN
    ("192.0.2.4", "nodata.example.test"),     # only TXT and MX
    ("192.0.2.5", "v6only.example.test"),     # AAAA only, IPv4 client
], ids=["nxdomain", "nodata", "aaaa-only"])
def test_fail_forward_missing(nsd, ip, name):
    r = check_one(nsd.resolver, ip)
    assert r["iprev"] == "fail"
    assert r["ptr"] == [name]
    assert codes(r) == ["forward-missing"]


@pytest.mark.parametrize("ip", ["192.0.2.6", "192.0.2.7"],
                         ids=["ptr-nxdomain", "ptr-nodata"])
def test_permerror_no_ptr(nsd, ip):
    r = check_one(nsd.resolver, ip)
    assert r["iprev"] == "permerror"
    assert r["ptr"] == []
    assert r["confirmed"] is None
    assert codes(r) == ["no-ptr"]
    assert r["authentication_results"].startswith(
        f"iprev=permerror policy.iprev={ip}")


def test_rfc2317_classless_cname(nsd):
    # 10.2.0.192.in-addr.arpa CNAME 10.0/25.2.0.192.in-addr.arpa, a name
    # in another zone; the PTR must be read at the CNAME's target.
    r = check_one(nsd.resolver, "192.0.2.10")
    assert r["iprev"] == "pass"
    assert r["ptr"] == ["classless.example.test"]
    assert r["confirmed"] == "classless.example.test"


def test_multiple_ptr_later_one_confirms(nsd):
    r = check_one(nsd.resolver, "192.0.2.20")
    assert r["iprev"] == "pass"
    assert r["ptr"] == ["multi-a.example.test", "multi-b.example.test",
                        "multi-c.example.test"]
    assert r["confirmed"] == "multi-c.example.test"
    assert "multiple-ptr" in codes(r)
    assert "multi-c.example.test" in r["authentication_results"]


def test_more_than_ten_ptr_only_twelfth_confirms(nsd):
    r = check_one(nsd.resolver, "192.0.2.30")
    assert r["iprev"] == "fail"
    assert r["ptr"] == [f"many{i:02d}.example.test" for i in range(1, 13)]
    assert r["confirmed"] is None
    assert "too-many-ptr" in codes(r)
    assert "multiple-ptr" in codes(r)
    # exactly the first ten names were checked, each a mismatch
    assert codes(r).count("forward-mismatch") == 10


def test_more_than_ten_ptr_first_confirms(nsd):
    r = check_one(nsd.resolver, "192.0.2.31")
    assert r["iprev"] == "pass"
    assert len(r["ptr"]) == 12
    assert r["confirmed"] == "first01.example.test"
    assert "too-many-ptr" in codes(r)


def test_forward_cname_chain_across_zones(nsd):
    # chain.example.test -> hop.other.test -> final.example.test A
    r = check_one(nsd.resolver, "192.0.2.40")
    assert r["iprev"] == "pass"
    assert r["confirmed"] == "chain.example.test"


def test_forward_cname_loop(nsd):
    rc, (r,), _ = check(nsd.resolver, "192.0.2.41")
    # A CNAME loop is a permanent outcome: no address, so fail.
    assert (rc, r["iprev"]) == (1, "fail")
    assert [p["code"] for p in r["problems"]] == ["forward-missing"]
    assert r["confirmed"] is None


def test_forward_zone_refused_is_temperror(nsd):
    # NSD answers REFUSED for a zone it does not serve.
    r = check_one(nsd.resolver, "192.0.2.60")
    assert r["iprev"] == "temperror"
    assert codes(r) == ["forward-temperror"]


def test_ptr_zone_refused_is_temperror(nsd):
    r = check_one(nsd.resolver, "198.51.100.7")
    assert r["iprev"] == "temperror"
    assert r["ptr"] == []
    assert codes(r) == ["ptr-temperror"]


def test_ipv6_pass(nsd):
    r = check_one(nsd.resolver, "2001:db8::1")
    assert r["ip"] == "2001:db8::1"
    assert r["iprev"] == "pass"
    assert r["confirmed"] == "v6pass.example.test"
    assert r["authentication_results"].startswith(
        "iprev=pass policy.iprev=2001:db8::1")


def test_ipv6_fail_a_only_name(nsd):
    r = check_one(nsd.resolver, "2001:db8::2")
    assert r["iprev"] == "fail"
    assert r["ptr"] == ["v4only.example.test"]
    assert codes(r) == ["forward-missing"]


def test_ipv6_no_ptr(nsd):
    r = check_one(nsd.resolver, "2001:db8::3")
    assert r["iprev"] == "permerror"
    assert codes(r) == ["no-ptr"]


def test_ipv4_mapped_checked_as_ipv4(nsd):
    r = check_one(nsd.resolver, "::ffff:192.0.2.1")
    assert r["ip"] == "192.0.2.1"
    assert r["iprev"] == "pass"
    assert r["authentication_results"].startswith(
        "iprev=pass policy.iprev=192.0.2.1")


@pytest.mark.parametrize("text", ["2001:DB8:0:0:0:0:0:1", "2001:0db8::0001",
                                  "2001:db8:0::1"])
def test_ipv6_normalised(nsd, text):
    r = check_one(nsd.resolver, text)
    assert r["ip"] == "2001:db8::1"
    assert r["iprev"] == "pass"


def test_ipv6_resolver(nsd, has_ipv6):
    if not has_ipv6:
        pytest.skip("::1 is not usable here")
    r = check_one(nsd.resolver6, "192.0.2.1")
    assert r["iprev"] == "pass"
