"""The command line speaks the reader's language (issue 19): --lang CODE, else the environment's (LANGUAGE,
LC_ALL, LC_MESSAGES, LANG in gettext's order), else English. Messages, warnings, errors, help and the texts
inside JSON come from the catalog; JSON keys, ids, levels, times and numbers are the same in every language.

Every Spanish text looked for is taken from the Spanish catalog, never written here."""

import json
import re
from pathlib import Path

import pytest

from companion.adapters.catalogs import translator
from companion.adapters.clinic_file import load_clinic
from companion.adapters.store import Store
from companion.cli import environment_language, main
from companion.core.clinic import ClinicError

ES = translator("es")
VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
PLAN = {"timezone": "Europe/London", "first_infusion": "2026-03-10T09:00", "cycle_days": 21, "cycles": 2}
BROKEN_CLINIC = """name = ""
seed_color = "teal"
fever_threshold_c = 39
premed_lead_minutes = 200
languages = ["es", "en"]

[[phones]]
label = "Line"
number = "+44 (0)1632 960001"
kind = "hotline"
"""


@pytest.fixture
def env(monkeypatch):
    """Sets the locale variables as a shell would (the others unset)."""
    def set_(**values):
        for name in VARIABLES:
            monkeypatch.delenv(name, raising=False)
        for name, value in values.items():
            monkeypatch.setenv(name, value)
    set_()
    return set_


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def spanish(message: str, /, **params) -> str:
    """The Spanish catalog's text for an English message id (and the id is really translated)."""
    said = ES.gettext(message)
    assert said != message, f"not translated: {message}"
    return said.format(**params) if params else said


@pytest.mark.parametrize("environ, expected", [
    ({"LANG": "es_MX.UTF-8"}, "es"),
    ({"LANG": "es"}, "es"),
    ({"LC_MESSAGES": "es_ES@euro", "LANG": "en_US.UTF-8"}, "es"),
    ({"LANGUAGE": "fr:es_AR", "LANG": "en_US.UTF-8"}, "es"),  # LANGUAGE is a list: the first known one
    ({"LC_ALL": "C.UTF-8", "LANG": "es_MX.UTF-8"}, "en"),  # LC_ALL comes first, and C is English
    ({"LANGUAGE": "", "LANG": "es_CO.UTF-8"}, "es"),  # an empty variable is not set
    ({"LANG": "fr_FR.UTF-8"}, "en"),  # no catalog: English, quietly
    ({}, "en"),
])
def test_the_environment_names_the_language_as_gettext_reads_it(environ, expected):
    assert environment_language(environ) == expected


def test_a_spanish_environment_gets_spanish_errors_in_one_line(env, capsys, tmp_path, monkeypatch):
    env(LANG="es_MX.UTF-8")
    monkeypatch.chdir(tmp_path)  # a short file name below: messages shorten paths over 80 characters
    folder = tmp_path / "data"
    store = Store(folder)
    store.save_profile({"id": "ann", "name": "Ann", "created": "2025-01-01T00:00:00+00:00"})
    store.close()
    code, out, err = run(capsys, "export", "--data-dir", folder, "--format", "json", "--out", tmp_path / "b.json",
                         "--from", "2025-01-01")
    assert (code, out) == (2, "")
    assert err == "companion: " + spanish(
        "--from and --to apply to csv and pdf reports; a json backup holds everything.") + "\n"
    assert not (tmp_path / "b.json").exists()

    missing = Path("nowhere.json")
    code, out, err = run(capsys, "import", missing, "--data-dir", folder)
    assert (code, out) == (2, "")
    assert err.strip() == "companion: " + spanish("{file}: file not found.", file=missing)

    code, out, err = run(capsys, "--lang", "en", "import", missing, "--data-dir", folder)  # --lang wins
    assert (code, err.strip()) == (2, f"companion: {missing}: file not found.")


def test_lang_overrides_the_environment_and_json_changes_only_its_texts(env, capsys, tmp_path, monkeypatch):
    env(LANG="en_US.UTF-8")
    entry = tmp_path / "entry.json"
    entry.write_text(json.dumps({"at": "2026-03-12T10:00:00+00:00", "temperature": {"value": 38.4, "unit": "C"},
                                 "symptoms": {"chills": 2, "nausea": 1}}))
    said = {}
    for argv in (["triage", entry], ["triage", entry, "--lang", "es"], ["--lang", "es", "triage", entry]):
        code, out, err = run(capsys, *argv)
        assert (code, err) == (0, "")
        said[tuple(map(str, argv))] = json.loads(out)
    english, spanish_after, spanish_before = said.values()
    assert spanish_after == spanish_before
    assert (english["lang"], spanish_after["lang"]) == ("en", "es")
    assert ids(english) == ids(spanish_after)  # the contract: keys, ids, levels and sources
    assert english["title"] != spanish_after["title"] == ES.gettext(english["title"])
    for en, es in zip(english["reasons"], spanish_after["reasons"]):
        assert en["text"] != es["text"]


def ids(advice: dict) -> tuple:
    return (sorted(advice), advice["level"],
            [(sorted(r), r["finding"], r["level"], r["source"]) for r in advice["reasons"]])


def test_reminders_word_their_titles_in_the_language_with_the_same_keys_and_times(env, capsys, tmp_path):
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(PLAN))
    argv = ["reminders", "--plan", plan, "--from", "2026-03-09T00:00", "--to", "2026-03-12T00:00"]
    env(LANG="C.UTF-8")
    code, out, _ = run(capsys, *argv)
    english = json.loads(out)
    env(LANG="es_MX.UTF-8")
    code, out, _ = run(capsys, *argv)
    spanish_ = json.loads(out)
    assert code == 0 and english
    assert [{k: v for k, v in r.items() if k not in ("title", "body")} for r in english] == \
        [{k: v for k, v in r.items() if k not in ("title", "body")} for r in spanish_]
    assert all(en["title"] != es["title"] and en["body"] != es["body"] for en, es in zip(english, spanish_))

    # the calendar file: the same events at the same times, with the JSON's words in each language
    from icalendar import Calendar

    def events(lang: str) -> list[tuple[str, str, str]]:
        env(LANG=lang)
        out_file = tmp_path / f"{lang}.ics"
        assert run(capsys, *argv, "--ics", out_file)[0] == 0
        calendar = Calendar.from_ical(out_file.read_bytes())
        return [(str(e["summary"]), str(e["description"]), e["dtstart"].dt.isoformat()) for e in calendar.walk("VEVENT")]

    english_events, spanish_events = events("C.UTF-8"), events("es_MX.UTF-8")
    assert [e[2] for e in spanish_events] == [e[2] for e in english_events] == [r["at"] for r in english]
    assert [e[:2] for e in english_events] == [(r["title"], r["body"]) for r in english]
    assert [e[:2] for e in spanish_events] == [(r["title"], r["body"]) for r in spanish_]

    code, out, err = run(capsys, *argv[:3], "--from", "2026-03-12T00:00", "--to", "2026-03-09T00:00")
    assert (code, out) == (2, "")
    assert err.strip() == "companion: " + spanish(
        "--to ({end}) must be later than --from ({start}).", end="2026-03-09T00:00", start="2026-03-12T00:00")


def test_check_clinic_lists_spanish_problems_with_the_same_paths(env, capsys, tmp_path):
    clinic = tmp_path / "clinic.toml"
    clinic.write_text(BROKEN_CLINIC, encoding="utf-8")
    with pytest.raises(ClinicError) as raised:
        load_clinic(clinic)
    problems = raised.value.problems
    assert len(problems) >= 6

    env(LANG="en_GB.UTF-8")
    code, _, english = run(capsys, "check-clinic", clinic)
    assert code == 2
    env(LANGUAGE="es", LANG="en_GB.UTF-8")
    code, out, err = run(capsys, "check-clinic", clinic)
    assert (code, out) == (2, "")
    header, *lines = err.strip().split("\n")
    assert header == ES.ngettext("companion: {count} problem:", "companion: {count} problems:",
                                 len(problems)).format(count=len(problems))
    assert [line.split(": ", 1)[0] for line in lines] == [f"  {p.path}" for p in problems]
    assert lines == [f"  {p.told(ES)}" for p in problems]
    assert all(es != en for es, en in zip(lines, english.strip().split("\n")[1:]))
    # what the file said and the numbers it breaks are kept as written
    assert any('"teal"' in line and "#00796B" in line for line in lines)
    assert any("39" in line and "37.5" in line and "38.0" in line for line in lines)


def test_check_clinic_summary_in_spanish(env, capsys):
    env(LANG="es_MX.UTF-8")
    code, out, err = run(capsys, "check-clinic")
    assert (code, err) == (0, "")
    first = out.split("\n")[0]
    assert first.startswith(spanish("OK: {file}", file="").strip())
    assert spanish("Phones:") in out.split("\n")


def test_an_unknown_lang_is_one_line_and_an_unknown_environment_is_english(env, capsys, tmp_path):
    env(LANG="fr_FR.UTF-8")
    code, out, err = run(capsys, "--lang", "xx", "check-clinic")
    assert (code, out) == (2, "") and err.count("\n") == 1 and "xx" in err
    code, out, err = run(capsys, "check-clinic")
    assert code == 0 and out.startswith("OK: ")


def test_help_is_in_the_language(env, capsys):
    env(LANG="es_MX.UTF-8")
    with pytest.raises(SystemExit) as done:
        main(["export", "--help"])
    assert done.value.code == 0
    shown = " ".join(capsys.readouterr().out.split())
    assert shown.startswith(spanish("usage: ").strip() + " companion export")
    for message in ("show this help message and exit", "export a backup (json) or a diary report for the clinic "
                    "(csv, pdf)", "file to write", "last day of the report, included"):
        assert " ".join(spanish(message).split()) in shown
    assert not re.search(r"\bfile to write\b", shown)


def test_a_diary_month_it_cannot_read_stops_the_backup_in_spanish(env, capsys, tmp_path):
    folder = tmp_path / "data"
    store = Store(folder)
    store.save_profile({"id": "ann", "name": "Ann", "created": "2025-01-01T00:00:00+00:00"})
    store.save_entry("ann", {"id": "e1", "at": "2026-03-02T10:00:00+00:00", "symptoms": {"nausea": 1}})
    store.close()
    newer = {"_meta": {"1": {"schema": 99, "app": "companion"}}, "entries": {}}
    (folder / "diary" / "ann" / "2026-03.json").write_text(json.dumps(newer))
    env(LANG="es_MX.UTF-8")
    code, out, err = run(capsys, "export", "--data-dir", folder, "--format", "json", "--out", tmp_path / "b.json")
    assert (code, out) == (2, "") and err.count("\n") == 1
    sentence = spanish("{problem} The backup would miss its entries, so nothing was written.").replace("{problem} ", "")
    assert err.startswith("companion: ") and err.strip().endswith(sentence)
    assert "Its entries are not shown" not in err  # the store's words for a screen; the command says what it did
    assert not (tmp_path / "b.json").exists()


def test_the_clinic_report_is_in_the_commands_language(env, capsys, tmp_path):
    folder = tmp_path / "data"
    store = Store(folder)
    store.save_profile({"id": "ann", "name": "Ann", "created": "2025-01-01T00:00:00+00:00"})
    store.put_doc("ann", "plan", PLAN)
    store.save_entry("ann", {"id": "e1", "at": "2026-03-12T10:00:00+00:00",
                             "temperature": {"value": 38.6, "unit": "C"}, "symptoms": {"chills": 1}})
    store.close()
    made = {}
    for lang in ("en", "es"):
        out = tmp_path / f"report-{lang}.csv"
        code, said, err = run(capsys, "--lang", lang, "export", "--data-dir", folder, "--format", "csv", "--out", out)
        assert (code, err) == (0, ""), err
        assert json.loads(said)["entries"] == 1  # the same JSON summary in every language
        made[lang] = out.read_text(encoding="utf-8").splitlines()
    assert len(made["en"]) == len(made["es"]) and made["en"] != made["es"]
    assert "38.6" in made["en"][1] and "38.6" in made["es"][1]


def test_a_missing_profile_is_one_spanish_line(env, capsys, tmp_path):
    folder = tmp_path / "data"
    store = Store(folder)
    store.save_profile({"id": "ann", "name": "Ann", "created": "2025-01-01T00:00:00+00:00"})
    store.close()
    argv = ["export", "--data-dir", folder, "--format", "csv", "--out", tmp_path / "r.csv", "--profile", "Bob"]
    env(LANG="en_US.UTF-8")
    code, out, english = run(capsys, *argv)
    assert (code, out) == (2, "")
    env(LANG="es_MX.UTF-8")
    code, out, err = run(capsys, *argv)
    assert (code, out) == (2, "") and err.count("\n") == 1 and err.startswith("companion: ")
    assert err == "companion: " + spanish("There is no profile {name}; the profiles are {names}.",
                                          name="'Bob'", names="'Ann'") + "\n"
    assert english == "companion: There is no profile 'Bob'; the profiles are 'Ann'.\n"
    assert not (tmp_path / "r.csv").exists()
