"""Plan and Today: enter a plan, see today's reminders and the countdown, mark one done, snooze one, move an infusion,
export to a calendar; reminders overdue at start are listed; a wrong date is explained and kept."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from tests.support import PHONE, TABLET

from companion.services import records
from companion.adapters.clock import local_zone_name
from companion.adapters.store import Store
from companion.core.plan import parse_plan
from companion.services.reminders import ICS_FILE

ZONE = ZoneInfo(local_zone_name())  # the server runs on this machine: same device zone


def clock(moment):
    return f"{moment:%H:%M}"


def done_buttons(app):
    return app.page.get_by_role("button", name="Done", exact=True)


def test_phone_plan_today_done_move_and_calendar(server, open_app):
    now = datetime.now(ZONE)
    first = datetime.combine(now.date() - timedelta(days=2), time(10), tzinfo=ZONE)
    morning = clock(max(now - timedelta(hours=1), now.replace(hour=0, minute=0)))  # earlier today: missed/now
    evening = "23:59" if now.hour >= 22 else clock(now + timedelta(hours=2))
    cycle2 = first + timedelta(days=21)
    srv = server()
    app = open_app(srv.url, PHONE)
    app.see("No treatment plan yet")
    app.tap(app.button("Set up my plan"))
    app.type_into("First infusion date", f"{first:%Y-%m-%d}")
    app.type_into("Infusion time", "10:00")
    app.type_into("Number of cycles", "6")
    app.tap(app.page.get_by_role("checkbox", name="I also take capecitabine (Xeloda) tablets"))
    app.type_into("Morning dose time", morning)
    app.type_into("Evening dose time", evening)
    app.tap(app.page.get_by_role("radio", name="I can become pregnant"))
    app.type_into("Contraception reminder time", morning)
    app.tap(app.button("Save plan"))
    app.see("Plan saved")
    app.see(f"{cycle2:%a %d %b %Y} at 10:00")
    app.see("Cycle 6")
    app.shot("plan")

    app.nav("Today")
    app.see("Next infusion")
    app.see(f"Cycle 2 of 6: {cycle2:%A %d %B} at 10:00")
    app.see(f"in {(cycle2 - now).days} days")
    app.see(f"Capecitabine, {morning} dose")
    app.see("Contraception reminder")
    app.see(f"Capecitabine, {evening} dose")
    app.shot("today")
    before = done_buttons(app).count()
    app.tap(done_buttons(app).first)
    for _ in range(50):  # one Done button fewer: that reminder is marked done
        if done_buttons(app).count() == before - 1:
            break
        app.page.wait_for_timeout(200)
    assert done_buttons(app).count() == before - 1
    app.tap(app.button("Snooze"))
    app.page.get_by_role("menuitem", name="10 minutes").click()
    app.see("Snoozed for 10 minutes")
    app.see("Snoozed until")
    app.shot("done-and-snoozed")

    with app.page.expect_download(timeout=20_000) as download:
        app.tap(app.button("Add reminders to my calendar (.ics)"))
    app.see("saved to")
    assert download.value.suggested_filename == ICS_FILE
    exported = (srv.data_dir / "exports" / ICS_FILE).read_text()
    assert f"SUMMARY:Capecitabine\\, {evening} dose" in exported and "BEGIN:VEVENT" in exported

    app.nav("Plan")
    moved = cycle2 + timedelta(days=7)  # a low blood count: one week later
    app.tap(app.page.get_by_role("button", name="Move", exact=True).nth(1))
    app.see("Move cycle 2")
    app.type_into("New date", f"{moved:%Y-%m-%d}")
    app.tap(app.button("Move infusion"))
    app.see(f"{moved:%a %d %b %Y} at 10:00 · moved")
    app.see(f"{moved + timedelta(days=21):%a %d %b %Y} at 10:00")  # cycle 3 moved with it
    app.shot("moved")
    app.nav("Today")
    app.see(f"Cycle 2 of 6: {moved:%A %d %B} at 10:00")


def test_tablet_lists_reminders_missed_before_opening_and_explains_a_wrong_date(server, open_app, tmp_path):
    now = datetime.now(ZONE)
    first = datetime.combine(now.date() - timedelta(days=3), time(9), tzinfo=ZONE)
    earlier = clock(max(now - timedelta(hours=2), now.replace(hour=0, minute=0)))
    data_dir = tmp_path / "data"
    store = Store(data_dir)
    profile = records.ensure_profile(store, now)
    records.PatientRecord(store, profile["id"], ()).save_plan(parse_plan({
        "timezone": ZONE.key, "first_infusion": f"{first:%Y-%m-%dT%H:%M}", "cycles": 4,
        "contraception": "partner_can_become_pregnant", "contraception_time": earlier}))
    store.close()
    app = open_app(server(data_dir=data_dir).url, TABLET)
    app.see("See Today")  # the reminder loop delivered what came due while the app was closed
    app.see("Missed (")
    app.see("Contraception reminder")
    app.see("Next 14 days")  # the second pane
    text = app.visible_text()
    assert "Next infusion" in text and f"{first + timedelta(days=21):%A %d %B}" in text
    app.shot("today")

    app.nav("Plan")
    app.type_into("First infusion date", "2026-02-30")
    app.tap(app.button("Save plan"))
    app.see("First infusion: 2026-02-30T09:00 is not a real date and time.")
    assert app.field("First infusion date").input_value() == "2026-02-30"  # what was typed is kept
    app.see(f"{first:%a %d %b %Y} at 09:00")  # the saved plan is unchanged
    app.shot("wrong-date")


def test_phone_missed_copies_of_a_daily_reminder_are_one_row_with_one_done(server, open_app, tmp_path):
    """A week with the phone off: seven missed contraception reminders are one row, and one Done clears them."""
    now = datetime.now(ZONE)
    # Seven copies before now whatever the hour: an hour ago on each of the last seven days, or (just after
    # midnight) 23:59 on each of the seven days before today.
    late_night = now.hour < 2
    reminder_time = "23:59" if late_night else clock(now - timedelta(hours=1))
    first_copy = now.date() - timedelta(days=7 if late_night else 6)
    data_dir = tmp_path / "data"
    store = Store(data_dir)
    profile = records.ensure_profile(store, now)
    record = records.PatientRecord(store, profile["id"], ())
    record.save_plan(parse_plan({
        "timezone": ZONE.key, "first_infusion": f"{now.date() - timedelta(days=10):%Y-%m-%d}T09:00", "cycles": 6,
        "contraception": "can_become_pregnant", "contraception_time": reminder_time}))
    store.close()
    srv = server(data_dir=data_dir)
    app = open_app(srv.url, PHONE)
    title = f"Contraception reminder, missed 7 times since {first_copy:%a %d %b}"
    app.see(title)
    text = app.visible_text()
    assert text.count("Contraception reminder") == (2 if late_night else 1)  # one row (and tonight's own one)
    assert "Missed (7)" in text and "Mark all as done" not in text
    app.shot("missed-grouped")
    before = done_buttons(app).count()
    app.tap(done_buttons(app).first)  # the missed card comes first: its one Done
    for _ in range(50):
        if title not in app.visible_text():
            break
        app.page.wait_for_timeout(200)
    assert title not in app.visible_text() and "Missed (" not in app.visible_text()
    assert done_buttons(app).count() == before - 1
    app.shot("missed-grouped-done")
    srv.stop()
    state = records.PatientRecord(Store(data_dir), profile["id"], ()).reminder_state()
    done = [key for key, item in state["items"].items() if key.startswith("contraception:") and "done" in item]
    assert len(done) == 7
