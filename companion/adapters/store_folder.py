"""The store's data folder, and the one hook every change to it goes through.

Every file the store changes in its folder is changed here: TinyDB writes (through AtomicJSONStorage's
`written`), a damaged file set aside, rows kept aside, recovery.log, folders made and removed, temp files
cleaned up, an import's journal applied or rolled back. Each change calls `changed()`, which marks the
folder dirty; the store's `on_change` hook is then called once at the end of the store call that made
the change (`call()`), or at once for a change made outside a store call. That is the one place a store
that copies its folder elsewhere (the offline web app: browser_storage.py, IndexedDB) learns that it
must copy: a new write method that writes through here is copied without anything else to change.
"""
from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from tinydb import TinyDB

from companion.adapters import atomic_storage, import_journal, recovery
from companion.adapters.atomic_storage import AtomicJSONStorage, fsync_dir


class StoreFolder:
    def __init__(self, root: Path, now: Callable[[], datetime], on_change: Callable[[], None] | None = None):
        self.root = Path(root)
        self.read_only = False  # set by the store: a reader changes nothing here
        self._now = now
        self._on_change = on_change
        self._depth = 0
        self._dirty = False

    # ---- the hook ---------------------------------------------------------------------------
    def changed(self, path: Path | None = None) -> None:
        """A file or folder under `root` changed (or may have: a write that failed halfway)."""
        self._dirty = True
        if self._depth == 0:
            self._fire()

    @contextmanager
    def call(self) -> Iterator[None]:
        """One store call (nested calls are part of it): the hook fires once when it ends, if anything
        changed, whether it returns or raises."""
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1
            if self._depth == 0 and self._dirty:
                self._fire()

    def _fire(self) -> None:
        self._dirty = False
        if self._on_change is not None:
            self._on_change()

    # ---- the writes -------------------------------------------------------------------------
    def tinydb(self, path: Path, tables: dict, every_write: bool = False) -> TinyDB:
        """A TinyDB on one file of the folder whose every write calls the hook."""
        return TinyDB(path, tables, self._now, storage=AtomicJSONStorage, every_write=every_write,
                      written=self.changed)

    def write_tables(self, path: Path, tables: dict) -> None:
        AtomicJSONStorage(path, tables, self._now, written=self.changed).write(tables)

    def write_bytes(self, path: Path, payload: bytes) -> None:
        """`path` replaced atomically (atomic_storage.write_atomic)."""
        try:
            atomic_storage.write_atomic(path, payload)
        finally:
            self.changed(path)

    def rename(self, path: Path, to: Path) -> None:
        try:
            os.rename(path, to)
            fsync_dir(path.parent)
        finally:
            self.changed(path)

    def remove(self, path: Path) -> None:
        if path.exists() or path.is_symlink():
            try:
                path.unlink(missing_ok=True)
            finally:
                self.changed(path)

    def remove_tree(self, folder: Path, durable: bool = False) -> None:
        """`folder` and everything in it (if there); `durable`: the removal is on disk before returning."""
        if not folder.exists():
            return
        try:
            if durable:
                shutil.rmtree(folder)
                fsync_dir(folder.parent)
            else:
                shutil.rmtree(folder, ignore_errors=True)
        finally:
            self.changed(folder)

    def make_dirs(self, folder: Path) -> None:
        """`folder` and its parents, if missing (OSError if they cannot be made)."""
        if folder.is_dir():
            return
        try:
            folder.mkdir(parents=True, exist_ok=True)
        finally:
            self.changed(folder)

    def sync_dir(self, folder: Path) -> None:
        fsync_dir(folder)

    def log(self, damage: recovery.Damage) -> None:
        """One line in recovery.log (best effort, like recovery.append_log)."""
        recovery.append_log(self.root, damage)
        self.changed(self.root / recovery.LOG_FILE)

    # ---- an import's journal (import_journal.py) ------------------------------------------------
    def settle_journal(self) -> bool:
        """Undo an import that did not finish (import_journal.settle); True if one was undone."""
        if not (self.root / import_journal.JOURNAL_DIR).exists():
            return False
        try:
            return import_journal.settle(self.root)
        finally:
            self.changed(self.root / import_journal.JOURNAL_DIR)

    def apply_journal(self, changes: dict[Path, dict | None], progress: Callable[[int, int], None] | None) -> None:
        """Every file of `changes` written (None: removed), all or nothing (import_journal.Journal)."""
        try:
            import_journal.Journal(self.root).apply(changes, self.write_tables, progress)
        finally:
            self.changed(self.root / import_journal.JOURNAL_DIR)
