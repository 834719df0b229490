"""One writer per data folder, and readers that see a consistent folder.

Two lock files live in the data folder (they hold no patient data):

  .companion.lock   the writer's lock: `flock(LOCK_EX)` held for as long as the writing process keeps
                    its store open. The holder writes its pid and command into it, so a second writer
                    can say who has the folder. The operating system releases it when the process ends,
                    however it ends (SIGKILL included).
  .companion.gate   the consistency gate: a reader holds it shared (`LOCK_SH`) while it reads; the writer
                    holds it exclusively while it changes files (one save, or a whole import). A reader
                    therefore never sees half of a change that spans several files.

Within one process the writer's lock is re-entrant (counted per folder), so several Store objects on
one folder in one process (tests, the app's services) do not lock each other out. Without `fcntl`
(Windows) locking is skipped: the app there is a single desktop window.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from pathlib import Path

from companion.core.errors import Message, StorageError
from companion.core.i18n import N_
from companion.core.os_reasons import short_path

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None

LOCK_FILE = ".companion.lock"
GATE_FILE = ".companion.gate"
LOCK_FILES = (LOCK_FILE, GATE_FILE)
WRITER_WAITS_FOR_READERS = 5.0  # seconds; after that the change goes ahead (nothing is lost, a reader may see it)


class FolderInUse(StorageError):
    """Another process writes this data folder; the message is one line naming it."""


def _command() -> str:
    args = list(sys.argv) or ["python"]
    first = Path(args[0]).name
    if first in ("__main__.py", "-m", "-c") or first.startswith("companion"):
        first = "companion"
    text = " ".join([first, *args[1:]])
    text = "".join(c if c.isprintable() else "?" for c in text)
    return text if len(text) <= 120 else text[:117] + "..."


def holder(folder: Path) -> str:
    """Who holds the folder, as written in its lock file: "pid 1234, companion serve --port 8550"."""
    try:
        said = json.loads((Path(folder) / LOCK_FILE).read_text(encoding="utf-8"))
        return f"pid {int(said['pid'])}, {str(said['command'])[:120]}"
    except (OSError, ValueError, KeyError, TypeError):
        return Message(N_("another process"))


class _Held:
    def __init__(self, fd: int):
        self.fd, self.count = fd, 0


_held: dict[str, _Held] = {}
_held_guard = threading.Lock()


def _forget_after_fork() -> None:
    """A forked child does not own its parent's lock: it must take its own (and will wait its turn)."""
    for held in _held.values():
        try:
            os.close(held.fd)
        except OSError:
            pass
    _held.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_after_fork)


class WriterLock:
    """This process is the folder's one writer until `release()` (or until it ends)."""

    def __init__(self, key: str):
        self._key: str | None = key

    @classmethod
    def acquire(cls, folder: Path) -> "WriterLock":
        """The writer's lock on `folder`; FolderInUse when another process holds it."""
        key = os.path.realpath(folder)
        with _held_guard:
            held = _held.get(key)
            if held is None:
                if fcntl is None:
                    held = _Held(-1)
                else:
                    fd = os.open(os.path.join(key, LOCK_FILE), os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
                    try:
                        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    except OSError:
                        os.close(fd)
                        raise FolderInUse(N_("The data folder {folder} is in use by another Companion ({holder}): "
                                             "nothing was changed; close it first, or use another --data-dir."),
                                          folder=short_path(folder), holder=holder(folder)) from None
                    said = json.dumps({"pid": os.getpid(), "command": _command()}).encode()
                    os.ftruncate(fd, 0)
                    os.pwrite(fd, said, 0)
                    held = _Held(fd)
                _held[key] = held
            held.count += 1
        return cls(key)

    @property
    def held(self) -> bool:
        return self._key is not None

    def release(self) -> None:
        with _held_guard:
            key, self._key = self._key, None
            held = _held.get(key) if key else None
            if held is None:
                return
            held.count -= 1
            if held.count <= 0:
                del _held[key]
                if held.fd >= 0:
                    os.close(held.fd)  # closing the only descriptor releases the flock

    def __del__(self):
        self.release()


class Gate:
    """The consistency gate of one folder (see the module docstring). Not re-entrant; one per Store."""

    def __init__(self, folder: Path):
        self._fd = -1
        if fcntl is None:
            return
        path = os.path.join(folder, GATE_FILE)
        try:
            self._fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        except OSError:  # a read-only folder: nobody can write there either, so there is nothing to wait for
            try:
                self._fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
            except OSError:
                self._fd = -1

    def shared(self) -> None:
        """Wait for the writer's change under way, then keep it from starting another until `open()`."""
        if self._fd >= 0:
            fcntl.flock(self._fd, fcntl.LOCK_SH)

    def exclusive(self) -> None:
        """Wait (a few seconds at most) for readers to finish, then keep new readers out until `open()`."""
        if self._fd < 0:
            return
        deadline = time.monotonic() + WRITER_WAITS_FOR_READERS
        while True:
            try:
                fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except OSError:
                if time.monotonic() > deadline:
                    return  # a reader that hangs must not stop the app from saving
                time.sleep(0.01)

    def open(self) -> None:
        if self._fd >= 0:
            fcntl.flock(self._fd, fcntl.LOCK_UN)

    def close(self) -> None:
        fd, self._fd = self._fd, -1
        if fd >= 0:
            os.close(fd)

    def __del__(self):
        self.close()
