#!/usr/bin/python3
# genzones.py: owns the benchmark's data: N addresses from 198.18.0.0 up
# (the benchmarking range 198.18.0.0/15, and beyond as data only), one
# reverse zone per /16 and one forward zone, an NSD config on 127.0.0.1:53,
# the IP list, a dnsperf query file, and each address's expected verdict.
# Mix, by (7 * i) % 10: 0-6 pass, 7 forward mismatch, 8 no PTR, 9 PTR name
# without an A record.
import argparse
import ipaddress
from pathlib import Path

BASE = int(ipaddress.IPv4Address("198.18.0.0"))
FWD = "bench.test"


def category(i):
    k = (7 * i) % 10
    return "pass" if k < 7 else ("mismatch", "noptr", "noaddr")[k - 7]


def expected(i):
    return {"pass": "pass", "mismatch": "fail", "noptr": "permerror",
            "noaddr": "fail"}[category(i)]


def soa(origin):
    return (f"$ORIGIN {origin}.\n$TTL 3600\n"
            f"@ IN SOA ns.{FWD}. hostmaster.{FWD}. 1 3600 600 86400 3600\n"
            f"  IN NS ns.{FWD}.\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=1_000_000)
    ap.add_argument("-o", required=True)
    ap.add_argument("--port", type=int, default=53)
    args = ap.parse_args()
    out = Path(args.o)
    out.mkdir(parents=True, exist_ok=True)
    rev = {}
    with open(out / "fwd.zone", "w") as fwd, open(out / "ips.txt", "w") as ips, \
            open(out / "expected.txt", "w") as exp, open(out / "dnsperf.txt", "w") as dp:
        fwd.write(soa(FWD) + "ns IN A 127.0.0.1\n")
        for i in range(args.n):
            a = BASE + i
            b = a.to_bytes(4, "big")
            ip = ".".join(map(str, b))
            zone = f"{b[1]}.{b[0]}.in-addr.arpa"
            if zone not in rev:
                rev[zone] = open(out / f"{zone}.zone", "w")
                rev[zone].write(soa(zone))
            cat = category(i)
            if cat != "noptr":
                rev[zone].write(f"{b[3]}.{b[2]} IN PTR h{i}.{FWD}.\n")
            if cat == "pass":
                fwd.write(f"h{i} IN A {ip}\n")
            elif cat == "mismatch":
                fwd.write(f"h{i} IN A 192.0.2.1\n")
            ips.write(ip + "\n")
            exp.write(f"{ip} {expected(i)}\n")
            dp.write(f"{b[3]}.{b[2]}.{b[1]}.{b[0]}.in-addr.arpa PTR\n")
    for f in rev.values():
        f.close()
    zones = [(FWD, "fwd.zone")] + [(z, f"{z}.zone") for z in sorted(rev)]
    conf = ["server:", f"    ip-address: 127.0.0.1@{args.port}", "    do-ip6: no",
            '    username: ""', '    chroot: ""', '    database: ""',
            f'    zonesdir: "{out}"', f'    pidfile: "{out}/nsd.pid"',
            f'    xfrdfile: "{out}/xfrd.state"', f'    zonelistfile: "{out}/zone.list"',
            f'    xfrdir: "{out}"', f'    logfile: "{out}/nsd.log"',
            "    server-count: 2", "    reuseport: yes", "    verbosity: 1",
            "    rrl-ratelimit: 0", "    rrl-whitelist-ratelimit: 0",
            "remote-control:", "    control-enable: no", ""]
    for name, fname in zones:
        conf += ["zone:", f'    name: "{name}"', f'    zonefile: "{fname}"', ""]
    (out / "nsd.conf").write_text("\n".join(conf))


if __name__ == "__main__":
    main()
