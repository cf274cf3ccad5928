#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# overloaddns.py: owns the overloaded-resolver server of the overload tests:
# it holds at most `limit` UDP queries in flight, answers each after `delay`
# seconds, and silently drops every query that arrives while `limit` are
# outstanding, as a recursive resolver with a full request list does. Its
# computed data make every address of 198.19.0.0/16 pass. Reuses
# faultdns.FaultServer's sockets and threads and bulkdns.reply.
import heapq
import itertools
import struct
import threading
import time

from dnslib import RCODE

from bulkdns import reply
from faultdns import FaultServer, Query

ZONE_REV = "19.198.in-addr.arpa"
ZONE_FWD = "overload.test"


def records(name, qtype):
    """(rcode, [(type, rdata)], zone) for one question: 198.19.C.D has the
    PTR h-C-D.overload.test, whose A is 198.19.C.D; nothing else exists."""
    if name.endswith("." + ZONE_REV):
        parts = name[:-len(ZONE_REV) - 1].split(".")
        if len(parts) != 2 or not all(p.isdigit() for p in parts):
            return RCODE.NXDOMAIN, [], ZONE_REV
        d, c = parts
        rrs = [("PTR", f"h-{c}-{d}.{ZONE_FWD}")] if qtype == "PTR" else []
        return RCODE.NOERROR, rrs, ZONE_REV
    if name.startswith("h-") and name.endswith("." + ZONE_FWD):
        parts = name[2:-len(ZONE_FWD) - 1].split("-")
        if len(parts) != 2 or not all(p.isdigit() for p in parts):
            return RCODE.NXDOMAIN, [], ZONE_FWD
        rrs = [("A", f"198.19.{parts[0]}.{parts[1]}")] if qtype == "A" else []
        return RCODE.NOERROR, rrs, ZONE_FWD
    return RCODE.REFUSED, [], ZONE_FWD


def synthesize(q):
    """The wire answer to the parsed query q."""
    return reply(q, *records(q.name, q.type_name))


class OverloadServer(FaultServer):
    """A resolver with room for `limit` UDP queries in flight, each answered
    `delay` seconds after it arrived; the rest are dropped unanswered. TCP
    queries are answered at once (answers here never need TCP)."""

    def __init__(self, limit, delay, host="127.0.0.1"):
        super().__init__(host)
        self.limit = limit
        self.delay = delay
        self.outstanding = 0
        self.answered = 0
        self.dropped = 0
        self.peak = 0
        self._due = []                 # heap of (due time, seq, query, peer)
        self._seq = itertools.count()
        self._wake = threading.Condition(self._lock)

    def stats(self):
        """(answered, dropped, peak outstanding) so far."""
        with self._lock:
            return self.answered, self.dropped, self.peak

    def _handle(self, wire, tcp):
        try:
            return synthesize(Query(wire))
        except (ValueError, IndexError, struct.error):
            return None

    def _on_udp(self, wire, peer):
        """Queue one UDP query for its answer, or drop it when full."""
        try:
            q = Query(wire)
        except (ValueError, IndexError, struct.error):
            return
        with self._wake:
            self.counts[(q.name, q.type_name)] += 1
            if self.outstanding >= self.limit:
                self.dropped += 1
                return
            self.outstanding += 1
            self.peak = max(self.peak, self.outstanding)
            heapq.heappush(self._due, (time.monotonic() + self.delay,
                                       next(self._seq), q, peer))
            self._wake.notify()

    def _next_due(self):
        """Wait (at most 0.1 s) for the earliest queued query to fall due;
        return (query, peer), or None when nothing is due yet."""
        with self._wake:
            if not self._due:
                self._wake.wait(0.1)
                return None
            wait = self._due[0][0] - time.monotonic()
            if wait > 0:
                self._wake.wait(min(wait, 0.1))
                return None
            _, _, q, peer = heapq.heappop(self._due)
            return q, peer

    def _send_due(self):
        while not self._stop.is_set():
            item = self._next_due()
            if item is None:
                continue
            q, peer = item
            try:
                self.udp.sendto(synthesize(q), peer)
            except OSError:
                pass
            with self._lock:
                self.outstanding -= 1
                self.answered += 1

    def start(self):
        super().start()
        t = threading.Thread(target=self._send_due, daemon=True)
        t.start()
        self._threads.append(t)
        return self
