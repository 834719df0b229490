"""`companion rules`: every triage rule, as the clinic's reviewer reads it and signs it off."""

import csv
import dataclasses
import io
import tomllib

import pytest

from companion.adapters.triage_file import RULES_FILE, load_rules
from companion.cli import main
from companion.core.diary import SEVERITY_WORDS
from companion.core.rules_table import CSV_COLUMNS, build_rules_table, render_csv, render_md
from companion.core.triage import Level

RULES = load_rules()
TOML = tomllib.loads(RULES_FILE.read_text(encoding="utf-8"))
APP_DEFAULT = TOML["sources"]["app_default"]
CLINIC = """name = "Riverside Cancer Centre"
fever_threshold_c = {threshold}
[[phones]]
label = "Emergency"
number = "999"
kind = "emergency"
"""


@pytest.fixture(autouse=True)
def no_clinic_from_the_environment(monkeypatch):
    monkeypatch.delenv("COMPANION_CLINIC", raising=False)


def clinic_file(tmp_path, threshold="37.5"):
    path = tmp_path / "clinic.toml"
    path.write_text(CLINIC.format(threshold=threshold), encoding="utf-8")
    return path


def rules_output(capsys, *argv):
    assert main(["rules", *argv]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    return captured.out


def csv_rows(text):
    reader = csv.DictReader(io.StringIO(text))
    assert tuple(reader.fieldnames) == CSV_COLUMNS
    return list(reader)


def test_the_csv_has_every_symptom_of_the_loaded_rules_at_its_four_severities_with_its_level(capsys):
    rows = [r for r in csv_rows(rules_output(capsys, "--format", "csv")) if r["severity"]]
    assert [(r["symptom_id"], int(r["severity"])) for r in rows] == [
        (symptom_id, severity) for symptom_id in RULES.symptoms for severity in (1, 2, 3, 4)]
    for row in rows:
        symptom, severity = RULES.symptoms[row["symptom_id"]], int(row["severity"])
        assert (row["label"], row["group"], row["severity_word"]) == (
            symptom.label, symptom.group, SEVERITY_WORDS[severity])
        level = symptom.levels[severity]
        assert row["level"] == level.id, row
        assert row["patient_words"].startswith(level.title), row
        assert (row["why"], row["source"]) == (symptom.why, symptom.source)


def test_the_words_the_patient_sees_are_the_advice_cards(capsys):
    rows = {(r["symptom_id"], r["severity"]): r for r in csv_rows(rules_output(capsys, "--format", "csv"))}
    nausea = RULES.symptoms["nausea"]
    moderate = rows[("nausea", "2")]
    level = nausea.levels[2]
    assert level.title in moderate["patient_words"]
    assert "because you recorded nausea or feeling sick (moderate)" in moderate["patient_words"]
    emergency = rows[("breathing_trouble", "1")]["patient_words"]
    assert "Call emergency services now." in emergency


def test_rows_whose_source_includes_the_apps_own_default_are_marked(capsys):
    rows = [r for r in csv_rows(rules_output(capsys, "--format", "csv")) if r["severity"]]
    expected = {s.id for s in RULES.symptoms.values() if APP_DEFAULT in s.source}
    assert expected, "no rule cites app_default: this test would prove nothing"
    assert {r["symptom_id"] for r in rows if r["app_default"] == "yes"} == expected
    assert {r["app_default"] for r in rows if r["symptom_id"] not in expected} == {"no"}
    md = rules_output(capsys)
    for symptom_id in expected:
        line = next(line for line in md.splitlines() if line.startswith("| ") and f"| `{symptom_id}` |" in line)
        assert line.endswith("| **app default** |"), line


def test_the_temperature_and_combination_rules_close_the_csv(capsys):
    rows = csv_rows(rules_output(capsys, "--format", "csv"))
    rules = {r["symptom_id"]: r for r in rows if not r["severity"]}
    assert list(rules) == ["fever", "low_temperature", "two_ambers"] and rows[-3:] == list(rules.values())
    assert {r["level"] for r in rules.values()} == {"call_now"}
    assert rules["fever"]["label"] == "Temperature at or above 38.0 °C (100.4 °F)"  # the default clinic
    assert rules["fever"]["why"] == TOML["fever"]["why"] and rules["fever"]["source"] == RULES.fever_source
    assert rules["low_temperature"]["label"].startswith("Temperature below 36.0 °C (96.8 °F)")
    assert "because you recorded 2 findings that each need a call today" in rules["two_ambers"]["patient_words"]
    assert rules["two_ambers"]["source"] == RULES.two_ambers_source


def test_a_clinic_at_37_5_shows_37_5_c_and_99_5_f_in_both_formats(tmp_path, capsys):
    path = clinic_file(tmp_path, "37.5")
    md = rules_output(capsys, "--clinic", str(path))
    assert md.startswith("# Triage rules for clinical review: Riverside Cancer Centre\n")
    assert "Fever threshold in force: **37.5 °C (99.5 °F)**" in md
    assert "38.0 °C (100.4 °F)**" not in md
    fever = next(r for r in csv_rows(rules_output(capsys, "--clinic", str(path), "--format", "csv"))
                 if r["symptom_id"] == "fever")
    assert fever["label"] == "Temperature at or above 37.5 °C (99.5 °F)"
    assert "because you recorded 37.5 °C (at or above 37.5 °C)" in fever["patient_words"]


def test_the_clinic_comes_from_the_environment_like_other_commands(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("COMPANION_CLINIC", str(clinic_file(tmp_path, "37.8")))
    md = rules_output(capsys)
    assert "Riverside Cancer Centre" in md and "Fever threshold in force: **37.8 °C (100.0 °F)**" in md


def test_the_document_names_the_clinic_and_has_a_sign_off(capsys):
    md = rules_output(capsys)
    assert md.startswith("# Triage rules for clinical review: Ixempra Companion\n")  # the default clinic
    assert "Fever threshold in force: **38.0 °C (100.4 °F)**" in md
    sign_off = md[md.index("## Sign-off"):]
    assert "I have reviewed every rule above, with the fever threshold of 38.0 °C (100.4 °F)" in sign_off
    assert "Name: ____" in sign_off and "Signature: ____" in sign_off and "Date: ____" in sign_off
    for symptom_id, symptom in RULES.symptoms.items():
        assert md.count(f"(`{symptom_id}`, group {symptom.group})") == 1, symptom_id
        detail = md[md.index(f"(`{symptom_id}`, group"):]
        detail = detail[:detail.index("Source: ")]
        for severity in (1, 2, 3, 4):
            assert f"| {severity} {SEVERITY_WORDS[severity]} | `{symptom.levels[severity].id}` |" in detail
        if symptom.pro_ctcae:  # the reviewer can compare the words with the PRO-CTCAE item
            assert f"PRO-CTCAE item: {symptom.pro_ctcae}" in detail, symptom_id


def test_the_table_follows_the_rules_it_is_given_not_a_copy():
    nausea = dataclasses.replace(RULES.symptoms["nausea"], levels=(Level.MONITOR, Level.CALL_TODAY,
                                                                    Level.CALL_NOW, Level.CALL_NOW, Level.EMERGENCY))
    rules = dataclasses.replace(RULES, symptoms={**RULES.symptoms, "nausea": nausea})
    table = build_rules_table(rules, clinic_name="Test", fever_threshold_c=37.6, app_default_source=APP_DEFAULT)
    levels = [r.level for r in table.symptom_rows if r.symptom_id == "nausea"]
    assert levels == [Level.CALL_TODAY, Level.CALL_NOW, Level.CALL_NOW, Level.EMERGENCY]
    assert "37.6 °C (99.7 °F)" in render_md(table)
    assert csv_rows(render_csv(table))[-3]["label"] == "Temperature at or above 37.6 °C (99.7 °F)"


def test_a_threshold_above_the_floor_is_shown_held_at_the_floor():
    table = build_rules_table(RULES, clinic_name="Test", fever_threshold_c=38.5)
    assert table.fever_threshold_c == 38.0
    assert "Fever threshold in force: **38.0 °C (100.4 °F)**" in render_md(table)


def test_a_bad_clinic_file_exits_2_with_its_messages_and_prints_no_table(tmp_path, capsys):
    path = clinic_file(tmp_path, "38.3")
    assert main(["rules", "--clinic", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "fever_threshold_c: must be between 37.5 and 38.0 °C (got 38.3)" in captured.err
    assert main(["rules", "--clinic", str(tmp_path / "missing.toml"), "--format", "csv"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "file not found" in captured.err and captured.err.count("\n") == 1


def test_an_unknown_format_is_refused(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["rules", "--format", "pdf"])
    assert caught.value.code == 2 and "invalid choice: 'pdf'" in capsys.readouterr().err
