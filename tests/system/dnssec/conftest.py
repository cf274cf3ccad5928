# SPDX-License-Identifier: MIT
# conftest.py (dnssec): owns the DNSSEC test bed (issue 12): the zones of
# zones/ signed at test time with Debian ldnsutils (one of them tampered
# with after signing), NSD serving them on a random loopback port, and
# Debian unbound validating them with an explicit trust anchor per signed
# zone. This directory is a package so that this file never shadows
# ../conftest.py.
import subprocess
from pathlib import Path

import pytest

from nsdserver import running_nsd, zone_origin
from unboundserver import running_unbound

HERE = Path(__file__).resolve().parent
SIGNED = {"secure.test", "2.0.192.in-addr.arpa", "113.0.203.in-addr.arpa"}
# zone -> (signed text, text served): the change that breaks its RRSIG.
TAMPER = {"113.0.203.in-addr.arpa": ("\tsigned.secure.test.",
                                     "\tmail113.secure.test.")}
ALGORITHM = "ECDSAP256SHA256"


def ldns(*args, cwd):
    """Run an ldnsutils command in cwd; return its stdout."""
    proc = subprocess.run(args, cwd=cwd, capture_output=True, text=True,
                          timeout=60)
    if proc.returncode != 0:
        pytest.fail(f"{' '.join(args)}: {proc.stderr}", pytrace=False)
    return proc.stdout


def sign(source, zone, keys):
    """Sign the zone file source with a fresh KSK and ZSK made in keys;
    return (signed text, path of the KSK's DS record: the trust anchor)."""
    ksk = ldns("ldns-keygen", "-a", ALGORITHM, "-k", zone, cwd=keys).strip()
    zsk = ldns("ldns-keygen", "-a", ALGORITHM, zone, cwd=keys).strip()
    signed = keys / f"{zone}.signed"
    ldns("ldns-signzone", "-o", zone, "-f", str(signed), str(source), ksk, zsk,
         cwd=keys)
    return signed.read_text(), keys / f"{ksk}.ds"


def tamper(text, zone):
    """text with TAMPER's change for zone made exactly once."""
    before, after = TAMPER[zone]
    assert text.count(before) == 1, f"{zone}: {before!r} not signed once"
    return text.replace(before, after)


@pytest.fixture(scope="session")
def dnssec_zones(tmp_path_factory):
    """(directory of the zone files NSD serves, list of trust anchor
    files, list of zone names)."""
    base = tmp_path_factory.mktemp("dnssec-zones")
    keys, served = base / "keys", base / "zones"
    keys.mkdir()
    served.mkdir()
    anchors, names = [], []
    for source in sorted((HERE / "zones").glob("*.zone")):
        zone = zone_origin(source)
        names.append(zone)
        text = source.read_text()
        if zone in SIGNED:
            text, anchor = sign(source, zone, keys)
            anchors.append(anchor)
            # NSD's zone list comes from each file's $ORIGIN line.
            text = f"$ORIGIN {zone}.\n" + text
        if zone in TAMPER:
            text = tamper(text, zone)
        (served / f"{zone}.zone").write_text(text)
    return served, anchors, names


@pytest.fixture(scope="session")
def dnssec_nsd(dnssec_zones, tmp_path_factory):
    """NSD serving the signed and unsigned zones (it never validates)."""
    served, _, _ = dnssec_zones
    yield from running_nsd(served, tmp_path_factory.mktemp("dnssec-nsd"))


@pytest.fixture(scope="session")
def validator(dnssec_zones, dnssec_nsd, tmp_path_factory):
    """The address ("127.0.0.1:PORT") of unbound validating the zones
    served by dnssec_nsd, with a trust anchor for each signed zone."""
    _, anchors, names = dnssec_zones
    for server in running_unbound(tmp_path_factory.mktemp("dnssec-unbound"),
                                  names, dnssec_nsd.resolver, anchors):
        yield server.resolver
