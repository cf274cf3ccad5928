# SPDX-License-Identifier: MIT
# conftest.py (bulk): owns the servers of the `fcrdns bulk` tests: an NSD
# serving zones/ in this directory (192.0.2.1 pass, 192.0.2.2 fail, the
# rest of 192.0.2.0/24 permerror, 2001:db8::1 pass) and the synthetic
# server of ../bulkdns.py, plain (synth) or dropping every fifth query
# (lossy).
from pathlib import Path

import pytest

from bulkdns import BulkServer
from nsdserver import running_nsd

HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="package")
def nsd(tmp_path_factory):
    yield from running_nsd(HERE / "zones", tmp_path_factory.mktemp("bulk-nsd"))


@pytest.fixture(scope="module")
def synth():
    server = BulkServer().start()
    yield server
    server.stop()


@pytest.fixture
def lossy():
    server = BulkServer(drop_every=5).start()
    yield server
    server.stop()
