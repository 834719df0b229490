"""The served app as the packaged phone app would run it: the real composition root and screens, with the
phone's system scheduler (adapters/system_notifications.PhoneScheduler) on a fake of the notification
extension's service (an Android phone on which nothing is allowed yet). Lets a browser test look at the
phone's "Will my reminders work?" screen, which `make run` never shows.

    python tests/support/phone_app.py --port 8571 --data-dir DIR
"""

import sys
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import flet_notifications  # noqa: E402

import companion.app  # noqa: E402
from companion.adapters.system_notifications import PhoneScheduler  # noqa: E402
from companion.cli import main  # noqa: E402
from tests.support.fake_notifications import FakeNotifications  # noqa: E402

FAKE = FakeNotifications(lambda: datetime.now(timezone.utc), enabled=False, exact=False, ios_cap=False)
companion.app.scheduler_for = lambda page: PhoneScheduler(FAKE, flet_notifications, "android")

if __name__ == "__main__":
    sys.exit(main(["serve", *sys.argv[1:]]))
