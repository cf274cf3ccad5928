# SPDX-License-Identifier: MIT
# debtools.py: owns the machine side of the package tests: the .deb files
# named by FCRDNS_DEBS, apt-get with a bounded wait for the dpkg lock, what
# dpkg knows of a package, the paths named after fcrdns on the system, and
# the processes running a given program. Fixtures are in conftest.py.
import os
import subprocess
from pathlib import Path

import pytest

PACKAGES = ("fcrdns", "fcrdns-milter", "libfcrdns-dev")
LOCK_WAIT = 300     # seconds apt-get waits for another dpkg user
APT_TIMEOUT = 600   # seconds per apt-get run, lock wait included
RUN_TIMEOUT = 120   # seconds for any other command
# Where install and purge may leave traces; /lib is /usr/lib or holds
# only what dpkg put there, /var/tmp belongs to other programs' runs.
SCAN_ROOTS = ("/etc", "/usr", "/var", "/opt", "/run", "/lib")
SCAN_PRUNE = ("/var/tmp",)


def run(*cmd, timeout=RUN_TIMEOUT, env=None, check=True):
    """Run cmd; return the CompletedProcess (text). A timeout, or a non-zero
    exit when check, fails the test with the command's output."""
    try:
        proc = subprocess.run(list(map(str, cmd)), capture_output=True, text=True,
                              stdin=subprocess.DEVNULL, timeout=timeout,
                              env=None if env is None else {**os.environ, **env})
    except subprocess.TimeoutExpired:
        pytest.fail(f"{' '.join(map(str, cmd))}: ran over {timeout}s")
    if check and proc.returncode != 0:
        pytest.fail(f"{' '.join(map(str, cmd))}: exit {proc.returncode}\n"
                    f"{proc.stdout}\n{proc.stderr}")
    return proc


def apt_get(*args):
    """Run apt-get non-interactively, waiting at most LOCK_WAIT for the lock."""
    return run("apt-get", "-y", "-q", "-o", f"DPkg::Lock::Timeout={LOCK_WAIT}",
               *args, timeout=APT_TIMEOUT,
               env={"DEBIAN_FRONTEND": "noninteractive"})


def built_debs():
    """Map each of PACKAGES to its .deb from FCRDNS_DEBS (blank-separated
    paths). Fails, never skips, when not root or a package is missing."""
    if os.geteuid() != 0:
        pytest.fail("tests/system/packages installs packages: run as root", pytrace=False)
    paths = os.environ.get("FCRDNS_DEBS", "").split()
    if not paths:
        pytest.fail("set FCRDNS_DEBS to the .deb files of `make deb` "
                    "(scripts/test.sh does)", pytrace=False)
    debs = {}
    for path in map(Path, paths):
        debs[deb_field(path.resolve(), "Package")] = path.resolve()
    missing = set(PACKAGES) - set(debs)
    if missing:
        pytest.fail(f"FCRDNS_DEBS lacks {sorted(missing)}", pytrace=False)
    return {name: debs[name] for name in PACKAGES}


def deb_field(path, field):
    """One control field of a .deb file."""
    return run("dpkg-deb", "-f", path, field).stdout.strip()


def package_status(name):
    """dpkg's state of a package: "installed", "config-files", ...; "" when
    dpkg does not know it (never installed, or purged)."""
    proc = run("dpkg-query", "-W", "-f=${db:Status-Status}", name, check=False)
    status = proc.stdout.strip() if proc.returncode == 0 else ""
    return "" if status == "not-installed" else status


def owned_paths(name):
    """Every path dpkg lists for an installed package (files and dirs)."""
    return [line for line in run("dpkg", "-L", name).stdout.splitlines()
            if line.startswith("/")]


def fcrdns_paths():
    """The set of paths under SCAN_ROOTS whose name contains "fcrdns"."""
    roots = [r for r in SCAN_ROOTS if os.path.isdir(r) and not os.path.islink(r)]
    prune = []
    for p in SCAN_PRUNE:
        prune += ["-path", p, "-prune", "-o"]
    # Files that vanish during the walk make find exit 1: not our concern.
    proc = run("find", *roots, "-xdev", *prune, "-name", "*fcrdns*", "-print",
               check=False)
    return set(proc.stdout.splitlines())


def program_pids(exe):
    """The PIDs of the processes running the program at path exe."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if os.readlink(entry / "exe") == exe:
                    pids.append(int(entry.name))
            except OSError:
                continue
    return pids
