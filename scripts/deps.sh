#!/bin/sh
# deps.sh: install the Debian packages the build, the demo, the tests and the
# benchmarks need, when any is missing (as root via apt-get), else print the
# command to run. unbound and ldnsutils: the DNSSEC tests (a validating
# resolver, zones signed at test time); dnsdist, adns-tools, dnsperf: bench/;
# chromium, python3-pil, poppler-utils: the --html report tests; prometheus:
# promtool validates the milter's metrics.
set -eu
PKGS="meson ninja-build pkg-config gcc clang libc-ares-dev libpsl-dev libidn2-dev libcmocka-dev
nsd unbound ldnsutils python3 python3-pytest python3-dnslib python3-dnspython
libmilter-dev miltertest postfix swaks
build-essential dpkg-dev debhelper lintian adduser
prometheus chromium python3-pil poppler-utils
dnsdist adns-tools dnsperf"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
	echo "fcrdns: missing packages:$missing" >&2
	echo "run: sudo apt-get update && sudo apt-get install -y$missing" >&2
	exit 1
fi
echo "fcrdns: installing$missing"
export DEBIAN_FRONTEND=noninteractive
# Postfix asks which mail setup to make: none; the tests write their own.
echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
# On a fresh machine the package lists are empty: fetch them once.
if ! apt-get install -y -q $missing >/dev/null 2>&1; then
	apt-get update -q
	apt-get install -y -q $missing
fi
