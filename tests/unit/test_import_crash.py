"""Kill an import with SIGKILL at random moments: the folder holds all of it or none of it, never a part."""
import multiprocessing
import os
import random
import shutil
import signal
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest

from companion.services import ownership
from companion.adapters import import_journal
from companion.adapters.store import IMPORT_UNDONE, Store
from companion.core.backup import Backup, ProfileData

KILLS = 20
NOW = datetime(2025, 6, 1, tzinfo=timezone.utc)
PLAN = {"timezone": "Europe/London", "first_infusion": "2025-03-03T09:00"}


def entry(eid: str, n: int, **extra) -> dict:
    return {"id": eid, "at": f"2025-{n % 12 + 1:02d}-{n % 28 + 1:02d}T10:00:00+00:00", "symptoms": {}, **extra}


def incoming() -> Backup:
    """Changes to Ann (new entries in her months, a plan) and 15 new patients over 12 months each."""
    ann = ProfileData({"id": "ann", "name": "Ann"}, PLAN, None, None,
                      tuple(entry(f"a{n}", n) for n in range(40)))
    others = tuple(ProfileData({"id": f"p{k}", "name": f"P{k}"}, PLAN, {"temperature_unit": "C"}, None,
                               tuple(entry(f"p{k}-{n}", n, note="x" * 40) for n in range(24))) for k in range(15))
    return Backup(NOW, (ann, *others))


def importing(folder: str, replace: bool, conn) -> None:
    store = Store(Path(folder), writer=True)
    conn.send("open")
    ownership.import_backup(store, incoming(), replace=replace)
    conn.send("done")
    time.sleep(60)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
@pytest.mark.parametrize("replace", [False, True])
def test_a_killed_import_lands_whole_or_not_at_all(tmp_path, replace):
    pristine = tmp_path / "pristine"
    store = Store(pristine)
    store.save_profile({"id": "ann", "name": "Ann"})
    for n in range(0, 40, 3):
        store.save_entry("ann", entry(f"a{n}", n, note="mine"))
    store.save_entry("ann", entry("only-here", 5))
    store.close()
    before = ownership.export_backup(Store(pristine), NOW)
    expected = tmp_path / "expected"
    shutil.copytree(pristine, expected)
    began = time.perf_counter()
    ownership.import_backup(Store(expected), incoming(), replace=replace)
    took = time.perf_counter() - began
    after = ownership.export_backup(Store(expected), NOW)
    assert after != before

    ctx = multiprocessing.get_context("fork")
    rng = random.Random(20260320 + replace)
    folder = tmp_path / "data"
    outcomes = {"before": 0, "after": 0, "undone mid-write": 0}
    for run in range(KILLS):
        shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(pristine, folder)
        reader, writer = ctx.Pipe(duplex=False)
        child = ctx.Process(target=importing, args=(str(folder), replace, writer), daemon=True)
        child.start()
        writer.close()
        assert reader.poll(20) and reader.recv() == "open"
        time.sleep(rng.uniform(0, took * 2.5))
        os.kill(child.pid, signal.SIGKILL)
        child.join()
        reader.close()

        mid_write = (folder / import_journal.JOURNAL_DIR / import_journal.MANIFEST).exists()
        store = Store(folder, writer=True)  # the next open settles the journal
        found = ownership.export_backup(store, NOW)
        assert found in (before, after), f"run {run}: a part of the import landed"
        outcomes["before" if found == before else "after"] += 1
        if mid_write:
            outcomes["undone mid-write"] += 1
            assert found == before and store.notices == [IMPORT_UNDONE], f"run {run}: {store.notices}"
        assert not (folder / import_journal.JOURNAL_DIR).exists(), f"run {run}: journal left"
        store.close()
    assert all(outcomes.values()), outcomes  # kills landed before, during and after the writing
