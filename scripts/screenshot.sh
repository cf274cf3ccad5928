#!/bin/sh
# screenshot.sh: remake docs/bulk-report.png, the README's picture of a bulk
# report: the demo's sweep (DEMO_REPORT, demo/run.sh) writes the page, and
# headless Chromium renders its top at scale 1 through the test suite's
# bounded runner (tests/system/htmlreport/browser.py). Needs `make deps`.
# Usage: scripts/screenshot.sh [path/to/fcrdns]   (default build/fcrdns)
set -eu
cd "$(dirname "$0")/.."
BIN=${1:-build/fcrdns}
work=$(mktemp -d "${TMPDIR:-/tmp}/fcrdns-shot.XXXXXX")
trap 'rm -rf "$work"' EXIT
DEMO_REPORT="$work/report.html" demo/run.sh "$BIN" >/dev/null
/usr/bin/python3 - "$work" <<'PY'
import sys
sys.path.insert(0, "tests/system/htmlreport")
import browser
work = sys.argv[1]
browser.screenshot(f"{work}/report.html", "docs/bulk-report.png", work, window=(1000, 960))
PY
ls -l docs/bulk-report.png
