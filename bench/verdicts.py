#!/usr/bin/python3
# verdicts.py: owns the benchmark's correctness check: compares fcrdns'
# JSON lines and adnshost's --fmt-asynch output with expected.txt and
# prints "<tool> <checked> <wrong> <missing> <temperror>" (wrong counts
# every verdict that differs from the truth, temperrors included).
import json
import sys


def load_expected(path):
    with open(path) as f:
        return dict(line.split() for line in f)


def tally(got, exp):
    """(checked, wrong, missing, temperror) of the verdicts got."""
    wrong = sum(1 for ip, v in got.items() if exp.get(ip) != v)
    temperror = sum(1 for v in got.values() if v == "temperror")
    return len(got), wrong, len(exp) - len(got), temperror


def fcrdns(path, exp):
    got = {}
    with open(path) as f:
        for line in f:
            r = json.loads(line)
            if "ip" in r:
                got[r["ip"]] = r["iprev"]
    return tally(got, exp)


def adns(path, exp):
    """adns' ptr query checks the name maps back: ok (pass), nxdomain (no
    PTR: permerror), other permanent failures (fail)."""
    got = {}
    with open(path, errors="replace") as f:
        for line in f:
            parts = line.split()
            if len(parts) < 6 or not parts[1].isdigit() or not parts[5].endswith(".in-addr.arpa"):
                continue
            ip = ".".join(reversed(parts[5].split(".")[:4]))
            status = parts[4]
            got[ip] = ("pass" if status == "ok" else
                       "permerror" if status in ("nxdomain", "nodata") else
                       "temperror" if parts[2] in ("localfail", "remotefail", "tempfail")
                       else "fail")
    return tally(got, exp)


def main():
    tool, out, expected = sys.argv[1:4]
    exp = load_expected(expected)
    counts = (fcrdns if tool == "fcrdns" else adns)(out, exp)
    print(tool, *counts)


if __name__ == "__main__":
    main()
