"""Reminder rules -> concrete occurrences in a time window.

Sources of the clinical statements in the wording: premedication (label 2.2), alcohol in the
infusion and arranging a lift (label product data; OncoLink), grapefruit juice (label 7; OncoLink),
contraception (label 8.3). Durations and lead times come from `ReminderSettings`, loaded from
data/schedule.toml and the clinic configuration, where each value names its source.
"""

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from companion.core.errors import InputError
from companion.core.localtime import utc, wall_time
from companion.core.plan import Contraception, Frequency, Infusion, Plan


@dataclass(frozen=True, kw_only=True)
class ReminderSettings:
    contraception_months_can_become_pregnant: int  # data/schedule.toml (label 8.3)
    contraception_months_partner: int  # data/schedule.toml (label 8.3)
    premed_lead_minutes: int = 60  # label 2.2 "approximately 1 hour before"; clinic may set 30..120
    no_grapefruit_time: time = time(7, 0)
    infusion_eve_time: time = time(19, 0)
    capecitabine_days: int = 14  # data/schedule.toml (label 2.1: days 1-14 of 21)

    def __post_init__(self):
        for key, low, high in (
            ("premed_lead_minutes", 30, 120),
            ("contraception_months_can_become_pregnant", 1, 24),
            ("contraception_months_partner", 1, 24),
            ("capecitabine_days", 1, 21),
        ):
            value = getattr(self, key)
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                raise InputError(f"{key}: expected a whole number from {low} to {high}, got {value!r}.")


@dataclass(frozen=True)
class Occurrence:
    key: str  # stable id: the same occurrence keeps its key when unrelated parts of the plan change
    kind: str  # infusion, infusion_eve, premedication, no_grapefruit, contraception, capecitabine
    at: datetime  # aware, in the plan's zone
    title: str
    body: str
    cycle: int | None


def expand(plan: Plan, start: datetime, end: datetime, settings: ReminderSettings) -> list[Occurrence]:
    """Every occurrence with start <= at < end, sorted by (at, kind)."""
    if start.tzinfo is None or end.tzinfo is None:
        raise ValueError("start and end must be timezone-aware")
    low, high = utc(start), utc(end)
    if low >= high:
        return []
    # The evening reminder comes a day before its infusion; capecitabine runs for days after it.
    infusions = plan.infusions(limit_end=end + timedelta(days=2))
    reach = timedelta(days=settings.capecitabine_days + 1)
    found = []
    for index, infusion in enumerate(infusions):
        if utc(infusion.at) + reach < low:
            continue
        found += _infusion_day(plan, infusion, settings)
        if plan.with_capecitabine:
            following = infusions[index + 1] if index + 1 < len(infusions) else None
            found += _capecitabine(plan, infusion, following, settings)
    found += _contraception(plan, low, high, settings)
    inside = [o for o in found if low <= utc(o.at) < high]
    return sorted(inside, key=lambda o: (utc(o.at), o.kind, o.key))


def _infusion_day(plan: Plan, infusion: Infusion, settings: ReminderSettings) -> list[Occurrence]:
    n, at, zone = infusion.cycle, infusion.at, plan.zone
    clock = f"{at:%H:%M}"
    of = f" of {plan.cycles}" if plan.cycles else ""
    premedicines = (
        "Time for the premedicines your care team prescribed: an antihistamine and an H2 blocker. "
        "Take them as they told you, or remind the nurse if the clinic gives them. "
        "They lower the chance of an allergic reaction."
    )
    if plan.prior_reaction:
        premedicines += " Because you had a reaction before, they also prescribed a steroid: take it as they told you."
    return [
        Occurrence(f"infusion:c{n}", "infusion", at, f"Infusion today at {clock}",
                   f"Cycle {n}{of} of your Ixempra treatment. The infusion contains alcohol and can make "
                   "you sleepy: do not drive afterwards.", n),
        Occurrence(f"infusion_eve:c{n}", "infusion_eve",
                   wall_time(at.date() - timedelta(days=1), settings.infusion_eve_time, zone),
                   f"Tomorrow at {clock}: infusion",
                   f"Your Ixempra infusion (cycle {n}{of}) is tomorrow at {clock}. The infusion contains "
                   "alcohol: arrange for someone to drive you.", n),
        Occurrence(f"premedication:c{n}", "premedication",
                   (utc(at) - timedelta(minutes=settings.premed_lead_minutes)).astimezone(zone),
                   f"Premedicines before your {clock} infusion",
                   premedicines + " If you are not sure what to take, call your care team.", n),
        Occurrence(f"no_grapefruit:c{n}", "no_grapefruit",
                   wall_time(at.date(), settings.no_grapefruit_time, zone), "Infusion day: no grapefruit",
                   "Please avoid grapefruit and grapefruit juice: they can raise the level of ixabepilone "
                   f"in your blood. Your infusion is at {clock}.", n),
    ]


def _capecitabine(plan: Plan, infusion: Infusion, following: Infusion | None,
                  settings: ReminderSettings) -> list[Occurrence]:
    """Each dose time on days 1..capecitabine_days, day 1 being the infusion day."""
    n, total = infusion.cycle, settings.capecitabine_days
    found = []
    for day in range(1, total + 1):
        on = infusion.at.date() + timedelta(days=day - 1)
        if following and on >= following.at.date():
            break
        for clock in plan.capecitabine_times:
            found.append(Occurrence(
                f"capecitabine:c{n}:d{day}:{clock:%H:%M}", "capecitabine", wall_time(on, clock, plan.zone),
                f"Capecitabine, {clock:%H:%M} dose",
                f"Day {day} of {total} in cycle {n}. Take your capecitabine as your care team prescribed.", n))
    return found


def _contraception(plan: Plan, low: datetime, high: datetime, settings: ReminderSettings) -> list[Occurrence]:
    """Daily or weekly from the first infusion day to the end of the window after the last infusion."""
    if plan.contraception is Contraception.NONE or plan.contraception_frequency is Frequency.OFF:
        return []
    if plan.contraception is Contraception.CAN_BECOME_PREGNANT:
        months, advice = settings.contraception_months_can_become_pregnant, "Keep using"
    else:
        months, advice = settings.contraception_months_partner, "If your partner can become pregnant, keep using"
    zone = plan.zone
    first_day = plan.infusion(1).at.date()
    last = plan.last_infusion
    last_day = _add_months(last.at.date(), months) if last else None
    until = f" (until {last_day.day} {last_day:%B %Y})" if last_day else ""
    body = (f"Ixabepilone can harm an unborn baby. {advice} effective contraception "
            f"during treatment and for {months} months after your last infusion{until}. "
            "Questions? Ask your care team.")
    step = 7 if plan.contraception_frequency is Frequency.WEEKLY else 1
    # A day early: a time in a gap that crosses midnight moves to the next day.
    day = max(first_day, low.astimezone(zone).date() - timedelta(days=1))
    day += timedelta(days=-(day - first_day).days % step)
    stop = min(high.astimezone(zone).date(), last_day or date.max)
    found = []
    while day <= stop:
        found.append(Occurrence(f"contraception:{day.isoformat()}", "contraception",
                                wall_time(day, plan.contraception_time, zone), "Contraception reminder", body, None))
        day += timedelta(days=step)
    return found


def _add_months(day: date, months: int) -> date:
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))
