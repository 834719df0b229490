"""Composition root: picks the adapters for this platform and wires them into the services once, for the
UI and for the commands."""

from __future__ import annotations

import functools
import logging
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from companion.adapters import bundle, catalogs, clinic_file, paths, schedule_file, triage_file
from companion.adapters.clock import local_zone_name, utc_now
from companion.adapters.notifier import Notifier, PlyerNotifier, RecordingNotifier
from companion.adapters.pin_lock import PinLock
from companion.adapters.store import Store, StoreError
from companion.core.content import render as render_content
from companion.core.errors import InputError
from companion.services import Services
from companion.services.reminders import ReminderService
from companion.services.system_reminders import Changes, InAppOnly, SystemScheduler

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AppConfig:
    data_dir: Path | None  # None: a command that reads no data folder
    clinic_path: Path

    @classmethod
    def from_environment(cls, data_dir: str | None = None, clinic: str | None = None,
                         environ: Mapping[str, str] = os.environ) -> "AppConfig":
        return cls(paths.resolve_data_dir(data_dir, environ),
                   clinic_file.resolve_clinic_path(clinic, environ))

    @classmethod
    def for_clinic(cls, clinic: str | None, environ: Mapping[str, str] = os.environ) -> "AppConfig":
        """A command's configuration without a data folder: --clinic FILE, else COMPANION_CLINIC, else the
        bundled clinic, as the app chooses it."""
        return cls(None, clinic_file.resolve_clinic_path(clinic, environ))


_PRELOADED: dict = {}  # bundled content and rules read by preload(), in the browser's start-up snapshot


def build_services(config: AppConfig, store: Store | None = None) -> Services:
    """Loads and validates everything; raises InputError (clinic, content) or StoreError before any UI.

    The app opens its data folder here (as its one writer). A command passes the store it opened itself
    (read only, for export), or has no data folder (config.data_dir None): then there is no store, and
    nothing is notified."""
    clinic = clinic_file.load_clinic(config.clinic_path)
    in_browser = sys.platform == "emscripten"
    changes = None
    if store is not None or config.data_dir is None:  # a command
        notifier = RecordingNotifier(shows=False)
    elif in_browser:  # Python in the browser (`make pwa`): data in IndexedDB, reminders shown in the app only
        from companion.adapters import browser_storage

        os.environ.setdefault("TZ", browser_storage.device_time_zone())  # read by clock.local_zone_name
        store, notifier = browser_storage.open_store(config.data_dir), RecordingNotifier(shows=False)
    else:
        # the folder's one writer: FolderInUse (a StoreError, one line) if another Companion writes it;
        # every write wakes the sync with the phone's system scheduler
        changes = Changes()
        store = Store(config.data_dir, writer=True, on_change=changes.fire)
        # on a phone the system shows reminders (adapters/system_notifications); plyer has no backend there
        notifier = RecordingNotifier(shows=False) if packaged_mobile() else PlyerNotifier()
    rules = _PRELOADED.get("rules") or triage_file.load_rules()
    reminder_settings = schedule_file.reminder_settings(clinic)
    return Services(
        store=store,
        clinic=clinic,
        # what the text says to do comes from the rules, and its fever line is the clinic's
        content=render_content(_PRELOADED.get("content") or bundle.load_content(), rules, clinic.fever_threshold_c),
        rules=rules,
        reminder_settings=reminder_settings,
        notifier=notifier,
        pin_lock=PinLock(store) if store is not None else None,
        reminders=ReminderService(reminder_settings, notifier),
        now=utc_now,
        zone_name=local_zone_name,
        in_browser=in_browser,
        changes=changes,
        translator=catalogs.translator,
        localized_content=functools.lru_cache(maxsize=None)(
            lambda language: render_content(bundle.load_content(language=language), rules,
                                            clinic.fever_threshold_c, catalogs.translator(language))),
    )


def packaged_mobile() -> str | None:
    """'android' or 'ios' in a packaged mobile app (flet build sets FLET_PLATFORM there), else None."""
    platform = os.environ.get("FLET_PLATFORM")
    return platform if platform in ("android", "ios") else None


def scheduler_for(page) -> SystemScheduler:
    """This platform's system scheduler: the flet-notifications extension in a packaged Android or iOS
    app (imported there only), else reminders in the app while it runs."""
    platform = packaged_mobile()
    if platform and not page.web:
        try:
            from companion.adapters import system_notifications

            return system_notifications.for_page(platform)
        except Exception:  # noqa: BLE001 - a build without the extension still reminds in the app
            log.exception("Scheduled notifications unavailable: reminders show only while the app runs")
    return InAppOnly("browser" if page.web else "desktop")


def preload() -> None:
    """Imports every module the first screen needs: the browser build checks this at build time and keeps
    the result in its start-up snapshot (tools/pwa/snapshot-worker.mjs), so a start imports nothing."""
    import importlib
    import pkgutil
    import re

    import flet as ft

    import companion.services  # noqa: F401
    import companion.ui

    for info in pkgutil.walk_packages(companion.ui.__path__, "companion.ui."):  # subpackages too (ui/more/)
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
                from companion.ui.problem import show_problem, show_problem_in_device_language

                show_problem(page, str(error))
                page.run_task(show_problem_in_device_language, page, error, catalogs.translator)
                return
        services = shared[0]
        Shell(page, services, services.system_reminders(scheduler_for(page))).start()

    return main
