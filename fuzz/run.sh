#!/bin/sh
# run.sh: build the libFuzzer targets with clang (ASan + UBSan) and run each
# for a while (not part of `make test`: a fuzz run is open-ended).
#   usage: fuzz/run.sh [SECONDS]   (default 60 per target)
set -eu
cd "$(dirname "$0")/.."
secs=${1:-60}
out=build-fuzz
mkdir -p "$out"
flags="-std=c17 -g -O1 -D_GNU_SOURCE -DFCRDNS_VERSION=\"fuzz\" -fsanitize=fuzzer,address,undefined -Iinclude -Ilib -Isrc/milter"
libs="$(pkg-config --libs libcares libpsl)"
libsrc="$(find lib -name '*.c' | sort) src/milter/hostlist.c src/milter/policy.c src/milter/milterconf.c"
# fuzz_text links the whole library; fuzz_dns compiles dns.c itself.
clang $flags fuzz/fuzz_text.c $libsrc $libs -o "$out/fuzz_text"
clang $flags fuzz/fuzz_dns.c $(echo "$libsrc" | grep -v '^lib/dns/dns.c$') $libs -o "$out/fuzz_dns"
for t in fuzz_text fuzz_dns; do
	mkdir -p "$out/corpus-$t"
	echo "== $t ($secs s)"
	"$out/$t" -max_total_time="$secs" -max_len=4096 -timeout=5 "$out/corpus-$t" fuzz/seeds 2>&1 | tail -3
done
