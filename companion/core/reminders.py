"""Reminder rules -> concrete occurrences in a time window, and the words they say at a given time.

An occurrence holds facts (its kind, its time, the infusion it belongs to, its cycle and day, which
advice it gives...), never ready-made sentences: `wording(occurrence, now, t)` says what is true when it
is read at `now`, so a reminder delivered late (the phone was off) does not say "tomorrow" on the day
itself, nor "before your infusion" once the infusion time has passed; and it says it in the language of
the translator `t` (English by default), dates included (core.i18n: weekday and month names from the
catalog). `occurrence.title` / `.body` are the English words read at the reminder's own time: what a
calendar file (or the command line) shows beside that time.

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
from companion.core.i18n import ENGLISH, N_, Translator, for_date, full_date, long_date, on_date, short_date
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
                raise InputError(N_("expected a whole number from {low} to {high}, got {value}."), key, low=low,
                                 high=high, value=repr(value))


@dataclass(frozen=True)
class Words:
    title: str
    body: str


@dataclass(frozen=True)
class Premedicines:
    """Which premedicines the reminder names (label 2.2)."""

    steroid: bool  # a steroid too, after a reaction to an earlier infusion


@dataclass(frozen=True)
class HowToTake:
    """How to take a capecitabine dose (Xeloda label 2.1; MedlinePlus a699003)."""

    meal: str  # "breakfast", "evening" (the evening meal) or "meal" (any meal)
    minutes_after_meal: int
    hours_apart: int | None  # the morning and evening doses' interval; None unless two doses a day


@dataclass(frozen=True)
class ContraceptionAdvice:
    """Who keeps using contraception, and how long after the last infusion (label 8.3)."""

    partner: bool  # the patient's partner can become pregnant (else the patient can)
    months: int
    until: date | None  # the last infusion's date plus `months`; None for an open-ended plan


@dataclass(frozen=True)
class Occurrence:
    key: str  # stable id: the same occurrence keeps its key when unrelated parts of the plan change
    kind: str  # infusion, infusion_eve, premedication, no_grapefruit, contraception, capecitabine
    at: datetime  # aware, in the plan's zone
    cycle: int | None
    infusion_at: datetime | None = None  # the infusion it belongs to (its cycle's, for capecitabine)
    series: str = ""  # shared by every copy of one repeating reminder: "contraception", "capecitabine 08:00"
    cycles: int | None = None  # the plan's number of cycles ("cycle 2 of 4"); None: open-ended ("cycle 2")
    day: int | None = None  # capecitabine: the day of the cycle ("day 3 of 14 in cycle 2")
    days: int | None = None  # capecitabine: its number of days in a cycle
    dose: str = ""  # capecitabine: the planned dose time, "08:00"
    advice: Premedicines | HowToTake | ContraceptionAdvice | None = None  # which advice it gives, as facts

    @property
    def title(self) -> str:
        """The title as read at the reminder's own time, in English (calendar files, the command line)."""
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
    n, at, zone, cycles = infusion.cycle, infusion.at, plan.zone, plan.cycles or None
    premedicines = Premedicines(steroid=plan.prior_reaction)  # label 2.2 (H1 and H2 antagonists, a steroid)
    return [
        Occurrence(f"infusion:c{n}", "infusion", at, n, at, cycles=cycles),
        Occurrence(f"infusion_eve:c{n}", "infusion_eve",
                   wall_time(at.date() - timedelta(days=1), settings.infusion_eve_time, zone), n, at, cycles=cycles),
        Occurrence(f"premedication:c{n}", "premedication",
                   (utc(at) - timedelta(minutes=settings.premed_lead_minutes)).astimezone(zone), n, at,
                   cycles=cycles, advice=premedicines),
        Occurrence(f"no_grapefruit:c{n}", "no_grapefruit", wall_time(at.date(), settings.no_grapefruit_time, zone),
                   n, at, cycles=cycles),
    ]


def _capecitabine(plan: Plan, infusion: Infusion, following: Infusion | None,
                  settings: ReminderSettings) -> list[Occurrence]:
    """Each dose time on days 1..capecitabine_days, day 1 being the infusion day."""
    n, total = infusion.cycle, settings.capecitabine_days
    how = {clock: _how_to_take(clock, len(plan.capecitabine_times), settings) for clock in plan.capecitabine_times}
    found = []
    for day in range(1, total + 1):
        on = infusion.at.date() + timedelta(days=day - 1)
        if following and on >= following.at.date():
            break
        for clock in plan.capecitabine_times:
            dose = f"{clock:%H:%M}"
            found.append(Occurrence(
                f"capecitabine:c{n}:d{day}:{dose}", "capecitabine", wall_time(on, clock, plan.zone), n, infusion.at,
                series=f"capecitabine {dose}", day=day, days=total, dose=dose, advice=how[clock]))
    return found


def _how_to_take(clock: time, doses_a_day: int, settings: ReminderSettings) -> HowToTake:
    """Xeloda label 2.1; MedlinePlus a699003: with water, within 30 minutes after breakfast / dinner."""
    meal = "breakfast" if clock.hour < 12 else "evening" if clock.hour >= 16 else "meal"
    return HowToTake(meal, settings.capecitabine_after_meal_minutes,
                     settings.capecitabine_dose_interval_hours if doses_a_day == 2 else None)


def _contraception(plan: Plan, low: datetime, high: datetime, settings: ReminderSettings) -> list[Occurrence]:
    """Daily or weekly from the first infusion day to the end of the window after the last infusion."""
    if plan.contraception is Contraception.NONE or plan.contraception_frequency is Frequency.OFF:
        return []
    partner = plan.contraception is not Contraception.CAN_BECOME_PREGNANT
    months = settings.contraception_months_partner if partner else settings.contraception_months_can_become_pregnant
    zone = plan.zone
    first_day = plan.infusion(1).at.date()
    last = plan.last_infusion
    last_day = _add_months(last.at.date(), months) if last else None
    advice = ContraceptionAdvice(partner, months, last_day)
    step = 7 if plan.contraception_frequency is Frequency.WEEKLY else 1
    # A day early: a time in a gap that crosses midnight moves to the next day.
    day = max(first_day, low.astimezone(zone).date() - timedelta(days=1))
    day += timedelta(days=-(day - first_day).days % step)
    stop = min(high.astimezone(zone).date(), last_day or date.max)
    found = []
    while day <= stop:
        found.append(Occurrence(f"contraception:{day.isoformat()}", "contraception",
                                wall_time(day, plan.contraception_time, zone), None,
                                series="contraception", advice=advice))
        day += timedelta(days=step)
    return found


def _add_months(day: date, months: int) -> date:
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


# -- what a reminder says when it is read ------------------------------------------------------------
# Every text goes through the translator `t` (English, the message ids, by default); placeholders are named.
# A sentence is one message where its parts depend on each other; "today", "on Tuesday 10 March" and the
# cycle ("cycle 2 of 4") are parts put into it.

def wording(occurrence: Occurrence, now: datetime, t: Translator = ENGLISH) -> Words:
    """The title and body of `occurrence` as true when read at `now` (pure: the time is passed in), in the
    language of `t`."""
    if now.utcoffset() is None:
        raise ValueError("now must be zone-aware")
    return _WORDING[occurrence.kind](occurrence, now.astimezone(occurrence.at.tzinfo), t)


def _cap(words: str) -> str:
    return words[:1].upper() + words[1:]


_RELATIVE = (N_("yesterday"), N_("today"), N_("tomorrow"))
_RELATIVE_FOR = (N_("for yesterday"), N_("for today"), N_("for tomorrow"))  # "was planned for yesterday"


def _on(day: date, today: date, t: Translator) -> str:
    """"today", "tomorrow", "yesterday" or "on Tuesday 10 March", as seen from `today`."""
    shift = (day - today).days
    return t.gettext(_RELATIVE[shift + 1]) if -1 <= shift <= 1 else on_date(day, t)


def _day(day: date, today: date, t: Translator) -> str:
    """As `_on`, without "on": "tomorrow", "Tuesday 10 March"."""
    shift = (day - today).days
    return t.gettext(_RELATIVE[shift + 1]) if -1 <= shift <= 1 else long_date(day, t)


def _for(day: date, today: date, t: Translator) -> str:
    """"for yesterday" ... "for Tuesday 10 March", as in "was planned for..."."""
    shift = (day - today).days
    return t.gettext(_RELATIVE_FOR[shift + 1]) if -1 <= shift <= 1 else for_date(day, t)


def _cycle(o: Occurrence, t: Translator) -> str:
    """"cycle 2 of 4", or "cycle 2" in an open-ended plan."""
    if o.cycles:
        return t.gettext("cycle {cycle} of {cycles}").format(cycle=o.cycle, cycles=o.cycles)
    return t.gettext("cycle {cycle}").format(cycle=o.cycle)


def _infusion(o: Occurrence, now: datetime, t: Translator) -> Words:
    at = o.infusion_at
    clock = f"{at:%H:%M}"
    title = t.gettext("Infusion {when} at {clock}").format(when=_on(at.date(), now.date(), t), clock=clock)
    if now < at or at.date() == now.date():
        return Words(title, t.gettext("{cycle} of your Ixempra treatment. The infusion contains alcohol and can "
                                      "make you sleepy: do not drive afterwards.").format(cycle=_cap(_cycle(o, t))))
    return Words(title, t.gettext("{cycle} of your Ixempra treatment was planned {when} at {clock}. Questions "
                                  "about it? Call your care team.").format(
        cycle=_cap(_cycle(o, t)), when=_for(at.date(), now.date(), t), clock=clock))


def _infusion_eve(o: Occurrence, now: datetime, t: Translator) -> Words:
    at = o.infusion_at
    clock, cycle = f"{at:%H:%M}", _cycle(o, t)
    title = t.gettext("{when} at {clock}: infusion").format(when=_cap(_day(at.date(), now.date(), t)), clock=clock)
    if now < at:
        return Words(title, t.gettext("Your Ixempra infusion ({cycle}) is {when} at {clock}. The infusion contains "
                                      "alcohol: arrange for someone to drive you.").format(
            cycle=cycle, when=_on(at.date(), now.date(), t), clock=clock))
    if at.date() == now.date():
        return Words(title, t.gettext("Your Ixempra infusion ({cycle}) was planned for today at {clock}. The "
                                      "infusion contains alcohol: arrange for someone to drive you home.").format(
            cycle=cycle, clock=clock))
    return Words(title, t.gettext("Your Ixempra infusion ({cycle}) was planned {when} at {clock}. Questions about "
                                  "it? Call your care team.").format(
        cycle=cycle, when=_for(at.date(), now.date(), t), clock=clock))


def _premedicines(o: Occurrence, t: Translator) -> str:
    """Label 2.2: H1 and H2 antagonists; a corticosteroid too after a hypersensitivity reaction."""
    if isinstance(o.advice, Premedicines) and o.advice.steroid:
        return t.gettext("an antihistamine and an H2 blocker, and a steroid because you had a reaction before")
    return t.gettext("an antihistamine and an H2 blocker")


def _premedication(o: Occurrence, now: datetime, t: Translator) -> Words:
    at = o.infusion_at
    clock, today = f"{at:%H:%M}", at.date() == now.date()
    infusion = t.gettext("your {clock} infusion").format(clock=clock) if today else \
        t.gettext("your infusion {when} at {clock}").format(when=_on(at.date(), now.date(), t), clock=clock)
    if now < at:
        return Words(t.gettext("Premedicines before {infusion}").format(infusion=infusion),
                     t.gettext("Time for the premedicines your care team prescribed: {premedicines}. Take them as "
                               "they told you, or remind the nurse if the clinic gives them. They lower the chance "
                               "of an allergic reaction. If you are not sure what to take, call your care "
                               "team.").format(premedicines=_premedicines(o, t)))
    title = t.gettext("Premedicines for {infusion}").format(infusion=infusion)
    if today:
        return Words(title, t.gettext("Your infusion was due to start at {clock}. The premedicines ({premedicines}) "
                                      "are given before it. If you have not had them, tell the nurse or call your "
                                      "care team now.").format(clock=clock, premedicines=_premedicines(o, t)))
    return Words(title, t.gettext("This reminder was for {infusion}. If you are not sure whether you had your "
                                  "premedicines then, tell your care team.").format(infusion=infusion))


def _no_grapefruit(o: Occurrence, now: datetime, t: Translator) -> Words:
    at = o.infusion_at
    clock = f"{at:%H:%M}"
    if now < at:
        infusion = t.gettext("Your infusion is {when} at {clock}.").format(when=_on(at.date(), now.date(), t),
                                                                           clock=clock)
    else:
        infusion = t.gettext("Your infusion was planned {when} at {clock}.").format(
            when=_for(at.date(), now.date(), t), clock=clock)
    # Label sec. 7 (as copied); OncoLink; FDA consumer update: avoid it, with no limit to infusion days.
    return Words(t.gettext("No grapefruit during your treatment"),
                 infusion + " " + t.gettext("Avoid grapefruit and grapefruit juice for the whole of your Ixempra "
                                            "treatment, on every day, not only on infusion days: they can raise the "
                                            "level of ixabepilone in your blood."))


def _contraception_words(o: Occurrence, now: datetime, t: Translator) -> Words:
    advice = o.advice
    if advice.partner and advice.until:
        keep = t.ngettext(
            "If your partner can become pregnant, keep using effective contraception during treatment and for "
            "{months} month after your last infusion (until {date}).",
            "If your partner can become pregnant, keep using effective contraception during treatment and for "
            "{months} months after your last infusion (until {date}).", advice.months)
    elif advice.partner:
        keep = t.ngettext(
            "If your partner can become pregnant, keep using effective contraception during treatment and for "
            "{months} month after your last infusion.",
            "If your partner can become pregnant, keep using effective contraception during treatment and for "
            "{months} months after your last infusion.", advice.months)
    elif advice.until:
        keep = t.ngettext(
            "Keep using effective contraception during treatment and for {months} month after your last infusion "
            "(until {date}).",
            "Keep using effective contraception during treatment and for {months} months after your last infusion "
            "(until {date}).", advice.months)
    else:
        keep = t.ngettext(
            "Keep using effective contraception during treatment and for {months} month after your last infusion.",
            "Keep using effective contraception during treatment and for {months} months after your last "
            "infusion.", advice.months)
    keep = keep.format(months=advice.months, **({"date": full_date(advice.until, t)} if advice.until else {}))
    return Words(t.gettext("Contraception reminder"),
                 " ".join((t.gettext("Ixabepilone can harm an unborn baby."), keep,
                           t.gettext("Questions? Ask your care team."))))


_HOW_TO_TAKE = {  # Xeloda label 2.1; MedlinePlus a699003
    "breakfast": N_("Swallow the tablets whole with a glass of water, within {minutes} minutes after breakfast."),
    "evening": N_("Swallow the tablets whole with a glass of water, within {minutes} minutes after your evening "
                  "meal."),
    "meal": N_("Swallow the tablets whole with a glass of water, within {minutes} minutes after a meal."),
}


def _how(o: Occurrence, t: Translator) -> str:
    how = o.advice
    words = [t.gettext(_HOW_TO_TAKE[how.meal]).format(minutes=how.minutes_after_meal)]
    if how.hours_apart is not None:
        words.append(t.gettext("The morning and evening doses are taken about {hours} hours apart.").format(
            hours=how.hours_apart))
    words.append(t.gettext("Take the dose your care team prescribed."))
    return " ".join(words)


def _capecitabine_day(o: Occurrence, t: Translator) -> str:
    """"day 3 of 14 in cycle 2"."""
    return t.gettext("day {day} of {days} in cycle {cycle}").format(day=o.day, days=o.days, cycle=o.cycle)


def _capecitabine_words(o: Occurrence, now: datetime, t: Translator) -> Words:
    when = _on(o.at.date(), now.date(), t)
    if o.at.date() == now.date():
        title = t.gettext("Capecitabine, {dose} dose").format(dose=o.dose)
    else:
        title = t.gettext("Capecitabine, {dose} dose {when}").format(dose=o.dose, when=when)
    if now < o.at + MISSED_GRACE:
        return Words(title, f"{_cap(_capecitabine_day(o, t))}. {_how(o, t)}")
    return Words(title, t.gettext("Your {dose} dose {when} ({day}). If you did not take it, do not take an extra "
                                  "dose to make up for it: ask your care team or pharmacist what to do.").format(
        dose=o.dose, when=when, day=_capecitabine_day(o, t)))


_WORDING = {"infusion": _infusion, "infusion_eve": _infusion_eve, "premedication": _premedication,
            "no_grapefruit": _no_grapefruit, "contraception": _contraception_words,
            "capecitabine": _capecitabine_words}


def group_missed(missed: list[Occurrence], now: datetime, t: Translator = ENGLISH) -> list[Missed]:
    """Missed reminders as rows: the copies of one repeating reminder (daily contraception, the 08:00
    capecitabine dose) make one row, "missed 7 times since Mon 30 Nov"; every other one is its own row.
    Worded in the language of `t`."""
    rows: dict[str, list[Occurrence]] = {}
    for occurrence in sorted(missed, key=lambda o: utc(o.at)):
        rows.setdefault(occurrence.series or occurrence.key, []).append(occurrence)
    found = []
    for copies in rows.values():
        first, last = copies[0], copies[-1]
        words = wording(last, now, t)
        if len(copies) == 1:
            found.append(Missed((first,), words.title, words.body, _when(first.at, t)))
            continue
        if first.kind == "capecitabine":
            title = t.gettext("Capecitabine, {dose} dose").format(dose=first.dose)
            body = t.gettext("If you did not take these doses, do not take extra doses to make up for them: ask "
                             "your care team or pharmacist what to do.")
        else:
            title, body = words.title, words.body
        # Always two or more copies here: one plural form is enough.
        found.append(Missed(tuple(copies), t.gettext("{title}, missed {count} times since {date}").format(
            title=title, count=len(copies), date=short_date(first.at.date(), t)),
            body, t.gettext("Last: {when}").format(when=_when(last.at, t))))
    return sorted(found, key=lambda row: utc(row.occurrences[0].at))


def _when(at: datetime, t: Translator) -> str:
    """"Tue 10 Mar, 08:00"."""
    return t.gettext("{date}, {clock}").format(date=short_date(at.date(), t), clock=f"{at:%H:%M}")
