#!/usr/bin/python3
# faultdns.py: owns the fault-injecting DNS server of the system tests.
# It serves UDP and TCP on one random loopback port, dispatches on the query
# name, and misbehaves on purpose for selected names (see BEHAVIOURS below).
# It counts queries per (qname, qtype) and per (qname, qtype, "tcp") so that
# tests can see what the client asked. Importable (FaultServer, run in
# threads by conftest.py) or runnable: `faultdns.py [--port N]`.
import argparse
import random
import signal
import socket
import struct
import threading
from collections import Counter

from dnslib import AAAA, CNAME, PTR, QTYPE, RCODE, RR, SOA, A, DNSHeader
from dnslib import DNSLabel, DNSQuestion, DNSRecord

# All behaviour is keyed by the lowercase query name (labels joined by ".",
# raw bytes decoded as latin-1, no trailing dot).
ZONES = ("2.0.192.in-addr.arpa", "fault.test", "other-fault.test")
MISMATCH_IP = "192.0.2.99"


def rev(n):
    """Reverse name of 192.0.2.n."""
    return f"{n}.2.0.192.in-addr.arpa"


# Hostile PTR targets for 192.0.2.105: control characters, a label holding
# dots (a naive printer would show another name), DEL, backslash, quote and
# a non-ASCII byte.
HOSTILE_PTRS = [
    [b"evil\x1b[31mred\x07\x00x", b"fault", b"test"],
    [b"mail.example.com", b"evil", b"fault", b"test"],
    [b"del\x7fq\"b\\s\xffhi", b"fault", b"test"],
]

# A name of exactly 255 octets in wire form (253 characters as text).
LONG_LABELS = [b"a" * 63, b"b" * 63, b"c" * 63, b"d" * 50, b"fault", b"test"]
LONG_NAME = ".".join(l.decode() for l in LONG_LABELS)
assert sum(len(l) + 1 for l in LONG_LABELS) + 1 == 255

# 200 PTR names for 192.0.2.107, sent in a fixed shuffled order.
MANY_PTRS = [f"p{i:03d}.fault.test" for i in range(200)]
random.Random(107).shuffle(MANY_PTRS)

# Plain data: name -> list of (qtype name, rdata text or label list).
RECORDS = {
    rev(100): [("PTR", "ok.fault.test")],
    "ok.fault.test": [("A", "192.0.2.100")],
    rev(104): [("PTR", "tcp.fault.test")],
    "tcp.fault.test": [("A", "192.0.2.104")],
    rev(105): [("PTR", labels) for labels in HOSTILE_PTRS],
    rev(106): [("PTR", LONG_LABELS)],
    LONG_NAME: [("A", "192.0.2.106")],
    rev(107): [("PTR", name) for name in MANY_PTRS],
    rev(109): [("PTR", "sf.x109.fault.test")],
    rev(110): [("PTR", "a-sf.x110.fault.test"), ("PTR", "b-ok.x110.fault.test")],
    "b-ok.x110.fault.test": [("A", "192.0.2.110")],
    rev(111): [("PTR", "a-sf.x111.fault.test"),
               ("PTR", "b-mismatch.x111.fault.test")],
    "b-mismatch.x111.fault.test": [("A", MISMATCH_IP)],
    # Good data, answered badly (see BEHAVIOURS): accepting it would pass.
    rev(112): [("PTR", "ok.fault.test")],
    rev(113): [("PTR", "ok.fault.test")],
    rev(114): [("PTR", "ok.fault.test")],
    rev(115): [("PTR", "mismatch.fault.test")],
    "mismatch.fault.test": [("A", MISMATCH_IP)],
    # RFC 2317 CNAME answered alone: the client must ask for the target.
    rev(116): [("CNAME", "116.0/25.2.0.192.in-addr.arpa")],
    "116.0/25.2.0.192.in-addr.arpa": [("PTR", "classless.fault.test")],
    "classless.fault.test": [("A", "192.0.2.116")],
    rev(117): [("PTR", "Mixed.CASE.Fault.TEST")],
    "mixed.case.fault.test": [("A", "192.0.2.117")],
    # Forward CNAME chain answered one hop at a time.
    rev(118): [("PTR", "chain.fault.test")],
    "chain.fault.test": [("CNAME", "hop.other-fault.test")],
    "hop.other-fault.test": [("CNAME", "end.fault.test")],
    "end.fault.test": [("A", "192.0.2.118")],
    # Forward CNAME loop answered one hop at a time.
    rev(119): [("PTR", "loopa.fault.test")],
    "loopa.fault.test": [("CNAME", "loopb.other-fault.test")],
    "loopb.other-fault.test": [("CNAME", "loopa.fault.test")],
}

# The misbehaviour of each faulty name (any query type). Truncation of
# oversized UDP answers (192.0.2.107) is not listed: it happens to any
# answer too big for UDP, as on a real server.
BEHAVIOURS = {
    rev(101): "servfail",
    rev(102): "refused",
    rev(103): "drop",
    rev(104): "tc-on-udp",
    rev(108): "garbage",
    "sf.x109.fault.test": "servfail",
    "a-sf.x110.fault.test": "servfail",
    "a-sf.x111.fault.test": "servfail",
    rev(112): "wrong-id",
    rev(113): "short-header",
    rev(114): "cut-answer",
    rev(120): "cut-answer",   # no data: an NXDOMAIN cut inside its SOA
}

# test_diagnosis.py: HELO names under a real public suffix (a HELO under
# .test is always not-fqdn), judged against 192.0.2.121, whose PTR
# ok121.fault.test confirms. Each name's A and AAAA lookups misbehave
# separately (TYPE_BEHAVIOURS) to exercise the HELO temperror rule: a
# transient failure counts unless some answer holds the client's address.
DIAG_ZONE = "faultdiag.net"
ZONES = ZONES + (DIAG_ZONE,)
RECORDS.update({
    rev(121): [("PTR", "ok121.fault.test")],
    "ok121.fault.test": [("A", "192.0.2.121")],
    "ok." + DIAG_ZONE: [("A", "192.0.2.121")],
    "a-ok.aaaa-sf." + DIAG_ZONE: [("A", "192.0.2.121")],
    "a-other.aaaa-sf." + DIAG_ZONE: [("A", MISMATCH_IP)],
    "a-sf.aaaa-nodata." + DIAG_ZONE: [("A", "192.0.2.121")],  # A never served
    "a-sf.aaaa-other." + DIAG_ZONE: [("A", "192.0.2.121"),    # A never served
                                     ("AAAA", "2001:db8::99")],
    # a-sf.aaaa-nx.faultdiag.net: no data, so its AAAA is NXDOMAIN
})
BEHAVIOURS.update({
    "sf." + DIAG_ZONE: "servfail",
    "refused." + DIAG_ZONE: "refused",
    "drop." + DIAG_ZONE: "drop",
})
# (qname, qtype name) -> misbehaviour for that query type only.
TYPE_BEHAVIOURS = {
    ("a-ok.aaaa-sf." + DIAG_ZONE, "AAAA"): "servfail",
    ("a-other.aaaa-sf." + DIAG_ZONE, "AAAA"): "servfail",
    ("a-sf.aaaa-nodata." + DIAG_ZONE, "A"): "servfail",
    ("a-sf.aaaa-other." + DIAG_ZONE, "A"): "servfail",
    ("a-sf.aaaa-nx." + DIAG_ZONE, "A"): "servfail",
}


class Query:
    """The parts of a query this server needs, parsed by hand so that even
    names no library accepts (NUL, non-UTF-8 octets) can be answered."""

    def __init__(self, wire):
        if len(wire) < 12:
            raise ValueError("short query")
        self.id, self.flags, qdcount, _, _, arcount = struct.unpack(
            "!6H", wire[:12])
        if qdcount != 1:
            raise ValueError("qdcount != 1")
        pos, labels = 12, []
        while True:
            n = wire[pos]
            pos += 1
            if n == 0:
                break
            if n > 63:
                raise ValueError("compressed or bad label in question")
            labels.append(bytes(wire[pos:pos + n]))
            pos += n
        self.labels = labels
        self.qtype, self.qclass = struct.unpack("!2H", wire[pos:pos + 4])
        pos += 4
        self.udp_size = 512
        if arcount and wire[pos:pos + 3] == b"\x00\x00\x29":   # EDNS OPT
            self.udp_size = max(512, min(struct.unpack(
                "!H", wire[pos + 3:pos + 5])[0], 4096))
        self.name = b".".join(labels).decode("latin-1").lower()
        self.type_name = QTYPE.get(self.qtype, str(self.qtype))


def _label(value):
    return DNSLabel(value) if isinstance(value, list) else DNSLabel(value + ".")


def _rdata(qtype, value):
    if qtype == "A":
        return A(value)
    if qtype == "AAAA":
        return AAAA(value)
    return {"PTR": PTR, "CNAME": CNAME}[qtype](_label(value))


def _in_zones(name):
    return any(name == z or name.endswith("." + z) for z in ZONES)


def _reply(q, rcode=RCODE.NOERROR, answers=(), tc=False):
    header = DNSHeader(id=q.id, qr=1, aa=1, rd=(q.flags >> 8) & 1, ra=0,
                       tc=int(tc), rcode=rcode)
    msg = DNSRecord(header, q=DNSQuestion(DNSLabel(q.labels), q.qtype))
    for rr in answers:
        msg.add_answer(rr)
    if rcode == RCODE.NXDOMAIN or (rcode == RCODE.NOERROR and not answers):
        zone = next((z for z in ZONES if q.name.endswith(z)), ZONES[1])
        msg.add_auth(RR(zone + ".", QTYPE.SOA, ttl=60, rdata=SOA(
            "ns.fault.test.", "hostmaster.fault.test.", (1, 3600, 600,
                                                         86400, 60))))
    return msg.pack()


def answer(q):
    """The normal, well-behaved answer to q, as wire bytes."""
    records = RECORDS.get(q.name)
    if records is None:
        rcode = RCODE.NXDOMAIN if _in_zones(q.name) else RCODE.REFUSED
        return _reply(q, rcode)
    owner = DNSLabel(q.labels)
    cnames = [v for t, v in records if t == "CNAME"]
    if cnames and q.type_name != "CNAME":
        rrs = [RR(owner, QTYPE.CNAME, ttl=60, rdata=_rdata("CNAME", cnames[0]))]
    else:
        rrs = [RR(owner, getattr(QTYPE, t), ttl=60, rdata=_rdata(t, v))
               for t, v in records if t == q.type_name]
    return _reply(q, RCODE.NOERROR, rrs)


def respond(wire, tcp):
    """The bytes to send back for one query, or None to stay silent."""
    q = Query(wire)
    how = TYPE_BEHAVIOURS.get((q.name, q.type_name),
                              BEHAVIOURS.get(q.name))
    if how == "servfail":
        return _reply(q, RCODE.SERVFAIL)
    if how == "refused":
        return _reply(q, RCODE.REFUSED)
    if how == "drop":
        return None
    if how == "tc-on-udp" and not tcp:
        return _reply(q, tc=True)
    if how == "garbage":
        return struct.pack("!H", q.id) + bytes(
            random.Random(108).getrandbits(8) for _ in range(40))
    if how == "wrong-id":
        good = answer(q)
        return struct.pack("!H", (q.id + 1) & 0xFFFF) + good[2:]
    if how == "short-header":
        return answer(q)[:6]
    full = answer(q)
    if how == "cut-answer":
        return full[:len(full) - 12]
    if not tcp and len(full) > q.udp_size:
        return _reply(q, tc=True)
    return full


class FaultServer:
    """The fault-injecting server on host:port (port 0: a random one),
    serving UDP and TCP from daemon threads until stop()."""

    def __init__(self, host="127.0.0.1", port=0):
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.host = host
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self.counts = Counter()
        for _ in range(50):
            self.udp = socket.socket(family, socket.SOCK_DGRAM)
            self.udp.bind((host, port))
            self.port = self.udp.getsockname()[1]
            self.tcp = socket.socket(family, socket.SOCK_STREAM)
            self.tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                self.tcp.bind((host, self.port))
                break
            except OSError:
                self.udp.close()
                self.tcp.close()
                if port:
                    raise
        else:
            raise RuntimeError("no port free for both UDP and TCP")
        self.tcp.listen(16)
        self.udp.settimeout(0.1)
        self.tcp.settimeout(0.1)
        self._threads = []

    @property
    def resolver(self):
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"

    def count(self, name, qtype, tcp=False):
        """Queries seen for (name, qtype), over TCP only when tcp."""
        key = (name.lower().rstrip("."), qtype) + (("tcp",) if tcp else ())
        with self._lock:
            return self.counts[key]

    def reset_counts(self):
        with self._lock:
            self.counts.clear()

    def _handle(self, wire, tcp):
        try:
            q = Query(wire)
        except (ValueError, IndexError, struct.error):
            return None
        with self._lock:
            self.counts[(q.name, q.type_name)] += 1
            if tcp:
                self.counts[(q.name, q.type_name, "tcp")] += 1
        try:
            return respond(wire, tcp)
        except Exception as exc:  # a bug here must not kill the server
            print(f"faultdns: {q.name} {q.type_name}: {exc!r}", flush=True)
            return _reply(q, RCODE.SERVFAIL)

    def _serve_udp(self):
        while not self._stop.is_set():
            try:
                wire, peer = self.udp.recvfrom(65535)
            except socket.timeout:
                continue
            except OSError:
                return
            self._on_udp(wire, peer)

    def _on_udp(self, wire, peer):
        """Answer one UDP query from peer (or stay silent)."""
        out = self._handle(wire, tcp=False)
        if out is not None:
            self.udp.sendto(out, peer)

    def _serve_tcp(self):
        while not self._stop.is_set():
            try:
                conn, _ = self.tcp.accept()
            except socket.timeout:
                continue
            except OSError:
                return
            t = threading.Thread(target=self._serve_conn, args=(conn,),
                                 daemon=True)
            t.start()

    def _serve_conn(self, conn):
        conn.settimeout(2.0)
        with conn:
            for _ in range(100):   # queries per connection, bounded
                if self._stop.is_set():
                    return
                try:
                    head = _recv_exact(conn, 2)
                    wire = _recv_exact(conn, struct.unpack("!H", head)[0])
                except (OSError, EOFError):
                    return
                out = self._handle(wire, tcp=True)
                if out is None:
                    return
                try:
                    conn.sendall(struct.pack("!H", len(out)) + out)
                except OSError:
                    return

    def start(self):
        for target in (self._serve_udp, self._serve_tcp):
            t = threading.Thread(target=target, daemon=True)
            t.start()
            self._threads.append(t)
        return self

    def stop(self):
        self._stop.set()
        for t in self._threads:
            t.join(timeout=2)
        self.udp.close()
        self.tcp.close()


def _recv_exact(conn, n):
    data = b""
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk:
            raise EOFError
        data += chunk
    return data


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--duration", type=float, default=3600,
                    help="stop after this many seconds (default 3600)")
    args = ap.parse_args()
    if args.host not in ("127.0.0.1", "::1"):
        ap.error("only loopback addresses are served")
    server = FaultServer(args.host, args.port).start()
    print(f"faultdns: serving on {server.resolver}", flush=True)
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    try:
        done.wait(args.duration)
    except KeyboardInterrupt:
        pass
    server.stop()
    for key, n in sorted(server.counts.items()):
        print(f"{n:5d} {' '.join(key)}")


if __name__ == "__main__":
    main()
