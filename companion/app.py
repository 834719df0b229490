"""Composition root: picks the adapters for this platform and wires them into the UI once."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from companion.adapters import bundle, clinic_file, paths, schedule_file, triage_file
from companion.adapters.clock import local_zone_name, utc_now
from companion.adapters.notifier import Notifier, PlyerNotifier
from companion.adapters.pin_lock import PinLock
from companion.adapters.store import Store, StoreError
from companion.core.clinic import Clinic
from companion.core.content import Section, render as render_content
from companion.core.errors import InputError
from companion.core.reminders import ReminderSettings
from companion.core.triage import TriageRules


@dataclass(frozen=True)
class AppConfig:
    data_dir: Path
    clinic_path: Path

    @classmethod
    def from_environment(cls, data_dir: str | None = None, clinic: str | None = None,
                         environ: Mapping[str, str] = os.environ) -> "AppConfig":
        return cls(paths.resolve_data_dir(data_dir, environ),
                   clinic_file.resolve_clinic_path(clinic, environ))


@dataclass
class Services:
    """Everything the views need, built once per process and shared by every session."""

    store: Store
    clinic: Clinic
    content: list[Section]
    rules: TriageRules
    reminder_settings: ReminderSettings
    notifier: Notifier
    pin_lock: PinLock
    now: Callable[[], datetime] = field(default=utc_now)
    zone_name: Callable[[], str] = field(default=local_zone_name)  # the device's, for a new plan or diary
    in_browser: bool = False


_PRELOADED: dict = {}  # bundled content and rules read by preload(), in the browser's start-up snapshot


def build_services(config: AppConfig) -> Services:
    """Loads and validates everything; raises InputError (clinic, content) or StoreError before any UI."""
    clinic = clinic_file.load_clinic(config.clinic_path)
    in_browser = sys.platform == "emscripten"
    if in_browser:  # Python in the browser (`make pwa`): data in IndexedDB, reminders shown in the app only
        from companion.adapters import browser_storage
        from companion.adapters.notifier import RecordingNotifier

        os.environ.setdefault("TZ", browser_storage.device_time_zone())  # read by clock.local_zone_name
        store, notifier = browser_storage.open_store(config.data_dir), RecordingNotifier(shows=False)
    else:
        # the folder's one writer: FolderInUse (a StoreError, one line) if another Companion writes it
        store, notifier = Store(config.data_dir, writer=True), PlyerNotifier()
    rules = _PRELOADED.get("rules") or triage_file.load_rules()
    return Services(
        store=store,
        clinic=clinic,
        # what the text says to do comes from the rules, and its fever line is the clinic's
        content=render_content(_PRELOADED.get("content") or bundle.load_content(), rules, clinic.fever_threshold_c),
        rules=rules,
        reminder_settings=schedule_file.reminder_settings(clinic),
        notifier=notifier,
        pin_lock=PinLock(store),
        in_browser=in_browser,
    )


def preload() -> None:
    """Imports every module the first screen needs: the browser build checks this at build time and keeps
    the result in its start-up snapshot (tools/pwa/snapshot-worker.mjs), so a start imports nothing."""
    import importlib
    import pkgutil
    import re

    import flet as ft

    import companion.records  # noqa: F401
    import companion.ui

    for info in pkgutil.iter_modules(companion.ui.__path__, "companion.ui."):
        view = importlib.import_module(info.name)
        for name in set(re.findall(r"\bft\.([A-Z]\w*)", Path(view.__file__).read_text(encoding="utf-8"))):
            getattr(ft, name)  # flet imports each control's module on first use
    for name in ("flet.app", "flet.messaging.session", "flet.pubsub.pubsub_hub", "concurrent.futures.thread",
                 "flet.components.component", "flet.components.utils"):
        importlib.import_module(name)  # what ft.run and the first page.update import
    if sys.platform == "emscripten":
        importlib.import_module("companion.adapters.browser_storage")
        importlib.import_module("companion.browser_boot")  # what python-worker.js calls to start the app
        importlib.import_module("msgpack")  # Flet's connection to the page
        importlib.import_module("tzdata.zoneinfo")  # where zoneinfo finds the device's zone
        _PRELOADED.update(content=bundle.load_content(), rules=triage_file.load_rules())  # read-only, bundled


def make_main(config: AppConfig, services: Services | None = None):
    """The Flet `main(page)` for this configuration; services are built on first use if not given."""
    shared: list[Services] = [services] if services else []

    def main(page):
        from companion.ui.shell import Shell

        if not shared:
            try:
                shared.append(build_services(config))
            except (InputError, StoreError) as error:  # a packaged app has no terminal: say it on screen
                from companion.ui.problem import show_problem

                show_problem(page, str(error))
                return
        Shell(page, shared[0]).start()

    return main
