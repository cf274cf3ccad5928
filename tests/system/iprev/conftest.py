# SPDX-License-Identifier: MIT
# conftest.py (iprev): owns the NSD of the iprev rules, serving zones/ in
# this directory: 192.0.2.0/24 one host number per rule, its RFC 2317
# child, 2001:db8::/32 and the forward zones example.test and other.test.
from pathlib import Path

import pytest

from nsdserver import running_nsd

HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="package")
def nsd(tmp_path_factory):
    yield from running_nsd(HERE / "zones", tmp_path_factory.mktemp("iprev-nsd"))
