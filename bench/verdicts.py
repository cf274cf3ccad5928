#!/usr/bin/python3
# verdicts.py: owns the benchmark's correctness check: compares fcrdns'
# JSON lines and adnshost's --fmt-asynch output with expected.txt and
# prints "<tool> <checked> <wrong> <missing>".
import json
import sys


def load_expected(path):
    with open(path) as f:
        return dict(line.split() for line in f)


def fcrdns(path, exp):
    got = {}
    with open(path) as f:
        for line in f:
            r = json.loads(line)
            if "ip" in r:
                got[r["ip"]] = r["iprev"]
    wrong = sum(1 for ip, v in got.items() if exp.get(ip) != v)
    return len(got), wrong, len(exp) - len(got)


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
    wrong = sum(1 for ip, v in got.items() if exp.get(ip) != v)
    return len(got), wrong, len(exp) - len(got)


def main():
    tool, out, expected = sys.argv[1:4]
    exp = load_expected(expected)
    checked, wrong, missing = (fcrdns if tool == "fcrdns" else adns)(out, exp)
    print(tool, checked, wrong, missing)


if __name__ == "__main__":
    main()
