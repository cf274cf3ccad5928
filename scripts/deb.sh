#!/bin/sh
# deb.sh: `make deb`: build the Debian packages of debian/ with
# `dpkg-buildpackage -us -uc -b` in a copy of the tree (build-deb/src), so
# that the checkout stays clean and the .deb files land in build-deb/
# instead of the parent directory. DEB_BUILD_OPTIONS passes through
# (nocheck skips the unit tests, which `make test` runs anyway).
set -eu
cd "$(dirname "$0")/.."
out=build-deb
rm -rf "$out"
mkdir -p "$out/src"
tar -c --exclude=./.git --exclude='./build*' --exclude='./obj-*' \
	--exclude=__pycache__ --exclude=.pytest_cache -f - . | tar -x -C "$out/src"
(cd "$out/src" && dpkg-buildpackage -us -uc -b)
ls "$out"/*.deb
