"""Reminders handed to the phone's system (issue 17), proven against a fake of the flet-notifications
service (tests/support/fake_notifications.py: the extension's real Python, the Dart side replaced).

- a property test: any sequence of plan edits, infusion moves, patients added and removed, the hide-details
  setting, Done / Snooze / taps from notifications, clock advances across clock changes, in-app ticks and
  restarts leaves the system holding exactly the next reminders, soonest first, under the limit, none twice,
  nothing stale, and nothing both shown in the app and still pending;
- answers taken while the app was closed are replayed at start and recorded once;
- the hide-details setting, exact alarms, the keep-alive notice, the desktop and browser ports.
"""

from __future__ import annotations

import asyncio
import functools
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import flet_notifications
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from companion.adapters import bundle, triage_file
from companion.adapters.notifier import RecordingNotifier
from companion.adapters.system_notifications import PhoneScheduler
from companion.app import AppConfig, build_services
from companion.core import system_schedule
from companion.core.plan import move_infusion, parse_plan
from companion.services import records
from companion.services.system_reminders import InAppOnly
from tests.support.fake_notifications import FakeNotifications
from tests.support.ram_folder import ram_folder

ROOT = Path(__file__).resolve().parents[2]
CLINIC = ROOT / "data" / "clinic.example.toml"
CHANGES = {"Europe/London": "2026-03-29", "America/New_York": "2026-11-01", "Australia/Sydney": "2026-04-05"}


class Phone:
    """The app on a phone: its data folder, the system's notification service (which outlives the app),
    the clock. `start()` is what opening the app does; `restart()` closes it first."""

    def __init__(self, data: Path, now: datetime, platform: str = "ios", **fake):
        self.data, self.platform = data, platform
        self.clock = [now]
        self.fake = FakeNotifications(lambda: self.clock[0], **fake)
        self.opened: list[str] = []
        self.added = 0  # patients added so far (each gets a new name)
        self.services = None
        self.first = self.last = now  # the first and the latest time of a scenario (play sets the latest)
        self._occurrences: dict = {}

    def now(self) -> datetime:
        return self.clock[0]

    async def start(self):
        self.services = build_services(AppConfig(self.data, CLINIC))
        self.services.now = self.now
        self.services.reminders.notifier = RecordingNotifier(shows=False)  # as on a phone (app.packaged_mobile)
        self.system = self.services.system_reminders(PhoneScheduler(self.fake, flet_notifications, self.platform))
        self.system.listen(self.opened.append)
        await self.fake.replay()  # the extension replays what was taken while the app was closed
        await self.system.sync()
        return self

    async def restart(self):
        self.services.store.close()
        return await self.start()

    def close(self):
        self.services.store.close()

    def occurrences(self, plan, start: datetime, end: datetime) -> list:
        """`services.reminders.occurrences(plan, start, end)` for the oracle, cut from one list per plan
        that spans the whole scenario (from a day before its start to 401 days after its last moment): the
        oracle asks after every step, a plan changes at a few of them."""
        low, high = self.first - timedelta(days=1), self.last + timedelta(days=401)
        assert low <= start and end <= high, "outside the scenario's span"
        if plan not in self._occurrences:
            self._occurrences[plan] = self.services.reminders.occurrences(plan, low, high)
        return [o for o in self._occurrences[plan] if start <= o.at < end]


def random_plan(draw, zone: str) -> dict:
    start = datetime.fromisoformat(CHANGES[zone]) + timedelta(days=draw(st.integers(-4, 3)))
    return {
        "timezone": zone,
        "first_infusion": f"{start:%Y-%m-%d}T{draw(st.sampled_from(['00:30', '01:30', '09:00', '14:00']))}",
        "cycle_days": draw(st.integers(7, 21)),
        "cycles": draw(st.sampled_from([1, 3, 6, None])),
        "with_capecitabine": draw(st.booleans()),
        "capecitabine_times": draw(st.sampled_from([["01:30", "20:00"], ["08:00", "20:00"]])),
        "contraception": draw(st.sampled_from(["can_become_pregnant", "partner_can_become_pregnant", "none"])),
        "contraception_time": draw(st.sampled_from(["01:30", "09:00"])),
        "contraception_frequency": draw(st.sampled_from(["daily", "weekly"])),
    }


OPS = ("plan", "move", "add", "remove", "hide", "advance", "advance", "tick", "answer", "answer_closed",
       "restart")


@st.composite
def scenario(draw):
    zone = draw(st.sampled_from(sorted(CHANGES)))
    steps = []
    for op in draw(st.lists(st.sampled_from(OPS), min_size=4, max_size=14)):
        if op == "plan":
            steps.append((op, random_plan(draw, draw(st.sampled_from(sorted(CHANGES))))))
        elif op == "advance":
            steps.append((op, draw(st.integers(1, 4 * 24 * 60))))  # minutes
        elif op in ("answer", "answer_closed"):
            steps.append((op, draw(st.sampled_from(["done", "snooze", ""]))))
        else:
            steps.append((op, draw(st.integers(0, 10))))
    start = datetime.fromisoformat(CHANGES[zone]).replace(tzinfo=ZoneInfo(zone)) - timedelta(days=5)
    return random_plan(draw, zone), start.astimezone(timezone.utc), steps


def expected(phone: Phone) -> tuple[list[tuple[str, str, datetime]], int]:
    """The oracle, from the stored plans and states alone: every reminder still to show after now (not
    done; not shown already unless snoozed and not shown again), soonest first; and how many there are."""
    services, now = phone.services, phone.now()
    due = []
    for profile in services.profiles():
        record = services.record(profile["id"])
        plan = record.plan()
        if plan is None:
            continue
        items = record.reminder_state()["items"]
        for o in phone.occurrences(plan, now - timedelta(days=1), now + timedelta(days=400)):
            item = items.get(o.key)
            if item is None:
                fire = o.at if o.at > now else None
            elif "done" in item or "snooze_delivered" in item or "snoozed_until" not in item:
                fire = None
            else:
                until = datetime.fromisoformat(item["snoozed_until"])
                fire = until if until > now else None
            if fire is not None:
                due.append((profile["id"], o.key, fire.astimezone(timezone.utc)))
    due.sort(key=lambda d: (d[2], d[0], d[1]))
    return due, len(due)


def held(phone: Phone) -> list[dict]:
    return sorted(phone.fake.pending.values(), key=lambda p: p["at"])


def check(phone: Phone) -> None:
    due, total = expected(phone)
    pending = held(phone)
    reminders = [p for p in pending if p["id"] != system_schedule.KEEP_ALIVE_ID]
    got = sorted(((json.loads(p["payload"])["patient"], json.loads(p["payload"])["key"], p["at"]) for p in reminders),
                 key=lambda g: (g[2], g[0], g[1]))
    assert len(pending) <= system_schedule.LIMIT
    if total <= system_schedule.LIMIT:
        assert got == due, "the system does not hold exactly the reminders still to come"
        assert all(p["id"] != system_schedule.KEEP_ALIVE_ID for p in pending)
    else:
        assert got == due[:system_schedule.LIMIT - 1], "not the soonest reminders"
        keep_alive = phone.fake.pending[system_schedule.KEEP_ALIVE_ID]
        assert keep_alive["title"] == system_schedule.KEEP_ALIVE_TITLE
        assert phone.now() < keep_alive["at"] <= reminders[-1]["at"], "the keep-alive comes after the last one"
    assert len({(g[0], g[1]) for g in got}) == len(got), "one occurrence scheduled twice"
    # nothing is both shown in the app and still pending
    for patient, key, _ in got:
        item = phone.services.record(patient).reminder_state()["items"].get(key, {})
        assert "delivered" not in item or "snoozed_until" in item and "snooze_delivered" not in item


async def play(tmp_path: Path, first_plan: dict, start: datetime, steps) -> None:
    phone = Phone(tmp_path, start)
    phone.last = start + timedelta(minutes=sum(arg for op, arg in steps if op == "advance"))
    await phone.start()
    services = phone.services
    profile = records.ensure_profile(services.store, phone.now())
    services.reminders.save_plan(services.record(profile["id"]), parse_plan(first_plan), phone.now())
    await phone.system.sync()
    check(phone)
    for op, arg in steps:
        services = phone.services
        profiles = services.profiles()
        pick = profiles[arg % len(profiles)] if profiles and isinstance(arg, int) else None
        if op == "plan" and profiles:
            services.reminders.save_plan(services.record(profiles[0]["id"]), parse_plan(arg), phone.now())
        elif op == "move" and pick:
            record = services.record(pick["id"])
            plan = record.plan()
            if plan is not None:
                infusion = plan.infusion(1 + arg % (plan.cycles or 3))
                try:
                    record.save_plan(move_infusion(plan, infusion.cycle,
                                                   infusion.at.replace(tzinfo=None) + timedelta(days=1 + arg % 3)))
                except ValueError:
                    pass  # a move the plan refuses (the form says why): nothing changes
        elif op == "add" and len(profiles) < 3:
            phone.added += 1
            new = records.add_profile(services.store, f"Patient {phone.added}", phone.now())
            services.reminders.save_plan(services.record(new["id"]), parse_plan({
                "timezone": "Europe/London", "first_infusion": f"{phone.now():%Y-%m-%d}T{9 + arg % 8:02d}:00",
                "cycles": 2, "with_capecitabine": arg % 2 == 0}), phone.now())
        elif op == "remove" and len(profiles) > 1:
            records.remove_profile(services.store, pick["id"])
        elif op == "hide":
            phone.system.set_hide_details(not phone.system.hide_details())
        elif op == "advance":
            phone.clock[0] += timedelta(minutes=arg)
            phone.fake.fire_due()
        elif op == "tick":  # the app is open: its loop delivers what is due, in the app
            services.reminder_loop().tick()
        elif op in ("answer", "answer_closed") and phone.fake.shown:
            shown = phone.fake.shown[-1]
            if op == "answer":  # the app is running: the extension calls the handler at once
                phone.fake.take(shown, arg)
                await phone.fake.replay()
            else:  # taken with the app closed: replayed at the next start
                phone.fake.take(shown, arg)
                await phone.restart()
        elif op == "restart":
            await phone.restart()
        await phone.system.sync()
        check(phone)
    phone.close()


@pytest.fixture
def bundled_data_read_once(monkeypatch):
    """The app's bundled triage rules and drug content, read from the package once, not at every start: a
    scenario starts the app again and again (restarts, answers taken while it was closed), and the bundle
    never changes (the browser build keeps them in its start-up snapshot the same way, companion.app)."""
    monkeypatch.setattr(triage_file, "load_rules", functools.cache(triage_file.load_rules))
    monkeypatch.setattr(bundle, "load_content", functools.cache(bundle.load_content))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(scenario())
def test_the_system_always_holds_exactly_the_next_reminders(tmp_path_factory, run_async, bundled_data_read_once,
                                                            case):
    first_plan, start, steps = case
    with ram_folder(tmp_path_factory.getbasetemp()) as data:  # in memory: the store's fsyncs cost nothing there
        run_async(play(data, first_plan, start, steps))


# -- answers from notifications --------------------------------------------------------------------------

PLAN = {"timezone": "Europe/London", "first_infusion": "2026-03-10T10:00", "cycles": 2, "with_capecitabine": True,
        "contraception": "can_become_pregnant"}
START = datetime(2026, 3, 9, 6, 0, tzinfo=timezone.utc)


async def phone_with_plan(tmp_path, plan=PLAN, **fake) -> Phone:
    phone = await Phone(tmp_path, START, **fake).start()
    profile = records.ensure_profile(phone.services.store, phone.now())
    phone.services.reminders.save_plan(phone.services.record(profile["id"]), parse_plan(plan), phone.now())
    await phone.system.sync()
    return phone


def first_premedication(phone: Phone) -> dict:
    return next(p for p in held(phone) if json.loads(p["payload"])["key"].startswith("premed"))


def test_done_from_the_lock_screen_is_recorded_once_at_the_next_start(tmp_path, run_async):
    async def scenario():
        phone = await phone_with_plan(tmp_path)
        premed = first_premedication(phone)
        phone.clock[0] = premed["at"] + timedelta(minutes=2)
        assert premed in phone.fake.fire_due()
        phone.fake.take(premed, "done")  # the app is closed
        phone.fake.take(premed, "done")  # the extension may hand the same answer over twice
        phone.clock[0] += timedelta(hours=3)  # opened three hours later: the reminder would count as missed
        await phone.restart()
        record = phone.services.record(phone.services.profiles()[0]["id"])
        key = json.loads(premed["payload"])["key"]
        assert datetime.fromisoformat(record.reminder_state()["items"][key]["done"]) == phone.now()
        assert all(row.occurrences[0].key != key for row in phone.services.reminders.missed_rows(record, phone.now()))
        first = record.reminder_state()["items"][key]["done"]
        await phone.restart()  # replayed again: still done once, at the first time
        assert phone.services.record(record.profile_id).reminder_state()["items"][key]["done"] == first
        phone.close()

    run_async(scenario())


def test_snooze_from_a_notification_brings_it_back_in_ten_minutes(tmp_path, run_async):
    async def scenario():
        phone = await phone_with_plan(tmp_path)
        premed = first_premedication(phone)
        phone.clock[0] = premed["at"] + timedelta(seconds=30)
        phone.fake.fire_due()
        phone.fake.take(premed, "snooze")
        await phone.fake.replay()  # the app is open (Snooze opens it)
        again = phone.fake.pending[premed["id"]]
        assert again["at"] == phone.now() + timedelta(minutes=10)
        assert again["title"] == premed["title"]
        assert [a["id"] for a in again["actions"]] == ["done", "snooze"]
        phone.close()

    run_async(scenario())


def test_tapping_a_notification_opens_that_patients_today(tmp_path, run_async):
    async def scenario():
        phone = await phone_with_plan(tmp_path)
        premed = first_premedication(phone)
        phone.fake.take(premed, "")
        await phone.fake.replay()
        assert phone.opened == [phone.services.profiles()[0]["id"]]
        phone.close()

    run_async(scenario())


def test_an_answer_for_a_removed_patient_or_a_foreign_payload_changes_nothing(tmp_path, run_async):
    async def scenario():
        phone = await phone_with_plan(tmp_path)
        assert await phone.system.respond("done", "not json") is None
        assert await phone.system.respond("done", json.dumps({"patient": "gone", "key": "k",
                                                              "at": START.isoformat()})) is None
        record = phone.services.record(phone.services.profiles()[0]["id"])
        assert record.reminder_state()["items"] == {}
        phone.close()

    run_async(scenario())


# -- what the notifications say and how they are scheduled ----------------------------------------------

def test_hide_details_leaves_no_drug_or_name_on_the_lock_screen(tmp_path, run_async):
    async def scenario():
        phone = await phone_with_plan(tmp_path)
        assert any("premedicines" in p["title"].lower() for p in held(phone))
        phone.system.set_hide_details(True)
        await phone.system.sync()
        for p in held(phone):
            if p["id"] != system_schedule.KEEP_ALIVE_ID:
                assert (p["title"], p["body"]) == (system_schedule.HIDDEN_TITLE, system_schedule.HIDDEN_BODY)
        text = " ".join(p["title"] + p["body"] for p in held(phone)).lower()
        for word in ("ixempra", "capecitabine", "premedicine", "grapefruit", "contracept", "infusion", "dose"):
            assert word not in text
        phone.close()

    run_async(scenario())


def test_infusion_day_reminders_ask_for_exact_alarms_and_fall_back_when_refused(tmp_path, run_async):
    async def scenario():
        phone = await phone_with_plan(tmp_path, platform="android")
        modes = {json.loads(p["payload"])["key"].split(":")[0]: p["schedule_mode"] for p in held(phone)
                 if p["id"] != system_schedule.KEEP_ALIVE_ID}
        assert modes["premedication"] == "exactAllowWhileIdle" and modes["infusion"] == "exactAllowWhileIdle"
        assert modes["capecitabine"] == "inexactAllowWhileIdle"
        phone.close()
        refused = await phone_with_plan(tmp_path / "refused", platform="android", exact=False)
        assert {p["schedule_mode"] for p in held(refused)} == {"inexactAllowWhileIdle"}
        status = await refused.system.status()
        assert status.permissions.exact_alarms is False
        refused.close()

    run_async(scenario())


def test_a_full_window_ends_with_the_keep_alive_notice_before_the_last_reminder(tmp_path, run_async):
    async def scenario():
        open_ended = {**PLAN, "cycles": None, "contraception_frequency": "daily"}
        phone = await phone_with_plan(tmp_path, open_ended)
        pending = held(phone)
        assert len(pending) == system_schedule.LIMIT
        keep_alive = phone.fake.pending[system_schedule.KEEP_ALIVE_ID]
        assert keep_alive["title"] == "Open Companion to keep your reminders coming"
        assert keep_alive["actions"] is None
        assert keep_alive["at"] < max(p["at"] for p in pending)
        phone.close()

    run_async(scenario())


def test_the_desktop_and_the_browser_schedule_nothing_with_a_system(tmp_path, run_async):
    async def scenario():
        services = build_services(AppConfig(tmp_path, CLINIC))
        for kind in ("desktop", "browser"):
            system = services.system_reminders(InAppOnly(kind))
            synced = await system.sync()
            assert (synced.scheduled, synced.held) == (0, ())
            assert (await system.status()).keeps_when_closed is False
        services.store.close()

    run_async(scenario())


def test_a_change_to_the_data_folder_wakes_the_sync(tmp_path, run_async):
    """The store's write hook: saving a plan while the app runs schedules its reminders within a moment."""
    async def scenario():
        phone = await Phone(tmp_path, START).start()
        alive = [True]
        task = asyncio.ensure_future(phone.system.run(lambda: alive[0]))
        await asyncio.sleep(0.1)
        assert phone.fake.pending == {}
        profile = records.ensure_profile(phone.services.store, phone.now())
        await asyncio.to_thread(phone.services.reminders.save_plan, phone.services.record(profile["id"]),
                                parse_plan(PLAN), phone.now())  # written from a worker thread, as the app does
        for _ in range(50):
            await asyncio.sleep(0.05)
            if phone.fake.pending:
                break
        assert phone.fake.pending, "the new plan's reminders were not scheduled"
        alive[0] = False
        phone.services.changes.fire()
        await asyncio.wait_for(task, 2)
        phone.close()

    run_async(scenario())


def test_the_fake_has_the_extensions_methods():
    """The calls the adapter makes exist, with these names, on the real service class."""
    for name in ("schedule", "cancel", "get_pending_notifications", "are_notifications_enabled",
                 "can_schedule_exact_notifications", "request_permissions", "request_exact_alarm_permission",
                 "open_app_notification_settings", "create_notification_channel"):
        assert callable(getattr(flet_notifications.LocalNotifications, name))
    assert FakeNotifications.schedule is flet_notifications.LocalNotifications.schedule  # its own Python runs


def test_hide_details_also_covers_the_desktop_notifications(tmp_path):
    from companion.adapters.notifier import RecordingNotifier as Recorder

    services = build_services(AppConfig(tmp_path, CLINIC))
    notifier = services.reminders.notifier = Recorder()
    profile = records.ensure_profile(services.store, START)
    record = services.record(profile["id"])
    services.reminders.save_plan(record, parse_plan(PLAN), START)
    records.set_hide_details(services.store, True)
    services.reminders.tick(record, datetime(2026, 3, 10, 9, 0, tzinfo=timezone.utc))
    assert (system_schedule.HIDDEN_TITLE, system_schedule.HIDDEN_BODY) in notifier.sent
    said = " ".join(t + " " + b for t, b in notifier.sent).lower()
    assert not any(word in said for word in ("premedicine", "infusion", "capecitabine", "contracept", "grapefruit"))
    records.set_hide_details(services.store, False)
    services.reminders.tick(record, datetime(2026, 3, 10, 10, 0, tzinfo=timezone.utc))
    assert any("Infusion" in title for title, _ in notifier.sent[-2:])
    services.store.close()


def test_notifications_follow_the_devices_language_once_a_screen_has_read_it(tmp_path, run_async):
    """A patient who chose no language reads the app in the device's: the notifications the system holds
    say the same, re-worded as soon as the device's language is known (not the clinic's default)."""
    clinic = tmp_path / "clinic.toml"
    clinic.write_text(CLINIC.read_text(encoding="utf-8").replace('languages = ["en"]', 'languages = ["en", "es"]')
                      + '\n[language_review]\nes = "test reviewer"\n', encoding="utf-8")

    async def scenario():
        phone = Phone(tmp_path / "data", START)
        phone.services = build_services(AppConfig(phone.data, clinic))
        phone.services.now = phone.now
        phone.services.reminders.notifier = RecordingNotifier(shows=False)
        phone.system = phone.services.system_reminders(PhoneScheduler(phone.fake, flet_notifications, "android"))
        profile = records.ensure_profile(phone.services.store, phone.now())
        phone.services.reminders.save_plan(phone.services.record(profile["id"]), parse_plan(PLAN), phone.now())
        await phone.system.sync()
        english = [p["title"] for p in held(phone)]
        phone.services.use_device_languages(["es-MX", "en-US"])
        await phone.system.sync()
        spanish = [p["title"] for p in held(phone)]
        phone.close()
        return english, spanish

    english, spanish = run_async(scenario())
    assert len(english) == len(spanish) > 3
    assert any("Premedicines" in title for title in english)
    assert not any(word in title for title in spanish for word in ("Premedicines", "Contraception", "Infusion"))
    assert any("Premedicación" in title for title in spanish) and any("Infusión" in title for title in spanish)
