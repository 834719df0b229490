"""Several files of a data folder changed all together or not at all, even if the process is killed.

    journal = Journal(data_dir)
    journal.apply({path: tables_or_None, ...}, write, progress)   # None: the file is removed

1. the journal folder (JOURNAL_DIR) gets a hard link to each file that will change (a copy where links
   do not exist): the old content, kept at no cost, since every write replaces a file by renaming;
2. its manifest lists every path with the name of its saved copy (or none: the file did not exist)
   and the folders that will be created; it is written atomically: from here a crash is undone;
3. the files are written (each one atomically), then the folders are made durable;
4. the manifest is removed: the commit. Then the journal folder is removed.

`settle(data_dir)`, at the next open by the folder's writer: a manifest means the change did not finish,
so every listed file is put back (renamed from the journal) or removed, and the new folders removed if
empty; the journal is then removed. A journal without a manifest never changed a file (or finished).
Settling again after a crash during settling is safe: a file already put back has left the journal.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

from companion.adapters.atomic_storage import fsync_dir, write_atomic
from companion.core.errors import StorageError
from companion.core.i18n import N_
from companion.core.os_reasons import os_reason

JOURNAL_DIR = ".import-journal"
MANIFEST = "manifest.json"


class JournalError(StorageError):
    """The journal cannot be read or settled; the folder's files were left as they are (an N_-marked
    message with its placeholders, as every StorageError)."""


def _inside(data_dir: Path, rel: str) -> Path:
    path = (data_dir / rel).resolve()
    if rel.startswith(("/", "\\")) or ".." in Path(rel).parts or data_dir.resolve() not in path.parents:
        raise JournalError(N_("the journal names a file outside the data folder ({file})"), file=repr(rel))
    return data_dir / rel


def settle(data_dir: Path) -> bool:
    """Undo an unfinished change and remove the journal; True if a change was undone."""
    data_dir = Path(data_dir)
    journal = data_dir / JOURNAL_DIR
    if not journal.exists():
        return False
    manifest = journal / MANIFEST
    undone = manifest.exists()
    if undone:
        try:
            plan = json.loads(manifest.read_bytes())
            files, dirs = plan["files"], plan["dirs"]
            targets = [(_inside(data_dir, item["path"]), item["saved"]) for item in files]
            made = [_inside(data_dir, rel) for rel in dirs]
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise JournalError(N_("an unfinished import could not be undone ({error})"), error=str(error)) from None
        touched = {data_dir}
        for target, saved in targets:
            if saved is not None:
                copy = journal / str(saved)
                if copy.exists():
                    os.replace(copy, target)
            elif target.exists():
                target.unlink()
            touched.add(target.parent)
        for folder in reversed(made):  # deepest last in the manifest, so removed first here
            try:
                folder.rmdir()
            except OSError:
                pass  # not empty (a file the import did not make) or already gone
            touched.add(folder.parent)
        for folder in touched:
            if folder.is_dir():
                fsync_dir(folder)
        manifest.unlink()
        fsync_dir(journal)
    shutil.rmtree(journal)
    fsync_dir(data_dir)
    return undone


class Journal:
    def __init__(self, data_dir: Path):
        self.data_dir = Path(data_dir)
        self.folder = self.data_dir / JOURNAL_DIR

    def apply(self, changes: dict[Path, dict | None], write: Callable[[Path, dict], None],
              progress: Callable[[int, int], None] | None = None) -> None:
        """Write every file of `changes` (None removes it) with `write(path, tables)`, all or nothing.
        On an OSError the change is undone at once and the error raised; if even that fails, the journal
        stays and the next `settle` undoes it."""
        if not changes:
            return
        settle(self.data_dir)  # an earlier journal (there should be none: the writer settled it at open)
        self.folder.mkdir()
        try:
            self._prepare(changes)
        except BaseException:
            shutil.rmtree(self.folder, ignore_errors=True)  # nothing was changed yet
            raise
        try:
            self._write_all(changes, write, progress)
        except OSError as error:
            try:
                settle(self.data_dir)  # undo what was written
            except (OSError, JournalError) as undo:  # the journal stays: the next settle undoes it
                raise JournalError(N_("{error}; undoing it failed too: {undo}"), error=os_reason(error),
                                   undo=undo if isinstance(undo, JournalError) else str(undo)) from None
            raise
        (self.folder / MANIFEST).unlink()  # the commit
        fsync_dir(self.folder)
        shutil.rmtree(self.folder, ignore_errors=True)
        fsync_dir(self.data_dir)

    def _prepare(self, changes: dict[Path, dict | None]) -> None:
        files, dirs = [], []
        for n, path in enumerate(changes):
            saved = None
            if path.exists():
                saved = str(n)
                try:
                    os.link(path, self.folder / saved)
                except (OSError, AttributeError):  # no hard links here: a copy, made durable
                    write_atomic(self.folder / saved, path.read_bytes())
            files.append({"path": path.relative_to(self.data_dir).as_posix(), "saved": saved})
            missing = []
            parent = path.parent
            while parent != self.data_dir and not parent.exists():
                missing.append(parent.relative_to(self.data_dir).as_posix())
                parent = parent.parent
            dirs += [d for d in reversed(missing) if d not in dirs]
        fsync_dir(self.folder)
        payload = json.dumps({"files": files, "dirs": dirs}, ensure_ascii=False).encode("utf-8")
        write_atomic(self.folder / MANIFEST, payload)

    def _write_all(self, changes, write, progress) -> None:
        total = len(changes)
        parents = set()
        for done, (path, tables) in enumerate(changes.items(), 1):
            if tables is None:
                path.unlink(missing_ok=True)
            else:
                new = path.parent
                while not new.exists():
                    parents.add(new.parent)
                    new = new.parent
                path.parent.mkdir(parents=True, exist_ok=True)
                write(path, tables)
            parents.add(path.parent)
            if progress:
                progress(done, total)
        for folder in parents:  # new folders and removed files are durable before the commit
            if folder.is_dir():
                fsync_dir(folder)
