"""Who may change a store's folder: the store's side of folder_lock.py and import_journal.py.

`Store(dir)` takes the folder's writer lock, or opens to read only when another process holds it
(`held_by` says who, and every change is refused with that line); `writer=True` refuses at once
(FolderInUse), `writer=False` only reads. A reader holds the folder's gate shared until `close()`; each
change of the writer holds it exclusively, so a reader never sees half of a change that spans files.
The writer settles an import that did not finish when it opens the folder (IMPORT_UNDONE is said).
"""
from __future__ import annotations

from pathlib import Path

from companion.adapters import import_journal
from companion.adapters.folder_lock import FolderInUse, Gate, WriterLock
from companion.adapters.store_errors import NOT_SAVED, StoreError
from companion.core.errors import Message
from companion.core.i18n import N_
from companion.adapters.store_folder import StoreFolder
from companion.core.os_reasons import os_reason

IMPORT_UNDONE = Message(N_("An import that was stopped before it finished was undone: your data is as it was "
                            "before it. Import the file again."))


class NoGate:
    """The gate of a store that takes no locks (the browser keeps one writing window)."""

    def shared(self) -> None: ...
    def exclusive(self) -> None: ...
    def open(self) -> None: ...


class WriterAccess:
    def __init__(self, folder: StoreFolder, writer: bool | None, locking: bool):
        """Sets `folder.read_only`; FolderInUse when `writer` is True and another process writes it."""
        self._folder = folder
        self._locking = locking
        self.held_by: Message | None = None  # the line naming the other process that writes this folder
        self._writer: WriterLock | None = None
        folder.read_only = writer is False
        if not folder.read_only:
            folder.make_dirs(folder.root)
            if locking:
                try:
                    self._writer = WriterLock.acquire(folder.root)
                except FolderInUse as error:
                    if writer:
                        raise
                    folder.read_only, self.held_by = True, Message(error.template, **error.params)
        self.gate = Gate(folder.root) if locking and folder.root.is_dir() else NoGate()
        if folder.read_only:
            self.gate.shared()  # until close(): the writer's changes wait, so what is read is consistent

    def check_writer(self) -> None:
        """Refuses a change in a folder this store only reads; takes the lock again after `release()`."""
        if self._folder.read_only:
            raise FolderInUse(N_("{held_by} Nothing was changed."), held_by=self.held_by) if self.held_by else \
                StoreError(N_("This data folder was opened to read only; nothing was changed."))
        if self._locking and self._writer is None:  # closed, then changed again: the folder must be free
            self._writer = WriterLock.acquire(self._folder.root)

    def release(self) -> None:
        if self._writer is not None:
            self._writer.release()
            self._writer = None
        if self._folder.read_only:
            self.gate.open()

    def settle_journal(self) -> str | None:
        """Undo an import that did not finish; the sentence to tell the person, if one was undone."""
        try:
            return IMPORT_UNDONE if self._folder.settle_journal() else None
        except (OSError, import_journal.JournalError) as error:
            raise StoreError(N_("An import that was stopped could not be undone ({error}); the folder {folder} was "
                                "kept. Nothing else was changed."), error=error,
                             folder=import_journal.JOURNAL_DIR) from None

    def apply_import(self, changes: dict[Path, dict | None], progress) -> None:
        """Every file of `changes` written, all or nothing; StoreError if the device refuses."""
        try:
            self._folder.apply_journal(changes, progress)
        except OSError as exc:
            raise StoreError(NOT_SAVED, why=os_reason(exc)) from None
        except import_journal.JournalError as error:
            raise StoreError(N_("The import stopped partway ({error}); it will be undone when the app next opens this "
                                "folder."), error=error) from None
