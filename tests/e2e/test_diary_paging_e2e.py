"""Years of entries: the diary shows the newest page and builds older cards only on request."""

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from companion.services import records
from companion.adapters.store import Store
from companion.core.diary import Temperature, new_entry
from companion.ui.diary import PAGE
from tests.support import PHONE


def test_phone_shows_the_newest_entries_then_older_ones_on_request(server, tmp_path, open_app):
    data = tmp_path / "data"
    store = Store(data)
    profile = records.ensure_profile(store, datetime.now(timezone.utc))
    record = records.PatientRecord(store, profile["id"], ["nausea"])
    london = ZoneInfo("Europe/London")
    start = datetime(2026, 1, 1, 9, 0, tzinfo=london)
    total = PAGE + 5
    for day in range(total):  # one entry a day; temperature tells the day: 36.0 + day / 100
        record.save_entry(new_entry(start + timedelta(days=day), f"e{day}", Temperature(36.0 + day / 100, "C")))
    store.close()

    app = open_app(server(data_dir=data).url, PHONE)
    app.nav("Diary")
    newest, oldest = str(Temperature(36.0 + (total - 1) / 100, "C")), str(Temperature(36.0, "C"))
    app.see(newest)
    assert oldest not in app.visible_text()  # the oldest card is not built yet
    app.button("Show older entries (5 more)").click()
    app.see(oldest)
    app.shot("older")
