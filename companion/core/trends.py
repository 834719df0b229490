"""Trends across the diary: numbness/tingling from cycle to cycle, and series for charts.

Peripheral neuropathy is the most frequent reason Ixempra is stopped for side effects, and
about 75% of new or worsening neuropathy appears in the first 3 cycles (label sec. 5; FDA
safety labeling change, October 2009; see data/triage.toml). So the diary compares cycles.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from companion.core.diary import SEVERITY_WORDS, Entry
from companion.core.errors import InputError
from companion.core.i18n import N_

NEUROPATHY = "numbness_tingling"


@dataclass(frozen=True)
class Trend:
    symptom_id: str
    cycle: int  # the latest cycle with entries (1 = from the first infusion)
    worst: int
    earlier_cycle: int
    earlier_worst: int
    message: str


def worst_by_cycle(entries: Iterable[Entry], infusion_times: Sequence[datetime], symptom_id: str) -> dict[int, int]:
    """{cycle number: worst severity recorded in it} for cycles with at least one entry.

    Cycle n runs from the n-th infusion to the next one; entries before the first are left out.
    """
    starts = sorted(infusion_times)
    if any(t.utcoffset() is None for t in starts):
        raise InputError(N_("infusion times must carry a time zone"))
    worst: dict[int, int] = {}
    for entry in entries:
        cycle = bisect_right(starts, entry.at)  # how many infusions started at or before the entry
        if cycle:
            worst[cycle] = max(worst.get(cycle, 0), entry.symptoms.get(symptom_id, 0))
    return worst


def neuropathy_trend(entries: Iterable[Entry], infusion_times: Sequence[datetime]) -> Trend | None:
    """A Trend when numbness/tingling is worse in the latest cycle than in an earlier one, else None."""
    worst = worst_by_cycle(entries, infusion_times, NEUROPATHY)
    if len(worst) < 2:
        return None
    latest = max(worst)
    earlier = min((c for c in worst if c < latest), key=lambda c: (worst[c], c))
    if worst[latest] <= worst[earlier]:
        return None
    when = "this cycle" if latest == len(infusion_times) else f"in cycle {latest}"
    message = (f"Numbness or tingling is worse {when} ({SEVERITY_WORDS[worst[latest]]}) than in cycle {earlier} "
               f"({SEVERITY_WORDS[worst[earlier]]}). Tell your care team at your next visit, or sooner if it "
               "affects buttons, writing or walking.")
    return Trend(NEUROPATHY, latest, worst[latest], earlier, worst[earlier], message)


def series(entries: Iterable[Entry], symptom_id: str) -> list[tuple[datetime, int]]:
    """(time, severity) for every entry, oldest first; an entry without the symptom counts as 0 (none)."""
    return sorted(((e.at, e.symptoms.get(symptom_id, 0)) for e in entries), key=lambda point: point[0])


def temperature_series(entries: Iterable[Entry]) -> list[tuple[datetime, float]]:
    """(time, °C) for every entry with a temperature, oldest first."""
    return sorted(((e.at, e.temperature.celsius) for e in entries if e.temperature), key=lambda point: point[0])
