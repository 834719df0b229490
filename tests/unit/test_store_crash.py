"""Kill a process that is saving diary entries at random moments: nothing acknowledged is ever lost.

The data folder is in memory (tests/support/ram_folder.py): a SIGKILL leaves the killed writer's writes in the
page cache, so a disk adds nothing this test can see but the time of its fsyncs (two thirds of the test's
time on the shared disk). The writer is still a real process, really killed, mid-write.
"""
import multiprocessing
import os
import random
import signal
import time
from pathlib import Path

import pytest

from companion.adapters.store import Store
from tests.support.ram_folder import ram_folder

KILLS = 200


def at(n: int, shift: int = 0) -> str:
    month = (n + shift) % 12 + 1
    return f"2025-{month:02d}-{n % 28 + 1:02d}T{n % 24:02d}:15:00+05:30"


def keep_saving(folder: str, run: int, conn) -> None:
    """Child: new entries, moves to another month and deletes; report each one after it returned."""
    store = Store(Path(folder), check_entries=False)  # its rows carry a "rev" for the check
    for n in range(10**6):
        eid = f"{run}-{n}"
        store.save_entry("p1", {"id": eid, "at": at(n), "rev": 0, "note": "x" * (n % 50)})
        conn.send(("saved", eid, 0))
        if n % 3 == 2:
            moved = f"{run}-{n - 1}"
            store.save_entry("p1", {"id": moved, "at": at(n - 1, shift=5), "rev": 1})
            conn.send(("saved", moved, 1))
        if n % 5 == 4:
            gone = f"{run}-{n - 4}"
            conn.send(("deleting", gone, None))  # from here on it may be gone without an acknowledgement
            store.delete_entry("p1", gone)
            conn.send(("deleted", gone, None))


def drain_one(conn, saved: dict, deleting: set, deleted: set) -> bool:
    try:
        what, eid, rev = conn.recv()
    except EOFError:
        return False
    if what == "saved":
        saved[eid] = rev
    else:
        (deleting if what == "deleting" else deleted).add(eid)
    return True


def drain(conn, saved: dict, deleting: set, deleted: set) -> None:
    while conn.poll() and drain_one(conn, saved, deleting, deleted):
        pass


@pytest.fixture
def folder(tmp_path):
    with ram_folder(tmp_path) as path:
        yield path


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_killed_writer_never_loses_acknowledged_entries(folder):
    ctx = multiprocessing.get_context("fork")
    rng = random.Random(20260314)
    saved: dict[str, int] = {}
    deleting: set[str] = set()
    deleted: set[str] = set()
    acknowledged_per_run = []
    mid_write = 0  # kills that left a half-written temp file (the writer was between its write and its rename)
    for run in range(KILLS):
        reader, writer = ctx.Pipe(duplex=False)
        child = ctx.Process(target=keep_saving, args=(str(folder), run, writer), daemon=True)
        child.start()
        writer.close()
        # Kill after a random number of acknowledged saves (not a random time: a busy machine then saves
        # little), a random moment into whatever write comes next.
        wanted, before = rng.randint(1, 12), len(saved)
        while len(saved) - before < wanted and reader.poll(10):
            drain_one(reader, saved, deleting, deleted)
        time.sleep(rng.uniform(0, 0.003))
        os.kill(child.pid, signal.SIGKILL)
        child.join()
        drain(reader, saved, deleting, deleted)
        reader.close()
        acknowledged_per_run.append(len(saved) - before)
        mid_write += any(folder.rglob(".*.tmp-*"))

        store = Store(folder, check_entries=False)
        found = store.entries("p1")
        assert store.notices == [], f"run {run}: {store.notices}"
        ids = [e["id"] for e in found]
        assert len(ids) == len(set(ids)), f"run {run}: duplicate entries"
        by_id = {e["id"]: e for e in found}
        for eid, rev in saved.items():
            if eid not in deleting:
                assert eid in by_id, f"run {run}: acknowledged entry {eid} lost"
                assert by_id[eid]["rev"] >= rev, f"run {run}: acknowledged update of {eid} lost"
        assert not deleted & by_id.keys(), f"run {run}: acknowledged delete undone"
        store.close()
        assert not [p for p in folder.rglob(".*.tmp-*")], f"run {run}: temp file left after reopening"
    assert min(acknowledged_per_run) >= 1 and len(saved) >= KILLS, "every kill lands mid-stream, after saves"
    assert mid_write, "no kill landed inside a file's write"  # about 1 in 10 does, in memory (1 in 3 on a disk)
