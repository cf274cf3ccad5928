#!/bin/sh
# SPDX-License-Identifier: MIT
# realworld-logs.sh: run `fcrdns bulk --from-log --dry-run` (no DNS) on
# every log fixture in ../shared/realworld/logs and compare the client
# addresses it extracts with tests/data/realworld-logs.tsv. Prints per
# file expected/found/missing/extra and the totals; exits 1 on any
# difference, 2 when the fixtures are absent (they are not in the repo).
# Fixtures that wrap log lines in a test format are unwrapped first:
# OSSEC/Wazuh .ini ("log N pass = LINE") and postfix-grok-patterns .yaml
# (data: "LINE"). Usage: scripts/realworld-logs.sh [LOG_DIR]
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-$root/../shared/realworld/logs}
[ -d "$dir" ] || dir=/work/shared/realworld/logs
bin=${FCRDNS_BIN:-$root/build/fcrdns}
expect=$root/tests/data/realworld-logs.tsv
if [ ! -d "$dir" ]; then
	echo "realworld-logs: no fixture directory ($dir)" >&2
	exit 2
fi
exec /usr/bin/python3 - "$dir" "$bin" "$expect" <<'EOF'
import json, os, re, subprocess, sys

log_dir, fcrdns, expect_path = sys.argv[1:4]

def unwrap(name, data):
    """Return the log lines of one fixture (test wrappers removed)."""
    if name.endswith('.yaml'):
        lines = []
        for m in re.finditer(r'^data:\s*(.*)$', data, re.M):
            value = m.group(1).strip()
            if value.startswith('"'):
                value = json.loads(value)
            lines.extend(value.split('\n'))
        return '\n'.join(lines) + '\n'
    if name.endswith('.ini'):
        return ''.join(m.group(1) + '\n'
                       for m in re.finditer(r'^log \d+ (?:pass|fail) = (.*)$', data, re.M))
    return data

expected = {}
for line in open(expect_path, encoding='utf-8'):
    if line.startswith('#') or not line.strip():
        continue
    name, addrs = line.rstrip('\n').split('\t')
    expected[name] = set() if addrs == '-' else set(addrs.split(','))

totals = dict(files=0, expected=0, found=0, missing=0, extra=0)
print('%-70s %4s %4s %4s %4s' % ('file', 'exp', 'fnd', 'miss', 'xtra'))
for name in sorted(os.listdir(log_dir)):
    if name.endswith('.md') or not os.path.isfile(os.path.join(log_dir, name)):
        continue
    raw = open(os.path.join(log_dir, name), 'rb').read().decode('utf-8', 'surrogateescape')
    run = subprocess.run([fcrdns, 'bulk', '--from-log', '--dry-run', '--quiet'],
                         input=unwrap(name, raw).encode('utf-8', 'surrogateescape'),
                         capture_output=True, timeout=60)
    found = {l for l in run.stdout.decode().split('\n') if l and not l.startswith('{')}
    want = expected.get(name)
    if want is None:
        print('%-70s not in %s' % (name, os.path.basename(expect_path)))
        totals['extra'] += len(found)
        continue
    missing, extra = want - found, found - want
    totals['files'] += 1
    totals['expected'] += len(want)
    totals['found'] += len(want & found)
    totals['missing'] += len(missing)
    totals['extra'] += len(extra)
    print('%-70s %4d %4d %4d %4d' % (name[:70], len(want), len(want & found),
                                      len(missing), len(extra)))
    for a in sorted(missing):
        print('    missing', a)
    for a in sorted(extra):
        print('    extra  ', a)
print('files %(files)d, addresses expected %(expected)d, found %(found)d, '
      'missing %(missing)d, extra %(extra)d' % totals)
sys.exit(1 if totals['missing'] or totals['extra'] else 0)
EOF
