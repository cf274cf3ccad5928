# SPDX-License-Identifier: MIT
# conftest.py (ranges): owns the NSD of the --ranges tests, serving zones/
# in this directory: 192.0.2.0/24 without data (no PTR), and in
# 203.0.113.0/24 a specific name, a provider-default name and an ISP pool
# name, each with the forward record that confirms it.
from pathlib import Path

import pytest

from nsdserver import running_nsd

HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="package")
def nsd(tmp_path_factory):
    yield from running_nsd(HERE / "zones", tmp_path_factory.mktemp("ranges-nsd"))
