"""The caregiver overview: each patient's situation at a glance, and the default report period (pure)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from companion.core import delivery
from companion.core.diary import Entry
from companion.core.errors import InputError, Message
from companion.core.i18n import N_
from companion.core.localtime import wall_time
from companion.core.localtime import utc
from companion.core.plan import Infusion, Plan
from companion.core.reminders import ReminderSettings, expand
from companion.core.triage import Advice, TriageRules, triage

MISSED_LOOKBACK = timedelta(days=7)  # a UI choice: the overview counts reminders missed in the last week
REPORT_WEEKS = 3  # one 21-day cycle (label 2.1; data/schedule.toml)
FROM, TO = N_("From"), N_("To")  # the report form's two date fields
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Summary:
    profile_id: str
    name: str
    entries: int
    next_infusion: Infusion | None
    latest_entry: Entry | None
    latest_advice: Advice | None  # triage of the latest entry
    missed_reminders: int  # not done, within MISSED_LOOKBACK
    last_temperature: Entry | None  # the latest entry that has a temperature


def summarize(profile: dict, plan: Plan | None, entries: Sequence[Entry], reminder_state: dict, now: datetime, *,
              rules: TriageRules, reminder_settings: ReminderSettings, fever_threshold_c: float) -> Summary:
    """One patient's card: next infusion, latest advice, missed reminders, last temperature."""
    if now.utcoffset() is None:
        raise ValueError("now must be zone-aware")
    ordered = sorted(entries, key=lambda e: e.at)
    latest = ordered[-1] if ordered else None
    return Summary(
        profile_id=profile["id"],
        name=profile["name"],
        entries=len(ordered),
        next_infusion=next_infusion(plan, now),
        latest_entry=latest,
        latest_advice=triage(latest, rules, fever_threshold_c) if latest else None,
        missed_reminders=missed_count(plan, reminder_state, now, reminder_settings),
        last_temperature=next((e for e in reversed(ordered) if e.temperature), None),
    )


def next_infusion(plan: Plan | None, now: datetime) -> Infusion | None:
    """The infusion the patient is waiting for at `now`: the first one at or after `now`; None when the plan
    has no more. The one function for this: Today, the caregiver overview and the report all ask it.

    At its exact time an infusion is still the next one (its countdown says "now"), not the one after:
    the patient is at the unit for this cycle, and a screen that jumped to "cycle 2 in 21 days" at 10:00
    sharp would tell them the infusion they are sitting down for was already over. From the next moment
    on it has started and the following one is shown.
    """
    if plan is None:
        return None
    if plan.cycles is not None:
        until = None  # at most MAX_CYCLES infusions: all of them
    else:  # open-ended: after the last delay the infusions come every cycle_days, so one falls in this window
        anchor = max([utc(now), utc(plan.first_infusion), *(utc(d.to) for d in plan.delays)])
        until = anchor + timedelta(days=plan.cycle_days + 1)  # + 1 day: a daylight-saving change on the way
    return next((i for i in plan.infusions(limit_end=until) if utc(i.at) >= utc(now)), None)


def missed_count(plan: Plan | None, reminder_state: dict, now: datetime, settings: ReminderSettings) -> int:
    if plan is None:
        return 0
    occurrences = expand(plan, now - MISSED_LOOKBACK, now, settings)
    return len(delivery.missed(occurrences, delivery.parse_state(reminder_state), now))


# -- the period of a clinic report -------------------------------------------------------------------

def report_zone(plan: Plan | None) -> ZoneInfo:
    return plan.zone if plan else ZoneInfo("UTC")


def default_report_days(plan: Plan | None, now: datetime) -> tuple[date, date]:
    """(first, last) day: the last three weeks, reaching back to the latest infusion if that was earlier."""
    zone = report_zone(plan)
    today = now.astimezone(zone).date()
    first = today - timedelta(weeks=REPORT_WEEKS)
    if plan is not None:
        past = [i for i in plan.infusions(limit_end=now) if i.at <= now]
        if past:
            first = min(first, past[-1].at.astimezone(zone).date())
    return first, today


def parse_report_days(first_text: str, last_text: str) -> tuple[date, date]:
    """The two dates typed as YYYY-MM-DD; InputError names the field."""
    return report_days(parse_day(first_text, FROM), parse_day(last_text, TO))


def report_days(first: date, last: date, labels: tuple[str, str] = (FROM, TO)) -> tuple[date, date]:
    """(first, last); InputError, naming the two fields by `labels`, when last comes before first."""
    if last < first:
        raise InputError(N_("{later} ({last}) must not be before {earlier} ({first})."), later=Message(labels[1]),
                         last=str(last), earlier=Message(labels[0]), first=str(first))
    return first, last


def report_bounds(first: date, last: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """[start, end) instants covering the days first..last in `zone`."""
    return wall_time(first, time(0), zone), wall_time(last + timedelta(days=1), time(0), zone)


def parse_day(text: str | None, field: str) -> date:
    """A date written YYYY-MM-DD; InputError names the field."""
    text = (text or "").strip()
    if not _DATE.fullmatch(text):
        raise InputError(N_("write a date like 2026-03-01 (year-month-day), got {text}."), Message(field),
                         text=repr(text))
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(N_("{text} is not a real date."), Message(field), text=text) from None
