"""A TinyDB storage that never leaves a half-written file, and keeps rotating backups.

Write: temp file in the same folder -> flush + fsync -> os.replace over the old file -> fsync the folder.
Read: the tables are loaded once, by the caller, and then served from memory.
Backups: `<name>.bak1` (newest) .. `.bak3`, made from the current file just before it is replaced,
on the first write after opening and then at most once every BACKUP_EVERY. With `every_write` (diary
month files), `.bak1` is also replaced at every write by the version just before it, so a month
restored from it lacks at most the last change; `.bak2`/`.bak3` still move at most every BACKUP_EVERY,
so a run of bad writes cannot push every older version out. A backup is a hard link to the old
file (its inode survives the rename that replaces it): a few metadata operations, no copy.
`written(path)`, if given, is called after every change this storage makes to its folder (a write, its
backups, stale temp files removed), even one that failed halfway: the store's one write hook.
"""
from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from tinydb.storages import Storage

BACKUPS = 3
BACKUP_EVERY = timedelta(minutes=10)


class UnreadableFile(Exception):
    """The file exists but does not hold TinyDB tables (truncated, random bytes, empty, wrong shape)."""


def load_tables(path: Path) -> dict | None:
    """The tables in `path`, or None when there is no file. Raises UnreadableFile."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise UnreadableFile(f"{path.name}: {exc}") from exc
    if not _is_tables(data):
        raise UnreadableFile(f"{path.name}: not a table file")
    return data


def _is_tables(data: object) -> bool:
    return isinstance(data, dict) and all(
        isinstance(table, dict)
        and all(isinstance(doc, dict) and key.isdecimal() for key, doc in table.items())
        for table in data.values()
    )


def backup_paths(path: Path) -> list[Path]:
    """Backups of `path`, newest first."""
    return [path.with_name(f"{path.name}.bak{n}") for n in range(1, BACKUPS + 1)]


def fsync_dir(folder: Path) -> None:
    """Make renames in `folder` durable (POSIX only; Windows cannot open a folder)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(path: Path, payload: bytes) -> None:
    """Replace `path` with `payload` so that a crash leaves either the old or the new file."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.tmp-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def remove_stale_temps(path: Path) -> bool:
    """Delete temp files a crash left behind next to `path` (the file itself was never touched); True if any."""
    removed = False
    for stale in path.parent.glob(f".{path.name}.tmp-*"):
        stale.unlink(missing_ok=True)
        removed = True
    return removed


class AtomicJSONStorage(Storage):
    """TinyDB storage over one JSON file. Use as TinyDB(path, tables, now, storage=AtomicJSONStorage)."""

    def __init__(self, path: Path, tables: dict, now: Callable[[], datetime], every_write: bool = False,
                 written: Callable[[Path], None] | None = None):
        self.path = Path(path)
        self._tables = tables
        self._now = now
        self._every_write = every_write
        self._written = written
        self._last_backup: datetime | None = None
        if remove_stale_temps(self.path) and written is not None:
            written(self.path)

    def read(self) -> dict:
        return self._tables

    def write(self, data: dict) -> None:
        payload = json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        try:
            self._backup_if_due()
            write_atomic(self.path, payload.encode("utf-8"))
        finally:
            if self._written is not None:
                self._written(self.path)
        self._tables = data

    def _backup_if_due(self) -> None:
        now = self._now()
        if not self.path.exists():
            return
        backups = backup_paths(self.path)
        if self._last_backup is not None and now - self._last_backup < BACKUP_EVERY:
            if self._every_write and not (backups[0].exists() and os.path.samefile(self.path, backups[0])):
                _link_or_copy(self.path, backups[0])  # bak1 = the version before this write; older ones stay
            return
        self._last_backup = now
        if backups[0].exists() and os.path.samefile(self.path, backups[0]):
            return  # this very file is the newest backup already (nothing was written since)
        backups[-1].unlink(missing_ok=True)  # so no rename below lands on another link to the same file
        for older, newer in zip(reversed(backups), reversed(backups[:-1])):
            if newer.exists():
                os.replace(newer, older)
        try:
            os.link(self.path, backups[0])  # the old inode survives the os.replace that follows
        except (OSError, AttributeError):  # no hard links here (some phones; Pyodide has no os.link): copy
            write_atomic(backups[0], self.path.read_bytes())


def _link_or_copy(path: Path, target: Path) -> None:
    """Make `target` the current content of `path`, replacing it in one rename (a crash keeps the old one)."""
    temp = path.with_name(f".{path.name}.tmp-backup")
    temp.unlink(missing_ok=True)
    try:
        os.link(path, temp)
    except (OSError, AttributeError):  # no hard links here: copy
        write_atomic(target, path.read_bytes())
        return
    os.replace(temp, target)
