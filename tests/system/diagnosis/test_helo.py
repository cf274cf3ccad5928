# SPDX-License-Identifier: MIT
# test_helo.py: owns the HELO fields of `fcrdns check --helo`: every HELO
# verdict and its problem code, checked against real NSD data (zones/ in
# this directory: 203.0.113.0/24, 2001:db8::d1 and the forward zones under
# real public suffixes, served only on loopback) and the fault server
# (faultdns.py: faultdiag.net); a bad HELO never changes the iprev exit
# status or fix; --psl replaces the built-in Public Suffix List.
import pytest

from fcrdnstools import FAST, check, check_one, codes, run_fcrdns

HELO_PROBLEM = {
    "invalid": "helo-invalid", "literal-mismatch": "helo-literal-mismatch",
    "not-fqdn": "helo-not-fqdn", "temperror": "helo-temperror",
    "unresolvable": "helo-unresolvable", "mismatch": "helo-mismatch",
    "match": None, "literal-match": None, "same-domain": None,
    "forward-match": None,
}


def helo_codes(r):
    return [c for c in codes(r) if c.startswith("helo-")]


def assert_helo(r, helo, verdict):
    assert r["helo"] == {"name": helo, "verdict": verdict}, r
    want = HELO_PROBLEM[verdict]
    assert helo_codes(r) == ([want] if want else []), r


# --- HELO verdicts (NSD) --------------------------------------------------

# A name of 253 characters (255 octets in wire form) under example.com.
LONG_253 = ".".join(["a" * 63, "b" * 63, "c" * 63, "d" * 49, "example.com"])
assert len(LONG_253) == 253
LONG_254 = LONG_253.replace("d" * 49, "d" * 50)
assert len(LONG_254) == 254 and max(map(len, LONG_254.split("."))) == 63


# 203.0.113.1 has PTR mail.example.co.uk, which confirms.
@pytest.mark.parametrize("helo,verdict", [
    ("mail.example.co.uk", "match"),
    ("MAIL.Example.CO.UK.", "match"),          # case and trailing dot
    ("mail.example.co.uk.", "match"),
    ("mx.example.co.uk", "same-domain"),       # registrable example.co.uk
    ("mail.other.co.uk", "forward-match"),     # another registrable domain
    ("co.uk", "not-fqdn"),                     # itself a public suffix
    ("uk", "not-fqdn"),
    ("localhost", "not-fqdn"),                 # single label
    ("exchange-server-01.local", "not-fqdn"),
    ("host.internal", "not-fqdn"),
    ("host.lan", "not-fqdn"),
    ("box.localdomain", "not-fqdn"),
    ("mail.example.test", "not-fqdn"),         # .test is not in the PSL
    ("[203.0.113.1]", "literal-match"),
    ("[203.0.113.2]", "literal-mismatch"),
    ("203.0.113.1", "invalid"),                # an address needs brackets
    ("[2001:db8::d1]", "invalid"),             # IPv6 needs the IPv6: tag
    ("bad_name.example.com", "invalid"),
    pytest.param("a" * 64 + ".example.com", "invalid", id="label-64"),
    ("mx.example.co.uk..", "invalid"),
    (".mx.example.co.uk", "invalid"),
    ("nohost.example.co.uk", "unresolvable"),  # NXDOMAIN
    ("txtonly.example.co.uk", "unresolvable"), # NODATA
    pytest.param("a" * 63 + ".example.com", "unresolvable",
                 id="label-63"),
    pytest.param(LONG_253, "unresolvable", id="name-253"),
    pytest.param(LONG_253 + ".", "unresolvable", id="name-253-dot"),
    # 254 characters: 256 octets in wire form, over the 255 limit
    pytest.param(LONG_254, "invalid", id="name-254"),
    ("elsewhere.example.co.uk", "mismatch"),   # same domain, other address
    ("other.example.net", "mismatch"),
    ("mx6.example.net", "mismatch"),           # AAAA only: other family
    ("mail.example.org", "temperror"),         # zone not served: REFUSED
])
def test_helo_verdict_ipv4(nsd, helo, verdict):
    r = check_one(nsd.resolver, "203.0.113.1", extra=("--helo", helo))
    assert r["iprev"] == "pass"
    assert r["confirmed"] == "mail.example.co.uk"
    assert_helo(r, helo, verdict)


# 2001:db8::d1 has PTR v6mail.example.net, which confirms (AAAA).
@pytest.mark.parametrize("helo,verdict", [
    ("[IPv6:2001:db8::d1]", "literal-match"),
    ("[IPv6:2001:DB8:0::D1]", "literal-match"),
    ("[IPv6:2001:db8:0:0:0:0:0:d1]", "literal-match"),
    ("[IPv6:2001:db8::d2]", "literal-mismatch"),
    ("[203.0.113.1]", "literal-mismatch"),
    ("2001:db8::d1", "invalid"),
    ("v6mail.example.net", "match"),
    ("mx6.example.net", "same-domain"),
    ("dual.example.com", "forward-match"),     # A and AAAA; AAAA holds it
    ("other.example.net", "mismatch"),
])
def test_helo_verdict_ipv6(nsd, helo, verdict):
    r = check_one(nsd.resolver, "2001:db8::d1", extra=("--helo", helo))
    assert r["iprev"] == "pass"
    assert_helo(r, helo, verdict)


def test_helo_ipv4_literal_name_kept_as_given(nsd):
    r = check_one(nsd.resolver, "203.0.113.1",
                  extra=("--helo", "[203.0.113.1]"))
    assert r["helo"]["name"] == "[203.0.113.1]"


def test_helo_match_needs_a_confirmed_name(nsd):
    # 203.0.113.3 fails: its PTR wrong.example.com has A 203.0.113.99. A
    # HELO equal to that unconfirmed name is judged by its lookup.
    r = check_one(nsd.resolver, "203.0.113.3",
                  extra=("--helo", "wrong.example.com"))
    assert r["iprev"] == "fail"
    assert_helo(r, "wrong.example.com", "mismatch")


def test_helo_same_domain_needs_a_confirmed_name(nsd):
    # fixed3.example.com resolves to 203.0.113.3 and shares example.com
    # with the PTR name, but nothing is confirmed: forward-match.
    r = check_one(nsd.resolver, "203.0.113.3",
                  extra=("--helo", "fixed3.example.com"))
    assert r["iprev"] == "fail"
    assert_helo(r, "fixed3.example.com", "forward-match")


@pytest.mark.parametrize("helo,verdict", [
    ("mail4.example.com", "match"),
    ("mx4.example.com", "same-domain"),
    ("dual.example.com", "same-domain"),       # A holds it; AAAA elsewhere
    ("v6mail.example.net", "mismatch"),        # AAAA only: other family
])
def test_helo_verdict_example_com(nsd, helo, verdict):
    r = check_one(nsd.resolver, "203.0.113.4", extra=("--helo", helo))
    assert r["confirmed"] == "mail4.example.com"
    assert_helo(r, helo, verdict)


def test_helo_is_judged_against_each_ip(nsd):
    rc, (a, b), _ = check(nsd.resolver, "203.0.113.1", "203.0.113.3",
                          extra=("--helo", "mail.example.co.uk"))
    assert rc == 1
    assert_helo(a, "mail.example.co.uk", "match")
    assert_helo(b, "mail.example.co.uk", "mismatch")


def test_helo_absent_without_option(nsd):
    for ip in ("203.0.113.1", "203.0.113.3", "203.0.113.9", "198.51.100.7"):
        rc, (r,), _ = check(nsd.resolver, ip)
        assert "helo" not in r, r
        assert helo_codes(r) == []


@pytest.mark.parametrize("helo", [
    "bad_name.example.com", "203.0.113.1", "[203.0.113.2]", "co.uk",
    "exchange-server-01.local", "nohost.example.co.uk", "other.example.net",
    "mail.example.org"])
@pytest.mark.parametrize("ip,iprev", [
    ("203.0.113.1", "pass"), ("203.0.113.3", "fail"),
    ("203.0.113.9", "permerror"), ("198.51.100.7", "temperror")])
def test_bad_helo_leaves_exit_status_and_fix(nsd, helo, ip, iprev):
    plain = check_one(nsd.resolver, ip)
    r = check_one(nsd.resolver, ip, extra=("--helo", helo))  # asserts rc
    assert r["iprev"] == plain["iprev"] == iprev
    assert r["fix"] == plain["fix"]
    assert r["helo"]["name"] == helo
    assert [c for c in codes(r) if not c.startswith("helo-")] == codes(plain)


# --- HELO verdicts (fault server: faultdiag.net, client 192.0.2.121) ------

@pytest.mark.parametrize("label,verdict", [
    ("ok", "forward-match"),
    ("sf", "temperror"),                 # A and AAAA SERVFAIL
    ("refused", "temperror"),
    ("drop", "temperror"),               # no answer at all
    ("a-ok.aaaa-sf", "forward-match"),   # A holds the IP; AAAA SERVFAIL
    ("a-sf.aaaa-nodata", "temperror"),   # A SERVFAIL; AAAA NODATA
    ("a-sf.aaaa-nx", "temperror"),       # A SERVFAIL; AAAA NXDOMAIN
    # A transient failure with no answer holding the IP is temperror,
    # even when the other family answered another address.
    ("a-other.aaaa-sf", "temperror"),    # A 192.0.2.99; AAAA SERVFAIL
    ("a-sf.aaaa-other", "temperror"),    # A SERVFAIL; AAAA 2001:db8::99
])
def test_helo_verdict_transient(fault, label, verdict):
    helo = f"{label}.faultdiag.net"
    r = check_one(fault.resolver, "192.0.2.121", extra=("--helo", helo))
    assert r["iprev"] == "pass"
    assert r["confirmed"] == "ok121.fault.test"
    assert_helo(r, helo, verdict)


# --- --psl ------------------------------------------------------------------

def write_psl(path, icann, private=()):
    lines = ["// test list", "// ===BEGIN ICANN DOMAINS===", *icann,
             "// ===END ICANN DOMAINS===", "// ===BEGIN PRIVATE DOMAINS===",
             *private, "// ===END PRIVATE DOMAINS==="]
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.fixture
def psl_with_test(tmp_path):
    return write_psl(tmp_path / "psl.dat",
                     ["com", "net", "uk", "co.uk", "test"])


@pytest.mark.parametrize("helo,verdict", [
    ("pass.example.test", "match"),
    ("PASS.example.test.", "match"),
    ("helo-same.example.test", "same-domain"),
    ("nohost.example.test", "unresolvable"),
    ("test", "not-fqdn"),
])
def test_psl_file_listing_test(nsd, psl_with_test, helo, verdict):
    r = check_one(nsd.resolver, "192.0.2.1",
                  extra=("--psl", psl_with_test, "--helo", helo))
    assert r["confirmed"] == "pass.example.test"
    assert_helo(r, helo, verdict)


@pytest.mark.parametrize("helo", ["pass.example.test",
                                  "helo-same.example.test"])
def test_builtin_psl_test_not_fqdn(nsd, helo):
    r = check_one(nsd.resolver, "192.0.2.1", extra=("--helo", helo))
    assert_helo(r, helo, "not-fqdn")


def test_psl_file_private_section_does_not_count(nsd, tmp_path):
    psl = write_psl(tmp_path / "psl.dat", ["com"], private=["test"])
    r = check_one(nsd.resolver, "192.0.2.1",
                  extra=("--psl", psl, "--helo", "pass.example.test"))
    assert_helo(r, "pass.example.test", "not-fqdn")


def test_psl_file_replaces_builtin(nsd, tmp_path):
    psl = write_psl(tmp_path / "psl.dat", ["net", "uk", "co.uk"])
    r = check_one(nsd.resolver, "203.0.113.4",
                  extra=("--psl", psl, "--helo", "mx4.example.com"))
    assert_helo(r, "mx4.example.com", "not-fqdn")
    r = check_one(nsd.resolver, "203.0.113.1",
                  extra=("--psl", psl, "--helo", "mx.example.co.uk"))
    assert_helo(r, "mx.example.co.uk", "same-domain")


def test_psl_missing_file_is_usage_error(tmp_path):
    rc, out, err = run_fcrdns("check", "--json", *FAST, "--resolver",
                              "127.0.0.1:9", "--psl", tmp_path / "absent.dat",
                              "203.0.113.1")
    assert rc == 64, (rc, out, err)
    assert out == ""
    assert err.strip()
