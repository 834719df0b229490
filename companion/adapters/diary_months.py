"""The store's diary: one file per profile per month, and the index of which month holds which entry.

Layout: diary/<profile_id>/<YYYY-MM>.json. The month of an entry is the date part of its "at" as written
(its own UTC offset), so an entry at 2026-03-31T23:30:00+02:00 lives in 2026-03 although it is 21:30 UTC.

The first diary call for a profile reads all its month files once to learn which month holds which
entry id (so a re-saved entry that moved month leaves its old month); a duplicate a crash left between
two months is removed then, keeping the newer (higher `seq`). Files that were only scanned are not kept
in memory; files that were saved to or listed are. A month file the app must not touch (a newer format,
a folder, a file it cannot open) is reported once and left as it is: reading skips it, saving to it is
refused. The caller (Store) holds the lock, checks the writer and turns disk errors into StoreError
(`write`); every file change goes through the StoreFolder, so it calls the store's write hook.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

from tinydb import TinyDB

from companion.adapters import recovery
from companion.adapters.store_errors import StoreError, Untouchable
from companion.adapters.store_folder import StoreFolder
from companion.adapters.store_migration import fresh
from companion.adapters.store_recovery import Repairs
from companion.adapters.store_shapes import MONTH_FILE, entry_time, month_of, month_ok, plain
from companion.core.errors import Message, Sentences
from companion.core.i18n import N_
from companion.core.os_reasons import os_reason

DIARY_DIR = "diary"
NOT_SHOWN = Message(N_("Its entries are not shown."))


class DiaryMonths:
    def __init__(self, folder: StoreFolder, repairs: Repairs, name_of: Callable[[str], str | None],
                 write: Callable[[Callable], object]):
        """`name_of(pid)`: the patient's name, for messages; `write(action)`: runs a TinyDB write,
        StoreError on a disk error."""
        self._folder = folder
        self._repairs = repairs
        self._name_of = name_of
        self._write = write
        self._shards: dict[Path, TinyDB] = {}
        self._index: dict[str, dict[str, tuple[str, int, int]]] = {}  # pid -> id -> (month, doc_id, seq)
        self._seq: dict[str, int] = {}
        self._untouchable: dict[Path, Untouchable] = {}  # reported once, left alone, refused for writing

    def folder_of(self, pid: str) -> Path:
        return self._folder.root / DIARY_DIR / pid

    # ---- what the Store's diary calls do --------------------------------------------------------
    def save(self, pid: str, entry: dict, moment: datetime) -> None:
        month = month_of(moment)
        index = self.index_of(pid)
        self._seq[pid] += 1
        row = {"seq": self._seq[pid], "entry": entry}
        old = index.get(entry["id"])
        table = self.month(pid, month).table("entries")
        if old and old[0] == month:
            self._write(lambda: table.update(row, doc_ids=[old[1]]))
            doc_id = old[1]
        else:  # new, or moved month: add to the new month first, so a crash can only leave a duplicate
            doc_id = self._write(lambda: table.insert(row))
            if old:
                self._remove_row(pid, old[0], old[1])
        index[entry["id"]] = (month, doc_id, row["seq"])

    def delete(self, pid: str, entry_id: str) -> dict | None:
        found = self.index_of(pid).pop(entry_id, None)
        if found is None:
            return None
        entry = self.month(pid, found[0]).table("entries").get(doc_id=found[1])["entry"]
        self._remove_row(pid, found[0], found[1])
        return entry

    def between(self, pid: str, start: datetime | None, end: datetime | None) -> list[dict]:
        """Entries with start <= at < end (either bound may be None), sorted by the instant of "at".

        A bounded read before the profile's index exists opens only the months in range (a patient's card
        needs the last weeks, not years of diary); a duplicate a crash left is then shown once, the newer."""
        if pid in self._index or start is None:
            months = {month for month, _, _ in self.index_of(pid).values()}
        else:
            months = self._months_on_disk(pid)
        # an "at" may carry any offset up to a day, so look one day beyond each bound
        low = None if start is None else (start - timedelta(days=1)).astimezone(timezone.utc).strftime("%Y-%m")
        high = None if end is None else (end + timedelta(days=1)).astimezone(timezone.utc).strftime("%Y-%m")
        found: dict[str, tuple[int, datetime, dict]] = {}  # id -> (seq, at, entry)
        for month in sorted(months):
            if (low is None or month >= low) and (high is None or month <= high):
                shard = self.month(pid, month, reading=True)
                for doc in shard.table("entries").all() if shard is not None else ():
                    moment = entry_time(doc["entry"])
                    if (start is None or moment >= start) and (end is None or moment < end):
                        newest = found.get(doc["entry"]["id"])
                        if newest is None or newest[0] < doc["seq"]:
                            found[doc["entry"]["id"]] = (doc["seq"], moment, doc["entry"])
        return [entry for _, _, entry in sorted(found.values(), key=lambda item: (item[1], item[2]["id"]))]

    def _months_on_disk(self, pid: str) -> set[str]:
        folder = self.folder_of(pid)
        if any(f.exists() and not f.is_dir() for f in (folder.parent, folder)):
            return {month for month, _, _ in self.index_of(pid).values()}  # reports the folder, once
        return {p.stem for p in folder.glob("*.json") if MONTH_FILE.fullmatch(p.name)}

    def remove_profile(self, pid: str) -> None:
        """Every month file of `pid` removed, on disk before returning (OSError if not)."""
        folder = self.folder_of(pid)
        for path in [path for path in self._shards if path.parent == folder]:
            self._shards.pop(path).close()
        self._index.pop(pid, None)
        self._seq.pop(pid, None)
        self._folder.remove_tree(folder, durable=True)

    def close(self) -> None:
        """Forget every file read (a later call reads them again)."""
        for db in self._shards.values():
            db.close()
        self._shards.clear()
        self._index.clear()
        self._seq.clear()
        self._untouchable.clear()

    def changes_for(self, pid: str, entries: list[dict]) -> dict[Path, dict | None]:
        """The month files of this profile that differ from `entries` (all of its entries), as they must be
        (None: the file goes). Nothing is written here: an import writes them all at once."""
        index = self.index_of(pid)
        wanted: dict[str, list[dict]] = {}
        for entry in entries:
            wanted.setdefault(month_of(entry_time(entry)), []).append(entry)
        months = set(wanted) | {month for month, _, _ in index.values()}
        changes: dict[Path, dict | None] = {}
        seq = self._seq[pid]
        for month in sorted(months):
            shard = self.month(pid, month, keep=False)
            tables = plain(shard.storage.read(), "Diary") if shard is not None else fresh()
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
                changes[self.folder_of(pid) / f"{month}.json"] = tables if rows else None
        return changes

    # ---- month files and the index ---------------------------------------------------------------
    def month(self, pid: str, month: str, keep: bool = True, reading: bool = False) -> TinyDB | None:
        """The month's file. One the app must leave alone is reported once; then reading gets None
        (its entries are not shown) and anything else a StoreError (it is never written over)."""
        path = self.folder_of(pid) / f"{month}.json"
        db = self._shards.get(path)
        if db is None:
            refused = self._untouchable.get(path.parent) or self._untouchable.get(path)
            if refused is None:
                name = self._name_of(pid)
                label = (Message(N_("diary file for {month} ({name})"), month=month, name=name) if name else
                         Message(N_("diary file for {month}"), month=month))
                where = {"profile": pid, "patient": name, "month": month}
                try:
                    try:
                        self._folder.make_dirs(path.parent)
                    except OSError as exc:
                        refused = self._untouchable[path.parent] = Untouchable(
                            N_("The diary folder of {name} ({folder}) cannot be used ({why}). It was left unchanged."),
                            recovery.NOT_A_FILE, name=name or pid, folder=self._repairs.relative(path.parent),
                            why=os_reason(exc))
                        self._repairs.report(refused.kind, path.parent, Sentences(refused.as_message(), NOT_SHOWN),
                                             **{**where, "month": None})
                    else:
                        db = self._repairs.open(path, label, month_ok, where)
                except Untouchable as exc:
                    refused = self._untouchable[path] = exc
                    self._repairs.report(exc.kind, path, Sentences(exc.as_message(), NOT_SHOWN), **where)
                except StoreError as exc:  # could not be set aside or rewritten: leave it for now
                    refused = self._untouchable[path] = Untouchable(exc.template, recovery.UNREADABLE, **exc.params)
                    self._repairs.report(recovery.UNREADABLE, path, Sentences(exc.as_message(), NOT_SHOWN), **where)
            if refused is not None:
                if reading:
                    return None
                raise StoreError(refused.template, **refused.params)
            if keep:
                self._shards[path] = db
        return db

    def _remove_row(self, pid: str, month: str, doc_id: int) -> None:
        table = self.month(pid, month).table("entries")
        self._write(lambda: table.remove(doc_ids=[doc_id]))

    def index_of(self, pid: str) -> dict[str, tuple[str, int, int]]:
        """id -> (month, doc_id, seq), built once per profile; a duplicate left by a crash is removed."""
        if pid in self._index:
            return self._index[pid]
        index: dict[str, tuple[str, int, int]] = {}
        stale: list[tuple[str, int]] = []
        folder = self.folder_of(pid)
        if any(f.exists() and not f.is_dir() for f in (folder.parent, folder)):  # reported once by month()
            self.month(pid, "0000-00", reading=True)  # no such month: only its folder is looked at
        for temp in folder.glob(".*.json.tmp-*"):  # a crash before a new month's first file was in place
            self._folder.remove(temp)
        months = sorted(p.stem for p in folder.glob("*.json") if MONTH_FILE.fullmatch(p.name))
        for month in months:
            shard = self.month(pid, month, keep=False, reading=True)
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
