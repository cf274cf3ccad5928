# SPDX-License-Identifier: MIT
# conftest.py (packages): owns the fixtures of the Debian package tests: the
# .deb files of `make deb` (FCRDNS_DEBS), a machine with them installed by
# apt-get for one module and purged afterwards, an NSD serving zones/, and
# FCRDNS_BIN pointing at the packaged /usr/bin/fcrdns.
from pathlib import Path

import pytest

from nsdserver import running_nsd

from .debtools import PACKAGES, apt_get, built_debs, fcrdns_paths, package_status

HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="session")
def debs():
    return built_debs()


@pytest.fixture(scope="module")
def installed(debs):
    """Install the three packages; yield the fcrdns-named paths the machine
    had before; purge whatever is still there at the end. Packages already
    present (a real install, or a crashed run) fail the run: the test
    would not know what to leave behind."""
    present = [f"{p} ({package_status(p)})" for p in PACKAGES if package_status(p)]
    if present:
        pytest.fail(f"already on this machine: {', '.join(present)}; "
                    f"run: apt-get purge {' '.join(PACKAGES)}", pytrace=False)
    before = fcrdns_paths()
    try:
        apt_get("install", "--no-install-recommends", *debs.values())
        yield before
    finally:
        if any(package_status(p) for p in PACKAGES):
            apt_get("purge", *PACKAGES)


@pytest.fixture(scope="module")
def pkg_nsd(tmp_path_factory):
    yield from running_nsd(HERE / "zones", tmp_path_factory.mktemp("pkg-nsd"))


@pytest.fixture(autouse=True)
def packaged_fcrdns(monkeypatch):
    """The helpers of ../fcrdnstools.py run the packaged command."""
    monkeypatch.setenv("FCRDNS_BIN", "/usr/bin/fcrdns")
