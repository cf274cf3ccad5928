# SPDX-License-Identifier: MIT
# test_audit_html.py: owns `fcrdns audit --html FILE` (issue 13): one page
# for several domains, read in headless Chromium (htmlreport's browser.py
# and dom.py): the SPF terms, lookup counts and problems, the MX hosts, one
# section per own address, the banner and EHLO verdicts, the fixes in the
# human report's order, each domain's exit status, all equal to what
# --json and the human report say; the hostile server and zone
# (hostile.example.com, 127.0.0.31) make no element and show escaped; the
# page is strict UTF-8 with a CSP; stdout is the same with or without
# --html; an unwritable path is a usage error before any DNS query.
import json
import re
import socket

import pytest
from PIL import Image

from conftest import FAST, run_fcrdns
from htmlreport import browser, dom
from htmlreport.conftest import PASS, FAIL, palette

from .auditrun import audit_options
from .plan import SMTP

DOMAINS = ["ok.example.com", "mismatch.example.com", "hostile.example.com", "incl.test"]
HOSTILE_IP = "127.0.0.31"


class Page:
    """The report of one run: its bytes, its DOM in Chromium, the run."""

    def __init__(self, path, rc, out, err):
        self.path, self.rc, self.out, self.err = path, rc, out, err
        self.bytes = path.read_bytes()
        self.root, self.attribute_names = dom.parse(
            browser.dump_dom(path, path.parent))

    def domain(self, name):
        (s,) = self.root.find("section", cls="domain", **{"data-domain": name})
        return s


@pytest.fixture(scope="module")
def probing(audit_nsd, responder_server):
    """Run `fcrdns audit` with probes on DOMAINS: (rc, stdout, stderr)."""
    def run(*args, domains=DOMAINS):
        responder_server.wait_idle()
        return run_fcrdns("audit", *args, *audit_options(audit_nsd, responder_server),
                          *domains)
    return run


@pytest.fixture(scope="module")
def page(probing, tmp_path_factory):
    """The human report's run with --html among the options."""
    path = tmp_path_factory.mktemp("audit-html") / "audit.html"
    return Page(path, *probing("--html", path))


@pytest.fixture(scope="module")
def facts(probing, tmp_path_factory):
    """The same audit's JSON Lines (--html after the domains), by domain."""
    path = tmp_path_factory.mktemp("audit-json") / "audit.html"
    rc, out, _ = probing("--json", domains=[*DOMAINS, "--html", path])
    by_domain = {}
    for line in out.splitlines():
        r = json.loads(line)
        by_domain.setdefault(r["domain"], []).append(r)
    return rc, out, by_domain


def records(facts, domain, kind):
    return [r for r in facts[2][domain] if r["type"] == kind]


def shown(text):
    """text as the page shows it: control characters as their pictures
    (U+2400 + c, U+2421 for DEL), C1 controls as U+FFFD, newlines kept."""
    out = []
    for c in text:
        if c == "\n":
            out.append(c)
        elif ord(c) < 0x20:
            out.append(chr(0x2400 + ord(c)))
        elif c == "\x7f":
            out.append("\u2421")
        elif 0x80 <= ord(c) <= 0x9f:
            out.append("\ufffd")
        else:
            out.append(c)
    return "".join(out)


def own_rows(record):
    """The term rows of one record's table (not of records nested in it)."""
    def owner(e):
        e = e.parent
        while not (e.tag == "div" and "record" in e.attrs.get("class", "").split()):
            e = e.parent
        return e
    return [tr for tr in record.find("tr", cls="term") if owner(tr) is record]


def human_fixes(out, domain):
    """The "What to fix" items of domain in the human report, numbers cut."""
    block = out.split(f"Audit of {domain}\n", 1)[1].split("\nResult for ", 1)[0]
    if "What to fix, in order:\n" not in block:
        return []
    items = block.split("What to fix, in order:\n", 1)[1].split("\n\n", 1)[0]
    return [re.sub(r"^  \d+\. ", "", line) for line in items.splitlines()]


# ---- The page as bytes and as a DOM: nothing runs, nothing loads ----------

def test_page_is_strict_utf8(page):
    page.bytes.decode("utf-8", "strict")


def test_page_has_no_raw_control_characters(page):
    text = page.bytes.decode("utf-8")
    assert sorted({hex(ord(c)) for c in text
                   if (ord(c) < 0x20 and c != "\n") or 0x7f <= ord(c) <= 0x9f}) == []


def test_page_has_no_script_anywhere(page):
    assert b"<script" not in page.bytes.lower()


def test_dom_has_no_script_element(page):
    assert page.root.find("script") == []


def test_dom_has_no_event_handler_attribute(page):
    assert [n for n in page.attribute_names if n.startswith("on")] == []


def test_hostile_text_makes_no_element(page):
    # One page title; every other <title> is a tooltip of the verdict bar.
    parents = sorted(t.parent.tag for t in page.root.find("title"))
    assert (page.root.find("img"), [p for p in parents if p != "rect"]) == ([], ["head"])


def test_csp_meta_forbids_scripts(page):
    (head,) = page.root.find("head")
    (meta,) = [m for m in head.iter("meta")
               if m.attrs.get("http-equiv", "").lower() == "content-security-policy"]
    policy = {d.split()[0]: d.split()[1:] for d in meta.attrs["content"].split(";")
              if d.strip()}
    assert (policy["default-src"], policy["script-src"], policy["script-src-attr"]) == \
        (["'none'"], ["'none'"], ["'none'"])


# ---- Hostile bytes shown escaped, as JSON gives them --------------------------

def test_hostile_banner_shown_escaped(page):
    (code,) = page.domain("hostile.example.com").find("code", cls="banner")
    text = "".join(c if isinstance(c, str) else "\n" for c in code.children)
    assert text == shown(SMTP[HOSTILE_IP]["banner"])


@pytest.mark.parametrize("row, field", [("banner", "banner_name"), ("ehlo", "ehlo_name")])
def test_hostile_server_names_shown_escaped(page, row, field):
    (tr,) = page.domain("hostile.example.com").find("tr", cls=row)
    (name,) = tr.find("span", cls="name")
    assert name.text() == shown(SMTP[HOSTILE_IP][field])


def test_hostile_spf_record_shown_escaped(page, facts):
    (spf,) = records(facts, "hostile.example.com", "spf")
    (code,) = page.domain("hostile.example.com").find("code", cls="record")
    assert code.text() == shown(spf["record"])


def test_hostile_mx_host_shown_as_json(page, facts):
    hosts = [tr.find("span", cls="name")[0].text()
             for tr in page.domain("hostile.example.com").find("tr", cls="mx")]
    assert hosts == [m["host"] for m in records(facts, "hostile.example.com", "mx")]


# ---- Structure: the facts --json gives ------------------------------------------

def test_domains_in_argument_order(page):
    assert [s.attrs["data-domain"] for s in page.root.find("section", cls="domain")] == DOMAINS


@pytest.mark.parametrize("domain", DOMAINS)
def test_spf_terms_with_qualifiers(page, facts, domain):
    (spf,) = records(facts, domain, "spf")
    (root,) = page.domain(domain).find("div", cls="record", **{"data-depth": "0"})
    got = [(tr.attrs["data-qualifier"], tr.find("code", cls="term")[0].text())
           for tr in own_rows(root)]
    terms = spf["record"].split(" ")[1:]
    assert got == [(t[0] if t[0] in "+-~?" else "+", shown(t)) for t in terms]


@pytest.mark.parametrize("domain", DOMAINS)
def test_spf_counts_and_problems(page, facts, domain):
    (spf,) = records(facts, domain, "spf")
    section = page.domain(domain).find("section", cls="spf")[0]
    (lookups,) = [b for b in section.iter("b") if "data-lookups" in b.attrs]
    (voids,) = [b for b in section.iter("b") if "data-void-lookups" in b.attrs]
    codes = [li.attrs["data-code"] for li in section.find("li")]
    assert (int(lookups.text()), int(voids.text()), codes) == \
        (spf["lookups"], spf["void_lookups"], [p["code"] for p in spf["problems"]])


def test_nested_provider_record(page):
    records_shown = page.domain("incl.test").find("div", cls="record")
    assert [(r.attrs["data-depth"], r.attrs["data-class"]) for r in records_shown] == \
        [("0", "own"), ("1", "own"), ("1", "provider")]


@pytest.mark.parametrize("domain", DOMAINS)
def test_mx_hosts_with_addresses(page, facts, domain):
    got = [(tr.find("span", cls="name")[0].text(),
            [a.text() for a in tr.find("span", cls="addr")])
           for tr in page.domain(domain).find("tr", cls="mx")]
    assert got == [(m["host"], m["addresses"]) for m in records(facts, domain, "mx")
                   if "host" in m]


def test_providers_blocks_not_checked(page, facts):
    rows = page.domain("incl.test").find("tr", cls="provider")
    got = [tr.find("code", cls="term")[0].text() for tr in rows]
    assert got == [s["term"] for s in records(facts, "incl.test", "source")
                   if s["class"] == "provider" and s["authorized"]]


@pytest.mark.parametrize("domain", DOMAINS)
def test_one_section_per_own_address(page, facts, domain):
    sections = page.domain(domain).find("section", cls="addr")
    got = sorted((s.attrs["data-ip"], s.child("h3").find("span", cls="name")[0].text())
                 for s in sections)
    own = sorted(r["ip"] for r in records(facts, domain, "ip") if r["class"] == "own")
    assert got == [(ip, ip) for ip in own]


@pytest.mark.parametrize("domain, ip, verdict, colour", [
    ("ok.example.com", "127.0.0.10", "match", "b0"),
    ("mismatch.example.com", "127.0.0.22", "mismatch", "b2"),
    ("hostile.example.com", HOSTILE_IP, "invalid", "b2"),
])
def test_banner_and_ehlo_verdicts(page, domain, ip, verdict, colour):
    (section,) = page.domain(domain).find("section", cls="addr", **{"data-ip": ip})
    got = []
    for row in ("banner", "ehlo"):
        (tr,) = section.find("tr", cls=row)
        (badge,) = tr.find("span", cls="badge")
        got.append((badge.attrs["data-verdict"], colour in badge.attrs["class"].split()))
    assert got == [(verdict, True), (verdict, True)]


@pytest.mark.parametrize("domain, kinds", [
    ("ok.example.com", []),
    ("mismatch.example.com", ["server-names"]),
    ("hostile.example.com", ["spf-problem"] * 3 + ["address", "server-names"]),
    ("incl.test", []),
])
def test_fix_kinds_in_order(page, domain, kinds):
    assert [li.attrs["data-kind"] for li in page.domain(domain).iter("li")
            if "data-kind" in li.attrs] == kinds


@pytest.mark.parametrize("domain", DOMAINS)
def test_fix_list_is_the_human_reports(page, domain):
    got = [li.text() for li in page.domain(domain).iter("li") if "data-kind" in li.attrs]
    assert got == human_fixes(page.out, domain)


@pytest.mark.parametrize("domain", DOMAINS)
def test_domain_exit_status(page, facts, domain):
    (summary,) = records(facts, domain, "summary")
    assert int(page.domain(domain).attrs["data-exit"]) == summary["exit"]


# ---- The command line -------------------------------------------------------------

def test_human_report_unchanged_by_html(page, probing):
    assert probing() == (page.rc, page.out, page.err)


def test_json_unchanged_by_html(facts, probing):
    # ip records come as each address is done: compare the set of lines.
    rc, out, _ = probing("--json")
    assert (rc, sorted(out.splitlines())) == (facts[0], sorted(facts[1].splitlines()))


def test_exit_status_with_html(page):
    assert page.rc == 1


def test_unwritable_report_is_usage_error_before_dns(tmp_path):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as resolver:
        resolver.bind(("127.0.0.1", 0))
        resolver.setblocking(False)
        rc, out, err = run_fcrdns("audit", "--no-smtp", *FAST, "--resolver",
                                  f"127.0.0.1:{resolver.getsockname()[1]}", "--html",
                                  tmp_path / "no-such-dir" / "r.html", "ok.example.com")
        with pytest.raises(BlockingIOError):
            resolver.recv(512)
    assert (rc, out, "cannot write the report" in err) == (64, "", True)


def test_unwritable_report_with_plugin_is_unknown(audit_nsd, tmp_path):
    rc, out, _ = run_fcrdns("audit", "--plugin", *audit_options(audit_nsd), "--html",
                            tmp_path / "no-such-dir" / "r.html", "ok.example.com")
    assert (rc, out.split(" ")[:2]) == (3, ["FCRDNS", "UNKNOWN"])


def test_plugin_with_html(audit_nsd, tmp_path):
    path = tmp_path / "plugin.html"
    rc, out, _ = run_fcrdns("audit", "--plugin", "--html", path, *audit_options(audit_nsd),
                            "ok.example.com")
    root, _ = dom.parse(path.read_text())
    assert (rc, out.split(" ")[:2], [s.attrs["data-domain"] for s in
                                     root.find("section", cls="domain")]) == \
        (0, ["FCRDNS", "OK"], ["ok.example.com"])


# ---- Pixels -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def shot(page):
    png = page.path.parent / "audit.png"
    browser.screenshot(page.path, png, page.path.parent)
    return Image.open(png).convert("RGB")


def test_screenshot_not_blank(shot):
    colours = shot.getcolors(maxcolors=1 << 24)
    commonest = max(colours)[0]
    assert (len(colours) > 20, commonest < 0.95 * shot.size[0] * shot.size[1]) == (True, True)


def test_screenshot_shows_pass_and_fail_colours(shot, page):
    colours = palette(page.root)
    present = {c for _, c in shot.getcolors(maxcolors=1 << 24)}
    assert (colours[PASS] in present, colours[FAIL] in present) == (True, True)
