"""docs/CLINICAL_SAFETY.md cannot drift from the test suite.

Every test the hazard log names must exist (found with ast, nothing is imported), every hazard must name at
least one test and carry every field a safety officer reads, and every risk rating must be the one the
log's own matrix gives.
"""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LOG = ROOT / "docs" / "CLINICAL_SAFETY.md"
REFERENCE = re.compile(r"`(tests/[\w/.-]+\.py)::([\w:]+)(?:\[[^\]`]*\])?`")
HAZARD = re.compile(r"^### (H\d+)\. (.+)$", re.MULTILINE)
RISK = re.compile(r"^- \*\*(Initial|Residual) risk:\*\* (\w+) × ([\w ]+?) = \*\*(\d)\*\*", re.MULTILINE)
FIELDS = ("Hazard", "Cause", "Effect on the patient", "Initial risk", "Controls in the app, and the tests that "
          "prove them", "Residual risk", "What the clinic must do")
# The hazards issue 16 asks for, by a word of their titles.
REQUIRED = ("fever", "cannot be recorded", "disagree", "threshold", "reminder is missed", "wrong patient",
            "diary entry", "unsourced", "translation")


def hazards(text: str) -> dict[str, tuple[str, str]]:
    """{'H1': (title, body)} in the order written."""
    found = list(HAZARD.finditer(text))
    return {m[1]: (m[2], text[m.end(): found[i + 1].start() if i + 1 < len(found) else len(text)])
            for i, m in enumerate(found)}


@cache
def _names(path: Path) -> frozenset[str]:
    """'test_x' for each top-level function, 'Class::method' for each method of a top-level class."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            names.add(node.name)
        elif isinstance(node, ast.ClassDef):
            names |= {f"{node.name}::{item.name}" for item in node.body
                      if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef))}
    return frozenset(names)


def missing_tests(text: str, root: Path = ROOT) -> list[str]:
    """Each reference to a file or a test that does not exist, as 'file::name: why'."""
    problems = []
    for path, name in REFERENCE.findall(text):
        file = root / path
        if not file.is_file():
            problems.append(f"{path}::{name}: no such file")
        elif not name.split("::")[-1].startswith("test"):
            problems.append(f"{path}::{name}: not a test function")
        elif name not in _names(file):
            problems.append(f"{path}::{name}: no such test in that file")
    return problems


def matrix(text: str) -> dict[tuple[str, str], int]:
    """{(severity, likelihood): rating} from the log's own table."""
    lines = [line for line in text.splitlines() if line.startswith("| likelihood \\ severity |")]
    assert len(lines) == 1, "the log must hold one risk matrix"
    start = text.splitlines().index(lines[0])
    table = text.splitlines()[start:]
    severities = [c.strip() for c in table[0].strip("|").split("|")][1:]
    ratings = {}
    for line in table[2:]:
        if not line.startswith("|"):
            break
        likelihood, *cells = [c.strip() for c in line.strip("|").split("|")]
        ratings |= {(severity, likelihood): int(cell) for severity, cell in zip(severities, cells)}
    return ratings


TEXT = LOG.read_text(encoding="utf-8")
HAZARDS = hazards(TEXT)


def test_every_test_the_log_names_exists():
    assert REFERENCE.findall(TEXT), "the log names no test at all"
    assert missing_tests(TEXT) == []


def test_every_reference_to_the_tests_is_in_the_checked_form():
    """A reference the checker cannot read would escape it: a test only as `tests/....py::name`."""
    loose = [m for m in re.findall(r"`([^`]*::[^`]*)`", TEXT) if not REFERENCE.fullmatch(f"`{m}`")]
    assert loose == []


@pytest.mark.parametrize("hazard", list(HAZARDS))
def test_every_hazard_has_its_fields_and_names_at_least_one_test(hazard):
    title, body = HAZARDS[hazard]
    for field in FIELDS:
        assert f"- **{field}:**" in body, f"{hazard} ({title}) has no {field!r}"
    assert REFERENCE.search(body), f"{hazard} ({title}) names no test that proves a control"


def test_the_hazards_are_numbered_in_order_and_cover_what_issue_16_asks():
    assert list(HAZARDS) == [f"H{n}" for n in range(1, len(HAZARDS) + 1)]
    titles = " / ".join(title.lower() for title, _ in HAZARDS.values())
    assert [topic for topic in REQUIRED if topic not in titles] == []


@pytest.mark.parametrize("hazard", list(HAZARDS))
def test_each_risk_rating_is_the_matrix_one_and_the_controls_never_raise_it(hazard):
    ratings = matrix(TEXT)
    found = {kind: (severity, likelihood, int(rating))
             for kind, severity, likelihood, rating in RISK.findall(HAZARDS[hazard][1])}
    assert set(found) == {"Initial", "Residual"}, hazard
    for kind, (severity, likelihood, rating) in found.items():
        where = f"{hazard} {kind} risk, {severity} × {likelihood}"
        assert (severity, likelihood) in ratings, f"{where}: not in the matrix"
        assert ratings[(severity, likelihood)] == rating, f"{where}: the matrix says {ratings[(severity, likelihood)]}"
    assert found["Residual"][2] <= found["Initial"][2], hazard


def test_the_checker_catches_a_misspelt_test_a_missing_file_and_a_hazard_without_tests(tmp_path):
    (tmp_path / "tests" / "unit").mkdir(parents=True)
    (tmp_path / "tests" / "unit" / "test_a.py").write_text(
        "def test_real():\n    pass\n\nclass TestGroup:\n    def test_method(self):\n        pass\n"
        "\ndef helper():\n    pass\n", encoding="utf-8")
    good = "`tests/unit/test_a.py::test_real` `tests/unit/test_a.py::TestGroup::test_method` " \
           "`tests/unit/test_a.py::test_real[param-1]`"
    assert missing_tests(good, tmp_path) == []
    bad = "`tests/unit/test_a.py::test_reel` `tests/unit/test_b.py::test_real` `tests/unit/test_a.py::helper` " \
          "`tests/unit/test_a.py::TestGroup::test_other`"
    assert missing_tests(bad, tmp_path) == [
        "tests/unit/test_a.py::test_reel: no such test in that file",
        "tests/unit/test_b.py::test_real: no such file",
        "tests/unit/test_a.py::helper: not a test function",
        "tests/unit/test_a.py::TestGroup::test_other: no such test in that file",
    ]
    log = "### H1. One\n\n- **Hazard:** x\n- **Controls in the app, and the tests that prove them:** none\n" \
          "### H2. Two\n\n- **Hazard:** `tests/unit/test_a.py::test_real`\n"
    parsed = hazards(log)
    assert [REFERENCE.search(body) is not None for _, body in parsed.values()] == [False, True]


def test_a_screen_speaks_only_a_language_the_clinic_reviewed():
    """H9: the screens word their texts in the patient's language only when the clinic offers it, and a
    clinic file offering a language without its catalog, its whole drug content and a review record is
    refused (tests/unit/test_clinic.py). The bundled clinics offer English only: a Spanish-speaking device,
    or a patient who chose Spanish before, still gets English."""
    from companion.adapters.clinic_file import DATA_DIR, load_clinic
    from companion.services.language import language_of

    class Record:
        def settings(self):
            return {"language": "es"}

    for name in ("clinic.default.toml", "clinic.example.toml"):
        clinic = load_clinic(DATA_DIR / name)
        assert clinic.languages == ("en",)
        assert language_of(Record(), clinic, ["es-MX"]) == "en"