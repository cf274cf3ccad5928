#!/bin/sh
# SPDX-License-Identifier: MIT
# maillog.sh: time the mail-log reader. Generates LINES lines of mixed
# Postfix, Exim and Sendmail logs (bench/genmaillog.py), then runs
# bench_maillog (fcrdns_log_extract() in a loop) and, when OLD_BUILD names
# another tree's build directory, the same program linked with its
# libfcrdns.a, in the same run; last the whole `fcrdns bulk --from-log
# --dry-run` on the file. Usage: bench/maillog.sh [BUILD] [LINES] [OLD_BUILD]
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
lines=${2:-1000000}
old=${3:-}
log=$(mktemp /tmp/fcrdns-maillog.XXXXXX)
trap 'rm -f "$log" "$log.old"' EXIT
/usr/bin/python3 "$root/bench/genmaillog.py" "$lines" >"$log"
ninja -C "$build" bench/bench_maillog fcrdns >/dev/null
echo "this build: $("$build/bench/bench_maillog" "$log")"
if [ -n "$old" ]; then
	${CC:-cc} -O2 -I"$old/../include" -o "$log.old" "$root/bench/maillog.c" "$old/libfcrdns.a" \
		$(pkg-config --libs libcares libpsl)
	echo "old build:  $("$log.old" "$log")"
fi
start=$(date +%s.%N)
n=$("$build/fcrdns" bulk --from-log --dry-run --quiet -i "$log" | wc -l)
echo "fcrdns bulk --from-log --dry-run: $n distinct clients from $lines lines in" \
	"$(awk "BEGIN { printf \"%.2f\", $(date +%s.%N) - $start }") s"
