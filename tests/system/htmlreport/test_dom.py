# test_dom.py: the reports as headless Chromium builds them (--dump-dom):
# no script element and no event handler whatever the names, the bulk grid
# with exactly one cell per swept address naming it, hostile names shown as
# --json gives them, and check's facts (verdict, round trip, problems, fix
# steps in order, DNSSEC, HELO) equal to its JSON records.
import ipaddress

import pytest

from .conftest import (CHECK_IPS, HOSTILE, REPORTS, SWEEP_V4, SWEEP_V6,
                       sweep_class)

SEP = " \u2014 "  # between a cell title's address, verdict and PTR name
WORDS = {0: "pass", 1: "pass, generic or provider name", 2: "fail",
         3: "permerror", 4: "temperror"}


@pytest.fixture(params=REPORTS)
def report(request):
    return request.getfixturevalue(request.param)


def cells(report):
    """{address: (class number, title parts)} of the grid cells."""
    root, _ = report.dom()
    found = {}
    for rect in root.find("rect", cls="cell"):
        title = rect.child("title").text()
        addr = title.split(SEP)[0]
        assert addr not in found, f"two cells for {addr}"
        (cls,) = [c for c in rect.attrs["class"].split() if c.startswith("v")]
        found[addr] = (int(cls[1:]), title.split(SEP))
    return found


def section(report, ip):
    root, _ = report.dom()
    (s,) = root.find("section", **{"data-ip": ip})
    return s


def test_dom_has_no_script_element(report):
    root, _ = report.dom()
    assert root.find("script") == []


def test_dom_has_no_event_handler_attribute(report):
    _, names = report.dom()
    assert [n for n in names if n.startswith("on")] == []


def test_hostile_names_make_no_element(report):
    root, _ = report.dom()
    assert root.find("img") == []
    # One page title; every other <title> is an SVG tooltip.
    assert sorted({t.parent.tag for t in root.find("title")} - {"rect", "path"}) == ["head"]
    assert len(root.find("head")[0].find("title")) == 1


def test_grid_has_one_cell_per_swept_address(sweep):
    swept = [str(a) for net in (SWEEP_V4, SWEEP_V6)
             for a in ipaddress.ip_network(net)]
    assert sorted(cells(sweep)) == sorted(swept)


def test_grid_cells_coloured_by_verdict(sweep):
    got = {addr: cls for addr, (cls, _) in cells(sweep).items()}
    assert got == {addr: sweep_class(addr) for addr in got}


def test_grid_titles_give_verdict_and_ptr_name(sweep):
    by_ip = {r["ip"]: r for r in sweep.records if "ip" in r}
    for addr, (cls, parts) in cells(sweep).items():
        r = by_ip[addr]
        name = r["confirmed"] or (r["ptr"][0] if r["ptr"] else None)
        assert parts[1] == WORDS[cls], parts
        assert parts[2] == (name if name else "no PTR name (NXDOMAIN)"), parts


def test_hostile_grid_titles_show_names_as_json(hostile_bulk):
    got = {addr: parts[2] for addr, (_, parts) in cells(hostile_bulk).items()
           if addr in HOSTILE}
    assert got == HOSTILE
    assert {r["ip"]: r["ptr"][0] for r in hostile_bulk.records
            if r.get("ip") in HOSTILE} == HOSTILE


def test_hostile_check_names_as_json(hostile_check):
    got = {}
    for ip in HOSTILE:
        (row,) = section(hostile_check, ip).find("tr", cls="ptr")
        got[ip] = row.children[2].text()
    assert got == HOSTILE


def test_hostile_helo_shown_as_text(hostile_check):
    (dd,) = [d for d in section(hostile_check, "192.0.2.1").iter("dd")
             if d.find("b", **{"data-helo": "invalid"})]
    assert dd.text().startswith("<img src=x onerror=alert(1)>\ufffd\ufffd\u241b[31m\"' ")


def test_check_verdicts_as_json(checked):
    assert [section(checked, r["ip"]).attrs["data-iprev"] for r in checked.records] == \
        [r["iprev"] for r in checked.records]
    assert [r["ip"] for r in checked.records] == CHECK_IPS


def test_check_fix_steps_in_json_order(checked):
    got, want = {}, {}
    for r in checked.records:
        lists = section(checked, r["ip"]).find("ol", cls="steps")
        got[r["ip"]] = [li.text() for ol in lists for li in ol.iter("li")]
        want[r["ip"]] = r["fix"]["steps"]
    assert got == want
    assert sum(len(s) for s in want.values()) > 4


def test_check_problems_as_json(checked):
    for r in checked.records:
        items = [li for li in section(checked, r["ip"]).iter("li") if "data-code" in li.attrs]
        assert [(li.attrs["data-code"], li.find("span", cls="msg")[0].text()) for li in items] \
            == [(p["code"], p["message"]) for p in r["problems"]]


def test_check_round_trip_confirms(checked):
    for r in checked.records:
        rows = section(checked, r["ip"]).find("tr", cls="fwd")
        confirmed = [row.children[1].text() for row in rows
                     if row.find("span", **{"data-confirms": "1"})]
        assert confirmed == ([r["confirmed"]] if r["confirmed"] else [])


def test_check_dnssec_as_json(checked):
    for r in checked.records:
        s = section(checked, r["ip"])
        ptr = [e.attrs["data-dnssec-ptr"] for e in s.iter("span") if "data-dnssec-ptr" in e.attrs]
        fwd = [e.attrs["data-dnssec-forward"] for e in s.iter("span")
               if "data-dnssec-forward" in e.attrs]
        assert (ptr, fwd) == ([r["dnssec"]["ptr"]],
                              [r["dnssec"]["forward"]] if r["dnssec"]["forward"] else [])


def test_check_helo_verdict_as_json(checked):
    got = [section(checked, r["ip"]).find("b", **{"data-helo": r["helo"]["verdict"]})
           for r in checked.records]
    assert all(len(g) == 1 for g in got)
