"""The durable store: plain dicts in and out, TinyDB files on disk.

Layout in `data_dir`:
  companion.json                      profiles, per-profile documents, app-wide documents
  diary/<profile_id>/<YYYY-MM>.json   diary entries, one file per profile per month

The month of an entry is the date part of its "at" string as written (its own UTC offset), so an
entry at 2026-03-31T23:30:00+02:00 lives in 2026-03 although it is 21:30 UTC.

Every file has a `_meta` table {"schema": N, "app": "companion"}. A file without one is version 0.
Older files are migrated on open (MIGRATIONS) and written back; newer files are refused, untouched.
An unreadable file is renamed aside (never deleted), its newest readable backup is restored and a
sentence for the user is added to `notices` (and a `recovery.Damage` to `damage`, and a line to
recovery.log). A diary row that fails the input's own validation is kept aside in a file beside its
month and the month opens without it. A month file the app must not touch (a newer format, a folder,
a file it cannot open) is left as it is: reading skips it and says so, saving to it is refused.
Month files get a backup at every write (atomic_storage: `every_write`).

One writer per folder (adapters/folder_lock.py): `Store(dir)` takes the folder's writer lock, or opens
to read only when another process holds it (`held_by` says who, and every change is refused with that
line); `writer=True` refuses at once (FolderInUse), `writer=False` only reads. A reader holds the
folder's gate shared until `close()`; each change of the writer holds it exclusively, so a reader never
sees half of a change that spans files. `put_profiles` (imports) lands whole or not at all through a
journal (adapters/import_journal.py), which the writer settles when it opens the folder.

Diary: the first diary call for a profile reads all its month files once to learn which month holds
which entry id (so a re-saved entry that moved month leaves its old month). Files that were only
scanned are not kept in memory; files that were saved to or listed are.
"""
from __future__ import annotations

import errno
import json
import os
import re
import shutil
import threading
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from functools import wraps
from pathlib import Path

from tinydb import TinyDB, where

from companion.adapters import recovery
from companion.adapters.atomic_storage import (
    AtomicJSONStorage,
    UnreadableFile,
    backup_paths,
    fsync_dir,
    load_tables,
    write_atomic,
)
from companion.adapters.recovery import Damage
from companion.adapters import import_journal
from companion.adapters.folder_lock import FolderInUse, Gate, WriterLock
from companion.core.errors import InputError, StorageError

APP = "companion"
SCHEMA = 1
MAIN_FILE = "companion.json"
DIARY_DIR = "diary"
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
_MONTH_FILE = re.compile(r"\d{4}-\d{2}\.json")
IMPORT_UNDONE = ("An import that was stopped before it finished was undone: your data is as it was before it. "
                 "Import the file again.")


class StoreError(StorageError):
    """The store cannot go on; the message is one plain line for the user."""


_WHY_NOT_SAVED = {
    errno.ENOSPC: "the device is full",
    errno.EDQUOT: "the storage allowed to the app is full",
    errno.EROFS: "the storage is read-only",
    errno.EACCES: "the app is not allowed to write in its folder",
    errno.EPERM: "the app is not allowed to write in its folder",
}


def why_not_saved(exc: OSError) -> str:
    """A few plain words for a failed write ("the device is full"), else the system's own."""
    return _WHY_NOT_SAVED.get(exc.errno) or str(exc.strerror or exc).lower()


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def _v0_to_v1(tables: dict) -> dict:
    """v0: a plain TinyDB file without `_meta`. v1 adds the version stamp."""
    return {**tables, "_meta": {"1": {"schema": 1, "app": APP}}}


MIGRATIONS: dict[int, Callable[[dict], dict]] = {0: _v0_to_v1}


def _fresh() -> dict:
    return {"_meta": {"1": {"schema": SCHEMA, "app": APP}}}


def _version(tables: dict) -> int:
    if "_meta" not in tables:
        return 0
    meta = tables["_meta"].get("1")
    if not (isinstance(meta, dict) and meta.get("app") == APP and type(meta.get("schema")) is int):
        raise UnreadableFile("bad _meta")
    return meta["schema"]


def _main_ok(tables: dict) -> bool:
    def rows(name):
        return tables.get(name, {}).values()

    return (
        all(isinstance(r.get("id"), str) and isinstance(r.get("profile"), dict) for r in rows("profiles"))
        and all(isinstance(r.get("doc"), dict) and "name" in r and "profile" in r for r in rows("docs"))
        and all(isinstance(r.get("doc"), dict) and "name" in r for r in rows("app"))
    )


def _shard_ok(tables: dict) -> bool:
    """A month file's rows are checked one by one when it opens (bad ones are kept aside, not fatal)."""
    return True


class _Untouchable(StoreError):
    """A file that is there but must be left alone: newer format, a folder, cannot be opened."""

    def __init__(self, message: str, kind: str):
        super().__init__(message)
        self.kind = kind


def _read_usable(path: Path, label: str, shape_ok: Callable[[dict], bool]) -> tuple[dict | None, bool]:
    """(tables at the current schema or None if no file, whether they were migrated)."""
    why = recovery.not_a_regular_file(path)
    if why:
        raise _Untouchable(f"Your {label} cannot be read: {path.name} {why}. It was left unchanged.",
                           recovery.NOT_A_FILE if "open" not in why else recovery.UNREADABLE)
    try:
        tables = load_tables(path)
    except OSError as error:
        raise _Untouchable(f"Your {label} ({path.name}) cannot be read ({(error.strerror or str(error)).lower()}). "
                           "It was left unchanged.", recovery.UNREADABLE) from None
    if tables is None:
        return None, False
    version = start = _version(tables)
    if version > SCHEMA:
        raise _Untouchable(
            f"Your {label} ({path.name}) was saved by a newer version of the app (data format "
            f"{version}; this version reads up to {SCHEMA}). Please update the app; the file was left unchanged.",
            recovery.NEWER)
    while version < SCHEMA:
        tables = MIGRATIONS[version](tables)
        version = _version(tables)
    if not shape_ok(tables):
        raise UnreadableFile(f"{path.name}: unexpected content")
    return tables, version != start


def _plain(value, what: str):
    """A deep copy through JSON: what a fresh Store would read back. InputError if not JSON-able."""
    try:
        return json.loads(json.dumps(value, allow_nan=False))
    except (TypeError, ValueError) as exc:
        raise InputError(f"{what} holds something that cannot be saved: {exc}.") from None


def check_id(value, what: str) -> str:
    """`value` if it is a valid profile id (the store's own rule, for callers to check before writing), else InputError."""
    if not (isinstance(value, str) and _ID.fullmatch(value)):
        raise InputError(f"{what} must be 1-64 letters, digits, '-', '_' or '.', got {value!r}.")
    return value


def entry_time(entry: dict) -> datetime:
    """The zone-aware moment of a diary entry's 'at' (RFC 9557 zone name allowed), else InputError."""
    at = entry.get("at")
    try:  # RFC 9557 allows a zone name after the offset: 2025-03-01T10:00:00+00:00[Europe/London]
        moment = datetime.fromisoformat(at.partition("[")[0])
    except (AttributeError, TypeError, ValueError):
        moment = None
    if moment is None or moment.utcoffset() is None:
        raise InputError(f"Diary entry 'at' must be a date and time with a UTC offset, got {at!r}.")
    return moment


def _changes(method):
    """A public write: only by the folder's writer, with readers kept out until it is done."""
    @wraps(method)
    def wrapper(self, *args, **kwargs):
        with self._lock:
            self._check_writer()
            self._gate.exclusive()
            try:
                return method(self, *args, **kwargs)
            finally:
                self._gate.open()

    return wrapper


class _NoGate:
    def shared(self) -> None: ...
    def exclusive(self) -> None: ...
    def open(self) -> None: ...


def _locked(method):
    @wraps(method)
    def wrapper(self, *args, **kwargs):
        with self._lock:
            return method(self, *args, **kwargs)

    return wrapper


class Store:
    """Thread-safe. Every save/put/delete returns after the data is on disk (fsync).
    writer: None = this folder's writer unless another process is (then read-only), True = the writer or
    FolderInUse, False = read-only. locking=False: no lock files (the browser keeps one writing window)."""

    def __init__(self, data_dir: Path, now: Callable[[], datetime] = utc_now, check_entries: bool = True, *, writer: bool | None = None,
                 locking: bool = True):
        """`check_entries=False` keeps diary rows that the app's input validation would refuse (tests of
        the storage mechanics only: the app and the commands must never see such an entry)."""
        self.data_dir = Path(data_dir)
        self.read_only = writer is False
        self.held_by: str | None = None  # the line naming the other process that writes this folder
        self._locking = locking
        self._writer: WriterLock | None = None
        if not self.read_only:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            if locking:
                try:
                    self._writer = WriterLock.acquire(self.data_dir)
                except FolderInUse as error:
                    if writer:
                        raise
                    self.read_only, self.held_by = True, str(error)
        self._gate = Gate(self.data_dir) if locking and self.data_dir.is_dir() else _NoGate()
        if self.read_only:
            self._gate.shared()  # until close(): the writer's changes wait, so what is read is consistent
        self._check_entries = check_entries
        self.notices: list[str] = []
        self.damage: list[Damage] = []  # what was found damaged in this process, as notices says it
        self._untouchable: dict[Path, _Untouchable] = {}  # reported once, left alone, refused for writing
        self._now = now
        self._lock = threading.RLock()
        self._shards: dict[Path, TinyDB] = {}
        self._index: dict[str, dict[str, tuple[str, int, int]]] = {}  # id -> (month, doc_id, seq)
        self._seq: dict[str, int] = {}
        self._main_db: TinyDB | None = None
        if not self.read_only:
            self._settle_journal()
        self._main  # opened now, so a newer or unreadable file is reported at once

    # ---- profiles -------------------------------------------------------------------------
    @_locked
    def profiles(self) -> list[dict]:
        return _plain([doc["profile"] for doc in self._main.table("profiles").all()], "Profiles")

    @_changes
    def save_profile(self, profile: dict) -> None:
        pid = check_id(profile.get("id"), "Profile id")
        row = {"id": pid, "profile": _plain(profile, "Profile")}
        self._upsert(self._main.table("profiles"), where("id") == pid, row)

    @_changes
    def delete_profile(self, profile_id: str) -> None:
        pid = check_id(profile_id, "Profile id")
        folder = self._diary_dir(pid)
        for path in [path for path in self._shards if path.parent == folder]:
            self._shards.pop(path).close()
        self._index.pop(pid, None)
        self._seq.pop(pid, None)
        if folder.exists():
            shutil.rmtree(folder)
            fsync_dir(folder.parent)
        self._write(lambda: self._main.table("docs").remove(where("profile") == pid))
        self._write(lambda: self._main.table("profiles").remove(where("id") == pid))

    # ---- documents --------------------------------------------------------------------------
    @_locked
    def get_doc(self, profile_id: str, name: str) -> dict | None:
        found = self._main.table("docs").get((where("profile") == profile_id) & (where("name") == name))
        return None if found is None else _plain(found["doc"], "Document")

    @_changes
    def put_doc(self, profile_id: str, name: str, doc: dict) -> None:
        pid = check_id(profile_id, "Profile id")
        row = {"profile": pid, "name": name, "doc": _plain(doc, f"Document {name!r}")}
        self._upsert(self._main.table("docs"), (where("profile") == pid) & (where("name") == name), row)

    @_locked
    def get_app(self, name: str) -> dict | None:
        found = self._main.table("app").get(where("name") == name)
        return None if found is None else _plain(found["doc"], "Document")

    @_changes
    def put_app(self, name: str, doc: dict) -> None:
        row = {"name": name, "doc": _plain(doc, f"Document {name!r}")}
        self._upsert(self._main.table("app"), where("name") == name, row)

    # ---- diary ------------------------------------------------------------------------------
    @_changes
    def save_entry(self, profile_id: str, entry: dict) -> None:
        pid = check_id(profile_id, "Profile id")
        if not (isinstance(entry.get("id"), str) and entry["id"]):
            raise InputError("Diary entry needs a non-empty text 'id'.")
        moment = entry_time(entry)
        entry = _plain(entry, "Diary entry")
        month = f"{moment.year:04d}-{moment.month:02d}"
        index = self._diary_index(pid)
        self._seq[pid] += 1
        row = {"seq": self._seq[pid], "entry": entry}
        old = index.get(entry["id"])
        table = self._shard(pid, month).table("entries")
        if old and old[0] == month:
            self._write(lambda: table.update(row, doc_ids=[old[1]]))
            doc_id = old[1]
        else:  # new, or moved month: add to the new month first, so a crash can only leave a duplicate
            doc_id = self._write(lambda: table.insert(row))
            if old:
                self._remove_row(pid, old[0], old[1])
        index[entry["id"]] = (month, doc_id, row["seq"])

    @_changes
    def delete_entry(self, profile_id: str, entry_id: str) -> dict | None:
        pid = check_id(profile_id, "Profile id")
        found = self._diary_index(pid).pop(entry_id, None)
        if found is None:
            return None
        entry = self._shard(pid, found[0]).table("entries").get(doc_id=found[1])["entry"]
        self._remove_row(pid, found[0], found[1])
        return _plain(entry, "Diary entry")

    @_locked
    def entries(self, profile_id: str, start: datetime | None = None, end: datetime | None = None) -> list[dict]:
        """Entries with start <= at < end (either bound may be None), sorted by the instant of "at"."""
        pid = check_id(profile_id, "Profile id")
        for bound in (start, end):
            if bound is not None and bound.utcoffset() is None:
                raise InputError("Diary range start and end need a time zone.")
        months = {month for month, _, _ in self._diary_index(pid).values()}
        # an "at" may carry any offset up to a day, so look one day beyond each bound
        low = None if start is None else (start - timedelta(days=1)).astimezone(timezone.utc).strftime("%Y-%m")
        high = None if end is None else (end + timedelta(days=1)).astimezone(timezone.utc).strftime("%Y-%m")
        found = []
        for month in sorted(months):
            if (low is None or month >= low) and (high is None or month <= high):
                shard = self._shard(pid, month, reading=True)
                for doc in shard.table("entries").all() if shard is not None else ():
                    moment = entry_time(doc["entry"])
                    if (start is None or moment >= start) and (end is None or moment < end):
                        found.append((moment, doc["entry"]["id"], doc["entry"]))
        found.sort(key=lambda item: item[:2])
        return _plain([entry for _, _, entry in found], "Diary entries")

    # ---- whole store ------------------------------------------------------------------------
    @_changes
    def wipe(self) -> None:
        """Delete every file of this store (backups and set-aside files too); the folder stays usable."""
        self._close_files()  # the writer's lock is kept
        shutil.rmtree(self.data_dir / DIARY_DIR, ignore_errors=True)
        shutil.rmtree(self.data_dir / import_journal.JOURNAL_DIR, ignore_errors=True)
        for path in [*self.data_dir.glob(f"*{MAIN_FILE}*"), self.data_dir / recovery.LOG_FILE]:
            path.unlink(missing_ok=True)
        fsync_dir(self.data_dir)
        self._main_db = None

    async def flush(self) -> None:
        """Every save is on disk when it returns; the browser's store waits for IndexedDB here."""

    @_locked
    def close(self) -> None:
        """Forget what was read and let go of the folder (another process may write it now). A later
        call reads the files again; a later change takes the writer's lock again, or is refused."""
        self._close_files()
        self._main_db = None
        if self._writer is not None:
            self._writer.release()
            self._writer = None
        if self.read_only:
            self._gate.open()

    def _close_files(self) -> None:
        for db in self._shards.values():
            db.close()
        self._shards.clear()
        self._index.clear()
        self._seq.clear()
        self._untouchable.clear()

    # ---- one writer, whole imports ---------------------------------------------------------------
    def _check_writer(self) -> None:
        if self.read_only:
            raise FolderInUse(f"{self.held_by} Nothing was changed.") if self.held_by else StoreError(
                "This data folder was opened to read only; nothing was changed.")
        if self._locking and self._writer is None:  # closed, then changed again: the folder must be free
            self._writer = WriterLock.acquire(self.data_dir)

    def _settle_journal(self) -> None:
        try:
            if import_journal.settle(self.data_dir):
                self.notices.append(IMPORT_UNDONE)
        except (OSError, import_journal.JournalError) as error:
            raise StoreError(f"An import that was stopped could not be undone ({error}); the folder "
                             f"{import_journal.JOURNAL_DIR} was kept. Nothing else was changed.") from None

    @_changes
    def put_profiles(self, items: list[dict], progress: Callable[[int, int], None] | None = None) -> int:
        """Make each profile exactly as given, all or nothing (adapters/import_journal.py): items are
        {"profile": {...}, "docs": {name: doc or None (removed)}, "entries": [...] (all of them)}. Documents
        not named are kept. Each file is written once, only if it changes; returns how many were written.
        InputError before anything is written if an item cannot be stored; StoreError if the device
        refuses (then nothing was changed)."""
        checked = [self._checked_item(item) for item in items]
        main = _plain(self._main.storage.read(), "Data")
        changes: dict[Path, dict | None] = {}
        if self._apply_main(main, checked):
            changes[self.data_dir / MAIN_FILE] = main
        for pid, _, _, entries in checked:
            changes.update(self._month_changes(pid, entries))
        if not changes:
            return 0

        def write(path: Path, tables: dict) -> None:
            AtomicJSONStorage(path, tables, self._now).write(tables)

        try:
            import_journal.Journal(self.data_dir).apply(changes, write, progress)
        except OSError as exc:
            raise StoreError(f"Could not save your data: {why_not_saved(exc)}. Nothing was changed.") from None
        except import_journal.JournalError as error:
            raise StoreError(f"The import stopped partway ({error}); it will be undone when the app next "
                             "opens this folder.") from None
        finally:
            self._close_files()  # what is cached is older than the disk now (or than the undo)
            self._main_db = None
        return len(changes)

    def _checked_item(self, item: dict) -> tuple[str, dict, dict, list[dict]]:
        profile = _plain(item["profile"], "Profile")
        pid = check_id(profile.get("id"), "Profile id")
        docs = {name: None if doc is None else _plain(doc, f"Document {name!r}") for name, doc in item["docs"].items()}
        entries = _plain(list(item["entries"]), "Diary entries")
        for entry in entries:
            if not (isinstance(entry.get("id"), str) and entry["id"]):
                raise InputError("Diary entry needs a non-empty text 'id'.")
            entry_time(entry)
        return pid, profile, docs, entries

    @staticmethod
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

    def _month_changes(self, pid: str, entries: list[dict]) -> dict[Path, dict | None]:
        """The month files of this profile that differ from `entries` (all of its entries), as they must be."""
        index = self._diary_index(pid)
        wanted: dict[str, list[dict]] = {}
        for entry in entries:
            moment = entry_time(entry)
            wanted.setdefault(f"{moment.year:04d}-{moment.month:02d}", []).append(entry)
        months = set(wanted) | {month for month, _, _ in index.values()}
        changes: dict[Path, dict | None] = {}
        seq = self._seq[pid]
        for month in sorted(months):
            shard = self._shard(pid, month, keep=False)
            tables = _plain(shard.storage.read(), "Diary") if shard is not None else _fresh()
            rows = tables.setdefault("entries", {})
            here = {row["entry"]["id"]: key for key, row in rows.items()}
            keep = {entry["id"] for entry in wanted.get(month, ())}
            changed = False
            for key in [key for eid, key in here.items() if eid not in keep]:
                del rows[key]
                changed = True
            next_key = max(map(int, rows), default=0)
            for entry in wanted.get(month, ()):
                key = here.get(entry["id"])
                if key is not None and rows[key]["entry"] == entry:
                    continue
                seq += 1
                if key is None:
                    next_key += 1
                    key = str(next_key)
                rows[key] = {"seq": seq, "entry": entry}
                changed = True
            if changed:
                path = self._diary_dir(pid) / f"{month}.json"
                changes[path] = tables if rows else None
        return changes

    # ---- internals --------------------------------------------------------------------------
    @property
    def _main(self) -> TinyDB:
        if self._main_db is None:
            label = "main data file (profiles, plans and settings)"
            self._main_db = self._open(self.data_dir / MAIN_FILE, label, _main_ok)
        return self._main_db

    def _open(self, path: Path, label: str, shape_ok: Callable[[dict], bool], where: dict | None = None) -> TinyDB:
        """Open one file: migrate it, or recover it from a backup if it cannot be read. `where` (a diary
        month: profile, patient, month): its rows are checked and the bad ones kept aside."""
        try:
            tables, changed = _read_usable(path, label, shape_ok)
        except UnreadableFile:
            tables, changed = self._recover(path, label, shape_ok, where), True
        if where is not None and tables and self._check_entries and self._keep_bad_rows_aside(path, label, tables, where):
            changed = True
        db = TinyDB(path, tables or _fresh(), self._now, storage=AtomicJSONStorage, every_write=where is not None)
        if changed and not getattr(self, "read_only", False):
            try:
                db.storage.write(tables)
            except OSError as exc:
                raise StoreError(f"Could not update {path.name} ({exc.strerror or exc}).") from None
            self._after_repair()
        return db

    def _after_repair(self) -> None:
        """Called after reading wrote a file (a migration, a month restored, rows kept aside): a store that
        copies its folder elsewhere (the browser's IndexedDB) does it here, or the repair is redone next time."""

    def _recover(self, path: Path, label: str, shape_ok: Callable[[dict], bool], where: dict | None = None) -> dict:
        stamp = self._now().astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        aside = path.with_name(f"{path.name}.unreadable-{stamp}")
        n = 1
        while aside.exists():
            n += 1
            aside = path.with_name(f"{path.name}.unreadable-{stamp}-{n}")
        if getattr(self, "read_only", False):  # a reader changes nothing: the folder's writer will set it aside
            aside, said = path, f"Your {label} could not be read; the app will keep it aside when it next opens."
        else:
            try:
                os.rename(path, aside)
                fsync_dir(path.parent)
            except OSError as exc:
                raise StoreError(f"Your {label} could not be read, nor set aside ({exc.strerror or exc}).") from None
            said = f"Your {label} could not be read. It was kept as {aside.name}."
        shown = set()  # entry ids the damaged month file still shows
        if where is not None and not recovery.not_a_regular_file(aside):
            try:
                shown = recovery.ids_in_damaged(aside.read_bytes())
            except OSError:
                pass
        facts = {**(where or {}), "kept_as": self._relative(aside)}
        for backup in backup_paths(path):
            try:
                tables, _ = _read_usable(backup, label, shape_ok)
            except (UnreadableFile, StoreError):
                continue
            if tables is not None:
                saved = datetime.fromtimestamp(backup.stat().st_mtime, self._now().tzinfo)
                said += f" The backup from {saved:%Y-%m-%d %H:%M} was " + (
                    "read instead." if getattr(self, "read_only", False) else "restored.")
                lacking = None
                if where is not None:
                    held = {row.get("entry", {}).get("id") for row in tables.get("entries", {}).values()
                            if isinstance(row.get("entry"), dict)}
                    lacking = len(shown - held) if shown else None
                    said += (f" The backup lacks {lacking} {'entry' if lacking == 1 else 'entries'} that the damaged"
                             f" file still shows: please look at this month and record {'it' if lacking == 1 else 'them'}"
                             " again." if lacking else
                             " It holds every entry the damaged file still shows." if shown else
                             " It was made just before the last change to this month, so only that change may be"
                             " missing.")
                self._report(recovery.RESTORED, path, said, backup_from=saved.isoformat(), entries_lacking=lacking,
                             **facts)
                return tables
        said += " There was no readable backup, so it starts empty."
        if shown:
            said += f" The damaged file still shows {len(shown)} {'entry' if len(shown) == 1 else 'entries'}."
        self._report(recovery.STARTED_EMPTY, path, said, entries_lacking=len(shown) if shown else None, **facts)
        return _fresh()

    # ---- damage: kept aside, reported, logged --------------------------------------------------
    def _relative(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.data_dir))
        except ValueError:
            return str(path)

    def _report(self, kind: str, path: Path, message: str, **facts) -> Damage:
        """Tell the session (notices), the commands (damage) and the recovery log, once per event."""
        if any(d.kind == kind and d.file == self._relative(path) and d.message == message for d in self.damage):
            return self.damage[-1]  # a reader opens a month twice and repairs nothing: say it once
        stamp = self._now().astimezone(timezone.utc).isoformat(timespec="seconds")
        damage = Damage(kind=kind, file=self._relative(path), message=message, at=stamp, **facts)
        self.notices.append(message)
        self.damage.append(damage)
        if not getattr(self, "read_only", False):  # the writer logs it when it makes the repair
            recovery.append_log(self.data_dir, damage)
        return damage

    def _keep_bad_rows_aside(self, path: Path, label: str, tables: dict, where: dict) -> bool:
        """Moves the rows that fail the input's validation to a new file beside `path`; True if any."""
        good, bad = recovery.split_rows(tables.get("entries", {}), also=entry_time)
        if not bad:
            return False
        now = self._now().astimezone(timezone.utc)
        n = len(bad)
        said = (f"{n} {'entry' if n == 1 else 'entries'} in your {label} could not be read "
                f"({next(iter(bad.values()))[1]}). ")
        if getattr(self, "read_only", False):  # a reader changes nothing: shown without them
            aside = path
            said += f"{'It is' if n == 1 else 'They are'} not shown; the app will keep {'it' if n == 1 else 'them'} aside."
        else:
            aside = recovery.kept_aside_path(path, now.strftime("%Y%m%dT%H%M%SZ"))
            try:
                write_atomic(aside, recovery.kept_aside_payload(path, bad, now.isoformat(timespec="seconds")))
            except OSError as exc:
                raise StoreError(f"Your {label} holds entries that cannot be read, and they could not be set "
                                 f"aside ({why_not_saved(exc)}). It was left unchanged.") from None
            said += (f"{'It was' if n == 1 else 'They were'} kept aside in {aside.name}, not deleted; "
                     "the rest of the diary opens.")
        tables["entries"] = good
        self._report(recovery.KEPT, path, said, kept_as=self._relative(aside), entries_kept_aside=n,
                     details=[why for _, why in bad.values()][:20], **where)
        return True

    def _write(self, action: Callable):
        """Run a TinyDB write; on a disk error forget cached state (the disk still has the old file)."""
        try:
            return action()
        except OSError as exc:
            self._close_files()  # the writer's lock is kept
            self._main_db = None
            raise StoreError(f"Could not save your data: {why_not_saved(exc)}. Nothing was changed.") from None

    def _upsert(self, table, cond, row: dict) -> None:
        found = table.get(cond)
        if found is None:
            self._write(lambda: table.insert(row))
        else:
            self._write(lambda: table.update(row, doc_ids=[found.doc_id]))

    def _diary_dir(self, pid: str) -> Path:
        return self.data_dir / DIARY_DIR / pid

    def _shard(self, pid: str, month: str, keep: bool = True, reading: bool = False) -> TinyDB | None:
        """The month's file. One the app must leave alone is reported once; then reading gets None
        (its entries are not shown) and anything else a StoreError (it is never written over)."""
        path = self._diary_dir(pid) / f"{month}.json"
        db = self._shards.get(path)
        if db is None:
            refused = self._untouchable.get(path.parent) or self._untouchable.get(path)
            if refused is None:
                name = next((p["name"] for p in self.profiles() if p.get("id") == pid and p.get("name")), None)
                label = f"diary file for {month}" + (f" ({name})" if name else "")
                where = {"profile": pid, "patient": name, "month": month}
                try:
                    try:
                        path.parent.mkdir(parents=True, exist_ok=True)
                    except OSError as exc:
                        refused = self._untouchable[path.parent] = _Untouchable(
                            f"The diary folder of {name or pid} ({self._relative(path.parent)}) cannot be used "
                            f"({recovery.os_problem(exc)}). It was left unchanged.", recovery.NOT_A_FILE)
                        self._report(refused.kind, path.parent, f"{refused} Its entries are not shown.",
                                     **{**where, "month": None})
                    else:
                        db = self._open(path, label, _shard_ok, where)
                except _Untouchable as exc:
                    refused = self._untouchable[path] = exc
                    self._report(exc.kind, path, f"{exc} Its entries are not shown.", **where)
                except StoreError as exc:  # could not be set aside or rewritten: leave it for now
                    refused = self._untouchable[path] = _Untouchable(str(exc), recovery.UNREADABLE)
                    self._report(recovery.UNREADABLE, path, f"{exc} Its entries are not shown.", **where)
            if refused is not None:
                if reading:
                    return None
                raise StoreError(str(refused))
            if keep:
                self._shards[path] = db
        return db

    def _remove_row(self, pid: str, month: str, doc_id: int) -> None:
        table = self._shard(pid, month).table("entries")
        self._write(lambda: table.remove(doc_ids=[doc_id]))

    def _diary_index(self, pid: str) -> dict[str, tuple[str, int, int]]:
        """id -> (month, doc_id, seq), built once per profile; a duplicate left by a crash is removed."""
        if pid in self._index:
            return self._index[pid]
        index: dict[str, tuple[str, int, int]] = {}
        stale: list[tuple[str, int]] = []
        folder = self._diary_dir(pid)
        if any(f.exists() and not f.is_dir() for f in (folder.parent, folder)):  # reported once by _shard
            self._shard(pid, "0000-00", reading=True)  # no such month: only its folder is looked at
        for temp in folder.glob(".*.json.tmp-*"):  # a crash before a new month's first file was in place
            temp.unlink()
        months = sorted(p.stem for p in folder.glob("*.json") if _MONTH_FILE.fullmatch(p.name))
        for month in months:
            shard = self._shard(pid, month, keep=False, reading=True)
            for doc in shard.table("entries").all() if shard is not None else ():
                here = (month, doc.doc_id, doc["seq"])
                other = index.get(doc["entry"]["id"])
                if other and other[2] > here[2]:
                    here, other = other, here
                if other:
                    stale.append(other[:2])
                index[doc["entry"]["id"]] = here
        self._index[pid] = index
        self._seq[pid] = max((seq for _, _, seq in index.values()), default=0)
        for month, doc_id in stale:
            self._remove_row(pid, month, doc_id)
        return index


# Older private names, still imported by companion/ownership.py until it moves to the public ones.
_check_id = check_id
_entry_time = entry_time
