"""The message catalogs: every text the app marks has a Spanish translation, the compiled catalog is the
one in the .po, placeholders survive translation; and the language changes words only - the same entry
gives the same level, the same findings and the same numbers in English and in Spanish."""

import io
import json
import re
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from hypothesis import given, settings, strategies as st

from companion.adapters.catalogs import LOCALE_DIR, translator
from companion.adapters.triage_file import load_rules
from companion.core.diary import SEVERITY_WORDS, Entry, Temperature
from companion.core.i18n import LANGUAGES, choose
from companion.core.triage import triage

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {"N_": None, "gettext": None, "ngettext": (1, 2), "tr": None}
RULES = load_rules()
PLACEHOLDER = re.compile(r"\{[a-z_]*\}")


def extracted() -> set[str]:
    """What `make catalogs` extracts now: the code's marked texts and the rules' patient words."""
    sys.path.insert(0, str(ROOT))
    try:
        from tools.babel_extract import extract_triage

        found = {m[1] if isinstance(m[1], str) else m[1][0]
                 for path in sorted((ROOT / "companion").rglob("*.py"))
                 for m in extract_from_file("python", path, KEYWORDS)}
        with open(ROOT / "data" / "triage.toml", "rb") as f:
            found |= {m[2] for m in extract_triage(f, KEYWORDS, [], {})}
    finally:
        sys.path.remove(str(ROOT))
    return found


def po(language: str):
    with open(LOCALE_DIR / language / "LC_MESSAGES" / "companion.po", "rb") as f:
        return read_po(f)


@pytest.mark.parametrize("language", [code for code in LANGUAGES if code != "en"])
def test_every_text_has_a_translation(language):
    catalog = po(language)
    def translated(message) -> bool:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        return all(strings) and not message.fuzzy

    missing = sorted(text for text in extracted() if not (catalog.get(text) and translated(catalog.get(text))))
    assert not missing, f"{len(missing)} text(s) without a {language} translation (make catalogs, then translate): " \
                        f"{missing[:5]}"


@pytest.mark.parametrize("language", [code for code in LANGUAGES if code != "en"])
def test_translations_keep_every_placeholder(language):
    for message in po(language):
        if message.id and message.string:
            source = message.id if isinstance(message.id, str) else message.id[0]
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            for string in strings:
                assert sorted(PLACEHOLDER.findall(string)) == sorted(PLACEHOLDER.findall(source)), source


@pytest.mark.parametrize("language", [code for code in LANGUAGES if code != "en"])
def test_the_compiled_catalog_is_the_one_in_the_po(language):
    """The app reads the .mo: `make catalogs` must have been run after the last edit of the .po."""
    fresh = io.BytesIO()
    write_mo(fresh, po(language))
    shipped = (LOCALE_DIR / language / "LC_MESSAGES" / "companion.mo").read_bytes()
    assert shipped == fresh.getvalue(), f"companion/locale/{language}: run `make catalogs`"


@pytest.mark.parametrize("language", [code for code in LANGUAGES if code != "en"])
def test_dates_are_written_with_cldrs_words_as_babel_formats_them(language):
    """Weekday and month names come from CLDR through Babel (tools/cldr_dates.py in `make catalogs`): a date
    the app writes is the one Babel's own formatting writes with the same pattern."""
    from datetime import date, timedelta

    from babel.dates import format_date

    from companion.core.i18n import long_date, short_date

    t = translator(language)
    for offset in range(0, 366, 5):
        day = date(2026, 1, 1) + timedelta(days=offset)
        # the catalog's pattern may add words ("martes 10 de marzo"): the names and the numbers are CLDR's
        assert long_date(day, t).replace("de ", "") == format_date(day, "EEEE d MMMM", locale=language)
        weekday, number, month = short_date(day, t).split(" ")
        assert weekday == format_date(day, "EEE", locale=language).rstrip(".")
        assert number == f"{day.day:02d}"
        assert month in (format_date(day, "MMM", locale=language).rstrip("."), format_date(day, "MMMM", locale=language))


def test_every_shipped_language_loads():
    for code in LANGUAGES:  # a catalog for every language the app knows
        assert translator(code).gettext("Emergency")
    assert translator("es").gettext("Emergency") == "Emergencia"
    assert translator("en").gettext("Emergency") == "Emergency"


def test_the_language_is_the_patients_then_the_devices_then_the_clinics():
    assert choose("es", "en", ["en-US"]) == "es"
    assert choose(None, "en", ["es-MX", "en-US"]) == "es"
    assert choose(None, "es", ["fr-FR"]) == "es"
    assert choose(None, None, ["de"]) == "en"
    assert choose("xx", None, []) == "en"


entries = st.builds(
    lambda temperature, symptoms: Entry(id="e", at=datetime(2026, 3, 10, 14, 20, tzinfo=timezone.utc),
                                        temperature=temperature, symptoms=symptoms),
    st.one_of(st.none(), st.builds(lambda v: Temperature(round(v, 1), "C"), st.floats(34.0, 41.5))),
    st.dictionaries(st.sampled_from(sorted(RULES.symptoms)), st.integers(0, 4), max_size=5))


@settings(max_examples=200, deadline=None)
@given(entries)
def test_spanish_changes_words_only_never_the_level_the_findings_or_the_numbers(entry):
    english = triage(entry, RULES)
    spanish = triage(entry, RULES, t=translator("es"))
    assert spanish.level == english.level
    assert [(r.finding, r.level, r.source) for r in spanish.reasons] == \
           [(r.finding, r.level, r.source) for r in english.reasons]
    for es, en in zip(spanish.reasons, english.reasons):
        assert re.findall(r"\d+(?:\.\d+)?", es.text) == re.findall(r"\d+(?:\.\d+)?", en.text)
        assert "because" not in es.text
    assert re.findall(r"\d+(?:\.\d+)?", spanish.say) == re.findall(r"\d+(?:\.\d+)?", english.say)
    assert spanish.message != english.message


def run_cli(*args, stdin=""):
    return subprocess.run([sys.executable, "-m", "companion", *args], input=stdin, capture_output=True,
                          text=True, cwd=ROOT)


def test_triage_command_keeps_its_ids_and_words_the_texts_in_spanish():
    entry = json.dumps({"temperature": {"value": 38.4, "unit": "C"}, "symptoms": {"chills": 2}})
    en, es = (json.loads(run_cli("triage", "--lang", lang, "-", stdin=entry).stdout) for lang in ("en", "es"))
    assert es["level"] == en["level"] == "call_now"
    assert [r["finding"] for r in es["reasons"]] == [r["finding"] for r in en["reasons"]] == ["temperature", "chills"]
    assert es["lang"] == "es" and es["title"] == "Llame ahora a su línea de 24 horas"
    chills = translator("es").gettext("Shivering or chills")
    assert f"{chills[:1].lower()}{chills[1:]} (moderada)" in es["reasons"][1]["text"]
    assert es["say"].startswith("Estoy en tratamiento con Ixempra")


def test_rules_command_prints_the_spanish_words_for_review_with_the_same_levels():
    import csv

    en, es = (list(csv.DictReader(io.StringIO(run_cli("rules", "--format", "csv", "--lang", lang).stdout)))
              for lang in ("en", "es"))
    assert len(en) == len(es) > 100
    assert [(r["symptom_id"], r["severity"], r["level"]) for r in es] == \
           [(r["symptom_id"], r["severity"], r["level"]) for r in en]
    chills = next(r for r in es if r["symptom_id"] == "chills" and r["severity"] == "2")
    assert (chills["label"], chills["severity_word"]) == (translator("es").gettext("Shivering or chills"), "moderada")
    md = run_cli("rules", "--lang", "es").stdout
    assert "native-speaking clinician" in md and "| `emergency` | Emergencia |" in md


def test_what_to_do_in_the_drug_text_comes_from_the_same_rules_in_spanish():
    """{action:...} markers are filled from the one rule table, worded in the reader's language."""
    from companion.core.content import action_text

    spanish, english = (action_text(RULES.symptoms["nausea"].levels, translator(code)) for code in ("es", "en"))
    assert english.startswith("if it is mild, keep recording how you feel; if it is moderate, call your care team")
    assert spanish.startswith("si es leve, siga anotando cómo se siente; si es moderada, llame hoy a su equipo")
    assert english.count(";") == spanish.count(";")


def test_a_patients_language_is_one_the_clinic_offers(tmp_path):
    import dataclasses

    from companion.adapters.clinic_file import DATA_DIR, load_clinic
    from companion.adapters.store import Store
    from companion.core.errors import InputError
    from companion.services.language import chosen, language_of, set_language
    from companion.services.records import PatientRecord, ensure_profile

    store = Store(tmp_path)
    record = PatientRecord(store, ensure_profile(store, datetime(2026, 3, 1, tzinfo=timezone.utc))["id"], ())
    english_only = load_clinic(DATA_DIR / "clinic.default.toml")
    both = dataclasses.replace(english_only, languages=("es", "en"))
    assert language_of(record, both, ["en-US"]) == "en"  # the device's
    assert language_of(record, both, ["fr-FR"]) == "es"  # the clinic's default
    set_language(record, both, "es")
    assert chosen(record) == "es" and language_of(record, both, ["en-US"]) == "es"
    assert language_of(record, english_only, ["es"]) == "en"  # never one the clinic does not offer
    with pytest.raises(InputError):
        set_language(record, english_only, "es")
    set_language(record, both, None)
    assert chosen(record) is None
    store.close()


def test_the_first_patient_is_named_in_the_language_the_app_first_speaks(tmp_path):
    from companion.adapters.store import Store
    from companion.services.records import add_profile, ensure_profile, profiles

    now = datetime(2026, 3, 1, tzinfo=timezone.utc)
    spanish, english = Store(tmp_path / "es"), Store(tmp_path / "en")
    assert ensure_profile(spanish, now, translator("es"))["name"] == "Yo"
    assert ensure_profile(english, now)["name"] == "Me"
    assert ensure_profile(english, now, translator("es"))["name"] == "Me"  # a stored name stays as it is
    add_profile(spanish, "Ana", now)
    assert sorted(p["name"] for p in profiles(spanish)) == ["Ana", "Yo"]
