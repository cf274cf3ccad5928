#!/bin/sh
# realworld-messages.sh: run `fcrdns headers --json` on every file of a
# directory of real messages (default: ../shared/realworld/messages from
# the checkout, or from its parent for a worktree; CI does not have it, so
# this is not part of the test suite) and report each
# crash, non-zero exit, output that is not one JSON object, and every
# Authentication-Results or Received entry that holds an "error".
#   scripts/realworld-messages.sh [DIR] [FCRDNS_BIN]
set -eu
cd "$(dirname "$0")/.."
dir=${1:-../shared/realworld/messages}
[ $# -ge 1 ] || [ -d "$dir" ] || dir=../../shared/realworld/messages
bin=${2:-${FCRDNS_BIN:-build/fcrdns}}
[ -d "$dir" ] || { echo "realworld-messages: no directory $dir" >&2; exit 2; }
[ -x "$bin" ] || { echo "realworld-messages: no fcrdns binary at $bin (build it first)" >&2; exit 2; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for f in "$dir"/*; do
	[ -f "$f" ] || continue
	name=$(basename "$f")
	rc=0
	timeout 30 "$bin" headers --json "$f" >"$out/$name.json" 2>"$out/$name.err" || rc=$?
	echo "$rc" >"$out/$name.rc"
done
/usr/bin/python3 - "$out" <<'PY'
import json, os, sys
out = sys.argv[1]
names = sorted(n[:-3] for n in os.listdir(out) if n.endswith(".rc"))
bad = errors = fields = 0
for name in names:
    rc = int(open(os.path.join(out, name + ".rc")).read())
    text = open(os.path.join(out, name + ".json"), "rb").read().decode("utf-8", "replace")
    err = open(os.path.join(out, name + ".err"), "rb").read().decode("utf-8", "replace")
    if rc != 0:
        bad += 1
        print(f"{name}: exit {rc} {err.strip()[:300]}")
        continue
    lines = text.splitlines()
    try:
        (obj,) = [json.loads(l) for l in lines]
    except ValueError as exc:
        bad += 1
        print(f"{name}: not one JSON object: {exc}")
        continue
    for key in ("authentication_results", "received"):
        for i, entry in enumerate(obj[key]):
            fields += 1
            if "error" in entry:
                errors += 1
                print(f"{name}: {key}[{i}]: {entry['error']}: {entry['raw'][:200]!r}")
print(f"{len(names)} messages, {fields} Authentication-Results and Received fields, "
      f"{errors} error entries, {bad} runs that failed")
sys.exit(1 if bad else 0)
PY
