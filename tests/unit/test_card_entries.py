"""A patient's card reads only its recent diary (records.PatientRecord.recent_entries) and still shows the
same latest entry and last temperature as a read of every entry would."""

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from companion.adapters.schedule_file import load_schedule_settings
from companion.adapters.store import Store
from companion.adapters.triage_file import load_rules
from companion.core import delivery
from companion.core.overview import summarize
from companion.services import records
from companion.services.records import CARD_WINDOW, PatientRecord

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 6, 15, 12, 0, tzinfo=LONDON)


def entry(n: int, at: datetime, temperature: float | None = None) -> dict:
    found = {"id": f"e{n}", "at": f"{at.isoformat()}[Europe/London]", "symptoms": {"nausea": 1}}
    if temperature is not None:
        found["temperature"] = {"value": temperature, "unit": "C"}
    return found


def record_with(tmp_path: Path, entries: list[dict]) -> PatientRecord:
    store = Store(tmp_path / "data")
    store.save_profile({"id": "ann", "name": "Ann", "created": "2026-01-01T00:00:00+00:00"})
    for item in entries:
        store.save_entry("ann", item)
    return PatientRecord(store, "ann", ["nausea"])


def test_a_card_reads_only_the_recent_months_when_they_hold_a_temperature(tmp_path):
    old = [entry(n, NOW - timedelta(days=400 - n), 37.0) for n in range(3)]
    recent = [entry(10, NOW - timedelta(days=3), 38.2), entry(11, NOW - timedelta(days=1))]
    record = record_with(tmp_path, old + recent)
    assert [e.id for e in record.recent_entries(NOW)] == ["e10", "e11"]
    assert len(record.entries()) == 5


def test_a_card_still_finds_a_temperature_taken_long_ago(tmp_path):
    record = record_with(tmp_path, [entry(1, NOW - timedelta(days=300), 38.4),
                                    entry(2, NOW - timedelta(days=2))])
    found = record.recent_entries(NOW)
    card = summarize({"id": "ann", "name": "Ann"}, None, found, delivery.empty_state(), NOW, rules=load_rules(),
                     reminder_settings=load_schedule_settings(), fever_threshold_c=38.0)
    assert card.last_temperature is not None and card.last_temperature.temperature.celsius == 38.4
    assert card.latest_entry.id == "e2"


def test_a_card_finds_the_latest_entry_when_nothing_is_recent(tmp_path):
    record = record_with(tmp_path, [entry(1, NOW - CARD_WINDOW - timedelta(days=30))])
    assert [e.id for e in record.recent_entries(NOW)] == ["e1"]
    assert record_with(tmp_path / "empty", []).recent_entries(NOW) == []


def test_the_card_window_covers_the_latest_entry_even_one_dated_ahead(tmp_path):
    ahead = entry(3, NOW + timedelta(hours=2), 37.1)
    record = record_with(tmp_path, [entry(1, NOW - timedelta(days=200), 37.0), ahead])
    assert [e.id for e in record.recent_entries(NOW)] == ["e3"]
    assert records.CARD_WINDOW >= timedelta(days=31)
