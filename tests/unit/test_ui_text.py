"""The diary screen's words: checklist groups, typed temperatures, entry summaries."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from companion.adapters.triage_file import load_rules
from companion.core.diary import SYMPTOM_IDS, Temperature, new_entry
from companion.core.diary_form import checklist, parse_temperature, symptoms_text
from companion.core.errors import InputError

RULES = load_rules()
AT = datetime(2025, 3, 1, 14, 20, tzinfo=ZoneInfo("Europe/London"))


def test_checklist_shows_emergency_signs_first_and_every_symptom_once():
    groups = checklist(RULES.symptoms)
    title, first = groups[0]
    assert title == "Emergency signs"
    assert {s.id for s in first} == {"breathing_trouble", "swelling_face_throat_tongue", "chest_pain"}
    listed = [s.id for _, items in groups for s in items]
    assert sorted(listed) == sorted(SYMPTOM_IDS)
    assert len({title for title, _ in groups}) == len(groups)


@pytest.mark.parametrize("typed, unit, expected", [
    ("38.4", "C", Temperature(38.4, "C")), (" 38,4 ", "C", Temperature(38.4, "C")),
    ("100.9 °F", "F", Temperature(100.9, "F")), ("", "C", None), (None, "F", None),
])
def test_typed_temperatures_are_read_as_the_patient_meant(typed, unit, expected):
    assert parse_temperature(typed, unit) == expected


def test_an_impossible_temperature_says_so_in_plain_words():
    with pytest.raises(InputError) as caught:
        parse_temperature("60", "C")
    assert str(caught.value) == "60 °C is outside 30-45 °C; please check it for a typing error"
    with pytest.raises(InputError, match="outside 86-113 °F"):
        parse_temperature("38.4", "F")  # a Celsius reading typed while °F is chosen
    with pytest.raises(InputError, match="Type the temperature as a number"):
        parse_temperature("hot", "C")


def test_entry_summary_lists_symptoms_in_checklist_order_with_their_severity():
    entry = new_entry(AT, "e1", None, {"nausea": 1, "chills": 2})
    assert symptoms_text(entry, RULES.symptoms) == "Shivering or chills (moderate), nausea or feeling sick (mild)"
    assert symptoms_text(new_entry(AT, "e2"), RULES.symptoms) == "No symptoms recorded"
