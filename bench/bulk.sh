#!/bin/bash
# bulk.sh: the `fcrdns bulk` benchmark (not part of `make test`). Generates
# reverse and forward zones for N addresses (bench/genzones.py), serves them
# with NSD on 127.0.0.1:53 (adnshost cannot change port), measures the
# server's ceiling with dnsperf, then fcrdns bulk and adnshost (FCrDNS ptr
# queries, 150 IPs per invocation), checks every verdict, prints a table,
# and measures peak RSS on a 10M-line input. Needs root for port 53.
# Each tool runs ROUNDS times, alternating, and the median run (by wall
# time) is reported: on a shared two-core machine single runs vary by 10%.
# With -b BIN, a baseline fcrdns (an older build) runs in the same rounds,
# so before/after ratios come from one run.
#   usage: bench/bulk.sh [-n N] [-m LINES] [-c CONCURRENCY] [-r ROUNDS] [-b BIN]
set -euo pipefail
cd "$(dirname "$0")/.."
N=1000000 MEMLINES=10000000 CONC="" ROUNDS=3 BASE=""
while getopts "n:m:c:r:b:" o; do
	case $o in
	n) N=$OPTARG ;; m) MEMLINES=$OPTARG ;; c) CONC="--concurrency $OPTARG" ;;
	r) ROUNDS=$OPTARG ;; b) BASE=$OPTARG ;;
	*) echo "usage: $0 [-n N] [-m LINES] [-c CONCURRENCY] [-r ROUNDS] [-b BIN]" >&2; exit 64 ;;
	esac
done
FCRDNS=${FCRDNS_BIN:-build/fcrdns}
for p in nsd:nsd adnshost:adns-tools dnsperf:dnsperf; do
	command -v "${p%%:*}" >/dev/null || PATH=$PATH:/usr/sbin command -v "${p%%:*}" >/dev/null ||
		apt-get install -y "${p#*:}" >/dev/null
done
[ -x "$FCRDNS" ] || ninja -C build >/dev/null
W=$(mktemp -d /tmp/fcrdns-bench.XXXXXX)
NSD_PID=""
cleanup() {
	stop_measured
	[ -n "$NSD_PID" ] && kill "$NSD_PID" 2>/dev/null && wait "$NSD_PID" 2>/dev/null
	rm -rf "$W"
}
trap cleanup EXIT INT TERM
. bench/common.sh

echo "generating zones for $N addresses in $W" >&2
/usr/bin/python3 bench/genzones.py -n "$N" -o "$W"
/usr/sbin/nsd -d -c "$W/nsd.conf" >"$W/nsd.out" 2>&1 &
NSD_PID=$!
LAST=$(tail -1 "$W/ips.txt")
for _ in $(seq 600); do
	adnshost +e -Vq --config "nameserver 127.0.0.1" -i"$LAST" >/dev/null 2>&1 && break
	kill -0 "$NSD_PID" 2>/dev/null || { cat "$W/nsd.out" "$W/nsd.log" >&2; exit 1; }
	sleep 0.5
done

echo "dnsperf ceiling (PTR queries, -c 2 -q 200 -T 2, 15 s)" >&2
dnsperf -s 127.0.0.1 -p 53 -d "$W/dnsperf.txt" -c 2 -q 200 -T 2 -l 15 >"$W/dnsperf.out" 2>&1
CEIL=$(awk '/Queries per second/ {print $4}' "$W/dnsperf.out")

# median TAG: of the rounds recorded in $W/TAG.runs ("wall cpu rss"),
# print the one with the median wall time.
median() {
	sort -n "$W/$1.runs" | awk '{a[NR]=$0} END {print a[int((NR+1)/2)]}'
}

sed 's/^/-i/' "$W/ips.txt" >"$W/adns.args"
: >"$W/fcrdns.runs"
: >"$W/adns.runs"
: >"$W/base.runs"
for round in $(seq "$ROUNDS"); do
	if [ -n "$BASE" ]; then
		echo "round $round/$ROUNDS: baseline $BASE bulk" >&2
		measure base sh -c "\"$BASE\" bulk -i \"$W/ips.txt\" --resolver 127.0.0.1:53 --quiet $CONC > \"$W/base.out\""
		echo "$T_WALL $T_CPU $T_RSS" >>"$W/base.runs"
	fi
	echo "round $round/$ROUNDS: fcrdns bulk" >&2
	measure fcrdns sh -c "\"$FCRDNS\" bulk -i \"$W/ips.txt\" --resolver 127.0.0.1:53 --quiet $CONC > \"$W/fc.out\""
	echo "$T_WALL $T_CPU $T_RSS" >>"$W/fcrdns.runs"
	echo "round $round/$ROUNDS: adnshost (150 addresses per invocation)" >&2
	measure adns sh -c "xargs -n 150 adnshost +e -a -Tn -Vq --config 'nameserver 127.0.0.1' < \"$W/adns.args\" > \"$W/adns.out\""
	echo "$T_WALL $T_CPU $T_RSS" >>"$W/adns.runs"
done
read -r F_WALL F_CPU F_RSS < <(median fcrdns)
read -r A_WALL A_CPU A_RSS < <(median adns)
F_RANGE=$(sort -n "$W/fcrdns.runs" | awk 'NR==1 {lo=$1} {hi=$1} END {print lo "-" hi}')
A_RANGE=$(sort -n "$W/adns.runs" | awk 'NR==1 {lo=$1} {hi=$1} END {print lo "-" hi}')
# Queries fcrdns sent: one PTR per address plus one A per PTR name.
F_QUERIES=$(awk '$2 != "permerror" {q++} END {print NR + q}' "$W/expected.txt")

echo "checking verdicts" >&2
read -r _ F_CHECKED F_WRONG F_MISSING _ < <(/usr/bin/python3 bench/verdicts.py fcrdns "$W/fc.out" "$W/expected.txt")
read -r _ A_CHECKED A_WRONG A_MISSING _ < <(/usr/bin/python3 bench/verdicts.py adns "$W/adns.out" "$W/expected.txt")

if [ -n "$BASE" ]; then
	read -r B_WALL B_CPU _ < <(median base)
	read -r _ B_CHECKED B_WRONG B_MISSING < <(/usr/bin/python3 bench/verdicts.py fcrdns "$W/base.out" "$W/expected.txt")
	awk -v n="$N" -v bw="$B_WALL" -v bc="$B_CPU" -v fw="$F_WALL" -v aw="$A_WALL" -v ok="$B_CHECKED/$B_WRONG/$B_MISSING" 'BEGIN {
		printf "baseline: %.0f IPs/s, %.1f us CPU per IP, checked/wrong/missing %s\n", n/bw, bc*1e6/n, ok;
		printf "baseline / adnshost speed: %.2fx; this build / baseline: %.2fx\n", aw/bw, bw/fw }' >"$W/base.txt"
fi

echo "memory: $MEMLINES lines (the first 50,000 addresses repeated)" >&2
head -50000 "$W/ips.txt" >"$W/ips50k.txt"
/usr/bin/python3 -c 'import sys, itertools
ips = open(sys.argv[1]).read().split()
with open(sys.argv[3], "w") as f:
    f.writelines(ip + "\n" for ip in itertools.islice(itertools.cycle(ips), int(sys.argv[2])))' \
	"$W/ips50k.txt" "$MEMLINES" "$W/big.txt"
measure mem sh -c "\"$FCRDNS\" bulk -i \"$W/big.txt\" --resolver 127.0.0.1:53 --quiet $CONC | wc -l > \"$W/mem.count\""
M_RSS=$T_RSS M_WALL=$T_WALL

awk -v n="$N" -v ceil="$CEIL" -v fw="$F_WALL" -v fc="$F_CPU" -v fr="$F_RSS" -v fq="$F_QUERIES" \
    -v aw="$A_WALL" -v ac="$A_CPU" -v ar="$A_RSS" -v mr="$M_RSS" -v mw="$M_WALL" -v ml="$MEMLINES" \
    -v fok="$F_CHECKED/$F_WRONG/$F_MISSING" -v aok="$A_CHECKED/$A_WRONG/$A_MISSING" \
    -v rounds="$ROUNDS" -v frange="$F_RANGE" -v arange="$A_RANGE" 'BEGIN {
	printf "\n%-24s %12s %12s\n", "", "fcrdns bulk", "adnshost";
	printf "%-24s %12d %12d\n", "addresses", n, n;
	printf "%-24s %12.2f %12.2f\n", "wall seconds (median)", fw, aw;
	printf "%-24s %12s %12s\n", "wall range, " rounds " rounds", frange, arange;
	printf "%-24s %12.0f %12.0f\n", "IPs/second", n/fw, n/aw;
	printf "%-24s %12.1f %12.1f\n", "CPU us per IP (u+s)", fc*1e6/n, ac*1e6/n;
	printf "%-24s %12.1f %12.1f\n", "peak RSS MiB", fr/1024, ar/1024;
	printf "%-24s %12s %12s\n", "checked/wrong/missing", fok, aok;
	printf "\nfcrdns / adnshost speed: %.2fx\n", aw/fw;
	printf "dnsperf ceiling: %.0f PTR queries/s; fcrdns sent %.0f queries/s = %.2f of it\n", ceil, fq/fw, fq/fw/ceil;
	printf "server-limited IP rate (ceiling / %.2f queries per IP): %.0f IPs/s; fcrdns reached %.2f of it\n", fq/n, ceil*n/fq, (n/fw)/(ceil*n/fq);
	printf "%d-line run: peak RSS %.1f MiB (largest process: fcrdns), %.1f s\n", ml, mr/1024, mw;
}'
[ -f "$W/base.txt" ] && cat "$W/base.txt"
true
