#!/bin/bash
# installcheck.sh: `meson install` into a DESTDIR from a build of its own
# (build-install, prefix /usr/local), then check the installed file list,
# that libfcrdns.so exports exactly the FCRDNS_API functions of fcrdns.h
# (all fcrdns_*), and that tests/install/client.c, built with `pkg-config
# fcrdns` against the DESTDIR, runs.
set -eu
cd "$(dirname "$0")/.."
out=build-install
prefix=/usr/local
dest=$PWD/$out/destdir
[ -f "$out/build.ninja" ] || meson setup "$out" --prefix=$prefix --libdir=lib \
	-Dsystemdsystemunitdir=$prefix/lib/systemd/system >/dev/null
ninja -C "$out" >/dev/null
rm -rf "$dest"
DESTDIR="$dest" meson install -C "$out" --quiet --no-rebuild
version=$(meson introspect --projectinfo "$out" | /usr/bin/python3 -c \
	'import json, sys; print(json.load(sys.stdin)["version"])')
status=0
fail() { echo "installcheck: $*" >&2; status=1; }

# The file list, exactly: nothing missing, nothing extra.
expected=$(sort <<EOF
$prefix/bin/fcrdns
$prefix/etc/fcrdns-milter.conf
$prefix/include/fcrdns.h
$prefix/lib/libfcrdns.so
$prefix/lib/libfcrdns.so.0
$prefix/lib/libfcrdns.so.$version
$prefix/lib/pkgconfig/fcrdns.pc
$prefix/lib/systemd/system/fcrdns-milter.service
$prefix/sbin/fcrdns-milter
$prefix/share/man/man1/fcrdns.1
$prefix/share/man/man8/fcrdns-milter.8
EOF
)
installed=$(cd "$dest" && find . \( -type f -o -type l \) | sed 's|^\.||' | sort)
if [ "$installed" != "$expected" ]; then
	fail "installed files differ from the expected list:"
	diff <(echo "$expected") <(echo "$installed") >&2 || true
fi
# The unit starts the installed daemon on the installed configuration.
grep -qx "ExecStart=$prefix/sbin/fcrdns-milter -f -c $prefix/etc/fcrdns-milter.conf" \
	"$dest$prefix/lib/systemd/system/fcrdns-milter.service" ||
	fail "the unit's ExecStart does not name $prefix/sbin and $prefix/etc"

# Exports: the FCRDNS_API names of the header, and nothing else.
lib=$dest$prefix/lib/libfcrdns.so.$version
exported=$(nm -D --defined-only "$lib" | awk '{print $3}' | sort)
declared=$(grep -E '^FCRDNS_API ' include/fcrdns.h |
	grep -oE 'fcrdns_[a-z0-9_]+ *\(' | tr -d ' (' | sort -u)
leaks=$(echo "$exported" | grep -v '^fcrdns_' || true)
[ -z "$leaks" ] || fail "libfcrdns.so exports symbols without the fcrdns_ prefix:" "$(echo "$leaks" | tr "\n" " ")"
[ "$exported" = "$declared" ] || {
	fail "libfcrdns.so exports differ from the FCRDNS_API declarations (< header, > library):"
	diff <(echo "$declared") <(echo "$exported") >&2 || true
}
readelf -d "$lib" | grep -q 'SONAME.*\[libfcrdns\.so\.0\]' || fail "no SONAME libfcrdns.so.0"

# A client program, built only from what pkg-config says.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
flags=$(PKG_CONFIG_PATH="$dest$prefix/lib/pkgconfig" \
	pkg-config --define-variable=prefix="$dest$prefix" --cflags --libs fcrdns) ||
	fail "pkg-config --cflags --libs fcrdns failed"
# shellcheck disable=SC2086 # $flags is a list of options
if cc -std=c17 -Wall -Wextra -Werror -o "$work/client" tests/install/client.c $flags \
	-Wl,-rpath,"$dest$prefix/lib"; then
	ldd "$work/client" | grep -q "libfcrdns.so.0 => $dest" ||
		fail "the client does not load the DESTDIR's libfcrdns.so.0"
	[ "$("$work/client")" = "$version" ] || fail "the client did not print $version"
else
	fail "a client of fcrdns.pc does not build"
fi
[ $status -eq 0 ] && echo "installcheck: $(echo "$installed" | wc -l) files," \
	"$(echo "$exported" | wc -l) exported fcrdns_ symbols, client built and ran"
exit $status
