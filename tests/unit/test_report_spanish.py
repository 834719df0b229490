"""The clinic report in the patient's language: a Spanish report has Spanish headings, labels, legends, dates
and footer, no English heading left, and exactly the numbers of the English one; the CSV's header row and
advice words follow the language while its times, numbers and units stay; the font draws Spanish letters."""

import csv
import io
import re
import shutil
import subprocess
from collections import Counter

import pytest
from pypdf import PdfReader

from companion.adapters.catalogs import translator
from companion.adapters.report import DISCLAIMER, FONT_DIR, LEVEL_WORDS, TABLE_HEADINGS, csv_report
from companion.core.diary import Entry
from companion.core.i18n import MONTHS, SHORT_MONTHS, SHORT_WEEKDAYS, WEEKDAYS
from tests.unit.test_report import ENTRIES, RULES, make_pdf

ES = translator("es")
# what the English report says in words (each checked to be there, so that the list cannot go stale)
ENGLISH_WORDS = (DISCLAIMER, *TABLE_HEADINGS, *LEVEL_WORDS.values(), "Symptom diary of", "Treatment plan",
                 "Summary", "Temperature (°C)", "Numbness or tingling", "Diary", "Notes in full", "From 01",
                 "times in", "Made on", "Ixempra (ixabepilone) every", "first infusion", "With capecitabine",
                 "Infusions in this period", "cycle 1:", "diary entries", "needed a call", "Fever line",
                 "Blue dashed lines", "Red dashed line", "infusion C1", "Highlighted", "in full below",
                 "very severe", "moderate", "shivering or chills", "Page 1 of")
DATE_WORDS = re.compile(r"\b(%s)\b" % "|".join(WEEKDAYS + SHORT_WEEKDAYS + MONTHS + SHORT_MONTHS))
NUMBER = re.compile(r"\d+(?:\.\d+)?")
LONG_NOTE = "Fourmillements " * 30 + "FIN."

CHILLS_ES = ES.gettext("Shivering or chills")  # the symptom's name in the catalog (PRO-CTCAE Spanish)

def pdf_text(pdf: bytes, tmp_path, name: str) -> str:
    """The text a reader sees: pdftotext when poppler is installed, else pypdf; whitespace collapsed."""
    if shutil.which("pdftotext"):
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(pdf)
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    else:
        text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return " ".join(text.split())


@pytest.fixture(scope="module")
def texts(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("report-es")
    entries = [*ENTRIES, Entry("long", ENTRIES[0].at.replace(hour=15), None, {}, LONG_NOTE)]
    return {language: pdf_text(make_pdf(entries=entries, t=t), tmp, language)
            for language, t in (("en", translator("en")), ("es", ES))}


def test_the_english_words_listed_are_in_the_english_report(texts):
    assert [w for w in ENGLISH_WORDS if w not in texts["en"]] == []
    assert DATE_WORDS.search(texts["en"])  # "01 Mar 2025": the English report names its months


def test_a_spanish_report_has_spanish_headings_and_no_english_word_left(texts):
    spanish = texts["es"]
    for heading in ("Diario de síntomas de Zoé Müller", "Plan de tratamiento", "Resumen", "Temperatura (°C)",
                    "Fecha y hora", "Síntomas", "Nota", "Consejo", "LLAMAR YA", "EMERGENCIA", "Vigilar",
                    "Con capecitabina: sí.", "ciclo 1: 03 mar 2025", "Del 01 mar 2025 al 31 mar 2025",
                    "Hecho el 01 abr 2025 18:00", "Notas completas", "infusión C1", "Página 1 de",
                    CHILLS_ES[:1].lower() + CHILLS_ES[1:] + " (moderada)", ES.gettext(DISCLAIMER)):
        assert heading in spanish, heading
    assert [w for w in ENGLISH_WORDS if w in spanish] == []
    assert DATE_WORDS.findall(spanish) == []  # months and weekdays in Spanish
    assert "Frissons après le dîner" in spanish and "FIN." in spanish  # the patient's own words as written


def test_a_spanish_report_has_the_same_numbers_as_the_english_one(texts):
    english, spanish = (Counter(NUMBER.findall(texts[language])) for language in ("en", "es"))
    assert english == spanish
    for reading in ("101.1 °F (38.4 °C)", "36.8 °C", "38.0 °C"):  # temperatures and units as in English
        assert reading in texts["en"] and reading in texts["es"], reading


def test_a_spanish_csv_words_its_header_and_advice_and_keeps_every_value():
    english = list(csv.reader(io.StringIO(csv_report(entries=ENTRIES, rules=RULES, fever_threshold_c=38.0))))
    spanish = list(csv.reader(io.StringIO(csv_report(entries=ENTRIES, rules=RULES, fever_threshold_c=38.0,
                                                     t=ES))))
    assert english[0][:3] == ["at", "temperature_c", "temperature_as_recorded"]  # the stable English ids
    assert spanish[0][:3] == ["Fecha y hora (ISO 8601)", "Temperatura (°C)", "Temperatura como se anotó"]
    assert spanish[0][-2:] == ["Nota", "Consejo"] and CHILLS_ES in spanish[0]
    assert len(spanish[0]) == len(english[0]) and not set(spanish[0]) & set(english[0])
    assert len(spanish) == len(english)
    for en_row, es_row in zip(english[1:], spanish[1:]):
        assert es_row[:-1] == en_row[:-1]  # times (ISO 8601), temperatures, units, severities, note
        assert es_row[-1] == ES.gettext(LEVEL_WORDS[{"monitor": 0, "call_today": 1, "call_now": 2,
                                                     "emergency": 3}[en_row[-1]]])


def test_the_bundled_font_draws_the_spanish_letters():
    from fontTools.ttLib import TTFont

    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        cmap = TTFont(FONT_DIR / name).getBestCmap()
        assert [c for c in "áéíóúñÁÉÍÓÚÑ¿¡üÜ°…" if ord(c) not in cmap] == [], name
