"""Opening the Diary (list and charts, tablet size) with 5 years of daily entries vs with no entries.

Each run starts a fresh server on a copy of the data (a cold store), opens the app in headless Chromium,
then times from tapping "Diary" to the newest entry and the charts being on screen.
Prints the median of several alternating runs of each and the ratio (goal <= 1.5).
"""

import shutil
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from playwright.sync_api import sync_playwright

from _browser import ROOT, launch, median, served, start_companion

sys.path.insert(0, str(ROOT))
from companion.adapters.store import Store  # noqa: E402

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 5
YEARS = 5
TABLET = {"width": 1280, "height": 800}
NAV_READY = "() => [...document.querySelectorAll('[role=tab], [role=button]')].some(n => /^Diary/.test(" \
            "n.getAttribute('aria-label') || n.textContent))"


def seed(folder: Path, days: int) -> Path:
    """One patient on a 21-day plan that started 5 years ago, with one diary entry a day for `days` days."""
    london, now = ZoneInfo("Europe/London"), datetime.now(timezone.utc)
    store = Store(folder)
    store.save_profile({"id": "ann", "name": "Ann", "created": "2020-01-01T00:00:00+00:00"})
    start = (now - timedelta(days=365 * YEARS)).astimezone(london)
    store.put_doc("ann", "plan", {"timezone": "Europe/London", "first_infusion": f"{start:%Y-%m-%d}T09:00"})
    for day in range(days):
        at = (now - timedelta(days=day, hours=3)).astimezone(london)
        store.save_entry("ann", {"id": f"e{day}", "at": f"{at.isoformat()}[Europe/London]",
                                 "temperature": {"value": round(36.5 + (day % 7) * 0.2, 1), "unit": "C"},
                                 "symptoms": {"nausea": day % 3, "numbness_tingling": (day // 30) % 4,
                                              "fatigue": day % 2}})
    store.close()
    return folder


def time_open_diary(browser, template: Path, list_marker: str) -> float:
    data = Path(tempfile.mkdtemp(prefix="bench-diary-")) / "data"
    shutil.copytree(template, data)
    try:
        with served(browser, lambda port: start_companion(port, str(data)), TABLET) as (_, page):
            page.wait_for_function(NAV_READY, timeout=60_000)
            diary = page.get_by_role("tab", name="Diary").or_(page.get_by_role("button", name="Diary")).first
            t0 = time.perf_counter()
            diary.click()
            page.get_by_text(list_marker).first.wait_for(timeout=120_000)
            page.get_by_text("Show on the chart:").first.wait_for(timeout=120_000)
            return time.perf_counter() - t0
    finally:
        shutil.rmtree(data.parent, ignore_errors=True)


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="bench-diary-templates-"))
    empty, full = seed(work / "empty", 0), seed(work / "full", 365 * YEARS + 1)
    newest = f"{(datetime.now(timezone.utc) - timedelta(hours=3)).astimezone(ZoneInfo('Europe/London')):%a %-d %b}"
    with sync_playwright() as p:
        browser = launch(p)
        base, big = [], []
        for _ in range(RUNS):
            base.append(time_open_diary(browser, empty, "No entries yet"))
            big.append(time_open_diary(browser, full, newest))
        browser.close()
    shutil.rmtree(work, ignore_errors=True)
    print(f"no entries:            median {median(base):.2f} s  ({', '.join(f'{x:.2f}' for x in base)})")
    print(f"{365 * YEARS + 1} daily entries:  median {median(big):.2f} s  ({', '.join(f'{x:.2f}' for x in big)})")
    print(f"ratio: {median(big) / median(base):.2f}  (goal <= 1.5)")


if __name__ == "__main__":
    main()
