"""The caregiver overview: what a caregiver sees on each patient's card, and the report period."""

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from companion.adapters.schedule_file import load_schedule_settings
from companion.adapters.triage_file import load_rules
from companion.core import delivery
from companion.core.diary import Entry, Temperature
from companion.core.errors import InputError
from companion.core.overview import (
    default_report_days,
    parse_report_days,
    report_bounds,
    summarize,
)
from companion.core.plan import Contraception, Plan
from companion.core.reminders import expand
from companion.core.triage import Level

RULES = load_rules()
SETTINGS = load_schedule_settings()
PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 3, 20, 12, 0, tzinfo=timezone.utc)
PROFILE = {"id": "p1", "name": "Ann"}


def entry(id, hours_ago, temp=None, **symptoms):
    return Entry(id=id, at=NOW - timedelta(hours=hours_ago), temperature=Temperature(temp, "C") if temp else None,
                 symptoms=symptoms)


def summary(plan=None, entries=(), state=None, threshold=38.0):
    return summarize(PROFILE, plan, entries, state or delivery.empty_state(), NOW, rules=RULES,
                     reminder_settings=SETTINGS, fever_threshold_c=threshold)


def test_latest_entry_gives_the_advice_level_even_when_an_older_one_was_worse():
    s = summary(entries=[entry("new", 1, nausea=1), entry("old", 30, temp=38.6)])
    assert s.latest_entry.id == "new" and s.latest_advice.level is Level.MONITOR
    assert s.last_temperature.id == "old" and s.last_temperature.temperature.value == 38.6
    assert s.entries == 2 and s.name == "Ann"


def test_a_fever_in_the_latest_entry_means_call_now_and_the_clinic_threshold_counts():
    assert summary(entries=[entry("a", 1, temp=38.1)]).latest_advice.level is Level.CALL_NOW
    assert summary(entries=[entry("a", 1, temp=37.7)]).latest_advice.level is Level.MONITOR
    assert summary(entries=[entry("a", 1, temp=37.7)], threshold=37.5).latest_advice.level is Level.CALL_NOW


def test_a_patient_without_plan_or_entries_has_an_empty_card():
    s = summary()
    assert (s.next_infusion, s.latest_advice, s.last_temperature, s.missed_reminders, s.entries) == (
        None, None, None, 0, 0)


def test_next_infusion_is_the_first_one_still_to_come():
    plan = Plan(first_infusion=datetime(2026, 3, 1, 9, 0, tzinfo=PARIS), cycles=4)
    assert summary(plan).next_infusion.cycle == 2  # 1 March passed; 22 March is next
    finished = Plan(first_infusion=datetime(2026, 1, 1, 9, 0, tzinfo=PARIS), cycles=2)
    assert summary(finished).next_infusion is None


def test_missed_reminders_count_those_of_the_last_week_not_marked_done():
    plan = Plan(first_infusion=datetime(2026, 3, 1, 9, 0, tzinfo=PARIS), contraception=Contraception.CAN_BECOME_PREGNANT,
                contraception_time=time(9))
    week = expand(plan, NOW - timedelta(days=7), NOW, SETTINGS)
    assert summary(plan).missed_reminders == len(week) == 7  # a daily reminder, nothing done
    state = delivery.empty_state()
    for occurrence in week[:5]:
        state = delivery.mark_done(state, occurrence, NOW)
    assert summary(plan, state=state).missed_reminders == 2


def test_default_report_period_is_three_weeks_or_back_to_the_last_infusion():
    assert default_report_days(None, NOW) == (date(2026, 2, 27), date(2026, 3, 20))
    plan = Plan(first_infusion=datetime(2026, 2, 20, 9, 0, tzinfo=PARIS), cycle_days=35)
    assert default_report_days(plan, NOW) == (date(2026, 2, 20), date(2026, 3, 20))
    recent = Plan(first_infusion=datetime(2026, 3, 19, 9, 0, tzinfo=PARIS))
    assert default_report_days(recent, NOW) == (date(2026, 2, 27), date(2026, 3, 20))


def test_report_dates_are_checked_and_cover_whole_days_in_the_zone():
    first, last = parse_report_days(" 2026-03-01 ", "2026-03-31")
    start, end = report_bounds(first, last, PARIS)
    assert start == datetime(2026, 3, 1, tzinfo=PARIS) and end == datetime(2026, 4, 1, tzinfo=PARIS)
    # the clocks go forward on 29 March in Paris: 31 days less one hour
    assert end.astimezone(timezone.utc) - start.astimezone(timezone.utc) == timedelta(days=31, hours=-1)


@pytest.mark.parametrize("first, last, message", [
    ("1 March", "2026-03-31", "From: write a date like"),
    ("2026-03-01", "2026-02-30", "To: 2026-02-30 is not a real date"),
    ("2026-03-10", "2026-03-01", "must not be before From"),
])
def test_bad_report_dates_say_which_field(first, last, message):
    with pytest.raises(InputError, match=message):
        parse_report_days(first, last)
