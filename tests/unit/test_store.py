"""The durable store: round trips, versions, recovery, backups, wipe."""
import json
import os
import tempfile
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tinydb import TinyDB
from tinydb.storages import JSONStorage

from companion.adapters import atomic_storage
from companion.adapters.folder_lock import LOCK_FILES
from companion.adapters.store import Store, StoreError
from companion.core.errors import InputError

UTC = timezone.utc
NOW = datetime(2026, 3, 14, 10, 2, tzinfo=UTC)
BACKUP_TIME = datetime(2026, 3, 14, 9, 30, tzinfo=UTC)


class Clock:
    def __init__(self, at=NOW):
        self.at = at

    def __call__(self):
        return self.at


def entry(eid, at, **extra):
    return {"id": eid, "at": at, **extra}


def files(folder: Path) -> set[str]:
    """The data files (the folder's lock files hold no data: a pid and a command)."""
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file() and p.name not in LOCK_FILES}


def test_round_trip_of_each_kind_survives_a_new_store(tmp_path):
    store = Store(tmp_path, Clock())
    store.save_profile({"id": "p1", "name": "Ana", "birth_year": 1970})
    store.put_doc("p1", "plan", {"cycle_days": 21, "start": "2026-03-02"})
    store.put_app("pin", {"hash": "x"})
    store.save_entry("p1", entry("e1", "2026-03-10T08:00:00+01:00", temperature={"value": 37.9, "unit": "C"}, note="ça va"))
    store.close()

    again = Store(tmp_path, Clock())
    assert again.profiles() == [{"id": "p1", "name": "Ana", "birth_year": 1970}]
    assert again.get_doc("p1", "plan") == {"cycle_days": 21, "start": "2026-03-02"}
    assert again.get_doc("p1", "settings") is None
    assert again.get_app("pin") == {"hash": "x"}
    assert again.get_app("other") is None
    assert again.entries("p1") == [entry("e1", "2026-03-10T08:00:00+01:00", temperature={"value": 37.9, "unit": "C"}, note="ça va")]
    assert again.notices == []


def test_saving_again_replaces_and_returned_dicts_are_copies(tmp_path):
    store = Store(tmp_path, Clock())
    store.save_profile({"id": "p1", "name": "Ana", "old": True})
    store.save_profile({"id": "p1", "name": "Ana B."})
    store.put_doc("p1", "plan", {"a": [1]})
    store.put_doc("p1", "plan", {"b": 2})
    store.profiles()[0]["name"] = "changed by caller"
    store.get_doc("p1", "plan")["b"] = 99
    assert store.profiles() == [{"id": "p1", "name": "Ana B."}]
    assert Store(tmp_path, Clock()).get_doc("p1", "plan") == {"b": 2}


def test_entries_sorted_by_instant_and_filtered_half_open(tmp_path):
    store = Store(tmp_path, Clock())
    store.save_entry("p1", entry("late", "2026-03-10T09:30:00+00:00"))
    store.save_entry("p1", entry("early", "2026-03-10T10:00:00+02:00"))  # 08:00 UTC
    store.save_entry("p1", entry("next-month", "2026-04-01T00:30:00+02:00"))  # 31 March 22:30 UTC
    assert [e["id"] for e in store.entries("p1")] == ["early", "late", "next-month"]
    start = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)
    end = datetime(2026, 3, 31, 22, 30, tzinfo=UTC)
    assert [e["id"] for e in store.entries("p1", start, end)] == ["late"]
    assert [e["id"] for e in store.entries("p1", start=end)] == ["next-month"]
    with pytest.raises(InputError):
        store.entries("p1", datetime(2026, 3, 1))


def test_month_file_follows_the_date_as_written(tmp_path):
    store = Store(tmp_path, Clock())
    store.save_entry("p1", entry("e1", "2026-03-31T23:30:00+02:00"))
    assert (tmp_path / "diary" / "p1" / "2026-03.json").exists()
    assert not (tmp_path / "diary" / "p1" / "2026-04.json").exists()


def test_resaving_an_entry_in_another_month_moves_it(tmp_path):
    store = Store(tmp_path, Clock())
    store.save_entry("p1", entry("e1", "2026-03-31T10:00:00+00:00", note="v1"))
    store.save_entry("p1", entry("e1", "2026-04-02T10:00:00+00:00", note="v2"))
    assert store.entries("p1") == [entry("e1", "2026-04-02T10:00:00+00:00", note="v2")]
    march = json.loads((tmp_path / "diary" / "p1" / "2026-03.json").read_text())
    assert march["entries"] == {}
    assert Store(tmp_path, Clock()).entries("p1") == [entry("e1", "2026-04-02T10:00:00+00:00", note="v2")]


def test_delete_entry_returns_it_for_undo(tmp_path):
    store = Store(tmp_path, Clock())
    store.save_entry("p1", entry("e1", "2026-03-01T10:00:00+00:00", note="a"))
    store.save_entry("p1", entry("e2", "2026-03-02T10:00:00+00:00"))
    assert store.delete_entry("p1", "e1") == entry("e1", "2026-03-01T10:00:00+00:00", note="a")
    assert store.delete_entry("p1", "e1") is None
    assert [e["id"] for e in Store(tmp_path, Clock()).entries("p1")] == ["e2"]


def test_delete_profile_removes_its_documents_and_diary(tmp_path):
    store = Store(tmp_path, Clock())
    for pid in ("p1", "p2"):
        store.save_profile({"id": pid, "name": pid})
        store.put_doc(pid, "plan", {"of": pid})
        store.save_entry(pid, entry("e1", "2026-03-01T10:00:00+00:00"))
    store.delete_profile("p1")
    again = Store(tmp_path, Clock())
    assert again.profiles() == [{"id": "p2", "name": "p2"}]
    assert again.get_doc("p1", "plan") is None and again.entries("p1") == []
    assert not (tmp_path / "diary" / "p1").exists()
    assert again.get_doc("p2", "plan") == {"of": "p2"} and len(again.entries("p2")) == 1


@pytest.mark.parametrize(
    "bad",
    [
        entry("e1", "2026-03-01T10:00:00"),  # no offset
        entry("e1", "yesterday"),
        {"at": "2026-03-01T10:00:00+00:00"},
        entry("e1", "2026-03-01T10:00:00+00:00", when=datetime(2026, 3, 1, tzinfo=UTC)),
        entry("e1", "2026-03-01T10:00:00+00:00", temperature_c=float("nan")),
    ],
)
def test_bad_entries_are_refused_with_a_plain_message(tmp_path, bad):
    store = Store(tmp_path, Clock())
    with pytest.raises(InputError) as info:
        store.save_entry("p1", bad)
    assert "\n" not in str(info.value)
    assert store.entries("p1") == []


def test_profile_ids_cannot_escape_the_folder(tmp_path):
    store = Store(tmp_path / "data", Clock())
    for pid in ("../evil", "", "a/b", ".."):
        with pytest.raises(InputError):
            store.save_entry(pid, entry("e1", "2026-03-01T10:00:00+00:00"))
    assert files(tmp_path) == set()


def v0_file(path: Path) -> None:
    """A real version-0 file: written by TinyDB's own JSONStorage, no `_meta`."""
    db = TinyDB(path, storage=JSONStorage)
    db.table("profiles").insert({"id": "p1", "profile": {"id": "p1", "name": "Ana"}})
    db.table("app").insert({"name": "pin", "doc": {"hash": "x"}})
    db.close()


def test_a_version_0_file_is_migrated_and_the_original_kept_as_backup(tmp_path):
    v0_file(tmp_path / "companion.json")
    original = (tmp_path / "companion.json").read_bytes()
    store = Store(tmp_path, Clock())
    assert store.profiles() == [{"id": "p1", "name": "Ana"}]
    assert store.get_app("pin") == {"hash": "x"}
    assert store.notices == []
    on_disk = json.loads((tmp_path / "companion.json").read_text())
    assert on_disk["_meta"]["1"] == {"schema": 1, "app": "companion"}
    assert (tmp_path / "companion.json.bak1").read_bytes() == original


def test_a_newer_file_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "companion.json"
    path.write_text(json.dumps({"_meta": {"1": {"schema": 2, "app": "companion"}}, "profiles": {}}))
    before = path.read_bytes()
    with pytest.raises(StoreError) as info:
        Store(tmp_path, Clock())
    message = str(info.value)
    assert "newer version" in message and "update the app" in message and "\n" not in message
    assert path.read_bytes() == before
    assert files(tmp_path) == {"companion.json"}


def test_a_newer_diary_file_is_refused_when_first_needed(tmp_path):
    """Left alone, said once, never written over; the other months go on."""
    store = Store(tmp_path, Clock())
    shard = tmp_path / "diary" / "p1" / "2026-03.json"
    shard.parent.mkdir(parents=True)
    newer = json.dumps({"_meta": {"1": {"schema": 7, "app": "companion"}}})
    shard.write_text(newer)
    store.save_entry("p1", entry("e1", "2026-05-01T10:00:00+00:00"))  # another month: the diary goes on
    assert [e["id"] for e in store.entries("p1")] == ["e1"]
    assert len(store.notices) == 1 and "newer version of the app" in store.notices[0]
    assert "2026-03" in store.notices[0] and "not shown" in store.notices[0]
    with pytest.raises(StoreError, match="newer version"):
        store.save_entry("p1", entry("e2", "2026-03-01T10:00:00+00:00"))
    store.entries("p1")
    assert len(store.notices) == 1, "said once per session"
    assert shard.read_text() == newer


BAD_CONTENTS = {
    "truncated": None,  # filled from the real file below
    "random bytes": os.urandom(64) + b"\xff\xfe",
    "empty": b"",
    "wrong shape": json.dumps({"profiles": [1, 2, 3], "entries": "x"}).encode(),
    "wrong documents": json.dumps({"_meta": {"1": {"schema": 1, "app": "companion"}}, "profiles": {"1": {"x": 1}},
                                   "entries": {"1": {"seq": 1, "entry": {"id": "e"}}}}).encode(),
}


def make_backed_up_store(tmp_path):
    """A store whose main file and March diary each have a backup holding profile p1 and entry e1."""
    store = Store(tmp_path, Clock())
    store.save_profile({"id": "p1", "name": "Ana"})
    store.save_entry("p1", entry("e1", "2026-03-01T10:00:00+00:00"))
    store.put_app("settings", {"x": 1})  # first overwrite of this session: backup of the file with p1
    store.save_entry("p1", entry("e2", "2026-03-02T10:00:00+00:00"))  # backup holding e1
    store.close()
    stamp = BACKUP_TIME.timestamp()
    for bak in tmp_path.rglob("*.bak1"):
        os.utime(bak, (stamp, stamp))


def corrupt(path: Path, kind: str) -> bytes:
    bad = path.read_bytes()[:-7] if kind == "truncated" else BAD_CONTENTS[kind]
    path.write_bytes(bad)
    return bad


def check_kept_aside(folder: Path, name: str, bad: bytes) -> Path:
    aside = folder / f"{name}.unreadable-20260314T100200Z"
    assert aside.read_bytes() == bad
    return aside


@pytest.mark.parametrize("kind", BAD_CONTENTS)
def test_unreadable_main_file_is_kept_aside_and_backup_restored(tmp_path, kind):
    make_backed_up_store(tmp_path)
    bad = corrupt(tmp_path / "companion.json", kind)
    store = Store(tmp_path, Clock())
    aside = check_kept_aside(tmp_path, "companion.json", bad)
    assert store.profiles() == [{"id": "p1", "name": "Ana"}]
    assert store.get_app("settings") is None  # saved after the backup was made
    assert store.notices == [
        f"Your main data file (profiles, plans and settings) could not be read. It was kept as {aside.name}. "
        "The backup from 2026-03-14 09:30 was restored."
    ]
    assert Store(tmp_path, Clock()).notices == []  # the restored file is good on disk


@pytest.mark.parametrize("kind", [kind for kind in BAD_CONTENTS if kind != "wrong documents"])
def test_unreadable_diary_month_is_kept_aside_and_backup_restored(tmp_path, kind):
    make_backed_up_store(tmp_path)
    folder = tmp_path / "diary" / "p1"
    bad = corrupt(folder / "2026-03.json", kind)
    store = Store(tmp_path, Clock(NOW.astimezone(ZoneInfo("Europe/Paris"))))
    assert store.notices == []  # diary months are opened only when needed
    assert [e["id"] for e in store.entries("p1")] == ["e1"]
    aside = check_kept_aside(folder, "2026-03.json", bad)
    lacks = {  # the backup is the month before its last write (e2): what the damaged file still shows
        "truncated": " The backup lacks 1 entry that the damaged file still shows: please look at this month and "
                     "record it again.",
    }.get(kind, " It was made just before the last change to this month, so only that change may be missing.")
    assert store.notices == [
        f"Your diary file for 2026-03 (Ana) could not be read. It was kept as {aside.name}. "
        "The backup from 2026-03-14 10:30 was restored." + lacks  # shown in the clock's zone (Paris, UTC+1)
    ]


@pytest.mark.parametrize("kind", [kind for kind in BAD_CONTENTS if kind != "wrong documents"])
def test_unreadable_file_without_backup_starts_empty_but_is_kept(tmp_path, kind):
    make_backed_up_store(tmp_path)
    for bak in tmp_path.rglob("*.bak*"):
        bak.unlink()
    bad = corrupt(tmp_path / "companion.json", kind)
    bad_month = corrupt(tmp_path / "diary" / "p1" / "2026-03.json", kind)
    store = Store(tmp_path, Clock())
    assert store.profiles() == [] and store.entries("p1") == []
    check_kept_aside(tmp_path, "companion.json", bad)
    check_kept_aside(tmp_path / "diary" / "p1", "2026-03.json", bad_month)
    assert len(store.notices) == 2
    assert all("no readable backup, so it starts empty" in n for n in store.notices)
    store.save_profile({"id": "p2", "name": "Bo"})
    assert Store(tmp_path, Clock()).profiles() == [{"id": "p2", "name": "Bo"}]


def test_an_unreadable_backup_is_skipped_for_an_older_good_one(tmp_path):
    clock = Clock()
    store = Store(tmp_path, clock)
    store.save_profile({"id": "p1", "name": "v1"})
    store.save_profile({"id": "p1", "name": "v2"})  # bak1 = v1
    clock.at += timedelta(minutes=10)
    store.save_profile({"id": "p1", "name": "v3"})  # bak1 = v2, bak2 = v1
    (tmp_path / "companion.json.bak1").write_bytes(b"{")
    (tmp_path / "companion.json").write_bytes(b"")
    again = Store(tmp_path, clock)
    assert again.profiles() == [{"id": "p1", "name": "v1"}]
    assert (tmp_path / "companion.json.bak1").read_bytes() == b"{"


def test_backups_rotate_three_deep_at_most_once_per_ten_minutes(tmp_path):
    clock = Clock()
    store = Store(tmp_path, clock)

    def names_in_backups():
        return [json.loads(p.read_text())["profiles"]["1"]["profile"]["name"]
                for p in sorted(tmp_path.glob("companion.json.bak*"))]

    store.save_profile({"id": "p1", "name": "0"})
    assert names_in_backups() == []  # nothing to back up yet
    for n in range(1, 6):
        store.save_profile({"id": "p1", "name": str(n)})
        clock.at += timedelta(minutes=4)
    # backups before writes 1 (t=0) and 4 (t=12 min); not before write 6 at t=20 min
    store.save_profile({"id": "p1", "name": "6"})
    assert names_in_backups() == ["3", "0"]
    clock.at += timedelta(minutes=2)  # 10 minutes since the last backup
    store.save_profile({"id": "p1", "name": "7"})
    assert names_in_backups() == ["6", "3", "0"]
    clock.at += timedelta(minutes=10)
    store.save_profile({"id": "p1", "name": "8"})
    assert names_in_backups() == ["7", "6", "3"]
    store.close()
    Store(tmp_path, clock).save_profile({"id": "p1", "name": "9"})  # a new session backs up at once
    assert names_in_backups() == ["8", "7", "6"]


class Crash(BaseException):
    pass


def test_sessions_killed_before_their_write_do_not_push_out_older_backups(tmp_path, monkeypatch):
    def names():
        return [json.loads(p.read_text())["profiles"]["1"]["profile"]["name"]
                for p in sorted(tmp_path.glob("companion.json.bak*"))]

    store = Store(tmp_path, Clock())
    store.save_profile({"id": "p1", "name": "0"})
    store.save_profile({"id": "p1", "name": "1"})
    Store(tmp_path, Clock()).save_profile({"id": "p1", "name": "2"})

    def killed(path, payload):
        raise Crash

    monkeypatch.setattr(atomic_storage, "write_atomic", killed)
    for _ in range(3):  # each session backs up, then dies before replacing the file
        with pytest.raises(Crash):
            Store(tmp_path, Clock()).save_profile({"id": "p1", "name": "lost"})
    monkeypatch.undo()
    assert names() == ["2", "1", "0"]
    assert Store(tmp_path, Clock()).profiles() == [{"id": "p1", "name": "2"}]


def test_wipe_removes_every_file_and_the_store_stays_usable(tmp_path):
    outside = tmp_path / "not-ours.txt"
    outside.write_text("keep")
    make_backed_up_store(tmp_path)
    corrupt(tmp_path / "diary" / "p1" / "2026-03.json", "empty")
    store = Store(tmp_path, Clock())
    store.entries("p1")  # sets the bad month aside
    assert any("unreadable" in name for name in files(tmp_path))
    store.wipe()
    assert files(tmp_path) == {"not-ours.txt"}
    assert store.profiles() == [] and store.entries("p1") == []
    store.save_entry("p1", entry("new", "2026-03-05T10:00:00+00:00"))
    assert [e["id"] for e in Store(tmp_path, Clock()).entries("p1")] == ["new"]


def test_writes_leave_no_temp_files(tmp_path):
    store = Store(tmp_path, Clock())
    for n in range(20):
        store.save_entry("p1", entry(f"e{n}", f"2026-{n % 3 + 1:02d}-01T10:00:00+00:00"))
        store.put_app("settings", {"n": n})
    store.delete_entry("p1", "e3")
    assert not [name for name in files(tmp_path) if ".tmp" in name]


def test_temp_files_left_by_a_crash_are_cleaned_on_open(tmp_path):
    Store(tmp_path, Clock()).put_app("a", {})
    (tmp_path / ".companion.json.tmp-abc123").write_bytes(b'{"half')
    store = Store(tmp_path, Clock())
    assert store.get_app("a") == {} and store.notices == []
    assert files(tmp_path) == {"companion.json"}


def test_a_duplicate_left_by_a_crash_mid_move_keeps_the_newer_copy(tmp_path):
    store = Store(tmp_path, Clock())
    store.save_entry("p1", entry("e1", "2026-03-01T10:00:00+00:00", note="old"))
    store.save_entry("p1", entry("e1", "2026-04-01T10:00:00+00:00", note="new"))
    store.close()
    folder = tmp_path / "diary" / "p1"
    april = json.loads((folder / "2026-04.json").read_text())
    march = json.loads((folder / "2026-03.json").read_text())
    old_copy = {"seq": april["entries"]["1"]["seq"] - 1, "entry": entry("e1", "2026-03-01T10:00:00+00:00", note="old")}
    march["entries"]["1"] = old_copy  # as if the crash came between the two writes
    (folder / "2026-03.json").write_text(json.dumps(march))
    again = Store(tmp_path, Clock())
    assert again.entries("p1") == [entry("e1", "2026-04-01T10:00:00+00:00", note="new")]
    assert json.loads((folder / "2026-03.json").read_text())["entries"] == {}


def test_two_threads_can_save_at_once(tmp_path):
    store = Store(tmp_path, Clock())

    def save(prefix):
        for n in range(25):
            store.save_entry("p1", entry(f"{prefix}{n}", f"2026-03-{n % 28 + 1:02d}T10:00:00+00:00"))
            store.put_doc("p1", prefix, {"n": n})

    threads = [threading.Thread(target=save, args=(p,)) for p in "ab"]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    again = Store(tmp_path, Clock())
    assert len(again.entries("p1")) == 50
    assert again.get_doc("p1", "a") == {"n": 24} and again.get_doc("p1", "b") == {"n": 24}


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
zones = [UTC, ZoneInfo("Europe/London"), ZoneInfo("America/New_York"), ZoneInfo("Asia/Kolkata"),
         ZoneInfo("Pacific/Kiritimati")]
moments = st.datetimes(datetime(2000, 1, 1), datetime(2099, 12, 31), timezones=st.sampled_from(zones))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(moments, st.dictionaries(st.text(max_size=8).filter(lambda k: k not in ("id", "at")),
                                                   json_values, max_size=5)), max_size=6))
def test_random_entries_round_trip_losslessly(items):
    saved = [{**extra, "id": f"e{n}", "at": moment.isoformat()} for n, (moment, extra) in enumerate(items)]
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder), Clock(), check_entries=False)  # the storage itself: any JSON round-trips
        for item in saved:
            store.save_entry("p1", item)
        expected = sorted(saved, key=lambda e: (datetime.fromisoformat(e["at"]), e["id"]))
        assert store.entries("p1") == expected
        assert Store(Path(folder), Clock(), check_entries=False).entries("p1") == expected


def test_entry_time_with_a_zone_name_as_the_diary_writes_it(tmp_path):
    """core.diary writes RFC 9557 stamps with the zone name; the store shards them by their own date."""
    store = Store(tmp_path)
    store.save_entry("p1", {"id": "e1", "at": "2026-03-31T23:30:00+01:00[Europe/London]"})
    assert [e["id"] for e in Store(tmp_path).entries("p1")] == ["e1"]
    assert (tmp_path / "diary" / "p1" / "2026-03.json").exists()
