"""What the end-to-end tests and the benchmarks share to drive the app in headless Chromium.

Where Chromium is and how it is launched, the phone and tablet sizes, a free port, waiting for a server to
answer, the `companion serve` command line, and opening a page with Flutter's accessibility tree switched on
(Flutter draws on a canvas; clicking `flt-semantics-placeholder` gives buttons, fields and text that
Playwright finds by role and label).

It lives here, not in tests/ or bench/, so that each of them imports it and neither imports the other:
tests/support/ builds the pytest harness on it, bench/_browser.py the benchmarks. Plain Python: no pytest,
and Playwright objects come in as arguments.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless=new", "--use-angle=swiftshader", "--no-sandbox", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--enable-unsafe-swiftshader"]
PHONE = {"width": 390, "height": 844}
TABLET = {"width": 1280, "height": 800}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url: str, proc: subprocess.Popen | None = None, timeout: float = 60, log: Path | None = None) -> None:
    """Returns when `url` answers; RuntimeError (with the server's log) if the process exits or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}:\n{log.read_text() if log else ''}")
        try:
            urllib.request.urlopen(url, timeout=1).read()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"server did not answer in {timeout}s:\n{log.read_text() if log else ''}")


def serve_command(port: int, data_dir: str | Path, clinic: str | Path | None = None) -> list[str]:
    """The command line that serves the app on 127.0.0.1:`port` (run it with cwd=ROOT)."""
    cmd = [sys.executable, "-m", "companion", "serve", "--port", str(port), "--data-dir", str(data_dir)]
    return cmd + ["--clinic", str(clinic)] if clinic else cmd


def launch_chromium(playwright):
    """Headless Chromium from a `sync_playwright()` context, launched as every test and benchmark does."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def open_with_semantics(page, url: str, timeout: float = 60_000) -> None:
    """Go to `url` and switch Flutter's accessibility tree on (`timeout` in ms, for the page to draw)."""
    page.goto(url)
    page.wait_for_selector("flt-semantics-placeholder", state="attached", timeout=timeout)
    page.eval_on_selector("flt-semantics-placeholder", "e => e.click()")
