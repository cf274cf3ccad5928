# SPDX-License-Identifier: MIT
# test_milter_metrics.py: the MetricsFile (issue 12): Prometheus text for
# node_exporter's textfile collector, written when the milter starts and
# once more when it stops, valid for `promtool check metrics` (lint
# included), with the counts of what the milter saw.
import re
import subprocess
import time

from .miltertools import AUTHSERV, run_miltertest

AR = AUTHSERV + "; iprev={} policy.iprev={} ({})"
PROMTOOL = "/usr/bin/promtool"
START_BOUND = 10  # seconds to wait for the first file (a run bound)


def samples(text):
    """The metric samples of an exposition: {"name{labels}": value}."""
    out = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            key, value = line.rsplit(" ", 1)
            out[key] = float(value)
    return out


def wait_for(path):
    deadline = time.monotonic() + START_BOUND
    while not path.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert path.exists(), f"{path} not written within {START_BOUND} s"


def promtool(path):
    proc = subprocess.run([PROMTOOL, "check", "metrics"], stdin=open(path, "rb"),
                          capture_output=True, timeout=30)
    return proc.returncode, (proc.stdout + proc.stderr).decode()


def test_metrics_file(milter_nsd, start_milter, tmp_path):
    path = tmp_path / "fcrdns.prom"
    m = start_milter(milter_nsd.resolver, MetricsFile=str(path))
    wait_for(path)
    assert promtool(path) == (0, ""), promtool(path)
    # Two messages: a pass and a permerror, each with two forged headers.
    run_miltertest("verdict.lua", m, IP="127.0.0.2", HELO="pass.milter.test",
                   AR=AR.format("pass", "127.0.0.2", "pass.milter.test"))
    run_miltertest("verdict.lua", m, IP="127.0.0.4", HELO="nothing.milter.test",
                   AR=AR.format("permerror", "127.0.0.4", "no PTR record"))
    m.stop()  # the last write happens on the way out
    assert promtool(path) == (0, ""), promtool(path)
    got = samples(path.read_text())
    want = {
        'fcrdns_milter_checks_total{result="pass"}': 1,
        'fcrdns_milter_checks_total{result="fail"}': 0,
        'fcrdns_milter_checks_total{result="temperror"}': 0,
        'fcrdns_milter_checks_total{result="permerror"}': 1,
        'fcrdns_milter_actions_total{action="accept"}': 2,
        'fcrdns_milter_actions_total{action="reject"}': 0,
        'fcrdns_milter_actions_total{action="tempfail"}': 0,
        'fcrdns_milter_actions_total{action="skipped"}': 0,
        'fcrdns_milter_forged_headers_removed_total': 4,
        'fcrdns_milter_check_duration_seconds_count': 2,
        'fcrdns_milter_check_duration_seconds_bucket{le="+Inf"}': 2,
    }
    assert {k: got.get(k) for k in want} == want, path.read_text()
    assert got["fcrdns_milter_connections_total"] == 2
    assert got["fcrdns_milter_dns_cache_misses_total"] > 0
    assert not list(tmp_path.glob("fcrdns.prom.*.tmp")), "a temporary file was left"


def test_metrics_every_action(milter_nsd, start_milter, tmp_path):
    """A reject and a skipped (internal) client are counted as such."""
    path = tmp_path / "fcrdns.prom"
    m = start_milter(milter_nsd.resolver, MetricsFile=str(path), Policy="reject",
                     InternalHosts="127.0.0.9")
    run_miltertest("policy.lua", m, IP="127.0.0.4", HELO="x.test", WANT="reject")
    run_miltertest("skip.lua", m, IP="127.0.0.9", MODE="internal")
    m.stop()
    got = samples(path.read_text())
    assert (got['fcrdns_milter_actions_total{action="reject"}'],
            got['fcrdns_milter_actions_total{action="skipped"}'],
            got['fcrdns_milter_actions_total{action="accept"}']) == (1, 1, 0)
    assert re.search(r"^# TYPE fcrdns_milter_checks_total counter$", path.read_text(), re.M)
