# SPDX-License-Identifier: MIT
# conftest.py (plugin): owns the NSD of the monitoring-plugin tests
# (`check --plugin`), serving zones/ in this directory: one address per
# plugin state in 203.0.113.0/24 (see the reverse zone's comments);
# 198.51.100.0/24 is not served (REFUSED: temperror).
from pathlib import Path

import pytest

from nsdserver import running_nsd

HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="package")
def nsd(tmp_path_factory):
    yield from running_nsd(HERE / "zones", tmp_path_factory.mktemp("plugin-nsd"))
