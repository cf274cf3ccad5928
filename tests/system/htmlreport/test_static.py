# test_static.py: the report files as bytes, before any browser: strict
# UTF-8 with no raw control character, no "<script" anywhere, no event
# handler attribute, nothing that loads (every src and url() is data: or a
# #fragment; links are https: only), and the CSP <meta> in <head>.
import re

import pytest

from . import dom
from .conftest import REPORTS

LOADING_ATTRS = {"src", "srcset", "data", "poster", "background", "action",
                 "formaction", "xlink:href", "ping", "manifest"}
NEVER = {"script", "link", "iframe", "frame", "object", "embed", "base",
         "form", "img", "image", "use", "audio", "video", "source", "portal"}


@pytest.fixture(params=REPORTS)
def page(request):
    return request.getfixturevalue(request.param).page()


def test_strict_utf8(page):
    page.decode("utf-8", "strict")


def test_no_raw_control_characters(page):
    text = page.decode("utf-8")
    bad = sorted({hex(ord(c)) for c in text
                  if (ord(c) < 0x20 and c != "\n") or 0x7f <= ord(c) <= 0x9f})
    assert bad == []


def test_no_script_anywhere(page):
    assert b"<script" not in page.lower()


def test_no_event_handler_attribute(page):
    tags = re.findall(rb"<[a-zA-Z][^>]*>", page)
    assert [t for t in tags if re.search(rb"\son[a-z]+\s*=", t, re.I)] == []
    _, names = dom.parse(page.decode("utf-8"))
    assert [n for n in names if n.startswith("on")] == []


def test_no_javascript_or_file_url(page):
    assert re.findall(rb"(?i)(javascript|vbscript|file):", page) == []


def test_nothing_loads(page):
    root, _ = dom.parse(page.decode("utf-8"))
    assert sorted({e.tag for e in root.iter() if e.tag in NEVER}) == []
    for e in root.iter():
        for name, value in e.attrs.items():
            if name in LOADING_ATTRS:
                assert value.startswith(("data:", "#")), (e.tag, name, value)
            if name == "href":
                assert e.tag == "a" and value.startswith(("https://", "#")), (e.tag, value)
    css = " ".join([s.text() for s in root.iter("style")] +
                   [e.attrs["style"] for e in root.iter() if "style" in e.attrs])
    for target in re.findall(r"url\(\s*['\"]?([^'\")]*)", css):
        assert target.startswith(("data:", "#")), target
    assert "@import" not in css


def test_csp_meta_in_head(page):
    root, _ = dom.parse(page.decode("utf-8"))
    (head,) = root.find("head")
    metas = [m for m in head.iter("meta")
             if m.attrs.get("http-equiv", "").lower() == "content-security-policy"]
    assert len(metas) == 1
    policy = {d.split()[0]: d.split()[1:] for d in metas[0].attrs["content"].split(";")
              if d.strip()}
    assert policy["default-src"] == ["'none'"]
    assert policy["script-src"] == ["'none'"]
    assert policy["script-src-attr"] == ["'none'"]
    assert policy["style-src"] == ["'unsafe-inline'"]
    assert policy["img-src"] == ["data:"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["form-action"] == ["'none'"]
