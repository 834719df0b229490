"""Reminders handed to the phone's system, so that they arrive with the app closed, after a reboot and with
the phone idle; and the answers (Done, Snooze, a tap) taken from a notification.

`SystemScheduler` is the port. The composition root picks its adapter by platform: the packaged Android
and iOS app's (adapters/system_notifications.py, the flet-notifications extension), or `InAppOnly` on the
desktop and in the browser, where reminders reach the patient only while the app runs (the reminder loop,
plyer on the desktop) and the calendar file covers the rest. Views see `SystemReminders` only.

`sync` brings the system's pending list in line with `core.system_schedule.wanted` for every patient on
the device: cancel what is no longer wanted, schedule what is missing or changed, nothing twice. The app
syncs at start, after every change to the data folder (`Changes`, fired by the store's write hook, which
covers plans, settings, profiles, imports and the reminder state) and after every reminder tick.

Each patient's notifications are worded in their language (`translator_for(patient_id)`: their choice,
else the device's once a screen has read it, else the clinic's default; English for everyone when not
given); the "open Companion" notice in the first patient's. The same reminder is worded the same way at
every sync, so only a change of language reschedules it (Services.use_device_languages wakes the sync).
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from companion.core import system_schedule
from companion.core.errors import InputError
from companion.core.i18n import ENGLISH, Translator
from companion.core.system_schedule import Notice, Pending, Permissions
from companion.services import records
from companion.services.reminders import TICK_SECONDS, ReminderService

log = logging.getLogger(__name__)
LOOK_BACK = timedelta(days=1)  # snoozed reminders (at most an hour) are still to be shown
HORIZONS = (16, 64, 400)  # days looked ahead, the next only while the window is not full


class SystemScheduler(Protocol):
    kind: str  # "phone", "desktop" or "browser": what the check screen explains
    keeps_when_closed: bool  # the system shows scheduled reminders with the app closed

    async def pending(self) -> list[Pending]: ...
    async def schedule(self, notice: Notice) -> None: ...
    async def cancel(self, notice_id: int) -> None: ...
    async def permissions(self) -> Permissions: ...
    async def ask_notifications(self) -> bool: ...
    async def ask_exact_alarms(self) -> bool: ...
    async def open_settings(self) -> None: ...


class InAppOnly:
    """The desktop and the browser: no system schedule; reminders show while the app runs."""

    keeps_when_closed = False

    def __init__(self, kind: str):
        self.kind = kind

    async def pending(self) -> list[Pending]:
        return []

    async def schedule(self, notice: Notice) -> None:
        raise NotImplementedError("this platform keeps no scheduled notifications")

    async def cancel(self, notice_id: int) -> None:
        return None

    async def permissions(self) -> Permissions:
        return Permissions()

    async def ask_notifications(self) -> bool:
        return False

    async def ask_exact_alarms(self) -> bool:
        return False

    async def open_settings(self) -> None:
        return None


class Changes:
    """The store's write hook: wakes every running sync loop, from whichever thread wrote."""

    def __init__(self):
        self._waiters: list[tuple[asyncio.AbstractEventLoop, asyncio.Event]] = []
        self._lock = threading.Lock()

    def fire(self) -> None:
        with self._lock:
            waiters = list(self._waiters)
        for loop, event in waiters:
            try:
                loop.call_soon_threadsafe(event.set)
            except RuntimeError:  # that loop is closed: its session is gone
                self._forget(event)

    def waiter(self) -> asyncio.Event:
        event = asyncio.Event()
        with self._lock:
            self._waiters.append((asyncio.get_running_loop(), event))
        return event

    def _forget(self, event: asyncio.Event) -> None:
        with self._lock:
            self._waiters = [w for w in self._waiters if w[1] is not event]


@dataclass(frozen=True)
class Synced:
    scheduled: int  # notifications scheduled (or rescheduled) by this sync
    cancelled: int
    held: tuple[Notice, ...]  # what the system should hold now, soonest first
    problem: str | None = None  # why some could not be scheduled or cancelled


@dataclass(frozen=True)
class Status:
    """What the "Will my reminders work?" screen shows."""

    kind: str
    keeps_when_closed: bool
    permissions: Permissions
    held: tuple[Notice, ...]
    problem: str | None


@dataclass(frozen=True)
class _Ref:
    """An occurrence as delivery knows it: its key and its own time (from a notification's payload)."""

    key: str
    at: datetime


class SystemReminders:
    def __init__(self, port: SystemScheduler, reminders: ReminderService, store, profiles: Callable[[], list[dict]],
                 record_for: Callable[[str], object], now: Callable[[], datetime], changes: Changes | None = None,
                 translator_for: Callable[[str], Translator] | None = None):
        self.port = port
        self.translator_for = translator_for or (lambda patient_id: ENGLISH)
        self.reminders = reminders
        self.store = store
        self.profiles = profiles
        self.record_for = record_for
        self.now = now
        self.changes = changes
        self.held: tuple[Notice, ...] = ()
        self.problem: str | None = None
        self._exact: bool | None = None  # exact alarms allowed, as last asked
        self._lock = asyncio.Lock()

    # -- the device's setting ------------------------------------------------------------------------
    def hide_details(self) -> bool:
        return records.hide_details(self.store)

    def set_hide_details(self, hide: bool) -> None:
        """Saved in the data folder: the store's write hook then syncs, rewording what is pending."""
        records.set_hide_details(self.store, hide)

    # -- what the system should hold -----------------------------------------------------------------
    def wanted(self, now: datetime, exact_allowed: bool = True) -> list[Notice]:
        profiles = self.profiles()
        due = []
        for profile in profiles:
            who = profile["name"] if len(profiles) > 1 else None
            due += self._due(profile["id"], who, now, self.translator_for(profile["id"]))
        device = self.translator_for(profiles[0]["id"]) if profiles else ENGLISH  # the keep-alive notice's
        return system_schedule.wanted(due, now, hide_details=self.hide_details(), exact_allowed=exact_allowed,
                                      t=device)

    def _due(self, patient_id: str, who: str | None, now: datetime,
             t: Translator = ENGLISH) -> list[system_schedule.Due]:
        record = self.record_for(patient_id)
        try:
            plan, state = record.plan(), record.reminder_state()
        except (InputError, OSError, ValueError) as error:  # damaged: the app says so on screen
            log.warning("Reminders of one patient not scheduled: %s", error)
            return []
        if plan is None:
            return []
        found: list[system_schedule.Due] = []
        for days in HORIZONS:
            occurrences = self.reminders.occurrences(plan, now - LOOK_BACK, now + timedelta(days=days))
            found = system_schedule.due_for(patient_id, who, occurrences, state, now, t)
            if len(found) > system_schedule.LIMIT:
                break
        return found

    async def sync(self) -> Synced:
        """Cancel what the system holds and is no longer wanted; schedule what is missing or changed."""
        if not self.port.keeps_when_closed:
            return Synced(0, 0, ())
        async with self._lock:
            if self._exact is None:
                self._exact = (await self._permissions()).exact_alarms
            wanted = self.wanted(self.now(), self._exact is not False)
            problems: list[str] = []
            try:
                pending = {p.id: p for p in await self.port.pending()}
            except Exception as error:  # noqa: BLE001 - the system said no: say so, try again next time
                pending, problems = None, [f"the system's list could not be read ({error})"]
            scheduled = cancelled = 0
            if pending is not None:
                by_id = {n.id: n for n in wanted}
                for held in pending.values():
                    if held.id not in by_id or not _same(held, by_id[held.id]):
                        cancelled += await self._try(self.port.cancel(held.id), problems)
                for notice in wanted:
                    held = pending.get(notice.id)
                    if held is None or not _same(held, notice):
                        scheduled += await self._try(self.port.schedule(notice), problems)
            self.held, self.problem = tuple(wanted), ("; ".join(dict.fromkeys(problems)) or None)
            if problems:
                log.warning("Scheduling reminders with the system: %s", self.problem)
            return Synced(scheduled, cancelled, self.held, self.problem)

    async def respond(self, action_id: str, payload: str) -> str | None:
        """Done or Snooze taken from a notification (also replayed at start when taken with the app
        closed): recorded in the same delivery state as the app's buttons. Returns the patient whose
        Today to open for a tap, else None."""
        target = system_schedule.target(payload)
        if target is None or target.patient_id is None:
            return None
        if target.patient_id not in {p["id"] for p in self.profiles()}:
            return None  # the patient was removed since
        record, now = self.record_for(target.patient_id), self.now()
        occurrence = _Ref(target.key, target.at)
        if action_id == "done":
            self.reminders.done(record, occurrence, now)
        elif action_id == "snooze":
            self.reminders.snooze(record, occurrence, now, system_schedule.SNOOZE_MINUTES)
        await self.sync()
        return target.patient_id if action_id == "" else None

    async def status(self) -> Status:
        """For the check screen: asks the system again (the user may have changed a permission)."""
        permissions = await self._permissions()
        self._exact = permissions.exact_alarms
        if self.port.keeps_when_closed:
            await self.sync()
        return Status(self.port.kind, self.port.keeps_when_closed, permissions, self.held, self.problem)

    async def ask_notifications(self) -> bool:
        return await self._safely(self.port.ask_notifications(), False)

    async def ask_exact_alarms(self) -> bool:
        return await self._safely(self.port.ask_exact_alarms(), False)

    async def open_settings(self) -> None:
        await self._safely(self.port.open_settings(), None)

    # -- while the app runs --------------------------------------------------------------------------
    def listen(self, open_patient: Callable[[str], None]) -> None:
        """Answers from notifications go to `respond`; a tap then opens that patient's Today. Call before
        the first page update: the extension replays answers taken while the app was closed as it starts."""
        register = getattr(self.port, "on_response", None)
        if register is None:
            return

        async def answered(action_id: str, payload: str) -> None:
            patient = await self.respond(action_id, payload)
            if patient is not None:
                open_patient(patient)

        register(answered)

    async def run(self, alive: Callable[[], bool]) -> None:
        """Syncs now, then after every change to the data folder, and at least every TICK_SECONDS (the
        system drops what it showed; the window moves on)."""
        if not self.port.keeps_when_closed:
            return
        prepare = getattr(self.port, "prepare", None)
        if prepare is not None:
            await self._safely(prepare(), None)
        wake = self.changes.waiter() if self.changes is not None else asyncio.Event()
        while alive():
            try:
                await self.sync()
            except Exception:  # noqa: BLE001 - one failed sync must not end the others
                log.exception("Reminder sync failed")
            wake.clear()
            try:
                await asyncio.wait_for(wake.wait(), TICK_SECONDS)
            except asyncio.TimeoutError:
                pass

    async def _permissions(self) -> Permissions:
        return await self._safely(self.port.permissions(), Permissions())

    @staticmethod
    async def _safely(call, fallback):
        try:
            return await call
        except Exception as error:  # noqa: BLE001 - a system that cannot answer is reported as unknown
            log.warning("The notification system did not answer: %r", error)
            return fallback

    @staticmethod
    async def _try(call, problems: list[str]) -> int:
        try:
            await call
            return 1
        except Exception as error:  # noqa: BLE001 - the others are still worth scheduling
            problems.append(str(error))
            return 0


def _same(held: Pending, notice: Notice) -> bool:
    return (held.title, held.body, held.payload) == (notice.title, notice.body, notice.payload)
