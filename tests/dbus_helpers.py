"""A private D-Bus session bus with dbusmock's notification daemon, for real notification tests.

Import the fixture into a test module: `from tests.dbus_helpers import notification_daemon`.
Missing tools skip the test, or fail it when CI=true.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

SYSTEM_PYTHON = "/usr/bin/python3"
NEEDED = "Debian packages dbus, dbus-x11, libnotify-bin and python3-dbusmock"


@dataclass
class NotificationDaemon:
    address: str
    log: Path

    def wait_for(self, text: str, seconds: float = 5.0) -> str:
        """The mock's log once it contains `text` (or as it is after `seconds`)."""
        deadline = time.monotonic() + seconds
        while True:
            content = self.log.read_text() if self.log.exists() else ""
            if text in content or time.monotonic() > deadline:
                return content
            time.sleep(0.05)


def missing_tools() -> str | None:
    for tool in ("dbus-daemon", "dbus-send", "notify-send"):
        if shutil.which(tool) is None:
            return f"{tool} not found (install {NEEDED})"
    if not os.path.exists(SYSTEM_PYTHON) or subprocess.run([SYSTEM_PYTHON, "-c", "import dbusmock"]).returncode:
        return f"{SYSTEM_PYTHON} cannot import dbusmock (install {NEEDED})"
    return None


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _name_owned(env: dict, name: str) -> bool:
    reply = subprocess.run(
        ["dbus-send", "--session", "--print-reply", "--dest=org.freedesktop.DBus", "/org/freedesktop/DBus",
         "org.freedesktop.DBus.NameHasOwner", f"string:{name}"],
        env=env, capture_output=True, text=True, timeout=5,
    )
    return "boolean true" in reply.stdout


@pytest.fixture
def notification_daemon(tmp_path, monkeypatch):
    reason = missing_tools()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    bus = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--print-address=1"], stdout=subprocess.PIPE, text=True
    )
    mock = None
    try:
        address = bus.stdout.readline().strip()
        assert address, "dbus-daemon did not start"
        env = {**os.environ, "DBUS_SESSION_BUS_ADDRESS": address}
        log = tmp_path / "notifications.log"
        mock = subprocess.Popen(
            [SYSTEM_PYTHON, "-m", "dbusmock", "--template", "notification_daemon", "-l", str(log)], env=env
        )
        deadline = time.monotonic() + 10
        while not _name_owned(env, "org.freedesktop.Notifications"):
            assert mock.poll() is None and time.monotonic() < deadline, "dbusmock notification daemon did not start"
            time.sleep(0.05)
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
        yield NotificationDaemon(address, log)
    finally:
        if mock is not None:
            _stop(mock)
        _stop(bus)
