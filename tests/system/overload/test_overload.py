# SPDX-License-Identifier: MIT
# test_overload.py: `fcrdns bulk` against a resolver that holds only LIMIT
# queries in flight and drops the rest (issue 14): at the default settings
# the engine must find that capacity by itself and never turn its own
# overload into temperror; a dead resolver must still give temperror
# within the --timeout x --tries budget.
import socket
from collections import Counter

import dns.message
import dns.rdatatype

from conftest import EXIT, parse_json_lines, run_fcrdns

from .conftest import LIMIT, SWEEP_SIZE

# Run bounds (seconds): failing them fails the test; they bound the run,
# they are not performance targets (those are in bench/resolver.sh).
SWEEP_BOUND = 120    # 4096 addresses at LIMIT / DELAY queries/s: ~3 s
DEAD_TIMEOUT_MS, DEAD_TRIES = 300, 2
DEAD_SWEEP = "198.19.0.0/24"


def sweep(server, sweep_file, *args, timeout=SWEEP_BOUND):
    """Run `fcrdns bulk -i sweep_file` against server (a HOST:PORT); return
    (exit code, Counter of verdicts, number of records)."""
    rc, out, err = run_fcrdns("bulk", "-i", sweep_file, "--resolver", server,
                              "--quiet", *args, timeout=timeout)
    results = parse_json_lines(out)
    return rc, Counter(r["iprev"] for r in results), len(results), err


def test_server_drops_queries_beyond_its_limit(overloaded):
    """The test bed itself: LIMIT + 16 queries sent at once get exactly
    LIMIT answers."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(0.5)
        for i in range(LIMIT + 16):
            q = dns.message.make_query(f"{i}.0.19.198.in-addr.arpa.",
                                       dns.rdatatype.PTR)
            s.sendto(q.to_wire(), ("127.0.0.1", overloaded.port))
        answers = 0
        try:
            while answers < LIMIT + 16:
                s.recvfrom(65535)
                answers += 1
        except socket.timeout:
            pass
    # (answers seen, (answered, dropped, peak in flight) at the server)
    assert (answers, overloaded.stats()) == (LIMIT, (LIMIT, 16, LIMIT))


def test_below_capacity_every_address_passes(overloaded, sweep_file):
    """A fixed concurrency under the resolver's capacity: no drop, and every
    address of the sweep passes (the data are good)."""
    rc, verdicts, n, err = sweep(overloaded.resolver, sweep_file,
                                 "--concurrency", str(LIMIT // 2))
    assert (rc, verdicts, n) == (0, Counter({"pass": SWEEP_SIZE}),
                                 SWEEP_SIZE), err


def test_default_settings_find_capacity_without_temperror(overloaded,
                                                          sweep_file):
    """The default settings start above the resolver's LIMIT: the engine
    must back off and retry what its own overload lost, so that every
    address passes and none is a temperror."""
    rc, verdicts, n, err = sweep(overloaded.resolver, sweep_file)
    answered, dropped, peak = overloaded.stats()
    assert (rc, verdicts, n) == (0, Counter({"pass": SWEEP_SIZE}),
                                 SWEEP_SIZE), (
        f"verdicts {dict(verdicts)}; resolver answered {answered}, "
        f"dropped {dropped}, peak in flight {peak}; {err}")


def test_dead_resolver_sweep_ends_in_temperror(silent_port, tmp_path):
    """A resolver that never answers: every address is a temperror (exit
    2), and the sweep ends within the run bound instead of backing off
    forever."""
    path = tmp_path / "dead.txt"
    path.write_text(DEAD_SWEEP + "\n")
    rc, verdicts, n, err = sweep(
        f"127.0.0.1:{silent_port}", path, "--timeout", str(DEAD_TIMEOUT_MS),
        "--tries", str(DEAD_TRIES))
    assert (rc, verdicts, n) == (EXIT["temperror"],
                                 Counter({"temperror": 256}), 256), err


def test_dead_resolver_check_ends_within_budget(silent_port):
    """One check against a resolver that never answers ends in temperror
    (exit 2) within its --timeout x --tries budget (c-ares doubles the
    timeout on the second try) plus start-up slack."""
    budget = DEAD_TIMEOUT_MS * (2 ** DEAD_TRIES - 1) / 1000
    rc, out, err = run_fcrdns(
        "check", "--json", "--resolver", f"127.0.0.1:{silent_port}",
        "--timeout", str(DEAD_TIMEOUT_MS), "--tries", str(DEAD_TRIES),
        "198.19.0.1", timeout=budget + 5)
    (result,) = parse_json_lines(out)
    assert (rc, result["iprev"]) == (EXIT["temperror"], "temperror"), err
