# SPDX-License-Identifier: MIT
# test_diagnosis.py: owns the diagnosis fields of `fcrdns check`, checked
# against real NSD data (zones/ in this directory: 113.0.203.in-addr.arpa
# and the forward zones under real public suffixes, served only on
# loopback): generic/provider classification, fix.owner and its steps,
# --expect, and the human report's "What to do" section and RFC 5321 note.
# The HELO verdicts are in test_helo.py.
import pytest

from fcrdnstools import FAST, check_one, codes, run_fcrdns


def step_index(r, text):
    """Index of the first fix step containing text (fails when none)."""
    for i, step in enumerate(r["fix"]["steps"]):
        if text in step:
            return i
    pytest.fail(f"no step contains {text!r}: {r['fix']['steps']}")


def recheck_step(r):
    assert any("fcrdns check" in s for s in r["fix"]["steps"]), r


# --- generic and provider -------------------------------------------------

@pytest.mark.parametrize("ip,name,provider", [
    ("203.0.113.10", "ec2-203-0-113-10.compute-1.amazonaws.com", "aws"),
    ("203.0.113.16", "ec2-203-0-113-16.eu-west-1.compute.amazonaws.com",
     "aws"),
    ("203.0.113.11", "myvm-11.westeurope.cloudapp.azure.com", "azure"),
    ("203.0.113.12", "12.113.0.203.bc.googleusercontent.com", "gcp"),
    ("203.0.113.13", "static.13.113.0.203.clients.your-server.de",
     "hetzner"),
    ("203.0.113.14", "203-0-113-14.ip.linodeusercontent.com", "linode"),
    ("203.0.113.15", "203.0.113.15.vultrusercontent.com", "vultr"),
])
def test_provider_default_name_pass(nsd, ip, name, provider):
    r = check_one(nsd.resolver, ip)
    assert r["iprev"] == "pass"
    assert r["confirmed"] == name
    assert r["generic"] is True
    assert r["provider"] == provider
    assert "provider-default-ptr" in codes(r)
    assert "generic-ptr" not in codes(r)
    assert r["fix"]["owner"] == "ip-owner"
    recheck_step(r)


def test_provider_default_name_fail(nsd):
    # the AWS default name has no A record: fail, still the IP owner's job
    r = check_one(nsd.resolver, "203.0.113.17")
    assert r["iprev"] == "fail"
    assert r["generic"] is True
    assert r["provider"] == "aws"
    assert "provider-default-ptr" in codes(r)
    assert r["fix"]["owner"] == "ip-owner"
    step_index(r, "aws ec2 modify-address-attribute")


# Each provider's command; with --expect mail.example.com (A 203.0.113.10
# to .13 already) the expected name and the IP are filled in.
PROVIDER_COMMANDS = {
    "aws": ("203.0.113.10", [
        "aws ec2 modify-address-attribute --allocation-id",
        "--domain-name mail.example.com"]),
    "azure": ("203.0.113.11", [
        "az network public-ip update --resource-group",
        "--reverse-fqdn mail.example.com."]),
    "gcp": ("203.0.113.12", [
        "gcloud compute instances update-access-config",
        "--network-interface=nic0",
        "--public-ptr --public-ptr-domain=mail.example.com."]),
    "hetzner": ("203.0.113.13", [
        "hcloud server set-rdns --ip 203.0.113.13",
        "--hostname mail.example.com"]),
}


@pytest.mark.parametrize("provider", sorted(PROVIDER_COMMANDS))
def test_provider_command_with_expect(nsd, provider):
    ip, parts = PROVIDER_COMMANDS[provider]
    r = check_one(nsd.resolver, ip, extra=("--expect", "mail.example.com"))
    assert r["provider"] == provider
    assert r["generic"] is True
    assert "provider-default-ptr" in codes(r)
    assert "unexpected-ptr" in codes(r)
    # the forward record exists already: only the IP owner acts
    assert r["fix"]["owner"] == "ip-owner"
    i = step_index(r, parts[0])
    for part in parts[1:]:
        assert part in r["fix"]["steps"][i], r["fix"]["steps"][i]
    assert not any("3600 IN A" in s for s in r["fix"]["steps"]), r
    recheck_step(r)


@pytest.mark.parametrize("provider", sorted(PROVIDER_COMMANDS))
def test_provider_command_without_expect(nsd, provider):
    ip, parts = PROVIDER_COMMANDS[provider]
    r = check_one(nsd.resolver, ip)
    assert r["fix"]["owner"] == "ip-owner"
    step_index(r, parts[0])   # for Hetzner, with the IP filled in


def test_provider_both_forward_record_first(nsd):
    # newname.example.com has no record: publish it, then set the PTR
    r = check_one(nsd.resolver, "203.0.113.10",
                  extra=("--expect", "newname.example.com"))
    assert r["fix"]["owner"] == "both"
    zone = step_index(r, "newname.example.com. 3600 IN A 203.0.113.10")
    cmd = step_index(r, "aws ec2 modify-address-attribute")
    assert zone < cmd
    assert "--domain-name newname.example.com" in r["fix"]["steps"][cmd]


@pytest.mark.parametrize("ip,name", [
    ("203.0.113.30", "a8-30.smtp-out.amazonses.com"),
    ("203.0.113.31", "mail-yw1-f171.google.com"),
])
def test_esp_outbound_host_is_specific(nsd, ip, name):
    r = check_one(nsd.resolver, ip)
    assert r["iprev"] == "pass"
    assert r["confirmed"] == name
    assert r["generic"] is False
    assert r["provider"] is None
    assert r["problems"] == []
    assert r["fix"] == {"owner": None, "steps": []}


@pytest.mark.parametrize("ip,iprev", [("203.0.113.20", "fail"),
                                      ("203.0.113.21", "pass")])
def test_isp_pool_name_is_generic(nsd, ip, iprev):
    r = check_one(nsd.resolver, ip)
    assert r["iprev"] == iprev
    assert r["generic"] is True
    assert r["provider"] is None
    assert "generic-ptr" in codes(r)
    assert "provider-default-ptr" not in codes(r)
    assert r["fix"]["owner"] == "ip-owner"
    recheck_step(r)


def test_specific_name_not_generic(nsd):
    r = check_one(nsd.resolver, "203.0.113.1")
    assert r["generic"] is False
    assert r["provider"] is None


def test_generic_judged_on_confirmed_name(nsd):
    # generic first name without A; the specific second name confirms
    r = check_one(nsd.resolver, "203.0.113.41")
    assert r["confirmed"] == "mail41.example.com"
    assert r["generic"] is False
    assert "generic-ptr" not in codes(r)
    assert "multiple-ptr" in codes(r)
    assert r["fix"] == {"owner": None, "steps": []}
    # the specific first name has no A; the generic second one confirms
    r = check_one(nsd.resolver, "203.0.113.42")
    assert r["confirmed"] == "host-203-0-113-42.dynamic.isp.test"
    assert r["generic"] is True
    assert "generic-ptr" in codes(r)
    assert r["fix"]["owner"] == "ip-owner"


def test_generic_judged_on_first_name_when_none_confirms(nsd):
    r = check_one(nsd.resolver, "203.0.113.43")
    assert r["iprev"] == "fail"
    assert r["ptr"][0] == "host-203-0-113-43.dynamic.isp.test"
    assert r["generic"] is True
    assert r["fix"]["owner"] == "ip-owner"
    r = check_one(nsd.resolver, "203.0.113.44")
    assert r["iprev"] == "fail"
    assert r["ptr"][0] == "aa44.example.com"
    assert r["generic"] is False
    assert "generic-ptr" not in codes(r)
    assert r["fix"]["owner"] == "domain-owner"
    step_index(r, "aa44.example.com. 3600 IN A 203.0.113.44")


def test_no_ptr_not_generic(nsd):
    r = check_one(nsd.resolver, "203.0.113.9")
    assert r["generic"] is False
    assert r["provider"] is None


# --- fix.owner without --expect ------------------------------------------

@pytest.mark.parametrize("ip,owner", [
    ("203.0.113.1", None),             # pass, specific name
    ("192.0.2.20", None),              # multiple-ptr alone fixes nothing
    ("192.0.2.31", None),              # too-many-ptr alone fixes nothing
    ("198.51.100.7", None),            # PTR temperror
    ("192.0.2.60", None),              # forward temperror
    ("203.0.113.9", "ip-owner"),       # permerror
    ("192.0.2.6", "ip-owner"),         # permerror (NXDOMAIN)
    ("192.0.2.7", "ip-owner"),         # permerror (NODATA)
    ("203.0.113.10", "ip-owner"),      # pass, provider default name
    ("203.0.113.21", "ip-owner"),      # pass, ISP pool name
    ("203.0.113.20", "ip-owner"),      # fail, ISP pool name
    ("203.0.113.3", "domain-owner"),   # fail, specific name
    ("192.0.2.3", "domain-owner"),     # fail, forward NXDOMAIN
    ("2001:db8::2", "domain-owner"),   # fail, IPv6 client, A only
])
def test_fix_owner(nsd, ip, owner):
    r = check_one(nsd.resolver, ip)
    assert r["fix"]["owner"] == owner, r
    if owner is not None:
        recheck_step(r)


def test_multiple_and_too_many_ptr_stay_in_problems(nsd):
    r = check_one(nsd.resolver, "192.0.2.20")
    assert "multiple-ptr" in codes(r)
    r = check_one(nsd.resolver, "192.0.2.31")
    assert "too-many-ptr" in codes(r)


def test_domain_owner_step_has_zone_line(nsd):
    r = check_one(nsd.resolver, "203.0.113.3")
    step_index(r, "wrong.example.com. 3600 IN A 203.0.113.3")


def test_domain_owner_step_ipv6_uses_aaaa(nsd):
    r = check_one(nsd.resolver, "2001:db8::2")
    step_index(r, "v4only.example.test. 3600 IN AAAA 2001:db8::2")


# --- fix.owner with --expect ----------------------------------------------

@pytest.mark.parametrize("ip,expect,owner,unexpected", [
    # PTR names lack E; E resolves to the IP already
    ("203.0.113.1", "mx.example.co.uk", "ip-owner", True),
    ("203.0.113.3", "fixed3.example.com", "ip-owner", True),
    # PTR names hold E; E's A lacks the IP
    ("203.0.113.3", "wrong.example.com", "domain-owner", False),
    # both: E not in the PTR names and E has no record
    ("203.0.113.3", "newname.example.com", "both", True),
    ("203.0.113.1", "newname.example.com", "both", True),
    # all in place
    ("203.0.113.1", "mail.example.co.uk", None, False),
    ("203.0.113.1", "MAIL.Example.CO.UK.", None, False),
    ("203.0.113.41", "mail41.example.com", None, False),
    # the error results keep their owner
    ("198.51.100.7", "newname.example.com", None, None),
    ("203.0.113.9", "newname.example.com", "ip-owner", True),
])
def test_fix_owner_with_expect(nsd, ip, expect, owner, unexpected):
    r = check_one(nsd.resolver, ip, extra=("--expect", expect))
    assert r["fix"]["owner"] == owner, r
    if unexpected is not None:
        assert ("unexpected-ptr" in codes(r)) == unexpected, r
    if owner is not None:
        recheck_step(r)
    if owner in ("domain-owner", "both"):
        zone_line = f"{expect.lower().rstrip('.')}. 3600 IN A {ip}"
        step_index(r, zone_line)


def test_fix_both_forward_record_before_ptr(nsd):
    r = check_one(nsd.resolver, "203.0.113.3",
                  extra=("--expect", "newname.example.com"))
    assert r["fix"]["owner"] == "both"
    zone = step_index(r, "newname.example.com. 3600 IN A 203.0.113.3")
    ptr = step_index(r, "set the PTR")
    assert zone < ptr
    assert "newname.example.com" in r["fix"]["steps"][ptr]


@pytest.mark.parametrize("expect", [
    "bad name", "", "a..b.example.com", "a" * 64 + ".example.com",
    ".example.com", "x.example.com..", "[203.0.113.1]",
    ".".join(["a" * 60] * 5)])
def test_expect_malformed_is_usage_error(expect):
    rc, out, err = run_fcrdns("check", "--json", *FAST, "--resolver",
                              "127.0.0.1:9", "--expect", expect,
                              "203.0.113.1")
    assert rc == 64, (rc, out, err)
    assert out == ""


# --- human report -----------------------------------------------------------

def human(nsd, *args):
    return run_fcrdns("check", *FAST, "--resolver", nsd.resolver, *args)


def test_human_what_to_do_with_provider_command(nsd):
    rc, out, err = human(nsd, "--expect", "mail.example.com", "203.0.113.10")
    assert rc == 0, err
    assert "What to do" in out
    assert "aws ec2 modify-address-attribute" in out
    assert "--domain-name mail.example.com" in out
    assert "1." in out.split("What to do", 1)[1]
    assert "RFC 5321" not in out


def test_human_what_to_do_domain_owner(nsd):
    rc, out, err = human(nsd, "203.0.113.3")
    assert rc == 1, err
    tail = out.split("What to do", 1)[1]
    assert "1." in tail
    assert "wrong.example.com. 3600 IN A 203.0.113.3" in tail


def test_human_no_what_to_do_when_fine(nsd):
    rc, out, err = human(nsd, "203.0.113.1")
    assert rc == 0, err
    assert "What to do" not in out
    assert "HELO:" not in out


@pytest.mark.parametrize("helo", ["other.example.net", "co.uk",
                                  "exchange-server-01.local",
                                  "[203.0.113.2]"])
def test_human_rfc5321_note_when_only_helo_wrong(nsd, helo):
    rc, out, err = human(nsd, "--helo", helo, "203.0.113.1")
    assert rc == 0, err
    assert "HELO:" in out
    assert helo in out
    assert "RFC 5321" in out and "4.1.4" in out
    assert "What to do" not in out


def test_human_helo_line_match_no_note(nsd):
    rc, out, err = human(nsd, "--helo", "mail.example.co.uk", "203.0.113.1")
    assert rc == 0, err
    assert "HELO:" in out
    assert "RFC 5321" not in out


def test_human_no_rfc5321_note_when_iprev_also_wrong(nsd):
    rc, out, err = human(nsd, "--helo", "other.example.net", "203.0.113.3")
    assert rc == 1, err
    assert "HELO:" in out
    assert "4.1.4" not in out
    assert "What to do" in out
