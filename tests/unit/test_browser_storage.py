"""The offline web app's storage (adapters/browser_storage.py) on a fake Emscripten file system.

In the browser the data folder is in memory and IndexedDB keeps a copy: what is not copied (FS.syncfs) is
gone when the page closes. Here the folder is a temporary folder and `FakeFS.syncfs` copies it into a dict,
the fake IndexedDB. After every store call, IndexedDB must hold exactly what the folder holds, and a page
opened again from IndexedDB alone must show the same data: for every write, for the reads that repair a
file, and for a write method the store does not have yet.
"""
import asyncio
import json
import os
import sys
import types
from datetime import datetime, timezone
from pathlib import Path

import pytest
from tinydb import TinyDB, where
from tinydb.storages import JSONStorage

from companion.adapters import atomic_storage, import_journal, recovery
from companion.adapters import store as store_module
from companion.adapters.browser_storage import ELSEWHERE, NOT_KEPT, IndexedDBSync, SyncedStore, open_store
from companion.adapters.store import IMPORT_UNDONE, Store, StoreError

UTC = timezone.utc
NOW = datetime(2026, 3, 14, 10, 2, tzinfo=UTC)


def clock():
    return NOW


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder`, as IndexedDB would hold it."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


class FakeFS:
    """Emscripten's FS as browser_storage uses it: syncfs(False, done) copies the in-memory folder to IndexedDB
    (`saved`) and then calls `done`. With `later`, each copy waits in `pending` (IndexedDB is asynchronous)."""

    def __init__(self, folder: Path, later: bool = False):
        self.folder, self.later = folder, later
        self.saved: dict[str, bytes] = {}
        self.copies = 0
        self.pending: list = []
        self.fail_with: str | None = None

    def syncfs(self, populate, done) -> None:
        assert populate is False, "the app only copies to IndexedDB; it reads it once, before Python starts"
        self.copies += 1

        def copy():
            if self.fail_with:
                done(self.fail_with)
                return
            self.saved = snapshot(self.folder)
            done()

        if self.later:
            self.pending.append(copy)
        else:
            copy()

    def finish(self) -> None:
        while self.pending:
            self.pending.pop(0)()


@pytest.fixture(autouse=True)
def pyodide(monkeypatch):
    """The one piece of Pyodide IndexedDBSync calls: create_once_callable (here the function itself)."""
    package, ffi = types.ModuleType("pyodide"), types.ModuleType("pyodide.ffi")
    ffi.create_once_callable = lambda function: function
    package.ffi = ffi
    monkeypatch.setitem(sys.modules, "pyodide", package)
    monkeypatch.setitem(sys.modules, "pyodide.ffi", ffi)


def in_browser(folder: Path, fs: FakeFS | None = None) -> tuple[SyncedStore, FakeFS]:
    """The store as the offline app opens it: the folder was just loaded from IndexedDB."""
    fs = fs or FakeFS(folder)
    fs.saved = snapshot(folder) if folder.exists() else {}
    return SyncedStore(folder, IndexedDBSync(fs), clock), fs


def reopened(fs: FakeFS, where: Path) -> Store:
    """A new page: the folder holds only what IndexedDB kept."""
    for name, data in fs.saved.items():
        (where / name).parent.mkdir(parents=True, exist_ok=True)
        (where / name).write_bytes(data)
    return Store(where, clock, locking=False)


def assert_kept(fs: FakeFS, folder: Path) -> None:
    assert fs.saved == snapshot(folder), "IndexedDB does not hold what the store wrote"


def good(eid: str, day: str, **more) -> dict:
    return {"id": eid, "at": f"{day}T10:00:00+00:00", "symptoms": {"nausea": 1}, **more}


def two_patients(folder: Path) -> None:
    store = Store(folder, clock, locking=False)
    store.save_profile({"id": "ann", "name": "Ann"})
    store.save_profile({"id": "bob", "name": "Bob"})
    store.put_doc("ann", "plan", {"cycle_days": 21})
    store.save_entry("ann", good("a1", "2026-02-01"))
    store.save_entry("ann", good("a2", "2026-03-01", note="first"))
    store.save_entry("bob", good("b1", "2026-03-02"))
    store.close()


def what_a_person_sees(store: Store) -> dict:
    return {"profiles": store.profiles(), "plan": store.get_doc("ann", "plan"), "pin": store.get_app("pin"),
            "ann": store.entries("ann"), "bob": store.entries("bob")}


WRITES = {
    "save_profile": lambda s: s.save_profile({"id": "cy", "name": "Cy"}),
    "rename a profile": lambda s: s.save_profile({"id": "ann", "name": "Ann B."}),
    "delete_profile": lambda s: s.delete_profile("bob"),
    "put_doc": lambda s: s.put_doc("ann", "plan", {"cycle_days": 14}),
    "put_app": lambda s: s.put_app("pin", {"hash": "x"}),
    "save_entry (new)": lambda s: s.save_entry("ann", good("a3", "2026-03-05")),
    "save_entry (edited)": lambda s: s.save_entry("ann", good("a2", "2026-03-01", note="second")),
    "save_entry (moved month)": lambda s: s.save_entry("ann", good("a2", "2026-04-01")),
    "delete_entry": lambda s: s.delete_entry("ann", "a1"),
    "wipe": lambda s: s.wipe(),
    "put_profiles (import)": lambda s: s.put_profiles([{"profile": {"id": "dee", "name": "Dee"}, "docs": {"plan": {"cycle_days": 21}},
                                                      "entries": [good("d1", "2026-01-09")]}]),
}


@pytest.mark.parametrize("write", WRITES, ids=list(WRITES))
def test_every_write_is_in_indexeddb_when_the_call_returns(tmp_path, write):
    folder = tmp_path / "data"
    two_patients(folder)
    store, fs = in_browser(folder)
    store.entries("ann")  # the diary index is built, as the Diary screen does
    before = snapshot(folder)
    WRITES[write](store)
    assert snapshot(folder) != before, "the write changed nothing: this case proves nothing"
    assert_kept(fs, folder)
    assert fs.copies == 1, "one copy per call, not one per file"
    assert what_a_person_sees(reopened(fs, tmp_path / "next page")) == what_a_person_sees(store)


def test_reads_that_change_nothing_copy_nothing(tmp_path):
    folder = tmp_path / "data"
    two_patients(folder)
    store, fs = in_browser(folder)
    what_a_person_sees(store)
    store.entries("ann", datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 4, 1, tzinfo=UTC))
    assert fs.copies == 0


# ---- reads that write: each repair must reach IndexedDB, or it is redone (and said again) at every start ----
def v0_main_file(folder: Path) -> None:
    folder.mkdir(parents=True)
    db = TinyDB(folder / store_module.MAIN_FILE, storage=JSONStorage)
    db.table("profiles").insert({"id": "ann", "profile": {"id": "ann", "name": "Ann"}})
    db.close()


def corrupt_main_file(folder: Path) -> None:
    two_patients(folder)
    store = Store(folder, clock, locking=False)
    store.put_app("pin", {"hash": "x"})  # the first write of a session keeps a backup
    store.close()
    (folder / store_module.MAIN_FILE).write_bytes(b'{"profiles": {"1": {"id": "ann", "prof')


def corrupt_month(folder: Path) -> None:
    two_patients(folder)
    store = Store(folder, clock, locking=False)
    store.save_entry("ann", good("a3", "2026-03-09"))  # a month backup at every write
    store.close()
    (folder / "diary" / "ann" / "2026-03.json").write_bytes(b"\x00\x00garbage")


def bad_row(folder: Path) -> None:
    two_patients(folder)
    path = folder / "diary" / "ann" / "2026-03.json"
    tables = json.loads(path.read_text())
    tables["entries"]["9"] = {"seq": 9, "entry": good("hot", "2026-03-03", temperature={"value": 46.8, "unit": "C"})}
    path.write_text(json.dumps(tables))


def duplicate_left_by_a_crash(folder: Path) -> None:
    two_patients(folder)
    store = Store(folder, clock, locking=False)
    store.save_entry("ann", good("a2", "2026-04-01", note="moved"))
    store.close()
    march = folder / "diary" / "ann" / "2026-03.json"
    tables = json.loads(march.read_text())
    tables["entries"]["7"] = {"seq": 1, "entry": good("a2", "2026-03-01", note="first")}  # the older copy
    march.write_text(json.dumps(tables))


def temp_file_left_by_a_crash(folder: Path) -> None:
    two_patients(folder)
    (folder / "diary" / "ann" / ".2026-05.json.tmp-x1y2").write_bytes(b'{"half')


def import_killed_halfway(folder: Path) -> None:
    two_patients(folder)
    main = json.loads((folder / store_module.MAIN_FILE).read_text())
    main["profiles"]["1"]["profile"]["name"] = "Half Imported"
    new_month = folder / "diary" / "zed" / "2026-01.json"
    written = []

    def killed_after_one(path: Path, tables: dict) -> None:
        if written:
            raise RuntimeError("the page was closed")
        written.append(path)
        path.write_text(json.dumps(tables))

    with pytest.raises(RuntimeError):
        import_journal.Journal(folder).apply({folder / store_module.MAIN_FILE: main, new_month: {"entries": {}}},
                                             killed_after_one)
    assert (folder / import_journal.JOURNAL_DIR / import_journal.MANIFEST).exists()


REPAIRS = {  # what was left in IndexedDB -> (what a person reads that repairs it, what the repair leaves)
    "migration of an older file": (v0_main_file, lambda s: s.profiles(), lambda s: s.notices == []),
    "main file restored from its backup": (corrupt_main_file, lambda s: s.profiles(),
                                           lambda s: "restored" in " ".join(s.notices)),
    "month restored from its backup": (corrupt_month, lambda s: s.entries("ann"),
                                       lambda s: "restored" in " ".join(s.notices)),
    "a row the input refuses kept aside": (bad_row, lambda s: s.entries("ann"),
                                           lambda s: "kept aside" in " ".join(s.notices)),
    "duplicate clean-up": (duplicate_left_by_a_crash, lambda s: s.entries("ann"), lambda s: s.notices == []),
    "temp file clean-up": (temp_file_left_by_a_crash, lambda s: s.entries("ann"), lambda s: s.notices == []),
    "an unfinished import rolled back": (import_killed_halfway, lambda s: s.profiles(),
                                         lambda s: s.notices == [IMPORT_UNDONE]),
}


@pytest.mark.parametrize("case", REPAIRS, ids=list(REPAIRS))
def test_a_read_that_repairs_a_file_keeps_the_repair_in_indexeddb(tmp_path, case):
    spoil, read, said = REPAIRS[case]
    folder = tmp_path / "data"
    spoil(folder)
    left = snapshot(folder)
    store, fs = in_browser(folder)
    first = read(store)
    assert snapshot(folder) != left, "nothing was repaired: this case proves nothing"
    assert said(store), store.notices
    assert_kept(fs, folder)
    again = reopened(fs, tmp_path / "next page")
    assert read(again) == first
    assert again.notices == [], "the repair was not kept: the next start repairs and says it again"
    assert recovery.read_log(tmp_path / "next page") == recovery.read_log(folder)


# ---- a write method the store does not have today is kept without touching browser_storage.py ----------
def test_a_new_write_method_is_copied_without_any_list_to_update(tmp_path, monkeypatch):
    @store_module._changes
    def put_reminder_state(self, profile_id: str, state: dict) -> None:
        self._upsert(self._main.table("docs"), (where("profile") == profile_id) & (where("name") == "reminders"),
                     {"profile": profile_id, "name": "reminders", "doc": state})

    monkeypatch.setattr(Store, "put_reminder_state", put_reminder_state, raising=False)
    folder = tmp_path / "data"
    two_patients(folder)
    store, fs = in_browser(folder)
    store.put_reminder_state("ann", {"done": ["infusion-1"]})
    assert_kept(fs, folder)
    assert reopened(fs, tmp_path / "next page").get_doc("ann", "reminders") == {"done": ["infusion-1"]}


def test_even_a_write_outside_the_store_calls_is_copied_at_once(tmp_path, monkeypatch):
    """A helper that writes through the store's files but forgot the call decorator is still copied."""
    def note_export(self, text: str) -> None:
        self._folder.write_bytes(self.data_dir / "last-export.txt", text.encode())
        self._main.table("app").insert({"name": "last_export", "doc": {"text": text}})

    monkeypatch.setattr(Store, "note_export", note_export, raising=False)
    folder = tmp_path / "data"
    two_patients(folder)
    store, fs = in_browser(folder)
    store.note_export("report.pdf")
    assert_kept(fs, folder)
    assert reopened(fs, tmp_path / "next page").get_app("last_export") == {"text": "report.pdf"}


def test_a_failed_write_still_copies_what_it_changed(tmp_path, monkeypatch):
    """A save the device refuses has already rotated the backups: IndexedDB follows the folder."""
    folder = tmp_path / "data"
    two_patients(folder)
    store, fs = in_browser(folder)

    def full(path, payload):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic_storage, "write_atomic", full)
    with pytest.raises(StoreError, match="device is full"):
        store.put_app("pin", {"hash": "y"})
    monkeypatch.undo()
    assert (folder / "companion.json.bak1").exists(), "nothing changed: this case proves nothing"
    assert_kept(fs, folder)
    assert reopened(fs, tmp_path / "next page").get_app("pin") is None


# ---- IndexedDBSync: copies are asynchronous; calls made during one are merged into one more --------------
def test_changes_made_while_a_copy_runs_are_copied_by_one_more(tmp_path):
    folder = tmp_path / "data"
    two_patients(folder)
    fs = FakeFS(folder, later=True)
    store, _ = in_browser(folder, fs)
    store.save_entry("ann", good("a3", "2026-03-05"))
    store.save_entry("ann", good("a4", "2026-03-06"))
    store.put_app("pin", {"hash": "x"})
    assert fs.copies == 1 and fs.saved != snapshot(folder)
    fs.finish()
    assert fs.copies == 2
    assert_kept(fs, folder)


def test_flush_waits_for_indexeddb_and_says_when_it_failed(tmp_path, run_async):
    folder = tmp_path / "data"
    two_patients(folder)
    fs = FakeFS(folder, later=True)
    store, _ = in_browser(folder, fs)

    async def save_and_flush():
        store.save_entry("ann", good("a3", "2026-03-05"))
        asyncio.get_running_loop().call_soon(fs.finish)
        await store.flush()

    run_async(save_and_flush())
    assert_kept(fs, folder)
    fs.fail_with = "QuotaExceededError"
    store.save_entry("ann", good("a4", "2026-03-06"))
    fs.finish()
    with pytest.raises(StoreError, match="did not keep your last change.*QuotaExceededError"):
        run_async(store.flush())


# ---- open_store: only the window that owns the data writes it back ----------------------------------------
@pytest.fixture
def page(monkeypatch, tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()  # pyodide-loader.mjs mounted it and loaded IndexedDB into it
    js, pyodide_js = types.ModuleType("js"), types.ModuleType("pyodide_js")
    pyodide_js.FS = FakeFS(folder)
    monkeypatch.setitem(sys.modules, "js", js)
    monkeypatch.setitem(sys.modules, "pyodide_js", pyodide_js)
    return types.SimpleNamespace(js=js, fs=pyodide_js.FS, folder=folder)


def test_the_window_that_owns_the_data_keeps_it(page):
    page.js.companionStorage = types.SimpleNamespace(kept=True, dir=str(page.folder), error=None)
    store = open_store(page.folder)
    store.save_profile({"id": "ann", "name": "Ann"})
    assert store.notices == [] and page.fs.copies == 1
    assert_kept(page.fs, page.folder)


@pytest.mark.parametrize("status, said", [
    (None, NOT_KEPT),
    (types.SimpleNamespace(kept=False, dir="", error="no indexeddb"), NOT_KEPT),
    (types.SimpleNamespace(kept=False, dir="", error="open elsewhere"), ELSEWHERE),
])
def test_a_window_that_cannot_keep_the_data_says_so_and_copies_nothing(page, status, said):
    if status is not None:
        page.js.companionStorage = status
    store = open_store(page.folder)
    store.save_profile({"id": "ann", "name": "Ann"})
    assert store.notices == [said]
    assert page.fs.copies == 0


def test_the_browser_store_takes_no_lock_files(tmp_path):
    store, fs = in_browser(tmp_path / "data")
    store.save_profile({"id": "ann", "name": "Ann"})
    assert not [name for name in fs.saved if name.startswith(".companion.")]
    assert os.listdir(tmp_path / "data") == ["companion.json"]
