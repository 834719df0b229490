"""Plain words for the system's reasons a file or folder could not be used, and a path short enough for a
one-line message: one table for every message that gives such a reason (a save, a read, an import, the data
folder, a damaged file set aside)."""

from __future__ import annotations

import errno

from companion.core.errors import Message
from companion.core.i18n import N_

_WORDS = {
    errno.ENOSPC: N_("the device is full"),
    errno.EDQUOT: N_("the storage allowed to the app is full"),
    errno.EROFS: N_("the storage is read-only"),
    errno.EACCES: N_("the app has no permission for this file or folder"),
    errno.EPERM: N_("the app has no permission for this file or folder"),
    errno.EEXIST: N_("a file is where its folder should be"),
    errno.ENOTDIR: N_("part of the path is a file, not a folder"),
    errno.EISDIR: N_("a folder is where a file should be"),
    errno.ENAMETOOLONG: N_("the name is too long"),
    errno.ELOOP: N_("a link that loops"),
}


def os_reason(error: OSError) -> Message | str:
    """A few plain words for `error` (a Message, told in the reader's language as a parameter of the message
    that gives it), else the system's own words in lower case."""
    words = _WORDS.get(error.errno)
    return Message(words) if words else (error.strerror or str(error) or "unknown error").lower()


def short_path(path: object) -> str:
    """`path` as text, its middle left out past 80 characters, so the message stays one line."""
    name = str(path)
    return name if len(name) <= 80 else name[:37] + "..." + name[-40:]
