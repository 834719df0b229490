"""The durable store: plain dicts in and out, TinyDB files on disk. `Store` is the one entry point.

Layout in `data_dir`:
  companion.json                      profiles, per-profile documents, app-wide documents
  diary/<profile_id>/<YYYY-MM>.json   diary entries, one file per profile per month (diary_months.py)

Every save/put/delete returns after the data is on disk (fsync, atomic_storage.py). The store's concerns
live in their own modules:
  store_shapes.py     what it accepts (ids, diary times, JSON values) and the shape its files must have
  store_migration.py  the format's version: older files migrated on open, newer ones refused untouched
  store_recovery.py   a damaged file set aside and restored from its backup, bad diary rows kept aside,
                      each event told once (`notices`, `damage`, recovery.log)
  diary_months.py     the month files and the index of which month holds which entry
  store_access.py     one writer per folder, readers behind a gate, an unfinished import settled at open
  store_folder.py     the one write path: every file change calls the `on_change` hook once per call
                      (the offline web app copies the folder to IndexedDB there: browser_storage.py)
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime, timezone
from functools import wraps
from pathlib import Path

from tinydb import TinyDB, where

from companion.adapters import import_journal, recovery
from companion.adapters.diary_months import DIARY_DIR, DiaryMonths
from companion.adapters.recovery import Damage
from companion.adapters.store_access import IMPORT_UNDONE, WriterAccess
from companion.adapters.store_errors import NOT_SAVED, StoreError
from companion.adapters.store_folder import StoreFolder
from companion.adapters.store_migration import APP, MIGRATIONS, SCHEMA
from companion.adapters.store_recovery import Repairs
from companion.adapters.store_shapes import check_entry, check_id, entry_time, main_ok, plain
from companion.core.errors import InputError, Message
from companion.core.i18n import N_
from companion.core.os_reasons import os_reason

MAIN_FILE = "companion.json"

__all__ = ["APP", "DIARY_DIR", "IMPORT_UNDONE", "MAIN_FILE", "MIGRATIONS", "SCHEMA", "Store", "StoreError",
           "check_id", "entry_time", "utc_now"]


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def _changes(method):
    """A public write: only by the folder's writer, with readers kept out until it is done; the write
    hook fires once at the end if a file changed."""
    @wraps(method)
    def wrapper(self, *args, **kwargs):
        with self._lock:
            self._access.check_writer()
            self._access.gate.exclusive()
            try:
                with self._folder.call():
                    return method(self, *args, **kwargs)
            finally:
                self._access.gate.open()

    return wrapper


def _locked(method):
    """A public read (which may repair a file it reads: the write hook fires once at the end if so)."""
    @wraps(method)
    def wrapper(self, *args, **kwargs):
        with self._lock, self._folder.call():
            return method(self, *args, **kwargs)

    return wrapper


class Store:
    """Thread-safe. Every save/put/delete returns after the data is on disk (fsync).
    writer: None = this folder's writer unless another process is (then read-only), True = the writer or
    FolderInUse, False = read-only. locking=False: no lock files (the browser keeps one writing window).
    on_change: called after a store call that changed a file in the folder (a reading call that repaired
    one too), once per call: where a copy of the folder elsewhere is brought up to date."""

    def __init__(self, data_dir: Path, now: Callable[[], datetime] = utc_now, check_entries: bool = True, *,
                 writer: bool | None = None, locking: bool = True, on_change: Callable[[], None] | None = None):
        """`check_entries=False` keeps diary rows that the app's input validation would refuse (tests of
        the storage mechanics only: the app and the commands must never see such an entry)."""
        self.data_dir = Path(data_dir)
        self.notices: list[str] = []  # each a Message (a str told in the reader's language by core.errors.told)
        self.damage: list[Damage] = []  # what was found damaged in this process, as notices says it
        self._now = now
        self._lock = threading.RLock()
        self._folder = StoreFolder(self.data_dir, now, on_change)
        self._main_db: TinyDB | None = None
        with self._lock, self._folder.call():  # what opening changes (a repair, an import undone) is one call
            self._access = WriterAccess(self._folder, writer, locking)
            self._repairs = Repairs(self._folder, now, check_entries, self.notices, self.damage)
            self._diary = DiaryMonths(self._folder, self._repairs, self._name_of, self._write)
            if not self.read_only:
                undone = self._access.settle_journal()
                if undone:
                    self.notices.append(undone)
            self._main  # opened now, so a newer or unreadable file is reported at once

    @property
    def read_only(self) -> bool:
        return self._folder.read_only

    @read_only.setter
    def read_only(self, value: bool) -> None:
        self._folder.read_only = value

    @property
    def held_by(self) -> str | None:
        """The line naming the other process that writes this folder, if one does."""
        return self._access.held_by

    # ---- profiles -------------------------------------------------------------------------
    @_locked
    def profiles(self) -> list[dict]:
        return plain([doc["profile"] for doc in self._main.table("profiles").all()], "Profiles")

    @_changes
    def save_profile(self, profile: dict) -> None:
        pid = check_id(profile.get("id"), "Profile id")
        row = {"id": pid, "profile": plain(profile, "Profile")}
        self._upsert(self._main.table("profiles"), where("id") == pid, row)

    @_changes
    def delete_profile(self, profile_id: str) -> None:
        pid = check_id(profile_id, "Profile id")
        self._diary.remove_profile(pid)
        self._write(lambda: self._main.table("docs").remove(where("profile") == pid))
        self._write(lambda: self._main.table("profiles").remove(where("id") == pid))

    # ---- documents --------------------------------------------------------------------------
    @_locked
    def get_doc(self, profile_id: str, name: str) -> dict | None:
        found = self._main.table("docs").get((where("profile") == profile_id) & (where("name") == name))
        return None if found is None else plain(found["doc"], "Document")

    @_changes
    def put_doc(self, profile_id: str, name: str, doc: dict) -> None:
        pid = check_id(profile_id, "Profile id")
        row = {"profile": pid, "name": name, "doc": plain(doc, f"Document {name!r}")}
        self._upsert(self._main.table("docs"), (where("profile") == pid) & (where("name") == name), row)

    @_locked
    def get_app(self, name: str) -> dict | None:
        found = self._main.table("app").get(where("name") == name)
        return None if found is None else plain(found["doc"], "Document")

    @_changes
    def put_app(self, name: str, doc: dict) -> None:
        row = {"name": name, "doc": plain(doc, f"Document {name!r}")}
        self._upsert(self._main.table("app"), where("name") == name, row)

    # ---- diary ------------------------------------------------------------------------------
    @_changes
    def save_entry(self, profile_id: str, entry: dict) -> None:
        pid = check_id(profile_id, "Profile id")
        moment = check_entry(entry)
        self._diary.save(pid, plain(entry, "Diary entry"), moment)

    @_changes
    def delete_entry(self, profile_id: str, entry_id: str) -> dict | None:
        pid = check_id(profile_id, "Profile id")
        entry = self._diary.delete(pid, entry_id)
        return None if entry is None else plain(entry, "Diary entry")

    @_locked
    def entries(self, profile_id: str, start: datetime | None = None, end: datetime | None = None) -> list[dict]:
        """Entries with start <= at < end (either bound may be None), sorted by the instant of "at"."""
        pid = check_id(profile_id, "Profile id")
        for bound in (start, end):
            if bound is not None and bound.utcoffset() is None:
                raise InputError(N_("Diary range start and end need a time zone."))
        return plain(self._diary.between(pid, start, end), "Diary entries")

    # ---- whole store ------------------------------------------------------------------------
    @_changes
    def wipe(self) -> None:
        """Delete every file of this store (backups and set-aside files too); the folder stays usable."""
        self._forget()  # the writer's lock is kept
        self._folder.remove_tree(self.data_dir / DIARY_DIR)
        self._folder.remove_tree(self.data_dir / import_journal.JOURNAL_DIR)
        for path in [*self.data_dir.glob(f"*{MAIN_FILE}*"), self.data_dir / recovery.LOG_FILE]:
            self._folder.remove(path)
        self._folder.sync_dir(self.data_dir)

    @_changes
    def put_profiles(self, items: list[dict], progress: Callable[[int, int], None] | None = None) -> int:
        """Make each profile exactly as given, all or nothing (adapters/import_journal.py): items are
        {"profile": {...}, "docs": {name: doc or None (removed)}, "entries": [...] (all of them)}. Documents
        not named are kept. Each file is written once, only if it changes; returns how many were written.
        InputError before anything is written if an item cannot be stored; StoreError if the device
        refuses (then nothing was changed)."""
        checked = [_checked_item(item) for item in items]
        main = plain(self._main.storage.read(), "Data")
        changes: dict[Path, dict | None] = {}
        if _apply_main(main, checked):
            changes[self.data_dir / MAIN_FILE] = main
        for pid, _, _, entries in checked:
            changes.update(self._diary.changes_for(pid, entries))
        if not changes:
            return 0
        try:
            self._access.apply_import(changes, progress)
        finally:
            self._forget()  # what is cached is older than the disk now (or than the undo)
        return len(changes)

    async def flush(self) -> None:
        """Every save is on disk when it returns; the browser's store waits for IndexedDB here."""

    @_locked
    def close(self) -> None:
        """Forget what was read and let go of the folder (another process may write it now). A later
        call reads the files again; a later change takes the writer's lock again, or is refused."""
        self._forget()
        self._access.release()

    # ---- internals --------------------------------------------------------------------------
    @property
    def _main(self) -> TinyDB:
        if self._main_db is None:
            label = Message(N_("main data file (profiles, plans and settings)"))
            self._main_db = self._repairs.open(self.data_dir / MAIN_FILE, label, main_ok)
        return self._main_db

    def _forget(self) -> None:
        """Every file read is read again at the next call (the disk may differ from what was cached)."""
        self._diary.close()
        self._main_db = None

    def _name_of(self, pid: str) -> str | None:
        return next((p["name"] for p in self.profiles() if p.get("id") == pid and p.get("name")), None)

    def _write(self, action: Callable):
        """Run a TinyDB write; on a disk error forget cached state (the disk still has the old file)."""
        try:
            return action()
        except OSError as exc:
            self._forget()  # the writer's lock is kept
            raise StoreError(NOT_SAVED, why=os_reason(exc)) from None

    def _upsert(self, table, cond, row: dict) -> None:
        found = table.get(cond)
        if found is None:
            self._write(lambda: table.insert(row))
        else:
            self._write(lambda: table.update(row, doc_ids=[found.doc_id]))


# ---- an import's items, checked and put into the main file's tables -----------------------------
def _checked_item(item: dict) -> tuple[str, dict, dict, list[dict]]:
    profile = plain(item["profile"], "Profile")
    pid = check_id(profile.get("id"), "Profile id")
    docs = {name: None if doc is None else plain(doc, f"Document {name!r}") for name, doc in item["docs"].items()}
    entries = plain(list(item["entries"]), "Diary entries")
    for entry in entries:
        check_entry(entry)
    return pid, profile, docs, entries


def _apply_main(main: dict, checked) -> bool:
    """Puts the profiles and documents into the main file's tables; True if anything changed."""
    profiles, docs = main.setdefault("profiles", {}), main.setdefault("docs", {})
    row_of = {row["id"]: key for key, row in profiles.items()}
    doc_of = {(row["profile"], row["name"]): key for key, row in docs.items()}
    ids = {"profiles": max(map(int, profiles), default=0), "docs": max(map(int, docs), default=0)}
    changed = False

    def put(table: dict, name: str, key: str | None, row: dict) -> str:
        nonlocal changed
        if key is not None and table[key] == row:
            return key
        changed = True
        if key is None:
            ids[name] += 1
            key = str(ids[name])
        table[key] = row
        return key

    for pid, profile, named, _ in checked:
        row_of[pid] = put(profiles, "profiles", row_of.get(pid), {"id": pid, "profile": profile})
        for name, doc in named.items():
            key = doc_of.get((pid, name))
            if doc is None:
                if key is not None:
                    del docs[key]
                    changed = True
            else:
                doc_of[(pid, name)] = put(docs, "docs", key, {"profile": pid, "name": name, "doc": doc})
    return changed

