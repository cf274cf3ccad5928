# SPDX-License-Identifier: MIT
# test_bulk.py: owns `fcrdns bulk`: CIDR expansion and its cap, bad lines,
# --from-log on Postfix/Exim/Sendmail lines, --csv, --json (the default,
# exclusive with --csv), --dry-run (no DNS), one record per input,
# the DNS cache and coalescing (queries counted at the server), and a lossy
# server where only never-answered questions may end in temperror.
import csv
import io
import time

import pytest

from bulkdns import expected
from faultdns import rev
from fcrdnstools import bulk, records


def by_ip(recs):
    return {r["ip"]: r for r in recs if "ip" in r}


def test_cidr_ipv4(nsd):
    rc, out, _ = bulk(nsd.resolver, "192.0.2.0/29\n")
    recs = by_ip(records(out))
    assert sorted(recs) == [f"192.0.2.{i}" for i in range(8)]
    assert recs["192.0.2.1"]["iprev"] == "pass"
    assert recs["192.0.2.2"]["iprev"] == "fail"
    assert recs["192.0.2.6"]["iprev"] == "permerror"
    assert rc == 1


def test_cidr_ipv6(nsd):
    rc, out, _ = bulk(nsd.resolver, "2001:db8::/124\n2001:db8::1/128\n")
    recs = records(out)
    assert len(recs) == 17
    assert {r["ip"] for r in recs} == {"2001:db8::"} | {f"2001:db8::{i:x}" for i in range(1, 16)}
    assert by_ip(recs)["2001:db8::1"]["iprev"] == "pass"


def test_cidr_refused_above_cap_and_run_goes_on(nsd):
    rc, out, _ = bulk(nsd.resolver, "192.0.2.0/24\n192.0.2.1\n2001:db8::/64\n",
                      "--max-expand", "128")
    recs = records(out)
    errors = [r for r in recs if "error" in r]
    assert [e["input"] for e in errors] == ["192.0.2.0/24", "2001:db8::/64"]
    assert all("max-expand" in e["error"] for e in errors)
    assert [r["iprev"] for r in recs if "ip" in r] == ["pass"]
    assert rc == 1


def test_all_pass_exits_zero(nsd):
    rc, out, _ = bulk(nsd.resolver, "# header\n\n192.0.2.1\n  2001:db8::1  \r\n")
    assert [r["iprev"] for r in records(out)] == ["pass", "pass"]
    assert rc == 0


def test_temperror_only_exits_two(fault):
    rc, out, _ = bulk(fault.resolver, "192.0.2.101\n192.0.2.102\n")
    assert {r["iprev"] for r in records(out)} == {"temperror"}
    assert rc == 2


def test_bad_lines_are_records(nsd):
    long_line = b"1" * 10000
    data = (b"nonsense\n192.0.2.1\n" + long_line + b"\n\x00\xff\x1b[31m\n"
            b"192.0.2.1/33\n192.0.2.1/24/1\n" + b"9" * 5000 + b"\n192.0.2.2")
    rc, out, _ = bulk(nsd.resolver, data, binary_input=True)
    recs = records(out)
    assert len(recs) == 8
    errors = [r for r in recs if "error" in r]
    assert len(errors) == 6
    long_errs = [e for e in errors if e["input"].startswith("111")]
    assert len(long_errs) == 1 and 0 < len(long_errs[0]["input"]) < 4096
    assert {r["ip"] for r in recs if "ip" in r} == {"192.0.2.1", "192.0.2.2"}
    assert rc == 1


def test_overlong_line_at_end_without_newline(nsd):
    rc, out, _ = bulk(nsd.resolver, "192.0.2.1\n" + "x" * 70000)
    recs = records(out)
    assert len(recs) == 2 and sum("error" in r for r in recs) == 1


LOG = """\
Jan 10 10:00:01 mx postfix/smtpd[123]: connect from pass.example.test[192.0.2.1]
Jan 10 10:00:02 mx postfix/smtpd[123]: 4F1A2C3: client=pass.example.test[192.0.2.1]
Jan 10 10:00:02 mx postfix/cleanup[124]: 4F1A2C3: message-id=<x@y>
Jan 10 10:00:03 mx postfix/smtpd[123]: NOQUEUE: reject: RCPT from unknown[192.0.2.6]: 450 4.7.1 Client host rejected: cannot find your hostname, [192.0.2.6]; from=<a@b> to=<c@d> proto=ESMTP helo=<x>
Jan 10 10:00:04 mx postfix/smtpd[123]: disconnect from unknown[192.0.2.6] ehlo=1 quit=1
Jan 10 10:00:05 mx postfix/smtpd[125]: connect from unknown[2001:db8::1]
2024-01-10 10:00:06 1rABCD-000123-EF <= a@example.com H=mismatch.example.test [192.0.2.2] P=esmtp S=1
2024-01-10 10:00:07 1rABCD-000124-EF <= a@example.com H=(helo.example) [192.0.2.3]:25 P=esmtp S=1
2024-01-10 10:00:08 1rABCD-000125-EF <= a@example.com H=x.example (helo) [IPv6:2001:db8::2]:587 P=esmtpa
Jan 10 10:00:09 mx sendmail[99]: x0AA0006: from=<a@b>, size=1, nrcpts=1, proto=ESMTP, relay=nodata.example.test [192.0.2.4]
Jan 10 10:00:10 mx sendmail[99]: x0AA0007: from=<a@b>, relay=[192.0.2.5]
Jan 10 10:00:11 mx sendmail[99]: x0AA0008: from=<a@b>, relay=[192.0.2.5]
Jan 10 10:00:12 mx postfix/qmgr[12]: 4F1A2C3: removed
"""


def test_from_log(nsd):
    rc, out, err = bulk(nsd.resolver, LOG, "--from-log")
    recs = by_ip(records(out))
    assert len(out.splitlines()) == len(recs) == 8
    assert set(recs) == {"192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4",
                         "192.0.2.5", "192.0.2.6", "2001:db8::1", "2001:db8::2"}
    assert recs["192.0.2.1"]["iprev"] == "pass"
    assert recs["192.0.2.2"]["iprev"] == "fail"
    assert recs["2001:db8::1"]["iprev"] == "pass"
    assert rc == 1


def test_csv(nsd):
    rc, out, _ = bulk(nsd.resolver, "192.0.2.1\nbad,\"line\n192.0.2.2\n", "--csv")
    rows = list(csv.reader(io.StringIO(out, newline="")))
    assert rows[0] == ["ip", "iprev", "ptr", "confirmed", "problems",
                       "authentication_results", "generic", "provider",
                       "fix_owner", "input", "error"]
    assert all(len(row) == 11 for row in rows)
    data = {row[0]: row for row in rows[1:] if row[0]}
    assert data["192.0.2.1"][1:4] == ["pass", "pass.example.test", "pass.example.test"]
    assert data["192.0.2.2"][1] == "fail" and data["192.0.2.2"][4] == "forward-mismatch"
    assert data["192.0.2.1"][5].startswith("iprev=pass policy.iprev=192.0.2.1")
    assert data["192.0.2.1"][6:9] == ["false", "", ""]
    assert data["192.0.2.2"][6:9] == ["false", "", "domain-owner"]
    (error,) = [row for row in rows[1:] if not row[0]]
    assert error[9] == 'bad,"line' and error[10]
    assert rc == 1


def test_csv_neutralises_formulas(nsd):
    rc, out, _ = bulk(nsd.resolver, "=HYPERLINK(\"http://x\")\n@SUM(1)\n", "--csv")
    rows = list(csv.reader(io.StringIO(out, newline="")))
    inputs = sorted(row[9] for row in rows[1:])
    assert inputs == ["'=HYPERLINK(\"http://x\")", "'@SUM(1)"]
    assert rc == 1


def test_output_count_equals_input_count(nsd, tmp_path):
    lines = ["192.0.2.0/28", "junk", "192.0.2.1", "192.0.2.1", "2001:db8::/126",
             "# skipped", "", "10.0.0.0/8"] * 5
    path = tmp_path / "in.txt"
    path.write_text("\n".join(lines) + "\n")
    rc, out, _ = bulk(nsd.resolver, "", "-i", str(path), "--concurrency", "7")
    assert len(records(out)) == (16 + 1 + 2 + 4 + 1) * 5


def test_repeated_ip_is_looked_up_once(fault):
    rc, out, _ = bulk(fault.resolver, "192.0.2.100\n" * 20 + "192.0.2.100/32\n")
    recs = records(out)
    assert len(recs) == 21 and {r["iprev"] for r in recs} == {"pass"}
    assert fault.count(rev(100), "PTR") == 1
    assert fault.count("ok.fault.test", "A") == 1
    assert rc == 0


def test_shared_ptr_name_forward_looked_up_once(synth):
    synth.reset_counts()
    rc, out, _ = bulk(synth.resolver, "198.18.1.0/28\n", "--concurrency", "16")
    recs = records(out)
    assert len(recs) == 16 and {r["iprev"] for r in recs} == {"pass"}
    assert synth.count("shared.bulk.test", "A") == 1


def test_cache_off_still_correct(synth):
    rc, out, _ = bulk(synth.resolver, "198.18.0.1\n" * 3, "--cache", "0",
                      "--concurrency", "1")
    assert [r["iprev"] for r in records(out)] == ["pass"] * 3


def test_lossy_server(lossy):
    """A fifth of the queries get no answer: with enough tries every IP
    still gets a record, and only one whose question never got an answer
    may be temperror."""
    ips = [f"198.18.{c}.{d}" for c in (0, 2, 3) for d in range(60)]
    rc, out, _ = bulk(lossy.resolver, "\n".join(ips) + "\n", "--timeout", "100",
                      "--tries", "6", "--concurrency", "30")
    recs = by_ip(records(out))
    assert sorted(recs) == sorted(ips)
    for ip, r in recs.items():
        a, b, c, d = ip.split(".")
        ptr_q = f"{d}.{c}.18.198.in-addr.arpa"
        if r["iprev"] == "temperror":
            fwd_q = f"h-{c}-{d}.bulk.test"
            assert (lossy.answered[(ptr_q, "PTR")] == 0
                    or lossy.answered[(fwd_q, "A")] == 0), r
        else:
            assert r["iprev"] == expected(ip), r
    assert sum(r["iprev"] == "temperror" for r in recs.values()) < 10


def test_rate_limit(synth):
    ips = "".join(f"198.18.2.{d}\n" for d in range(40))   # one query each
    start = time.monotonic()
    rc, out, _ = bulk(synth.resolver, ips, "--rate", "100")
    assert len(records(out)) == 40
    # 40 queries at 100/s with a 5-query burst need at least 0.35 s.
    assert time.monotonic() - start >= 0.3


@pytest.mark.parametrize("args", [["--concurrency", "0"], ["--bogus"],
                                  ["--max-expand", "x"], ["192.0.2.1"],
                                  ["--rate", "-1"]])
def test_usage_errors(nsd, args):
    rc, out, _ = bulk(nsd.resolver, "192.0.2.1\n", *args)
    assert rc == 64 and out == ""


def test_missing_input_file(nsd, tmp_path):
    rc, out, err = bulk(nsd.resolver, "", "-i", str(tmp_path / "absent"))
    assert rc == 64 and out == ""


def test_quiet_and_summary(nsd):
    _, _, err = bulk(nsd.resolver, "192.0.2.1\n")
    assert "1 pass" in err
    _, _, err = bulk(nsd.resolver, "192.0.2.1\n", "--quiet")
    assert err == ""


def test_json_is_the_default(nsd):
    rc, out, _ = bulk(nsd.resolver, "192.0.2.1\n192.0.2.2\n", "--json")
    _, plain, _ = bulk(nsd.resolver, "192.0.2.1\n192.0.2.2\n")
    recs, default = by_ip(records(out)), by_ip(records(plain))
    for r in list(recs.values()) + list(default.values()):
        r.pop("elapsed_ms", None)
    assert recs == default
    assert recs["192.0.2.1"]["iprev"] == "pass"
    assert rc == 1


@pytest.mark.parametrize("args", [["--json", "--csv"], ["--csv", "--json"]])
def test_json_with_csv_is_a_usage_error(nsd, args):
    rc, out, err = bulk(nsd.resolver, "192.0.2.1\n", *args)
    assert rc == 64 and out == "" and err != ""


# The client lines of three MTAs, with text the clients wrote: only the
# field each MTA owns counts, and a dry run asks no DNS server (the
# resolver given is a closed port).
INJECTED_LOG = """\
Mar  4 10:00:01 mx postfix/smtpd[1201]: connect from mail.example.com[192.0.2.1]
Mar  4 10:00:01 mx postfix/postscreen[77]: CONNECT from [192.0.2.7]:41234 to [192.0.2.25]:25
Mar  4 10:00:02 mx postfix/smtp[600]: 4F1A2C3D5E: to=<b@example.net>, relay=mx.example.net[203.0.113.1]:25, delay=1, dsn=2.0.0, status=sent (250 OK)
2024-03-04 10:00:03 SMTP protocol error in "AUTH LOGIN" H=(test) [8.8.8.8]" H=(ylmf-pc) [192.0.2.8] AUTH command used when not advertised
2024-03-04 10:00:04 1rABCD-000123-EF => b@example.net R=dnslookup T=remote_smtp H=mx.example.net [203.0.113.2]
Mar  4 10:00:05 mx sm-mta[400]: 424A0A1B000400: AUTH failure (LOGIN): authentication failure (-13) SASL(-13): authentication failure: checkpass failed, user=x, relay=[8.8.4.4], relay=[2001:db8::9]
MESSAGE=disconnect from mail.example.com[192.0.2.1] ehlo=1 quit=1
"""


def test_dry_run_lists_log_clients_without_dns(closed_port):
    rc, out, err = bulk(f"127.0.0.1:{closed_port}", INJECTED_LOG, "--from-log", "--dry-run")
    assert out.splitlines() == ["192.0.2.1", "192.0.2.7", "192.0.2.8", "2001:db8::9"]
    assert err == ""
    assert rc == 0


def test_dry_run_expands_blocks(closed_port):
    rc, out, _ = bulk(f"127.0.0.1:{closed_port}", "192.0.2.0/30\n2001:db8::1\n", "--dry-run")
    assert out.splitlines() == ["192.0.2.0", "192.0.2.1", "192.0.2.2", "192.0.2.3",
                                "2001:db8::1"]
    assert rc == 0
