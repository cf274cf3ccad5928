# SPDX-License-Identifier: MIT
# conftest.py (overload): owns the fixtures of the overload tests (issue 14):
# a resolver with room for LIMIT queries in flight, each answered DELAY
# seconds late, that drops the rest (../overloaddns.py), and the addresses
# swept through it. This directory is a package so that this file never
# shadows ../conftest.py.
import pytest

from overloaddns import OverloadServer

LIMIT = 64          # queries in flight the resolver holds (bulk's default
                    # of 128 checks in flight is twice that)
DELAY = 0.02        # seconds before each answer: a resolver 20 ms away
SWEEP = "198.19.0.0/20"   # 4096 addresses, every one passes
SWEEP_SIZE = 4096


@pytest.fixture
def overloaded():
    """The overloaded resolver, started afresh for each test."""
    server = OverloadServer(LIMIT, DELAY).start()
    yield server
    server.stop()


@pytest.fixture
def sweep_file(tmp_path):
    """An input file for `fcrdns bulk -i`: the SWEEP block."""
    path = tmp_path / "sweep.txt"
    path.write_text(SWEEP + "\n")
    return path
