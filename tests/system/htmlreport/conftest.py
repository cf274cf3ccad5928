# conftest.py (htmlreport): owns the fixtures of the --html report tests: an
# NSD serving zones/ (a sweep of 198.51.100.0/26 with one 16-address row per
# verdict, 2001:db8:1::/124, hostile PTR names in 192.0.2.0/24), the reports
# made once per session from it, and their DOM as headless Chromium builds
# it. The package is not called "html": it would shadow Python's html module.
import ipaddress
import json
import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from fcrdnstools import (FAST, REPO, RUN_TIMEOUT, assert_no_sanitizer_report,
                        fcrdns_bin, parse_json_lines, run_fcrdns)
from nsdserver import running_nsd

from . import browser, dom

HERE = Path(__file__).resolve().parent

SWEEP_V4 = "198.51.100.0/26"
SWEEP_V6 = "2001:db8:1::/124"
# Verdict classes as the report numbers them (its CSS classes v0..v5).
PASS, PASS_NAMED, FAIL, PERMERROR, TEMPERROR, NOT_CHECKED = range(6)


def sweep_class(ip):
    """The verdict class the zones give an address of the sweep."""
    addr = ipaddress.ip_address(ip)
    last = addr.packed[-1]
    if addr.version == 6:
        return PASS if last < 8 else PERMERROR
    if last >= 64:
        return NOT_CHECKED
    return [PASS, PASS_NAMED, FAIL, PERMERROR if last < 56 else TEMPERROR][last // 16]


# Hostile PTR names (zones/2.0.192.in-addr.arpa.zone), as --json gives them.
HOSTILE = {
    "192.0.2.1": "<script>alert\\(1\\)</script>.example",
    "192.0.2.2": '\\"onmouseover=\\"x.example',
    "192.0.2.3": "</title><img src=x>.example",
    "192.0.2.4": "bad\\255\\254utf8\\195.example",
    "192.0.2.5": "ctl\\027[31m\\007\\000.example",
    "192.0.2.6": "a&b'c`d\\;e.example",
}
HOSTILE_HELO = b"<img src=x onerror=alert(1)>\xff\xfe\x1b[31m\"'"
# Addresses of the check report: one per verdict class, and IPv6.
CHECK_IPS = ["198.51.100.1", "198.51.100.17", "198.51.100.33", "198.51.100.50",
             "198.51.100.57", "2001:db8:1::3"]


@dataclass
class Report:
    """One fcrdns run with --html: the page and what the run printed."""
    path: Path
    rc: int
    stdout: str
    stderr: str
    records: list = field(default_factory=list)
    _dom: object = None
    workdir: Path = None

    def page(self):
        return self.path.read_bytes()

    def dom(self):
        """(root, attribute names) of the DOM Chromium built (cached)."""
        if self._dom is None:
            self._dom = dom.parse(browser.dump_dom(self.path, self.workdir))
        return self._dom


def bulk_report(resolver, text, path, *args):
    """Run `fcrdns bulk --html path` on text; --html comes between the
    other options. Returns a Report."""
    cmd = [str(fcrdns_bin()), "bulk", "--resolver", resolver, "--html", str(path),
           *FAST, *args]
    proc = subprocess.run(cmd, input=text.encode(), capture_output=True,
                          timeout=RUN_TIMEOUT, cwd=REPO)
    assert_no_sanitizer_report(proc.stderr)
    out = proc.stdout.decode("utf-8")
    records = [] if "--csv" in args else [json.loads(line) for line in out.splitlines()]
    return Report(Path(path), proc.returncode, out,
                  proc.stderr.decode("utf-8", "replace"), records,
                  workdir=Path(path).parent)


def check_report(resolver, ips, path, *args):
    """Run `fcrdns check --json ... IPs --html path` (the option after the
    operands). Returns a Report."""
    rc, out, err = run_fcrdns("check", "--json", "--resolver", resolver, *FAST,
                              *args, *ips, "--html", path)
    return Report(Path(path), rc, out, err, parse_json_lines(out),
                  workdir=Path(path).parent)


@pytest.fixture(scope="package")
def html_nsd(tmp_path_factory):
    yield from running_nsd(HERE / "zones", tmp_path_factory.mktemp("html-nsd"))


@pytest.fixture(scope="package")
def sweep(html_nsd, tmp_path_factory):
    """The bulk report of the sweep (IPv4 and IPv6) and one bad line."""
    d = tmp_path_factory.mktemp("sweep")
    return bulk_report(html_nsd.resolver, f"{SWEEP_V4}\n{SWEEP_V6}\nno-address\n",
                       d / "sweep.html")


@pytest.fixture(scope="package")
def hostile_bulk(html_nsd, tmp_path_factory):
    d = tmp_path_factory.mktemp("hostile-bulk")
    return bulk_report(html_nsd.resolver, "192.0.2.0/29\n", d / "hostile.html")


@pytest.fixture(scope="package")
def checked(html_nsd, tmp_path_factory):
    """The check report of one address per verdict, with a HELO name."""
    d = tmp_path_factory.mktemp("check")
    return check_report(html_nsd.resolver, CHECK_IPS, d / "check.html",
                        "--helo", "mail-1.html.test")


@pytest.fixture(scope="package")
def hostile_check(html_nsd, tmp_path_factory):
    """The check report of the hostile names, with a hostile HELO name
    (bytes: the command line is hostile too)."""
    d = tmp_path_factory.mktemp("hostile-check")
    helo = os.fsdecode(HOSTILE_HELO)
    return check_report(html_nsd.resolver, sorted(HOSTILE), d / "hostile.html",
                        "--helo", helo)


REPORTS = ["sweep", "hostile_bulk", "checked", "hostile_check"]


def palette(root):
    """{verdict class: (r, g, b)} from the page's style sheet (.vN fills)."""
    css = "".join(s.text() for s in root.iter("style"))
    colours = {}
    for n, hexa in re.findall(r"\.v(\d)\{fill:#([0-9a-fA-F]{6})\}", css):
        colours[int(n)] = tuple(int(hexa[i:i + 2], 16) for i in (0, 2, 4))
    return colours
