#!/bin/sh
# SPDX-License-Identifier: MIT
# classify.sh: names per second of fcrdns_classify() in this tree against
# an older classifier (main's, commit b60df6a, unless told otherwise),
# both built here and run in alternating rounds over the same names (the
# team's corpus and the real-world sets); prints both medians and the ratio.
# Usage: bench/classify.sh [BUILD_DIR] [OLD_COMMIT] [ROUNDS]
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
old=${2:-b60df6a}
rounds=${3:-5}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

ninja -C "$build" bench/bench_classify >/dev/null
mkdir "$tmp/src"
git -C "$root" archive "$old" | tar -x -C "$tmp/src"
meson setup "$tmp/build" "$tmp/src" >/dev/null
ninja -C "$tmp/build" bench/bench_classify >/dev/null
cat "$root"/tests/data/hostnames.tsv "$root"/tests/data/ptr-realworld-*.tsv >"$tmp/names.tsv"

# Print the names/second figure of one run of bench binary $1.
rate() {
	"$1" "$tmp/names.tsv" | awk '/names\/second/ { print $1 }'
}

# Print the median of the numbers in file $1.
median() {
	sort -n "$1" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

i=0
while [ "$i" -lt "$rounds" ]; do
	rate "$build/bench/bench_classify" >>"$tmp/new"
	rate "$tmp/build/bench/bench_classify" >>"$tmp/old"
	i=$((i + 1))
done
new=$(median "$tmp/new")
was=$(median "$tmp/old")
echo "names: $(grep -vc '^#' "$tmp/names.tsv"), rounds: $rounds (median of each)"
echo "this tree:  $new names/second"
echo "$old:    $was names/second"
awk -v n="$new" -v o="$was" 'BEGIN { printf "ratio new/old: %.2f\n", n / o }'
