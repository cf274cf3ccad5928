#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# milter_load.py: the body of bench/milter.sh. Starts NSD (the milter test
# zones), smtp-sink and a private Postfix on loopback ports; for each mode
# (no milter; a no-op libmilter milter that accepts everything; fcrdns-
# milter with Policy none; fcrdns-milter with Policy reject) sends MESSAGES
# messages with smtp-source over SESSIONS concurrent sessions (throughput),
# then times single-message SMTP sessions one by one per thread (latency),
# and checks that every message arrived once, stamped once by fcrdns-milter
# (never by the others). What fcrdns-milter adds is read against the no-op
# milter measured in the same run.
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

from nsdserver import NsdServer, free_port, stop_process  # noqa: E402
from postfix import Postfix, SmtpSink, postfix_usable  # noqa: E402

AUTHSERV = "mx.milter.test"
SMTP_SOURCE = "/usr/sbin/smtp-source"
LATENCY_THREADS = 8
LATENCY_PER_THREAD = 100


def start_milter(exe, work, resolver, policy):
    port = free_port()
    conf = work / f"milter-{policy}.conf"
    conf.write_text(f"Socket inet:{port}@127.0.0.1\nAuthservID {AUTHSERV}\n"
                    f"Resolver {resolver}\nSyslog no\nInternalHosts 10.255.255.255\n"
                    f"Policy {policy}\n")
    err = open(work / f"milter-{policy}.err", "wb")
    proc = subprocess.Popen([exe, "-f", "-c", str(conf)], stdout=err, stderr=err)
    time.sleep(0.5)
    if proc.poll() is not None:
        sys.exit("fcrdns-milter did not start: " + (work / f"milter-{policy}.err").read_text())
    return proc, f"inet:127.0.0.1:{port}"


def start_noop(exe, work):
    port = free_port()
    err = open(work / "noop.err", "wb")
    proc = subprocess.Popen([exe, f"inet:{port}@127.0.0.1"], stdout=err, stderr=err)
    time.sleep(0.5)
    if proc.poll() is not None:
        sys.exit("noop_milter did not start: " + (work / "noop.err").read_text())
    return proc, f"inet:127.0.0.1:{port}"


stop = stop_process


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


def run_mode(name, work, milter_socket, count, sessions, stamped):
    work = work / name.replace(" ", "-")
    sink = SmtpSink(work, free_port()).start()
    work.chmod(0o755)
    postfix = Postfix(work, free_port(), sink.port, milter=milter_socket,
                      maxproc=max(100, sessions * 2))
    try:
        postfix.start()
        rate_in, rate_all = throughput(postfix, sink, count, sessions)
        med, p99, n = latency(postfix)
        postfix.wait_delivered(sink, count + n, timeout=600)
        got, bad = audit(sink, count + n, stamped)
    finally:
        postfix.stop()
        sink.stop()
    print(f"{name:>14}: {rate_in:7.1f} msg/s accepted, {rate_all:7.1f} msg/s delivered "
          f"({count} msgs, {sessions} sessions); session latency median "
          f"{med:.2f} ms, p99 {p99:.2f} ms ({n} timed); delivered {got}/{count + n}, "
          f"badly stamped {bad}", flush=True)
    return med, p99


def main():
    exe, count, sessions = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    noop_exe = str(Path(exe).parent / "bench" / "noop_milter")
    if (why := postfix_usable()) is not None:
        sys.exit(f"cannot run: {why}")
    work = Path(tempfile.mkdtemp(prefix="fcrdns-bench-"))
    work.chmod(0o755)
    nsd = NsdServer(SYSTEM / "milter" / "zones", work / "nsd").start()
    results = {}
    try:
        results["plain"] = run_mode("plain", work, None, count, sessions, False)
        proc, sock = start_noop(noop_exe, work)
        try:
            results["noop"] = run_mode("noop milter", work, sock, count, sessions, False)
        finally:
            stop(proc)
        for policy in ("none", "reject"):
            proc, sock = start_milter(exe, work, nsd.resolver, policy)
            try:
                results[policy] = run_mode(f"fcrdns {policy}", work, sock, count, sessions, True)
            finally:
                stop(proc)
        base = results["noop"]
        for policy in ("none", "reject"):
            med, p99 = results[policy]
            print(f"fcrdns-milter (Policy {policy}) over the no-op milter: median "
                  f"{med - base[0]:+.2f} ms, p99 {p99 - base[1]:+.2f} ms")
        print(f"no-op milter over plain Postfix: median {base[0] - results['plain'][0]:+.2f} ms, "
              f"p99 {base[1] - results['plain'][1]:+.2f} ms")
    finally:
        nsd.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
