"""A data folder in memory (tmpfs, /dev/shm) for tests that write many small files, each one fsynced.

The store makes every write durable (fsync the file, rename, fsync the folder); on a disk shared with the
other worker's browser and server that costs milliseconds a write, most of these tests' time. Where a test
kills its writer with SIGKILL, or only reads what was written back, the disk adds nothing it can observe: a
killed process's writes stay in the kernel's page cache, and tmpfs renames, links and unlinks files as any
other Linux filesystem does. What fsync guards against, power loss, no test here can cause.

Without a writable /dev/shm (another system) the test's own temporary folder is used: slower, the same proof.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

RAM = Path("/dev/shm")


@contextmanager
def ram_folder(fallback: Path | None = None) -> Iterator[Path]:
    """A new empty folder in memory, removed afterwards; else a new one under `fallback` (or the system's
    temporary folder)."""
    in_memory = RAM.is_dir() and os.access(RAM, os.W_OK)
    folder = Path(tempfile.mkdtemp(prefix="companion-test-", dir=RAM if in_memory else fallback))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
