"""Reminder rules, DST handling, the schedule file and the `companion reminders` command."""

import argparse
import dataclasses
import json
import tomllib
from collections import Counter
from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings, strategies as st

from companion.adapters.schedule_file import DEFAULT_SCHEDULE, load_schedule_settings
from companion.commands import reminders as command
from companion.core.errors import InputError
from companion.core.localtime import normalize
from companion.core.plan import Plan, move_infusion, parse_plan
from companion.core.reminders import ReminderSettings, expand, group_missed, wording
from tests.support.mirrors import cites_a_mirror

UTC = timezone.utc
LONDON, NEW_YORK, SYDNEY = ZoneInfo("Europe/London"), ZoneInfo("America/New_York"), ZoneInfo("Australia/Sydney")
SETTINGS = load_schedule_settings()
BASE = {"timezone": "Europe/London", "first_infusion": "2026-03-10T09:00", "cycles": 4}


def make(**changes):
    return parse_plan({**BASE, **changes})


def at(*fields, zone=LONDON):
    return datetime(*fields, tzinfo=zone)


def utc(*fields):
    return datetime(*fields, tzinfo=UTC)


def all_of(plan, kind=None, settings_=SETTINGS):
    found = expand(plan, at(2025, 1, 1), at(2029, 1, 1), settings_)
    return [o for o in found if kind is None or o.kind == kind]


# --- data/schedule.toml ----------------------------------------------------------------------

def test_schedule_values_match_the_label_and_each_names_its_source():
    entries = tomllib.loads(DEFAULT_SCHEDULE.read_text(encoding="utf-8"))
    assert {name: e["value"] for name, e in entries.items()} == {
        "cycle_days": 21, "capecitabine_days": 14, "premedication_lead_minutes": 60,
        "contraception_months_can_become_pregnant": 7, "contraception_months_partner": 4,
        "capecitabine_after_meal_minutes": 30, "capecitabine_dose_interval_hours": 12}
    assert all("section" in e["source"] for e in entries.values())
    assert (SETTINGS.capecitabine_days, SETTINGS.premed_lead_minutes) == (14, 60)
    assert Plan.__dataclass_fields__["cycle_days"].default == entries["cycle_days"]["value"]
    for name in ("capecitabine_after_meal_minutes", "capecitabine_dose_interval_hours"):  # the words use these
        assert getattr(SETTINGS, name) == entries[name]["value"]
        assert ReminderSettings.__dataclass_fields__[name].default == entries[name]["value"]


def test_schedule_sources_cite_no_copy_of_a_paid_drug_database():
    assert not cites_a_mirror(DEFAULT_SCHEDULE.read_text(encoding="utf-8"))


def test_a_schedule_value_without_a_source_is_refused(tmp_path):
    path = tmp_path / "schedule.toml"
    path.write_text(DEFAULT_SCHEDULE.read_text(encoding="utf-8") + '\n[extra]\nvalue = 1\nsource = ""\n')
    with pytest.raises(InputError, match=r"\[extra\] needs a value and a source"):
        load_schedule_settings(path)
    path.write_text("[cycle_days\n")
    with pytest.raises(InputError, match="not valid TOML"):
        load_schedule_settings(path)


@pytest.mark.parametrize("lead", [29, 121])
def test_premedication_lead_outside_30_to_120_minutes_is_refused(lead):
    with pytest.raises(InputError, match="premed_lead_minutes"):
        dataclasses.replace(SETTINGS, premed_lead_minutes=lead)


# --- the rules -------------------------------------------------------------------------------

def test_each_infusion_brings_its_eve_premedication_grapefruit_and_infusion_reminders():
    found = expand(make(), at(2026, 3, 9), at(2026, 3, 11), SETTINGS)
    assert [(o.kind, o.at, o.key, o.cycle) for o in found] == [
        ("infusion_eve", at(2026, 3, 9, 19), "infusion_eve:c1", 1),
        ("no_grapefruit", at(2026, 3, 10, 7), "no_grapefruit:c1", 1),
        ("premedication", at(2026, 3, 10, 8), "premedication:c1", 1),
        ("infusion", at(2026, 3, 10, 9), "infusion:c1", 1),
    ]
    eve = found[0]
    assert eve.title == "Tomorrow at 09:00: infusion"
    assert "alcohol" in eve.body and "drive" in eve.body
    assert Counter(o.kind for o in all_of(make())) == {
        "infusion": 4, "infusion_eve": 4, "premedication": 4, "no_grapefruit": 4}


def test_premedication_follows_the_clinic_lead_time_in_real_minutes_across_a_clock_change():
    plan = make(first_infusion="2026-03-29T02:45", cycles=1)  # clocks went forward at 01:00 GMT
    premed = all_of(plan, "premedication", dataclasses.replace(SETTINGS, premed_lead_minutes=90))[0]
    assert premed.at == utc(2026, 3, 29, 0, 15)  # 02:45 BST is 01:45 UTC
    assert premed.at.tzinfo is LONDON and f"{premed.at:%H:%M}" == "00:15"


def test_premedication_text_names_the_drug_classes_and_the_steroid_only_after_a_reaction():
    plain = all_of(make(), "premedication")[0].body
    after_reaction = all_of(make(prior_reaction=True), "premedication")[0].body
    assert "antihistamine" in plain and "H2 blocker" in plain and "steroid" not in plain
    assert "steroid" in after_reaction


def test_wording_never_gives_doses_or_tells_to_skip_stop_or_change_a_treatment():
    plan = make(with_capecitabine=True, prior_reaction=True, contraception="can_become_pregnant")
    for o in all_of(plan):
        for now in (o.at, o.at + timedelta(hours=1), o.at + timedelta(hours=7), o.at + timedelta(days=3)):
            said = wording(o, now)
            text = f"{said.title} {said.body}".lower()
            assert not [word for word in (" mg", "skip", "stop", "ranitidine", "diphenhydramine", "increase",
                                          "reduce", "lower dose", "change your dose", "take it now")
                        if word in text], (o.key, now, text)


# --- what a reminder says when it is read late ------------------------------------------------

def test_an_evening_reminder_read_on_the_infusion_day_says_today_not_tomorrow():
    eve = all_of(make(first_infusion="2026-03-10T14:00"), "infusion_eve")[0]
    assert wording(eve, eve.at).title == "Tomorrow at 14:00: infusion" == eve.title
    on_the_day = wording(eve, at(2026, 3, 10, 8, 30))
    assert on_the_day.title == "Today at 14:00: infusion"
    assert "is today at 14:00" in on_the_day.body and "tomorrow" not in on_the_day.body.lower()
    after = wording(eve, at(2026, 3, 10, 15))
    assert "was planned for today at 14:00" in after.body and "drive you home" in after.body
    later = wording(eve, at(2026, 3, 12, 9))
    assert later.title == "Tuesday 10 March at 14:00: infusion"
    assert "today" not in later.body.lower() and "tomorrow" not in later.body.lower()


def test_a_premedication_reminder_read_after_the_infusion_time_does_not_say_before():
    premed = all_of(make(first_infusion="2026-03-10T14:00"), "premedication")[0]
    assert premed.at == at(2026, 3, 10, 13)
    assert wording(premed, at(2026, 3, 10, 13, 40)).title == "Premedicines before your 14:00 infusion"
    late = wording(premed, at(2026, 3, 10, 14, 20))
    assert late.title == "Premedicines for your 14:00 infusion"
    assert "Time for the premedicines" not in late.body
    assert "If you have not had them, tell the nurse or call your care team" in late.body
    next_week = wording(premed, at(2026, 3, 17, 9))
    assert "Tuesday 10 March" in next_week.title and "before" not in next_week.title
    assert "tell your care team" in next_week.body


def test_a_premedication_reminder_the_evening_before_a_night_infusion_says_tomorrow():
    premed = all_of(make(first_infusion="2026-03-10T00:30"), "premedication")[0]
    assert premed.at == at(2026, 3, 9, 23, 30)
    assert premed.title == "Premedicines before your infusion tomorrow at 00:30"


def test_an_infusion_reminder_read_on_a_later_day_names_its_date():
    infusion = all_of(make(), "infusion")[0]
    assert infusion.title == "Infusion today at 09:00"
    later = wording(infusion, at(2026, 3, 11, 9))
    assert later.title == "Infusion yesterday at 09:00"
    assert wording(infusion, at(2026, 3, 14, 9)).title == "Infusion on Tuesday 10 March at 09:00"
    assert "was planned for Tuesday 10 March at 09:00" in wording(infusion, at(2026, 3, 14, 9)).body


def test_a_capecitabine_dose_read_late_says_whom_to_ask_and_never_to_take_it_now():
    doses = all_of(make(with_capecitabine=True, capecitabine_times=["08:00", "20:00"]), "capecitabine")
    morning = doses[0]
    assert wording(morning, at(2026, 3, 10, 8, 10)).body.startswith("Day 1 of 14 in cycle 1. Swallow")
    late = wording(morning, at(2026, 3, 10, 11))
    assert late.title == "Capecitabine, 08:00 dose"
    assert "do not take an extra dose to make up for it" in late.body and "care team or pharmacist" in late.body
    assert "Swallow" not in late.body  # no "take it now" instructions for a dose that is hours late
    next_day = wording(morning, at(2026, 3, 11, 7))
    assert next_day.title == "Capecitabine, 08:00 dose yesterday"


def test_capecitabine_says_how_to_take_it_with_a_meal_about_12_hours_apart():
    # Xeloda label 2.1; MedlinePlus a699003: whole, with water, within 30 minutes after breakfast / dinner
    doses = all_of(make(with_capecitabine=True, capecitabine_times=["08:00", "20:00"]), "capecitabine")
    morning, evening = doses[0].body, doses[1].body
    for body in (morning, evening):
        assert "Swallow the tablets whole with a glass of water, within 30 minutes after" in body
        assert "about 12 hours apart" in body and "Take the dose your care team prescribed." in body
    assert "after breakfast" in morning and "after your evening meal" in evening
    single = all_of(make(with_capecitabine=True, capecitabine_times=["13:00"]), "capecitabine")[0].body
    assert "within 30 minutes after a meal" in single and "12 hours" not in single
    slower = dataclasses.replace(SETTINGS, capecitabine_after_meal_minutes=20)
    assert "within 20 minutes" in all_of(make(with_capecitabine=True), "capecitabine", slower)[0].body


def test_the_grapefruit_reminder_says_to_avoid_it_for_the_whole_treatment():
    # Label sec. 7 (as copied), OncoLink, FDA consumer update: no limit to infusion days.
    reminder = all_of(make(), "no_grapefruit")[0]
    for now in (reminder.at, at(2026, 3, 10, 12), at(2026, 3, 13, 9)):
        said = wording(reminder, now)
        assert said.title == "No grapefruit during your treatment"
        assert "for the whole of your Ixempra treatment" in said.body and "not only on infusion days" in said.body
        assert "infusion day:" not in f"{said.title} {said.body}".lower()
    assert "Your infusion is today at 09:00." in reminder.body


day_words = st.sampled_from(["yesterday", "today", "tomorrow"])


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_today_tomorrow_and_before_are_true_whenever_a_reminder_is_read(data):
    plan = data.draw(scenario())[0]
    first = plan.infusion(1).at
    found = [o for o in expand(plan, first - timedelta(days=2), first + timedelta(days=50), SETTINGS)
             if o.kind != "contraception"]
    kind = data.draw(st.sampled_from(sorted({o.kind for o in found})))  # each kind as often, not by count
    o = data.draw(st.sampled_from([o for o in found if o.kind == kind]))
    now = o.at + timedelta(minutes=data.draw(st.integers(-3 * 24 * 60, 10 * 24 * 60)))
    said = wording(o, now)
    text = f"{said.title} {said.body}".lower()
    about = (o.at if o.kind == "capecitabine" else o.infusion_at).date()
    today = now.astimezone(plan.zone).date()
    for shift, word in ((-1, "yesterday"), (0, "today"), (1, "tomorrow")):
        if word in text:
            assert about == today + timedelta(days=shift), (o.key, now, text)
    if o.kind == "premedication" and "before your" in text:
        assert now < o.infusion_at
    if o.kind in ("infusion_eve", "no_grapefruit") and " is " in said.body.split(".")[0]:
        assert now < o.infusion_at


# --- missed copies of one reminder: one row -------------------------------------------------

def test_seven_missed_copies_of_a_daily_reminder_are_one_row():
    plan = make(first_infusion="2026-11-24T09:00", contraception="can_become_pregnant", with_capecitabine=True,
                capecitabine_times=["08:00", "20:00"], contraception_time="09:00")
    now = at(2026, 12, 7, 8, 0)
    missed = [o for o in expand(plan, at(2026, 11, 30), now, SETTINGS)
              if o.kind == "contraception" or (o.kind == "capecitabine" and o.at >= at(2026, 12, 5))]
    rows = group_missed(missed, now)
    titles = [row.title for row in rows]
    assert titles == ["Contraception reminder, missed 7 times since Mon 30 Nov",
                      "Capecitabine, 08:00 dose, missed 2 times since Sat 05 Dec",
                      "Capecitabine, 20:00 dose, missed 2 times since Sat 05 Dec"]
    assert [len(row.occurrences) for row in rows] == [7, 2, 2]
    assert sorted(o.key for row in rows for o in row.occurrences) == sorted(o.key for o in missed)
    contraception = rows[0]
    assert contraception.body.startswith("Ixabepilone can harm an unborn baby.")
    assert contraception.when == "Last: Sun 06 Dec, 09:00"
    assert "do not take extra doses to make up for them" in rows[1].body


def test_reminders_of_one_infusion_are_never_merged_and_a_single_copy_keeps_its_own_words():
    plan = make(first_infusion="2026-03-10T14:00", contraception="can_become_pregnant")
    now = at(2026, 3, 11, 12)
    missed = expand(plan, at(2026, 3, 9), at(2026, 3, 10, 23), SETTINGS)
    rows = group_missed(missed, now)
    assert [row.title for row in rows] == [
        "Yesterday at 14:00: infusion", "No grapefruit during your treatment",
        "Contraception reminder", "Premedicines for your infusion yesterday at 14:00", "Infusion yesterday at 14:00"]
    assert all(len(row.occurrences) == 1 for row in rows)
    assert rows[2].when == "Tue 10 Mar, 09:00"


def test_capecitabine_each_dose_time_on_days_1_to_14_from_the_infusion_day():
    doses = all_of(make(with_capecitabine=True, capecitabine_times=["08:00", "20:00"]), "capecitabine")
    assert len(doses) == 4 * 14 * 2
    cycle1 = [o for o in doses if o.cycle == 1]
    assert cycle1[0].at == at(2026, 3, 10, 8) and cycle1[0].key == "capecitabine:c1:d1:08:00"
    assert cycle1[-1].at == at(2026, 3, 23, 20) and cycle1[-1].key == "capecitabine:c1:d14:20:00"
    assert not [o for o in doses if at(2026, 3, 24) <= o.at < at(2026, 3, 31)]  # the week of rest


def test_capecitabine_never_runs_into_the_next_cycle_and_follows_a_delay():
    short = all_of(make(with_capecitabine=True, cycle_days=10, capecitabine_times=["08:00"]), "capecitabine")
    assert Counter(o.cycle for o in short) == {1: 10, 2: 10, 3: 10, 4: 14}
    delayed = make(with_capecitabine=True, delays=[{"cycle": 2, "to": "2026-04-07T09:00"}])
    first_of_cycle2 = next(o for o in all_of(delayed, "capecitabine") if o.cycle == 2)
    assert first_of_cycle2.at == at(2026, 4, 7, 8)


def test_contraception_daily_from_first_infusion_until_7_months_after_the_last():
    found = all_of(make(contraception="can_become_pregnant", contraception_time="21:00"), "contraception")
    # last infusion 2026-05-12; 7 months later is 2026-12-12
    assert found[0].at == at(2026, 3, 10, 21) and found[-1].at == at(2026, 12, 12, 21)
    assert len(found) == (found[-1].at.date() - found[0].at.date()).days + 1
    assert found[0].key == "contraception:2026-03-10" and "7 months" in found[0].body
    assert "12 December 2026" in found[0].body


def test_contraception_for_a_partner_lasts_4_months_and_weekly_keeps_the_weekday():
    found = all_of(make(contraception="partner_can_become_pregnant", contraception_frequency="weekly"),
                   "contraception")
    assert found[-1].at.date() <= datetime(2026, 9, 12).date() < found[-1].at.date() + timedelta(days=7)
    assert {o.at.weekday() for o in found} == {1}  # a Tuesday, like 2026-03-10
    assert "partner" in found[0].body and "4 months" in found[0].body


def test_contraception_window_moves_with_the_last_infusion():
    plan = make(contraception="can_become_pregnant", delays=[{"cycle": 4, "to": "2026-06-30T09:00"}])
    assert all_of(plan, "contraception")[-1].at.date() == datetime(2027, 1, 30).date()


def test_contraception_off_or_not_needed_gives_nothing():
    assert not all_of(make(contraception="none"), "contraception")
    assert not all_of(make(contraception="can_become_pregnant", contraception_frequency="off"), "contraception")


def test_an_open_ended_plan_keeps_reminding():
    plan = make(cycles=None, contraception="can_become_pregnant", with_capecitabine=True)
    found = expand(plan, at(2028, 6, 1), at(2028, 6, 8), SETTINGS)
    kinds = Counter(o.kind for o in found)
    assert kinds["contraception"] == 7 and kinds["infusion"] == 1 and kinds["capecitabine"] > 0


def test_keys_stay_the_same_when_an_unrelated_part_of_the_plan_changes():
    plan = make(with_capecitabine=True, contraception="can_become_pregnant")
    before = {o.key: o.at for o in all_of(plan)}
    after = {o.key: o.at for o in all_of(move_infusion(plan, 3, at(2026, 4, 24, 9)))}
    early = {k for k, v in before.items() if v < at(2026, 4, 19)}
    assert all(after[k] == before[k] for k in early)
    assert after["infusion:c3"] == at(2026, 4, 24, 9) and before["infusion:c3"] == at(2026, 4, 21, 9)


def test_window_edges_start_included_end_excluded_and_naive_times_refused():
    plan = make()
    assert [o.kind for o in expand(plan, at(2026, 3, 10, 9), at(2026, 3, 10, 9, 1), SETTINGS)] == ["infusion"]
    assert expand(plan, at(2026, 3, 10, 8), at(2026, 3, 10, 9), SETTINGS)[-1].kind == "premedication"
    with pytest.raises(ValueError):
        expand(plan, datetime(2026, 3, 1), at(2026, 4, 1), SETTINGS)


# --- daylight saving time ------------------------------------------------------------------

@pytest.mark.parametrize("wall, expected", [
    (at(2026, 3, 29, 1, 30), utc(2026, 3, 29, 1, 0)),  # London gap 01:00-02:00 -> 02:00 BST
    (at(2026, 10, 25, 1, 30), utc(2026, 10, 25, 0, 30)),  # London fold: first 01:30 is BST
    (at(2026, 3, 8, 2, 30, zone=NEW_YORK), utc(2026, 3, 8, 7, 0)),  # gap -> 03:00 EDT
    (at(2026, 11, 1, 1, 30, zone=NEW_YORK), utc(2026, 11, 1, 5, 30)),  # fold: 01:30 EDT
    (at(2026, 10, 4, 2, 30, zone=SYDNEY), utc(2026, 10, 3, 16, 0)),  # gap -> 03:00 AEDT
    (at(2026, 4, 5, 2, 30, zone=SYDNEY), utc(2026, 4, 4, 15, 30)),  # fold: 02:30 AEDT
    (at(2026, 7, 1, 2, 30, zone=SYDNEY), utc(2026, 6, 30, 16, 30)),  # ordinary day
])
def test_normalize_moves_gap_times_forward_and_takes_the_first_of_two(wall, expected):
    assert normalize(wall).astimezone(UTC) == expected  # == across zones is False for a fold (PEP 495)
    assert normalize(wall.replace(fold=1)).astimezone(UTC) == expected


@pytest.mark.parametrize("zone, clock, gap_day, fold_day, gap_utc, fold_utc", [
    ("Europe/London", "01:30", 29, 25, utc(2026, 3, 29, 1, 0), utc(2026, 10, 25, 0, 30)),
    ("America/New_York", "02:30", 8, None, utc(2026, 3, 8, 7, 0), None),
    ("America/New_York", "01:30", None, 1, None, utc(2026, 11, 1, 5, 30)),
    ("Australia/Sydney", "02:30", 4, 5, utc(2026, 10, 3, 16, 0), utc(2026, 4, 4, 15, 30)),
])
def test_daily_reminders_fire_exactly_once_a_day_across_clock_changes(zone, clock, gap_day, fold_day,
                                                                      gap_utc, fold_utc):
    plan = parse_plan({"timezone": zone, "first_infusion": "2026-01-05T09:00", "cycles": 20,
                       "contraception": "can_become_pregnant", "contraception_time": clock})
    found = expand(plan, at(2026, 1, 6, zone=ZoneInfo(zone)), at(2027, 1, 1, zone=ZoneInfo(zone)), SETTINGS)
    daily = [o for o in found if o.kind == "contraception"]
    assert len(daily) == 360 and len({o.at.date() for o in daily}) == 360
    instants = {o.at.astimezone(UTC) for o in daily}
    assert gap_utc is None or gap_utc in instants
    assert fold_utc is None or fold_utc in instants
    same_day_other_fold = fold_utc and fold_utc + timedelta(hours=1)
    assert same_day_other_fold not in instants


# --- properties ------------------------------------------------------------------------------

zones = st.sampled_from([LONDON, NEW_YORK, SYDNEY])
clock = st.times().map(lambda t: f"{t:%H:%M}")


@st.composite
def scenario(draw):
    zone = draw(zones)
    plan = parse_plan({
        "timezone": zone.key,
        "first_infusion": f"2026-{draw(st.integers(1, 12)):02}-{draw(st.integers(1, 28)):02}T{draw(clock)}",
        "cycle_days": draw(st.integers(7, 42)), "cycles": draw(st.none() | st.integers(1, 10)),
        "with_capecitabine": draw(st.booleans()),
        "capecitabine_times": draw(st.lists(clock, min_size=1, max_size=2, unique=True)),
        "contraception": draw(st.sampled_from(["can_become_pregnant", "partner_can_become_pregnant", "none"])),
        "contraception_time": draw(clock), "contraception_frequency": draw(st.sampled_from(["daily", "weekly"])),
    })
    start = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=draw(st.integers(0, 600 * 24 * 60)))
    a, b, c = sorted(start + timedelta(minutes=draw(st.integers(0, 40 * 24 * 60))) for _ in range(3))
    return plan, a.astimezone(zone), b.astimezone(draw(zones)), c.astimezone(zone)


@settings(max_examples=80, deadline=None)
@given(scenario())
def test_windows_split_cleanly_sorted_unique_and_inside(case):
    plan, a, b, c = case
    whole = expand(plan, a, c, SETTINGS)
    assert whole == expand(plan, a, b, SETTINGS) + expand(plan, b, c, SETTINGS)
    assert len({o.key for o in whole}) == len(whole)
    assert all(a <= o.at < c and o.at.tzinfo is plan.zone for o in whole)
    assert [o.at.astimezone(UTC) for o in whole] == sorted(o.at.astimezone(UTC) for o in whole)


# --- the command -----------------------------------------------------------------------------

def run(tmp_path, plan, *extra):
    path = tmp_path / "plan.json"
    path.write_text(plan if isinstance(plan, str) else json.dumps(plan), encoding="utf-8")
    parser = argparse.ArgumentParser()
    command.add_arguments(parser)
    return command.run(parser.parse_args(["--plan", str(path), *extra]))


def test_command_prints_reminders_as_json_with_offsets(tmp_path, capsys):
    plan = {**BASE, "contraception": "can_become_pregnant", "contraception_frequency": "weekly"}
    assert run(tmp_path, plan, "--from", "2026-03-01T00:00", "--to", "2026-04-01T00:00") == 0
    items = json.loads(capsys.readouterr().out)
    assert items[0] == {"key": "infusion_eve:c1", "kind": "infusion_eve", "at": "2026-03-09T19:00:00+00:00",
                        "cycle": 1, "title": "Tomorrow at 09:00: infusion", "body": items[0]["body"]}
    assert "2026-03-31T09:00:00+01:00" in [i["at"] for i in items if i["kind"] == "infusion"]
    assert [i["at"] for i in items] == sorted(i["at"] for i in items)


def test_command_writes_an_ics_file(tmp_path, capsys):
    out = tmp_path / "out.ics"
    assert run(tmp_path, BASE, "--from", "2026-03-01T00:00", "--to", "2026-04-01T00:00", "--ics", str(out)) == 0
    assert out.read_bytes().count(b"BEGIN:VEVENT") == 8
    assert json.loads(capsys.readouterr().out)["events"] == 8


@pytest.mark.parametrize("plan, extra, message", [
    ('{"timezone": "Europe/London",\n "first_infusion": "2026-03-10T09:00",}', [], "line 2"),
    ({**BASE, "cycles": 0}, [], "plan.json: cycles"),
    (BASE, ["--from", "2026-04-01T00:00", "--to", "2026-03-01T00:00"], "--to"),
    (BASE, ["--from", "2026-13-01T00:00"], "--from"),
])
def test_command_bad_input_is_one_clear_line(tmp_path, plan, extra, message):
    args = {"--from": "2026-03-01T00:00", "--to": "2026-04-01T00:00"}
    args.update(zip(extra[::2], extra[1::2]))
    with pytest.raises(InputError) as caught:
        run(tmp_path, plan, *[x for pair in args.items() for x in pair])
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_command_missing_plan_file(tmp_path):
    parser = argparse.ArgumentParser()
    command.add_arguments(parser)
    args = parser.parse_args(["--plan", str(tmp_path / "nope.json"), "--from", "2026-03-01T00:00",
                              "--to", "2026-04-01T00:00"])
    with pytest.raises(InputError, match="file not found"):
        command.run(args)


def test_settings_need_the_contraception_months():
    with pytest.raises(TypeError):
        ReminderSettings()
    assert ReminderSettings(contraception_months_can_become_pregnant=7,
                            contraception_months_partner=4).no_grapefruit_time == time(7)
