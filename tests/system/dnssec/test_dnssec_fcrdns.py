# SPDX-License-Identifier: MIT
# test_dnssec_fcrdns.py: the `dnssec` field of `fcrdns check --json` (issue
# 12 part 2): {"ptr": "secure"|"insecure", "forward": "secure"|"insecure"|
# null} from the AD bit of a validating resolver; a bogus zone is a
# SERVFAIL, so temperror; an authoritative server never sets AD, so the
# same signed zones asked there are insecure.
import pytest

from conftest import EXIT, parse_json_lines, run_fcrdns

SECURE, INSECURE = "secure", "insecure"
# ip -> (iprev, dnssec) through the validating resolver; see zones/.
THROUGH_VALIDATOR = {
    "192.0.2.10": ("pass", {"ptr": SECURE, "forward": SECURE}),
    "198.51.100.10": ("pass", {"ptr": INSECURE, "forward": INSECURE}),
    "192.0.2.30": ("pass", {"ptr": SECURE, "forward": INSECURE}),
    "192.0.2.20": ("fail", {"ptr": SECURE, "forward": None}),
}
# The same data asked at NSD directly: nothing is authenticated, and the
# tampered PTR of 203.0.113.10 is taken as it is (and confirms).
AT_AUTHORITATIVE = {
    "192.0.2.10": ("pass", {"ptr": INSECURE, "forward": INSECURE}),
    "203.0.113.10": ("pass", {"ptr": INSECURE, "forward": INSECURE}),
}


def check_json(resolver, ip):
    """`fcrdns check --json` of ip through resolver; return (exit code,
    result, stderr)."""
    rc, out, err = run_fcrdns("check", "--json", "--resolver", resolver,
                              "--timeout", "2000", "--tries", "2", ip)
    (result,) = parse_json_lines(out)
    return rc, result, err


@pytest.mark.parametrize("ip", sorted(THROUGH_VALIDATOR))
def test_dnssec_status_through_validator(validator, ip):
    iprev, dnssec = THROUGH_VALIDATOR[ip]
    rc, r, err = check_json(validator, ip)
    assert (rc, r["iprev"], r.get("dnssec")) == (EXIT[iprev], iprev,
                                                 dnssec), err


def test_bogus_reverse_zone_is_temperror(validator):
    """The tampered PTR is bogus: the validator answers SERVFAIL, and the
    result is temperror (exit 2), with the dnssec field still present."""
    rc, r, err = check_json(validator, "203.0.113.10")
    assert (rc, r["iprev"], "dnssec" in r) == (EXIT["temperror"],
                                               "temperror", True), err


@pytest.mark.parametrize("ip", sorted(AT_AUTHORITATIVE))
def test_authoritative_answers_are_insecure(dnssec_nsd, ip):
    iprev, dnssec = AT_AUTHORITATIVE[ip]
    rc, r, err = check_json(dnssec_nsd.resolver, ip)
    assert (rc, r["iprev"], r.get("dnssec")) == (EXIT[iprev], iprev,
                                                 dnssec), err
