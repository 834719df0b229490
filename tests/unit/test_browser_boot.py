"""companion/browser_boot.py: how the browser build starts the app, here with a stand-in for the
flet_js module that Flet's Python worker registers (the real one is run by tests/e2e/test_pwa_e2e.py)."""

import sys
import types
import zipfile
from pathlib import Path

import msgpack
import pytest

from companion import browser_boot
from companion.core import triage


@pytest.fixture
def worker(monkeypatch, tmp_path):
    """A stand-in flet_js, a main.py in a temporary folder, and sys.path as Pyodide starts it."""
    sent, events = [], []
    flet_js = types.ModuleType("flet_js")
    flet_js.receive_callback = sent.append
    flet_js.userAppStarting = lambda: events.append("app starting")
    monkeypatch.setitem(sys.modules, "flet_js", flet_js)
    monkeypatch.setattr(sys, "path", [str(tmp_path), *sys.path])
    monkeypatch.delitem(sys.modules, "main", raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "dont_write_bytecode", True)  # main.py is rewritten within the same second
    return types.SimpleNamespace(flet_js=flet_js, sent=sent, events=events, folder=tmp_path)


def test_boot_runs_main_as_the_app_and_forwards_printed_lines_as_flet_frames(worker):
    (worker.folder / "main.py").write_text(
        "import flet_js\nif __name__ == '__main__':\n    flet_js.seen_by_main = list(flet_js.__dict__)\n")
    browser_boot.boot()
    assert worker.events == ["app starting"]
    assert "send_python_output" in worker.flet_js.seen_by_main  # in place before main.py runs
    assert sys.path[0] == browser_boot.PACKAGES
    worker.flet_js.send_python_output("hello", 0)
    frame = worker.sent[-1]
    assert frame[0] == 0 and msgpack.unpackb(frame[1:]) == [7, {"text": "hello", "is_stderr": False}]


def test_boot_treats_exit_0_as_done_and_other_exits_as_errors(worker):
    (worker.folder / "main.py").write_text("raise SystemExit(0)\n")
    browser_boot.boot()
    (worker.folder / "main.py").write_text("raise SystemExit(3)\n")
    sys.modules.pop("main", None)
    with pytest.raises(SystemExit):
        browser_boot.boot()


def test_warm_up_runs_in_slices_and_leaves_the_apps_modules_as_they_were(tmp_path):
    root = Path(browser_boot.__file__).resolve().parents[1]
    with zipfile.ZipFile(tmp_path / browser_boot.PACKAGES, "w") as packages:  # as the browser build has it
        packages.writestr("flet/controls/text.py", "class Text:\n    value: str = ''\n")
    (tmp_path / "companion").symlink_to(root / "companion")
    modules = {name: module for name, module in sys.modules.items() if name.startswith("companion")}
    names = dict(vars(triage))

    steps = browser_boot.warm_up(tmp_path, slice_seconds=0.01)
    counts = [next(steps) for _ in range(3)]
    steps.close()

    assert 0 < counts[0] < counts[1] < counts[2]
    assert {n: m for n, m in sys.modules.items() if n.startswith("companion")} == modules
    assert all(vars(triage)[name] is value for name, value in names.items()) and vars(triage).keys() == names.keys()
