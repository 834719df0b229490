"""Dates on the screens speak the patient's language: with the Spanish catalog, the diary's cards, the
caregiver's patient cards and diary rows, "Will my reminders work?" and the backup preview show no English
weekday or month (every date of a year is walked: each month and weekday appears), and they do show the
Spanish ones. Times stay on 24 hours, as in English."""

import dataclasses
import re
from datetime import datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from companion.adapters.clinic_file import resolve_clinic_path
from companion.app import AppConfig, build_services
from companion.core.diary import Entry, Temperature
from companion.core.i18n import MONTHS, SHORT_MONTHS, SHORT_WEEKDAYS, WEEKDAYS
from companion.core.plan import parse_plan
from companion.core.system_schedule import Notice, Permissions
from companion.services import ownership, records
from companion.services.records import new_id
from companion.services.system_reminders import Status
from tests.unit.test_screens_worded import shown_texts

ENGLISH_DATE = re.compile(r"\b(%s)\b" % "|".join(WEEKDAYS + SHORT_WEEKDAYS + MONTHS + SHORT_MONTHS))
SPANISH_SHORT_WEEKDAY = re.compile(r"\b(lun|mar|mié|jue|vie|sáb|dom) \d\d\b")
ZONE = ZoneInfo("America/Mexico_City")
# one entry a month for a year and seven days in a row: every month and every weekday is shown
DAYS = [datetime(2026, month, 3 + month, 14, 30, tzinfo=ZONE) for month in range(1, 13)] + \
       [datetime(2026, 12, 20, 9, 5, tzinfo=ZONE) + timedelta(days=d) for d in range(7)]


@pytest.fixture
def shell(tmp_path):
    services = build_services(AppConfig(tmp_path / "data", resolve_clinic_path(None, {})))
    profile = records.ensure_profile(services.store, services.now())
    t = services.translator("es")
    shell = SimpleNamespace(services=services, profile=profile, record=services.record(profile["id"]), t=t,
                            tr=t.gettext, language="es", page=None, toasts=[], flushed=lambda: None,
                            render=lambda: None, profiles=lambda: records.profiles(services.store))
    shell.toast = lambda message, action=None: shell.toasts.append(message)
    for at in DAYS:
        shell.record.save_entry(Entry(new_id(), at, Temperature(37.2, "C"), {"fatigue": 1}))
    yield shell
    services.store.close()


def every_text(thing, seen=None) -> list[str]:
    """Every string held anywhere under a control, chart axes' labels and points' tooltips included."""
    seen = set() if seen is None else seen
    if id(thing) in seen:
        return []
    seen.add(id(thing))
    if isinstance(thing, str):
        return [thing]
    if isinstance(thing, (list, tuple)):
        return [t for item in thing for t in every_text(item, seen)]
    if dataclasses.is_dataclass(thing):
        return [t for f in dataclasses.fields(thing) if not f.name.startswith("_")
                for t in every_text(getattr(thing, f.name, None), seen)]
    return []


def english_dates(control) -> list[str]:
    return [text for text in shown_texts(control) if ENGLISH_DATE.search(text)]


def spanish_dates(control) -> list[str]:
    return [text for text in shown_texts(control) if SPANISH_SHORT_WEEKDAY.search(text)]


def test_the_diary_cards_date_every_entry_in_spanish(shell):
    from companion.ui.diary import DiaryView

    built = DiaryView(shell).build(False)
    assert len(spanish_dates(built)) >= len(DAYS)  # each card's date (and its delete button's name)
    assert english_dates(built) == []
    assert any("14:30" in text for text in spanish_dates(built))  # 24-hour times, as in English


def test_the_caregiver_cards_and_rows_date_in_spanish(shell):
    from companion.ui.overview import entry_row, summary_card

    first = shell.services.now() - timedelta(days=2)
    shell.record.save_plan(parse_plan({"timezone": "America/Mexico_City", "cycles": 4,
                                       "first_infusion": f"{first:%Y-%m-%dT%H:%M}"}))
    card = summary_card(shell, shell.profile)
    rows = [entry_row(shell, entry, "C") for entry in shell.record.entries()]
    assert spanish_dates(card) and all(spanish_dates(row) for row in rows)
    assert english_dates(card) == [] and [t for row in rows for t in english_dates(row)] == []
    assert any(re.search(r"\b2026, 14:30\b", t) for row in rows for t in shown_texts(row))  # the year kept


def test_the_reminders_check_dates_the_scheduled_reminders_in_spanish(shell):
    from companion.ui.more.reminders_check import RemindersCheckSection

    held = tuple(Notice(i, at, "t", "b", "{}", True, True) for i, at in enumerate(DAYS))
    shell.system = SimpleNamespace(hide_details=lambda: False)
    section = RemindersCheckSection(shell)
    section.status = Status("android", True, Permissions(True, True), held, None)
    texts = [text for control in section.controls(False) for text in shown_texts(control)]
    scheduled = [text for text in texts if str(len(DAYS)) in text]
    assert scheduled and "dom 04 ene, 14:30" in scheduled[0] and "sáb 26 dic" in scheduled[0], scheduled
    assert [text for text in texts if ENGLISH_DATE.search(text)] == []


def test_the_backup_preview_names_what_differs_in_spanish(shell):
    from companion.ui.more.backup import BackupSection

    shell.record.save_plan(parse_plan({"timezone": "America/Mexico_City", "cycles": 4,
                                       "first_infusion": "2026-03-02T09:00"}))
    backup = ownership.export_backup(shell.services.store, shell.services.now(), [shell.profile["id"]])
    shell.record.save_plan(parse_plan({"timezone": "America/Mexico_City", "cycles": 6,
                                       "first_infusion": "2026-03-02T09:00"}))
    dialogs = []
    shell.page = SimpleNamespace(show_dialog=dialogs.append, pop_dialog=lambda: None)
    BackupSection(shell, files=None)._confirm(backup)
    texts = shown_texts(dialogs[-1])
    name = shell.profile["name"]
    assert f"Distinto aquí y en el archivo: {name}: plan de tratamiento" in texts, texts
    assert not any(re.search(r"\b(plan|settings|reminders|profile)\b$", text) for text in texts)


def test_the_tablet_diary_and_its_charts_date_in_spanish(shell):
    from companion.ui.diary import DiaryView

    built = DiaryView(shell).build(True)  # the cards beside the temperature and symptom charts
    texts = every_text(built)
    assert any(re.fullmatch(r"\d\d (ene|feb|mar|abr|may|jun|jul|ago|sept?|oct|nov|dic)\.?", text) for text in texts), \
        texts  # a chart's day on its axis
    assert any(re.search(r"°[CF]\n\d\d (nov|dic) \d\d:\d\d", text) for text in texts)  # a reading's tooltip
    assert [text for text in texts if ENGLISH_DATE.search(text)] == []
