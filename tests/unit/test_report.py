"""The clinic report: the PDF's real text and pixels, and the CSV's rows."""

import csv
import io
import shutil
import subprocess
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PIL import Image
from pypdf import PdfReader

from companion.adapters.clinic_file import DATA_DIR, load_clinic
from companion.adapters.report import DISCLAIMER, FONT_DIR, HIGHLIGHT, csv_report, pdf_report
from companion.adapters.triage_file import load_rules
from companion.core.diary import Entry, Temperature
from companion.core.plan import Plan
from companion.core.triage import Level, triage

ART = Path(__file__).resolve().parents[2] / "artifacts" / "report"
PARIS = ZoneInfo("Europe/Paris")
RULES = load_rules()
CLINIC = load_clinic(DATA_DIR / "clinic.default.toml")
PLAN = Plan(first_infusion=datetime(2025, 3, 3, 9, tzinfo=PARIS), cycles=6, with_capecitabine=True)
START, END = datetime(2025, 3, 1, tzinfo=PARIS), datetime(2025, 4, 1, tzinfo=PARIS)


def at(day, hour=10):
    return datetime(2025, 3, day, hour, tzinfo=PARIS)


ENTRIES = [
    Entry("calm", at(2), Temperature(36.8, "C"), {"fatigue": 1}, "Promenade, bien dormi"),
    Entry("fever", at(5, 21), Temperature(101.1, "F"), {"chills": 2}, "Frissons après le dîner"),
    Entry("nerves", at(12), None, {"numbness_tingling": 2}, "Boutons difficiles"),
    Entry("breath", at(20, 22), None, {"breathing_trouble": 2}, "=HYPERLINK(\"x\")"),
    *(Entry(f"n{d}", at(d), Temperature(37.0 + d / 20, "C"), {"numbness_tingling": min(4, d // 7)})
      for d in (8, 15, 22, 29)),
    Entry("outside", datetime(2025, 4, 3, 9, tzinfo=PARIS), Temperature(39.5, "C"), {}, "Hors période"),
]


def make_pdf(**changes) -> bytes:
    args = dict(clinic=CLINIC, profile={"id": "p", "name": "Zoé Müller"}, plan=PLAN, entries=ENTRIES, rules=RULES,
                fever_threshold_c=38.0, start=START, end=END, now=datetime(2025, 4, 1, 18, tzinfo=PARIS))
    return pdf_report(**{**args, **changes})


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    path = tmp_path_factory.mktemp("report") / "report.pdf"
    path.write_bytes(make_pdf())
    return path


def test_the_pdf_text_has_the_header_entries_levels_and_footer(report):
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(report).pages).split())  # cells wrap
    for expected in ("Zoé Müller", CLINIC.name, "From 01 Mar 2025 to 31 Mar 2025", "Made on 01 Apr 2025 18:00",
                     "With capecitabine: yes", "cycle 1: 03 Mar 2025", "cycle 2: 24 Mar 2025",
                     "Frissons après le dîner", "101.1 °F (38.4 °C)", "36.8 °C", "05 Mar 2025", "20 Mar 2025",
                     "shivering or chills (moderate)", "EMERGENCY", "CALL NOW", "Monitor",
                     "fever line 38.0 °C", "infusion C1", "Page 1 of"):
        assert expected in text, expected
    assert "Hors période" not in text and "03 Apr" not in text  # outside the range
    assert DISCLAIMER in text


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) is not installed")
def test_pdftotext_reads_the_same_report(report):
    text = subprocess.run(["pdftotext", "-layout", str(report), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Zoé Müller" in text and "Boutons difficiles" in text and "EMERGENCY" in text and DISCLAIMER in text


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="pdftoppm (poppler-utils) is not installed")
def test_rendered_pages_show_the_highlight_colours(report):
    ART.mkdir(parents=True, exist_ok=True)
    for old in ART.glob("page-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(report), str(ART / "page")], check=True)
    pages = sorted(ART.glob("page-*.png"))
    assert pages
    colours = set()
    for page in pages:
        colours |= {rgb for _, rgb in Image.open(page).convert("RGB").getcolors(1 << 20)}
    levels = {triage_level(e) for e in ENTRIES if e.at < END}
    assert {Level.CALL_NOW, Level.EMERGENCY} <= levels
    for level in levels & set(HIGHLIGHT):
        assert HIGHLIGHT[level] in colours, level


def triage_level(entry):
    return triage(entry, RULES, 38.0).level


def test_a_report_without_plan_or_entries_still_says_so():
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(make_pdf(plan=None, entries=[]))).pages)
    assert "No treatment plan was entered." in text and "No diary entry in this period." in text
    assert "No temperature was recorded in this period." in text


def test_a_long_note_is_printed_in_full_after_the_table():
    note = "Fourmillements " * 60 + "FIN."
    pdf = make_pdf(entries=[Entry("long", at(3), None, {}, note)])
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Notes in full" in text and "FIN." in text


def test_the_bundled_font_and_its_licence_ship_with_the_app():
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "LICENSE"):
        assert (FONT_DIR / name).is_file(), name
    assert "Bitstream" in (FONT_DIR / "LICENSE").read_text()


def test_csv_has_one_row_per_entry_with_every_symptom_column():
    rows = list(csv.DictReader(io.StringIO(csv_report(entries=ENTRIES, rules=RULES, fever_threshold_c=38.0))))
    assert list(rows[0]) == ["at", "temperature_c", "temperature_as_recorded", *RULES.symptoms, "note",
                             "advice_level"]
    assert len(rows) == len(ENTRIES)
    fever = next(r for r in rows if r["note"] == "Frissons après le dîner")
    assert (fever["at"], fever["temperature_c"], fever["temperature_as_recorded"]) == \
        ("2025-03-05T21:00:00+01:00", "38.4", "101.1 °F")
    assert fever["chills"] == "2" and fever["nausea"] == "0" and fever["advice_level"] == "call_now"
    breath = next(r for r in rows if r["breathing_trouble"] == "2")
    assert breath["advice_level"] == "emergency" and breath["temperature_c"] == ""
    assert breath["note"] == "'=HYPERLINK(\"x\")"  # never run as a spreadsheet formula


def test_csv_uses_the_clinic_fever_threshold():
    entry = [Entry("t", at(4), Temperature(37.6, "C"))]
    assert csv_report(entries=entry, rules=RULES, fever_threshold_c=38.0).strip().endswith(",monitor")
    assert csv_report(entries=entry, rules=RULES, fever_threshold_c=37.5).strip().endswith(",call_now")


def test_the_range_is_half_open():
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(make_pdf(
        entries=[Entry("edge", START, None, {}, "at start"), Entry("end", END, None, {}, "at end")],
        end=END))).pages)
    assert "at start" in text and "at end" not in text
