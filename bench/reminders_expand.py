"""Expand two years of reminders (capecitabine + daily contraception); print the median time.

Run: .venv/bin/python bench/reminders_expand.py   (goal: under 20 ms)
The baseline is expanding the same two years for a plan with neither, measured in the same run.
"""

import statistics
import time
from datetime import datetime

from companion.adapters.schedule_file import load_schedule_settings
from companion.core.plan import parse_plan
from companion.core.reminders import expand

RUNS = 21


def median_ms(plan, settings) -> tuple[float, int]:
    start = datetime(2026, 3, 1, tzinfo=plan.zone)
    end = datetime(2028, 3, 1, tzinfo=plan.zone)
    timings = []
    for _ in range(RUNS):
        began = time.perf_counter()
        found = expand(plan, start, end, settings)
        timings.append((time.perf_counter() - began) * 1000)
    return statistics.median(timings), len(found)


def main() -> None:
    settings = load_schedule_settings()
    base = {"timezone": "Europe/London", "first_infusion": "2026-03-10T09:00", "cycles": None}
    full = parse_plan({**base, "with_capecitabine": True, "contraception": "can_become_pregnant",
                       "contraception_frequency": "daily"})
    bare = parse_plan(base)
    bare_ms, bare_n = median_ms(bare, settings)
    full_ms, full_n = median_ms(full, settings)
    print(f"baseline (infusion reminders only): {bare_ms:.2f} ms for {bare_n} occurrences")
    print(f"capecitabine + daily contraception: {full_ms:.2f} ms for {full_n} occurrences "
          f"(median of {RUNS}; {full_ms / bare_ms:.1f}x baseline; goal < 20 ms)")


if __name__ == "__main__":
    main()
