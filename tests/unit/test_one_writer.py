"""One writer per data folder, with real processes: a second app or an import is refused in one line
while the app runs, read-only commands still work, and nothing is lost. Loopback unless on purpose."""

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from companion.adapters.folder_lock import LOCK_FILES
from companion.adapters.store import Store
from companion.commands.serve import is_loopback
from companion.core.backup import Backup, ProfileData, to_json_dict
from tests.support.ports import free_port

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(os.name != "posix", reason="the folder lock uses flock")


def run_cli(*args, timeout=60):
    return subprocess.run([sys.executable, "-m", "companion", *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT)


def data_files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name not in LOCK_FILES}


def one_line_error(out, *words):
    assert out.returncode == 2, (out.returncode, out.stderr)
    err = out.stderr.strip()
    assert "\n" not in err and "Traceback" not in err, err
    for word in words:
        assert word in err, err


@pytest.fixture
def app(tmp_path):
    """`companion serve` on a free loopback port over a folder holding Ann and three entries."""
    folder = tmp_path / "data"
    store = Store(folder)
    store.save_profile({"id": "ann", "name": "Ann", "created": "2025-01-01T00:00:00+00:00"})
    for n in range(3):
        store.save_entry("ann", {"id": f"e{n}", "at": f"2025-03-0{n + 1}T10:00:00+00:00", "symptoms": {}})
    store.close()
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "companion", "serve", "--port", str(port), "--data-dir", folder],
                            stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
    deadline = time.monotonic() + 60
    while True:
        assert proc.poll() is None, (tmp_path / "serve.log").read_text()
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1).read()
            break
        except OSError:
            assert time.monotonic() < deadline, "the app did not start"
            time.sleep(0.1)
    yield folder, proc
    proc.terminate()
    proc.wait(20)


def backup_file(tmp_path, pid="bob", name="Bob", entries=3) -> Path:
    from datetime import datetime, timezone
    bob = ProfileData({"id": pid, "name": name}, None, None, None,
                      tuple({"id": f"{pid}{n}", "at": f"2025-04-0{n + 1}T10:00:00+00:00", "symptoms": {}}
                            for n in range(entries)))
    path = tmp_path / f"{pid}.json"
    path.write_text(json.dumps(to_json_dict(Backup(datetime.now(timezone.utc), (bob,)))), encoding="utf-8")
    return path


def test_a_second_app_and_an_import_are_refused_while_the_app_runs_and_nothing_is_lost(app, tmp_path):
    folder, proc = app
    before = data_files(folder)
    second = run_cli("serve", "--port", free_port(), "--data-dir", folder)
    one_line_error(second, "in use", f"pid {proc.pid}", "companion serve")
    backup = backup_file(tmp_path)
    refused = run_cli("import", backup, "--data-dir", folder)
    one_line_error(refused, "in use", f"pid {proc.pid}", "nothing was changed")
    assert data_files(folder) == before, "a refused writer must write nothing"

    # read-only commands work while the app runs
    listed = run_cli("profiles", "--data-dir", folder)
    assert listed.returncode == 0, listed.stderr
    assert [(p["name"], p["entries"]) for p in json.loads(listed.stdout)] == [("Ann", 3)]
    exported = run_cli("export", "--data-dir", folder, "--format", "json", "--out", tmp_path / "all.json")
    assert exported.returncode == 0, exported.stderr and json.loads(exported.stdout)["entries"] == 3

    proc.terminate()
    proc.wait(20)
    done = run_cli("import", backup, "--data-dir", folder)  # the app is gone: the folder is free again
    assert done.returncode == 0, done.stderr
    after = {p["name"]: p["entries"] for p in json.loads(run_cli("profiles", "--data-dir", folder).stdout)}
    assert after == {"Ann": 3, "Bob": 3}


def test_a_killed_writer_leaves_the_folder_free(tmp_path):
    folder = tmp_path / "data"
    child = subprocess.Popen([sys.executable, "-c", "import sys, time; from companion.adapters.store import Store; "
                              f"s = Store({str(folder)!r}, writer=True); print('ready', flush=True); time.sleep(60)"],
                             stdout=subprocess.PIPE, text=True, cwd=ROOT)
    assert child.stdout.readline().strip() == "ready"
    with pytest.raises(Exception, match=f"pid {child.pid}"):
        Store(folder, writer=True)
    assert Store(folder).held_by and Store(folder).read_only  # a plain open falls back to reading
    child.kill()
    child.wait()
    assert Store(folder, writer=True).held_by is None


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "::", "example.org"])
def test_a_host_other_devices_can_reach_is_refused_without_allow_network(tmp_path, host):
    one_line_error(run_cli("serve", "--host", host, "--port", free_port(), "--data-dir", tmp_path / "d"),
                   "--allow-network", "PIN")
    assert not (tmp_path / "d").exists(), "refused before the data folder is opened"


def test_allow_network_serves_with_a_warning_about_the_pin(tmp_path):
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "companion", "serve", "--host", "0.0.0.0", "--allow-network",
                             "--port", str(port), "--data-dir", tmp_path / "d"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        line = proc.stderr.readline()
        assert "WARNING" in line and "no protection beyond" in line and "Set a PIN" in line, line
    finally:
        proc.terminate()
        proc.wait(20)


@pytest.mark.parametrize("host, loopback", [("127.0.0.1", True), ("127.1.2.3", True), ("::1", True),
                                            ("localhost", True), ("[::1]", True), ("0.0.0.0", False),
                                            ("10.0.0.1", False), ("my-laptop", False), ("", False)])
def test_which_addresses_count_as_this_device_only(host, loopback):
    assert is_loopback(host) is loopback
