"""Clinic configuration: every rule a clinic can break, the shipped files, and `companion check-clinic`."""

import argparse
import copy
import subprocess
import sys
from datetime import time
from pathlib import Path

import pytest

from companion.adapters import clinic_file
from companion.adapters.clinic_file import DATA_DIR, load_clinic, resolve_clinic_path
from companion.commands import check_clinic
from companion.core.clinic import ClinicError, Phone, Problem, parse_clinic, validate
from companion.core.errors import InputError

ROOT = Path(__file__).resolve().parents[2]
MINIMAL = {"name": "Riverside", "phones": [{"label": "Emergency", "number": "999", "kind": "emergency"}]}
KINDS = "oncology_24h, treatment_unit, emergency, other"
DIAL_RULE = "use 2-15 digits with only digits, spaces, +, -, ( and ), and + only at the start"


def with_(**changes):
    raw = copy.deepcopy(MINIMAL)
    raw.update(changes)
    return raw


def messages(raw) -> list[str]:
    return [str(p) for p in validate(raw)]


def test_minimal_clinic_gets_the_sourced_defaults():
    clinic = parse_clinic(MINIMAL)
    assert clinic.fever_threshold_c == 38.0  # CDC 100.4 °F
    assert clinic.premed_lead_minutes == 60  # label sec. 2.2 "approximately 1 hour"
    times = clinic.reminder_times
    assert (times.no_grapefruit, times.infusion_eve, times.contraception) == (time(7), time(19), time(9))
    assert times.capecitabine == (time(8), time(20))
    assert (clinic.short_name, clinic.seed_color, clinic.temperature_unit, clinic.notes) == (
        "Riverside", "#00796B", "C", ())


def test_phone_lookup_and_tel_links():
    clinic = parse_clinic(with_(phones=[
        {"label": "Line", "number": "+44 (1632) 960-001", "kind": "oncology_24h"},
        {"label": "999", "number": "999", "kind": "emergency"},
    ]))
    assert clinic.phone("oncology_24h").tel_uri == "tel:+441632960001"
    assert clinic.phone("emergency").tel_uri == "tel:999"
    assert clinic.phone("treatment_unit") is None
    assert Phone("x", " 0161 446 3000 ", "other").tel_uri == "tel:01614463000"


@pytest.mark.parametrize("changes, expected", [
    ({"name": ""}, "name: must not be empty: write the clinic name"),
    ({"name": "   "}, "name: must not be empty: write the clinic name"),
    ({"name": 12}, "name: must be text"),
    ({"short_name": ""}, "short_name: must be non-empty text"),
    ({"seed_color": "teal"}, 'seed_color: must be a colour written #RRGGBB, like #00796B (got "teal")'),
    ({"seed_color": "#12345"}, 'seed_color: must be a colour written #RRGGBB, like #00796B (got "#12345")'),
    ({"seed_color": "#GG0000"}, 'seed_color: must be a colour written #RRGGBB, like #00796B (got "#GG0000")'),
    ({"temperature_unit": "K"}, 'temperature_unit: must be "C" or "F" (got "K")'),
    ({"locale": "english"}, 'locale: must be a language tag like en-US or en-GB (got "english")'),
    ({"fever_threshold_c": 37.4}, "fever_threshold_c: must be between 37.5 and 38.0 °C (got 37.4)"),
    ({"fever_threshold_c": 38.1}, "fever_threshold_c: must be between 37.5 and 38.0 °C (got 38.1)"
     " (38.0 °C / 100.4 °F is the highest: no guideline we cite calls later)"),
    ({"fever_threshold_c": "38"}, 'fever_threshold_c: must be a number between 37.5 and 38.0 °C (got "38")'),
    ({"premed_lead_minutes": 29}, "premed_lead_minutes: must be between 30 and 120 minutes (got 29)"),
    ({"premed_lead_minutes": 121}, "premed_lead_minutes: must be between 30 and 120 minutes (got 121)"),
    ({"premed_lead_minutes": 60.5},
     "premed_lead_minutes: must be a whole number between 30 and 120 minutes (got 60.5)"),
    ({"premed_lead_minutes": True},
     "premed_lead_minutes: must be a whole number between 30 and 120 minutes (got True)"),
    ({"notes": "park in B"}, 'notes: must be a list of text, like ["Parking is free for patients."]'),
    ({"notes": ["ok", ""]}, "notes[2]: must be non-empty text"),
    ({"reminder_times": {"no_grapefruit": "7am"}},
     'reminder_times.no_grapefruit: must be a 24-hour time like "07:00" (got "7am")'),
    ({"reminder_times": {"infusion_eve": "24:00"}},
     'reminder_times.infusion_eve: must be a 24-hour time like "07:00" (got "24:00")'),
    ({"reminder_times": {"contraception": "09:60"}},
     'reminder_times.contraception: must be a 24-hour time like "07:00" (got "09:60")'),
    ({"reminder_times": {"capecitabine": ["08:00", "8pm"]}},
     'reminder_times.capecitabine[2]: must be a 24-hour time like "08:00" (got "8pm")'),
    ({"reminder_times": {"capecitabine": ["08:00"]}},
     'reminder_times.capecitabine: capecitabine is taken twice a day (label sec. 2.1): '
     'give two different times, like ["08:00", "20:00"]'),
    ({"reminder_times": {"capecitabine": ["08:00", "08:00"]}},
     'reminder_times.capecitabine: capecitabine is taken twice a day (label sec. 2.1): '
     'give two different times, like ["08:00", "20:00"]'),
    ({"reminder_times": "07:00"}, "reminder_times: must be a table: [reminder_times]"),
    ({"fever_treshold_c": 38.0}, 'fever_treshold_c: unknown key; did you mean "fever_threshold_c"?'),
    ({"reminder_times": {"grapefruit": "07:00"}},
     'reminder_times.grapefruit: unknown key; did you mean "no_grapefruit"?'),
    ({"reminder_times": {"notes": ["x"]}},
     "reminder_times.notes: unknown key; it is a top-level setting: move it above the first [heading]"),
    ({"zzz": 1}, "zzz: unknown key; known keys: name, short_name, logo, seed_color, locale, languages, language_review, temperature_unit, "
                 "fever_threshold_c, premed_lead_minutes, auto_lock_minutes, phones, reminder_times, notes"),
])
def test_each_rule_names_the_field_and_what_is_allowed(changes, expected):
    assert messages(with_(**changes)) == [expected]


def test_name_is_required():
    raw = with_()
    del raw["name"]
    assert messages(raw) == ["name: must not be empty: write the clinic name"]


@pytest.mark.parametrize("number", ["999", "12", "+1 (555) 010-0199", "0161 446 3000", "+44 1632 960001",
                                    "123456789012345"])
def test_dialable_numbers_pass(number):
    assert validate(with_(phones=[{"label": "E", "number": number, "kind": "emergency"}])) == []


@pytest.mark.parametrize("number, expected", [
    ("1", f'cannot be dialled: {DIAL_RULE} (got "1")'),
    ("1234567890123456", f'cannot be dialled: {DIAL_RULE} (got "1234567890123456")'),
    ("12+34", f'cannot be dialled: {DIAL_RULE} (got "12+34")'),
    ("call 999", f'cannot be dialled: {DIAL_RULE} (got "call 999")'),
    ("999#", f'cannot be dialled: {DIAL_RULE} (got "999#")'),
    ("", f'cannot be dialled: {DIAL_RULE} (got "")'),
    ("+44 (0)1632 960001", 'cannot be dialled: leave out the (0) after the country code (got "+44 (0)1632 960001")'),
    (999, f'must be text in quotes, like "+1 555 010 0199"; {DIAL_RULE}'),
])
def test_numbers_that_cannot_be_dialled(number, expected):
    raw = with_(phones=[{"label": "E", "number": "999", "kind": "emergency"},
                        {"label": "Line", "number": number, "kind": "oncology_24h"}])
    assert messages(raw) == [f"phones[2].number: {expected}"]


def test_phone_entry_problems():
    raw = with_(phones=[{"label": "E", "number": "999", "kind": "emergency"},
                        {"label": "", "number": "0161 446 3000", "kind": "hotline", "fax": "1"},
                        {"number": "0161"}])
    assert messages(raw) == [
        'phones[2].fax: unknown key; known keys: label, number, kind, labels',
        'phones[2].label: must be non-empty text, like "24-hour oncology line"',
        f'phones[2].kind: must be one of {KINDS} (got "hotline")',
        "phones[3].label: is missing: every phone needs label, number, kind",
        "phones[3].kind: is missing: every phone needs label, number, kind",
    ]


def test_an_emergency_number_is_required():
    no_emergency = with_(phones=[{"label": "Line", "number": "0161 446 3000", "kind": "oncology_24h"}])
    expected = 'phones: no emergency number: add a [[phones]] entry with kind = "emergency" (e.g. 911, 999, 112)'
    assert messages(no_emergency) == [expected]
    no_phones = with_()
    del no_phones["phones"]
    assert messages(no_phones) == ['phones: no phone numbers: add a [[phones]] entry with kind = "emergency"']
    assert messages(with_(phones={"x": 1})) == [
        "phones: must be a list of [[phones]] tables with label, number and kind"]


def test_boundaries_are_allowed():
    raw = with_(fever_threshold_c=37.5, premed_lead_minutes=30, seed_color="#00796b")
    assert parse_clinic(raw).seed_color == "#00796B"
    assert validate(with_(fever_threshold_c=38.0, premed_lead_minutes=120)) == []
    assert parse_clinic(with_(fever_threshold_c=38)).fever_threshold_c == 38.0


def test_toml_local_times_are_accepted_and_capecitabine_times_sorted():
    raw = with_(reminder_times={"infusion_eve": time(18, 30), "capecitabine": ["21:00", "09:00"]})
    times = parse_clinic(raw).reminder_times
    assert times.infusion_eve == time(18, 30)
    assert times.capecitabine == (time(9), time(21))


def test_every_problem_is_listed_not_just_the_first():
    raw = {"name": "", "colour": "#00796B", "fever_threshold_c": 40, "premed_lead_minutes": 5,
           "phones": [{"label": "Line", "number": "abc", "kind": "oncology_24h"}],
           "reminder_times": {"no_grapefruit": "7"}}
    with pytest.raises(ClinicError) as caught:
        parse_clinic(raw)
    paths = [p.path for p in caught.value.problems]
    assert paths == ["colour", "name", "fever_threshold_c", "premed_lead_minutes", "phones[1].number", "phones",
                     "reminder_times.no_grapefruit"]
    assert isinstance(caught.value, InputError)
    assert str(caught.value).splitlines() == [str(p) for p in caught.value.problems]


def test_not_a_table():
    assert validate(["name"]) == [Problem("clinic", "must be a table of settings")]


# --- files -----------------------------------------------------------------

def test_shipped_example_and_default_load():
    example = load_clinic(DATA_DIR / "clinic.example.toml")
    assert example.fever_threshold_c == 37.5 and example.phone("oncology_24h") is not None
    assert example.notes and example.temperature_unit == "C"
    default = load_clinic(DATA_DIR / "clinic.default.toml")
    assert default.name == "Ixempra Companion"
    assert [(p.kind, p.number, p.label) for p in default.phones] == [("emergency", "911", "Emergency services (US)")]
    assert default.fever_threshold_c == 38.0 and default.premed_lead_minutes == 60


def test_example_documents_every_field():
    text = (DATA_DIR / "clinic.example.toml").read_text(encoding="utf-8")
    for key in ("name", "short_name", "logo", "seed_color", "locale", "temperature_unit", "fever_threshold_c",
                "premed_lead_minutes", "notes", "[[phones]]", "[reminder_times]", "no_grapefruit",
                "infusion_eve", "contraception", "capecitabine", "oncology_24h", "treatment_unit", "emergency"):
        assert key in text, key
    assert "CDC" in text and "sec. 2.2" in text


def test_toml_syntax_error_gives_the_line(tmp_path):
    path = tmp_path / "clinic.toml"
    path.write_text('name = "Riverside"\n\n[[phones]]\nlabel = "E"\nnumber = 999 999\n', encoding="utf-8")
    with pytest.raises(ClinicError) as caught:
        load_clinic(path)
    assert [p.path for p in caught.value.problems] == ["line 5"]
    assert str(caught.value).startswith("line 5: TOML syntax: ")
    assert "(column " in str(caught.value)


def test_unterminated_string_at_end_of_file(tmp_path):
    path = tmp_path / "clinic.toml"
    path.write_text('name = "Riverside', encoding="utf-8")
    with pytest.raises(ClinicError, match=r"^end of file: TOML syntax: unterminated string$"):
        load_clinic(path)


def test_missing_logo_is_reported_with_the_other_problems(tmp_path):
    path = tmp_path / "clinic.toml"
    path.write_text('name = "Riverside"\nlogo = "logo.png"\nfever_threshold_c = 39.0\n'
                    '[[phones]]\nlabel = "E"\nnumber = "999"\nkind = "emergency"\n', encoding="utf-8")
    with pytest.raises(ClinicError) as caught:
        load_clinic(path)
    assert str(caught.value).splitlines() == [
        "fever_threshold_c: must be between 37.5 and 38.0 °C (got 39.0)"
        " (38.0 °C / 100.4 °F is the highest: no guideline we cite calls later)",
        "logo: file not found: logo.png (relative to the clinic file)",
    ]


def test_logo_is_resolved_next_to_the_clinic_file(tmp_path, monkeypatch):
    (tmp_path / "art").mkdir()
    (tmp_path / "art" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    path = tmp_path / "clinic.toml"
    path.write_text('name = "Riverside"\nlogo = "art/logo.png"\n'
                    '[[phones]]\nlabel = "E"\nnumber = "999"\nkind = "emergency"\n', encoding="utf-8")
    monkeypatch.chdir("/")
    assert load_clinic(path).logo == str(tmp_path / "art" / "logo.png")


def test_unreadable_files(tmp_path):
    with pytest.raises(ClinicError, match="nope.toml: file not found$"):
        load_clinic(tmp_path / "nope.toml")
    latin1 = tmp_path / "latin1.toml"
    latin1.write_bytes('name = "Clinique Sainte-Thérèse"\n'.encode("latin-1"))
    with pytest.raises(ClinicError, match="is not UTF-8 text"):
        load_clinic(latin1)


def test_which_clinic_file_is_used(tmp_path, monkeypatch):
    monkeypatch.setattr(clinic_file, "DATA_DIR", tmp_path)
    env = {"COMPANION_CLINIC": "/env/clinic.toml"}
    assert resolve_clinic_path("/arg/clinic.toml", env) == Path("/arg/clinic.toml")
    assert resolve_clinic_path(None, env) == Path("/env/clinic.toml")
    assert resolve_clinic_path(None, {}) == tmp_path / "clinic.default.toml"
    (tmp_path / "clinic.toml").write_text("", encoding="utf-8")
    assert resolve_clinic_path(None, {}) == tmp_path / "clinic.toml"


def test_data_dir_is_the_shipped_data_folder():
    assert DATA_DIR == ROOT / "data"


# --- check-clinic -----------------------------------------------------------

def test_check_clinic_summarises_a_valid_file(capsys):
    assert check_clinic.run(argparse.Namespace(file=str(DATA_DIR / "clinic.example.toml"))) == 0
    out = capsys.readouterr().out
    assert "Clinic: Riverside Cancer Centre (short name: Riverside)" in out
    assert "oncology_24h    +44 1632 960001" in out
    assert "Fever threshold: 37.5 °C (99.5 °F)" in out
    assert "Premedication reminder: 60 minutes before the infusion" in out
    assert "Auto-lock with a PIN: after 5 minutes without use" in out
    assert "capecitabine 08:00 and 20:00" in out


def test_check_clinic_flags_a_default_without_oncology_line(capsys):
    assert check_clinic.run(argparse.Namespace(file=str(DATA_DIR / "clinic.default.toml"))) == 0
    out = capsys.readouterr().out
    assert "Fever threshold: 38.0 °C (100.4 °F)" in out
    assert "no 24-hour oncology line" in out


BAD = '''name = ""
shortname = "R"
fever_threshold_c = 39.0
[[phones]]
label = "Line"
number = "+44 (0)1632 960001"
kind = "oncology_24h"
'''


def test_cli_exit_codes_and_output(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(BAD, encoding="utf-8")
    run = lambda *a: subprocess.run([sys.executable, "-m", "companion", "check-clinic", *a],  # noqa: E731
                                    capture_output=True, text=True, cwd=ROOT, timeout=60)
    result = run(str(bad))
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0] == "companion: 5 problems:"
    assert [line.strip() for line in lines[1:]] == [
        'shortname: unknown key; did you mean "short_name"?',
        "name: must not be empty: write the clinic name",
        "fever_threshold_c: must be between 37.5 and 38.0 °C (got 39.0)"
        " (38.0 °C / 100.4 °F is the highest: no guideline we cite calls later)",
        'phones[1].number: cannot be dialled: leave out the (0) after the country code (got "+44 (0)1632 960001")',
        'phones: no emergency number: add a [[phones]] entry with kind = "emergency" (e.g. 911, 999, 112)',
    ]
    assert "Traceback" not in result.stderr
    ok = run(str(DATA_DIR / "clinic.example.toml"))
    assert ok.returncode == 0 and "Riverside Cancer Centre" in ok.stdout


def test_a_logo_name_too_long_for_the_system_is_a_problem_not_a_crash(tmp_path):
    path = tmp_path / "clinic.toml"
    path.write_text(f'name = "Riverside"\nlogo = "{"a" * 5000}"\n'
                    '[[phones]]\nlabel = "E"\nnumber = "999"\nkind = "emergency"\n', encoding="utf-8")
    with pytest.raises(ClinicError) as caught:
        load_clinic(path)
    [problem] = caught.value.problems
    assert problem.path == "logo" and "not a usable file name" in str(problem) and len(str(problem)) < 120


@pytest.mark.parametrize("value, expected", [
    (0, "auto_lock_minutes: must be between 1 and 30 minutes (got 0)"),
    (31, "auto_lock_minutes: must be between 1 and 30 minutes (got 31)"
         " (NIST SP 800-63B asks for the PIN again after 30 minutes without use)"),
    (2.5, "auto_lock_minutes: must be a whole number between 1 and 30 minutes (got 2.5)"),
    ("5", 'auto_lock_minutes: must be a whole number between 1 and 30 minutes (got "5")'),
    (True, "auto_lock_minutes: must be a whole number between 1 and 30 minutes (got True)"),
])
def test_auto_lock_minutes_is_a_whole_number_from_1_to_30(value, expected):
    assert messages(with_(auto_lock_minutes=value)) == [expected]


def test_auto_lock_defaults_to_5_minutes_and_the_shipped_files_say_so():
    assert parse_clinic(MINIMAL).auto_lock_minutes == 5
    assert parse_clinic(with_(auto_lock_minutes=1)).auto_lock_minutes == 1
    assert parse_clinic(with_(auto_lock_minutes=30)).auto_lock_minutes == 30
    for name in ("clinic.example.toml", "clinic.default.toml"):
        assert load_clinic(DATA_DIR / name).auto_lock_minutes == 5
        text = (DATA_DIR / name).read_text(encoding="utf-8")
        assert "auto_lock_minutes = 5" in text and "1-30" in text and "NIST SP 800-63B" in text


def test_a_clinic_offers_only_languages_the_app_can_speak(tmp_path):
    """check-clinic lists what a language lacks (its catalog, its drug content): today Spanish has the
    triage words' catalog but no drug content, so no clinic can offer it to patients yet."""
    from companion.adapters.clinic_file import load_clinic
    from companion.core.clinic import ClinicError

    base = (ROOT / "data" / "clinic.example.toml").read_text(encoding="utf-8")
    assert 'languages = ["en"]' in base
    path = tmp_path / "clinic.toml"
    path.write_text(base, encoding="utf-8")
    assert load_clinic(path).languages == ("en",)
    for languages, expected in (('["es", "en"]', "who reviewed the 'es' texts"),
                                ('["fr"]', "'fr' cannot be offered yet: missing its message catalog"),
                                ('["en", "en"]', "lists a language twice"),
                                ('"es"', "must be a list of language codes")):
        path.write_text(base.replace('languages = ["en"]', f"languages = {languages}"), encoding="utf-8")
        with pytest.raises(ClinicError) as raised:
            load_clinic(path)
        assert any(p.path.startswith("language") and expected in p.message for p in raised.value.problems), str(raised.value)


def test_spanish_needs_a_review_record_and_its_content(tmp_path):
    from companion.adapters.clinic_file import load_clinic
    from companion.core.clinic import ClinicError

    base = (ROOT / "data" / "clinic.example.toml").read_text(encoding="utf-8")
    path = tmp_path / "clinic.toml"
    path.write_text(base.replace('languages = ["en"]', 'languages = ["es", "en"]')
                    + '\n[language_review]\nes = "Dr A. Ruiz, oncology nurse, 2026-11-30"\n', encoding="utf-8")
    content = ROOT / "data" / "content"
    topics = len(list(content.glob("*.md")))
    spanish = len(list((content / "es").glob("*.md"))) if (content / "es").is_dir() else 0
    if spanish == topics:
        assert load_clinic(path).languages == ("es", "en")
    else:
        with pytest.raises(ClinicError, match=f"missing {topics - spanish} of {topics} drug information"):
            load_clinic(path)


def test_a_phone_label_in_the_clinics_other_languages():
    """A Spanish reader's call button names the line in Spanish when the clinic wrote it; else as written."""
    raw = with_(languages=["en", "es"], language_review={"es": "Dr A, 2026-12-01"},
                phones=[{"label": "Emergency", "number": "999", "kind": "emergency"},
                        {"label": "24-hour line", "number": "0161", "kind": "oncology_24h",
                         "labels": {"es": " Línea de 24 horas "}}])
    assert messages(raw) == []
    emergency, line = parse_clinic(raw).phones
    assert (line.label_in("es"), line.label_in("en"), line.label_in("fr")) == \
           ("Línea de 24 horas", "24-hour line", "24-hour line")
    assert emergency.label_in("es") == "Emergency"  # no Spanish given: the clinic's own words
    bad = with_(phones=[{"label": "E", "number": "999", "kind": "emergency", "labels": {"Spanish": "", "es": 3}}])
    assert messages(bad) == ["phones[1].labels.Spanish: must be a language code with non-empty text",
                             "phones[1].labels.es: must be a language code with non-empty text"]
    assert messages(with_(phones=[{"label": "E", "number": "999", "kind": "emergency", "labels": "Emergencia"}])) == \
        ['phones[1].labels: must be a table of language = "label", like { es = "Línea de oncología" }']
    summary = check_clinic.summary(parse_clinic(raw))
    assert "es: Línea de 24 horas" in summary
    assert "(no es label, shown as written: Emergency)" in summary  # the clinic may add one
