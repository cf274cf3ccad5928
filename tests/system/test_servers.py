# test_servers.py: owns the self-checks of the test bed: NSD and the fault
# server answer as the other tests assume (dnspython as the client), so a
# broken bed is not mistaken for a broken fcrdns.
import dns.flags
import dns.message
import dns.query
import dns.rcode
import dns.rdatatype as T
import pytest

from faultdns import rev
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


@pytest.mark.parametrize("n,rcode", [(101, dns.rcode.SERVFAIL),
                                     (102, dns.rcode.REFUSED),
                                     (100, dns.rcode.NOERROR)])
def test_fault_rcodes(fault, n, rcode):
    assert ask(fault.port, rev(n), T.PTR).rcode() == rcode
    assert fault.count(rev(n), "PTR") == 1


def test_fault_truncates_then_tcp(fault):
    assert ask(fault.port, rev(107), T.PTR).flags & dns.flags.TC
    r = ask(fault.port, rev(107), T.PTR, tcp=True)
    assert sum(len(rr) for rr in r.answer) == 200
    assert fault.count(rev(107), "PTR") == 2
    assert fault.count(rev(107), "PTR", tcp=True) == 1
