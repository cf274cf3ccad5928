# test_render.py: the bulk report as pixels. A screenshot in headless
# Chromium (scale factor 1, fixed window) is not blank and shows each swept
# address's verdict colour, and the not-checked colour, at the position the
# layout gives its cell; printed to PDF (print style sheet) the grids keep
# their colours on a light page.
import ipaddress
import subprocess

import pytest
from PIL import Image

from . import browser, pixels
from .conftest import NOT_CHECKED, SWEEP_V6, palette, sweep_class

V4_BLOCK = "198.51.100.{}"


def expected_grids():
    """The two grids of the sweep: 198.51.100.0/24, then 2001:db8:1::/120."""
    v4 = {i: sweep_class(V4_BLOCK.format(i)) for i in range(256)}
    v6_swept = {int(a) & 0xff: sweep_class(str(a)) for a in ipaddress.ip_network(SWEEP_V6)}
    v6 = {i: v6_swept.get(i, NOT_CHECKED) for i in range(256)}
    return [v4, v6]


@pytest.fixture(scope="module")
def shot(sweep):
    png = sweep.workdir / "sweep.png"
    browser.screenshot(sweep.path, png, sweep.workdir)
    return Image.open(png).convert("RGB")


@pytest.fixture(scope="module")
def printed(sweep):
    """The printed report, its pages rendered at 96 dpi (1 px per CSS px)
    without anti-aliasing, side by side in one image list."""
    pdf = sweep.workdir / "sweep.pdf"
    browser.print_to_pdf(sweep.path, pdf, sweep.workdir)
    prefix = sweep.workdir / "page"
    subprocess.run(["pdftoppm", "-r", "96", "-aa", "no", "-aaVector", "no", "-png",
                    str(pdf), str(prefix)], check=True, timeout=60)
    return [Image.open(p).convert("RGB") for p in sorted(sweep.workdir.glob("page*.png"))]


def test_screenshot_not_blank(shot):
    colours = shot.getcolors(maxcolors=1 << 24)
    commonest = max(colours)[0]
    assert len(colours) > 20
    assert commonest < 0.95 * shot.size[0] * shot.size[1]


def test_screenshot_grid_colours_at_cell_positions(shot, sweep):
    root, _ = sweep.dom()
    found = pixels.grids(pixels.find_cells(shot, palette(root)))
    assert found == expected_grids()


def test_palette_one_colour_per_verdict(sweep):
    root, _ = sweep.dom()
    colours = palette(root)
    assert sorted(colours) == list(range(6))
    assert len(set(colours.values())) == 6


def test_print_keeps_grid_colours(printed, sweep):
    root, _ = sweep.dom()
    found = [g for page in printed
             for g in pixels.grids(pixels.find_cells(page, palette(root), slack=1), slack=1)]
    assert found == expected_grids()


def test_print_has_no_dark_background(printed):
    dark = total = 0
    for page in printed:
        for count, (r, g, b) in page.getcolors(maxcolors=1 << 24):
            total += count
            if 0.2126 * r + 0.7152 * g + 0.0722 * b < 60:
                dark += count
    assert dark < 0.03 * total
