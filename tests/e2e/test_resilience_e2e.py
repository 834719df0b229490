"""A damaged data file at app start: the app still opens, says what happened, keeps the bad file, restores a backup.

A file from a newer version of the app is never touched: `companion serve` refuses to start, in one line.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from companion.adapters.folder_lock import LOCK_FILES
from companion.adapters.store import MAIN_FILE, Store
from tests.support import PHONE, ROOT


def store_with_backup(folder: Path) -> bytes:
    """Two profiles saved in two sessions, so that companion.json.bak1 holds them; returns the backup's bytes."""
    store = Store(folder)
    store.save_profile({"id": "ann", "name": "Ann", "created": "2025-01-01T00:00:00+00:00"})
    store.save_profile({"id": "bea", "name": "Bea", "created": "2025-01-02T00:00:00+00:00"})
    store.close()
    store = Store(folder)  # the first write of a session backs the file up
    store.put_doc("ann", "plan", {"timezone": "Europe/London", "first_infusion": "2025-03-03T09:00"})
    store.close()
    backup = folder / f"{MAIN_FILE}.bak1"
    assert backup.exists()
    return backup.read_bytes()


DAMAGE = {
    "truncated": lambda good: good[: len(good) // 2],
    "random-bytes": lambda good: os.urandom(700),
    "empty": lambda good: b"",
    "wrong-shape": lambda good: json.dumps({"profiles": {"1": {"id": 7}}, "docs": [1, 2]}).encode(),
}


@pytest.mark.parametrize("damage, with_backup", [("truncated", True), ("random-bytes", False), ("empty", False),
                                                  ("wrong-shape", True)])
def test_damaged_main_file_opens_tells_the_user_and_keeps_the_file(server, open_app, tmp_path, damage, with_backup):
    data = tmp_path / "data"
    data.mkdir()
    main = data / MAIN_FILE
    if with_backup:
        backup = store_with_backup(data)
        good = main.read_bytes()
    else:
        backup, good = None, json.dumps({"_meta": {"1": {"schema": 1, "app": "companion"}}}).encode()
    bad = DAMAGE[damage](good)
    main.write_bytes(bad)

    app = open_app(server(data_dir=data).url, PHONE)
    app.see("could not be read", timeout=20_000)
    app.see("restored" if with_backup else "starts empty")
    app.shot(f"{damage}-notice")
    aside = list(data.glob(f"{MAIN_FILE}.unreadable-*"))
    assert len(aside) == 1 and aside[0].read_bytes() == bad, "the damaged file must be kept, byte for byte"
    assert aside[0].name in app.visible_text()  # the notice names the file it kept
    profiles = {p["name"] for p in Store(data).profiles()}
    if with_backup:
        assert {"Ann", "Bea"} <= profiles, "the backup's profiles are back"
        assert json.loads(main.read_bytes())["profiles"] == json.loads(backup)["profiles"]
        app.page.get_by_role("button", name="Switch patient").or_(app.text("Ann", exact=True)).first.wait_for()
    else:
        assert len(profiles) == 1  # a fresh start with the default profile


def test_file_from_a_newer_app_is_refused_untouched(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    newer = json.dumps({"_meta": {"1": {"schema": 99, "app": "companion"}},
                        "profiles": {"1": {"id": "ann", "profile": {"id": "ann", "name": "Ann"}}}}).encode()
    (data / MAIN_FILE).write_bytes(newer)
    out = subprocess.run([sys.executable, "-m", "companion", "serve", "--port", "8659", "--data-dir", str(data)],
                         capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert out.returncode == 2, out.stderr
    err = out.stderr.strip()
    assert "\n" not in err and "Traceback" not in err, err
    assert "newer version of the app" in err and "update the app" in err.lower()
    assert sorted(p.name for p in data.iterdir() if p.name not in LOCK_FILES) == [MAIN_FILE], \
        "nothing set aside, nothing restored"
    assert (data / MAIN_FILE).read_bytes() == newer


def test_packaged_app_with_newer_data_says_so_on_screen_and_touches_nothing(tmp_path, open_app):
    """A phone app has no terminal: the entry point `flet build` uses shows a plain screen instead."""
    from tests.support import free_port, wait_http

    data = tmp_path / "data"
    data.mkdir()
    newer = json.dumps({"_meta": {"1": {"schema": 99, "app": "companion"}}}).encode()
    (data / MAIN_FILE).write_bytes(newer)
    port = free_port()
    env = {**os.environ, "FLET_FORCE_WEB_SERVER": "1", "FLET_SERVER_PORT": str(port), "FLET_SERVER_IP": "127.0.0.1",
           "FLET_WEB_NO_CDN": "1", "FLET_APP_STORAGE_DATA": str(data)}
    env.pop("COMPANION_DATA_DIR", None)
    log = (tmp_path / "main.log").open("w")
    proc = subprocess.Popen([sys.executable, "main.py"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}/"
        wait_http(url, proc, log=tmp_path / "main.log")
        app = open_app(url, PHONE)
        app.see("Companion cannot open", timeout=60_000)
        app.see("newer version of the app")
        app.see("Nothing was changed or deleted")
        app.shot("newer-data")
    finally:
        proc.terminate()
        proc.wait(10)
    assert (data / MAIN_FILE).read_bytes() == newer


def test_a_save_the_disk_refuses_is_explained_and_what_was_typed_stays(server, open_app, tmp_path):
    """The device stops keeping data mid-session (here the month's diary file turns into a folder, which
    even root cannot write over): the app says so, the form keeps the note, and Save works once it can."""
    srv = server()
    app = open_app(srv.url, PHONE)
    app.nav("Diary")
    app.button("New entry").click()
    app.type_into("Note (optional)", "Slept badly")
    app.button("Save entry").click()
    app.button("Close", exact=True).click()  # the advice for the saved entry
    shard, = (srv.data_dir / "diary").glob("*/*.json")
    kept = shard.read_bytes()
    shard.unlink()
    shard.mkdir()

    app.button("New entry").click()
    app.type_into("Note (optional)", "Chills since noon")
    app.button("Save entry").click()
    app.see("Could not save your data")
    app.shot("save-refused")
    assert app.field("Note (optional)").input_value() == "Chills since noon"
    assert "Error running app" not in app.visible_text()

    shard.rmdir()
    shard.write_bytes(kept)
    app.button("Save entry").click()
    app.button("Close", exact=True).click()
    app.see("Chills since noon")
    app.see("Slept badly")


def test_diary_opens_on_damaged_month_files_with_a_banner_naming_patient_and_month(server, open_app, tmp_path):
    """A month file holding 46.8 °C (valid JSON, out of range) once ended the session with "Error running app";
    a month replaced by a folder did too. Now the Diary opens with every readable entry, a banner names the
    patient and the month, the bad entry is kept aside in a file of its own and the folder is left alone."""
    from datetime import datetime, timedelta, timezone

    data = tmp_path / "data"
    now = datetime.now(timezone.utc).replace(microsecond=0)
    store = Store(data)
    store.save_profile({"id": "ann", "name": "Ann", "created": "2025-01-01T00:00:00+00:00"})
    store.save_entry("ann", {"id": "ok", "at": (now - timedelta(hours=2)).isoformat(), "symptoms": {"nausea": 1},
                             "note": "Slept well"})
    store.close()
    month = data / "diary" / "ann" / f"{now - timedelta(hours=2):%Y-%m}.json"
    tables = json.loads(month.read_text())
    hot = {"id": "hot", "at": (now - timedelta(hours=1)).isoformat(), "temperature": {"value": 46.8, "unit": "C"}}
    tables["entries"]["2"] = {"seq": 2, "entry": hot}
    month.write_text(json.dumps(tables))
    folder_month = month.parent / "2019-01.json"
    folder_month.mkdir()

    app = open_app(server(data_dir=data).url, PHONE)
    app.nav("Diary")
    app.see("Some of your saved data needed repair")
    app.see(f"diary file for {month.stem} (Ann)")
    app.see("46.8")  # why it was kept aside, in words
    app.see("2019-01.json is a folder")
    app.see("Slept well")  # the readable entry is there
    app.shot("damaged-months-banner")
    assert "Error running app" not in app.visible_text()
    kept, = month.parent.glob(f"{month.name}.kept-aside-*")
    assert [row["row"]["entry"] for row in json.loads(kept.read_text())["rows"]] == [hot]
    assert folder_month.is_dir() and not any(folder_month.iterdir()), "left alone"
    assert any(event["kind"] == "entries_kept_aside" for event in
               map(json.loads, (data / "recovery.log").read_text().splitlines()))
    app.button("OK, I will check").click()
    app.page.get_by_text("Some of your saved data needed repair").wait_for(state="detached")
    app.see("Slept well")
