"""Where a warm start of the offline web app spends its time: a diagnostic, not a benchmark.

    python tools/pwa_timeline.py [starts] [--build DIR] [--code-cache]

Copies the build (dist/pwa by default) to a temporary folder, adds marks to its page, loader and Python
worker (kept in memory and read at the end: console logging would slow the start it measures), serves
it, lets a new Chromium profile make its start-up snapshot, then prints the median time of each mark
from navigation over `starts` later starts (5 by default), one column per start.

--code-cache also traces each start (a little slower then) and prints how much of Python's WebAssembly
machine code Chromium reused from its code cache (0: none, all of it compiled again, on 2 cores the
difference between a ~1.25 s and a ~1.6 s start; see the README's Figures).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
from _browser import PHONE, free_port, launch, to_screen, wait_for_snapshot  # noqa: E402
from tools import build_pwa  # noqa: E402

MARK = "self.companionMark = (tag) => (self.__marks = self.__marks || []).push([tag, Date.now()]);\n"


def js(tag: str) -> str:
    return f'companionMark("{tag}");'


# (file, text to find, text to put before it): each must be found once, or the build changed.
MARKS = [
    ("pwa.js", "(function () {", js("page: pwa.js") + "addEventListener('flutter-first-frame', () => {"
     + js("page: Flutter's first frame") + "});"),
    ("python.js", "let app = {", js("page: Flutter connects")),
    ("pyodide-loader.mjs", "  const files = fetchApp();", js("loader: starts")),
    ("pyodide-loader.mjs", "  await unpackApp(pyodide, files)", js("loader: Python restored")),
    ("pyodide-loader.mjs", "  console.log(`Companion: Python ready", js("loader: data synced, ready")),
    ("python-worker.js", 'if (self.pyodide.FS.analyzePath(".companion-unpacked").exists)',
     js("worker: app starts (companion/browser_boot.py)")),
    ("python-worker.js", 'self.postMessage("initialized");', js("worker: connected")),
    ("python-worker.js", "flet_js.send(event.data);",
     "if (!self.__in) { self.__in = 1; " + js("worker: Flutter registers") + " }"),
    ("python-worker.js", "const bytes = message.toJs();",
     "self.__out = (self.__out || 0) + 1; if (self.__out === 2) " + js("worker: first screen sent")),
]


def marked_copy(build: Path, folder: Path) -> Path:
    copy = folder / "pwa"
    shutil.copytree(build, copy)
    for name in ("pwa.js", "python-worker.js"):
        (copy / name).write_text(MARK + (copy / name).read_text())
    for name, find, before in MARKS:
        path = copy / name
        text = path.read_text()
        if text.count(find) != 1:
            raise SystemExit(f"{name}: cannot place a mark before {find!r} (the build changed?)")
        path.write_text(text.replace(find, before + find))
    return copy


def reused_code(trace: Path) -> float:
    """KB of pyodide.asm.wasm's machine code Chromium took from its code cache in a traced start."""
    events = json.loads(trace.read_text())
    events = events["traceEvents"] if isinstance(events, dict) else events
    return sum(e["args"].get("consumedCacheSize", 0) for e in events if e.get("name") == "v8.wasm.moduleCacheHit"
               and e["args"].get("url", "").endswith("pyodide.asm.wasm")) / 1000


def start(context, url: str, trace: Path | None = None) -> tuple[dict[str, float], float | None]:
    """(ms from navigation of each mark, KB of code reused if traced) for one later start."""
    page = context.new_page()
    if trace:
        context.browser.start_tracing(categories=["disabled-by-default-devtools.timeline"], path=str(trace))
    t0 = time.time() * 1000  # the marks are Date.now()
    marks = {"first usable screen": to_screen(page, url) * 1000}
    for scope in [page, *page.workers]:
        marks.update({tag: at - t0 for tag, at in scope.evaluate("self.__marks || []")})
    page.close()
    if not trace:
        return marks, None
    context.browser.stop_tracing()
    return marks, reused_code(trace)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("starts", type=int, nargs="?", default=5)
    parser.add_argument("--build", type=Path, default=build_pwa.DEFAULT_OUT)
    parser.add_argument("--code-cache", action="store_true", help="trace each start for the code cache")
    args = parser.parse_args()
    if not (args.build / "index.html").is_file():
        raise SystemExit(f"{args.build}: no build there (make pwa)")
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        site = build_pwa.make_server(marked_copy(args.build, Path(tmp)), free_port())
        threading.Thread(target=site.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{site.server_address[1]}/"
        browser = launch(p)
        context = browser.new_context(viewport=PHONE)
        page = context.new_page()
        page.goto(url)
        wait_for_snapshot(page)
        page.close()
        starts, reused = [], []
        for _ in range(args.starts):
            time.sleep(3)
            marks, kb = start(context, url, Path(tmp) / "trace.json" if args.code_cache else None)
            starts.append(marks)
            reused.append(kb)
        browser.close()
        site.shutdown()
    tags = sorted({tag for marks in starts for tag in marks},
                  key=lambda tag: statistics.median(m.get(tag, 0) for m in starts))
    print(f"{'ms from navigation (median)':<56} per start")
    for tag in tags:
        times = [m[tag] for m in starts if tag in m]
        print(f"{statistics.median(times):6.0f}  {tag:<48} {' '.join(f'{t:6.0f}' for t in times)}")
    if args.code_cache:
        print(f"KB of Python's machine code reused from the code cache: {' '.join(f'{kb:.0f}' for kb in reused)}")


if __name__ == "__main__":
    main()
