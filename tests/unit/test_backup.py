"""Backups: what is exported comes back unchanged, importing twice changes nothing, bad files are refused."""

import json
import tempfile
from datetime import datetime, time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from companion import ownership
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
profiles = st.tuples(st.text(min_size=1, max_size=12), st.none() | plans,
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
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(profiles, max_size=3))
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
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []
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


class FailingDisk:
    """Lets `allowed` writes through, then the disk is full (as Store reports it) for the next `fails`."""

    def __init__(self, store: Store, allowed: int, fails: int = 10**9):
        self.store, self.allowed, self.fails = store, allowed, fails
        for name in ("save_profile", "put_doc", "save_entry", "delete_entry", "delete_profile"):
            setattr(self, name, self._counted(getattr(store, name)))

    def __getattr__(self, name):
        return getattr(self.store, name)

    def _counted(self, write):
        def run(*args):
            if self.allowed <= 0 and self.fails > 0:
                self.fails -= 1
                raise StoreError("Could not save your data: the device is full. Nothing was changed.")
            self.allowed -= 1
            return write(*args)
        return run


def _two_patients(tmp_path) -> tuple[Store, Backup]:
    store = Store(tmp_path)
    store.save_profile({"id": "a", "name": "Ann"})
    store.put_doc("a", "plan", PLAN)
    store.save_entry("a", _entry("e1", 1, note="mine"))
    incoming = Backup(NOW, (_data("a", "Ann B.", [_entry("e1", 1, note="theirs"), _entry("e2", 2)], plan=OTHER_PLAN),
                            _data("b", "Bob", [_entry(f"b{n}", n) for n in range(1, 9)])))
    return store, incoming


@pytest.mark.parametrize("replace", [False, True])
@pytest.mark.parametrize("allowed", [0, 1, 3, 7])
def test_a_disk_that_fills_up_during_an_import_leaves_the_data_as_it_was(tmp_path, allowed, replace):
    store, incoming = _two_patients(tmp_path)
    before = ownership.export_backup(Store(tmp_path), NOW)
    with pytest.raises(StoreError, match="The import was undone"):
        ownership.import_backup(FailingDisk(store, allowed, fails=1), incoming, replace=replace)
    assert ownership.export_backup(Store(tmp_path), NOW) == before
    done = ownership.import_backup(Store(tmp_path), incoming, replace=replace)  # room again: it goes through
    assert done.new_profiles == ("Bob",) and len(Store(tmp_path).entries("b")) == 8


def test_when_even_the_undo_fails_the_message_says_part_may_be_saved(tmp_path):
    store, incoming = _two_patients(tmp_path)
    with pytest.raises(StoreError, match="stopped partway .*device is full.*nothing is added twice"):
        ownership.import_backup(FailingDisk(store, allowed=3), incoming)
