"""Time Store.save_entry: an empty store vs one holding 20,000 entries spread over 5 years.

Run: .venv/bin/python bench/store_save.py [--saves 300]
Every timed save is durable (fsync of the file and its folder). Only the filling skips fsync.
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from companion.adapters.store import Store  # noqa: E402

STORED = 20_000
START = datetime(2021, 1, 1, tzinfo=timezone(timedelta(hours=1)))
SPAN = timedelta(days=5 * 365)


def make_entry(rng: random.Random, n: int) -> dict:
    at = START + timedelta(seconds=rng.randrange(int(SPAN.total_seconds())))
    return {
        "id": f"entry-{n:06d}-{rng.randrange(16**8):08x}",
        "at": at.isoformat(),
        "temperature": {"value": round(rng.uniform(36.0, 38.6), 1), "unit": "C"},
        "symptoms": {s: rng.randrange(1, 4) for s in rng.sample(
            ["nausea", "numbness_tingling", "fatigue", "diarrhea", "mouth_sores", "muscle_joint_pain"], 2)},
        "note": "felt a bit tired after lunch, drank plenty of water" if n % 3 == 0 else "",
    }


def timed_saves(folder: Path, saves: int, rng: random.Random) -> tuple[float, list[float]]:
    """(ms of the first save, which reads the profile's diary once; ms of each following save)."""
    store = Store(folder)
    times = []
    for n in range(saves + 1):
        entry = make_entry(rng, 900_000 + n)
        began = time.perf_counter()
        store.save_entry("p1", entry)
        times.append((time.perf_counter() - began) * 1000)
    store.close()
    return times[0], times[1:]


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--saves", type=int, default=300)
    saves = parser.parse_args().saves
    rng = random.Random(1)
    with tempfile.TemporaryDirectory() as empty, tempfile.TemporaryDirectory() as full:
        began = time.perf_counter()
        with mock.patch("os.fsync"):  # filling only: no need to wait for the disk
            filler = Store(Path(full))
            for n in range(STORED):
                filler.save_entry("p1", make_entry(rng, n))
            filler.close()
        months = len(list((Path(full) / "diary" / "p1").glob("*.json")))
        print(f"filled {STORED} entries in {months} month files in {time.perf_counter() - began:.1f} s")

        rows = {}
        for label, folder in (("empty store", empty), (f"{STORED} stored", full)):
            first, times = timed_saves(Path(folder), saves, random.Random(2))
            rows[label] = (statistics.median(times), p95(times))
            print(f"{label:>14}: first save {first:7.1f} ms | next {saves}: median {rows[label][0]:6.2f} ms,"
                  f" p95 {rows[label][1]:6.2f} ms")
        (m0, q0), (m1, q1) = rows.values()
        print(f"ratio full/empty: median x{m1 / m0:.2f}, p95 x{q1 / q0:.2f} (target: p95 < 50 ms)")
        print(f"cpus: {os.cpu_count()}")


if __name__ == "__main__":
    main()
