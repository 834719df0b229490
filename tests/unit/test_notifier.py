"""System notifications: really delivered over D-Bus, and never an error when there is no service."""

import logging

import plyer

from companion.adapters.notifier import PlyerNotifier, RecordingNotifier
from tests.dbus_helpers import notification_daemon  # noqa: F401  (pytest fixture)


def test_a_reminder_reaches_the_desktop_notification_service(notification_daemon):  # noqa: F811
    notifier = PlyerNotifier()
    assert notifier.notify("Premedication", "Take your premedication now") is True
    assert notifier.notify("Prémédication", "Prenez vos prémédicaments") is True
    for line in (
        'Notify "Companion" 0 "" "Premedication" "Take your premedication now"',
        'Notify "Companion" 0 "" "Prémédication" "Prenez vos prémédicaments"',
    ):
        assert line in notification_daemon.wait_for(line)


class FailingBackend:
    def __init__(self, error):
        self.error, self.calls = error, 0

    def notify(self, **kwargs):
        self.calls += 1
        raise self.error


def test_no_notification_backend_means_in_app_only_and_is_not_retried(monkeypatch, caplog):
    backend = FailingBackend(NotImplementedError("No usable implementation found!"))
    monkeypatch.setattr(plyer, "notification", backend)
    notifier = PlyerNotifier()
    with caplog.at_level(logging.WARNING):
        assert notifier.notify("Premedication", "Take your premedication now") is False
        assert notifier.notify("Premedication", "Take your premedication now") is False
    assert backend.calls == 1
    assert "No usable implementation" in notifier.failure
    assert len(caplog.records) == 1


def test_a_passing_error_is_logged_once_and_retried_until_it_works(monkeypatch, caplog):
    backend = FailingBackend(OSError("D-Bus went away"))
    monkeypatch.setattr(plyer, "notification", backend)
    notifier = PlyerNotifier()
    with caplog.at_level(logging.WARNING):
        assert notifier.notify("a", "b") is False
        assert notifier.notify("a", "b") is False
    assert backend.calls == 2 and len(caplog.records) == 1
    sent = RecordingNotifier()
    monkeypatch.setattr(plyer, "notification", type("Ok", (), {"notify": lambda self, **kw: sent.notify(
        kw["title"], kw["message"])})())
    assert notifier.notify("Infusion", "Infusion today at 10:00") is True
    assert notifier.failure is None and sent.sent == [("Infusion", "Infusion today at 10:00")]


def test_without_any_session_bus_notify_answers_and_never_raises(monkeypatch):
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/companion-test-bus")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    assert PlyerNotifier().notify("Premedication", "Take your premedication now") in (True, False)


def test_recording_notifier_keeps_what_it_was_asked_to_show():
    shown, hidden = RecordingNotifier(), RecordingNotifier(shows=False)
    assert shown.notify("Premedication", "Take it now") is True
    assert hidden.notify("Infusion", "Today") is False
    assert shown.sent == [("Premedication", "Take it now")] and hidden.sent == [("Infusion", "Today")]
