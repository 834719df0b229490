"""iCalendar export: parse the file back and compare what a calendar app would see."""

from datetime import datetime, timedelta, timezone

from icalendar import Calendar

from companion.adapters.ics import to_ics
from companion.adapters.schedule_file import load_schedule_settings
from companion.core.plan import move_infusion, parse_plan
from companion.core.reminders import expand

SETTINGS = load_schedule_settings()
STAMP = datetime(2026, 2, 1, 12, tzinfo=timezone.utc)


def reminders(zone="Europe/London", **changes):
    plan = parse_plan({"timezone": zone, "first_infusion": "2026-03-10T09:00", "cycles": 4,
                       "with_capecitabine": True, "capecitabine_times": ["01:30"], **changes})
    start = datetime(2026, 1, 1, tzinfo=plan.zone)
    return plan, expand(plan, start, start + timedelta(days=365), SETTINGS)


def events(data: bytes):
    return Calendar.from_ical(data).walk("VEVENT")


def test_every_occurrence_becomes_one_event_at_the_same_instant_in_the_plan_zone():
    for zone in ("Europe/London", "America/New_York", "Australia/Sydney"):
        _, found = reminders(zone)
        data = to_ics(found, "Alice", stamp=STAMP)
        parsed = events(data)
        assert len(parsed) == len(found)
        for event, occurrence in zip(parsed, found):
            start = event.decoded("DTSTART")
            assert start.astimezone(timezone.utc) == occurrence.at.astimezone(timezone.utc)
            assert event["DTSTART"].params["TZID"] == zone
            assert str(event["SUMMARY"]) == occurrence.title and str(event["DESCRIPTION"]) == occurrence.body
        assert [tz["TZID"] for tz in Calendar.from_ical(data).walk("VTIMEZONE")] == [zone]


def test_times_around_clock_changes_survive_the_round_trip():
    # capecitabine at 01:30 London: 25 Oct 2026 has two 01:30s; the reminder is at the first one
    _, found = reminders(first_infusion="2026-10-12T09:00", cycles=1)
    fold = next(o for o in found if o.key == "capecitabine:c1:d14:01:30")
    event = next(e for e in events(to_ics([fold], "Alice", stamp=STAMP)))
    assert event.decoded("DTSTART").astimezone(timezone.utc) == datetime(2026, 10, 25, 0, 30, tzinfo=timezone.utc)


def test_each_event_has_a_display_alarm_at_its_start_and_a_utc_stamp():
    _, found = reminders()
    for event in events(to_ics(found[:5], "Alice", stamp=STAMP)):
        (alarm,) = event.walk("VALARM")
        assert str(alarm["ACTION"]) == "DISPLAY" and alarm.decoded("TRIGGER") == timedelta(0)
        assert str(alarm["DESCRIPTION"]) == str(event["SUMMARY"])
        assert event.decoded("DTSTAMP") == STAMP


def test_uids_are_unique_and_stable_so_a_re_export_updates_instead_of_duplicating():
    plan, found = reminders()
    first = {str(e["UID"]): e for e in events(to_ics(found, "Alice", stamp=STAMP))}
    assert len(first) == len(found)
    moved = move_infusion(plan, 2, datetime(2026, 4, 2, 9, tzinfo=plan.zone))
    again = expand(moved, datetime(2026, 1, 1, tzinfo=plan.zone), datetime(2027, 1, 1, tzinfo=plan.zone), SETTINGS)
    second = {str(e["UID"]): e for e in events(to_ics(again, "Alice", stamp=STAMP))}
    assert set(second) == set(first)  # same occurrences, same UIDs
    changed = [uid for uid in first if first[uid].decoded("DTSTART") != second[uid].decoded("DTSTART")]
    assert changed and all(uid.endswith("@ixempra-companion.app") for uid in changed)
    other_patient = {str(e["UID"]) for e in events(to_ics(found, "Bob", stamp=STAMP))}
    assert not other_patient & set(first)


def test_calendar_header_and_an_empty_export():
    data = to_ics([], "Alice", stamp=STAMP)
    calendar = Calendar.from_ical(data)
    assert str(calendar["VERSION"]) == "2.0" and "Ixempra Companion" in str(calendar["PRODID"])
    assert str(calendar["X-WR-CALNAME"]) == "Alice" and not calendar.walk("VEVENT")


def test_calendar_texts_stay_true_at_each_event_time_whenever_the_file_is_made():
    # The app words a reminder at the time it shows it; a calendar shows each event at its own time.
    _, found = reminders()
    eve = next(o for o in found if o.kind == "infusion_eve")
    premed = next(o for o in found if o.kind == "premedication")
    grapefruit = next(o for o in found if o.kind == "no_grapefruit")
    after_the_infusion = datetime(2026, 3, 10, 18, tzinfo=timezone.utc)
    data = to_ics([eve, premed, grapefruit], "Alice", stamp=after_the_infusion)
    parsed = {str(e["SUMMARY"]): e for e in events(data)}
    assert set(parsed) == {"Tomorrow at 09:00: infusion", "Premedicines before your 09:00 infusion",
                           "No grapefruit during your treatment"}
    assert "is tomorrow at 09:00" in str(parsed["Tomorrow at 09:00: infusion"]["DESCRIPTION"])
    assert "not only on infusion days" in str(parsed["No grapefruit during your treatment"]["DESCRIPTION"])
