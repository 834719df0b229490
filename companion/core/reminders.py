"""Reminder rules -> concrete occurrences in a time window, and the words they say at a given time.

An occurrence holds facts (its kind, its time, the infusion it belongs to...), never ready-made
sentences: `wording(occurrence, now)` says what is true when it is read at `now`, so a reminder
delivered late (the phone was off) does not say "tomorrow" on the day itself, nor "before your
infusion" once the infusion time has passed. `occurrence.title` / `.body` are the words read at the
reminder's own time: what a calendar file (or the command line) shows beside that time.

Sources of the clinical statements in the wording:
- premedicines, an antihistamine and an H2 blocker about an hour before every infusion, a steroid too
  after a reaction: Ixempra label sec. 2.2; OncoLink ixabepilone page ("medications (antihistamines)
  prior to the ixabepilone infusion").
- alcohol in the infusion, drowsiness, arrange a lift: label product data (the diluent holds dehydrated
  alcohol); OncoLink ("plan to have someone drive you home after treatment").
- grapefruit and its juice avoided during the whole treatment, not only on infusion days: label sec. 7
  (as copied: grapefruit juice may increase ixabepilone levels and should be avoided); OncoLink ("Grapefruit
  juice can also increase concentrations of ixabepilone, and should be avoided"); FDA Consumer Update
  "Grapefruit Juice and Some Drugs Don't Mix". None of them limits the advice to infusion days.
- contraception during treatment and 7 / 4 months after the last dose: label sec. 8.3 (durations in
  data/schedule.toml).
- capecitabine: swallow the tablets whole with water within 30 minutes after a meal (breakfast, dinner),
  morning and evening about 12 hours apart: MedlinePlus a699003 ("Take after a meal (within 30 minutes
  of breakfast and dinner) with a glass of water ... Swallow the tablets whole", read); Xeloda label
  sec. 2.1 (named in the brief, its text not reachable here: check it against DailyMed);
  "about 12 hours apart": HealthHub Singapore capecitabine leaflet, The James (Ohio State) capecitabine
  sheet ("10 to 12 hours apart"). A missed dose: the sources agree on "do not take a double dose"
  (MedlinePlus, The James); whether to take it late differs between them, so the app says whom to ask
  and never to take, skip or change a dose. Numbers in data/schedule.toml.
Durations and lead times come from `ReminderSettings`, loaded from data/schedule.toml and the clinic
configuration, where each value names its source.
"""

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from companion.core.delivery import MISSED_GRACE
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
    capecitabine_after_meal_minutes: int = 30  # data/schedule.toml (Xeloda label 2.1; MedlinePlus a699003)
    capecitabine_dose_interval_hours: int = 12  # data/schedule.toml (MedlinePlus: morning and evening)

    def __post_init__(self):
        for key, low, high in (
            ("premed_lead_minutes", 30, 120),
            ("contraception_months_can_become_pregnant", 1, 24),
            ("contraception_months_partner", 1, 24),
            ("capecitabine_days", 1, 21),
            ("capecitabine_after_meal_minutes", 1, 120),
            ("capecitabine_dose_interval_hours", 1, 24),
        ):
            value = getattr(self, key)
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                raise InputError(f"{key}: expected a whole number from {low} to {high}, got {value!r}.")


@dataclass(frozen=True)
class Words:
    title: str
    body: str


@dataclass(frozen=True)
class Occurrence:
    key: str  # stable id: the same occurrence keeps its key when unrelated parts of the plan change
    kind: str  # infusion, infusion_eve, premedication, no_grapefruit, contraception, capecitabine
    at: datetime  # aware, in the plan's zone
    cycle: int | None
    infusion_at: datetime | None = None  # the infusion it belongs to (its cycle's, for capecitabine)
    series: str = ""  # shared by every copy of one repeating reminder: "contraception", "capecitabine 08:00"
    about: str = ""  # time-free facts: "cycle 2 of 4", "day 3 of 14 in cycle 2"
    advice: str = ""  # time-free advice: the premedicines, contraception, how to take capecitabine
    dose: str = ""  # capecitabine: the planned dose time, "08:00"

    @property
    def title(self) -> str:
        """The title as read at the reminder's own time (calendar files, the command line)."""
        return wording(self, self.at).title

    @property
    def body(self) -> str:
        return wording(self, self.at).body


@dataclass(frozen=True)
class Missed:
    """One row of missed reminders: a single one, or every missed copy of one repeating reminder."""

    occurrences: tuple[Occurrence, ...]  # oldest first
    title: str
    body: str
    when: str  # "Tue 10 Mar, 08:00" for one; "Last: Mon 16 Mar, 08:00" for copies


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
    about = f"cycle {n} of {plan.cycles}" if plan.cycles else f"cycle {n}"
    premedicines = "an antihistamine and an H2 blocker"  # label 2.2 (H1 and H2 antagonists)
    if plan.prior_reaction:
        premedicines += ", and a steroid because you had a reaction before"  # label 2.2
    return [
        Occurrence(f"infusion:c{n}", "infusion", at, n, at, about=about),
        Occurrence(f"infusion_eve:c{n}", "infusion_eve",
                   wall_time(at.date() - timedelta(days=1), settings.infusion_eve_time, zone), n, at, about=about),
        Occurrence(f"premedication:c{n}", "premedication",
                   (utc(at) - timedelta(minutes=settings.premed_lead_minutes)).astimezone(zone), n, at,
                   about=about, advice=premedicines),
        Occurrence(f"no_grapefruit:c{n}", "no_grapefruit", wall_time(at.date(), settings.no_grapefruit_time, zone),
                   n, at, about=about),
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
            dose = f"{clock:%H:%M}"
            found.append(Occurrence(
                f"capecitabine:c{n}:d{day}:{dose}", "capecitabine", wall_time(on, clock, plan.zone), n, infusion.at,
                series=f"capecitabine {dose}", about=f"day {day} of {total} in cycle {n}",
                advice=_how_to_take(clock, len(plan.capecitabine_times), settings), dose=dose))
    return found


def _how_to_take(clock: time, doses_a_day: int, settings: ReminderSettings) -> str:
    """Xeloda label 2.1; MedlinePlus a699003: with water, within 30 minutes after breakfast / dinner."""
    meal = "breakfast" if clock.hour < 12 else "your evening meal" if clock.hour >= 16 else "a meal"
    words = (f"Swallow the tablets whole with a glass of water, within "
             f"{settings.capecitabine_after_meal_minutes} minutes after {meal}.")
    if doses_a_day == 2:
        words += (f" The morning and evening doses are taken about {settings.capecitabine_dose_interval_hours} "
                  "hours apart.")
    return words + " Take the dose your care team prescribed."


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
                                wall_time(day, plan.contraception_time, zone), None,
                                series="contraception", advice=body))
        day += timedelta(days=step)
    return found


def _add_months(day: date, months: int) -> date:
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


# -- what a reminder says when it is read ------------------------------------------------------------

def wording(occurrence: Occurrence, now: datetime) -> Words:
    """The title and body of `occurrence` as true when read at `now` (pure: the time is passed in)."""
    if now.utcoffset() is None:
        raise ValueError("now must be zone-aware")
    return _WORDING[occurrence.kind](occurrence, now.astimezone(occurrence.at.tzinfo))


def _cap(words: str) -> str:
    return words[:1].upper() + words[1:]


def _on(day: date, today: date) -> str:
    """"today", "tomorrow", "yesterday" or "on Tuesday 10 March", as seen from `today`."""
    shift = (day - today).days
    if -1 <= shift <= 1:
        return ("yesterday", "today", "tomorrow")[shift + 1]
    return f"on {day:%A} {day.day} {day:%B}"


def _infusion(o: Occurrence, now: datetime) -> Words:
    at = o.infusion_at
    when, clock = _on(at.date(), now.date()), f"{at:%H:%M}"
    if now < at or at.date() == now.date():
        return Words(f"Infusion {when} at {clock}",
                     f"{_cap(o.about)} of your Ixempra treatment. The infusion contains alcohol and can "
                     "make you sleepy: do not drive afterwards.")
    return Words(f"Infusion {when} at {clock}",
                 f"{_cap(o.about)} of your Ixempra treatment was planned for {when.removeprefix('on ')} "
                 f"at {clock}. Questions about it? Call your care team.")


def _infusion_eve(o: Occurrence, now: datetime) -> Words:
    at = o.infusion_at
    when, clock = _on(at.date(), now.date()), f"{at:%H:%M}"
    title = f"{_cap(when.removeprefix('on '))} at {clock}: infusion"
    if now < at:
        return Words(title, f"Your Ixempra infusion ({o.about}) is {when} at {clock}. The infusion contains "
                            "alcohol: arrange for someone to drive you.")
    if at.date() == now.date():
        return Words(title, f"Your Ixempra infusion ({o.about}) was planned for today at {clock}. The infusion "
                            "contains alcohol: arrange for someone to drive you home.")
    return Words(title, f"Your Ixempra infusion ({o.about}) was planned for {when.removeprefix('on ')} at "
                        f"{clock}. Questions about it? Call your care team.")


def _premedication(o: Occurrence, now: datetime) -> Words:
    at = o.infusion_at
    when, clock = _on(at.date(), now.date()), f"{at:%H:%M}"
    infusion = f"your {clock} infusion" if when == "today" else f"your infusion {when} at {clock}"
    if now < at:
        return Words(f"Premedicines before {infusion}",
                     f"Time for the premedicines your care team prescribed: {o.advice}. Take them as they told "
                     "you, or remind the nurse if the clinic gives them. They lower the chance of an allergic "
                     "reaction. If you are not sure what to take, call your care team.")
    if when == "today":
        return Words(f"Premedicines for {infusion}",
                     f"Your infusion was due to start at {clock}. The premedicines ({o.advice}) are given before "
                     "it. If you have not had them, tell the nurse or call your care team now.")
    return Words(f"Premedicines for {infusion}",
                 f"This reminder was for {infusion}. If you are not sure whether you had your premedicines "
                 "then, tell your care team.")


def _no_grapefruit(o: Occurrence, now: datetime) -> Words:
    at = o.infusion_at
    when, clock = _on(at.date(), now.date()), f"{at:%H:%M}"
    infusion = f"Your infusion is {when} at {clock}." if now < at else f"Your infusion was planned for " \
        f"{when.removeprefix('on ')} at {clock}."
    # Label sec. 7 (as copied); OncoLink; FDA consumer update: avoid it, with no limit to infusion days.
    return Words("No grapefruit during your treatment",
                 f"{infusion} Avoid grapefruit and grapefruit juice for the whole of your Ixempra treatment, "
                 "on every day, not only on infusion days: they can raise the level of ixabepilone in your blood.")


def _contraception_words(o: Occurrence, now: datetime) -> Words:
    return Words("Contraception reminder", o.advice)


def _capecitabine_words(o: Occurrence, now: datetime) -> Words:
    when = _on(o.at.date(), now.date())
    title = f"Capecitabine, {o.dose} dose" + ("" if when == "today" else f" {when}")
    if now < o.at + MISSED_GRACE:
        return Words(title, f"{_cap(o.about)}. {o.advice}")
    return Words(title, f"Your {o.dose} dose {when} ({o.about}). If you did not take it, do not take an extra "
                        "dose to make up for it: ask your care team or pharmacist what to do.")


_WORDING = {"infusion": _infusion, "infusion_eve": _infusion_eve, "premedication": _premedication,
            "no_grapefruit": _no_grapefruit, "contraception": _contraception_words,
            "capecitabine": _capecitabine_words}


def group_missed(missed: list[Occurrence], now: datetime) -> list[Missed]:
    """Missed reminders as rows: the copies of one repeating reminder (daily contraception, the 08:00
    capecitabine dose) make one row, "missed 7 times since Mon 30 Nov"; every other one is its own row."""
    rows: dict[str, list[Occurrence]] = {}
    for occurrence in sorted(missed, key=lambda o: utc(o.at)):
        rows.setdefault(occurrence.series or occurrence.key, []).append(occurrence)
    found = []
    for copies in rows.values():
        first, last = copies[0], copies[-1]
        words = wording(last, now)
        if len(copies) == 1:
            found.append(Missed((first,), words.title, words.body, f"{first.at:%a %d %b, %H:%M}"))
            continue
        if first.kind == "capecitabine":
            title = f"Capecitabine, {first.dose} dose"
            body = ("If you did not take these doses, do not take extra doses to make up for them: ask your "
                    "care team or pharmacist what to do.")
        else:
            title, body = words.title, words.body
        found.append(Missed(tuple(copies), f"{title}, missed {len(copies)} times since {first.at:%a %d %b}",
                            body, f"Last: {last.at:%a %d %b, %H:%M}"))
    return sorted(found, key=lambda row: utc(row.occurrences[0].at))
