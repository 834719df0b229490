"""The app in the browser (Pyodide, `make pwa`): the store's folder is kept in IndexedDB.

tools/pwa/pyodide-loader.mjs mounts IndexedDB (Emscripten's IDBFS) on the data folder and loads it
BEFORE Python starts (it also sets COMPANION_DATA_DIR, so AppConfig finds that folder). Here every
change the store makes to its folder is copied back (FS.syncfs), started before the call that made it
returns: the store's one write hook (`on_change`, adapters/store_folder.py) fires for every file it
writes, removes or renames, in a save as in a read that repairs (a migration, a file restored from its
backup, rows kept aside, a duplicate removed, an unfinished import undone). No list of write methods is
kept here, so a new one is copied too. `flush()` waits until IndexedDB holds it. Only used when
sys.platform == "emscripten"; importable anywhere (tests/unit/test_browser_storage.py fakes the FS).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from companion.adapters.store import Store, StoreError, utc_now
from companion.core.errors import Message
from companion.core.i18n import N_

log = logging.getLogger(__name__)

NOT_KEPT = Message(N_("This browser does not let the app keep data (private window?): what you enter now "
                      "will be gone when you close it."))
ELSEWHERE = Message(N_("The app is already open in another window or tab. Please close this one: what you "
                       "enter here will not be kept."))


class IndexedDBSync:
    """Copies the in-memory files to IndexedDB; calls made while a copy runs are merged into one more."""

    def __init__(self, fs):
        self._fs = fs
        self._running = False
        self._again = False
        self._waiters: list[asyncio.Future] = []
        self.failure: str | None = None  # why the last copy failed, if it did

    def __call__(self) -> None:
        if self._running:
            self._again = True
        else:
            self._start()

    def _start(self) -> None:
        from pyodide.ffi import create_once_callable

        self._running, self._again = True, False
        self._fs.syncfs(False, create_once_callable(self._done))

    def _done(self, error=None) -> None:
        self.failure = str(error) if error else None
        if error:
            log.warning("Could not copy the data to IndexedDB: %s", error)
        if self._again:
            self._start()
            return
        self._running = False
        waiters, self._waiters = self._waiters, []
        for waiter in waiters:
            if not waiter.done():
                waiter.set_result(None)

    async def flush(self) -> None:
        """Returns when every change made so far is in IndexedDB; StoreError if the last copy failed."""
        if self._running:
            waiter = asyncio.get_running_loop().create_future()
            self._waiters.append(waiter)
            await waiter
        if self.failure:
            raise StoreError(N_("This browser did not keep your last change ({why}). Free some space or export a "
                                "backup (More)."), why=self.failure)


class SyncedStore(Store):
    """A Store whose every change to its folder starts a copy to IndexedDB before the call returns."""

    def __init__(self, data_dir: Path, sync: Callable[[], None], now: Callable[[], datetime] = utc_now):
        self.sync = sync
        # the page keeps one writing window (pyodide-loader.mjs): no lock files
        super().__init__(data_dir, now, locking=False, on_change=sync)

    async def flush(self) -> None:
        flush = getattr(self.sync, "flush", None)
        if flush:
            await flush()


def open_store(data_dir: Path) -> SyncedStore:
    """The store on the IndexedDB-backed folder. Only the window that owns the data writes it back;
    `notices` tells the user when this one does not (another window has it, or no IndexedDB)."""
    import js
    import pyodide_js

    status = getattr(js, "companionStorage", None)
    kept = status is not None and bool(status.kept) and str(data_dir) == status.dir
    store = SyncedStore(data_dir, IndexedDBSync(pyodide_js.FS) if kept else _keep_nothing)
    if not kept:
        store.notices.append(ELSEWHERE if status is not None and status.error == "open elsewhere" else NOT_KEPT)
    return store


def _keep_nothing() -> None:
    """Changes stay in this window's memory only."""


def device_time_zone(default: str = "UTC") -> str:
    """The IANA zone the browser reports (a web page has no /etc/localtime), e.g. "Europe/Paris"."""
    import js

    try:
        return str(js.Intl.DateTimeFormat.new().resolvedOptions().timeZone) or default
    except Exception:  # noqa: BLE001 - an old browser without Intl time zones
        return default
