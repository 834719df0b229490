"""The store's errors, each one plain line for the person."""
from __future__ import annotations

from companion.core.errors import StorageError
from companion.core.i18n import N_


class StoreError(StorageError):
    """The store cannot go on; the message is one plain line for the user."""


class Untouchable(StoreError):
    """A file that is there but must be left alone: newer format, a folder, cannot be opened.
    `kind` is one of recovery's kinds (NEWER, NOT_A_FILE, UNREADABLE)."""

    def __init__(self, message: str, kind: str, /, **params):
        super().__init__(message, **params)
        self.kind = kind


NOT_SAVED = N_("Could not save your data: {why}. Nothing was changed.")  # why: core.os_reasons.os_reason(...)

