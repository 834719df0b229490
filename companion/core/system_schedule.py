"""What the phone's system should hold as scheduled notifications, so that reminders arrive with the app
closed (pure: the time is passed in).

The packaged app hands its next reminders to Android or iOS. iOS keeps at most 64 pending local
notifications, so the app keeps at most LIMIT for every patient on the device together, the soonest first.
When more are coming than fit, the last slot is taken by a notice asking the patient to open the app
(which schedules the next ones) before the scheduled ones run out.

Each notification's id comes from the patient and the occurrence's key (the key the delivery state and
the calendar file use, which carries the time): the same reminder keeps its id from one sync to the next,
and two reminders never share one. Its payload names what Done, Snooze or a tap act on.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from companion.core import delivery
from companion.core.i18n import ENGLISH, N_, Translator, long_date
from companion.core.localtime import utc
from companion.core.reminders import Occurrence, wording

LIMIT = 60  # iOS keeps at most 64 pending local notifications; a few are left for the system's own use
KEEP_ALIVE_ID = 1  # the "open Companion" notice; reminder ids are never below FIRST_ID
FIRST_ID = 1000
EXACT_KINDS = frozenset({"premedication", "infusion"})  # infusion day: premedication matters to the minute
SNOOZE_MINUTES = 10  # the notification's Snooze button: the shortest of the app's snoozes
HIDDEN_TITLE = N_("Companion reminder")  # English message ids: worded with the patient's translator
HIDDEN_BODY = N_("Open Companion to see it.")
KEEP_ALIVE_TITLE = N_("Open Companion to keep your reminders coming")


@dataclass(frozen=True)
class Due:
    """One patient's reminder that the system should show: the input of `wanted`."""

    patient_id: str
    who: str | None  # the patient's name when several share the device, else None
    occurrence: Occurrence
    fire_at: datetime  # its own time, or its snooze's end
    t: Translator | None = field(default=None, compare=False, repr=False)  # the patient's language; None: wanted's


@dataclass(frozen=True)
class Notice:
    """A notification for the system to show at `at`."""

    id: int
    at: datetime
    title: str
    body: str
    payload: str  # JSON: what Done, Snooze or a tap act on; also tells when and how it was scheduled
    exact: bool  # ask for an exact alarm (Android) where the system allows it
    actions: bool  # Done and Snooze buttons (not on the keep-alive notice)


@dataclass(frozen=True)
class Target:
    """What a notification's payload points at."""

    patient_id: str | None  # None: the keep-alive notice
    key: str = ""
    at: datetime | None = None  # the occurrence's own time


@dataclass(frozen=True)
class Pending:
    """A notification the system holds (as the extension lists it: no time, so the payload has one)."""

    id: int
    title: str = ""
    body: str = ""
    payload: str = ""


@dataclass(frozen=True)
class Permissions:
    """What the system allows; None where the question does not arise (or could not be answered)."""

    notifications: bool | None = None
    exact_alarms: bool | None = None  # Android 12+ asks for exact alarms separately


def due_for(patient_id: str, who: str | None, occurrences: Iterable[Occurrence], state: dict,
            now: datetime, t: Translator | None = None) -> list[Due]:
    """One patient's reminders the system should still show after `now`: not done, not shown already
    (the app delivered it, or it was snoozed and shown again), the snoozed ones at their snooze's end.
    `t`: the patient's language (None: the one `wanted` is given)."""
    found = []
    for occurrence in occurrences:
        when = delivery.next_showing(occurrence, state, now)
        if when is not None:
            found.append(Due(patient_id, who, occurrence, when, t))
    return found


def wanted(due: Iterable[Due], now: datetime, *, hide_details: bool, exact_allowed: bool,
           limit: int = LIMIT, t: Translator = ENGLISH) -> list[Notice]:
    """The notifications the system should hold at `now`, soonest first, at most `limit`.

    When more are due than fit, the first `limit - 1` are kept and the last slot is the keep-alive
    notice, shown a day before the last kept reminder (or halfway there, if that is sooner).

    Each notification is worded with its patient's translator (`Due.t`), else with `t`; the keep-alive
    notice, which is the device's, with `t`."""
    ordered = sorted(due, key=lambda d: (utc(d.fire_at), d.patient_id, d.occurrence.key))
    keep = ordered if len(ordered) <= limit else ordered[:limit - 1]
    used: set[int] = set()
    notices = [_notice(d, _id(d, used), hide_details, exact_allowed, d.t or t) for d in keep]
    if len(ordered) > limit:
        last = utc(keep[-1].fire_at)
        at = max(last - timedelta(days=1), utc(now) + (last - utc(now)) / 2)
        notices.append(Notice(
            KEEP_ALIVE_ID, at, t.gettext(KEEP_ALIVE_TITLE),
            t.gettext("Your reminders are scheduled until {date}. Open the app to schedule the next ones.").format(
                date=long_date(keep[-1].fire_at.date(), t)),
            json.dumps({"open": True, "fire": at.isoformat()}, sort_keys=True), exact=False, actions=False))
    return notices


def target(payload: str) -> Target | None:
    """What a payload points at; None for one the app did not write (or a damaged one)."""
    try:
        data = json.loads(payload)
        if data.get("open") is True:
            return Target(None)
        at = datetime.fromisoformat(data["at"])
        if not isinstance(data["patient"], str) or not isinstance(data["key"], str) or at.utcoffset() is None:
            return None
        return Target(data["patient"], data["key"], at)
    except (TypeError, ValueError, KeyError, AttributeError):
        return None


def _notice(d: Due, notice_id: int, hide_details: bool, exact_allowed: bool, t: Translator) -> Notice:
    exact = exact_allowed and d.occurrence.kind in EXACT_KINDS
    if hide_details:  # the lock screen shows no drug name and no patient's name
        title, body = t.gettext(HIDDEN_TITLE), t.gettext(HIDDEN_BODY)
    else:
        words = wording(d.occurrence, d.fire_at, t)  # as true when it shows
        title, body = (f"{d.who}: " if d.who else "") + words.title, words.body
    payload = json.dumps({"patient": d.patient_id, "key": d.occurrence.key, "at": d.occurrence.at.isoformat(),
                          "fire": utc(d.fire_at).isoformat(), "exact": exact}, sort_keys=True)
    return Notice(notice_id, d.fire_at, title, body, payload, exact, actions=True)


def _id(d: Due, used: set[int]) -> int:
    """A stable 31-bit id (Android's are signed 32-bit) from the patient and the occurrence; the rare
    collision takes the next free one."""
    notice_id = FIRST_ID + zlib.crc32(f"{d.patient_id}/{d.occurrence.key}".encode()) % (2**31 - 2 * FIRST_ID)
    while notice_id in used:
        notice_id += 1
    used.add(notice_id)
    return notice_id
