# SPDX-License-Identifier: MIT
# conftest.py (cli): owns the NSD of the command-line tests, serving zones/
# in this directory: one address per verdict (pass, fail, permerror) in
# 192.0.2.0/24 and one IPv6 pass; 198.51.100.7 is not served (temperror).
from pathlib import Path

import pytest

from nsdserver import running_nsd

HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="package")
def nsd(tmp_path_factory):
    yield from running_nsd(HERE / "zones", tmp_path_factory.mktemp("cli-nsd"))
