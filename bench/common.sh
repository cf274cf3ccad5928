# SPDX-License-Identifier: MIT
# common.sh: shell helpers shared by the benchmarks (sourced, never run):
# timing a command, finding a free loopback port, waiting for a DNS server
# to answer, stopping a server. Expects $W (the work directory) to be set.
# Uses bash features (local, <<<): source it from bash scripts only.

# measure NAME CMD...: run CMD under /usr/bin/time -v (its log in
# $W/NAME.time) in a process group of its own, whose id MEASURE_PGID keeps
# for stop_measured; set T_WALL (s), T_CPU (user+system s), T_RSS (peak KiB
# of the largest process) and T_RC (CMD's exit code).
measure() {
	local log="$W/$1.time"; shift
	T_RC=0
	setsid -w /usr/bin/time -v -o "$log" "$@" &
	MEASURE_PGID=$!
	wait "$MEASURE_PGID" || T_RC=$?
	MEASURE_PGID=""
	T_WALL=$(awk -F': ' '/Elapsed \(wall/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$log")
	T_CPU=$(awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {print u+s}' "$log")
	T_RSS=$(awk -F': ' '/Maximum resident/ {print $2}' "$log")
}

# stop_measured: end the command measure is running, if any (for traps).
stop_measured() {
	[ -n "${MEASURE_PGID:-}" ] && kill -- "-$MEASURE_PGID" 2>/dev/null
	return 0
}

# free_port: print a port free for UDP and TCP on 127.0.0.1 (the system
# tests' nsdserver.free_port).
free_port() {
	/usr/bin/python3 -c 'import sys; sys.path.insert(0, sys.argv[1])
from nsdserver import free_port; print(free_port())' tests/system
}

# wait_answer HOST PORT NAME TYPE PID LOG...: wait up to 30 s until the
# server on HOST:PORT answers NAME TYPE with NOERROR and data; fail with the
# LOG files when process PID exits or time runs out.
wait_answer() {
	local host=$1 port=$2 name=$3 type=$4 pid=$5 out; shift 5
	for _ in $(seq 150); do
		out=$(drill -p "$port" @"$host" "$name" "$type" 2>/dev/null) &&
			grep -q 'rcode: NOERROR' <<<"$out" &&
			grep -qE 'ANSWER: [1-9]' <<<"$out" && return 0
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.2
	done
	echo "no answer to $name $type on $host:$port" >&2
	cat "$@" >&2 2>/dev/null
	return 1
}

# stop_pid PID: SIGTERM, up to 5 s, then SIGKILL; an empty or gone PID is
# fine. Always returns 0 (it runs in traps under set -e).
stop_pid() {
	[ -n "$1" ] || return 0
	kill "$1" 2>/dev/null || return 0
	for _ in $(seq 50); do
		kill -0 "$1" 2>/dev/null || { wait "$1" 2>/dev/null || true; return 0; }
		sleep 0.1
	done
	kill -9 "$1" 2>/dev/null
	wait "$1" 2>/dev/null || true
}
