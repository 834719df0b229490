"""Server memory after the first screen is loaded in Chromium: Companion vs a bare Flet "hello" app.

Memory is the resident set (VmRSS in /proc/PID/status) of the server process and all its children.
Prints the median of several alternating runs of each and the difference (goal <= +40 MB).
"""

import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from _browser import launch, median, served, start_companion, start_hello

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 5
PHONE = {"width": 390, "height": 844}


def tree(pid: int) -> list[int]:
    """pid and all its descendants."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            children = (task / "children").read_text().split() if (task / "children").exists() else []
            todo += [int(c) for c in children]
    return found


def rss_mb(pid: int) -> float:
    total_kb = 0
    for member in tree(pid):
        for line in Path(f"/proc/{member}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total_kb += int(line.split()[1])
    return total_kb / 1024


def server_memory(browser, start, ready: tuple[str, str]) -> float:
    """MB held by the server once a browser shows its first screen (and the server has settled)."""
    with served(browser, start, PHONE) as (proc, page):
        page.get_by_role(ready[0], name=ready[1]).first.wait_for(timeout=60_000)
        time.sleep(1.0)  # let the server finish the session's work
        return rss_mb(proc.pid)


def main() -> None:
    with sync_playwright() as p:
        browser = launch(p)
        hello, app = [], []
        for _ in range(RUNS):
            hello.append(server_memory(browser, start_hello, ("button", "Ready")))
            app.append(server_memory(browser, lambda port: start_companion(port, tempfile.mkdtemp()), ("tab", "Today")))
        browser.close()
    print(f"bare flet hello: median {median(hello):.1f} MB  ({', '.join(f'{x:.1f}' for x in hello)})")
    print(f"companion:       median {median(app):.1f} MB  ({', '.join(f'{x:.1f}' for x in app)})")
    print(f"difference: {median(app) - median(hello):+.1f} MB  (goal <= +40 MB)")


if __name__ == "__main__":
    main()
