# SPDX-License-Identifier: MIT
# test_dnssec_bed.py: the DNSSEC test bed itself, asked with dnspython:
# the validating unbound sets AD on the signed zones' answers, not on the
# unsigned ones', answers SERVFAIL for the tampered zone; NSD, asked
# directly, never sets AD. If these fail, the fcrdns tests beside them say
# nothing.
import dns.flags
import dns.message
import dns.query
import dns.rcode
import dns.rdatatype
import pytest

SECURE = [("10.2.0.192.in-addr.arpa", "PTR"), ("mail.secure.test", "A"),
          ("20.2.0.192.in-addr.arpa", "PTR"), ("nomatch.secure.test", "A")]
INSECURE = [("10.100.51.198.in-addr.arpa", "PTR"), ("mail.insecure.test", "A"),
            ("mail30.insecure.test", "A")]
BOGUS = ("10.113.0.203.in-addr.arpa", "PTR")


def ask(address, name, rdtype):
    """Ask address ("127.0.0.1:PORT") name/rdtype with the AD bit set (RFC
    6840 5.7: report authentication); return (rcode text, number of answer
    RRsets, AD set)."""
    host, port = address.rsplit(":", 1)
    query = dns.message.make_query(name + ".", dns.rdatatype.from_text(rdtype))
    query.flags |= dns.flags.AD
    reply = dns.query.udp(query, host, port=int(port), timeout=5)
    return (dns.rcode.to_text(reply.rcode()), len(reply.answer),
            bool(reply.flags & dns.flags.AD))


@pytest.mark.parametrize("name,rdtype", SECURE)
def test_validator_sets_ad_on_signed_answers(validator, name, rdtype):
    assert ask(validator, name, rdtype) == ("NOERROR", 1, True)


@pytest.mark.parametrize("name,rdtype", INSECURE)
def test_validator_clears_ad_on_unsigned_answers(validator, name, rdtype):
    assert ask(validator, name, rdtype) == ("NOERROR", 1, False)


def test_validator_servfails_tampered_zone(validator):
    assert ask(validator, *BOGUS) == ("SERVFAIL", 0, False)


@pytest.mark.parametrize("name,rdtype", SECURE + INSECURE + [BOGUS])
def test_authoritative_server_never_sets_ad(dnssec_nsd, name, rdtype):
    assert ask(dnssec_nsd.resolver, name, rdtype) == ("NOERROR", 1, False)
