# browser.py: owns running Debian's headless Chromium for the HTML report
# tests: every run bounded in time, with a fresh profile, the flags this
# closed network needs, and no process left behind. A run goes through this
# file's own __main__ (a child subreaper): Chromium's helpers that outlive
# it are re-parented to the reaper, which kills and reaps every one.
import ctypes
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
RUN_TIMEOUT = 60     # seconds per Chromium run
WINDOW = (1000, 1400)  # CSS pixels = device pixels (scale factor 1)
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
    "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-extensions",
    "--no-default-browser-check", "--mute-audio", "--hide-scrollbars",
    "--force-device-scale-factor=1", "--force-color-profile=srgb",
]
PR_SET_CHILD_SUBREAPER = 36


class BrowserError(Exception):
    pass


def processes_with(marker):
    """Pids of live processes whose command line holds marker."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if marker.encode() in cmdline:
            pids.append(int(entry.name))
    return pids


def run_chromium(args, workdir, timeout=RUN_TIMEOUT, window=WINDOW):
    """Run Chromium with args (after the fixed flags, a window of window
    pixels and a fresh profile in workdir); return its CompletedProcess
    (stdout and stderr as bytes). Raises BrowserError when it overruns or
    leaves a process behind."""
    profile = tempfile.mkdtemp(prefix="chromium-profile-", dir=workdir)
    cmd = [sys.executable, __file__, str(timeout), CHROMIUM, *FLAGS,
           f"--window-size={window[0]},{window[1]}", f"--user-data-dir={profile}",
           *map(str, args)]
    try:
        proc = subprocess.run(cmd, stdin=subprocess.DEVNULL,
                              capture_output=True, timeout=timeout + 20)
    except subprocess.TimeoutExpired as exc:
        raise BrowserError(f"chromium reaper ran over {timeout + 20}s") from exc
    left = processes_with(profile)
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    if left:
        raise BrowserError(f"chromium left processes behind: {left}")
    if proc.returncode == 124:
        raise BrowserError(f"chromium ran over {timeout}s: "
                           f"{proc.stderr.decode(errors='replace')[-2000:]}")
    return proc


def file_url(path):
    return Path(path).resolve().as_uri()


def dump_dom(page, workdir):
    """The DOM of page (a file) after Chromium loaded it, serialised."""
    proc = run_chromium(["--dump-dom", file_url(page)], workdir)
    if proc.returncode != 0 or not proc.stdout:
        raise BrowserError(f"--dump-dom failed ({proc.returncode}): "
                           f"{proc.stderr.decode(errors='replace')[-2000:]}")
    return proc.stdout.decode("utf-8")


def screenshot(page, png, workdir, window=WINDOW):
    """Render page into png (window pixels, WINDOW by default)."""
    proc = run_chromium([f"--screenshot={png}", file_url(page)], workdir, window=window)
    if proc.returncode != 0 or not Path(png).is_file():
        raise BrowserError(f"--screenshot failed ({proc.returncode}): "
                           f"{proc.stderr.decode(errors='replace')[-2000:]}")


def print_to_pdf(page, pdf, workdir):
    """Print page (print media, A4) into pdf."""
    proc = run_chromium([f"--print-to-pdf={pdf}", "--no-pdf-header-footer",
                         file_url(page)], workdir)
    if proc.returncode != 0 or not Path(pdf).is_file():
        raise BrowserError(f"--print-to-pdf failed ({proc.returncode}): "
                           f"{proc.stderr.decode(errors='replace')[-2000:]}")


# ---- The reaper: python3 browser.py TIMEOUT COMMAND... -------------------

def _children():
    """Pids whose parent is this process."""
    me, kids = os.getpid(), []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            # The fields after the command name, which is in parentheses.
            if int(stat.rsplit(")", 1)[1].split()[1]) == me:
                kids.append(int(entry.name))
    return kids


def _reap_all(deadline):
    """Kill and reap every child until none is left or deadline passes."""
    while time.monotonic() < deadline:
        kids = _children()
        if not kids:
            return
        for pid in kids:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        try:
            while os.waitpid(-1, os.WNOHANG)[0] > 0:
                pass
        except ChildProcessError:
            return
        time.sleep(0.05)


def _reaper_main(argv):
    timeout, cmd = float(argv[1]), argv[2:]
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        rc = proc.wait(timeout)
    except subprocess.TimeoutExpired:
        rc = 124
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    _reap_all(time.monotonic() + 10)
    return rc


if __name__ == "__main__":
    sys.exit(_reaper_main(sys.argv))
