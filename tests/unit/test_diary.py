"""Diary entries: what a person may record, and what is refused with a clear line."""

import json
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from companion.core.diary import (SEVERITY_WORDS, SYMPTOM_IDS, Entry, Temperature, entry_to_dict, new_entry,
                                  parse_entry)
from companion.core.errors import InputError

LONDON = ZoneInfo("Europe/London")
AT = "2025-03-01T14:20:00+00:00"


def parse(**fields):
    return parse_entry({"id": "e1", "at": AT, **fields}, vocabulary=SYMPTOM_IDS)


def refused(**fields) -> str:
    with pytest.raises(InputError) as caught:
        parse(**fields)
    message = str(caught.value)
    assert "\n" not in message and "Traceback" not in message
    return message


def test_a_full_entry_is_read():
    e = parse(temperature={"value": 38.4, "unit": "c"}, symptoms={"chills": 2, "nausea": 0}, note="after lunch")
    assert e.at == datetime(2025, 3, 1, 14, 20, tzinfo=timezone.utc)
    assert (e.temperature.value, e.temperature.unit, str(e.temperature)) == (38.4, "C", "38.4 °C")
    assert e.symptoms == {"chills": 2}  # "none" is not kept
    assert e.note == "after lunch"


def test_fahrenheit_converts_to_celsius():
    assert Temperature(100.4, "F").celsius == pytest.approx(38.0)
    assert Temperature(96.8, "F").celsius == pytest.approx(36.0)
    assert str(Temperature(101.1, "F")) == "101.1 °F"


@pytest.mark.parametrize("value, unit", [(30, "C"), (45, "C"), (86, "F"), (113, "F"), (36.6, "C")])
def test_possible_temperatures_are_accepted(value, unit):
    assert parse(temperature={"value": value, "unit": unit}).temperature.value == value


@pytest.mark.parametrize("value, unit", [(29.9, "C"), (45.1, "C"), (85.9, "F"), (113.5, "F"), (384, "C"),
                                         (98.6, "C"), (37.0, "F")])
def test_impossible_temperatures_are_refused_as_typing_errors(value, unit):
    message = refused(temperature={"value": value, "unit": unit})
    assert message.startswith("temperature.value:") and "typing error" in message


@pytest.mark.parametrize("temperature, field", [
    ({"value": 38, "unit": "K"}, "temperature.unit"),
    ({"value": "38", "unit": "C"}, "temperature.value"),
    ({"value": True, "unit": "C"}, "temperature.value"),
    ({"value": 38}, "temperature"),
    (38.4, "temperature"),
])
def test_malformed_temperatures_are_refused(temperature, field):
    assert refused(temperature=temperature).startswith(field)


def test_an_unknown_symptom_is_refused_with_a_suggestion():
    message = refused(symptoms={"chils": 2})
    assert "'chils' is not a known symptom id" in message and "did you mean 'chills'" in message


@pytest.mark.parametrize("severity", [5, -1, 2.0, "2", True, None])
def test_severity_must_be_a_whole_number_0_to_4(severity):
    message = refused(symptoms={"nausea": severity})
    assert message.startswith("symptoms.nausea:") and "0-4" in message


@pytest.mark.parametrize("fields, start", [
    ({"at": "2025-03-01T14:20:00"}, "at:"),  # naive: no zone
    ({"at": "yesterday"}, "at:"),
    ({"at": "2025-03-01T14:20:00+00:00[Mars/Olympus]"}, "at:"),
    ({"at": None}, "at:"),
    ({"note": "x" * 2001}, "note:"),
    ({"id": ""}, "id:"),
    ({"symtoms": {"chills": 1}}, "symtoms:"),
    ({"symptoms": ["chills"]}, "symptoms:"),
])
def test_other_bad_fields_are_named(fields, start):
    assert refused(**fields).startswith(start)


def test_a_non_object_is_refused():
    with pytest.raises(InputError, match="JSON object"):
        parse_entry(["chills"], vocabulary=SYMPTOM_IDS)


def test_new_entry_needs_an_aware_time():
    e = new_entry(datetime(2025, 3, 1, 9, 0, tzinfo=LONDON), "n1", Temperature(37.2, "C"), {"fatigue": 1})
    assert e.symptoms == {"fatigue": 1} and e.note == ""
    with pytest.raises(InputError, match="time zone"):
        new_entry(datetime(2025, 3, 1, 9, 0), "n2")


def test_the_zone_name_survives_a_round_trip():
    e = new_entry(datetime(2025, 7, 1, 9, 0, tzinfo=LONDON), "z1")
    d = entry_to_dict(e)
    assert d["at"] == "2025-07-01T09:00:00+01:00[Europe/London]"
    assert parse_entry(d, vocabulary=SYMPTOM_IDS).at.tzinfo == LONDON


def test_zero_severities_are_dropped_from_the_stored_form():
    e = Entry("d1", datetime(2025, 3, 1, tzinfo=timezone.utc), None, {"nausea": 0, "cough": 1})
    assert entry_to_dict(e)["symptoms"] == {"cough": 1}


zones = st.sampled_from([timezone.utc, timezone(timedelta(hours=-5)), LONDON, ZoneInfo("America/New_York")])
temperatures = st.one_of(
    st.none(),
    st.builds(Temperature, st.floats(30, 45).map(lambda v: round(v, 1)), st.just("C")),
    st.builds(Temperature, st.floats(86, 113).map(lambda v: round(v, 1)), st.just("F")),
)
entries = st.builds(
    Entry,
    id=st.text(min_size=1, max_size=20).filter(str.strip),
    at=st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2035, 1, 1), timezones=zones,
                     allow_imaginary=False),  # a diary time is a real instant (from the clock)
    temperature=temperatures,
    symptoms=st.dictionaries(st.sampled_from(SYMPTOM_IDS), st.integers(0, 4)),
    note=st.text(max_size=2000),
)


@given(entries)
def test_entries_round_trip_through_json(entry):
    again = parse_entry(json.loads(json.dumps(entry_to_dict(entry))), vocabulary=SYMPTOM_IDS)
    assert again == entry
    assert again.at.utcoffset() == entry.at.utcoffset()


def test_severity_words_are_the_pro_ctcae_ones():
    assert SEVERITY_WORDS == ("none", "mild", "moderate", "severe", "very severe")


@pytest.mark.parametrize("zone", ["Europe", "a" * 300, "zone1970.tab"])
def test_a_zone_name_that_is_a_tzdata_folder_or_too_long_is_refused(zone):
    message = refused(at=f"{AT}[{zone}]")
    assert message.startswith("at:") and "not a known time zone" in message


@pytest.mark.parametrize("unit", [[], {}, None, 1])
def test_a_unit_that_is_not_text_is_refused(unit):
    assert refused(temperature={"value": 38, "unit": unit}).startswith("temperature.unit:")
