# SPDX-License-Identifier: MIT
# conftest.py (audit): owns the fixtures of the `fcrdns audit` tests: an
# NSD serving zones/ (one small tree per audited domain, with its reverse
# data), the SMTP responder of smtpd.py on 127.0.0.x and ::1 (one port),
# and the gate that marks the contract tests (test_audit_*.py) xfail while
# the binary has no `audit` command: issue 9's phase 2 builds it, and the
# gate lifts by itself once `fcrdns audit --help` exits 0.
import subprocess

import pytest

from nsdserver import ipv6_loopback_usable, running_nsd

from .auditrun import HERE, fcrdns_path
from .plan import RESPONDER
from .smtpd import Responder


def audit_supported():
    """True when the fcrdns under test knows the audit command."""
    try:
        proc = subprocess.run([str(fcrdns_path()), "audit", "--help"], capture_output=True,
                              stdin=subprocess.DEVNULL, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return proc.returncode == 0


def pytest_collection_modifyitems(config, items):
    contract = [i for i in items if i.path.parent == HERE and i.path.name.startswith("test_audit_")]
    if not contract or audit_supported():
        return
    mark = pytest.mark.xfail(reason="fcrdns has no audit command yet (issue 9, phase 2)",
                             strict=False)
    for item in contract:
        item.add_marker(mark)


@pytest.fixture(scope="session")
def audit_nsd(tmp_path_factory):
    yield from running_nsd(HERE / "zones", tmp_path_factory.mktemp("audit-nsd"))


@pytest.fixture(scope="session")
def responder_server():
    """The responder on every planned address; without IPv6 loopback, ::1
    is left out (and the IPv6 mail server's test fails, as it should)."""
    plan = {a: b for a, b in RESPONDER.items() if ":" not in a or ipv6_loopback_usable()}
    try:
        server = Responder(plan).start()
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)
    yield server
    server.stop()


@pytest.fixture
def responder(responder_server):
    """The SMTP responder, its command logs empty for this test."""
    responder_server.wait_idle()
    responder_server.reset()
    return responder_server
