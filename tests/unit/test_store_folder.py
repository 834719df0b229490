"""The store's one write path (adapters/store_folder.py): every change to the data folder calls the hook.

The offline web app copies the folder to IndexedDB from that hook (tests/unit/test_browser_storage.py):
a change made around it would be lost when the page closes. Each primitive is checked alone here (in a
store call another write would hide a missing hook), and the store's modules are checked to change files
only through it.
"""
import ast
from datetime import datetime, timezone
from pathlib import Path

import pytest

from companion.adapters import import_journal, recovery
from companion.adapters.store_folder import StoreFolder

NOW = datetime(2026, 3, 14, 10, 2, tzinfo=timezone.utc)
ADAPTERS = Path(__file__).resolve().parents[2] / "companion" / "adapters"


def files(folder: Path) -> dict[str, bytes | None]:
    return {p.relative_to(folder).as_posix(): (p.read_bytes() if p.is_file() else None) for p in folder.rglob("*")}


@pytest.fixture
def folder(tmp_path):
    root = tmp_path / "data"
    root.mkdir()
    (root / "old.json").write_text('{"_meta": {}}')
    (root / "diary" / "ann").mkdir(parents=True)
    (root / "diary" / "ann" / "2026-03.json").write_text("{}")
    (root / "diary" / "ann" / ".2026-03.json.tmp-x").write_text("{")
    hooked = []
    store_folder = StoreFolder(root, lambda: NOW, on_change=lambda: hooked.append(files(root)))
    store_folder.hooked = hooked
    return store_folder


def half_done_import(root: Path) -> None:
    def dies(path, tables):
        raise RuntimeError("killed")

    with pytest.raises(RuntimeError):
        import_journal.Journal(root).apply({root / "old.json": {"x": {}}}, dies)


PRIMITIVES = {  # name: (what was there before, if more than the fixture's files; the change)
    "a TinyDB write": (None, lambda f: f.tinydb(f.root / "new.json", {}).table("t").insert({"a": 1})),
    "a TinyDB file's stale temp removed on open": (None, lambda f: f.tinydb(f.root / "diary" / "ann" / "2026-03.json", {})),
    "write_tables": (None, lambda f: f.write_tables(f.root / "new.json", {"t": {}})),
    "write_bytes": (None, lambda f: f.write_bytes(f.root / "aside.json", b"{}")),
    "rename": (None, lambda f: f.rename(f.root / "old.json", f.root / "old.json.unreadable")),
    "remove": (None, lambda f: f.remove(f.root / "old.json")),
    "remove_tree": (None, lambda f: f.remove_tree(f.root / "diary")),
    "remove_tree, durable": (None, lambda f: f.remove_tree(f.root / "diary" / "ann", durable=True)),
    "make_dirs": (None, lambda f: f.make_dirs(f.root / "diary" / "bob")),
    "log": (None, lambda f: f.log(recovery.Damage(kind=recovery.KEPT, file="x", message="kept"))),
    "apply_journal": (None, lambda f: f.apply_journal(
        {f.root / "old.json": {"t": {}}, f.root / "diary" / "cy" / "2026-01.json": {}}, None)),
    "settle_journal": (half_done_import, lambda f: f.settle_journal()),
}


@pytest.mark.parametrize("name", PRIMITIVES, ids=list(PRIMITIVES))
def test_each_change_to_the_folder_calls_the_hook_once_it_is_made(folder, name):
    prepare, change = PRIMITIVES[name]
    if prepare:
        prepare(folder.root)
    before = files(folder.root)
    change(folder)
    after = files(folder.root)
    assert after != before, "nothing changed: this case proves nothing"
    assert folder.hooked and folder.hooked[-1] == after, "the hook was not called after the change"


def test_in_a_store_call_the_hook_is_called_once_at_its_end(folder):
    with folder.call():
        folder.write_bytes(folder.root / "a.json", b"{}")
        with folder.call():  # a store call made from inside another one
            folder.write_bytes(folder.root / "b.json", b"{}")
        folder.remove(folder.root / "old.json")
        assert folder.hooked == []
    assert len(folder.hooked) == 1 and folder.hooked[0] == files(folder.root)


def test_a_call_that_fails_after_a_change_still_calls_the_hook(folder):
    with pytest.raises(OSError):
        with folder.call():
            folder.write_bytes(folder.root / "a.json", b"{}")
            folder.rename(folder.root / "missing.json", folder.root / "x.json")
    assert len(folder.hooked) == 1 and "a.json" in folder.hooked[0]


def test_calls_that_change_nothing_do_not_call_the_hook(folder):
    with folder.call():
        folder.make_dirs(folder.root / "diary" / "ann")  # already there
        folder.remove(folder.root / "not-there.json")
        folder.remove_tree(folder.root / "no-such-folder")
        assert folder.settle_journal() is False
    assert folder.hooked == []


# ---- the store's modules change files only through StoreFolder ----------------------------------------------
STORE_MODULES = ["store.py", "store_access.py", "store_errors.py", "store_migration.py", "store_recovery.py",
                 "store_shapes.py", "diary_months.py"]
CHANGES_FILES = {"rename", "replace", "unlink", "rmtree", "mkdir", "makedirs", "rmdir", "write_bytes", "write_text",
                 "write_atomic", "append_log", "link", "symlink", "truncate", "settle", "TinyDB", "AtomicJSONStorage",
                 "Journal", "fsync_dir"}


def through_the_folder(call: ast.Call) -> bool:
    receiver = call.func.value if isinstance(call.func, ast.Attribute) else None
    return isinstance(receiver, (ast.Name, ast.Attribute)) and ast.unparse(receiver).split(".")[-1] in ("_folder", "folder")


def test_the_store_changes_files_only_through_its_folder():
    """A file written around StoreFolder would never reach IndexedDB in the offline app."""
    found = []
    for name in STORE_MODULES:
        tree = ast.parse((ADAPTERS / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            called = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            is_os_remove = called == "remove" and ast.unparse(node.func).startswith(("os.", "shutil."))
            is_open = isinstance(node.func, ast.Name) and called == "open"  # the builtin: may write
            if (called in CHANGES_FILES or is_os_remove or is_open) and not through_the_folder(node):
                found.append(f"{name}:{node.lineno} {ast.unparse(node.func)}")
    assert found == [], "change files through StoreFolder (store_folder.py), so the write hook sees them"


def test_the_guard_sees_a_write_around_the_folder():
    """The check above can fail: a module that writes a file itself is reported."""
    tree = ast.parse("def save(self, path):\n    path.write_text('x')\n    self._folder.write_bytes(path, b'x')\n")
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "attr", "") in CHANGES_FILES]
    assert [through_the_folder(c) for c in calls] == [False, True]
