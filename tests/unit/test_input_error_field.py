"""InputError names the field it is about (issue 18): forms put the reason under their own label without reading
the message back, and the command line still prints the one line it always printed ("field: reason")."""

from __future__ import annotations

import pytest

from companion.core.clinic import ClinicError, validate
from companion.core.diary import SYMPTOM_IDS, Temperature, parse_entry
from companion.core.diary_form import parse_temperature
from companion.core.errors import InputError
from companion.core.plan import parse_plan

PLAN = {"timezone": "Europe/London", "first_infusion": "2026-03-10T09:00"}
AT = "2025-03-01T14:20:00+00:00"


def caught(parse, *args, **kwargs) -> InputError:
    with pytest.raises(InputError) as error:
        parse(*args, **kwargs)
    return error.value


def test_the_command_line_text_is_the_field_then_the_reason():
    error = InputError("expected a whole number, got \"21\".", field="cycle_days")
    assert (error.field, error.reason) == ("cycle_days", "expected a whole number, got \"21\".")
    assert str(error) == "cycle_days: expected a whole number, got \"21\"."
    whole = InputError("This file is not an Ixempra Companion backup.")
    assert whole.field is None and str(whole) == whole.reason == "This file is not an Ixempra Companion backup."


@pytest.mark.parametrize("raw, field, reason", [
    ({"temperature": {"value": 48, "unit": "C"}}, "temperature.value",
     "48 °C is outside 30-45 °C; please check it for a typing error"),
    ({"temperature": {"value": 38, "unit": "K"}}, "temperature.unit", "use \"C\" or \"F\", not 'K'"),
    ({"temperature": 38.4}, "temperature", "give an object like {\"value\": 38.4, \"unit\": \"C\"}"),
    ({"symptoms": {"nausea": 5}}, "symptoms.nausea", "severity must be a whole number 0-4"),
    ({"symptoms": {"chils": 2}}, "symptoms", "'chils' is not a known symptom id"),
    ({"at": "2025-03-01T14:20:00"}, "at", "'2025-03-01T14:20:00' has no time zone"),
    ({"at": AT + "[Europe]"}, "at", "'Europe' is not a known time zone"),
    ({"note": "x" * 5000}, "note", "keep it under"),
    ({"temp": 38.4}, "temp", "unknown field"),
])
def test_a_diary_entry_error_names_its_field(raw, field, reason):
    error = caught(parse_entry, {"id": "e1", "at": AT, **raw}, vocabulary=SYMPTOM_IDS)
    assert error.field == field
    assert error.reason.startswith(reason)
    assert str(error) == f"{field}: {error.reason}"  # what `companion triage` prints, as before


@pytest.mark.parametrize("changes, field, reason", [
    ({"first_infusion": "2026-02-30T09:00"}, "first_infusion", "2026-02-30T09:00 is not a real date and time."),
    ({"timezone": "Mars/Base"}, "timezone", "\"Mars/Base\" is not a known time zone"),
    ({"cycle_days": "21"}, "cycle_days", "expected a whole number, got \"21\"."),
    ({"cycles": 0}, "cycles", "0 is outside the accepted range"),
    ({"capecitabine_times": ["08:00", "25:00"]}, "capecitabine_times[1]", "expected a time like \"08:00\""),
    ({"capecitabine_times": ["08:00", "08:00"]}, "capecitabine_times", "each time may appear only once."),
    ({"contraception": "maybe"}, "contraception", "expected one of"),
    ({"delays": [{"cycle": 2, "to": "soon"}]}, "delays[0].to", "expected a local date and time"),
    ({"cycles": 2, "delays": [{"cycle": 3, "to": "2026-05-01T10:00"}]}, "delays", "there is no cycle 3"),
])
def test_a_plan_error_names_its_key(changes, field, reason):
    error = caught(parse_plan, {**PLAN, **changes})
    assert error.field == field
    assert error.reason.startswith(reason)
    assert str(error) == f"{field}: {error.reason}"


def test_a_plan_missing_a_key_is_about_the_whole_plan():
    error = caught(parse_plan, {"timezone": "Europe/London"})
    assert error.field is None and str(error) == "The plan needs \"first_infusion\"."


def test_the_plan_form_puts_its_own_label_in_front_of_the_reason():
    from companion.ui.plan import _form_message

    morning = caught(parse_plan, {**PLAN, "capecitabine_times": ["8 am", "20:00"]})
    assert _form_message(morning) == "Morning dose time: expected a time like \"08:00\" (24-hour clock), got \"8 am\"."
    first = caught(parse_plan, {**PLAN, "first_infusion": "2026-02-30T09:00"})
    assert _form_message(first) == "First infusion: 2026-02-30T09:00 is not a real date and time."
    # a key the form has no label for keeps the command line's words
    moved = caught(parse_plan, {**PLAN, "delays": [{"cycle": 2, "to": "soon"}]})
    assert _form_message(moved) == str(moved)


def test_the_diary_form_shows_the_reason_without_a_field_name():
    assert str(caught(parse_temperature, "60", "C")) == "60 °C is outside 30-45 °C; please check it for a typing error"
    with pytest.raises(InputError) as direct:
        Temperature(60, "C")
    assert direct.value.field == "temperature.value"  # the same rule, named for the command line


def test_clinic_problems_keep_their_own_paths():
    problems = validate({"name": "", "seed_color": "blue"})
    assert {p.path for p in problems} >= {"name", "seed_color"}
    error = ClinicError(problems)
    assert error.problems == problems and error.field is None
    assert str(error).splitlines() == [f"{p.path}: {p.message}" for p in problems]  # check-clinic's lines
