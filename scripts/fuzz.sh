#!/bin/sh
# fuzz.sh: build every fuzz target of fuzz/meson.build as a libFuzzer binary
# (clang, ASan + UBSan) and run each for SECONDS on a copy of its seed
# corpus. `make test` runs it for a few seconds a target; longer runs are
# for hunting:  scripts/fuzz.sh [SECONDS]   (default 60 per target)
set -eu
cd "$(dirname "$0")/.."
secs=${1:-60}
out=build-fuzz
[ -f "$out/build.ninja" ] || CC=clang meson setup "$out" -Dfuzzing=true \
	-Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debugoptimized >/dev/null
ninja -C "$out" >/dev/null
status=0
for seeds in fuzz/seeds/*/; do
	name=$(basename "$seeds")
	corpus="$out/corpus-$name"
	mkdir -p "$corpus"
	printf '== fuzz_%s (%s s): ' "$name" "$secs"
	if "$out/fuzz/fuzz_$name" -max_total_time="$secs" -max_len=8192 -timeout=5 \
		-print_final_stats=1 "$corpus" "$seeds" >"$corpus.log" 2>&1; then
		grep -E '^stat::number_of_executed_units' "$corpus.log" | awk '{print $2 " runs, no report"}'
	else
		echo "FAILED"; tail -40 "$corpus.log"; status=1
	fi
done
exit $status
