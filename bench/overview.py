"""The caregiver overview (tablet, 1280x800): 10 patients with 2 years of daily entries each vs one empty patient.

Each run starts a fresh server on a copy of the data (a cold store), waits for it to answer, then opens the
app in headless Chromium at tablet size and times from opening the page, through tapping the "Patients" destination, to the last
patient's card being on screen (whole, down to its missed-reminders line); and, the same run, from the tap. The data is seeded once; every run copies it.
Prints the medians of several alternating runs of each and the ratios (goal <= 1.5); also 10 patients with
no entries, which tells the cost of drawing ten cards from the cost of their diaries.
"""

import re
import shutil
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from playwright.sync_api import sync_playwright

from _browser import (ROOT, TABLET, free_port, launch, median, open_with_semantics, start_companion,
                      wait_http)

sys.path.insert(0, str(ROOT))
from companion.adapters.store import Store  # noqa: E402
from companion.services import records  # noqa: E402

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 5
PATIENTS = 10
DAYS = 2 * 365
NAMES = ["Ann", "Bea", "Cal", "Dee", "Eve", "Fay", "Gus", "Hal", "Ida", "Jo"]


def seed(folder: Path, patients: int, days: int) -> tuple[Path, str]:
    """`patients` patients on a 21-day plan that started 2 years ago, each with one diary entry a day for
    `days` days; returns the folder and the name on the last card."""
    london, now = ZoneInfo("Europe/London"), datetime.now(timezone.utc)
    store = Store(folder)
    start = (now - timedelta(days=DAYS)).astimezone(london)
    items = []
    for n in range(patients):
        profile = {"id": f"p{n}", "name": NAMES[n], "created": f"2024-01-01T00:00:{n:02d}+00:00"}
        entries = []
        for day in range(days):
            at = (now - timedelta(days=day, hours=3 + n % 5)).astimezone(london)
            entries.append({"id": f"p{n}e{day}", "at": f"{at.isoformat()}[Europe/London]",
                            "temperature": {"value": round(36.5 + (day % 7) * 0.2, 1), "unit": "C"},
                            "symptoms": {"nausea": day % 3, "numbness_tingling": (day // 30) % 4,
                                         "fatigue": day % 2}})
        items.append({"profile": profile, "entries": entries,
                      "docs": {"plan": {"timezone": "Europe/London",
                                        "first_infusion": f"{start:%Y-%m-%d}T09:00"}}})
    store.put_profiles(items)
    assert len(records.profiles(store)) == patients
    store.close()
    return folder, records.profiles(Store(folder, writer=False))[-1]["name"]


def time_overview(browser, template: Path, last_name: str) -> tuple[float, float]:
    """(from opening the page, from tapping "Patients") to the last card on screen, in seconds."""
    data = Path(tempfile.mkdtemp(prefix="bench-overview-")) / "data"
    shutil.copytree(template, data)
    try:
        port = free_port()
        proc = start_companion(port, str(data))
        try:
            url = f"http://127.0.0.1:{port}/"
            wait_http(url, proc)
            context = browser.new_context(viewport=TABLET)
            try:
                page = context.new_page()
                t0 = time.perf_counter()
                open_with_semantics(page, url, timeout=120_000)
                destination = page.get_by_role("tab", name="Patients").or_(
                    page.get_by_role("button", name="Patients"))
                destination.first.wait_for(timeout=120_000)
                t1 = time.perf_counter()
                destination.first.click()
                card = re.compile(rf"^{re.escape(last_name)}\s.*Missed reminders", re.DOTALL)  # the whole card
                page.get_by_role("button", name=card).first.wait_for(timeout=120_000)
                t2 = time.perf_counter()
                return t2 - t0, t2 - t1
            finally:
                context.close()
        finally:
            proc.terminate()
            proc.wait()
    finally:
        shutil.rmtree(data.parent, ignore_errors=True)


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="bench-overview-templates-"))
    t0 = time.perf_counter()
    cases = [("1 patient, no entries", *seed(work / "empty", 1, 0)),
             (f"{PATIENTS} patients, no entries", *seed(work / "ten", PATIENTS, 0)),
             (f"{PATIENTS} patients x {DAYS} daily entries", *seed(work / "full", PATIENTS, DAYS))]
    print(f"(seeded in {time.perf_counter() - t0:.0f} s)", file=sys.stderr)
    with sync_playwright() as p:
        browser = launch(p)
        times: list[list[tuple[float, float]]] = [[] for _ in cases]
        for _ in range(RUNS):  # alternating, so that a busy moment of the machine touches every case
            for case, runs in zip(cases, times):
                runs.append(time_overview(browser, case[1], case[2]))
        browser.close()
    shutil.rmtree(work, ignore_errors=True)
    for label, part in (("opening the app", 0), ('tapping "Patients"', 1)):
        print(f"from {label} to the last card:")
        medians = []
        for (name, _, _), runs in zip(cases, times):
            values = [x[part] for x in runs]
            medians.append(median(values))
            print(f"  {name + ':':34} median {medians[-1]:.2f} s  ({', '.join(f'{x:.2f}' for x in values)})")
        print(f"  ratio, 2 years x {PATIENTS} vs 1 empty: {medians[2] / medians[0]:.2f}  (goal <= 1.5)")
        print(f"  ratio, 2 years x {PATIENTS} vs {PATIENTS} empty (the diaries' own cost): {medians[2] / medians[1]:.2f}")

if __name__ == "__main__":
    main()
