# SPDX-License-Identifier: MIT
# conftest.py: owns the fixtures every system-test topic shares: the
# fault-injecting server of faultdns.py, loopback ports that do not answer,
# and whether ::1 is usable. Each topic (a package: iprev/, cli/, ...)
# starts its own NSD over its own zones/ in its conftest.py; the helpers
# that run fcrdns and check its JSON live in fcrdnstools.py.
import os
import socket

import pytest

from faultdns import FaultServer
# Re-exported for suites that still import the helpers from conftest;
# new code imports them from fcrdnstools.
from fcrdnstools import (EXIT, FAST, REPO, RUN_TIMEOUT,  # noqa: F401
                         assert_no_sanitizer_report, check, check_one,
                         check_shape, codes, fcrdns_bin, parse_json_lines,
                         run_fcrdns)
from nsdserver import free_port, ipv6_loopback_usable

# packages/ installs the .debs of `make deb` as root: scripts/test.sh runs
# it once, with FCRDNS_DEBS set; a plain `pytest tests/system` leaves it out.
if not os.environ.get("FCRDNS_DEBS"):
    collect_ignore = ["packages"]


@pytest.fixture(scope="session")
def fault_server():
    server = FaultServer("127.0.0.1").start()
    yield server
    server.stop()


@pytest.fixture
def fault(fault_server):
    """The fault server, with its query counters reset for this test."""
    fault_server.reset_counts()
    return fault_server


@pytest.fixture
def closed_port():
    """A loopback port where nothing listens (UDP gets port unreachable)."""
    return free_port()


@pytest.fixture
def silent_port():
    """A loopback port that accepts UDP datagrams and never answers."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        yield s.getsockname()[1]


@pytest.fixture(scope="session")
def has_ipv6():
    return ipv6_loopback_usable()
