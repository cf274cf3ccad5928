# SPDX-License-Identifier: MIT
# test_nsd_server.py: owns the self-checks of the iprev NSD: it serves
# zones/ as the other tests assume (dnspython as the client), with rate
# limiting off, so a broken bed is not mistaken for a broken fcrdns.
import dns.flags
import dns.rcode
import dns.rdatatype as T

from fcrdnstools import ask


def test_nsd_serves_zones(nsd):
    r = ask(nsd.port, "1.2.0.192.in-addr.arpa", T.PTR)
    assert r.rcode() == dns.rcode.NOERROR
    assert [str(x) for rr in r.answer for x in rr] == ["pass.example.test."]
    assert ask(nsd.port, "6.2.0.192.in-addr.arpa", T.PTR).rcode() == \
        dns.rcode.NXDOMAIN
    assert ask(nsd.port, "host.unserved.test", T.A).rcode() == \
        dns.rcode.REFUSED


def test_nsd_rate_limit_off(nsd):
    for _ in range(300):   # above Debian's default of 200 qps per /24
        r = ask(nsd.port, "pass.example.test", T.A)
        assert r.rcode() == dns.rcode.NOERROR and not r.flags & dns.flags.TC
