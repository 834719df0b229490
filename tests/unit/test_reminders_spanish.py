"""Reminders in the patient's language (issue 19): every reminder text, date and notification worded through
the translator says it in Spanish, with the same times, cycles, days and doses as the English one.

The Spanish words are the shipped catalog's (test_catalogs checks that it is complete)."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from companion.adapters.catalogs import translator
from companion.adapters.notifier import RecordingNotifier
from companion.adapters.schedule_file import load_schedule_settings
from companion.adapters.store import Store
from companion.core import delivery, system_schedule
from companion.core.i18n import ENGLISH
from companion.core.plan import parse_plan
from companion.core.reminders import expand, group_missed, wording
from companion.services.records import PatientRecord
from companion.services.reminders import ReminderLoop, ReminderService, countdown

MEXICO = ZoneInfo("America/Mexico_City")
SETTINGS = load_schedule_settings()
PLAN = parse_plan({
    "timezone": "America/Mexico_City", "first_infusion": "2026-03-10T09:00", "cycles": 4,
    "with_capecitabine": True, "capecitabine_times": ["08:00", "20:00"], "prior_reaction": True,
    "contraception": "can_become_pregnant", "contraception_frequency": "daily"})
OPEN_ENDED = parse_plan({
    "timezone": "America/Mexico_City", "first_infusion": "2026-04-28T14:30", "with_capecitabine": True,
    "capecitabine_times": ["13:00"], "contraception": "partner_can_become_pregnant",
    "contraception_frequency": "weekly"})
ENGLISH_WORDS = re.compile(r"\b(?:" + "|".join((
    "Infusion", "infusion", "today", "tomorrow", "yesterday", "dose", "doses", "cycle", "Cycle", "day", "days",
    "hour", "hours", "minute", "minutes", "your", "Your", "the", "and", "with", "after", "before", "at", "on",
    "for", "in", "of", "missed", "Last", "reminder", "reminders", "Premedicines", "Capecitabine", "grapefruit",
    "Contraception", "Open", "now", "until", "tablets", "Take", "Swallow", "care", "team",
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
    "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun",
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")) + r")\b")
NUMBER = re.compile(r"\d+")
WEEKDAYS_ES = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")
MONTHS_ES = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
             "noviembre", "diciembre")


SPANISH = translator("es")


def english_in(text: str) -> list[str]:
    return ENGLISH_WORDS.findall(text)


def numbers(text: str) -> Counter:
    return Counter(NUMBER.findall(text))


def reads(plan, days=30):
    """Every occurrence of the plan's first `days`, read a day ahead, an hour ahead, at its time, three
    hours late and two days late."""
    start = plan.first_infusion - timedelta(days=2)
    for occurrence in expand(plan, start, start + timedelta(days=days), SETTINGS):
        for shift in (timedelta(days=-1), timedelta(hours=-1), timedelta(0), timedelta(hours=3), timedelta(days=2)):
            yield occurrence, occurrence.at + shift


@pytest.mark.parametrize("plan", [PLAN, OPEN_ENDED], ids=["four-cycles", "open-ended"])
def test_every_reminder_reads_in_spanish_with_the_same_numbers(plan):
    kinds = set()
    for occurrence, now in reads(plan):
        english, spanish = wording(occurrence, now), wording(occurrence, now, SPANISH)
        for en, es in ((english.title, spanish.title), (english.body, spanish.body)):
            assert not english_in(es), f"{occurrence.kind} at {now}: {english_in(es)} in {es!r}"
            assert numbers(es) == numbers(en), f"{en!r} / {es!r}"
            assert es != en
        kinds.add(occurrence.kind)
    assert kinds == {"infusion", "infusion_eve", "premedication", "no_grapefruit", "capecitabine", "contraception"}


def test_the_advice_keeps_its_facts_in_spanish():
    start = PLAN.first_infusion - timedelta(days=2)
    found = {o.kind: o for o in expand(PLAN, start, start + timedelta(days=3), SETTINGS)}
    body = lambda kind: wording(found[kind], found[kind].at, SPANISH).body  # noqa: E731
    assert "ixabepilona" in body("contraception") and "7 meses" in body("contraception")
    assert "esteroide" in body("premedication") and "bloqueador H2" in body("premedication")
    capecitabine = body("capecitabine")
    assert "30 minutos" in capecitabine and "12 horas" in capecitabine and "enteras" in capecitabine
    assert "alcohol" in body("infusion") and "no maneje" in body("infusion")


def test_a_date_ten_days_away_reads_el_dia_n_de_mes():
    second = PLAN.infusion(2).at
    found = {o.kind: o for o in expand(PLAN, second - timedelta(days=1), second + timedelta(hours=1), SETTINGS)}
    day = second.date()
    expected = f"el {WEEKDAYS_ES[day.weekday()]} {day.day} de {MONTHS_ES[day.month - 1]}"
    for kind, part in (("infusion", "title"), ("infusion_eve", "body"), ("premedication", "title")):
        said = getattr(wording(found[kind], second - timedelta(days=10), SPANISH), part)
        assert expected in said, said
    assert wording(found["infusion"], second - timedelta(hours=2), SPANISH).title.startswith("Infusión hoy a las")


def test_missed_rows_read_in_spanish_with_short_dates():
    start = PLAN.first_infusion - timedelta(days=1)
    missed = expand(PLAN, start, start + timedelta(days=4), SETTINGS)
    now = missed[-1].at + timedelta(hours=2)
    english, spanish = group_missed(missed, now), group_missed(missed, now, SPANISH)
    assert len(spanish) == len(english) and any(len(row.occurrences) > 1 for row in spanish)
    for en, es in zip(english, spanish):
        for a, b in ((en.title, es.title), (en.body, es.body), (en.when, es.when)):
            assert not english_in(b), b
            assert numbers(b) == numbers(a)
    day = PLAN.first_infusion.date()
    short = f"{WEEKDAYS_ES[day.weekday()][:3]} {day.day:02d} {MONTHS_ES[day.month - 1][:3]}"
    assert any(short in row.when or short in row.title for row in spanish)


def test_countdown_and_the_phones_notifications_in_spanish():
    now = datetime(2026, 3, 1, 12, tzinfo=MEXICO)
    for minutes in (0, 1, 59, 61, 1440, 2941):
        en, es = countdown(now, now + timedelta(minutes=minutes)), countdown(now, now + timedelta(minutes=minutes),
                                                                            SPANISH)
        assert not english_in(es) and numbers(es) == numbers(en) and es != en
    occurrences = expand(PLAN, PLAN.first_infusion - timedelta(days=2), PLAN.first_infusion + timedelta(days=9),
                         SETTINGS)
    start = PLAN.first_infusion - timedelta(days=2)
    due = system_schedule.due_for("p1", None, occurrences, delivery.empty_state(), start, SPANISH)
    for hide in (False, True):
        notices = system_schedule.wanted(due, start, hide_details=hide, exact_allowed=True, limit=5, t=SPANISH)
        assert notices[-1].id == system_schedule.KEEP_ALIVE_ID  # more were due than fit
        for notice in notices:
            assert not english_in(notice.title) and not english_in(notice.body), notice
    # Two patients on one device: each one's notifications in their own language, the name before them.
    other = system_schedule.due_for("p2", "Ana", occurrences, delivery.empty_state(), start, ENGLISH)
    mixed = system_schedule.wanted(due + other, start, hide_details=False, exact_allowed=True)
    by_patient = {"p1": [], "p2": [], None: []}  # None: the keep-alive notice
    for notice in mixed:
        by_patient[system_schedule.target(notice.payload).patient_id].append(notice)
    assert by_patient["p1"] and by_patient["p2"]
    assert all(not english_in(n.title + " " + n.body) for n in by_patient["p1"])
    assert all(n.title.startswith("Ana: ") and english_in(n.body) for n in by_patient["p2"])


def test_the_service_words_today_and_notifications_in_the_patients_language(tmp_path):
    notifier = RecordingNotifier(True)
    service = ReminderService(SETTINGS, notifier)
    record = PatientRecord(Store(tmp_path), "p1", ())
    service.save_plan(record, PLAN, PLAN.first_infusion - timedelta(days=3))
    now = PLAN.first_infusion + timedelta(hours=1, minutes=30)  # the morning's reminders went by unseen
    state = service.today_state(record, now, t=SPANISH)
    texts = [state.countdown or ""] + [t for row in state.missed for t in (row.title, row.body, row.when)] + \
            [t for item in state.items for t in (item.title, item.body)] + [u.title for u in state.upcoming]
    assert state.missed and state.upcoming
    for text in texts:
        assert not english_in(text), text
    loop = ReminderLoop(service, lambda: [{"id": "p1", "name": "Ana"}], lambda _: record, lambda: now,
                        translator_for=lambda _: SPANISH)
    delivered = loop.tick("p1")
    assert delivered and notifier.sent
    for title, body in notifier.sent:
        assert not english_in(title) and not english_in(body), (title, body)
    assert any(title == "Recordatorios perdidos" for title, _ in notifier.sent)
