"""Triage: clinical vignettes from the sources in data/triage.toml, and the rules that must always hold."""

import io
import json
import re
from argparse import Namespace
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from companion.adapters.triage_file import RULES_FILE, load_rules
from companion.cli import main
from companion.commands import triage as triage_command
from companion.core.diary import SYMPTOM_IDS, Temperature, new_entry
from companion.core.errors import InputError
from companion.core.triage import FEVER_FLOOR_C, MESSAGES, Level, triage
from tests.support.mirrors import MIRRORS

RULES = load_rules()
AT = datetime(2025, 3, 1, 14, 20, tzinfo=ZoneInfo("Europe/London"))
EMERGENCY_SIGNS = ("breathing_trouble", "swelling_face_throat_tongue", "chest_pain", "fainting")


def advise(symptoms=None, temp=None, unit="C", threshold=None):
    temperature = Temperature(temp, unit) if temp is not None else None
    return triage(new_entry(AT, "t1", temperature, symptoms), RULES, threshold)


def findings(advice):
    return [r.finding for r in advice.reasons]


# ------------------------------------------------------------------ vignettes

def test_an_empty_entry_means_keep_monitoring():
    advice = advise()
    assert (advice.level, advice.reasons) == (Level.MONITOR, ())
    assert advice.message.startswith("Keep recording how you feel")
    assert advice.say == "I am being treated with Ixempra (ixabepilone)."


def test_mild_nausea_alone_is_monitored():
    advice = advise({"nausea": 1})
    assert advice.level == Level.MONITOR and advice.reasons == ()
    assert "nausea or feeling sick (mild)" in advice.say


@pytest.mark.parametrize("sign", EMERGENCY_SIGNS)
@pytest.mark.parametrize("severity", [1, 2, 3, 4])
def test_emergency_signs_at_any_severity_mean_emergency_services(sign, severity):
    advice = advise({sign: severity})
    assert advice.level == Level.EMERGENCY
    assert advice.message.startswith("Call emergency services now.")
    assert advice.reasons[0].finding == sign and advice.reasons[0].level == Level.EMERGENCY


def test_emergency_comes_first_whatever_else_is_recorded():
    advice = advise({"cough": 3, "itching": 1, "constipation": 2, "breathing_trouble": 1}, temp=39.2)
    assert advice.level == Level.EMERGENCY
    assert findings(advice)[0] == "breathing_trouble"
    assert {"temperature", "cough", "two_ambers"} <= set(findings(advice))
    assert advice.message.startswith("Call emergency services now.")


def test_fever_at_the_default_threshold_means_call_now():
    advice = advise(temp=38.0)
    assert advice.level == Level.CALL_NOW
    assert advice.message == "Call your 24-hour oncology line now. Do not wait until the morning."
    (reason,) = advice.reasons
    assert reason.finding == "temperature" and reason.text == "because you recorded 38 °C (at or above 38.0 °C)"
    assert "CDC" in reason.source
    assert advise(temp=37.9).level == Level.MONITOR


def test_fahrenheit_readings_are_explained_in_fahrenheit():
    advice = advise(temp=100.4, unit="F")
    assert advice.level == Level.CALL_NOW
    assert advice.reasons[0].text == "because you recorded 100.4 °F (at or above 100.4 °F)"
    assert "I recorded 100.4 °F at 14:20." in advice.say
    assert advise(temp=100.2, unit="F").level == Level.MONITOR


def test_a_clinic_threshold_of_37_5_calls_earlier():
    assert advise(temp=37.6).level == Level.MONITOR
    advice = advise(temp=37.6, threshold=37.5)
    assert advice.level == Level.CALL_NOW and "at or above 37.5 °C" in advice.reasons[0].text
    assert "at or above 99.5 °F" in advise(temp=99.7, unit="F", threshold=37.5).reasons[0].text


@pytest.mark.parametrize("threshold", [37.4, float("nan"), "38", True])
def test_a_threshold_below_what_a_clinic_may_set_or_not_a_number_is_refused(threshold):
    with pytest.raises(InputError, match="fever threshold"):
        advise(temp=38.0, threshold=threshold)


def test_a_low_temperature_means_call_now():
    advice = advise(temp=35.7)
    assert advice.level == Level.CALL_NOW
    assert advice.reasons[0].text == "because you recorded 35.7 °C (below 36.0 °C)"
    assert "Christie" in advice.reasons[0].source
    assert advise(temp=96.6, unit="F").reasons[0].text.endswith("(below 96.8 °F)")
    assert advise(temp=36.0).level == Level.MONITOR


@pytest.mark.parametrize("symptom", ["chills", "sore_throat", "cough", "burning_urination", "vomiting",
                                     "diarrhea", "mouth_sores", "rash", "palpitations", "hives"])
def test_infection_and_red_allergy_signs_mean_call_now_even_when_mild(symptom):
    advice = advise({symptom: 1})
    assert advice.level == Level.CALL_NOW and findings(advice) == [symptom]


def test_fever_with_hives_gives_both_reasons_temperature_first():
    advice = advise({"hives": 2}, temp=38.4)
    assert advice.level == Level.CALL_NOW
    assert findings(advice) == ["temperature", "hives"]
    assert advice.reasons[1].text == "because you recorded hives (moderate)"


def test_severe_hives_or_severe_bleeding_mean_emergency():
    assert advise({"hives": 3}).level == Level.EMERGENCY
    assert advise({"bleeding_bruising": 3}).level == Level.EMERGENCY
    assert advise({"bleeding_bruising": 1}).level == Level.CALL_NOW


def test_one_amber_means_call_today():
    advice = advise({"itching": 1, "nausea": 1})
    assert advice.level == Level.CALL_TODAY
    assert advice.message == "Call your care team today."
    assert findings(advice) == ["itching"]


def test_two_ambers_make_call_now_and_say_so():
    advice = advise({"itching": 1, "constipation": 2})
    assert advice.level == Level.CALL_NOW
    assert findings(advice) == ["two_ambers", "itching", "constipation"]
    escalation = advice.reasons[0]
    assert escalation.text == ("because you recorded 2 findings that each need a call today: "
                               "together they need a call now")
    assert "UKONS" in escalation.source


def test_moderate_numbness_means_call_today_mild_is_recorded():
    assert advise({"numbness_tingling": 1}).level == Level.MONITOR
    assert advise({"numbness_tingling": 2}).level == Level.CALL_TODAY


def test_what_to_say_names_the_drug_the_readings_and_the_time():
    advice = advise({"chills": 2}, temp=38.4)
    assert advice.say == ("I am being treated with Ixempra (ixabepilone). "
                          "I recorded 38.4 °C and shivering or chills (moderate) at 14:20.")


def test_an_unknown_symptom_is_refused():
    with pytest.raises(InputError, match="not a known symptom"):
        advise({"hiccups": 2})


# ------------------------------------------------------------------ the data

def test_the_rules_cover_the_whole_vocabulary_with_sources():
    assert list(RULES.symptoms) and set(RULES.symptoms) == set(SYMPTOM_IDS)
    for symptom in RULES.symptoms.values():
        assert symptom.label and symptom.hint and symptom.why and symptom.source
        assert symptom.levels[0] == Level.MONITOR
    for sign in EMERGENCY_SIGNS:
        assert RULES.symptoms[sign].group == "emergency"
    assert (RULES.fever_default_c, RULES.fever_range_c, RULES.low_temperature_c) == (38.0, (37.5, 38.0), 36.0)


MIRRORS_AND_LABEL_COPIES = (*MIRRORS, "drugs.com", "rxlist")  # the rules cite no third-party copy at all


def test_no_rule_cites_a_site_that_mirrors_a_paid_database():
    import tomllib

    sources = tomllib.loads(RULES_FILE.read_text(encoding="utf-8"))["sources"]
    assert not [key for key, text in sources.items() if any(m in f"{key} {text}".lower() for m in MIRRORS_AND_LABEL_COPIES)]
    assert not [s.id for s in RULES.symptoms.values() if any(m in s.why.lower() for m in MIRRORS_AND_LABEL_COPIES)]


TREATMENT_ORDERS = re.compile(r"\b(skip|miss|delay|dose)\b|\b(stop|change|pause)\s+(taking|your|the|treatment|"
                              r"ixempra|capecitabine)", re.IGNORECASE)
PATIENT_TEXTS = [*MESSAGES.values(), *(s.label for s in RULES.symptoms.values()),
                 *(s.hint for s in RULES.symptoms.values())]


@pytest.mark.parametrize("text", PATIENT_TEXTS)
def test_no_text_tells_anyone_to_skip_change_or_stop_treatment(text):
    assert not TREATMENT_ORDERS.search(text), text
    assert TREATMENT_ORDERS.search("Stop taking capecitabine") and TREATMENT_ORDERS.search("skip the infusion")


@pytest.mark.parametrize("edit, complaint", [
    (('group = "allergy"\nlevels = ["monitor", "call_today", "call_today", "call_now", "call_now"]',
      'group = "allergy"\nlevels = ["monitor", "call_now", "call_today", "call_now", "call_now"]'),
     "never have a lower level"),
    (('group = "emergency"\nlevels = ["monitor", "emergency", "emergency", "emergency", "emergency"]\n'
      'source = ["christie"',
      'group = "emergency"\nlevels = ["monitor", "call_now", "emergency", "emergency", "emergency"]\n'
      'source = ["christie"'), "must be emergency"),
    (('source = ["ukons"]', 'source = ["nice"]'), "unknown"),
    (("[symptoms.dizziness]", "[symptoms.dizzyness]"), "differ from the diary"),
    (('default_c = 38.0', 'default_c = 39.0'), "outside"),
    (('levels = ["monitor", "monitor", "call_today", "call_now", "call_now"]\nsource = ["label", '
      '"app_default"]', 'levels = ["monitor", "monitor", "urgent", "call_now", "call_now"]\nsource = ["label", '
      '"app_default"]'), "unknown level 'urgent'"),
])
def test_unsafe_or_broken_rule_files_are_refused(tmp_path, edit, complaint):
    old, new = edit
    text = RULES_FILE.read_text(encoding="utf-8")
    assert old in text
    broken = tmp_path / "triage.toml"
    broken.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(InputError, match=re.escape(complaint)):
        load_rules(broken)


# ------------------------------------------------------------------ properties

severities = st.dictionaries(st.sampled_from(SYMPTOM_IDS), st.integers(0, 4), max_size=8)
temps_c = st.one_of(st.none(), st.floats(36.0, 45.0))
thresholds = st.floats(37.5, 45.0)  # above 38.0 too: the core holds the floor by itself


def level(symptoms, temp_c, threshold):
    return advise(symptoms, temp_c, "C", threshold).level


@settings(max_examples=300)
@given(severities, temps_c, thresholds, st.sampled_from(SYMPTOM_IDS), st.integers(1, 4))
def test_adding_a_symptom_or_raising_a_severity_never_lowers_the_level(symptoms, temp, threshold, symptom, severity):
    before = level(symptoms, temp, threshold)
    raised = {**symptoms, symptom: max(severity, symptoms.get(symptom, 0))}
    assert level(raised, temp, threshold) >= before


@settings(max_examples=300)
@given(severities, st.lists(st.floats(36.0, 45.0), min_size=2, max_size=2).map(sorted), thresholds)
@example({}, [36.0, 37.4], 37.5)
@example({}, [36.0, 37.9], 38.0)
@example({"itching": 1}, [37.9, 38.0], 38.0)
def test_raising_the_temperature_never_lowers_the_level(symptoms, temps, threshold):
    lower, higher = temps
    assert level(symptoms, higher, threshold) >= level(symptoms, lower, threshold)


@settings(max_examples=200)
@given(severities, st.floats(30.0, 45.0), thresholds)
def test_recording_a_temperature_never_lowers_the_level(symptoms, temp, threshold):
    assert level(symptoms, temp, threshold) >= level(symptoms, None, threshold)


@settings(max_examples=300)
@given(severities, temps_c, thresholds)
def test_every_level_above_monitor_is_explained_most_severe_first(symptoms, temp, threshold):
    advice = advise(symptoms, temp, "C", threshold)
    levels = [r.level for r in advice.reasons]
    assert levels == sorted(levels, reverse=True)
    assert advice.level == max(levels, default=Level.MONITOR)
    assert advice.message == MESSAGES[advice.level]
    assert all(r.text.startswith("because you recorded") and r.source for r in advice.reasons)


# ------------------------------------------------------------------ the command

def run_command(monkeypatch, capsys, stdin: str, **args):
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    assert triage_command.run(Namespace(**{"file": "-", "clinic": None, "lang": "en", **args})) == 0
    return json.loads(capsys.readouterr().out)


def test_the_command_prints_the_advice_as_json(monkeypatch, capsys):
    out = run_command(monkeypatch, capsys,
                      '{"temperature": {"value": 101.1, "unit": "F"}, "symptoms": {"chills": 2, "nausea": 1}}')
    assert out["level"] == "call_now"
    assert [r["finding"] for r in out["reasons"]] == ["temperature", "chills"]
    assert out["reasons"][0] == {"finding": "temperature", "level": "call_now",
                                 "text": "because you recorded 101.1 °F (at or above 100.4 °F)",
                                 "source": RULES.fever_source}
    assert out["message"].startswith("Call your 24-hour oncology line now.")
    assert out["say"].startswith("I am being treated with Ixempra (ixabepilone). I recorded 101.1 °F, "
                                 "shivering or chills (moderate) and nausea or feeling sick (mild) at ")


def test_the_command_reads_a_file(tmp_path, capsys):
    entry = tmp_path / "entry.json"
    entry.write_text('{"symptoms": {"swelling_face_throat_tongue": 1}, "at": "2025-03-01T09:05:00+01:00"}')
    assert main(["triage", str(entry)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["level"] == "emergency" and out["say"].endswith("at 09:05.")


def test_the_command_uses_the_clinic_fever_threshold(tmp_path, capsys):
    pytest.importorskip("companion.adapters.clinic_file")
    clinic = RULES_FILE.parent / "clinic.example.toml"
    if "fever_threshold_c = 37.5" not in clinic.read_text(encoding="utf-8"):
        pytest.skip("the example clinic no longer sets 37.5 °C")
    entry = tmp_path / "entry.json"
    entry.write_text('{"temperature": {"value": 37.6, "unit": "C"}}')
    assert main(["triage", str(entry), "--clinic", str(clinic)]) == 0
    assert json.loads(capsys.readouterr().out)["level"] == "call_now"
    assert main(["triage", str(entry)]) == 0
    assert json.loads(capsys.readouterr().out)["level"] == "monitor"


@pytest.mark.parametrize("text, expected", [
    ('{"symptoms": {"chils": 2}}', "did you mean 'chills'"),
    ('{"symptoms": {"nausea": 5}}', "symptoms.nausea: severity must be a whole number 0-4"),
    ('{"temperature": {"value": 48, "unit": "C"}}', "48 °C is outside 30-45 °C"),
    ('{"temperature": {"value": 38.4, "unit": "C"}', "not valid JSON"),
    ('["chills"]', "JSON object"),
])
def test_bad_input_exits_2_with_one_clear_line(tmp_path, capsys, text, expected):
    entry = tmp_path / "entry.json"
    entry.write_text(text)
    assert main(["triage", str(entry)]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and expected in captured.err and captured.err.strip().count("\n") == 0


def test_a_missing_file_is_a_clear_error(tmp_path, capsys):
    assert main(["triage", str(tmp_path / "nope.json")]) == 2
    assert "file not found" in capsys.readouterr().err


# ------------------------------------------------------------------ red flags beyond fever and allergy (issue 16)

C, T, N, E = Level.CALL_TODAY, Level.CALL_NOW, Level.MONITOR, Level.EMERGENCY
MINIMUM = {  # the least each new symptom may be, severity 1-4 (UKONS red items, CDC, cancer-centre hotlines)
    "feeling_unwell": (T, T, T, T),
    "confusion": (T, T, T, E),
    "fainting": (E, E, E, E),
    "little_urine": (T, T, T, T),
    "abdominal_pain": (C, T, T, T),
    "jaundice": (T, T, T, T),
    "hand_foot": (N, C, T, T),
    "leg_weakness": (T, T, T, T),
    "calf_swelling": (T, T, T, T),
    "line_site": (C, T, T, T),
}


@pytest.mark.parametrize("symptom", MINIMUM)
@pytest.mark.parametrize("severity", [1, 2, 3, 4])
def test_each_red_flag_is_at_least_its_minimum_level(symptom, severity):
    advice = advise({symptom: severity})
    assert advice.level >= MINIMUM[symptom][severity - 1]
    if advice.level > Level.MONITOR:
        assert advice.reasons[0].finding == symptom and advice.reasons[0].source


@pytest.mark.parametrize("symptom", ["abdominal_pain", "hand_foot", "line_site", "numbness_tingling", "nausea"])
def test_new_and_old_items_use_pro_ctcae_words_where_pro_ctcae_has_the_item(symptom):
    term = re.sub(r"^\d+ |\s*\((?:presence|frequency|severity|interference)[^)]*\)$", "", RULES.symptoms[symptom].pro_ctcae)
    plain = lambda text: re.sub(r"\W+", " ", text.lower()).replace(" your ", " ").split()  # noqa: E731
    label_words = set(plain(RULES.symptoms[symptom].label))
    assert [w for w in plain(term) if w not in label_words and w not in ("a", "site", "of", "drug", "injection",
                                                                         "or", "at", "in", "your")] == [], term


def test_a_faint_is_an_emergency_whatever_else_is_recorded():
    advice = advise({"fainting": 1, "fatigue": 4, "nausea": 2, "cough": 3}, temp=39.0)
    assert advice.level == Level.EMERGENCY and advice.reasons[0].finding == "fainting"
    assert advice.message.startswith("Call emergency services now.")


def test_very_severe_dizziness_without_a_faint_is_at_least_call_now():
    assert advise({"dizziness": 4}).level >= Level.CALL_NOW


def test_very_severe_confusion_means_emergency_services():
    assert advise({"confusion": 4}).level == Level.EMERGENCY
    assert advise({"confusion": 1}).level == Level.CALL_NOW


def test_two_new_ambers_make_call_now():
    advice = advise({"abdominal_pain": 1, "line_site": 1})
    assert advice.level == Level.CALL_NOW and findings(advice)[0] == "two_ambers"


# ------------------------------------------------------------------ the fever floor (issue 16)

@pytest.mark.parametrize("threshold", [37.5, 37.8, 38.0, 38.2, 38.5, 39.0, 45.0])
def test_38_2_is_call_now_whatever_threshold_is_given(threshold):
    assert advise(temp=38.2, threshold=threshold).level == Level.CALL_NOW
    assert advise({"nausea": 1}, temp=100.9, unit="F", threshold=threshold).level == Level.CALL_NOW


@settings(max_examples=400)
@given(severities, st.floats(FEVER_FLOOR_C, 45.0), st.floats(37.5, 1e6), st.sampled_from("CF"))
@example({}, 38.0, 38.5, "F")
@example({}, 38.0, 45.0, "C")
def test_a_reading_at_or_above_38_is_at_least_call_now_whatever_the_threshold(symptoms, celsius, threshold, unit):
    value = celsius if unit == "C" else round(celsius * 9 / 5 + 32, 1)
    value = max(value, 100.4) if unit == "F" else value
    advice = advise(symptoms, value, unit, threshold)
    assert advice.level >= Level.CALL_NOW
    assert "temperature" in findings(advice) or advice.level == Level.EMERGENCY


def test_the_reason_shows_the_line_in_force():
    assert advise(temp=37.6, threshold=37.5).reasons[0].text == "because you recorded 37.6 °C (at or above 37.5 °C)"
    assert advise(temp=38.1, threshold=38.5).reasons[0].text == "because you recorded 38.1 °C (at or above 38.0 °C)"


@pytest.mark.parametrize("value", [38.1, 38.2, 38.5])
def test_check_clinic_refuses_a_threshold_above_38(tmp_path, capsys, value):
    clinic = (RULES_FILE.parent / "clinic.example.toml").read_text(encoding="utf-8")
    path = tmp_path / "clinic.toml"
    path.write_text(re.sub(r"(?m)^fever_threshold_c = .*$", f"fever_threshold_c = {value}", clinic), encoding="utf-8")
    assert main(["check-clinic", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"fever_threshold_c: must be between 37.5 and 38.0 °C (got {value})" in err
    assert main(["triage", "-", "--clinic", str(path)]) == 2


def test_the_app_refuses_to_start_with_a_threshold_above_38(tmp_path, capsys):
    clinic = (RULES_FILE.parent / "clinic.example.toml").read_text(encoding="utf-8")
    path = tmp_path / "clinic.toml"
    path.write_text(re.sub(r"(?m)^fever_threshold_c = .*$", "fever_threshold_c = 38.5", clinic), encoding="utf-8")
    assert main(["serve", "--clinic", str(path), "--data-dir", str(tmp_path / "data"), "--port", "1"]) == 2
    assert "fever_threshold_c: must be between 37.5 and 38.0 °C (got 38.5)" in capsys.readouterr().err


def test_the_triage_command_with_a_clinic_holds_the_floor(tmp_path, monkeypatch, capsys):
    clinic = RULES_FILE.parent / "clinic.example.toml"
    for text in ('{"temperature": {"value": 38.2, "unit": "C"}}',
                 '{"temperature": {"value": 100.9, "unit": "F"}, "symptoms": {"nausea": 1}}'):
        for args in (["triage", "-"], ["triage", "-", "--clinic", str(clinic)]):
            monkeypatch.setattr("sys.stdin", io.StringIO(text))
            assert main(args) == 0
            assert json.loads(capsys.readouterr().out)["level"] == "call_now", (text, args)


def test_an_unknown_symptom_id_lists_the_known_ones(tmp_path, capsys):
    entry = tmp_path / "entry.json"
    entry.write_text('{"symptoms": {"headache": 2}}')
    assert main(["triage", str(entry)]) == 2
    err = capsys.readouterr().err
    assert err.strip().count("\n") == 0 and "'headache' is not a known symptom id" in err
    assert all(symptom in err for symptom in SYMPTOM_IDS)

