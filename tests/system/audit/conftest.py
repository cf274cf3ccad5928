# SPDX-License-Identifier: MIT
# conftest.py (audit): owns the fixtures of the `fcrdns audit` tests: an
# NSD serving zones/ (one small tree per audited domain, with its reverse
# data) and the SMTP responder of smtpd.py on 127.0.0.x and ::1 (one port).
import pytest

from nsdserver import ipv6_loopback_usable, running_nsd

from .auditrun import HERE
from .plan import RESPONDER
from .smtpd import Responder


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
