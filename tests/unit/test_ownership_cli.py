"""`companion profiles`, `export` and `import` as a user runs them: exit codes, outputs, untouched data."""

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from companion.adapters.folder_lock import LOCK_FILES
from companion.adapters.store import Store
from companion.core.backup import VERSION


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "companion", *map(str, args)], capture_output=True, text=True,
                          timeout=60)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every data file (the lock files hold only the pid and command of the last writer)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name not in LOCK_FILES}


@pytest.fixture
def data(tmp_path):
    folder = tmp_path / "data"
    store = Store(folder)
    store.save_profile({"id": "ann", "name": "Ann", "created": "2025-01-01T00:00:00+00:00"})
    store.save_profile({"id": "zoe", "name": "Zoé", "created": "2025-01-02T00:00:00+00:00"})
    store.put_doc("ann", "plan", {"timezone": "Europe/London", "first_infusion": "2025-03-03T09:00"})
    for n, (day, temp) in enumerate([("2025-03-02T23:30:00+00:00", 36.9), ("2025-03-05T10:00:00+00:00", 38.6),
                                     ("2025-03-09T08:00:00+00:00", 37.1)]):
        store.save_entry("ann", {"id": f"e{n}", "at": day, "temperature": {"value": temp, "unit": "C"},
                                 "symptoms": {"chills": 1} if temp > 38 else {}})
    store.save_entry("zoe", {"id": "z1", "at": "2025-03-04T12:00:00+01:00", "symptoms": {"nausea": 1}})
    store.close()
    return folder


def one_line_error(out, *words):
    assert out.returncode == 2 and out.stdout == ""
    err = out.stderr.strip()
    assert "\n" not in err and "Traceback" not in err
    for word in words:
        assert word in err, err


def test_profiles_lists_id_name_entries_and_plan(data):
    out = run_cli("profiles", "--data-dir", data)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == [{"id": "ann", "name": "Ann", "entries": 3, "has_plan": True},
                                      {"id": "zoe", "name": "Zoé", "entries": 1, "has_plan": False}]


def test_json_export_imports_into_a_new_folder_and_twice_adds_nothing(data, tmp_path):
    backup, other = tmp_path / "backup.json", tmp_path / "other"
    out = run_cli("export", "--data-dir", data, "--format", "json", "--out", backup)
    assert out.returncode == 0 and json.loads(out.stdout)["entries"] == 4
    first = run_cli("import", backup, "--data-dir", other)
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)["added"] == {"profiles": ["Ann", "Zoé"], "entries": 4}
    assert run_cli("profiles", "--data-dir", other).stdout == run_cli("profiles", "--data-dir", data).stdout
    before = snapshot(other)
    second = json.loads(run_cli("import", backup, "--data-dir", other).stdout)
    assert second["added"] == {"profiles": [], "entries": 0} and second["skipped"]["entries"] == 4
    assert snapshot(other) == before


def test_json_export_of_one_profile(data, tmp_path):
    out = run_cli("export", "--data-dir", data, "--format", "json", "--out", tmp_path / "z.json", "--profile", "Zoé")
    assert out.returncode == 0
    saved = json.loads((tmp_path / "z.json").read_text(encoding="utf-8"))
    assert [p["profile"]["name"] for p in saved["profiles"]] == ["Zoé"]


def test_reports_need_one_profile_when_there_are_several(data, tmp_path):
    one_line_error(run_cli("export", "--data-dir", data, "--format", "pdf", "--out", tmp_path / "r.pdf"),
                   "'Ann'", "'Zoé'", "--profile")
    one_line_error(run_cli("export", "--data-dir", data, "--format", "csv", "--out", tmp_path / "r.csv",
                           "--profile", "Bob"), "no profile 'Bob'")
    assert not (tmp_path / "r.pdf").exists()


def test_csv_range_is_inclusive_in_the_plan_zone(data, tmp_path):
    out_file = tmp_path / "r.csv"
    out = run_cli("export", "--data-dir", data, "--format", "csv", "--out", out_file, "--profile", "Ann",
                  "--from", "2025-03-03", "--to", "2025-03-05")
    assert out.returncode == 0, out.stderr
    rows = list(csv.DictReader(out_file.open(encoding="utf-8")))
    # 2 March 23:30 UTC is 2 March in London (GMT); 5 March 10:00 is on the last day, included
    assert [r["at"] for r in rows] == ["2025-03-05T10:00:00+00:00"]
    assert rows[0]["advice_level"] == "call_now" and rows[0]["chills"] == "1"


def test_pdf_export_holds_the_patient_and_entries(data, tmp_path):
    out_file = tmp_path / "r.pdf"
    out = run_cli("export", "--data-dir", data, "--format", "pdf", "--out", out_file, "--profile", "Ann")
    assert out.returncode == 0, out.stderr
    summary = json.loads(out.stdout)
    assert (summary["from"], summary["to"], summary["entries"]) == ("2025-03-02", "2025-03-09", 3)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(out_file).pages).split())
    assert "Symptom diary of Ann" in text and "38.6 °C" in text and "CALL NOW" in text


@pytest.mark.parametrize("content, words", [
    ("{not json", "not an Ixempra Companion backup"),
    (json.dumps({"format": "ixempra-companion-backup", "version": VERSION + 1, "profiles": []}),
     "update the app first"),
    (json.dumps({"format": "ixempra-companion-backup", "version": 1, "created": "2025-03-01T00:00:00+00:00",
                 "profiles": [{"profile": {"id": "ann", "name": "Ann"}, "plan": None, "settings": None,
                               "reminders": None, "entries": [{"id": "x", "at": "soon"}]}]}),
     "profile 'Ann', entry 1: at:"),
])
def test_a_bad_backup_is_refused_and_the_data_is_untouched(data, tmp_path, content, words):
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    before = snapshot(data)
    for extra in ([], ["--replace"]):
        one_line_error(run_cli("import", bad, "--data-dir", data, *extra), "bad.json", *words)
    assert snapshot(data) == before


def test_missing_files_and_folders_are_one_line_errors(tmp_path):
    one_line_error(run_cli("import", tmp_path / "nope.json", "--data-dir", tmp_path / "d"), "nope.json", "not found")
    one_line_error(run_cli("profiles", "--data-dir", tmp_path / "absent"), "no data folder")
    assert not (tmp_path / "absent").exists()


def test_a_data_folder_from_a_newer_app_is_a_one_line_error(tmp_path):
    (tmp_path / "companion.json").write_text('{"_meta": {"1": {"schema": 99, "app": "companion"}}}')
    before = snapshot(tmp_path)
    one_line_error(run_cli("profiles", "--data-dir", tmp_path), "newer version", "update the app")
    assert snapshot(tmp_path) == before


def test_a_backup_holding_nan_is_refused_whole_even_with_replace(data, tmp_path):
    bad = tmp_path / "nan.json"
    bad.write_text(json.dumps({"format": "ixempra-companion-backup", "version": 1,
                               "created": "2025-03-01T00:00:00+00:00", "profiles": [
        {"profile": {"id": "bob", "name": "Bob"}, "plan": None, "settings": {"x": float("nan")},
         "reminders": None, "entries": []}]}), encoding="utf-8")
    before = snapshot(data)
    one_line_error(run_cli("import", bad, "--data-dir", data, "--replace"), "nan.json", "settings.x", "nan")
    assert snapshot(data) == before


def test_a_data_folder_that_cannot_be_one_is_said_in_plain_words(tmp_path):
    (tmp_path / "afile").write_text("x")
    backup = tmp_path / "backup.json"
    backup.write_text(json.dumps({"format": "ixempra-companion-backup", "version": 1,
                                  "created": "2025-03-01T00:00:00+00:00", "profiles": []}), encoding="utf-8")
    out = run_cli("import", backup, "--data-dir", tmp_path / "afile" / "x")
    one_line_error(out, "part of the path is a file, not a folder")
    assert "Errno" not in out.stderr
    one_line_error(run_cli("profiles", "--data-dir", tmp_path / ("a" * 300)), "the name is too long")
