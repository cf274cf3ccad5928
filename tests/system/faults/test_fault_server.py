# SPDX-License-Identifier: MIT
# test_fault_server.py: owns the self-checks of the fault server: it
# answers as the other tests assume (dnspython as the client), so a broken
# bed is not mistaken for a broken fcrdns.
import dns.flags
import dns.rcode
import dns.rdatatype as T
import pytest

from faultdns import rev
from fcrdnstools import ask


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
