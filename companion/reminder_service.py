"""Reminders while the app runs: deliver each due one once (saved first, then notified), and the
lists the Today screen shows. One lock for the whole process, so two sessions never deliver twice.

Every text shown or notified is worded at the time it is shown (`reminders.wording(o, now)`): a
reminder delivered late says what is true then, not what was true at its own time.

Occurrence keys here carry the occurrence's time: when a plan change moves a reminder (a delayed
infusion, a new dose time) it is a new reminder, delivered at its new time.
"""

from __future__ import annotations

import dataclasses
import threading
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from pathlib import Path

from companion.core import delivery
from companion.core.localtime import utc, wall_time
from companion.core.plan import Infusion, Plan
from companion.core.reminders import Missed, Occurrence, ReminderSettings, Words, expand, group_missed, wording
from companion.ownership import save_export

LOOK_BACK = timedelta(days=7)  # how far back due and missed reminders are looked for
LOOK_AHEAD = timedelta(days=1)
ICS_DAYS = 365
ICS_FILE = "companion-reminders.ics"

_LOCK = threading.RLock()  # every read-modify-write of a reminder state, in every session


@dataclass(frozen=True)
class Item:
    """A reminder with what became of it: done, snoozed, missed, due (now) or later."""

    occurrence: Occurrence
    status: str
    snoozed_until: datetime | None = None
    title: str = ""  # worded at the time the list was made
    body: str = ""


class ReminderService:
    def __init__(self, settings: ReminderSettings, notifier):
        self.settings = settings
        self.notifier = notifier

    def occurrences(self, plan: Plan, start: datetime, end: datetime) -> list[Occurrence]:
        return [dataclasses.replace(o, key=f"{o.key}@{utc(o.at):%Y-%m-%dT%H:%MZ}")
                for o in expand(plan, start, end, self.settings)]

    def tick(self, record, now: datetime, who: str | None = None) -> list[Occurrence]:
        """Deliver what is due: stored as delivered first, then sent; returns them for the in-app list.

        Reminders overdue by more than the missed grace (the phone was off) go out as one summary.
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
        prefix = f"{who}: " if who else ""
        for occurrence in found:
            if occurrence.key not in stale:
                words = wording(occurrence, now)
                self.notifier.notify(prefix + words.title, words.body)
        if stale:
            self.notifier.notify(prefix + "Missed reminders",
                                 f"{len(stale)} reminder(s) are waiting for you: open Today in the app.")
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

    def missed_rows(self, record, now: datetime) -> list[Missed]:
        """Missed reminders as the Today screen lists them: copies of one repeating reminder in one row."""
        return group_missed(self.missed(record, now), now)

    def today(self, record, now: datetime) -> list[Item]:
        """Today's reminders (the plan's calendar day), except the missed ones."""
        plan = record.plan()
        if plan is None:
            return []
        day = now.astimezone(plan.zone).date()
        start, end = (wall_time(d, time(0), plan.zone) for d in (day, day + timedelta(days=1)))
        state = record.reminder_state()
        occurrences = self.occurrences(plan, start, end)
        missed = {o.key for o in delivery.missed(occurrences, state, now)}
        return [_item(o, state, now) for o in occurrences if o.key not in missed]

    def upcoming(self, record, now: datetime, days: int = 14) -> list[Occurrence]:
        plan = record.plan()
        return [] if plan is None else self.occurrences(plan, now, now + timedelta(days=days))

    def export_ics(self, record, now: datetime, data_dir, calendar_name: str) -> tuple[bytes, Path, int]:
        """The next year's reminders as iCalendar, also written to <data_dir>/exports/: (file, path, events)."""
        from companion.adapters.ics import to_ics

        plan = record.plan()
        found = [] if plan is None else expand(plan, now, now + timedelta(days=ICS_DAYS), self.settings)
        data = to_ics(found, calendar_name, stamp=now)
        return data, save_export(data_dir, ICS_FILE, data), len(found)


def next_infusion(plan: Plan, now: datetime) -> Infusion | None:
    """The first infusion after `now`, or None when the plan has no more."""
    later = [i for i in plan.infusions(limit_end=now + timedelta(days=400)) if utc(i.at) > utc(now)]
    return later[0] if later else None


def countdown(now: datetime, at: datetime) -> str:
    """"in 3 days 4 hours", "in 2 hours 5 minutes", "in 12 minutes", or "now"."""
    minutes = int((utc(at) - utc(now)).total_seconds() // 60)
    if minutes <= 0:
        return "now"
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = [(days, "day"), (hours, "hour")] if days else [(hours, "hour"), (minutes, "minute")]
    words = [f"{n} {unit}{'s' if n != 1 else ''}" for n, unit in parts if n]
    return "in " + " ".join(words)


def words_at(occurrence: Occurrence, now: datetime) -> Words:
    """What a reminder says when shown at `now`."""
    return wording(occurrence, now)


def _item(occurrence: Occurrence, state: dict, now: datetime) -> Item:
    record = state["items"].get(occurrence.key, {})
    until = datetime.fromisoformat(record["snoozed_until"]) if "snoozed_until" in record else None
    said = wording(occurrence, now)
    if "done" in record:
        return Item(occurrence, "done", title=said.title, body=said.body)
    if until and until > now:
        return Item(occurrence, "snoozed", until.astimezone(occurrence.at.tzinfo), said.title, said.body)
    return Item(occurrence, "due" if (until or occurrence.at) <= now else "later", title=said.title, body=said.body)
