# SPDX-License-Identifier: MIT
# unboundserver.py: owns starting and stopping a private Debian unbound on a
# random loopback port for the system tests: a recursive resolver (with the
# validator when trust anchors are given) whose stub zones, the root's
# included, all point at one server on loopback, so that nothing it asks
# leaves loopback. All state lives in workdir.
import os
import subprocess
from pathlib import Path

from nsdserver import ServerProcess, running, soa_answers

UNBOUND = os.environ.get("UNBOUND", "/usr/sbin/unbound")
UNBOUND_CHECKCONF = os.environ.get("UNBOUND_CHECKCONF",
                                   "/usr/sbin/unbound-checkconf")


class UnboundServer(ServerProcess):
    """One unbound process resolving `zones` (names without the final dot)
    at upstream ("127.0.0.1:PORT"); validating when trust_anchors (files of
    DS or DNSKEY records) are given."""

    name = "unbound"

    def __init__(self, workdir, zones, upstream, trust_anchors=(),
                 start_timeout=10.0):
        super().__init__(workdir, start_timeout)
        self.zones = list(zones)
        self.upstream = upstream.replace(":", "@")
        self.trust_anchors = [Path(p) for p in trust_anchors]

    def _conf_lines(self):
        """The server section: loopback only, one thread, no root anchor
        (no RFC 5011 probing), the zones not answered by unbound's own
        defaults (test., the documentation prefixes' reverse zones)."""
        w = self.workdir
        modules = "validator iterator" if self.trust_anchors else "iterator"
        lines = ["server:", f"    interface: 127.0.0.1@{self.port}",
                 "    do-ip6: no", "    num-threads: 1",
                 '    username: ""', '    chroot: ""', f'    directory: "{w}"',
                 f'    pidfile: "{w}/unbound.pid"',
                 f'    logfile: "{self.logfile}"', "    use-syslog: no",
                 "    verbosity: 1", "    val-log-level: 2",
                 "    do-not-query-localhost: no",
                 f'    module-config: "{modules}"',
                 '    local-zone: "test." nodefault']
        lines += [f'    trust-anchor-file: "{p}"' for p in self.trust_anchors]
        lines += [f'    local-zone: "{z}." nodefault' for z in self.zones]
        return lines + ["remote-control:", "    control-enable: no"]

    def _write_conf(self):
        lines = self._conf_lines()
        for zone in ["."] + [z + "." for z in self.zones]:
            lines += ["stub-zone:", f'    name: "{zone}"',
                      f"    stub-addr: {self.upstream}"]
        conf = self.workdir / "unbound.conf"
        conf.write_text("\n".join(lines) + "\n")
        check = subprocess.run([UNBOUND_CHECKCONF, str(conf)],
                               capture_output=True, text=True, timeout=30)
        if check.returncode != 0:
            raise RuntimeError(f"unbound-checkconf: {check.stdout}{check.stderr}")
        return conf

    def _argv(self, conf):
        return [UNBOUND, "-d", "-c", str(conf)]

    def _ready(self):
        # localhost. is unbound's own data: asking it warms no cache.
        return soa_answers(self.port, "localhost")


def running_unbound(workdir, zones, upstream, trust_anchors=()):
    """A fixture body: unbound resolving zones at upstream (see
    UnboundServer)."""
    yield from running(UnboundServer(workdir, zones, upstream, trust_anchors))
