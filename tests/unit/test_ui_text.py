"""The diary screen's words: checklist groups, typed temperatures, entry summaries."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from companion.adapters.triage_file import load_rules
from companion.core.diary import SYMPTOM_IDS, Temperature, new_entry
from companion.core.diary_form import checklist, group_summary, open_groups, parse_temperature, symptoms_text
from companion.core.errors import InputError

RULES = load_rules()
AT = datetime(2025, 3, 1, 14, 20, tzinfo=ZoneInfo("Europe/London"))


def test_checklist_shows_emergency_signs_first_and_every_symptom_once():
    groups = checklist(RULES.symptoms)
    assert groups[0].title == "Emergency signs"
    assert {s.id for s in groups[0].symptoms} == {"breathing_trouble", "swelling_face_throat_tongue", "chest_pain",
                                                  "fainting", "confusion"}
    assert [g.title for g in groups] == ["Emergency signs", "Signs of infection", "Signs of an allergic reaction",
                                         "Mouth, stomach, bowels and bladder", "Nerves and skin", "Other symptoms"]
    listed = [s.id for g in groups for s in g.symptoms]
    assert sorted(listed) == sorted(SYMPTOM_IDS)


def test_the_form_opens_the_emergency_signs_and_the_groups_used_last_time():
    last = new_entry(AT, "e1", None, {"chills": 2, "nausea": 1})
    assert open_groups(RULES.symptoms, None) == {"emergency"}
    assert open_groups(RULES.symptoms, last) == {"emergency", "infection", "stomach"}
    assert open_groups(RULES.symptoms, last, new_entry(AT, "e2", None, {"rash": 1})) == {
        "emergency", "infection", "stomach", "nerves_skin"}


def test_a_folded_group_says_what_is_ticked_in_it():
    infection = checklist(RULES.symptoms)[1]
    assert group_summary(infection, {"cough": 1, "chills": 3, "nausea": 2}) == \
        "Shivering or chills (severe), cough (mild)"
    assert group_summary(infection, {"chills": 0}) == "6 symptoms, none ticked"


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
