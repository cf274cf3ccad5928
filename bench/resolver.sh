#!/bin/bash
# SPDX-License-Identifier: MIT
# resolver.sh: `fcrdns bulk` through a real recursive resolver at Internet
# latency (issue 14; not part of `make test`). Debian unbound (one thread,
# default request-list limits, no validator) on 127.0.0.2:53 resolves the
# zones of bench/genzones.py through stub zones that point at dnsdist, which
# forwards to NSD and delays every UDP answer by DELAY_MS (50) to stand for
# the Internet. Each run starts unbound afresh (cold cache) and checks the
# same N distinct addresses: fcrdns bulk with its defaults, with each
# --concurrency of CONCURRENCIES, then adnshost in chunks as in bulk.sh.
# Prints addresses/s, temperrors, wrong verdicts, peak RSS and unbound's
# request-list overflows per run. Needs root (adnshost only asks port 53).
#   usage: bench/resolver.sh [FCRDNS_BINARY] [ADDRESSES]
#   environment: CONCURRENCIES="64 256 1024 4096" DELAY_MS=50 ADNS_CHUNK=150
#                BASELINE=BINARY (another build's default run, in the same run)
#                ADNS=no (skip adnshost)
#                RUN_LIMIT=1200 (seconds per run before it is stopped)
#                QNAME_MINIMISATION=no (unbound's qname-minimisation)
#                RESOLVER_IP=127.0.0.2 (unbound's address; port 53, as adnshost
#                needs: not 127.0.0.1, where a system resolver may listen)
set -euo pipefail
cd "$(dirname "$0")/.."
FCRDNS=$(realpath -m "${1:-build/fcrdns}")
N=${2:-100000}
CONCURRENCIES=${CONCURRENCIES:-64 256 1024 4096}
DELAY_MS=${DELAY_MS:-50} ADNS_CHUNK=${ADNS_CHUNK:-150} RUN_LIMIT=${RUN_LIMIT:-1200}
QNAME_MINIMISATION=${QNAME_MINIMISATION:-no}
RESOLVER_IP=${RESOLVER_IP:-127.0.0.2}
BASELINE=${BASELINE:+$(realpath -m "$BASELINE")} ADNS=${ADNS:-yes}
case $N in '' | *[!0-9]*) echo "usage: $0 [FCRDNS_BINARY] [ADDRESSES]" >&2; exit 64 ;; esac
[ -x "$FCRDNS" ] || ninja -C build >/dev/null
[ -x "$FCRDNS" ] || { echo "$FCRDNS: not executable" >&2; exit 1; }
for p in nsd:nsd unbound:unbound dnsdist:dnsdist drill:ldnsutils adnshost:adns-tools; do
	PATH=$PATH:/usr/sbin command -v "${p%%:*}" >/dev/null ||
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${p#*:}" >/dev/null
done
W=$(mktemp -d /tmp/fcrdns-resolver.XXXXXX)
NSD_PID="" DNSDIST_PID="" UNBOUND_PID=""
. bench/common.sh
cleanup() {
	stop_measured
	stop_pid "$UNBOUND_PID"
	stop_pid "$DNSDIST_PID"
	stop_pid "$NSD_PID"
	rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

NSD_PORT=$(free_port) DNSDIST_PORT=$(free_port) CONTROL_PORT=$(free_port)
echo "generating zones for $N addresses in $W" >&2
/usr/bin/python3 bench/genzones.py -n "$N" -o "$W" --port "$NSD_PORT"
/usr/sbin/nsd -d -c "$W/nsd.conf" >"$W/nsd.out" 2>&1 &
NSD_PID=$!
wait_answer 127.0.0.1 "$NSD_PORT" bench.test SOA "$NSD_PID" "$W/nsd.out" "$W/nsd.log"

# dnsdist: the "Internet" between the resolver and the authoritative
# server. No security polling (it would leave loopback), large socket
# buffers so that its own sockets never drop a burst, several sockets to
# NSD, and every UDP answer held DELAY_MS before it goes back.
cat >"$W/dnsdist.conf" <<EOF
setSecurityPollSuffix("")
setUDPSocketBufferSizes(4194304, 4194304)
setACL({"127.0.0.0/8"})
setLocal("127.0.0.1:$DNSDIST_PORT")
newServer({address="127.0.0.1:$NSD_PORT", checkName="bench.test.", checkType="SOA", sockets=4})
addResponseAction(AllRule(), DelayResponseAction($DELAY_MS))
EOF
dnsdist --supervised --disable-syslog -C "$W/dnsdist.conf" >"$W/dnsdist.out" 2>&1 &
DNSDIST_PID=$!
wait_answer 127.0.0.1 "$DNSDIST_PORT" bench.test SOA "$DNSDIST_PID" "$W/dnsdist.out"
echo "dnsdist round trip: $(drill -p "$DNSDIST_PORT" @127.0.0.1 bench.test SOA | grep -o 'Query time: .*')" >&2

# unbound: defaults except what a loopback test bed needs: one thread, no
# validator, queries to 127.0.0.1 allowed, test. not answered locally, a
# stub zone per generated zone and one for the root, so that nothing leaves
# loopback. remote-control only to read its request-list counters.
# qname-minimisation is off by default: genzones.py puts a /16 in each
# reverse zone, where unbound would walk the empty non-terminal C.B.A
# before each PTR, three 50 ms round trips instead of the one that a
# reverse zone delegated per /24, the common case, costs.
write_unbound_conf() {
	local zone
	cat <<EOF
server:
    interface: $RESOLVER_IP@53
    do-ip6: no
    num-threads: 1
    username: ""
    chroot: ""
    directory: "$W"
    pidfile: "$W/unbound.pid"
    logfile: "$W/unbound.log"
    use-syslog: no
    verbosity: 1
    do-not-query-localhost: no
    module-config: "iterator"
    qname-minimisation: $QNAME_MINIMISATION
    local-zone: "test." nodefault
remote-control:
    control-enable: yes
    control-interface: 127.0.0.1
    control-port: $CONTROL_PORT
    control-use-cert: no
EOF
	for zone in . $(awk '/^ *name:/ {gsub(/"/, "", $2); print $2}' "$W/nsd.conf"); do
		printf 'stub-zone:\n    name: "%s"\n    stub-addr: 127.0.0.1@%s\n' "$zone" "$DNSDIST_PORT"
	done
}
write_unbound_conf >"$W/unbound.conf"
unbound-checkconf "$W/unbound.conf" >/dev/null

# start_unbound: a fresh unbound (cold cache) on RESOLVER_IP:53.
start_unbound() {
	stop_pid "$UNBOUND_PID"
	unbound -d -c "$W/unbound.conf" >"$W/unbound.out" 2>&1 &
	UNBOUND_PID=$!
	# localhost. is answered by unbound itself: the cache stays cold.
	wait_answer "$RESOLVER_IP" 53 localhost A "$UNBOUND_PID" "$W/unbound.out" "$W/unbound.log"
}

# unbound_stat NAME: one counter of the running unbound.
unbound_stat() {
	unbound-control -c "$W/unbound.conf" stats_noreset | awk -F= -v k="$1" '$1 == k {print $2}'
}

sed 's/^/-i/' "$W/ips.txt" >"$W/adns.args"
: >"$W/rows"
# udp_rcvbuf_errors: the kernel's count of UDP datagrams dropped because a
# socket's receive buffer was full (all sockets of the machine).
udp_rcvbuf_errors() {
	awk '/^Udp:/ {if (!h) {for (i = 1; i <= NF; i++) if ($i == "RcvbufErrors") c = i; h = 1}
		else print $c}' /proc/net/snmp
}

# run LABEL TOOL CMD: one cold-cache run of CMD (output in $W/LABEL.out),
# appended to $W/rows as "label wall rss checked wrong missing temperror
# exceeded jostled rc rcvbuf".
run() {
	local label=$1 tool=$2 cmd=$3 checked wrong missing temp exceeded jostled rcvbuf
	start_unbound
	echo "run $label" >&2
	rcvbuf=$(udp_rcvbuf_errors)
	measure "$label" timeout "$RUN_LIMIT" sh -c "$cmd > \"$W/$label.out\" 2> \"$W/$label.err\""
	rcvbuf=$(($(udp_rcvbuf_errors) - rcvbuf))
	read -r _ checked wrong missing temp < <(/usr/bin/python3 bench/verdicts.py "$tool" "$W/$label.out" "$W/expected.txt")
	exceeded=$(unbound_stat total.requestlist.exceeded)
	jostled=$(unbound_stat total.requestlist.overwritten)
	echo "$label $T_WALL $T_RSS $checked $wrong $missing $temp $exceeded $jostled $T_RC $rcvbuf" >>"$W/rows"
}

# No --quiet: the summary on stderr says how the engine paced itself.
BULK="\"$FCRDNS\" bulk -i \"$W/ips.txt\" --resolver $RESOLVER_IP:53"
run fcrdns-default fcrdns "$BULK"
[ -z "$BASELINE" ] ||
	run fcrdns-baseline fcrdns "\"$BASELINE\" bulk -i \"$W/ips.txt\" --resolver $RESOLVER_IP:53"
for c in $CONCURRENCIES; do
	run "fcrdns-c$c" fcrdns "$BULK --concurrency $c"
done
[ "$ADNS" = no ] || run "adnshost-x$ADNS_CHUNK" adns "xargs -n $ADNS_CHUNK adnshost +e -a -Tn -Vq --config 'nameserver $RESOLVER_IP' < \"$W/adns.args\""

echo
echo "$N addresses, cold unbound cache per run (qname-minimisation: $QNAME_MINIMISATION), authoritative answers delayed ${DELAY_MS} ms ($("$FCRDNS" --version 2>/dev/null | head -1 || echo "$FCRDNS"))"
awk -v n="$N" 'BEGIN {
	printf "%-18s %9s %8s %9s %7s %7s %9s %9s %9s %9s\n", "run", "addr/s", "wall s",
		"temperror", "wrong", "missing", "RSS MiB", "ub-exceed", "ub-jostle", "rcvbuf";
}
{
	printf "%-18s %9.0f %8.1f %9d %7d %7d %9.1f %9s %9s %9d%s\n", $1, n / $2, $2, $7,
		$5 - $7, $6, $3 / 1024, $8, $9, $11, ($10 == 124 ? "  (stopped at time limit)" : "");
}' "$W/rows"
echo "wrong: verdicts other than temperror that differ from the truth; ub-exceed/ub-jostle: unbound's"
echo "total.requestlist.exceeded (queries dropped) and .overwritten (older queries replaced);"
echo "rcvbuf: UDP datagrams the kernel dropped on full socket buffers during the run (whole machine)"
[ -z "$BASELINE" ] || echo "fcrdns-baseline: $BASELINE with its defaults"
echo
echo "the engine's own account of each fcrdns run (its summary's dns line):"
for f in "$W"/fcrdns-*.err; do
	printf '%-18s %s\n' "$(basename "$f" .err)" "$(grep -m1 '^  dns:' "$f" | sed 's/^  dns: //')"
done
