#!/usr/bin/env bash
# demo/run.sh: owns the demo (`make demo`). It starts a private NSD on a
# random loopback port serving demo/zones/, runs `fcrdns check` on one IP
# per story and `fcrdns audit` on the company domain, then stops NSD.
# Nothing leaves the machine: fcrdns only asks that NSD (and the audit
# makes no SMTP connection). Usage: demo/run.sh [path/to/fcrdns]   (default build/fcrdns)
# With DEMO_REPORT=FILE it also sweeps 203.0.113.0/24 and 2001:db8::/124 with
# `fcrdns bulk --html FILE` (the README's screenshot is that page).
# Exit status: 0 when every story ran (whatever its verdict), else 1.
set -u

BIN=${1:-build/fcrdns}
NSD=${NSD:-/usr/sbin/nsd}
PY=/usr/bin/python3
HERE=$(cd "$(dirname "$0")" && pwd)
ZONES="$HERE/zones"

die() { echo "demo: $*" >&2; exit 1; }
[ -x "$BIN" ] || die "no fcrdns binary at $BIN (build it first: make)"
[ -x "$NSD" ] || die "no nsd at $NSD (install it: make deps)"
[ -x "$PY" ] || die "no $PY (install python3: make deps)"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/fcrdns-demo.XXXXXX") || die "mktemp failed"
NSD_PID=""
# Stop NSD: SIGTERM, up to 5 s of grace, then SIGKILL.
stop_nsd() {
	[ -n "$NSD_PID" ] || return 0
	kill "$NSD_PID" 2>/dev/null
	for _ in $(seq 50); do
		kill -0 "$NSD_PID" 2>/dev/null || break
		sleep 0.1
	done
	kill -9 "$NSD_PID" 2>/dev/null
	wait "$NSD_PID" 2>/dev/null
	NSD_PID=""
}
cleanup() {
	stop_nsd
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A port free for UDP and TCP on 127.0.0.1.
free_port() {
	"$PY" - <<'EOF'
import socket
for _ in range(50):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as u:
        u.bind(("127.0.0.1", 0))
        port = u.getsockname()[1]
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as t:
                t.bind(("127.0.0.1", port))
        except OSError:
            continue
        print(port)
        break
EOF
}

# Succeeds when 127.0.0.1:$1 answers SOA for zone $2 with data.
answers_soa() {
	"$PY" - "$1" "$2" <<'EOF'
import sys
import dns.message, dns.query, dns.rdatatype
port, zone = int(sys.argv[1]), sys.argv[2]
try:
    r = dns.query.udp(dns.message.make_query(zone, dns.rdatatype.SOA),
                      "127.0.0.1", port=port, timeout=0.3)
except Exception:
    sys.exit(1)
sys.exit(0 if r.rcode() == 0 and r.answer else 1)
EOF
}

write_conf() {
	{
		printf 'server:\n'
		printf '    ip-address: 127.0.0.1@%s\n' "$PORT"
		printf '    do-ip6: no\n'
		printf '    username: ""\n    chroot: ""\n    database: ""\n'
		printf '    zonesdir: "%s"\n' "$ZONES"
		printf '    pidfile: "%s/nsd.pid"\n' "$WORK"
		printf '    xfrdfile: "%s/xfrd.state"\n' "$WORK"
		printf '    zonelistfile: "%s/zone.list"\n' "$WORK"
		printf '    xfrdir: "%s"\n' "$WORK"
		printf '    logfile: "%s/nsd.log"\n' "$WORK"
		printf '    server-count: 1\n    verbosity: 1\n'
		printf '    rrl-ratelimit: 0\n    rrl-whitelist-ratelimit: 0\n'
		printf 'remote-control:\n    control-enable: no\n'
		for f in "$ZONES"/*.zone; do
			zone=$(sed -n 's/^\$ORIGIN[[:space:]]*\([^[:space:]]*\)\.$/\1/p' "$f")
			printf 'zone:\n    name: "%s"\n    zonefile: "%s"\n' \
				"$zone" "$(basename "$f")"
		done
	} >"$WORK/nsd.conf"
}

start_nsd() {
	for _ in 1 2 3; do # a new port if another program took ours
		PORT=$(free_port)
		[ -n "$PORT" ] || die "no free loopback port"
		write_conf
		"$NSD" -d -c "$WORK/nsd.conf" >>"$WORK/nsd.out" 2>&1 </dev/null &
		NSD_PID=$!
		for _ in $(seq 100); do # up to about 10 s
			kill -0 "$NSD_PID" 2>/dev/null || break
			answers_soa "$PORT" example.com && return 0
			sleep 0.1
		done
		stop_nsd
	done
	echo "demo: NSD did not start; its log:" >&2
	cat "$WORK/nsd.log" "$WORK/nsd.out" >&2 2>/dev/null
	exit 1
}

start_nsd
echo "demo: NSD serves the demo zones on 127.0.0.1:$PORT"

failed=0
story() {
	local title=$1 ip=$2 rc
	shift
	printf '\n=== %s (%s) ===\n' "$title" "$ip"
	"$BIN" check --resolver "127.0.0.1:$PORT" --timeout 1000 \
		--authserv-id mx.example.net --ranges "$HERE/ranges.txt" "$@"
	rc=$?
	case $rc in
	0 | 1 | 2) ;; # pass / fail or permerror / temperror: the story ran
	*)
		echo "demo: fcrdns exited with status $rc" >&2
		failed=1
		;;
	esac
}

story "A healthy mail server" 203.0.113.10
story "An Azure VM's address: no PTR record, as Azure leaves it" 198.51.100.7 \
	--expect mail.example.org
story "A cloud provider's default name" 203.0.113.20
story "A PTR name whose A record points elsewhere" 203.0.113.30
story "A PTR name with no A record" 203.0.113.40
story "An IPv6 sender with no PTR record" 2001:db8::25

# The audit story: every address example.com sends mail from (its SPF
# record) and receives mail on (its MX host). --no-smtp: the demo's mail
# server address is a documentation address, and nothing leaves this
# machine.
printf '\n=== %s (%s) ===\n' "Audit of a company's mail domain" example.com
"$BIN" audit --resolver "127.0.0.1:$PORT" --timeout 1000 --authserv-id mx.example.net \
	--ranges "$HERE/ranges.txt" --no-smtp example.com
case $? in
0 | 1 | 2 | 3) ;; # the audit ran, whatever it found
*)
	echo "demo: fcrdns audit failed" >&2
	failed=1
	;;
esac

# A sweep as a report page: the JSON records go nowhere, the summary shows.
if [ -n "${DEMO_REPORT:-}" ]; then
	printf '\n=== A sweep of 203.0.113.0/24 and 2001:db8::/124 (report: %s) ===\n' \
		"$DEMO_REPORT"
	printf '203.0.113.0/24\n2001:db8::/124\n' |
		"$BIN" bulk --resolver "127.0.0.1:$PORT" --timeout 1000 \
			--ranges "$HERE/ranges.txt" --html "$DEMO_REPORT" >/dev/null
	case $? in
	0 | 1 | 2) ;;
	*) echo "demo: fcrdns bulk failed" >&2; failed=1 ;;
	esac
fi

stop_nsd
exit "$failed"
