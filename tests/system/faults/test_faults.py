# SPDX-License-Identifier: MIT
# test_faults.py: owns the checks against the misbehaving server of
# faultdns.py: transient failures, truncation and TCP, hostile and extreme
# names, malformed packets, and CNAMEs answered one hop at a time.
import pytest

from fcrdnstools import check, check_one, codes
from faultdns import LONG_NAME, MANY_PTRS, rev


@pytest.mark.parametrize("ip", [
    "192.0.2.101",   # SERVFAIL
    "192.0.2.102",   # REFUSED
    "192.0.2.103",   # no answer at all
    "192.0.2.108",   # garbage after the right ID
    "192.0.2.112",   # a good answer with the wrong ID
    "192.0.2.113",   # 6-octet header
    "192.0.2.114",   # answer cut in the middle of its record
    "192.0.2.120",   # NXDOMAIN cut in the middle of its SOA record
], ids=["servfail", "refused", "timeout", "garbage", "wrong-id",
        "short-header", "cut-answer", "cut-nxdomain"])
def test_ptr_transient_failure(fault, ip):
    r = check_one(fault.resolver, ip)
    assert r["iprev"] == "temperror"
    assert r["ptr"] == []
    assert r["confirmed"] is None
    assert codes(r) == ["ptr-temperror"]
    assert r["authentication_results"].startswith(
        f"iprev=temperror policy.iprev={ip}")
    n = int(ip.rsplit(".", 1)[1])
    assert fault.count(rev(n), "PTR") >= 1


def test_truncated_udp_retried_over_tcp(fault):
    r = check_one(fault.resolver, "192.0.2.104")
    assert r["iprev"] == "pass"
    assert r["confirmed"] == "tcp.fault.test"
    assert fault.count(rev(104), "PTR", tcp=True) >= 1


def test_hostile_ptr_names(fault):
    rc, (r,), err = check(fault.resolver, "192.0.2.105")
    # No name is a host name: none is looked up, so the verdict is final.
    assert (rc, r["iprev"]) == (1, "fail")
    assert codes(r) == ["multiple-ptr"] + ["forward-missing"] * 3
    assert len(r["ptr"]) == 3, r["ptr"]
    # check_shape() already asserted every name is printable ASCII; the
    # dots inside a label must stay escaped, not read as label breaks.
    assert "mail.example.com.evil.fault.test" not in r["ptr"]
    assert any(n.endswith(".evil.fault.test") for n in r["ptr"]), r["ptr"]
    assert "multiple-ptr" in codes(r)
    for p in r["problems"]:
        assert all(0x20 <= ord(c) < 0x7f for c in p["message"]), p
    assert all(0x20 <= ord(c) < 0x7f for c in r["authentication_results"])


def test_longest_name_255_octets(fault):
    r = check_one(fault.resolver, "192.0.2.106")
    assert r["ptr"] == [LONG_NAME]
    assert r["iprev"] == "pass"
    assert r["confirmed"] == LONG_NAME
    assert fault.count(LONG_NAME, "A") >= 1


def test_200_ptr_records_over_tcp(fault):
    r = check_one(fault.resolver, "192.0.2.107")
    assert fault.count(rev(107), "PTR", tcp=True) >= 1
    assert len(r["ptr"]) == 64
    assert r["ptr"] == sorted(r["ptr"])
    assert set(r["ptr"]) <= set(MANY_PTRS)
    assert "too-many-ptr" in codes(r)
    assert "multiple-ptr" in codes(r)
    # none of the names has an address: every checked one is missing
    assert r["iprev"] == "fail"
    assert codes(r).count("forward-missing") == 10
    checked = sum(fault.count(n, "A") > 0 for n in MANY_PTRS)
    assert checked == 10, f"{checked} PTR names forward-checked, not 10"


def test_forward_servfail_is_temperror(fault):
    r = check_one(fault.resolver, "192.0.2.109")
    assert r["iprev"] == "temperror"
    assert r["ptr"] == ["sf.x109.fault.test"]
    assert codes(r) == ["forward-temperror"]


def test_forward_servfail_does_not_prevent_pass(fault):
    r = check_one(fault.resolver, "192.0.2.110")
    assert r["iprev"] == "pass"
    assert r["confirmed"] == "b-ok.x110.fault.test"


def test_forward_servfail_and_mismatch_is_temperror(fault):
    r = check_one(fault.resolver, "192.0.2.111")
    assert r["iprev"] == "temperror"
    assert r["ptr"] == ["a-sf.x111.fault.test", "b-mismatch.x111.fault.test"]
    assert "forward-temperror" in codes(r)
    assert "forward-mismatch" in codes(r)
    assert "multiple-ptr" in codes(r)


def test_rfc2317_cname_answered_alone(fault):
    r = check_one(fault.resolver, "192.0.2.116")
    assert r["iprev"] == "pass"
    assert r["ptr"] == ["classless.fault.test"]
    assert fault.count("116.0/25.2.0.192.in-addr.arpa", "PTR") >= 1


def test_uppercase_ptr_reported_lowercase(fault):
    r = check_one(fault.resolver, "192.0.2.117")
    assert r["iprev"] == "pass"
    assert r["ptr"] == ["mixed.case.fault.test"]
    assert r["confirmed"] == "mixed.case.fault.test"


def test_forward_cname_chain_one_hop_per_answer(fault):
    r = check_one(fault.resolver, "192.0.2.118")
    assert r["iprev"] == "pass"
    assert r["confirmed"] == "chain.fault.test"
    assert fault.count("end.fault.test", "A") >= 1


def test_forward_cname_loop_one_hop_per_answer(fault):
    rc, (r,), _ = check(fault.resolver, "192.0.2.119")
    # A CNAME loop is a permanent outcome: no address, so fail.
    assert (rc, r["iprev"]) == (1, "fail")
    assert codes(r) == ["forward-missing"]
    asked = (fault.count("loopa.fault.test", "A")
             + fault.count("loopb.other-fault.test", "A"))
    assert 1 <= asked <= 20, f"{asked} queries chasing a CNAME loop"


def test_fault_mix_exit_status(fault):
    rc, results, _ = check(fault.resolver, "192.0.2.100", "192.0.2.101",
                           "192.0.2.115")
    assert [r["iprev"] for r in results] == ["pass", "temperror", "fail"]
    assert rc == 1
