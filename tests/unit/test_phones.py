"""Whom to call: the right number first for each advice level, never a made-up one."""

from hypothesis import given
from hypothesis import strategies as st

from companion.core.clinic import PHONE_KINDS, Phone
from companion.core.phones import ADD_NUMBER_HINT, call_list, numbers_to_call, own_phones
from companion.core.triage import Level

EMERGENCY = Phone("Emergency services (UK)", "999", "emergency")
ONCOLOGY = Phone("24-hour oncology line", "+44 1632 960001", "oncology_24h")
UNIT = Phone("Chemotherapy day unit", "+44 1632 960002", "treatment_unit")
NURSE = Phone("My nurse", "01632 960003", "other")
CLINIC = (EMERGENCY, ONCOLOGY, UNIT)


def test_emergency_puts_the_emergency_number_first_then_the_care_team():
    calls = call_list(Level.EMERGENCY, CLINIC, [NURSE])
    assert calls.first == EMERGENCY
    assert calls.others == (ONCOLOGY, UNIT, NURSE)
    assert calls.hint is None


def test_call_now_puts_the_24_hour_line_first_and_emergency_last():
    calls = call_list(Level.CALL_NOW, CLINIC, [NURSE])
    assert calls.first == ONCOLOGY
    assert calls.others == (UNIT, NURSE, EMERGENCY)


def test_call_today_prefers_the_treatment_unit_else_the_24_hour_line_and_offers_no_emergency_number():
    assert call_list(Level.CALL_TODAY, CLINIC) == call_list(Level.CALL_TODAY, CLINIC[::-1])
    assert call_list(Level.CALL_TODAY, CLINIC).first == UNIT
    assert call_list(Level.CALL_TODAY, CLINIC).others == (ONCOLOGY,)
    assert call_list(Level.CALL_TODAY, (EMERGENCY, ONCOLOGY)).first == ONCOLOGY


def test_monitor_offers_the_care_team_but_no_big_button_and_no_emergency_number():
    calls = call_list(Level.MONITOR, CLINIC)
    assert calls.first is None and calls.others == (UNIT, ONCOLOGY)


def test_without_a_care_team_number_no_number_is_invented_and_the_hint_shows():
    calls = call_list(Level.CALL_NOW, (EMERGENCY,))
    assert calls.first is None  # not the emergency number: the advice was to call the oncology line
    assert calls.others == (EMERGENCY,)
    assert calls.hint == ADD_NUMBER_HINT
    assert call_list(Level.EMERGENCY, (EMERGENCY,)).first == EMERGENCY


def test_the_patients_own_24_hour_number_is_used_when_the_clinic_has_none():
    own = own_phones([{"label": "Oncology hotline", "number": "+1 555 010 0199", "kind": "oncology_24h"}])
    calls = call_list(Level.CALL_NOW, (Phone("Emergency services (US)", "911", "emergency"),), own)
    assert calls.first == Phone("Oncology hotline", "+1 555 010 0199", "oncology_24h")
    assert calls.hint is None


def test_clinic_numbers_come_before_the_patients_own_of_the_same_kind_and_duplicates_show_once():
    own = [Phone("Hotline (mine)", "+44 1632-960001", "oncology_24h"), Phone("Ward 5", "01632 960009", "oncology_24h")]
    assert numbers_to_call(Level.CALL_NOW, CLINIC, own)[:2] == [ONCOLOGY, own[1]]


def test_unusable_own_numbers_are_left_out():
    raw = [{"label": "", "number": "123", "kind": "other"}, {"label": "Bad", "number": "call me", "kind": "other"},
           {"label": "Odd kind", "number": "123", "kind": "pager"}, "junk",
           {"label": "Nurse", "number": " 01632 960003 "}]
    assert own_phones(raw) == [NURSE.__class__("Nurse", "01632 960003", "other")]
    assert own_phones(None) == [] and own_phones({"label": "x"}) == []


phones = st.lists(st.builds(Phone, st.sampled_from(["A", "B"]), st.from_regex(r"[0-9]{3,6}", fullmatch=True),
                            st.sampled_from(PHONE_KINDS)), max_size=6)


@given(st.sampled_from(list(Level)), phones, phones)
def test_every_distinct_number_is_offered_exactly_once(level, clinic, own):
    calls = call_list(level, clinic, own)
    offered = ([calls.first] if calls.first else []) + list(calls.others)
    quiet = level in (Level.MONITOR, Level.CALL_TODAY)  # nothing recorded needs the emergency number
    expected = {p.tel_uri for p in clinic + own if not (quiet and p.kind == "emergency")}
    assert sorted(p.tel_uri for p in offered) == sorted(expected)
    if level == Level.EMERGENCY and any(p.kind == "emergency" for p in clinic + own):
        assert calls.first.kind == "emergency"
