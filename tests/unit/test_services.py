"""The service layer: one answer per use case, whether the app or the command line asks.

- the next infusion at its exact time, as Today and the caregiver overview show it;
- the reminders of a plan with the clinic's lead time and reminder times, in `companion reminders` and Today;
- the clinic report's fever line, in `companion export` and the app;
- the reminder loop that delivers every patient's reminders while the app runs.
"""

import csv
import json
import re
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from companion.adapters.notifier import RecordingNotifier
from companion.app import AppConfig, build_services
from companion.cli import main
from companion.core.overview import next_infusion, summarize
from companion.core.plan import parse_plan
from companion.services import ownership, records, reminders

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_CLINIC = ROOT / "data" / "clinic.example.toml"
LONDON = ZoneInfo("Europe/London")
PLAN = {"timezone": "Europe/London", "first_infusion": "2026-03-10T10:00", "cycles": 4}


@pytest.fixture
def clinic(tmp_path):
    """The example clinic with its own lead time and reminder times (none of them the defaults)."""
    text = EXAMPLE_CLINIC.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^premed_lead_minutes = 60$", "premed_lead_minutes = 90", text)
    text = re.sub(r'(?m)^no_grapefruit = "07:00"', 'no_grapefruit = "06:30"', text)
    text = re.sub(r'(?m)^infusion_eve = "19:00"', 'infusion_eve = "18:00"', text)
    assert text.count("90") and "06:30" in text and "18:00" in text
    path = tmp_path / "clinic.toml"
    path.write_text(text, encoding="utf-8")
    return path


def app_services(tmp_path, clinic_path, now):
    services = build_services(AppConfig(tmp_path / "data", clinic_path))
    services.now = lambda: now
    return services


def patient(services, plan=PLAN):
    profile = records.ensure_profile(services.store, services.now())
    record = services.record(profile["id"])
    services.reminders.save_plan(record, parse_plan(plan), services.now())
    return profile, record


def test_at_the_exact_infusion_time_today_and_the_overview_both_show_that_infusion(tmp_path):
    start = datetime(2026, 3, 10, 10, 0, tzinfo=LONDON)
    services = app_services(tmp_path, EXAMPLE_CLINIC, start)
    profile, record = patient(services)
    try:
        today = services.reminders.today_state(record, start)
        overview = summarize(profile, record.plan(), [], record.reminder_state(), start, rules=services.rules,
                             reminder_settings=services.reminder_settings,
                             fever_threshold_c=services.clinic.fever_threshold_c)
        assert (today.infusion.cycle, today.countdown) == (1, "now")
        assert overview.next_infusion == today.infusion
        # a minute later it has started: both move on to cycle 2 together
        later = start + timedelta(minutes=1)
        assert services.reminders.today_state(record, later).infusion.cycle == 2
        assert next_infusion(record.plan(), later).cycle == 2
    finally:
        services.store.close()


def test_an_open_ended_plan_delayed_past_a_year_still_has_its_next_infusion():
    plan = parse_plan({**PLAN, "cycles": None, "delays": [{"cycle": 2, "to": "2027-06-01T10:00"}]})
    now = datetime(2026, 4, 1, 12, 0, tzinfo=LONDON)
    assert next_infusion(plan, now).at == datetime(2027, 6, 1, 10, 0, tzinfo=LONDON)
    assert next_infusion(plan, datetime(2027, 6, 1, 10, 1, tzinfo=LONDON)).cycle == 3


def reminders_cli(capsys, *args):
    assert main(["reminders", *map(str, args)]) == 0
    return json.loads(capsys.readouterr().out)


def test_the_reminders_command_uses_the_clinics_premedication_time(tmp_path, capsys, clinic):
    (tmp_path / "plan.json").write_text(json.dumps(PLAN))
    window = ("--from", "2026-03-09T00:00", "--to", "2026-03-11T00:00")
    example = reminders_cli(capsys, "--plan", tmp_path / "plan.json", *window, "--clinic", EXAMPLE_CLINIC)
    premed = next(r for r in example if r["kind"] == "premedication")
    assert premed["at"].startswith("2026-03-10T09:00")  # the example clinic: 60 minutes before 10:00
    own = {r["kind"]: r["at"][11:16]
           for r in reminders_cli(capsys, "--plan", tmp_path / "plan.json", *window, "--clinic", clinic)}
    assert own == {"infusion_eve": "18:00", "no_grapefruit": "06:30", "premedication": "08:30", "infusion": "10:00"}


def test_the_reminders_command_reads_the_clinic_from_the_environment(tmp_path, capsys, clinic, monkeypatch):
    (tmp_path / "plan.json").write_text(json.dumps(PLAN))
    monkeypatch.setenv("COMPANION_CLINIC", str(clinic))
    found = reminders_cli(capsys, "--plan", tmp_path / "plan.json", "--from", "2026-03-10T00:00",
                          "--to", "2026-03-11T00:00")
    assert next(r["at"][11:16] for r in found if r["kind"] == "premedication") == "08:30"


def test_the_command_line_and_today_give_the_same_times(tmp_path, capsys, clinic):
    plan = {**PLAN, "with_capecitabine": True, "capecitabine_times": ["08:00", "20:00"]}
    (tmp_path / "plan.json").write_text(json.dumps(plan))
    now = datetime(2026, 3, 9, 0, 0, tzinfo=LONDON)  # the eve of cycle 1
    services = app_services(tmp_path, clinic, now)
    try:
        _, record = patient(services, plan)
        state = services.reminders.today_state(record, now)
    finally:
        services.store.close()
    end = now + timedelta(days=14)
    printed = reminders_cli(capsys, "--plan", tmp_path / "plan.json", "--from", f"{now:%Y-%m-%dT%H:%M}",
                            "--to", f"{end:%Y-%m-%dT%H:%M}", "--clinic", clinic)
    cli = [(datetime.fromisoformat(r["at"]), r["kind"]) for r in printed]
    today = [(i.occurrence.at, i.occurrence.kind) for i in state.items]
    assert today == [(at, kind) for at, kind in cli if at.date() == now.date()]
    assert [(u.at, u.kind) for u in state.upcoming] == cli
    assert (datetime(2026, 3, 10, 8, 30, tzinfo=LONDON), "premedication") in cli  # the clinic's 90 minutes


@pytest.fixture
def diary(tmp_path):
    """One patient with a 37.7 °C entry: a fever at the example clinic's 37.5, not at the default 38.0."""
    services = app_services(tmp_path, EXAMPLE_CLINIC, datetime(2026, 3, 12, 12, 0, tzinfo=LONDON))
    profile, record = patient(services)
    from companion.core.diary import parse_entry

    record.save_entry(parse_entry({"id": "e1", "at": "2026-03-11T08:00:00+00:00",
                                   "temperature": {"value": 37.7, "unit": "C"}}, vocabulary=services.rules.symptoms))
    services.store.close()
    return tmp_path / "data"


def export(data_dir, out, fmt, *clinic):
    return main(["export", "--data-dir", str(data_dir), "--format", fmt, "--out", str(out),
                 "--from", "2026-03-01", "--to", "2026-03-31", *clinic])


def test_export_with_the_example_clinic_draws_its_fever_line(diary, tmp_path, capsys):
    assert export(diary, tmp_path / "r.pdf", "pdf", "--clinic", str(EXAMPLE_CLINIC)) == 0
    text = " ".join(page.extract_text() for page in PdfReader(tmp_path / "r.pdf").pages)
    assert "Fever line: 37.5 °C" in text and "38.0" not in text
    assert export(diary, tmp_path / "r.csv", "csv", "--clinic", str(EXAMPLE_CLINIC)) == 0
    rows = list(csv.reader((tmp_path / "r.csv").open(encoding="utf-8")))
    assert rows[1][-1] == "call_now"  # 37.7 °C is a fever at 37.5
    assert export(diary, tmp_path / "d.csv", "csv", "--clinic", str(ROOT / "data" / "clinic.default.toml")) == 0
    assert list(csv.reader((tmp_path / "d.csv").open(encoding="utf-8")))[1][-1] != "call_now"


def test_export_reads_the_clinic_from_the_environment_as_the_app_does(diary, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("COMPANION_CLINIC", str(EXAMPLE_CLINIC))
    assert export(diary, tmp_path / "r.pdf", "pdf") == 0
    text = " ".join(page.extract_text() for page in PdfReader(tmp_path / "r.pdf").pages)
    assert "Fever line: 37.5 °C" in text


def test_the_backup_the_app_saves_is_the_one_the_command_line_writes(diary, tmp_path, capsys):
    assert main(["export", "--data-dir", str(diary), "--format", "json", "--out", str(tmp_path / "b.json")]) == 0
    written = (tmp_path / "b.json").read_bytes()
    store = ownership.open_store(diary, write=False)
    try:
        backup = ownership.read_backup(written)
        assert ownership.backup_bytes(backup) == written
        assert ownership.export_backup(store, backup.created) == backup
    finally:
        store.close()


def test_the_reminder_loop_delivers_every_patients_reminders_and_names_the_others(tmp_path, monkeypatch, run_async):
    now = datetime(2026, 3, 9, 19, 0, 30, tzinfo=LONDON)  # the eve of Ann's and Bob's first infusions
    services = app_services(tmp_path, EXAMPLE_CLINIC, now)
    services.reminders.notifier = RecordingNotifier()
    monkeypatch.setattr(reminders, "TICK_SECONDS", 0)
    try:
        ann, _ = patient(services)
        bob = records.add_profile(services.store, "Bob", now)
        services.reminders.save_plan(services.record(bob["id"]), parse_plan(PLAN), now - timedelta(hours=1))
        loop = services.reminder_loop()
        heard = []

        def listener(found):  # what Today does with each tick: here, two ticks, then stop
            heard.append([(d.who, d.titles) for d in found])
            if len(heard) == 2:
                loop.stop()

        loop.subscribe(listener)
        run_async(loop.run(lambda: ann["id"], lambda: True))
        # the patient on screen is not named, the other one is; the second tick delivers nothing again but
        # still tells Today (its countdown moves on)
        assert heard == [[("Bob", ("Tomorrow at 10:00: infusion",)), (None, ("Tomorrow at 10:00: infusion",))], []]
        assert sorted(title for title, _ in services.reminders.notifier.sent) == [
            "Bob: Tomorrow at 10:00: infusion", "Me: Tomorrow at 10:00: infusion"]
    finally:
        services.store.close()


def test_a_patients_card_reads_only_the_recent_months_and_the_diary_still_reads_them_all(tmp_path, clinic):
    """The caregiver's cards need the last weeks: they open without reading years of diary, and a
    damaged old month shows up (reported, not raised) when the whole diary is read."""
    now = datetime(2026, 3, 20, 12, 0, tzinfo=LONDON)
    services = app_services(tmp_path, clinic, now)
    first, _ = patient(services)
    from companion.core.diary import parse_entry

    for n, at in enumerate(["2025-06-10T09:00:00+01:00", "2025-12-10T09:00:00+00:00", "2026-03-19T09:00:00+00:00"]):
        services.record(first["id"]).save_entry(parse_entry(
            {"id": f"e{n}", "at": at, "temperature": {"value": 37.0 + n / 10, "unit": "C"}},
            vocabulary=services.rules.symptoms))
    services.store.close()
    old = next((tmp_path / "data").rglob("2025-06.json"))
    old.write_text("{ not json", encoding="utf-8")
    services = app_services(tmp_path, clinic, now)
    recent = services.record(first["id"]).recent_entries(now)
    assert [e.id for e in recent] == ["e2"]
    assert old.read_text(encoding="utf-8") == "{ not json"  # not even looked at yet
    assert [e.id for e in services.record(first["id"]).entries()] == ["e1", "e2"]  # the damaged month is set aside
    assert any("2025-06" in notice for notice in services.store.notices)
    services.store.close()
