#!/bin/bash
# test.sh: everything `make test` runs: the gcc build with unit tests
# (cmocka) and system tests (pytest against NSD and fault servers), a
# `meson install` check (scripts/installcheck.sh), the Debian packages
# (built, lintian, installed, used and purged), a clang build, then the
# whole suite again under AddressSanitizer + UBSan, then every fuzz target
# for a few seconds (scripts/fuzz.sh). Prints one closing summary line and
# exits non-zero on any failure.
set -u
cd "$(dirname "$0")/.."
PY=/usr/bin/python3
passed=0 failed=0 stages_failed=""

# Add the counts of a meson test log to the totals.
count_meson() {
	local ok fail
	ok=$(grep -E '^Ok:' "$1" | awk '{print $2}' | tail -1)
	fail=$(grep -E '^(Fail|Timeout|Unexpected Pass):' "$1" | awk '{s+=$NF} END {print s+0}')
	passed=$((passed + ${ok:-0})); failed=$((failed + ${fail:-0}))
}

# Add the counts of a pytest summary line to the totals.
count_pytest() {
	local line p f e
	line=$(grep -E '[0-9]+ (passed|failed|error)' "$1" | tail -1)
	p=$(echo "$line" | grep -oE '[0-9]+ passed' | grep -oE '[0-9]+')
	f=$(echo "$line" | grep -oE '[0-9]+ failed' | grep -oE '[0-9]+')
	e=$(echo "$line" | grep -oE '[0-9]+ errors?' | grep -oE '[0-9]+')
	passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0} + ${e:-0}))
}

stage_failed() {
	stages_failed="$stages_failed $1"
	echo "=== FAILED: $1"
}

# run_suite NAME BUILDDIR: unit then system tests of one build.
run_suite() {
	local name=$1 dir=$2 log
	log=$(mktemp)
	echo "=== $name: unit tests"
	if ! meson test -C "$dir" --print-errorlogs >"$log" 2>&1; then
		stage_failed "$name-unit"
	fi
	grep -E '^ *[0-9]+/[0-9]+ |^Ok:|^Fail:' "$log"
	count_meson "$log"
	echo "=== $name: system tests"
	if ! FCRDNS_BIN="$dir/fcrdns" FCRDNS_MILTER_BIN="$dir/fcrdns-milter" $PY -m pytest -q -p no:cacheprovider tests/system 2>&1 | tee "$log"; then
		stage_failed "$name-system"
	fi
	grep -qE '[0-9]+ (passed|failed)' "$log" || stage_failed "$name-system(no tests ran)"
	# A skipped test hides a missing server or privilege: it fails the run.
	grep -qE '[0-9]+ skipped' "$log" && stage_failed "$name-system(tests skipped)"
	count_pytest "$log"
	rm -f "$log"
}

# run_packages: build the Debian packages (make deb; the unit tests ran
# above, hence nocheck), lintian them (no error, no warning that debian/
# does not override), then install, use and purge them as root
# (tests/system/packages). Concurrent runs on one machine take turns.
run_packages() {
	local log debs rc
	if [ "$(id -u)" -ne 0 ]; then
		echo "the package tests install packages: run make test as root"
		stage_failed packages-not-root; failed=$((failed + 1)); return
	fi
	log=$(mktemp)
	if ! DEB_BUILD_OPTIONS="nocheck parallel=2" scripts/deb.sh >"$log" 2>&1; then
		tail -40 "$log"; rm -f "$log"
		stage_failed packages-build; failed=$((failed + 1)); return
	fi
	grep -E '^dpkg-deb: building' "$log"
	lintian --fail-on error,warning build-deb/*.changes >"$log" 2>&1
	rc=$?
	grep -v 'running with root privileges' "$log"
	if [ $rc -eq 0 ]; then passed=$((passed + 1)); else
		stage_failed packages-lintian; failed=$((failed + 1)); fi
	debs=$(ls build-deb/fcrdns_*.deb build-deb/fcrdns-milter_*.deb build-deb/libfcrdns-dev_*.deb)
	(flock -w 900 9 && FCRDNS_DEBS="$debs" timeout 900 $PY -m pytest -q \
		-p no:cacheprovider tests/system/packages) 9>/run/lock/fcrdns-packages.lock 2>&1 |
		tee "$log"
	[ "${PIPESTATUS[0]}" -eq 0 ] || stage_failed packages-install
	grep -qE '[0-9]+ (passed|failed)' "$log" || stage_failed "packages-install(no tests ran)"
	grep -qE '[0-9]+ skipped' "$log" && stage_failed "packages-install(tests skipped)"
	count_pytest "$log"
	rm -f "$log"
}

build() {
	local dir=$1; shift
	[ -f "$dir/build.ninja" ] || meson setup "$dir" "$@" >/dev/null || return 1
	ninja -C "$dir"
}

if build build; then
	run_suite gcc build
else
	stage_failed gcc-build
fi

echo "=== meson install into a DESTDIR: files, exported symbols, a pkg-config client"
if scripts/installcheck.sh; then
	passed=$((passed + 1))
else
	stage_failed install; failed=$((failed + 1))
fi

echo "=== Debian packages: make deb, lintian, install, use, purge"
run_packages

echo "=== clang build (warnings are errors)"
if ! CC=clang build build-clang; then stage_failed clang-build; fi

echo "=== AddressSanitizer + UndefinedBehaviorSanitizer"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
if build build-asan -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug; then
	run_suite asan build-asan
else
	stage_failed asan-build
fi

echo "=== libFuzzer: every target for a few seconds on its seeds"
if scripts/fuzz.sh "${FUZZ_SECONDS:-5}"; then
	passed=$((passed + 1))
else
	stage_failed fuzz; failed=$((failed + 1))
fi

echo
if [ -n "$stages_failed" ]; then
	echo "failing stages:$stages_failed"
	[ "$failed" -eq 0 ] && failed=1
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ -z "$stages_failed" ]
