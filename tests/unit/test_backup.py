"""Backups: what is exported comes back unchanged, importing twice changes nothing, bad files are refused."""

import errno
import json
import tempfile
from datetime import datetime, time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from companion.services import ownership
from companion.adapters import atomic_storage, import_journal
from companion.adapters.folder_lock import LOCK_FILES
from companion.adapters.store import Store, StoreError
from companion.core.backup import (
    FORMAT,
    VERSION,
    Backup,
    ProfileData,
    merge,
    parse_backup,
    preview,
    to_json_dict,
)
from companion.core import names
from companion.core.diary import SYMPTOM_IDS, Entry, Temperature, entry_to_dict
from companion.core.errors import InputError
from companion.core.plan import Plan, plan_to_dict

NOW = datetime(2025, 6, 1, 12, tzinfo=timezone.utc)
LONDON = ZoneInfo("Europe/London")

# The store keeps "at" as ISO text with an offset, so entries use fixed offsets here.
offsets = st.sampled_from([timezone.utc, timezone(timedelta(hours=1)), timezone(timedelta(hours=-5)),
                           timezone(timedelta(hours=5, minutes=30))])
moments = st.datetimes(datetime(2024, 1, 1), datetime(2026, 12, 31), timezones=offsets)
temperatures = st.none() | st.builds(Temperature, st.floats(35.0, 41.0).map(lambda v: round(v, 1)), st.just("C")) \
    | st.builds(Temperature, st.floats(95.0, 105.0).map(lambda v: round(v, 1)), st.just("F"))
entries = st.builds(Entry, id=st.uuids().map(lambda u: u.hex), at=moments, temperature=temperatures,
                    symptoms=st.dictionaries(st.sampled_from(SYMPTOM_IDS), st.integers(1, 4), max_size=3),
                    note=st.text(max_size=20))
plans = st.builds(Plan, first_infusion=st.datetimes(datetime(2024, 1, 1), datetime(2026, 1, 1))
                  .map(lambda d: d.replace(second=0, microsecond=0, tzinfo=LONDON)),
                  cycles=st.none() | st.integers(1, 8), with_capecitabine=st.booleans(),
                  capecitabine_times=st.just((time(8), time(20))))
# names as the app stores them (core.names): visible, cleaned, no two alike
profiles = st.tuples(st.text(min_size=1, max_size=12).map(names.normalise_name).filter(bool), st.none() | plans,
                     st.none() | st.fixed_dictionaries({"temperature_unit": st.sampled_from(["C", "F"])}),
                     st.lists(entries, max_size=4, unique_by=lambda e: e.id))


def fill(store: Store, items) -> None:
    for n, (name, plan, settings_doc, diary) in enumerate(items):
        pid = f"p{n}"
        store.save_profile({"id": pid, "name": name, "created": (NOW + timedelta(minutes=n)).isoformat()})
        if plan:
            store.put_doc(pid, "plan", plan_to_dict(plan))
        if settings_doc:
            store.put_doc(pid, "settings", settings_doc)
        for entry in diary:
            store.save_entry(pid, entry_to_dict(entry))


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every data file (the lock files hold only the pid and command of the last writer)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name not in LOCK_FILES}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(profiles, max_size=3, unique_by=lambda p: names.name_key(p[0])))
def test_export_then_import_into_an_empty_folder_gives_the_same_data_and_twice_changes_nothing(items):
    with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b:
        source = Store(Path(a))
        fill(source, items)
        exported = ownership.export_backup(source, NOW)
        text = json.dumps(to_json_dict(exported), ensure_ascii=False)  # what goes into the file

        target = Store(Path(b))
        first = ownership.import_backup(target, parse_backup(json.loads(text)))
        assert first.new_entries == sum(len(diary) for *_, diary in items)
        assert len(first.new_profiles) == len(items) and first.existing_profiles == ()
        assert ownership.export_backup(Store(Path(b)), NOW) == exported

        before = snapshot(Path(b))
        again = ownership.import_backup(target, parse_backup(json.loads(text)))
        assert (again.new_profiles, again.new_entries) == ((), 0)
        assert again.existing_entries == first.new_entries and again.changed_docs == ()
        assert snapshot(Path(b)) == before


def _data(pid, name, entries=(), plan=None, settings_doc=None):
    return ProfileData({"id": pid, "name": name}, plan, settings_doc, None, tuple(entries))


def _entry(eid, day, **extra):
    return {"id": eid, "at": f"2025-03-{day:02d}T10:00:00+00:00", "symptoms": {}, **extra}


PLAN = {"timezone": "Europe/London", "first_infusion": "2025-03-03T09:00"}
OTHER_PLAN = {"timezone": "Europe/London", "first_infusion": "2025-03-10T09:00"}


def test_merge_adds_what_is_missing_and_keeps_what_is_there():
    mine = Backup(NOW, (_data("a", "Ann", [_entry("e1", 1, note="mine")], plan=PLAN), _data("z", "Zoe")))
    theirs = Backup(NOW, (_data("a", "Ann", [_entry("e1", 1, note="theirs"), _entry("e2", 2)],
                                plan=OTHER_PLAN, settings_doc={"temperature_unit": "F"}),
                          _data("b", "Bob", [_entry("e9", 9)])))
    merged = {p.id: p for p in merge(mine, theirs, replace=False).profiles}
    assert list(merged) == ["a", "z", "b"]
    ann = merged["a"]
    assert [e["id"] for e in ann.entries] == ["e1", "e2"] and ann.entries[0]["note"] == "mine"
    assert ann.plan == PLAN and ann.settings == {"temperature_unit": "F"}  # kept, and the missing one added
    said = preview(theirs, mine)
    assert (said.new_profiles, said.existing_profiles) == (("Bob",), ("Ann",))
    assert (said.new_entries, said.existing_entries, said.changed_docs) == (2, 1, ("Ann: plan",))


def test_replace_takes_the_incoming_profile_wholesale_and_keeps_the_others():
    mine = Backup(NOW, (_data("a", "Ann", [_entry("e1", 1), _entry("old", 5)], plan=PLAN), _data("z", "Zoe")))
    theirs = Backup(NOW, (_data("a", "Ann B.", [_entry("e1", 1, note="theirs")]),))
    merged = {p.id: p for p in merge(mine, theirs, replace=True).profiles}
    assert merged["a"] == theirs.profiles[0] and merged["z"] == mine.profiles[1]


def test_replace_through_the_store_removes_what_the_file_does_not_have(tmp_path):
    store = Store(tmp_path)
    store.save_profile({"id": "a", "name": "Ann"})
    store.put_doc("a", "plan", PLAN)
    for entry in (_entry("e1", 1), _entry("old", 5)):
        store.save_entry("a", entry)
    incoming = Backup(NOW, (_data("a", "Ann", [_entry("e1", 1, note="theirs")]),))
    ownership.import_backup(store, incoming, replace=True)
    fresh = Store(tmp_path)
    assert fresh.get_doc("a", "plan") is None
    assert fresh.entries("a") == [_entry("e1", 1, note="theirs")]


def _raw(**changes):
    raw = to_json_dict(Backup(NOW, (_data("a", "Ann", [_entry("e1", 1)], plan=PLAN),)))
    raw.update(changes)
    return raw


@pytest.mark.parametrize("raw, words", [
    ([], "not an Ixempra Companion backup"),
    ({"format": "something-else", "version": 1}, "not an Ixempra Companion backup"),
    (_raw(version=VERSION + 1), "newer version of the app"),
    (_raw(version="1"), "\"version\" must be a whole number"),
    (_raw(created="yesterday"), "\"created\""),
    (_raw(profiles={}), "\"profiles\" must be a list"),
])
def test_what_is_not_a_readable_backup_is_refused_in_one_line(raw, words):
    with pytest.raises(InputError) as caught:
        parse_backup(raw)
    assert words in str(caught.value) and "\n" not in str(caught.value)


def test_a_newer_backup_asks_to_update_the_app():
    with pytest.raises(InputError, match="update the app first"):
        parse_backup(_raw(version=VERSION + 1))


def test_bad_content_is_named_by_profile_and_entry():
    raw = _raw()
    raw["profiles"][0]["entries"].append({"id": "e2", "at": "2025-03-02T10:00:00", "symptoms": {}})
    with pytest.raises(InputError, match=r"profile 'Ann', entry 2: at: .* has no time zone"):
        parse_backup(raw)
    raw = _raw()
    raw["profiles"][0]["entries"][0]["symptoms"] = {"chils": 2}
    with pytest.raises(InputError, match=r"entry 1: symptoms: 'chils' is not a known symptom id \(did you mean"):
        parse_backup(raw)
    raw = _raw()
    raw["profiles"][0]["plan"]["cycle_days"] = 400
    with pytest.raises(InputError, match=r"profile 'Ann', plan: cycle_days: 400 is outside"):
        parse_backup(raw)
    raw = _raw()
    raw["profiles"][0]["entries"].append(_entry("e1", 3))
    with pytest.raises(InputError, match="entry id 'e1' appears twice"):
        parse_backup(raw)
    raw = _raw()
    raw["profiles"].append(raw["profiles"][0])
    with pytest.raises(InputError, match="profile id 'a' appears twice"):
        parse_backup(raw)
    raw = _raw()
    raw["profiles"][0]["profile"]["id"] = "../escape"
    with pytest.raises(InputError, match="profile 1: .*\"id\""):
        parse_backup(raw)


def test_the_format_name_is_in_the_file():
    assert _raw()["format"] == FORMAT and _raw()["version"] == VERSION


def test_export_of_chosen_profiles_and_unknown_ids(tmp_path):
    store = Store(tmp_path)
    store.save_profile({"id": "a", "name": "Ann"})
    store.save_profile({"id": "b", "name": "Bob"})
    assert [p.name for p in ownership.export_backup(store, NOW, ["b"]).profiles] == ["Bob"]
    with pytest.raises(InputError, match="no profile with id 'c'"):
        ownership.export_backup(store, NOW, ["c"])


def test_delete_everything_leaves_no_file_and_a_usable_folder(tmp_path):
    store = Store(tmp_path)
    store.save_profile({"id": "a", "name": "Ann"})
    store.save_entry("a", _entry("e1", 1))
    store.put_app("pin", {"hash": "x"})
    saved = ownership.save_export(tmp_path, "report.pdf", b"%PDF")
    assert saved == tmp_path / "exports" / "report.pdf" and saved.read_bytes() == b"%PDF"
    ownership.delete_everything(store)
    assert [p for p in tmp_path.rglob("*") if p.is_file() and p.name not in LOCK_FILES] == []
    assert store.profiles() == [] and store.get_app("pin") is None
    store.save_profile({"id": "n", "name": "New"})
    assert Store(tmp_path).profiles() == [{"id": "n", "name": "New"}]


@pytest.mark.parametrize("name", ["../x.pdf", "a/b.pdf", "", ".."])
def test_exports_stay_in_the_exports_folder(tmp_path, name):
    with pytest.raises(InputError, match="plain file name"):
        ownership.save_export(tmp_path, name, b"x")
    assert not any(tmp_path.parent.glob("x.pdf"))


def _deep(levels):
    value = []
    for _ in range(levels):
        value = [value]
    return value


@pytest.mark.parametrize("settings_doc, words", [
    ({"x": float("nan")}, "profiles[0].settings.x: holds nan"),
    ({"x": [1, float("-inf")]}, "profiles[0].settings.x[1]: holds -inf"),
    ({"x": "\ud800"}, "profiles[0].settings.x: holds text that is not valid Unicode"),
    ({"x": _deep(500)}, "nested more than 64 levels deep"),
    ({"x": (1, 2)}, "holds a tuple, which is not JSON"),
    ({1: "a"}, "profiles[0].settings: has a key that is not plain text"),
])
def test_only_plain_json_is_let_in_and_the_place_is_named(settings_doc, words):
    raw = _raw()
    raw["profiles"][0]["settings"] = settings_doc
    with pytest.raises(InputError) as caught:
        parse_backup(raw)
    assert words in str(caught.value) and "\n" not in str(caught.value)


def test_a_refused_replace_writes_nothing(tmp_path):
    store = Store(tmp_path)
    store.save_profile({"id": "a", "name": "Ann"})
    store.put_doc("a", "plan", PLAN)
    store.save_entry("a", _entry("e1", 1))
    before = snapshot(tmp_path)
    # parse_entry reads a time with a leading space; the store does not: refused before the first write
    spaced = {"id": "e2", "at": " 2025-03-02T10:00:00+00:00"}
    incoming = Backup(NOW, (_data("b", "Bob"), _data("a", "Ann B.", [spaced])))
    with pytest.raises(InputError, match="Profile 'Ann B.': Diary entry 'at'"):
        ownership.import_backup(store, incoming, replace=True)
    assert snapshot(tmp_path) == before
    assert [p["id"] for p in Store(tmp_path).profiles()] == ["a"]


def data_files(folder: Path) -> dict[str, bytes]:
    """The files that hold the data, without the rotating backups (a write rotates them, an undo does not)."""
    return {name: data for name, data in snapshot(folder).items() if ".bak" not in name}


class FailingDisk:
    """The device lets `allowed` file writes through (temp file + rename), then is full."""

    def __init__(self, allowed: int):
        self.allowed = allowed
        self.real = atomic_storage.os.replace

    def replace(self, src, dst):
        if self.allowed <= 0 and ".tmp-" in Path(src).name:  # a new file; renaming an old one takes no room
            raise OSError(errno.ENOSPC, "No space left on device")
        self.allowed -= 1
        return self.real(src, dst)


def _two_patients(tmp_path) -> tuple[Store, Backup]:
    store = Store(tmp_path)
    store.save_profile({"id": "a", "name": "Ann"})
    store.put_doc("a", "plan", PLAN)
    store.save_entry("a", _entry("e1", 1, note="mine"))
    incoming = Backup(NOW, (_data("a", "Ann B.", [_entry("e1", 1, note="theirs"), _entry("e2", 2)], plan=OTHER_PLAN),
                            _data("b", "Bob", [_entry(f"b{n}", n) for n in range(1, 9)],
                                  settings_doc={"temperature_unit": "F"})))
    return store, incoming


@pytest.mark.parametrize("replace", [False, True])
@pytest.mark.parametrize("allowed", [0, 1, 2, 3])
def test_a_disk_that_fills_up_during_an_import_leaves_the_data_as_it_was(tmp_path, allowed, replace, monkeypatch):
    store, incoming = _two_patients(tmp_path)
    before = data_files(tmp_path)
    with monkeypatch.context() as patched:
        patched.setattr(atomic_storage.os, "replace", FailingDisk(allowed).replace)
        with pytest.raises(StoreError, match="device is full.*The import was undone"):
            ownership.import_backup(store, incoming, replace=replace)
    assert data_files(tmp_path) == before  # byte for byte: every file the import had written was put back
    assert not (tmp_path / import_journal.JOURNAL_DIR).exists()
    done = ownership.import_backup(store, incoming, replace=replace)  # room again: it goes through
    assert done.new_profiles == ("Bob",) and len(Store(tmp_path).entries("b")) == 8


def test_an_import_writes_the_main_file_once_whatever_the_number_of_profiles(tmp_path, monkeypatch):
    store = Store(tmp_path)
    many = Backup(NOW, tuple(_data(f"p{n}", f"P{n}", [_entry(f"e{n}", n % 28 + 1)], plan=PLAN) for n in range(40)))
    written = []
    real = atomic_storage.write_atomic
    monkeypatch.setattr(atomic_storage, "write_atomic", lambda path, data: (written.append(path.name), real(path, data)))
    ownership.import_backup(store, many)
    assert written.count("companion.json") == 1
    assert len(Store(tmp_path).profiles()) == 40 and len(Store(tmp_path).entries("p7")) == 1


def test_an_import_killed_after_its_journal_is_undone_at_the_next_open(tmp_path):
    store, incoming = _two_patients(tmp_path)
    store.close()
    before = data_files(tmp_path)
    journal = import_journal.Journal(tmp_path)
    crash = RuntimeError("killed")

    def dies_after_one(path, tables):
        if dies_after_one.left == 0:
            raise crash
        dies_after_one.left -= 1
        atomic_storage.AtomicJSONStorage(path, tables, lambda: NOW).write(tables)

    dies_after_one.left = 1  # the main file is written, a month file removed, then the process dies
    changes = {tmp_path / "companion.json": {"_meta": {"1": {"schema": 1, "app": "companion"}}},
               tmp_path / "diary" / "a" / "2025-03.json": None,
               tmp_path / "diary" / "new" / "2025-04.json": {"_meta": {"1": {"schema": 1, "app": "companion"}}}}
    with pytest.raises(RuntimeError):  # not an OSError: nothing undoes it in this process, as after a kill
        journal.apply(changes, dies_after_one)
    assert data_files(tmp_path) != before
    again = Store(tmp_path)
    assert data_files(tmp_path) == before and not (tmp_path / "diary" / "new").exists()
    assert "import that was stopped" in again.notices[0]
    assert [p["id"] for p in again.profiles()] == ["a"] and again.entries("a")[0]["note"] == "mine"


def test_an_import_stores_names_as_the_app_does_and_refuses_look_alikes(tmp_path):
    """The same name rules as the patient form (core.names): a name is cleaned on import, and a patient who
    would look like another once merged is refused before anything is written (issue 20)."""
    from companion.services import records

    store = Store(tmp_path / "a")
    records.add_profile(store, "Ann", NOW)
    doc = {"format": "ixempra-companion-backup", "version": 1, "created": NOW.isoformat(), "profiles": [
        {"profile": {"id": "p-zw", "name": "A\u200bnn"}, "plan": None, "settings": None, "reminders": None,
         "entries": []}]}
    with pytest.raises(InputError, match="would look alike"):
        ownership.import_backup(store, parse_backup(doc))
    assert [p["name"] for p in records.profiles(store)] == ["Ann"]
    doc["profiles"][0]["profile"]["name"] = " \u202eBob\n"
    ownership.import_backup(store, parse_backup(doc))
    assert sorted(p["name"] for p in records.profiles(store)) == ["Ann", "Bob"]
    doc["profiles"][0]["profile"]["name"] = "\u200b\u200d"
    with pytest.raises(InputError, match="no visible characters"):
        parse_backup(doc)
