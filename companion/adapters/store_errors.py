"""The store's errors, each one plain line for the person, and the few words for a failed write."""
from __future__ import annotations

import errno

from companion.core.errors import Message, StorageError
from companion.core.i18n import N_


class StoreError(StorageError):
    """The store cannot go on; the message is one plain line for the user."""


class Untouchable(StoreError):
    """A file that is there but must be left alone: newer format, a folder, cannot be opened.
    `kind` is one of recovery's kinds (NEWER, NOT_A_FILE, UNREADABLE)."""

    def __init__(self, message: str, kind: str, /, **params):
        super().__init__(message, **params)
        self.kind = kind


_WHY_NOT_SAVED = {
    errno.ENOSPC: Message(N_("the device is full")),
    errno.EDQUOT: Message(N_("the storage allowed to the app is full")),
    errno.EROFS: Message(N_("the storage is read-only")),
    errno.EACCES: Message(N_("the app is not allowed to write in its folder")),
    errno.EPERM: Message(N_("the app is not allowed to write in its folder")),
}
NOT_SAVED = N_("Could not save your data: {why}. Nothing was changed.")  # why: why_not_saved(...)


def why_not_saved(exc: OSError) -> str:
    """A few plain words for a failed write ("the device is full"; a Message, told in the reader's language
    as a parameter of the message that says it), else the system's own."""
    return _WHY_NOT_SAVED.get(exc.errno) or str(exc.strerror or exc).lower()
