# SPDX-License-Identifier: MIT
# conftest.py (diagnosis): owns the NSD of the diagnosis and HELO tests,
# serving zones/ in this directory: 203.0.113.0/24 (specific, generic,
# provider-default and ESP names), the forward zones under real public
# suffixes they point to, and the few 192.0.2.0/24 and 2001:db8::/32
# addresses whose fix owner or HELO the tests judge.
from pathlib import Path

import pytest

from nsdserver import running_nsd

HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="package")
def nsd(tmp_path_factory):
    yield from running_nsd(HERE / "zones", tmp_path_factory.mktemp("diagnosis-nsd"))
