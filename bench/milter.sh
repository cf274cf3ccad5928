#!/bin/sh
# SPDX-License-Identifier: MIT
# milter.sh: load test of fcrdns-milter behind a private Postfix (not part
# of `make test`): smtp-source throughput and per-message latency without a
# milter, with a no-op milter, and with fcrdns-milter (Policy none and
# reject), then a check that nothing was lost or double-stamped.
# Usage (as root): bench/milter.sh [BUILD_DIR] [MESSAGES] [SESSIONS]
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
ninja -C "$build" fcrdns-milter bench/noop_milter >/dev/null
exec /usr/bin/python3 "$root/bench/milter_load.py" "$build/fcrdns-milter" \
	"${2:-5000}" "${3:-50}"
