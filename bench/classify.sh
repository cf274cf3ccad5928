#!/bin/sh
# SPDX-License-Identifier: MIT
# classify.sh: build, then time fcrdns_classify() over the labelled corpus.
# Usage: bench/classify.sh [BUILD_DIR] [CORPUS]
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
ninja -C "$build" bench/bench_classify >/dev/null
exec "$build/bench/bench_classify" "${2:-$root/tests/data/hostnames.tsv}"
