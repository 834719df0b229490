"""The store's errors, each one plain line for the person, and the few words for a failed write."""
from __future__ import annotations

import errno

from companion.core.errors import StorageError


class StoreError(StorageError):
    """The store cannot go on; the message is one plain line for the user."""


class Untouchable(StoreError):
    """A file that is there but must be left alone: newer format, a folder, cannot be opened.
    `kind` is one of recovery's kinds (NEWER, NOT_A_FILE, UNREADABLE)."""

    def __init__(self, message: str, kind: str):
        super().__init__(message)
        self.kind = kind


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
