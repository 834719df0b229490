"""More > Will my reminders work?, in the served app (`make run`): what reaches the patient in a browser, the
calendar file, "Hide details in notifications" kept across a reload; the first plan offers the check; and
the server never loads the phone's notification extension."""

import subprocess
import sys
from datetime import datetime, timedelta

from tests.support import PHONE, TABLET
from tests.support.app import ROOT, AppServer

from companion.adapters.clock import local_zone_name
from companion.adapters.store import Store
from companion.services import records

GUARD = ROOT / "tests" / "support" / "no_phone_extension"
MARKER = "FORBIDDEN IMPORT: flet_notifications"


def test_the_guard_catches_the_extension():
    """The guard below would see it: importing the extension with it on the path prints the marker."""
    out = subprocess.run([sys.executable, "-c", "import flet_notifications"], capture_output=True, text=True,
                         env={"PYTHONPATH": str(GUARD), "PATH": "/usr/bin:/bin"})
    assert out.returncode != 0 and MARKER in out.stdout


def test_first_plan_offers_the_check_and_the_browser_explains_what_reaches_the_patient(server, open_app):
    srv = server(env={"PYTHONPATH": str(GUARD)})
    app = open_app(srv.url, PHONE)
    app.see("No treatment plan yet")
    app.tap(app.button("Set up my plan"))
    first = datetime.now() + timedelta(days=3)
    app.type_into("First infusion date", f"{first:%Y-%m-%d}")
    app.type_into("Infusion time", "10:00")
    app.type_into("Number of cycles", "4")
    app.tap(app.button("Save plan"))
    app.see("Will its reminders reach you when the app is closed?")
    app.tap(app.button("Check now"))
    app.see("In this browser, reminders show in the app while this page is open")
    app.see("Save the calendar file")
    app.shot("reminders-check-phone")

    switch = app.page.get_by_role("switch", name="Hide details in notifications")
    app.tap(switch)
    app.see("Notifications now say")
    store = Store(srv.data_dir, writer=False)
    try:
        assert records.hide_details(store) is True
    finally:
        store.close()
    app.page.reload()
    app.open(srv.url)
    app.nav("More")
    app.tap(app.text("Will my reminders work?"))
    assert app.page.get_by_role("switch", name="Hide details in notifications").is_checked()

    tablet = open_app(srv.url, TABLET)  # the same screen beside More's menu
    tablet.nav("More")
    tablet.tap(tablet.text("Will my reminders work?"))
    tablet.see("In this browser, reminders show in the app while this page is open")
    tablet.shot("reminders-check-tablet")

    srv.stop()
    assert MARKER not in srv.log.read_text(), "make run loaded the phone's notification extension"


def test_phone_check_asks_for_each_permission_and_lists_what_is_scheduled(tmp_path, open_app):
    """The phone's screen, on the phone's scheduler with a fake of the extension (tests/support/phone_app.py):
    nothing allowed at first; each button asks; then the reminders scheduled with the system are listed."""
    data = tmp_path / "data"
    data.mkdir()
    store = Store(data, writer=True)
    profile = records.ensure_profile(store, datetime.now().astimezone())
    first = datetime.now() + timedelta(days=2)
    store.put_doc(profile["id"], "plan", {"timezone": local_zone_name(), "first_infusion": f"{first:%Y-%m-%d}T10:00",
                                          "cycles": 2})
    store.close()
    srv = AppServer(data, script=ROOT / "tests" / "support" / "phone_app.py").start()
    try:
        app = open_app(srv.url, PHONE)
        app.nav("More")
        app.tap(app.text("Will my reminders work?"))
        app.see("Not allowed: reminders cannot show when the app is closed.")
        app.see("Not allowed: premedication and infusion reminders may come some minutes late.")
        app.see("Battery savers")
        app.shot("reminders-check-phone-not-allowed")
        app.tap(app.button("Allow notifications"))
        app.see("Allowed: reminders show even when the app is closed.")
        app.tap(app.button("Allow exact alarms"))
        app.see("Allowed: premedication and infusion reminders come on the minute.")
        app.see("reminders, the next")
        app.page.get_by_role("button", name="Open Companion's settings").scroll_into_view_if_needed()
        app.shot("reminders-check-phone-allowed")
    finally:
        srv.stop()
