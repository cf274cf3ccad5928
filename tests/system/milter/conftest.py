# SPDX-License-Identifier: MIT
# conftest.py (milter): owns the fcrdns-milter fixtures: an NSD serving the
# milter zones (zones/: loopback PTRs for 127.0.0.N, 2001:db8:5::/48), and
# a factory of Milter processes stopped and checked at teardown. This
# directory is a package so that this file never shadows ../conftest.py.
import pytest

from nsdserver import running_nsd

from .miltertools import HERE, Milter


@pytest.fixture(scope="session")
def milter_nsd(tmp_path_factory):
    yield from running_nsd(HERE / "zones", tmp_path_factory.mktemp("milter-nsd"))


@pytest.fixture
def start_milter(tmp_path):
    """start_milter(resolver, **settings) -> a running Milter; every one is
    stopped and checked at teardown."""
    started = []

    def start(resolver, **settings):
        settings.setdefault("Resolver", resolver)
        m = Milter(tmp_path, settings).start()
        started.append(m)
        return m

    yield start
    for m in started:
        m.stop()


@pytest.fixture
def milter(milter_nsd, start_milter):
    """A milter with the default policy, resolving through milter_nsd."""
    return start_milter(milter_nsd.resolver)
