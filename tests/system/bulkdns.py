#!/usr/bin/python3
# bulkdns.py: owns the synthetic DNS server of the bulk tests: computed
# answers for 198.18.0.0/16 (so blocks of any size need no zone file) and
# an optional deterministic loss of every Nth query. It counts queries and
# answers per (qname, qtype) so tests know which questions were never
# answered. Reuses faultdns.FaultServer's sockets and threads.
import struct
from collections import Counter

from dnslib import PTR, QTYPE, RCODE, RR, SOA, A, DNSHeader
from dnslib import DNSLabel, DNSQuestion, DNSRecord

from faultdns import FaultServer, Query

ZONE_REV = "18.198.in-addr.arpa"
ZONE_FWD = "bulk.test"
SHARED = "shared.bulk.test"


def expected(ip):
    """The verdict the data below gives 198.18.c.d."""
    c = int(ip.split(".")[2])
    return {0: "pass", 1: "pass", 2: "permerror", 3: "fail"}.get(c, "permerror")


def _records(name, qtype):
    """(rcode, [(type, rdata)]) for one question."""
    if name.endswith("." + ZONE_REV):
        parts = name[:-len(ZONE_REV) - 1].split(".")
        if len(parts) != 2 or qtype != "PTR":
            return RCODE.NXDOMAIN if len(parts) != 2 else RCODE.NOERROR, []
        d, c = int(parts[0]), int(parts[1])
        if c == 0 or c == 3:      # own name; c == 3: its A is elsewhere
            return RCODE.NOERROR, [("PTR", f"h-{c}-{d}.{ZONE_FWD}")]
        if c == 1:                # many addresses share one PTR name
            return RCODE.NOERROR, [("PTR", SHARED)]
        return RCODE.NXDOMAIN, []
    if name == SHARED:
        return RCODE.NOERROR, ([("A", f"198.18.1.{d}") for d in range(16)]
                               if qtype == "A" else [])
    if name.startswith("h-") and name.endswith("." + ZONE_FWD):
        c, d = name[2:-len(ZONE_FWD) - 1].split("-")
        addr = f"198.18.{c}.{d}" if c != "3" else "198.18.99.99"
        return RCODE.NOERROR, [("A", addr)] if qtype == "A" else []
    return RCODE.REFUSED, []


def synthesize(q):
    rcode, rrs = _records(q.name, q.type_name)
    zone = ZONE_REV if q.name.endswith(ZONE_REV) else ZONE_FWD
    return reply(q, rcode, rrs, zone)


def reply(q, rcode, rrs, zone):
    """The wire answer to q: rcode, the (type, rdata text) records rrs (A
    or PTR) owned by the question name, and zone's SOA when there is no
    data."""
    header = DNSHeader(id=q.id, qr=1, aa=1, rd=(q.flags >> 8) & 1, rcode=rcode)
    msg = DNSRecord(header, q=DNSQuestion(DNSLabel(q.labels), q.qtype))
    for t, v in rrs:
        rdata = A(v) if t == "A" else PTR(DNSLabel(v + "."))
        msg.add_answer(RR(DNSLabel(q.labels), getattr(QTYPE, t), ttl=300,
                          rdata=rdata))
    if rcode == RCODE.NXDOMAIN or (rcode == RCODE.NOERROR and not rrs):
        msg.add_auth(RR(zone + ".", QTYPE.SOA, ttl=300, rdata=SOA(
            "ns.bulk.test.", "hostmaster.bulk.test.", (1, 3600, 600, 86400, 300))))
    return msg.pack()


class BulkServer(FaultServer):
    """Synthetic answers; with drop_every=N, every Nth query is ignored."""

    def __init__(self, host="127.0.0.1", drop_every=0):
        super().__init__(host)
        self.drop_every = drop_every
        self.seen = 0
        self.answered = Counter()

    def _handle(self, wire, tcp):
        try:
            q = Query(wire)
        except (ValueError, IndexError, struct.error):
            return None
        with self._lock:
            self.counts[(q.name, q.type_name)] += 1
            self.seen += 1
            if self.drop_every and self.seen % self.drop_every == 0:
                return None
            self.answered[(q.name, q.type_name)] += 1
        return synthesize(q)
