# nsdserver.py: owns starting and stopping a private Debian NSD on a random
# loopback port for the system tests (running_nsd: the NSD fixture of each
# topic's conftest.py, over that topic's zones/), and the ServerProcess base
# that unboundserver.py shares.
# Every zone file's $ORIGIN line names its zone; all state lives in workdir.
import os
import socket
import subprocess
import time
from pathlib import Path

import dns.exception
import dns.message
import dns.query
import dns.rdatatype

NSD = os.environ.get("NSD", "/usr/sbin/nsd")


def ipv6_loopback_usable():
    """True when ::1 can be bound (some containers have no IPv6)."""
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_DGRAM) as s:
            s.bind(("::1", 0))
        return True
    except OSError:
        return False


def free_port(v6=False):
    """A port free for UDP and TCP on 127.0.0.1 (and ::1 when v6)."""
    for _ in range(50):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as u:
            u.bind(("127.0.0.1", 0))
            port = u.getsockname()[1]
            try:
                with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as t:
                    t.bind(("127.0.0.1", port))
                if v6:
                    for kind in (socket.SOCK_DGRAM, socket.SOCK_STREAM):
                        with socket.socket(socket.AF_INET6, kind) as s:
                            s.bind(("::1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free loopback port found")


def zone_origin(path):
    """The zone name from a zone file's $ORIGIN line, without the final dot."""
    for line in Path(path).read_text().splitlines():
        if line.startswith("$ORIGIN"):
            return line.split()[1].rstrip(".")
    raise ValueError(f"{path}: no $ORIGIN line")


def soa_answers(port, zone, host="127.0.0.1", timeout=0.5):
    """True when the server at host:port answers SOA for zone with data."""
    query = dns.message.make_query(zone + ".", dns.rdatatype.SOA)
    try:
        reply = dns.query.udp(query, host, port=port, timeout=timeout)
    except (dns.exception.DNSException, OSError):
        return False
    return reply.rcode() == 0 and len(reply.answer) > 0


class ServerProcess:
    """A DNS server process on a random loopback port, all its state in
    workdir. A subclass names it (`name`: its log is workdir/NAME.log, its
    output workdir/NAME.out) and says which port to take (_pick_port), how
    to configure it (_write_conf, returning the file), how to run it
    (_argv) and when it is ready (_ready)."""

    name = "server"

    def __init__(self, workdir, start_timeout=10.0):
        self.workdir = Path(workdir)
        self.start_timeout = start_timeout
        self.port = None
        self.proc = None

    @property
    def logfile(self):
        return self.workdir / f"{self.name}.log"

    @property
    def resolver(self):
        return f"127.0.0.1:{self.port}"

    def log(self):
        try:
            return self.logfile.read_text(errors="replace")
        except OSError:
            return f"(no {self.name} log)"

    def _pick_port(self):
        return free_port()

    def start(self, attempts=3):
        """Start the server; retry on a fresh port if the first was taken.
        Raise RuntimeError with its log when it never gets ready."""
        self.workdir.mkdir(parents=True, exist_ok=True)
        output = self.workdir / f"{self.name}.out"
        for _ in range(attempts):
            self.port = self._pick_port()
            conf = self._write_conf()
            with open(output, "ab") as out:
                self.proc = subprocess.Popen(
                    self._argv(conf), stdin=subprocess.DEVNULL, stdout=out,
                    stderr=subprocess.STDOUT)
            if self._wait_ready():
                return self
            self.stop()
        raise RuntimeError(
            f"{self.name} was not ready within {self.start_timeout}s.\n"
            f"--- {self.name}.log ---\n{self.log()}\n"
            f"--- {self.name} output ---\n{output.read_text(errors='replace')}")

    def _wait_ready(self):
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                return False
            if self._ready():
                return True
            time.sleep(0.1)
        return False

    def stop(self):
        stop_process(self.proc)
        self.proc = None


class NsdServer(ServerProcess):
    """One NSD process serving every *.zone file of zones_dir."""

    name = "nsd"

    def __init__(self, zones_dir, workdir, start_timeout=10.0):
        super().__init__(workdir, start_timeout)
        self.zones_dir = Path(zones_dir).resolve()
        self.v6 = ipv6_loopback_usable()
        self.zones = sorted(
            (zone_origin(p), p.name) for p in self.zones_dir.glob("*.zone"))
        if not self.zones:
            raise ValueError(f"no zone files in {self.zones_dir}")

    @property
    def resolver6(self):
        return f"[::1]:{self.port}"

    def _pick_port(self):
        return free_port(self.v6)

    def _argv(self, conf):
        return [NSD, "-d", "-c", str(conf)]

    def _write_conf(self):
        w = self.workdir
        lines = [
            "server:",
            f"    ip-address: 127.0.0.1@{self.port}",
        ]
        if self.v6:
            lines.append(f"    ip-address: ::1@{self.port}")
        lines += [
            f"    do-ip6: {'yes' if self.v6 else 'no'}",
            '    username: ""',
            '    chroot: ""',
            '    database: ""',
            f'    zonesdir: "{self.zones_dir}"',
            f'    pidfile: "{w}/nsd.pid"',
            f'    xfrdfile: "{w}/xfrd.state"',
            f'    zonelistfile: "{w}/zone.list"',
            f'    xfrdir: "{w}"',
            f'    logfile: "{self.logfile}"',
            "    server-count: 1",
            "    verbosity: 1",
            "    rrl-ratelimit: 0",
            "    rrl-whitelist-ratelimit: 0",
            "",
            "remote-control:",
            "    control-enable: no",
            "",
        ]
        for name, filename in self.zones:
            lines += ["zone:", f'    name: "{name}"',
                      f'    zonefile: "{filename}"', ""]
        conf = w / "nsd.conf"
        conf.write_text("\n".join(lines))
        return conf

    def _ready(self):
        """True when the first zone's SOA is answered (on ::1 too)."""
        zone = self.zones[0][0]
        return soa_answers(self.port, zone) and (
            not self.v6 or soa_answers(self.port, zone, host="::1"))


def stop_process(proc):
    """Stop a server process: SIGTERM, up to 5 s, then SIGKILL. None and
    already-exited processes are fine."""
    if proc is None or proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=5)


def running(server):
    """A fixture body: start server (a ServerProcess), yield it, stop it; a
    start that fails fails the test with the server's log."""
    import pytest
    try:
        server.start()
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)
    yield server
    server.stop()


def running_nsd(zones, workdir):
    """A fixture body: NSD serving the zone files of the directory zones."""
    yield from running(NsdServer(zones, workdir))
