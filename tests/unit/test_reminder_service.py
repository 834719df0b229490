"""Reminders while the app runs: delivered once across restarts, snooze, done, missed, moved infusions."""

import dataclasses
import threading
from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from companion.adapters.notifier import RecordingNotifier
from companion.adapters.schedule_file import load_schedule_settings
from companion.adapters.store import Store
from companion.core.plan import move_infusion, parse_plan
from companion.services.records import PatientRecord
from companion.core.overview import next_infusion
from companion.services.reminders import ICS_FILE, ReminderService, countdown

PARIS = ZoneInfo("Europe/Paris")
SETTINGS = load_schedule_settings()
PLAN = parse_plan({
    "timezone": "Europe/Paris", "first_infusion": "2026-03-10T10:00", "cycles": 4, "with_capecitabine": True,
    "capecitabine_times": ["08:00", "20:00"], "contraception": "can_become_pregnant",
    "contraception_time": "09:00", "contraception_frequency": "daily",
})


def at(day, hour, minute=0, second=0, month=3):
    return datetime(2026, month, day, hour, minute, second, tzinfo=PARIS)


class App:
    """One app process: a store on the data dir, a record, a service with a recording notifier."""

    def __init__(self, data_dir, shows=True, settings=SETTINGS):
        self.notifier = RecordingNotifier(shows)
        self.record = PatientRecord(Store(data_dir), "p1", ())
        self.service = ReminderService(settings, self.notifier)

    def tick(self, now):
        return [o.title for o in self.service.tick(self.record, now)]  # the words at each one's own time

    @property
    def sent(self):
        return [title for title, _ in self.notifier.sent]

    def find(self, title, now):
        items = self.service.today(self.record, now)
        return next(i for i in items if i.title == title)


@pytest.fixture
def app(tmp_path):
    first = App(tmp_path)
    first.service.save_plan(first.record, PLAN, at(9, 12))
    return first


def test_due_reminders_are_delivered_once_even_across_a_restart(app, tmp_path):
    assert app.tick(at(9, 18, 59)) == []
    assert app.tick(at(9, 19, 0, 10)) == ["Tomorrow at 10:00: infusion"]
    assert app.tick(at(9, 19, 1)) == []
    restarted = App(tmp_path)
    assert restarted.tick(at(9, 19, 2)) == []
    # The next morning the phone was off until 09:00: the 07:00 and 08:00 ones went by unseen.
    delivered = restarted.tick(at(10, 9, 0, 30))
    assert delivered == ["No grapefruit during your treatment", "Capecitabine, 08:00 dose",
                         "Contraception reminder", "Premedicines before your 10:00 infusion"]
    assert restarted.sent == ["Contraception reminder", "Premedicines before your 10:00 infusion",
                              "Missed reminders"]  # the overdue ones in one notification, not four
    assert "2 reminder(s)" in restarted.notifier.sent[-1][1]
    assert App(tmp_path).tick(at(10, 9, 5)) == []


def test_two_sessions_ticking_at_once_deliver_once(app, tmp_path):
    sessions = [App(tmp_path) for _ in range(2)]
    sessions[1].record = PatientRecord(sessions[0].record.store, "p1", ())  # one store per process
    barrier = threading.Barrier(2)
    results = []

    def run(session):
        barrier.wait()
        results.append(session.tick(at(9, 19, 0, 10)))

    threads = [threading.Thread(target=run, args=(s,)) for s in sessions]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [[], ["Tomorrow at 10:00: infusion"]]
    assert sessions[0].sent + sessions[1].sent == ["Tomorrow at 10:00: infusion"]


def test_a_snoozed_reminder_comes_back_once_at_the_snoozed_time(app):
    app.tick(at(10, 9, 0, 30))
    premed = app.find("Premedicines before your 10:00 infusion", at(10, 9, 1)).occurrence
    app.service.snooze(app.record, premed, at(10, 9, 1), 10)
    item = app.find(premed.title, at(10, 9, 5))
    assert (item.status, item.snoozed_until) == ("snoozed", at(10, 9, 11))
    assert app.tick(at(10, 9, 10)) == []
    assert app.tick(at(10, 9, 11)) == [premed.title]
    assert app.tick(at(10, 9, 12)) == []
    assert app.sent.count(premed.title) == 2
    assert app.find(premed.title, at(10, 9, 12)).status == "due"


def test_done_stops_a_reminder_and_it_is_never_missed(app):
    app.tick(at(10, 9, 0, 30))
    contraception = app.find("Contraception reminder", at(10, 9, 1)).occurrence
    app.service.done(app.record, contraception, at(10, 9, 2))
    assert app.find("Contraception reminder", at(10, 9, 3)).status == "done"
    app.service.snooze(app.record, contraception, at(10, 9, 3), 10)  # a done one stays done
    assert app.tick(at(10, 9, 30)) == []
    assert contraception.key not in [o.key for o in app.service.missed(app.record, at(10, 23))]


def test_missed_lists_past_reminders_not_done_and_today_lists_the_rest(app):
    app.tick(at(10, 9, 0, 30))
    premed = app.find("Premedicines before your 10:00 infusion", at(10, 9, 1)).occurrence
    app.service.done(app.record, premed, at(10, 9, 1))
    now = at(10, 12)
    missed = [o.title for o in app.service.missed(app.record, now)]
    assert missed == ["Tomorrow at 10:00: infusion", "No grapefruit during your treatment",
                      "Capecitabine, 08:00 dose", "Contraception reminder", "Infusion today at 10:00"]
    rows = [row.title for row in app.service.missed_rows(app.record, now)]  # worded at noon on the day
    assert rows == ["Today at 10:00: infusion", "No grapefruit during your treatment", "Capecitabine, 08:00 dose",
                    "Contraception reminder", "Infusion today at 10:00"]
    today = [(i.title, i.status) for i in app.service.today(app.record, now)]
    assert today == [("Premedicines for your 10:00 infusion", "done"), ("Capecitabine, 20:00 dose", "later")]


def test_a_notification_delivered_after_midnight_says_today_not_tomorrow(tmp_path):
    late_eve = dataclasses.replace(SETTINGS, infusion_eve_time=time(23, 50))  # a clinic's late evening reminder
    app = App(tmp_path, settings=late_eve)
    app.service.save_plan(app.record, PLAN, at(9, 12))
    assert app.tick(at(9, 23, 40)) == []
    assert app.tick(at(10, 0, 5)) == ["Tomorrow at 10:00: infusion"]  # 15 minutes late: still its own alert
    title, body = app.notifier.sent[-1]
    assert title == "Today at 10:00: infusion" and "is today at 10:00" in body and "tomorrow" not in body


def test_a_premedication_snoozed_past_the_infusion_time_comes_back_without_before(app):
    app.tick(at(10, 9, 0, 30))
    premed = app.find("Premedicines before your 10:00 infusion", at(10, 9, 1)).occurrence
    app.service.snooze(app.record, premed, at(10, 9, 30), 60)
    assert premed.title in app.tick(at(10, 10, 30))
    title, body = next((t, b) for t, b in app.notifier.sent if t.startswith("Premedicines for"))
    assert title == "Premedicines for your 10:00 infusion"
    assert app.sent.count(title) == 1 and app.sent.count(premed.title) == 1
    assert body.startswith("Your infusion was due to start at 10:00.") and "tell the nurse" in body
    assert app.find("Premedicines for your 10:00 infusion", at(10, 10, 31)).status == "due"


def test_seven_missed_daily_reminders_are_one_row_and_one_done_marks_them_all(tmp_path):
    plan = parse_plan({"timezone": "Europe/Paris", "first_infusion": "2026-11-24T10:00", "cycles": 4,
                       "contraception": "can_become_pregnant", "contraception_time": "09:00"})
    app = App(tmp_path)
    app.record.save_plan(plan)  # saved long ago: the phone then stayed off for a week
    now = datetime(2026, 12, 7, 8, 0, tzinfo=PARIS)
    app.tick(now)
    assert app.sent[-1] == "Missed reminders"
    rows = app.service.missed_rows(app.record, now)
    assert [row.title for row in rows] == ["Contraception reminder, missed 7 times since Mon 30 Nov"]
    app.service.done_all(app.record, rows[0].occurrences, now)
    restarted = App(tmp_path)
    assert restarted.service.missed_rows(restarted.record, now) == []
    later = restarted.service.missed(restarted.record, datetime(2026, 12, 7, 23, 0, tzinfo=PARIS))
    assert not {o.key for o in later} & {o.key for o in rows[0].occurrences}
    state = restarted.record.reminder_state()
    assert all("done" in state["items"][o.key] for o in rows[0].occurrences)
    assert restarted.tick(datetime(2026, 12, 7, 9, 0, 5, tzinfo=PARIS)) == ["Contraception reminder"]  # today's
    assert restarted.tick(datetime(2026, 12, 7, 9, 30, tzinfo=PARIS)) == []


def test_saving_a_plan_does_not_count_earlier_days_as_missed(tmp_path):
    app = App(tmp_path)
    app.service.save_plan(app.record, PLAN, at(12, 8, 30))  # entered on day 3 of cycle 1
    missed = app.service.missed(app.record, at(12, 8, 45))
    assert [(o.title, o.at) for o in missed] == [("Capecitabine, 08:00 dose", at(12, 8))]
    assert app.tick(at(12, 8, 45)) == ["Capecitabine, 08:00 dose"]


def test_a_notifier_without_backend_still_gives_the_in_app_list(tmp_path):
    app = App(tmp_path, shows=False)
    app.service.save_plan(app.record, PLAN, at(9, 12))
    assert app.tick(at(9, 19, 0, 10)) == ["Tomorrow at 10:00: infusion"]
    assert app.sent == ["Tomorrow at 10:00: infusion"]  # tried once, not retried on the next tick
    assert app.tick(at(9, 19, 1)) == []
    assert app.find("Tomorrow at 10:00: infusion", at(9, 19, 1)).status == "due"


def test_moving_an_infusion_moves_its_reminders_and_the_later_ones(app):
    assert app.tick(at(30, 19, 0, 5)) != []  # the evening before cycle 2 was delivered (and more)
    moved = move_infusion(app.record.plan(), 2, at(6, 10, month=4))  # low blood count: one week later
    app.record.save_plan(moved)
    assert app.tick(at(31, 9, 0, 5)) == ["Contraception reminder"]  # no premedication on the old day
    assert app.tick(at(5, 18, month=4)) != []  # daily contraception reminders meanwhile
    assert app.tick(at(5, 19, 0, 5, month=4)) == ["Tomorrow at 10:00: infusion"]  # again, at the new time
    assert "Premedicines before your 10:00 infusion" in app.tick(at(6, 9, 0, 5, month=4))
    upcoming = app.service.upcoming(app.record, at(6, 9, 30, month=4), days=30)
    infusions = [(o.cycle, o.at) for o in upcoming if o.kind == "infusion"]
    assert infusions == [(2, at(6, 10, month=4)), (3, at(27, 10, month=4))]
    assert next_infusion(moved, at(6, 11, month=4)).at == at(27, 10, month=4)


def test_calendar_export_is_written_to_the_exports_folder(app, tmp_path):
    data, path, events = app.service.export_ics(app.record, at(9, 12), tmp_path, "Ixempra reminders (Me)")
    assert path == tmp_path / "exports" / ICS_FILE and path.read_bytes() == data
    text = data.decode()
    assert text.count("BEGIN:VEVENT") == events == len(app.service.upcoming(app.record, at(9, 12), days=365)) > 100
    assert "SUMMARY:Infusion today at 10:00" in text and "TZID=Europe/Paris" in text
    assert "SUMMARY:Tomorrow at 10:00: infusion" in text  # the calendar keeps words true at each event's time


@pytest.mark.parametrize("minutes, text", [
    (3 * 1440 + 4 * 60 + 59, "in 3 days 4 hours"), (1440, "in 1 day"), (125, "in 2 hours 5 minutes"),
    (60, "in 1 hour"), (1, "in 1 minute"), (0, "now"), (-5, "now"),
])
def test_countdown_reads_like_a_person_would_say_it(minutes, text):
    from datetime import timedelta

    assert countdown(at(1, 12), at(1, 12) + timedelta(minutes=minutes)) == text
