# SPDX-License-Identifier: MIT
# test_audit_smtp.py: owns the SMTP probe of the `fcrdns audit` contract
# (issue 9, SMTP probe and Precisions): for each behaviour of the asyncio
# responder, the exact `smtp` object of the ip record, and what fcrdns sent
# (only EHLO and QUIT, at most one EHLO per connection, the --helo-name);
# --no-smtp; addresses known only from SPF are never probed; control
# characters never reach JSON or the terminal raw.
import pytest

from conftest import FAST, run_fcrdns

from .auditrun import audit, audit_probing, ip, ip_table
from .plan import HELO_NAME, SMTP

# Each responder address and the domain whose only MX host it is.
DOMAINS = {
    "127.0.0.10": "ok.example.com",
    "127.0.0.11": "multi.example.com",
    "127.0.0.12": "noname.example.com",
    "127.0.0.13": "ghost.example.com",
    "127.0.0.14": "busy.example.com",
    "127.0.0.15": "reject.example.com",
    "127.0.0.16": "tarpit.example.com",
    "127.0.0.17": "closed.example.com",
    "127.0.0.18": "ctrl.example.com",
    "127.0.0.19": "long.example.com",
    "127.0.0.20": "mute.example.com",
    "127.0.0.21": "samedom.example.com",
    "127.0.0.22": "mismatch.example.com",
    "127.0.0.29": "slow.example.com",
}
EHLO = f"EHLO {HELO_NAME}"


@pytest.fixture(scope="module")
def probe_runs(audit_nsd, responder_server):
    """One probing audit per domain, run once per module."""
    cache = {}

    def run(domain):
        if domain not in cache:
            run = audit_probing(audit_nsd, responder_server, domain)
            assert list(run.domains) == [domain], run.err
            cache[domain] = run
        return cache[domain]
    return run


def commands(run, addr):
    """What addr received, per connection, with each verb uppercased."""
    return [[c.split(" ", 1)[0].upper() + c[len(c.split(" ", 1)[0]):] for c in conn]
            for conn in run.connections[addr]]


@pytest.mark.parametrize("addr", list(DOMAINS))
def test_ip_record_with_smtp(probe_runs, addr):
    d = probe_runs(DOMAINS[addr])[DOMAINS[addr]]
    assert ip_table(d) == ip(addr, ["mx", "spf"], sources=["mx"], smtp=SMTP[addr])


@pytest.mark.parametrize("addr", list(DOMAINS))
def test_smtp_never_changes_exit_status(probe_runs, addr):
    run = probe_runs(DOMAINS[addr])
    assert (run.rc, run[DOMAINS[addr]].summary["exit"]) == (0, 0)


# What each address must have received: a full dialogue is EHLO then QUIT;
# after a 421 the server closes before any command; after a 554 the client
# only says QUIT (RFC 5321 s3.1); nothing listens on 127.0.0.17, nothing is
# ever accepted on 127.0.0.29.
DIALOGUE = [[EHLO, "QUIT"]]
SENT = {
    "127.0.0.10": DIALOGUE, "127.0.0.11": DIALOGUE, "127.0.0.12": DIALOGUE,
    "127.0.0.13": DIALOGUE, "127.0.0.14": [[]], "127.0.0.15": [["QUIT"]],
    "127.0.0.17": [], "127.0.0.18": DIALOGUE, "127.0.0.19": DIALOGUE,
    "127.0.0.21": DIALOGUE, "127.0.0.22": DIALOGUE, "127.0.0.29": [],
}


@pytest.mark.parametrize("addr", list(SENT))
def test_commands_sent(probe_runs, addr):
    assert commands(probe_runs(DOMAINS[addr]), addr) == SENT[addr]


def test_tarpit_gets_no_ehlo(probe_runs):
    (conn,) = commands(probe_runs("tarpit.example.com"), "127.0.0.16")
    assert [c for c in conn if c.startswith("EHLO")] == []


def test_unanswered_ehlo_is_sent_once(probe_runs):
    (conn,) = commands(probe_runs("mute.example.com"), "127.0.0.20")
    assert (conn[0], [c.split(" ")[0] for c in conn[1:]] in ([], ["QUIT"])) == (EHLO, True)


def test_only_ehlo_and_quit_across_all_behaviours(audit_nsd, responder_server):
    run = audit_probing(audit_nsd, responder_server, *DOMAINS.values())
    sent = [c for addr in DOMAINS for conn in commands(run, addr) for c in conn]
    per_conn = [sum(c.startswith("EHLO ") for c in conn)
                for addr in DOMAINS for conn in commands(run, addr)]
    assert ({c.split(" ")[0] for c in sent}, {c for c in sent if c.startswith("EHLO")},
            max(per_conn, default=0)) == ({"EHLO", "QUIT"}, {EHLO}, 1)


def test_no_smtp_makes_no_connection(audit_nsd, responder_server):
    responder_server.wait_idle()
    responder_server.reset()
    run = audit(audit_nsd, "ok.example.com", extra=("--smtp-port", str(responder_server.port)))
    responder_server.wait_idle()
    assert (ip_table(run["ok.example.com"])["127.0.0.10"]["smtp"],
            responder_server.connections("127.0.0.10")) == (None, [])


def test_spf_only_address_is_not_probed(audit_nsd, responder_server):
    run = audit_probing(audit_nsd, responder_server, "sponly.example.com")
    assert (ip_table(run["sponly.example.com"]), run.connections["127.0.0.28"]) == (
        ip("127.0.0.28", ["spf"], sources=["ip4:127.0.0.28"]), [])


def test_json_has_no_raw_control_characters(probe_runs):
    run = probe_runs("ctrl.example.com")
    assert [c for c in run.out if c != "\n" and (ord(c) < 0x20 or ord(c) == 0x7f)] == []


def test_human_report_has_no_raw_control_characters(audit_nsd, responder_server):
    rc, out, err = run_fcrdns("audit", *FAST, "--resolver", audit_nsd.resolver,
                              "--smtp-port", responder_server.port, "--smtp-timeout", "1000",
                              "--helo-name", HELO_NAME, "ctrl.example.com", binary=True)
    assert (rc, [b for b in out if b != 0x0A and (b < 0x20 or b == 0x7F)]) == (0, [])



def test_hostile_server_kept_as_sent(probe_runs):
    # Markup, controls and invalid UTF-8 in the greeting and EHLO reply
    # (smtpd.HOSTILE_GREETING, HOSTILE_EHLO): kept, escaped only in JSON.
    d = probe_runs("hostile.example.com")["hostile.example.com"]
    assert d.ips["127.0.0.31"]["smtp"] == SMTP["127.0.0.31"]
