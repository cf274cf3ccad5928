# SPDX-License-Identifier: MIT
# postfix.py: owns a private Postfix instance (its own config, queue and
# data directories, one smtpd on a random loopback port, relaying everything
# to an smtp-sink that writes each message to a file) for the milter's
# end-to-end test and bench/milter.sh. Must run as root (Postfix's master).
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

from nsdserver import stop_process

POSTFIX = "/usr/sbin/postfix"
SMTP_SINK = "/usr/sbin/smtp-sink"

MASTER_CF = """\
# service type private unpriv chroot wakeup maxproc command
{listen} inet n - n - {maxproc} smtpd
pickup    unix n - n 60 1 pickup
cleanup   unix n - n - 0 cleanup
qmgr      unix n - n 300 1 qmgr
rewrite   unix - - n - - trivial-rewrite
bounce    unix - - n - 0 bounce
defer     unix - - n - 0 bounce
trace     unix - - n - 0 bounce
verify    unix - - n - 1 verify
flush     unix n - n 1000? 0 flush
proxymap  unix - - n - - proxymap
smtp      unix - - n - - smtp
relay     unix - - n - - smtp
showq     unix n - n - - showq
error     unix - - n - - error
retry     unix - - n - - error
discard   unix - - n - - discard
anvil     unix - - n - 1 anvil
scache    unix - - n - 1 scache
postlog   unix-dgram n - n - 1 postlogd
"""

MAIN_CF = """\
compatibility_level = 3.6
queue_directory = {dir}/queue
data_directory = {dir}/data
mail_owner = postfix
setgid_group = postdrop
myhostname = mx.milter.test
mydomain = milter.test
myorigin = milter.test
mydestination =
inet_interfaces = loopback-only
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
smtpd_relay_restrictions = permit_mynetworks, reject
smtpd_peername_lookup = no
smtpd_helo_required = no
smtpd_client_connection_rate_limit = 0
smtpd_client_connection_count_limit = 0
smtpd_client_message_rate_limit = 0
smtpd_client_recipient_rate_limit = 0
smtpd_client_event_limit_exceptions = 127.0.0.0/8
relayhost = [127.0.0.1]:{sink_port}
default_transport = smtp
smtp_dns_support_level = disabled
smtp_host_lookup = native
disable_dns_lookups = yes
alias_maps =
alias_database =
local_recipient_maps =
biff = no
maillog_file = {dir}/maillog
maillog_file_prefixes = {dir}
default_process_limit = {maxproc}
qmgr_message_active_limit = 20000
default_destination_concurrency_limit = 50
{milter}
"""


def wait_port(port, timeout=20.0, proc=None, host="127.0.0.1"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            return False
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.05)
    return False


def postfix_usable():
    """None when a private Postfix can run here, else the reason."""
    if os.geteuid() != 0:
        return "Postfix's master must start as root"
    for exe in (POSTFIX, SMTP_SINK):
        if not os.access(exe, os.X_OK):
            return f"{exe} missing (apt-get install postfix)"
    return None


class SmtpSink:
    """smtp-sink writing each message to its own file in spool."""

    def __init__(self, workdir, port):
        self.spool = Path(workdir) / "sink"
        self.port = port
        self.proc = None

    def start(self):
        self.spool.mkdir(parents=True, exist_ok=True)
        os.chmod(self.spool, 0o777)  # smtp-sink runs as nobody
        self.proc = subprocess.Popen(
            [SMTP_SINK, "-u", "nobody", "-d", f"{self.spool}/%H%M%S.",
             f"127.0.0.1:{self.port}", "1024"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        if not wait_port(self.port, 10, self.proc):
            raise RuntimeError("smtp-sink did not start")
        return self

    def messages(self):
        return sorted(p for p in self.spool.iterdir() if p.is_file())

    def stop(self):
        stop_process(self.proc)
        self.proc = None


class Postfix:
    """A private Postfix: smtpd on host:port (127.0.0.1 by default), relay
    to the sink; settings are main.cf parameters that replace the defaults."""

    def __init__(self, workdir, port, sink_port, milter=None, maxproc=100,
                 host="127.0.0.1", settings=None):
        self.dir = Path(workdir) / "postfix"
        self.port = port
        self.sink_port = sink_port
        self.milter = milter
        self.maxproc = maxproc
        self.host = host
        self.settings = dict(settings or {})

    def _run(self, *args, timeout=60):
        return subprocess.run([POSTFIX, "-c", str(self.dir), *args],
                              capture_output=True, timeout=timeout,
                              stdin=subprocess.DEVNULL)

    def _write_config(self):
        self.dir.mkdir(parents=True, exist_ok=True)
        milter = ""
        if self.milter:
            milter = (f"smtpd_milters = {self.milter}\n"
                      "non_smtpd_milters = $smtpd_milters\n"
                      "milter_default_action = tempfail\n"
                      "milter_connect_timeout = 5s\n")
        base = MAIN_CF.format(dir=self.dir, sink_port=self.sink_port, milter=milter,
                              maxproc=self.maxproc).splitlines()
        kept = [line for line in base if line.split("=")[0].strip() not in self.settings]
        extra = [f"{k} = {v}" for k, v in self.settings.items()]
        (self.dir / "main.cf").write_text("\n".join(kept + extra) + "\n")
        (self.dir / "master.cf").write_text(MASTER_CF.replace(
            "1000? ", "1000 ").format(listen=f"{self.host}:{self.port}",
                                      maxproc=self.maxproc))

    def start(self):
        self._write_config()
        # The queue must exist and be root's; Postfix makes the rest.
        (self.dir / "queue").mkdir(mode=0o755, exist_ok=True)
        (self.dir / "data").mkdir(mode=0o700, exist_ok=True)
        shutil.chown(self.dir / "data", "postfix", "postfix")
        proc = self._run("start")
        if proc.returncode != 0 or not wait_port(self.port, 20, host=self.host):
            out = (proc.stdout + proc.stderr).decode(errors="replace")
            self.stop()
            raise RuntimeError(f"postfix start failed:\n{out}\n{self.log()}")
        return self

    def log(self):
        try:
            return (self.dir / "maillog").read_text(errors="replace")
        except OSError:
            return ""

    def queue_empty(self):
        for sub in ("incoming", "active", "deferred", "maildrop"):
            d = self.dir / "queue" / sub
            if d.exists() and any(p.is_file() for p in d.rglob("*")):
                return False
        return True

    def wait_delivered(self, sink, count, timeout=60):
        """Wait until sink holds count messages and the queue is empty."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(sink.messages()) >= count and self.queue_empty():
                return True
            time.sleep(0.1)
        return False

    def stop(self):
        if not (self.dir / "main.cf").exists():
            return
        try:
            self._run("stop", timeout=30)
        except subprocess.TimeoutExpired:
            self._run("abort", timeout=30)
        # Postfix leaves master.pid behind: wait for the process instead.
        try:
            pid = int((self.dir / "queue" / "pid" / "master.pid").read_text())
        except (OSError, ValueError):
            return
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.05)

    def remove(self):
        shutil.rmtree(self.dir, ignore_errors=True)
