# SPDX-License-Identifier: MIT
# test_audit_postfix.py: owns the end-to-end case of `fcrdns audit` against
# a real Postfix (issue 9, Tests): smtpd on 127.0.0.30 with myhostname
# mx.postfix.example.com and smtpd_banner "$myhostname ESMTP"; the probe
# must read the banner and EHLO name Postfix gives, judge both against the
# PTR, and leave Postfix's own count of what it was sent at EHLO and QUIT.
import os
import shutil
import tempfile
import time
from pathlib import Path

import pytest

from conftest import FAST, run_fcrdns
from milter.postfix import Postfix, postfix_usable
from nsdserver import free_port

from .auditrun import AuditRun, ip, ip_table
from .plan import HELO_NAME, POSTFIX_ADDRESS, POSTFIX_NAME, SMTP

reason = postfix_usable()
pytestmark = pytest.mark.skipif(reason is not None, reason=reason or "")

DOMAIN = "postfix.example.com"


@pytest.fixture(scope="module")
def postfix():
    """A private Postfix on POSTFIX_ADDRESS; nothing is ever delivered."""
    work = Path(tempfile.mkdtemp(prefix="fcrdns-audit-postfix-"))
    os.chmod(work, 0o755)  # Postfix daemons run as user postfix
    server = Postfix(work, free_port(), free_port(), host=POSTFIX_ADDRESS,
                     settings={"myhostname": POSTFIX_NAME, "smtpd_banner": "$myhostname ESMTP"})
    try:
        server.start()
    except RuntimeError as exc:
        server.stop()
        pytest.fail(str(exc))
    yield server
    server.stop()
    shutil.rmtree(work, ignore_errors=True)


@pytest.fixture(scope="module")
def postfix_run(audit_nsd, postfix):
    return AuditRun(*run_fcrdns("audit", "--json", *FAST, "--resolver", audit_nsd.resolver,
                                "--smtp-port", postfix.port, "--smtp-timeout", "5000",
                                "--helo-name", HELO_NAME, DOMAIN))


def test_banner_and_ehlo_from_postfix(postfix_run):
    assert (ip_table(postfix_run[DOMAIN]), postfix_run.rc) == (
        ip(POSTFIX_ADDRESS, ["mx", "spf"], sources=["mx"], smtp=SMTP[POSTFIX_ADDRESS]), 0)


def disconnect_lines(postfix, timeout=10.0):
    """Postfix's "disconnect from" lines of real sessions (its log is
    written by postlogd, a moment after the session ends)."""
    deadline = time.monotonic() + timeout
    while True:
        lines = [line for line in postfix.log().splitlines()
                 if "disconnect from" in line and "commands=0/0" not in line]
        if lines or time.monotonic() > deadline:
            return lines
        time.sleep(0.1)


def test_postfix_counted_only_ehlo_and_quit(postfix_run, postfix):
    (line,) = disconnect_lines(postfix)
    assert line.split("]", 2)[-1].split() == ["ehlo=1", "quit=1", "commands=2"]
