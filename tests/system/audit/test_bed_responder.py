# SPDX-License-Identifier: MIT
# test_bed_responder.py: owns the self-test of the SMTP responder
# (smtpd.py) the audit tests rely on: each behaviour greets and answers as
# plan.SMTP says the probe must read it, logs every command per address
# and per connection, and counts concurrent connections. Python's smtplib
# for the well-behaved addresses, raw sockets for the rest.
import smtplib
import socket

import pytest

from .plan import HELO_NAME, RESPONDER
from .smtpd import LONG_LINE_OCTETS, greeting_bytes

TIMEOUT = 5


def connect(responder, addr):
    family = socket.AF_INET6 if ":" in addr else socket.AF_INET
    s = socket.socket(family, socket.SOCK_STREAM)
    s.settimeout(TIMEOUT)
    s.connect((addr, responder.port))
    return s


def read_reply(f):
    """One SMTP reply from file f: the list of its raw lines."""
    lines = []
    while True:
        line = f.readline(LONG_LINE_OCTETS + 10)
        assert line, f"connection closed after {lines}"
        lines.append(line)
        if len(line) < 4 or line[3:4] != b"-":
            return lines


def test_normal_with_smtplib(responder):
    with smtplib.SMTP("127.0.0.10", responder.port, local_hostname=HELO_NAME,
                      timeout=TIMEOUT) as client:
        code, text = client.ehlo()
        assert code == 250
        assert client.has_extn("starttls")
        assert text.split(b"\n")[0] == b"mx.ok.example.com Hello"
    assert responder.wait_idle()
    assert responder.connections("127.0.0.10") == [[f"ehlo {HELO_NAME}", "QUIT"]]  # smtplib


@pytest.mark.parametrize("addr", ["127.0.0.10", "127.0.0.11", "127.0.0.12", "127.0.0.18",
                                  "127.0.0.19", "127.0.0.20", "127.0.0.31", "::1"])
def test_greeting_bytes(responder, addr):
    behaviour, name = RESPONDER[addr]
    with connect(responder, addr) as s, s.makefile("rb") as f:
        assert b"".join(read_reply(f)) == greeting_bytes(behaviour, name)


def test_long_greeting_is_2000_octets(responder):
    with connect(responder, "127.0.0.19") as s, s.makefile("rb") as f:
        (line,) = read_reply(f)
    assert len(line) == LONG_LINE_OCTETS and line.endswith(b"\r\n")


def test_multiline_ehlo_has_no_starttls_keyword(responder):
    with smtplib.SMTP("127.0.0.11", responder.port, local_hostname=HELO_NAME,
                      timeout=TIMEOUT) as client:
        client.ehlo()
        assert not client.has_extn("starttls")


def test_busy_closes_after_421(responder):
    with connect(responder, "127.0.0.14") as s, s.makefile("rb") as f:
        (line,) = read_reply(f)
        assert line.startswith(b"421 ")
        assert f.read() == b""  # closed by the server
    assert responder.wait_idle()
    assert responder.connections("127.0.0.14") == [[]]


def test_reject_answers_503_until_quit(responder):
    with connect(responder, "127.0.0.15") as s, s.makefile("rb") as f:
        assert read_reply(f)[0].startswith(b"554 ")
        s.sendall(b"EHLO x.example\r\n")
        assert read_reply(f)[0].startswith(b"503 ")
        s.sendall(b"QUIT\r\n")
        assert read_reply(f)[0].startswith(b"221 ")
    assert responder.wait_idle()
    assert responder.connections("127.0.0.15") == [["EHLO x.example", "QUIT"]]


@pytest.mark.parametrize("addr", ["127.0.0.16", "127.0.0.20"])
def test_silent_behaviours_log_but_never_answer(responder, addr):
    with connect(responder, addr) as s:
        if addr == "127.0.0.20":
            s.makefile("rb").readline()  # the greeting
        s.sendall(b"EHLO x.example\r\n")
        s.settimeout(0.3)
        with pytest.raises(socket.timeout):
            s.recv(1)
    assert responder.wait_idle()
    assert responder.connections(addr) == [["EHLO x.example"]]


def test_closed_address_refuses(responder):
    with pytest.raises(ConnectionRefusedError):
        connect(responder, "127.0.0.17")


def test_blackhole_address_times_out(responder):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(0.5)
    with s, pytest.raises(socket.timeout):
        s.connect(("127.0.0.29", responder.port))


def test_commands_logged_in_order_per_connection(responder):
    for _ in range(2):
        with smtplib.SMTP("127.0.0.21", responder.port, local_hostname=HELO_NAME,
                          timeout=TIMEOUT) as client:
            client.ehlo()
            client.mail("a@example.org")
            client.rcpt("b@example.org")
    assert responder.wait_idle()
    one = [f"ehlo {HELO_NAME}", "mail FROM:<a@example.org>", "rcpt TO:<b@example.org>", "QUIT"]
    assert responder.connections("127.0.0.21") == [one, one]
    assert responder.connections("127.0.0.22") == []


def test_concurrent_connections_are_counted(responder):
    first, second = connect(responder, "127.0.0.26"), connect(responder, "127.0.0.26")
    for s in (first, second):
        s.makefile("rb").readline()
        s.close()
    assert responder.wait_idle()
    assert responder.max_active("127.0.0.26") == 2
