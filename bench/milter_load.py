#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# milter_load.py: the body of bench/milter.sh. Starts NSD (the milter test
# zones), fcrdns-milter, smtp-sink and a private Postfix on loopback ports;
# for each mode (without, with the milter) sends MESSAGES messages with
# smtp-source over SESSIONS concurrent sessions (throughput), then times
# single-message SMTP sessions one by one per thread (latency), and checks
# that every message arrived once, stamped once (or never without milter).
import os
import shutil
import smtplib
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SYSTEM = HERE.parent / "tests" / "system"
sys.path[:0] = [str(SYSTEM / "milter"), str(SYSTEM)]

from nsdserver import NsdServer, free_port  # noqa: E402
from postfix import Postfix, SmtpSink, postfix_usable  # noqa: E402

AUTHSERV = "mx.milter.test"
SMTP_SOURCE = "/usr/sbin/smtp-source"
LATENCY_THREADS = 8
LATENCY_PER_THREAD = 100


def start_milter(exe, work, resolver):
    port = free_port()
    conf = work / "milter.conf"
    conf.write_text(f"Socket inet:{port}@127.0.0.1\nAuthservID {AUTHSERV}\n"
                    f"Resolver {resolver}\nSyslog no\nInternalHosts 10.255.255.255\n")
    err = open(work / "milter.err", "wb")
    proc = subprocess.Popen([exe, "-f", "-c", str(conf)], stdout=err, stderr=err)
    time.sleep(0.5)
    if proc.poll() is not None:
        sys.exit("fcrdns-milter did not start: " + (work / "milter.err").read_text())
    return proc, f"inet:127.0.0.1:{port}"


def throughput(postfix, sink, count, sessions):
    t0 = time.monotonic()
    subprocess.run([SMTP_SOURCE, "-s", str(sessions), "-m", str(count), "-l", "2048",
                    "-f", "sender@client.example", "-t", "user@dest.example",
                    "-M", "ns.milter.test", f"127.0.0.1:{postfix.port}"],
                   check=True, timeout=1800)
    accepted = time.monotonic() - t0
    if not postfix.wait_delivered(sink, count, timeout=600):
        sys.exit(f"only {len(sink.messages())} of {count} messages arrived")
    return count / accepted, count / (time.monotonic() - t0)


def one_session(port, times):
    t0 = time.monotonic()
    with smtplib.SMTP("127.0.0.1", port, local_hostname="ns.milter.test",
                      timeout=30) as s:
        s.sendmail("sender@client.example", ["user@dest.example"],
                   "Subject: latency\r\n\r\nbody\r\n")
    times.append((time.monotonic() - t0) * 1000)


def latency(postfix):
    times = []

    def worker():
        for _ in range(LATENCY_PER_THREAD):
            one_session(postfix.port, times)

    threads = [threading.Thread(target=worker) for _ in range(LATENCY_THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.99) - 1], len(times)


def audit(sink, expected, stamped):
    """Every message once; with the milter exactly one header of ours."""
    files = sink.messages()
    bad = 0
    for path in files:
        head = path.read_text(errors="replace").split("\n\n", 1)[0].lower()
        n = head.count(f"authentication-results: {AUTHSERV};")
        bad += n != (1 if stamped else 0)
    return len(files), bad


def run_mode(name, work, milter_socket, count, sessions):
    sink = SmtpSink(work / name, free_port()).start()
    (work / name).chmod(0o755)
    postfix = Postfix(work / name, free_port(), sink.port, milter=milter_socket,
                      maxproc=max(100, sessions * 2))
    try:
        postfix.start()
        rate_in, rate_all = throughput(postfix, sink, count, sessions)
        med, p99, n = latency(postfix)
        postfix.wait_delivered(sink, count + n, timeout=600)
        got, bad = audit(sink, count + n, milter_socket is not None)
    finally:
        postfix.stop()
        sink.stop()
    print(f"{name:>8}: {rate_in:7.1f} msg/s accepted, {rate_all:7.1f} msg/s delivered "
          f"({count} msgs, {sessions} sessions); session latency median "
          f"{med:.1f} ms, p99 {p99:.1f} ms ({n} timed); delivered {got}/{count + n}, "
          f"badly stamped {bad}")
    return med, p99


def main():
    exe, count, sessions = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    if (why := postfix_usable()) is not None:
        sys.exit(f"cannot run: {why}")
    work = Path(tempfile.mkdtemp(prefix="fcrdns-bench-"))
    work.chmod(0o755)
    nsd = NsdServer(SYSTEM / "milter" / "zones", work / "nsd").start()
    milter = None
    try:
        base = run_mode("plain", work, None, count, sessions)
        milter, sock = start_milter(exe, work, nsd.resolver)
        with_m = run_mode("milter", work, sock, count, sessions)
        print(f"added latency per message: median {with_m[0] - base[0]:+.1f} ms, "
              f"p99 {with_m[1] - base[1]:+.1f} ms")
        lines = [l for l in (work / "milter.err").read_text().splitlines() if " ip=" in l]
        print(f"milter log: {len(lines)} message lines")
    finally:
        if milter:
            milter.terminate()
            milter.wait(timeout=10)
        nsd.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
