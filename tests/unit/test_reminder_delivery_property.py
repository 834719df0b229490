"""Random plans in DST zones, ticked with restarts: every reminder is delivered once, never twice, none lost."""

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings, strategies as st

from companion.adapters.notifier import RecordingNotifier
from companion.adapters.schedule_file import load_schedule_settings
from companion.adapters.store import Store
from companion.core.plan import parse_plan
from companion.services.records import PatientRecord
from companion.services.reminders import ReminderService

SETTINGS = load_schedule_settings()
# Each zone with one of its 2026 clock changes (the plans start around it).
CHANGES = {"Europe/London": "2026-03-29", "America/New_York": "2026-11-01", "Australia/Sydney": "2026-04-05"}


@st.composite
def scenario(draw):
    zone = draw(st.sampled_from(sorted(CHANGES)))
    change = datetime.fromisoformat(CHANGES[zone])
    start = change + timedelta(days=draw(st.integers(-6, 2)))
    plan = {
        "timezone": zone, "first_infusion": f"{start:%Y-%m-%d}T{draw(st.sampled_from(['00:30', '01:30', '02:30', '09:00']))}",
        "cycle_days": draw(st.integers(7, 21)), "cycles": draw(st.integers(1, 3)),
        "with_capecitabine": draw(st.booleans()),
        "capecitabine_times": draw(st.sampled_from([["01:30", "20:00"], ["02:15", "23:45"], ["08:00", "20:00"]])),
        "contraception": draw(st.sampled_from(["can_become_pregnant", "partner_can_become_pregnant", "none"])),
        "contraception_time": draw(st.sampled_from(["01:30", "02:30", "09:00"])),
        "contraception_frequency": draw(st.sampled_from(["daily", "weekly"])),
    }
    first_tick = start.replace(tzinfo=ZoneInfo(zone)) - timedelta(days=1)
    gaps = draw(st.lists(st.integers(1, 36 * 60), min_size=5, max_size=40))  # minutes between ticks (< 7 days)
    restarts = draw(st.lists(st.booleans(), min_size=len(gaps), max_size=len(gaps)))
    return plan, first_tick.astimezone(timezone.utc), gaps, restarts


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(scenario())
def test_each_reminder_is_delivered_exactly_once_across_restarts_and_dst(tmp_path_factory, case):
    plan_dict, now, gaps, restarts = case
    data = tmp_path_factory.mktemp("data")
    plan = parse_plan(plan_dict)
    service = ReminderService(SETTINGS, RecordingNotifier())
    record = PatientRecord(Store(data), "p1", ())
    record.save_plan(plan)
    first = now
    delivered: list[str] = []
    for gap, restart in zip(gaps, restarts):
        now += timedelta(minutes=gap)
        if restart:  # the app was closed and opened again: a new store on the same files, a new service
            record.store.close()
            record = PatientRecord(Store(data), "p1", ())
            service = ReminderService(SETTINGS, RecordingNotifier())
        delivered += [o.key for o in service.tick(record, now)]
    record.store.close()

    assert len(delivered) == len(set(delivered)), "a reminder was delivered twice"
    expected = {o.key for o in service.occurrences(plan, first, now + timedelta(microseconds=1))}
    assert set(delivered) == expected, "a reminder whose time came was never delivered"
