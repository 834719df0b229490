"""The offline web app (`make pwa`) against server mode, in headless Chromium, to the first usable screen.

Like with like: each start comes after a few idle seconds in a browser profile that has seen the app
before (as a patient's phone opening it again), and each mode is sampled WARM times per run.
cold: first visit (nothing cached); second start: the first one from the start-up snapshot the first
visit left behind, left open a while (its warm-up of Python's code runs then); warm: later starts
(service worker cache, snapshot, the browser's compiled code); no snapshot: a later start without it
(as before one exists). server: `companion serve` already running, page load in a profile that loaded it
before (first visit: a new profile); server + start: from starting the process. Prints medians, warm/server (goal <= 1.5), what the service worker downloads and keeps
(goal < 40 MB) and the size of the snapshot the browser makes itself.
"""

import sys
import tempfile
import threading
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from _browser import (PHONE, ROOT, free_port, launch, median, start_companion, time_to_screen, to_screen,
                      wait_for_snapshot, wait_http)

sys.path.insert(0, str(ROOT))
from tools import build_pwa  # noqa: E402

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 3
WARM = 3  # warm starts per run and mode
IDLE_MS = 3000  # before each later start: the browser finishes compiling what the last one ran
USE_MS = 12_000  # the second start is used a while (as a person would), long enough for its warm-up
CACHED_BYTES = """async (snapshots) => { let total = 0;
  for (const name of await caches.keys()) { if (name.endsWith("-snapshot") !== snapshots) continue;
    const cache = await caches.open(name);
    for (const request of await cache.keys()) total += (await (await cache.match(request)).blob()).size; }
  return total; }"""
DROP_SNAPSHOT = "fetch('companion-snapshot', {method: 'DELETE'})"


def pwa_runs(browser, url: str) -> tuple[float, float, list[float], float, int, int]:
    """(cold, second start, warm starts, warm without snapshot, bytes cached, snapshot bytes), one new profile."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    cold = to_screen(page, url)
    page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=120_000)
    wait_for_snapshot(page)
    page.close()
    second = later_start(context, url, use_ms=USE_MS)
    warm = [later_start(context, url) for _ in range(WARM)]
    page = context.new_page()
    page.goto(url + "manifest.json")
    cached, snapshot = page.evaluate(CACHED_BYTES, False), page.evaluate(CACHED_BYTES, True)
    page.evaluate(DROP_SNAPSHOT)
    page.close()
    plain = later_start(context, url)
    context.close()
    return cold, second, warm, plain, cached, snapshot


def later_start(context, url: str, use_ms: int = 0) -> float:
    time.sleep(IDLE_MS / 1000)
    page = context.new_page()
    seconds = to_screen(page, url)
    page.wait_for_timeout(use_ms)
    page.close()
    return seconds


def server_runs(browser, url: str) -> tuple[float, list[float]]:
    """(first visit, later page loads) in one new profile."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    first = to_screen(page, url)
    page.close()
    later = [later_start(context, url) for _ in range(WARM)]
    context.close()
    return first, later


def main() -> None:
    out = build_pwa.DEFAULT_OUT
    if not build_pwa.is_current(out):
        print("building dist/pwa ...", flush=True)
        build_pwa.build(out)
    site = build_pwa.make_server(out, free_port())
    threading.Thread(target=site.serve_forever, daemon=True).start()
    pwa_url = f"http://127.0.0.1:{site.server_address[1]}/"
    port = free_port()
    server = start_companion(port, tempfile.mkdtemp())
    server_url = f"http://127.0.0.1:{port}/"
    cold, second, warm, plain, first, served, started, cached, snapshot = [], [], [], [], [], [], [], 0, 0
    try:
        wait_http(server_url, server)
        with sync_playwright() as p:
            browser = launch(p)
            for _ in range(RUNS):
                c, s, w, n, cached, snapshot = pwa_runs(browser, pwa_url)
                cold.append(c)
                second.append(s)
                warm.extend(w)
                plain.append(n)
                f, later = server_runs(browser, server_url)
                first.append(f)
                served.extend(later)
                started.append(time_to_screen(browser, start_companion, ("tab", "Today")))
            browser.close()
    finally:
        server.terminate()
        server.wait()
        site.shutdown()

    def line(label, xs):
        print(f"{label:<28} median {median(xs):5.2f} s  ({', '.join(f'{x:.2f}' for x in xs)})")

    line("server mode (page load):", served)
    line("server mode (first visit):", first)
    line("server mode (+ start):", started)
    line("offline app, first visit:", cold)
    line("offline app, second start:", second)
    line("offline app, warm start:", warm)
    line("  ... without snapshot:", plain)
    print(f"warm / server: {median(warm) / median(served):.2f}  (goal <= 1.5); "
          f"warm / server + start: {median(warm) / median(started):.2f}")
    print(f"service worker cache: {cached / 1e6:.1f} MB  (goal < 40 MB); build folder: "
          f"{sum(f.stat().st_size for f in Path(out).rglob('*') if f.is_file()) / 1e6:.1f} MB; "
          f"start-up snapshot made by the browser: {snapshot / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
