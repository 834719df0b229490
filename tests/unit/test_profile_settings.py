"""Per-profile settings: what the More screen accepts and refuses."""

import pytest

from companion.core.errors import InputError
from companion.core.profile_settings import (
    care_team_phone,
    care_team_phones,
    temperature_unit,
    with_phone,
    with_temperature_unit,
    without_phone,
)



def test_temperature_unit_falls_back_to_the_clinic_default():
    assert temperature_unit({}, "C") == "C"
    assert temperature_unit(with_temperature_unit({}, "F"), "C") == "F"
    with pytest.raises(InputError):
        with_temperature_unit({}, "K")


def test_care_team_numbers_are_checked_added_and_removed():
    nurse = care_team_phone(" Oncology nurse ", " +44 20 7946 0000 ", "oncology_24h")
    assert nurse == {"label": "Oncology nurse", "number": "+44 20 7946 0000", "kind": "oncology_24h"}
    unit = care_team_phone("Day unit", "020 7946 0001", "treatment_unit")
    settings = with_phone(with_phone({"temperature_unit": "F"}, nurse), unit)
    assert care_team_phones(settings) == [nurse, unit] and settings["temperature_unit"] == "F"
    assert care_team_phones(without_phone(settings, 0)) == [unit]


@pytest.mark.parametrize("label, number, kind, message", [
    ("", "123456", "other", "Name of the number"),
    ("Nurse", "call me", "other", "Phone number: cannot be dialled"),
    ("Nurse", "+44 (0)20 7946 0000", "other", "leave out the \\(0\\)"),
    ("Nurse", "123456", "emergency", "Kind: choose one of"),
])
def test_a_bad_care_team_number_says_what_to_fix(label, number, kind, message):
    with pytest.raises(InputError, match=message):
        care_team_phone(label, number, kind)


def test_a_damaged_saved_number_is_left_out():
    settings = {"phones": [{"label": "Nurse", "number": "x"}, "junk", {"label": "GP", "number": "123", "kind": "other"}]}
    assert care_team_phones(settings) == [{"label": "GP", "number": "123", "kind": "other"}]
