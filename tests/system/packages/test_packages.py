# SPDX-License-Identifier: MIT
# test_packages.py: owns the life of the Debian packages on a machine:
# installed by apt-get, the command checks against NSD, the milter accepts
# its packaged configuration as its system user, its unit is enabled but
# not started, libfcrdns-dev builds a client; then purge leaves nothing.
# The purge test comes last: pytest runs a module's tests in file order.
import os
import pwd

from fcrdnstools import REPO, check_one, codes, run_fcrdns

from .debtools import (PACKAGES, apt_get, deb_field, fcrdns_paths, owned_paths,
                       package_status, program_pids, run)

CONF = "/etc/fcrdns-milter.conf"
MILTER = "/usr/sbin/fcrdns-milter"
UNIT = "/lib/systemd/system/fcrdns-milter.service"
WANTS = "/etc/systemd/system/multi-user.target.wants/fcrdns-milter.service"
USER = "fcrdns"


def conf_value(key):
    """The value of key in the packaged milter configuration, or None."""
    with open(CONF, encoding="utf-8") as f:
        for line in f:
            fields = line.split(None, 1)
            if len(fields) == 2 and fields[0] == key:
                return fields[1].strip()
    return None


def test_version_is_the_package_version(installed, debs):
    rc, out, _ = run_fcrdns("--version")
    assert rc == 0
    assert out.split()[:2] == ["fcrdns", deb_field(debs["fcrdns"], "Version")]


def test_check_pass(installed, pkg_nsd):
    r = check_one(pkg_nsd.resolver, "198.51.100.1")
    assert r["iprev"] == "pass"
    assert r["confirmed"] == "mail.pkg.test"


def test_check_fail(installed, pkg_nsd):
    r = check_one(pkg_nsd.resolver, "198.51.100.2")
    assert r["iprev"] == "fail"
    assert codes(r) == ["forward-mismatch"]


def test_programs_link_the_library_statically(installed, debs):
    """fcrdns and fcrdns-milter need no libfcrdns package at run time."""
    for program in ("/usr/bin/fcrdns", MILTER):
        assert "libfcrdns" not in run("ldd", program).stdout, program
    for name in ("fcrdns", "fcrdns-milter"):
        assert "libfcrdns" not in deb_field(debs[name], "Depends"), name


def test_conffile(installed):
    listed = run("dpkg-query", "-W", "-f=${Conffiles}", "fcrdns-milter").stdout
    assert [line.split()[0] for line in listed.splitlines() if line.strip()] == [CONF]


def test_milter_user_is_a_system_user(installed):
    assert conf_value("UserID") == USER
    pw = pwd.getpwnam(USER)
    assert 100 <= pw.pw_uid <= 999
    assert pw.pw_shell == "/usr/sbin/nologin"
    assert not os.path.exists(pw.pw_dir)


def test_milter_accepts_the_packaged_config(installed):
    """-n with no -c: the compiled-in default path is the conffile; the
    check includes the UserID's existence."""
    proc = run(MILTER, "-n", check=False, timeout=30)
    assert proc.returncode == 0, proc.stderr


def test_unit_runs_the_packaged_files(installed):
    with open(UNIT, encoding="utf-8") as f:
        starts = [line.split("=", 1)[1].split() for line in f
                  if line.startswith("ExecStart")]
    assert starts
    for argv in starts:
        assert argv[0] == MILTER
        assert argv[argv.index("-c") + 1] == CONF


def test_unit_enabled_not_started(installed):
    assert os.readlink(WANTS) == UNIT   # what `systemctl enable` makes
    assert program_pids(MILTER) == []
    if os.path.isdir("/run/systemd/system"):   # systemd is PID 1
        state = run("systemctl", "is-active", "fcrdns-milter", check=False)
        assert state.stdout.strip() == "inactive"


def test_dev_package_builds_a_client(installed, debs, tmp_path):
    flags = run("pkg-config", "--cflags", "--libs", "fcrdns").stdout.split()
    exe = tmp_path / "client"
    run("cc", "-std=c17", "-Wall", "-Wextra", "-Werror", "-o", exe,
        REPO / "tests/install/client.c", *flags)
    triplet = run("dpkg-architecture", "-qDEB_HOST_MULTIARCH").stdout.strip()
    loaded = [line.split("=>")[1].split()[0] for line in run("ldd", exe).stdout.splitlines()
              if "libfcrdns.so.0 =>" in line]
    assert [os.path.realpath(p) for p in loaded] == \
        [os.path.realpath(f"/usr/lib/{triplet}/libfcrdns.so.0")]
    assert run(exe).stdout.strip() == deb_field(debs["libfcrdns-dev"], "Version")


def test_purge_leaves_nothing_behind(installed):
    owned = [path for name in PACKAGES for path in owned_paths(name)]
    apt_get("purge", *PACKAGES)
    assert [name for name in PACKAGES if package_status(name)] == []
    assert [p for p in owned if os.path.lexists(p) and not os.path.isdir(p)] == []
    assert not os.path.lexists(CONF)
    assert not os.path.lexists(WANTS)
    # Directories of their own, debhelper's unit state, dpkg's lists: gone.
    assert fcrdns_paths() == installed
