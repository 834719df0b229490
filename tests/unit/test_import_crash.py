"""Kill an import with SIGKILL at random moments: the folder holds all of it or none of it, never a part.

The child reports each file the import has written (its progress callback), and each kill is aimed at a
stage of the import:
- "preparing": a random time into reading the folder, merging, checking and making the journal;
- "writing": a random fraction of a file's time after file k of n was written, k drawn at random;
- "committing": a random fraction of the commit's time after the last file (folders made durable, the
  manifest removed, the journal removed);
- "linked" and "committed": the two states too short for a random time to hit: the journal holds its links
  to the old files but no manifest yet, and the manifest is gone (committed) but the journal not yet. The
  child stops there (after the journal folder's fsync, in the child only) until it is killed;
- "after": the import has returned.
A random time from the start (as before) landed most kills after the end on an idle machine, too few in
the writes on a busy one, and almost never in the two short states.

The data folder is in memory (tests/support/ram_folder.py): a SIGKILL leaves the killed writer's writes in
the page cache, so a disk adds nothing this test can see but the time of its fsyncs.
"""
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
from tests.support.ram_folder import ram_folder

KILLS = 20
# Where each kill is aimed, in turn (twice over): 8 while writing, 4 while preparing, 2 at each other stage.
STAGES = ("preparing", "writing", "linked", "writing", "committing", "writing", "committed", "writing", "preparing",
          "after")
PAUSED_AT = {"linked": 1, "committed": 2}  # the journal folder's 1st fsync (its links), 2nd (manifest removed)
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


def importing(folder: str, replace: bool, conn, pause_at: int | None) -> None:
    """Child: "open", then the number of files written after each one (1..n), then "done". With `pause_at`,
    it stops for good after that fsync of the journal folder, saying "paused"."""
    if pause_at is not None:
        durable, journal_fsyncs = import_journal.fsync_dir, []

        def fsync_then_pause(path):
            durable(path)
            if Path(path).name == import_journal.JOURNAL_DIR:
                journal_fsyncs.append(path)
                if len(journal_fsyncs) == pause_at:
                    conn.send("paused")
                    time.sleep(60)

        import_journal.fsync_dir = fsync_then_pause  # this forked child's module only
    store = Store(Path(folder), writer=True)
    conn.send("open")
    ownership.import_backup(store, incoming(), replace=replace, progress=lambda done, total: conn.send(done))
    conn.send("done")
    time.sleep(60)


def wait_for(reader, message) -> None:
    """Read the child's reports until `message` (the child is never slowed down: the pipe holds them all)."""
    while True:
        assert reader.poll(20), f"the import never reported {message!r}"
        if reader.recv() == message:
            return


@pytest.fixture
def folder(tmp_path):
    with ram_folder(tmp_path) as path:
        yield path


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
@pytest.mark.parametrize("replace", [False, True])
def test_a_killed_import_lands_whole_or_not_at_all(folder, replace):
    pristine = folder / "pristine"
    store = Store(pristine)
    store.save_profile({"id": "ann", "name": "Ann"})
    for n in range(0, 40, 3):
        store.save_entry("ann", entry(f"a{n}", n, note="mine"))
    store.save_entry("ann", entry("only-here", 5))
    store.close()
    before = ownership.export_backup(Store(pristine), NOW)
    expected = folder / "expected"
    shutil.copytree(pristine, expected)
    reported = []  # (seconds since the start, files written) for each file: the stages' lengths on this machine
    began = time.perf_counter()
    ownership.import_backup(Store(expected), incoming(), replace=replace,
                            progress=lambda done, total: reported.append((time.perf_counter() - began, done)))
    took = time.perf_counter() - began
    after = ownership.export_backup(Store(expected), NOW)
    assert after != before
    files = len(reported)
    assert files > 100 and [done for _, done in reported] == list(range(1, files + 1))
    preparing, committing = reported[0][0], took - reported[-1][0]
    a_file = (reported[-1][0] - reported[0][0]) / (files - 1)

    ctx = multiprocessing.get_context("fork")
    rng = random.Random(20260320 + replace)
    data = folder / "data"
    outcomes = {"before": 0, "after": 0, "undone mid-write": 0}
    for run in range(KILLS):
        shutil.rmtree(data, ignore_errors=True)
        shutil.copytree(pristine, data)
        reader, writer = ctx.Pipe(duplex=False)
        stage = STAGES[run % len(STAGES)]
        child = ctx.Process(target=importing, args=(str(data), replace, writer, PAUSED_AT.get(stage)), daemon=True)
        child.start()
        writer.close()
        wait_for(reader, "open")
        if stage in PAUSED_AT:
            wait_for(reader, "paused")
        elif stage == "preparing":  # reading the folder, merging, checking, linking the old files, the manifest
            time.sleep(rng.uniform(0, preparing))
        elif stage == "writing":  # file k+1 of n
            wait_for(reader, rng.randint(1, files - 1))
            time.sleep(rng.uniform(0, a_file))
        elif stage == "committing":
            wait_for(reader, files)
            time.sleep(rng.uniform(0, committing))
        else:
            wait_for(reader, "done")
        os.kill(child.pid, signal.SIGKILL)
        child.join()
        reader.close()

        mid_write = (data / import_journal.JOURNAL_DIR / import_journal.MANIFEST).exists()
        if stage in PAUSED_AT:  # killed where aimed: a journal folder without its manifest
            assert (data / import_journal.JOURNAL_DIR).is_dir() and not mid_write, f"run {run} ({stage})"
        store = Store(data, writer=True)  # the next open settles the journal
        found = ownership.export_backup(store, NOW)
        assert found in (before, after), f"run {run} ({stage}): a part of the import landed"
        outcomes["before" if found == before else "after"] += 1
        if mid_write:
            outcomes["undone mid-write"] += 1
            assert found == before and store.notices == [IMPORT_UNDONE], f"run {run} ({stage}): {store.notices}"
        if stage in ("linked", "committed", "after"):
            assert found == (before if stage == "linked" else after), f"run {run} ({stage})"
            assert store.notices == [], f"run {run} ({stage}): {store.notices}"  # nothing was undone
        assert not (data / import_journal.JOURNAL_DIR).exists(), f"run {run} ({stage}): journal left"
        store.close()
    assert all(outcomes.values()), outcomes  # kills landed before, during and after the writing
