# SPDX-License-Identifier: MIT
# test_milter_postfix.py: end to end through a real Postfix: swaks sends
# from 127.0.0.N (each with its own PTR in zones/), Postfix asks
# fcrdns-milter, relays to smtp-sink, and the delivered files must carry
# exactly the expected Authentication-Results (forged copies gone), or the
# SMTP dialogue must show the policy's reply.
import email
import email.policy
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from nsdserver import free_port

from .miltertools import AUTHSERV, Milter
from .postfix import Postfix, SmtpSink, postfix_usable

SWAKS = "/usr/bin/swaks"
SWAKS_RCPT_REFUSED = 24  # swaks: every recipient refused after RCPT TO
FORGED = f"Authentication-Results: {AUTHSERV}; iprev=pass policy.iprev=192.0.2.1 (forged)"
FOREIGN = "Authentication-Results: other.example; spf=pass smtp.mailfrom=example.org"

reason = postfix_usable() or (None if os.access(SWAKS, os.X_OK) else "swaks missing")
pytestmark = pytest.mark.skipif(reason is not None, reason=reason or "")


@pytest.fixture(scope="module")
def mta(milter_nsd):
    """Postfix with the milter (Policy reject-permerror, tempfail on
    temperror, 127.0.0.9 allowlisted) and a sink; one per module."""
    # Postfix daemons run as user postfix: the tree must be traversable.
    work = Path(tempfile.mkdtemp(prefix="fcrdns-postfix-"))
    os.chmod(work, 0o755)
    milter = Milter(work, {"Resolver": milter_nsd.resolver, "Policy": "reject-permerror",
                           "TempfailOnTemperror": "yes", "Allowlist": "127.0.0.9"})
    sink = SmtpSink(work, free_port())
    postfix = Postfix(work, free_port(), sink.port, milter=milter.postfix_socket)
    try:
        milter.start()
        sink.start()
        postfix.start()
    except RuntimeError as exc:
        postfix.stop()
        sink.stop()
        milter.stop(check=False)
        pytest.fail(str(exc))
    yield postfix, sink, milter
    postfix.stop()
    sink.stop()
    milter.stop()
    shutil.rmtree(work, ignore_errors=True)


def swaks(postfix, source, helo, *headers, subject):
    args = [SWAKS, "--server", f"127.0.0.1:{postfix.port}", "--local-interface", source,
            "--helo", helo, "--from", "sender@client.example", "--to", "user@dest.example",
            "--header", f"Subject: {subject}", "--timeout", "30"]
    for h in headers:
        args += ["--add-header", h]
    proc = subprocess.run(args, capture_output=True, timeout=90, stdin=subprocess.DEVNULL)
    return proc.returncode, proc.stdout.decode("utf-8", "replace")


def delivered(postfix, sink, subject):
    """The delivered message with this subject (waits for the queue)."""
    assert postfix.wait_delivered(sink, 1, timeout=30), postfix.log()
    for path in sink.messages():
        msg = email.message_from_bytes(path.read_bytes(), policy=email.policy.compat32)
        if msg["Subject"] == subject:
            return msg, path.read_text(errors="replace")
    pytest.fail(f"no delivered message with Subject {subject}\n{postfix.log()}")


DELIVERED = [
    ("127.0.0.2", "pass.milter.test", "pass", "pass.milter.test"),
    ("127.0.0.3", "fail.milter.test", "fail", "no forward match for fail.milter.test"),
    ("127.0.0.5", "mismatch.milter.test", "fail",
     "no forward match for mismatch.milter.test"),
    ("127.0.0.9", "allowlisted.example", "permerror", "no PTR record"),
]


@pytest.mark.parametrize("source,helo,iprev,comment", DELIVERED,
                         ids=[c[0] for c in DELIVERED])
def test_delivered_with_header(mta, source, helo, iprev, comment):
    postfix, sink, _ = mta
    subject = f"e2e {source}"
    rc, out = swaks(postfix, source, helo, FORGED, FOREIGN, subject=subject)
    assert rc == 0, out
    msg, text = delivered(postfix, sink, subject)
    ours = [v for v in msg.get_all("Authentication-Results", [])
            if v.strip().lower().startswith(AUTHSERV)]
    want = f"{AUTHSERV}; iprev={iprev} policy.iprev={source} ({comment})"
    assert [v.strip() for v in ours] == [want], text
    assert "(forged)" not in text, text
    assert "other.example; spf=pass" in text, text   # foreign ids stay
    # Ours comes first among the message's own headers (prepended).
    names = [k.lower() for k in msg.keys() if k.lower() != "received"]
    assert names[names.index("x-rcpt-args") + 1] == "authentication-results", text
    print(f"\n--- delivered from {source} ---\n" + text.split("\n\n", 1)[0])


def test_internal_host_not_stamped(mta):
    postfix, sink, _ = mta
    rc, out = swaks(postfix, "127.0.0.1", "localhost", FORGED, subject="e2e internal")
    assert rc == 0, out
    msg, text = delivered(postfix, sink, "e2e internal")
    # A trusted internal host's header is kept, and nothing is added.
    assert [v.strip() for v in msg.get_all("Authentication-Results", [])] == \
        [FORGED.split(": ", 1)[1]], text


# zones/: 127.0.0.4 has no PTR (permerror: reject-permerror rejects);
# 127.0.0.8 points into a zone NSD refuses (temperror: tempfail).
@pytest.mark.parametrize("source,reply,action", [
    ("127.0.0.4", "550 5.7.25 Reverse DNS of 127.0.0.4 is missing (no PTR record); "
                  "the owner of the address must publish one", "reject"),
    ("127.0.0.8", "451 4.7.25 Reverse DNS of 127.0.0.8 could not be checked (forward "
                  "lookup refused for host.unserved.test); please try again later",
     "tempfail"),
])
def test_policy_reply_in_smtp(mta, source, reply, action):
    postfix, sink, milter = mta
    rc, out = swaks(postfix, source, "client.example", subject=f"e2e {source}")
    assert rc == SWAKS_RCPT_REFUSED, out
    assert f"<** {reply}" in out, out
    line = [l for l in milter.message_lines() if f"ip={source} " in l][-1]
    assert f" action={action} " in line, line


def test_overlong_helo(mta):
    postfix, sink, _ = mta
    rc, out = swaks(postfix, "127.0.0.2", "h" * 1500 + ".example", subject="e2e long helo")
    assert rc == 0, out
    msg, text = delivered(postfix, sink, "e2e long helo")
    assert f"{AUTHSERV}; iprev=pass policy.iprev=127.0.0.2 (pass.milter.test)" in text


def test_nothing_lost_or_doubled(mta):
    """Every accepted message was delivered once, with one header of ours."""
    postfix, sink, _ = mta
    assert postfix.wait_delivered(sink, 1, timeout=30)
    for path in sink.messages():
        text = path.read_text(errors="replace")
        head = text.split("\n\n", 1)[0].lower()
        want = 0 if "subject: e2e internal\n" in head else 1
        ours = [l for l in head.splitlines()
                if l.startswith(f"authentication-results: {AUTHSERV}; iprev=")
                and "(forged)" not in l]
        assert len(ours) == want, text
