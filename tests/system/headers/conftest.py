# SPDX-License-Identifier: MIT
# conftest.py (headers): owns the fixture of the `fcrdns headers --recheck`
# tests: an NSD serving zones/ (the senders of messages/ and their reverse
# names). This directory is a package so that this file never shadows
# ../conftest.py.
import pytest

from nsdserver import running_nsd

from .headerstools import HERE


@pytest.fixture(scope="session")
def headers_nsd(tmp_path_factory):
    yield from running_nsd(HERE / "zones", tmp_path_factory.mktemp("headers-nsd"))
