"""Reminders: deliver each due one once (saved first, then notified), the lists and the state the Today
screen shows, the calendar file, the reminders of a plan the command line prints, and the loop that
delivers them while the app runs. One lock for the whole process, so two sessions never deliver twice.

Every text shown or notified is worded at the time it is shown (`reminders.wording(o, now, t)`): a
reminder delivered late says what is true then, not what was true at its own time. `t` is the patient's
translator (core.i18n; English when not given): the methods that word a text take it.

Occurrence keys here carry the occurrence's time: when a plan change moves a reminder (a delayed
infusion, a new dose time) it is a new reminder, delivered at its new time.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from companion.core import delivery
from companion.core.i18n import ENGLISH, Translator
from companion.core.localtime import utc, wall_time
from companion.core.overview import next_infusion
from companion.core.plan import Infusion, Plan
from companion.core.reminders import Missed, Occurrence, ReminderSettings, Words, expand, group_missed, wording
from companion.core.system_schedule import HIDDEN_BODY, HIDDEN_TITLE
from companion.services.ownership import save_export
from companion.services.records import hide_details

log = logging.getLogger(__name__)
LOOK_BACK = timedelta(days=7)  # how far back due and missed reminders are looked for
LOOK_AHEAD = timedelta(days=1)
ICS_DAYS = 365
ICS_FILE = "companion-reminders.ics"
UPCOMING_DAYS = 14  # Today lists the reminders of the next two weeks
TICK_SECONDS = 30  # how often the loop looks for due reminders while the app runs

_LOCK = threading.RLock()  # every read-modify-write of a reminder state, in every session


@dataclass(frozen=True)
class Item:
    """A reminder with what became of it: done, snoozed, missed, due (now) or later."""

    occurrence: Occurrence
    status: str
    snoozed_until: datetime | None = None
    title: str = ""  # worded at the time the list was made
    body: str = ""


@dataclass(frozen=True)
class Upcoming:
    """A reminder of the next days as Today lists it: its time, its kind, its title worded now."""

    at: datetime
    kind: str
    title: str


@dataclass(frozen=True)
class TodayState:
    """What the Today screen shows, as data: the screen is redrawn only when this changes."""

    plan: Plan | None  # None: no plan yet, and nothing else is set
    infusion: Infusion | None = None  # the next infusion (core.plan.next_infusion), None when none is left
    countdown: str | None = None  # "in 3 days 4 hours" ... "now"; None without an infusion
    day: date | None = None  # today, in the plan's time zone
    missed: tuple[Missed, ...] = ()
    items: tuple[Item, ...] = ()  # today's reminders that are not missed
    upcoming: tuple[Upcoming, ...] = ()  # the next UPCOMING_DAYS days

    def without_countdown(self) -> "TodayState":
        return dataclasses.replace(self, countdown=None)


class ReminderService:
    def __init__(self, settings: ReminderSettings, notifier):
        self.settings = settings
        self.notifier = notifier

    def between(self, plan: Plan, start: datetime, end: datetime) -> list[Occurrence]:
        """The plan's reminders in [start, end), with the clinic's lead time and reminder times: what the
        calendar file holds and `companion reminders` prints, at the times Today shows."""
        return expand(plan, start, end, self.settings)

    def occurrences(self, plan: Plan, start: datetime, end: datetime) -> list[Occurrence]:
        """As `between`, keyed for delivery: the key carries the time, so a moved reminder is a new one."""
        return [dataclasses.replace(o, key=f"{o.key}@{utc(o.at):%Y-%m-%dT%H:%MZ}") for o in self.between(plan, start, end)]

    def tick(self, record, now: datetime, who: str | None = None, t: Translator = ENGLISH) -> list[Occurrence]:
        """Deliver what is due: stored as delivered first, then sent; returns them for the in-app list.

        Reminders overdue by more than the missed grace (the phone was off) go out as one summary.
        Notifications are worded with `t`, the patient's language.
        """
        with _LOCK:
            plan = record.plan()
            if plan is None:
                return []
            state = record.reminder_state()
            found = delivery.due(self.occurrences(plan, now - LOOK_BACK, now + LOOK_AHEAD), state, now)
            if not found:
                return []
            stale = {o.key for o in delivery.missed(found, state, now)}
            for occurrence in found:
                state = delivery.mark_delivered(state, occurrence, now)
            record.save_reminder_state(delivery.prune(state, now - LOOK_BACK - timedelta(days=1)))
        hidden = hide_details(record.store)  # no drug and no name on the screen's notifications
        prefix = f"{who}: " if who and not hidden else ""
        for occurrence in found:
            if occurrence.key not in stale:
                if hidden:
                    words = Words(t.gettext(HIDDEN_TITLE), t.gettext(HIDDEN_BODY))
                else:
                    words = wording(occurrence, now, t)
                self.notifier.notify(prefix + words.title, words.body)
        if stale:
            summary = t.gettext("Companion reminders") if hidden else t.gettext("Missed reminders")
            self.notifier.notify(prefix + summary,
                                 t.ngettext("{count} reminder(s) are waiting for you: open Today in the app.",
                                            "{count} reminder(s) are waiting for you: open Today in the app.",
                                            len(stale)).format(count=len(stale)))
        return found

    def done(self, record, occurrence: Occurrence, now: datetime) -> None:
        with _LOCK:
            record.save_reminder_state(delivery.mark_done(record.reminder_state(), occurrence, now))

    def done_all(self, record, occurrences: list[Occurrence], now: datetime) -> None:
        """Mark every one done in one save: the copies of a missed daily reminder, or all missed ones."""
        with _LOCK:
            state = record.reminder_state()
            for occurrence in occurrences:
                state = delivery.mark_done(state, occurrence, now)
            record.save_reminder_state(state)

    def snooze(self, record, occurrence: Occurrence, now: datetime, minutes: int) -> None:
        with _LOCK:
            record.save_reminder_state(delivery.snooze(record.reminder_state(), occurrence, now, minutes))

    def save_plan(self, record, plan: Plan, now: datetime) -> None:
        """Save a plan typed in the form. Reminders of earlier days do not count as missed."""
        today = wall_time(now.astimezone(plan.zone).date(), time(0), plan.zone)
        with _LOCK:
            record.save_plan(plan)
            record.save_reminder_state(delivery.prune(record.reminder_state(), today))

    def missed(self, record, now: datetime) -> list[Occurrence]:
        plan = record.plan()
        if plan is None:
            return []
        return delivery.missed(self.occurrences(plan, now - LOOK_BACK, now), record.reminder_state(), now)

    def missed_rows(self, record, now: datetime, t: Translator = ENGLISH) -> list[Missed]:
        """Missed reminders as the Today screen lists them: copies of one repeating reminder in one row."""
        return group_missed(self.missed(record, now), now, t)

    def today(self, record, now: datetime, t: Translator = ENGLISH) -> list[Item]:
        """Today's reminders (the plan's calendar day), except the missed ones."""
        plan = record.plan()
        if plan is None:
            return []
        day = now.astimezone(plan.zone).date()
        start, end = (wall_time(d, time(0), plan.zone) for d in (day, day + timedelta(days=1)))
        state = record.reminder_state()
        occurrences = self.occurrences(plan, start, end)
        missed = {o.key for o in delivery.missed(occurrences, state, now)}
        return [_item(o, state, now, t) for o in occurrences if o.key not in missed]

    def upcoming(self, record, now: datetime, days: int = UPCOMING_DAYS) -> list[Occurrence]:
        plan = record.plan()
        return [] if plan is None else self.occurrences(plan, now, now + timedelta(days=days))

    def today_state(self, record, now: datetime, days: int = UPCOMING_DAYS, t: Translator = ENGLISH) -> TodayState:
        """Everything the Today screen shows at `now`: the next infusion and its countdown, missed and
        today's reminders, the next `days` days; worded with `t`, the patient's language."""
        plan = record.plan()
        if plan is None:
            return TodayState(None)
        infusion = next_infusion(plan, now)
        return TodayState(
            plan=plan,
            infusion=infusion,
            countdown=countdown(now, infusion.at, t) if infusion else None,
            day=now.astimezone(plan.zone).date(),
            missed=tuple(self.missed_rows(record, now, t)),
            items=tuple(self.today(record, now, t)),
            upcoming=tuple(Upcoming(o.at, o.kind, wording(o, now, t).title) for o in self.upcoming(record, now, days)),
        )

    def export_ics(self, record, now: datetime, data_dir, calendar_name: str,
                   t: Translator = ENGLISH) -> tuple[bytes, Path, int]:
        """The next year's reminders as iCalendar, also written to <data_dir>/exports/: (file, path, events)."""
        plan = record.plan()
        found = [] if plan is None else self.between(plan, now, now + timedelta(days=ICS_DAYS))
        data = calendar_file(found, calendar_name, now, t)
        return data, save_export(data_dir, ICS_FILE, data), len(found)


def calendar_file(occurrences, calendar_name: str, now: datetime | None = None, t: Translator = ENGLISH) -> bytes:
    """iCalendar of `occurrences`, each event worded in `t`'s language as it reads at its own time."""
    from companion.adapters.ics import to_ics  # icalendar is heavy: load it only when asked

    return to_ics(occurrences, calendar_name, stamp=now, words=lambda occurrence: own_time_words(occurrence, t))


def own_time_words(occurrence, t: Translator = ENGLISH) -> tuple[str, str]:
    """(title, body) as read at the reminder's own time, in t's language: a calendar's event, the command's."""
    said = wording(occurrence, occurrence.at, t)
    return said.title, said.body


def countdown(now: datetime, at: datetime, t: Translator = ENGLISH) -> str:
    """"in 3 days 4 hours", "in 2 hours 5 minutes", "in 12 minutes", or "now" (in the language of `t`)."""
    minutes = int((utc(at) - utc(now)).total_seconds() // 60)
    if minutes <= 0:
        return t.gettext("now")
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    units = {
        "day": lambda n: t.ngettext("{count} day", "{count} days", n),
        "hour": lambda n: t.ngettext("{count} hour", "{count} hours", n),
        "minute": lambda n: t.ngettext("{count} minute", "{count} minutes", n),
    }
    parts = [(days, "day"), (hours, "hour")] if days else [(hours, "hour"), (minutes, "minute")]
    words = [units[unit](n).format(count=n) for n, unit in parts if n]
    return t.gettext("in {time}").format(time=" ".join(words))


def words_at(occurrence: Occurrence, now: datetime, t: Translator = ENGLISH) -> Words:
    """What a reminder says when shown at `now`, in the language of `t`."""
    return wording(occurrence, now, t)


def _item(occurrence: Occurrence, state: dict, now: datetime, t: Translator = ENGLISH) -> Item:
    status, until = delivery.status(state, occurrence, now)
    said = wording(occurrence, now, t)
    return Item(occurrence, status, until and until.astimezone(occurrence.at.tzinfo), said.title, said.body)


# -- reminders while the app runs ------------------------------------------------------------------

@dataclass(frozen=True)
class Delivered:
    """What one tick delivered to one patient: `who` is their name when they are not the one on screen."""

    who: str | None
    titles: tuple[str, ...]


class ReminderLoop:
    """One session's reminder loop: every TICK_SECONDS every patient on this device gets their due
    reminders, whoever is on screen, and each subscriber is told what was delivered (an empty list when
    nothing was: a screen can move its countdown on). Built by Services.reminder_loop().

    `translator_for(profile_id)` is that patient's translator: their notifications and the titles handed
    to subscribers are worded with it (English for everyone when not given)."""

    def __init__(self, service: ReminderService, profiles: Callable[[], list[dict]],
                 record_for: Callable[[str], object], now: Callable[[], datetime], in_browser: bool = False,
                 translator_for: Callable[[str], Translator] | None = None):
        self.service = service
        self.translator_for = translator_for or (lambda profile_id: ENGLISH)
        self.profiles = profiles
        self.record_for = record_for
        self.now = now
        self.in_browser = in_browser
        self.stopped = False
        self._listeners: list[Callable[[list[Delivered]], None]] = []

    def subscribe(self, listener: Callable[[list[Delivered]], None]) -> None:
        self._listeners.append(listener)

    def stop(self) -> None:
        self.stopped = True

    def tick(self, current_id: str | None = None) -> list[Delivered]:
        """Deliver what is due now to every patient; `current_id` is the patient on screen."""
        now = self.now()
        profiles = self.profiles()
        found = []
        for profile in profiles:
            who = profile["name"] if len(profiles) > 1 else None
            t = self.translator_for(profile["id"])
            delivered = self.service.tick(self.record_for(profile["id"]), now, who, t)
            if delivered:
                found.append(Delivered(None if profile["id"] == current_id else profile["name"],
                                       tuple(words_at(o, now, t).title for o in delivered)))
        return found

    async def run(self, current_id: Callable[[], str | None], alive: Callable[[], bool]) -> None:
        """Ticks until stopped, or until a tick fails and the session is gone (`alive()` false)."""
        while not self.stopped:
            try:
                found = await off_ui(self.in_browser, self.tick, current_id())
                for listener in list(self._listeners):
                    listener(found)
            except Exception:  # noqa: BLE001 - one failed tick must not end reminders for the session
                if not alive():
                    self.stopped = True
                    return
                log.exception("Reminder tick failed")
            await asyncio.sleep(TICK_SECONDS)


async def off_ui(in_browser: bool, function, *args):
    """`function(*args)` in a worker thread, so the screen stays responsive (in the browser, which has no
    threads, in place)."""
    if in_browser:
        return function(*args)
    return await asyncio.to_thread(function, *args)
