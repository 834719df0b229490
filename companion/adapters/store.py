"""The durable store: plain dicts in and out, TinyDB files on disk.

Layout in `data_dir`:
  companion.json                      profiles, per-profile documents, app-wide documents
  diary/<profile_id>/<YYYY-MM>.json   diary entries, one file per profile per month

The month of an entry is the date part of its "at" string as written (its own UTC offset), so an
entry at 2026-03-31T23:30:00+02:00 lives in 2026-03 although it is 21:30 UTC.

Every file has a `_meta` table {"schema": N, "app": "companion"}. A file without one is version 0.
Older files are migrated on open (MIGRATIONS) and written back; newer files are refused, untouched.
An unreadable file is renamed aside (never deleted), its newest readable backup is restored and a
sentence for the user is added to `notices`.

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

from companion.adapters.atomic_storage import (
    AtomicJSONStorage,
    UnreadableFile,
    backup_paths,
    fsync_dir,
    load_tables,
)
from companion.core.errors import InputError, StorageError

APP = "companion"
SCHEMA = 1
MAIN_FILE = "companion.json"
DIARY_DIR = "diary"
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
_MONTH_FILE = re.compile(r"\d{4}-\d{2}\.json")


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
    for row in tables.get("entries", {}).values():
        entry = row.get("entry")
        if type(row.get("seq")) is not int or not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            return False
        try:
            _entry_time(entry)
        except InputError:
            return False
    return True


def _read_usable(path: Path, label: str, shape_ok: Callable[[dict], bool]) -> tuple[dict | None, bool]:
    """(tables at the current schema or None if no file, whether they were migrated)."""
    tables = load_tables(path)
    if tables is None:
        return None, False
    version = start = _version(tables)
    if version > SCHEMA:
        raise StoreError(
            f"Your {label} ({path.name}) was saved by a newer version of the app (data format "
            f"{version}; this version reads up to {SCHEMA}). Please update the app; the file was left unchanged."
        )
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


def _check_id(value, what: str) -> str:
    if not (isinstance(value, str) and _ID.fullmatch(value)):
        raise InputError(f"{what} must be 1-64 letters, digits, '-', '_' or '.', got {value!r}.")
    return value


def _entry_time(entry: dict) -> datetime:
    at = entry.get("at")
    try:  # RFC 9557 allows a zone name after the offset: 2025-03-01T10:00:00+00:00[Europe/London]
        moment = datetime.fromisoformat(at.partition("[")[0])
    except (AttributeError, TypeError, ValueError):
        moment = None
    if moment is None or moment.utcoffset() is None:
        raise InputError(f"Diary entry 'at' must be a date and time with a UTC offset, got {at!r}.")
    return moment


def _locked(method):
    @wraps(method)
    def wrapper(self, *args, **kwargs):
        with self._lock:
            return method(self, *args, **kwargs)

    return wrapper


class Store:
    """Thread-safe. Every save/put/delete returns after the data is on disk (fsync)."""

    def __init__(self, data_dir: Path, now: Callable[[], datetime] = utc_now):
        self.data_dir = Path(data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.notices: list[str] = []
        self._now = now
        self._lock = threading.RLock()
        self._shards: dict[Path, TinyDB] = {}
        self._index: dict[str, dict[str, tuple[str, int, int]]] = {}  # id -> (month, doc_id, seq)
        self._seq: dict[str, int] = {}
        self._main_db: TinyDB | None = None
        self._main  # opened now, so a newer or unreadable file is reported at once

    # ---- profiles -------------------------------------------------------------------------
    @_locked
    def profiles(self) -> list[dict]:
        return _plain([doc["profile"] for doc in self._main.table("profiles").all()], "Profiles")

    @_locked
    def save_profile(self, profile: dict) -> None:
        pid = _check_id(profile.get("id"), "Profile id")
        row = {"id": pid, "profile": _plain(profile, "Profile")}
        self._upsert(self._main.table("profiles"), where("id") == pid, row)

    @_locked
    def delete_profile(self, profile_id: str) -> None:
        pid = _check_id(profile_id, "Profile id")
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

    @_locked
    def put_doc(self, profile_id: str, name: str, doc: dict) -> None:
        pid = _check_id(profile_id, "Profile id")
        row = {"profile": pid, "name": name, "doc": _plain(doc, f"Document {name!r}")}
        self._upsert(self._main.table("docs"), (where("profile") == pid) & (where("name") == name), row)

    @_locked
    def get_app(self, name: str) -> dict | None:
        found = self._main.table("app").get(where("name") == name)
        return None if found is None else _plain(found["doc"], "Document")

    @_locked
    def put_app(self, name: str, doc: dict) -> None:
        row = {"name": name, "doc": _plain(doc, f"Document {name!r}")}
        self._upsert(self._main.table("app"), where("name") == name, row)

    # ---- diary ------------------------------------------------------------------------------
    @_locked
    def save_entry(self, profile_id: str, entry: dict) -> None:
        pid = _check_id(profile_id, "Profile id")
        if not (isinstance(entry.get("id"), str) and entry["id"]):
            raise InputError("Diary entry needs a non-empty text 'id'.")
        moment = _entry_time(entry)
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

    @_locked
    def delete_entry(self, profile_id: str, entry_id: str) -> dict | None:
        pid = _check_id(profile_id, "Profile id")
        found = self._diary_index(pid).pop(entry_id, None)
        if found is None:
            return None
        entry = self._shard(pid, found[0]).table("entries").get(doc_id=found[1])["entry"]
        self._remove_row(pid, found[0], found[1])
        return _plain(entry, "Diary entry")

    @_locked
    def entries(self, profile_id: str, start: datetime | None = None, end: datetime | None = None) -> list[dict]:
        """Entries with start <= at < end (either bound may be None), sorted by the instant of "at"."""
        pid = _check_id(profile_id, "Profile id")
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
                for doc in self._shard(pid, month).table("entries").all():
                    moment = _entry_time(doc["entry"])
                    if (start is None or moment >= start) and (end is None or moment < end):
                        found.append((moment, doc["entry"]["id"], doc["entry"]))
        found.sort(key=lambda item: item[:2])
        return _plain([entry for _, _, entry in found], "Diary entries")

    # ---- whole store ------------------------------------------------------------------------
    @_locked
    def wipe(self) -> None:
        """Delete every file of this store (backups and set-aside files too); the folder stays usable."""
        self.close()
        shutil.rmtree(self.data_dir / DIARY_DIR, ignore_errors=True)
        for path in self.data_dir.glob(f"*{MAIN_FILE}*"):
            path.unlink()
        fsync_dir(self.data_dir)
        self._main_db = None

    async def flush(self) -> None:
        """Every save is on disk when it returns; the browser's store waits for IndexedDB here."""

    @_locked
    def close(self) -> None:
        for db in self._shards.values():
            db.close()
        self._shards.clear()
        self._index.clear()
        self._seq.clear()

    # ---- internals --------------------------------------------------------------------------
    @property
    def _main(self) -> TinyDB:
        if self._main_db is None:
            label = "main data file (profiles, plans and settings)"
            self._main_db = self._open(self.data_dir / MAIN_FILE, label, _main_ok)
        return self._main_db

    def _open(self, path: Path, label: str, shape_ok: Callable[[dict], bool]) -> TinyDB:
        """Open one file: migrate it, or recover it from a backup if it cannot be read."""
        try:
            tables, changed = _read_usable(path, label, shape_ok)
        except UnreadableFile:
            tables, changed = self._recover(path, label, shape_ok), True
        db = TinyDB(path, tables or _fresh(), self._now, storage=AtomicJSONStorage)
        if changed:
            try:
                db.storage.write(tables)
            except OSError as exc:
                raise StoreError(f"Could not update {path.name} ({exc.strerror or exc}).") from None
        return db

    def _recover(self, path: Path, label: str, shape_ok: Callable[[dict], bool]) -> dict:
        stamp = self._now().astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        aside = path.with_name(f"{path.name}.unreadable-{stamp}")
        n = 1
        while aside.exists():
            n += 1
            aside = path.with_name(f"{path.name}.unreadable-{stamp}-{n}")
        try:
            os.rename(path, aside)
            fsync_dir(path.parent)
        except OSError as exc:
            raise StoreError(f"Your {label} could not be read, nor set aside ({exc.strerror or exc}).") from None
        said = f"Your {label} could not be read. It was kept as {aside.name}."
        for backup in backup_paths(path):
            try:
                tables, _ = _read_usable(backup, label, shape_ok)
            except (UnreadableFile, StoreError):
                continue
            if tables is not None:
                saved = datetime.fromtimestamp(backup.stat().st_mtime, self._now().tzinfo)
                self.notices.append(f"{said} The backup from {saved:%Y-%m-%d %H:%M} was restored.")
                return tables
        self.notices.append(f"{said} There was no readable backup, so it starts empty.")
        return _fresh()

    def _write(self, action: Callable):
        """Run a TinyDB write; on a disk error forget cached state (the disk still has the old file)."""
        try:
            return action()
        except OSError as exc:
            self.close()
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

    def _shard(self, pid: str, month: str, keep: bool = True) -> TinyDB:
        path = self._diary_dir(pid) / f"{month}.json"
        db = self._shards.get(path)
        if db is None:
            path.parent.mkdir(parents=True, exist_ok=True)
            name = next((p["name"] for p in self.profiles() if p.get("id") == pid and p.get("name")), None)
            db = self._open(path, f"diary file for {month}" + (f" ({name})" if name else ""), _shard_ok)
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
        for temp in folder.glob(".*.json.tmp-*"):  # a crash before a new month's first file was in place
            temp.unlink()
        months = sorted(p.stem for p in folder.glob("*.json") if _MONTH_FILE.fullmatch(p.name))
        for month in months:
            for doc in self._shard(pid, month, keep=False).table("entries").all():
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
