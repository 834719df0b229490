"""Time `ownership.import_backup` of 2,500 profiles and of 10,000 into empty folders: time per profile.

Run: .venv/bin/python bench/import_scaling.py [--small 2500] [--large 10000]
Each profile has a plan and two diary entries. Every write is durable (fsync), as in the app; the
ratio (time per profile at the large size / at the small one) is ~1.0 when an import is linear.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from companion.services import ownership  # noqa: E402
from companion.adapters.store import Store  # noqa: E402
from companion.core.backup import Backup, ProfileData  # noqa: E402

NOW = datetime(2026, 3, 1, tzinfo=timezone.utc)
PLAN = {"timezone": "Europe/London", "first_infusion": "2026-03-03T09:00"}


def backup(n: int) -> Backup:
    return Backup(NOW, tuple(
        ProfileData({"id": f"p{k}", "name": f"Patient {k}"}, PLAN, None, None,
                    tuple({"id": f"p{k}-{d}", "at": f"2026-03-{d + 1:02d}T10:00:00+00:00", "symptoms": {}}
                          for d in range(2)))
        for k in range(n)))


def timed(n: int) -> float:
    data = backup(n)
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder), writer=True)
        began = time.perf_counter()
        ownership.import_backup(store, data)
        took = time.perf_counter() - began
        store.close()
        assert len(Store(Path(folder)).profiles()) == n
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--small", type=int, default=2500)
    parser.add_argument("--large", type=int, default=10000)
    args = parser.parse_args()
    small, large = timed(args.small), timed(args.large)
    per_small, per_large = small / args.small * 1000, large / args.large * 1000
    print(f"{args.small:>6} profiles: {small:6.1f} s ({per_small:.2f} ms per profile)")
    print(f"{args.large:>6} profiles: {large:6.1f} s ({per_large:.2f} ms per profile)")
    print(f"ratio per profile {args.large}/{args.small}: x{per_large / per_small:.2f} (linear: ~1.0)")
    print(f"cpus: {os.cpu_count()}")


if __name__ == "__main__":
    main()
