# SPDX-License-Identifier: MIT
# miltertools.py: owns the helpers of the milter system tests: the Milter
# process (writes a configuration, starts `fcrdns-milter -f` on a random
# loopback port, stops it; a crash, a non-zero exit or a sanitizer report
# fails the test) and the miltertest runner. Fixtures are in conftest.py.
import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

from nsdserver import free_port

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent.parent
LUA = HERE / "lua"
AUTHSERV = "mx.milter.test"
MILTERTEST = "/usr/bin/miltertest"
SANITIZER_MARKS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer",
                   "runtime error:")


def milter_bin():
    path = Path(os.environ.get("FCRDNS_MILTER_BIN", "build/fcrdns-milter"))
    return path if path.is_absolute() else REPO / path


def assert_no_sanitizer_report(text, what="fcrdns-milter"):
    for mark in SANITIZER_MARKS:
        if mark in text:
            pytest.fail(f"sanitizer report from {what}:\n{text}")


def wait_listening(port, proc, timeout=10.0):
    """Wait until 127.0.0.1:port accepts TCP; False if proc died first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return True
        except OSError:
            time.sleep(0.05)
    return False


class Milter:
    """One fcrdns-milter process with its own configuration file."""

    def __init__(self, workdir, settings):
        self.workdir = Path(workdir)
        self.port = free_port()
        self.socket = f"inet:{self.port}@127.0.0.1"
        self.postfix_socket = f"inet:127.0.0.1:{self.port}"
        conf = {"Socket": self.socket, "AuthservID": AUTHSERV,
                "Syslog": "no", "InternalHosts": "127.0.0.1",
                "Timeout": "2000"}
        conf.update(settings)
        self.conf = self.workdir / f"milter-{self.port}.conf"
        self.conf.write_text("# written by conftest.py\n" + "".join(
            f"{k} {v}\n" for k, v in conf.items() if v is not None))
        self.errfile = self.workdir / f"milter-{self.port}.err"
        self.proc = None

    def start(self):
        exe = milter_bin()
        if not os.access(exe, os.X_OK):
            pytest.fail(f"fcrdns-milter not found at {exe}: build it or "
                        f"set FCRDNS_MILTER_BIN")
        with open(self.errfile, "wb") as err:
            self.proc = subprocess.Popen(
                [str(exe), "-f", "-c", str(self.conf)],
                stdin=subprocess.DEVNULL, stdout=err, stderr=err)
        if not wait_listening(self.port, self.proc):
            self.stop(check=False)
            pytest.fail(f"fcrdns-milter did not start:\n{self.log()}")
        return self

    def log(self):
        try:
            return self.errfile.read_text(errors="replace")
        except OSError:
            return ""

    def message_lines(self):
        """The per-message log lines (those with ip=)."""
        return [l for l in self.log().splitlines() if " ip=" in l]

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def _wait_exit(self, timeout):
        """libmilter's listener notices the stop request only when its
        poll wakes up (every 5 s); a connection wakes it at once."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                return self.proc.wait(timeout=0.1)
            except subprocess.TimeoutExpired:
                pass
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
            except OSError:
                pass
        raise subprocess.TimeoutExpired("fcrdns-milter", timeout)

    def stop(self, check=True):
        """Stop with SIGTERM; with check, fail on a crash, a non-zero exit
        or a sanitizer report."""
        if self.proc is None:
            return
        crashed = self.proc.poll() is not None
        if not crashed:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self._wait_exit(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
                if check:
                    pytest.fail(f"fcrdns-milter ignored SIGTERM:\n{self.log()}")
        rc, self.proc = self.proc.returncode, None
        if check:
            assert_no_sanitizer_report(self.log())
            assert not crashed, f"fcrdns-milter died (rc {rc}):\n{self.log()}"
            assert rc == 0, f"fcrdns-milter exited {rc}:\n{self.log()}"


def run_miltertest(script, milter, timeout=60, **defines):
    """Run lua/<script> against milter with -D NAME=value for each define;
    fail the test when the script fails. Returns its output."""
    args = [MILTERTEST, "-s", str(LUA / script), "-D", f"SOCKET={milter.socket}",
            "-D", f"LUADIR={LUA}", "-D", f"AUTHSERV={AUTHSERV}"]
    for key, value in defines.items():
        args += ["-D", f"{key}={value}"]
    try:
        proc = subprocess.run(args, capture_output=True, timeout=timeout,
                              stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        pytest.fail(f"miltertest {script} ran over {timeout}s\n{milter.log()}")
    out = (proc.stdout + proc.stderr).decode("utf-8", "replace")
    assert proc.returncode == 0, \
        f"miltertest {script} {defines} failed:\n{out}\n--- milter log ---\n{milter.log()}"
    assert milter.alive(), f"fcrdns-milter died:\n{milter.log()}"
    return out
