"""Shared by the benchmarks: start a server process, time it to the first usable screen in Chromium.

Chromium, its arguments, the screen sizes, ports and waiting for a server come from tools/browser_harness.py,
which the end-to-end tests use too: the benchmarks never import the tests."""

from __future__ import annotations

import statistics
from contextlib import contextmanager
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # a script run as `python bench/NAME.py` imports tools/ and companion/ from here
from tools.browser_harness import (PHONE, TABLET, free_port, launch_chromium, open_with_semantics,  # noqa: E402,F401
                                   serve_command, wait_http)

HELLO_APP = """
import sys, flet as ft
def main(page):
    page.add(ft.Text("Hello"), ft.Button("Ready"))
ft.run(main, view=ft.AppView.WEB_BROWSER, host="127.0.0.1", port=int(sys.argv[1]), no_cdn=True)
"""


def start_hello(port: int) -> subprocess.Popen:
    script = Path(tempfile.mkdtemp()) / "hello.py"
    script.write_text(HELLO_APP)
    return subprocess.Popen([sys.executable, str(script), str(port)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env={"FLET_FORCE_WEB_SERVER": "1", "PATH": "/usr/bin:/bin"})


def start_companion(port: int, data_dir: str | None = None) -> subprocess.Popen:
    data_dir = data_dir or tempfile.mkdtemp()
    return subprocess.Popen(serve_command(port, data_dir), cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


def open_page(browser, url: str, viewport: dict):
    """A fresh context on the app with Flutter's accessibility tree switched on."""
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    open_with_semantics(page, url)
    return context, page


@contextmanager
def served(browser, start, viewport):
    """Starts a server with `start(port)`, opens it in a fresh context; yields (process, page), then stops both."""
    port = free_port()
    proc = start(port)
    try:
        url = f"http://127.0.0.1:{port}/"
        wait_http(url, proc)
        context, page = open_page(browser, url, viewport)
        try:
            yield proc, page
        finally:
            context.close()
    finally:
        proc.terminate()
        proc.wait()


def time_to_screen(browser, start, ready: tuple[str, str], viewport=PHONE) -> float:
    """Seconds from process start to a (role, name) element being present in the accessibility tree."""
    t0 = time.perf_counter()
    with served(browser, start, viewport) as (_, page):
        page.get_by_role(ready[0], name=ready[1]).first.wait_for(timeout=60_000)
        return time.perf_counter() - t0


def to_screen(page, url: str) -> float:
    """Seconds from navigating `page` to `url` to the app's Today tab, accessibility tree switched on."""
    t0 = time.perf_counter()
    open_with_semantics(page, url, timeout=120_000)
    page.get_by_role("tab", name="Today").first.wait_for(timeout=120_000)
    return time.perf_counter() - t0


def wait_for_snapshot(page) -> None:
    """After a first visit of the offline web app: its start-up snapshot is made in the background a few
    seconds after the start; then a little more, for the browser to finish caching compiled code."""
    for _ in range(240):
        if page.evaluate("async () => (await fetch('companion-snapshot', {method: 'HEAD'})).status === 200"):
            break
        page.wait_for_timeout(500)
    page.wait_for_timeout(10_000)


def launch(p):
    return launch_chromium(p)


def median(xs):
    return statistics.median(xs)
