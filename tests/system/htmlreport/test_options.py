# test_options.py: --html as an option: stdout keeps every record exactly,
# the option may come anywhere, an unwritable path is a usage error before
# any check, the report may replace its own input file, and the caps on
# what bulk keeps (grids, table rows) end in a count of what was left out.
import re
import subprocess

from fcrdnstools import REPO, RUN_TIMEOUT, assert_no_sanitizer_report, fcrdns_bin, run_fcrdns

from . import dom
from .conftest import SWEEP_V4, SWEEP_V6, bulk_report

FAST = ("--timeout", "300", "--tries", "1")


def bulk_plain(resolver, text, *args):
    """Run bulk without --html: (rc, stdout)."""
    proc = subprocess.run([str(fcrdns_bin()), "bulk", "--resolver", resolver, *FAST, *args],
                          input=text.encode(), capture_output=True, timeout=RUN_TIMEOUT,
                          cwd=REPO)
    assert_no_sanitizer_report(proc.stderr)
    return proc.returncode, proc.stdout.decode("utf-8")


def section_of(path, ident):
    root, _ = dom.parse(path.read_text())
    (s,) = root.find("section", id=ident)
    return s


def test_bulk_stdout_unchanged_by_html(html_nsd, sweep):
    rc, out = bulk_plain(html_nsd.resolver, f"{SWEEP_V4}\n{SWEEP_V6}\nno-address\n")
    assert (rc, sorted(out.splitlines())) == (sweep.rc, sorted(sweep.stdout.splitlines()))


def test_bulk_exit_code_with_html(sweep):
    assert sweep.rc == 1


def test_bulk_csv_unchanged_by_html(html_nsd, tmp_path):
    rc, out = bulk_plain(html_nsd.resolver, f"{SWEEP_V4}\n", "--csv")
    report = bulk_report(html_nsd.resolver, f"{SWEEP_V4}\n", tmp_path / "r.html", "--csv")
    assert (report.rc, out.splitlines()[0], sorted(report.stdout.splitlines())) == \
        (rc, "ip,iprev,ptr,confirmed,problems,authentication_results,generic,provider,"
         "fix_owner,input,error", sorted(out.splitlines()))


def test_bulk_totals_count_every_record(sweep):
    total = section_of(sweep.path, "totals")
    (n,) = total.find("b", id="total")
    (bad,) = total.find("b", id="bad-lines")
    assert (int(n.text()), int(bad.text())) == (80, 1)


def test_bulk_html_first_option(html_nsd, tmp_path):
    path = tmp_path / "first.html"
    proc = subprocess.run([str(fcrdns_bin()), "bulk", "--html", str(path), "--quiet",
                           "--resolver", html_nsd.resolver, *FAST],
                          input=b"198.51.100.1\n", capture_output=True,
                          timeout=RUN_TIMEOUT, cwd=REPO)
    root, _ = dom.parse(path.read_text())
    assert (proc.returncode, len(root.find("rect", cls="cell"))) == (0, 1)


def test_check_html_before_operands(html_nsd, tmp_path):
    path = tmp_path / "c.html"
    rc, out, _ = run_fcrdns("check", "--html", path, "--resolver", html_nsd.resolver, *FAST,
                            "198.51.100.33")
    root, _ = dom.parse(path.read_text())
    assert (rc, [s.attrs["data-iprev"] for s in root.find("section", cls="addr")]) == \
        (1, ["fail"])
    assert out.startswith("198.51.100.33  iprev=fail")


def test_check_unwritable_report_is_usage_error(html_nsd, tmp_path):
    rc, out, err = run_fcrdns("check", "--resolver", html_nsd.resolver, *FAST,
                              "--html", tmp_path / "no-such-dir" / "r.html", "198.51.100.1")
    assert (rc, out) == (64, "")
    assert "cannot write the report" in err


def test_bulk_unwritable_report_is_usage_error(html_nsd, tmp_path):
    proc = subprocess.run([str(fcrdns_bin()), "bulk", "--resolver", html_nsd.resolver, *FAST,
                           "--html", str(tmp_path / "no-such-dir" / "r.html")],
                          input=b"198.51.100.1\n", capture_output=True,
                          timeout=RUN_TIMEOUT, cwd=REPO)
    assert (proc.returncode, proc.stdout) == (64, b"")


def test_bulk_report_may_replace_its_input(html_nsd, tmp_path):
    path = tmp_path / "sweep.txt"
    path.write_text(f"{SWEEP_V4}\n")
    proc = subprocess.run([str(fcrdns_bin()), "bulk", "--resolver", html_nsd.resolver, *FAST,
                           "-i", str(path), "--html", str(path)],
                          capture_output=True, timeout=RUN_TIMEOUT, cwd=REPO)
    root, _ = dom.parse(path.read_text())
    assert (proc.returncode, len(proc.stdout.splitlines()),
            len(root.find("rect", cls="cell"))) == (1, 64, 64)


def test_bulk_table_capped_with_a_count(html_nsd, tmp_path):
    # 10.0.0.0/22 is served by no zone: 1024 temperrors, 1000 rows kept.
    report = bulk_report(html_nsd.resolver, "10.0.0.0/22\n", tmp_path / "cap.html")
    attention = section_of(report.path, "attention")
    (more,) = attention.find("p", id="more-rows")
    assert (report.rc, len(attention.find("tr")) - 1, re.findall(r"\d+", more.text())[0]) == \
        (2, 1000, "24")


def test_bulk_grids_capped_with_a_count(html_nsd, tmp_path):
    # One address in each of 300 /24s: 256 grids drawn, 44 addresses counted.
    text = "".join(f"10.{n // 256}.{n % 256}.1\n" for n in range(300))
    report = bulk_report(html_nsd.resolver, text, tmp_path / "grids.html")
    blocks = section_of(report.path, "blocks")
    (undrawn,) = blocks.find("b", id="undrawn")
    assert (len(blocks.find("figure", cls="grid")), undrawn.text()) == (256, "44")


def test_bulk_report_write_failure_is_software_error(html_nsd):
    proc = subprocess.run([str(fcrdns_bin()), "bulk", "--resolver", html_nsd.resolver, *FAST,
                           "--html", "/dev/full"],
                          input=f"{SWEEP_V4}\n".encode(), capture_output=True,
                          timeout=RUN_TIMEOUT, cwd=REPO)
    assert (proc.returncode, len(proc.stdout.splitlines())) == (70, 64)
    assert b"could not write the report" in proc.stderr
