"""System notifications through plyer. The app always shows reminders inside the app as well;
`notify` only tells whether the system notification went out too."""

from __future__ import annotations

import logging
from typing import Protocol

import plyer

log = logging.getLogger(__name__)


class Notifier(Protocol):
    def notify(self, title: str, message: str) -> bool:
        """True if the system showed it."""
        ...


class PlyerNotifier:
    """plyer's notification facade; never raises. No backend at all is remembered: it is not retried.

    On Linux plyer runs `notify-send` and ignores its exit status, so True there means "handed over".
    """

    def __init__(self, app_name: str = "Companion", timeout: int = 10):
        self.app_name = app_name
        self.timeout = timeout
        self.failure: str | None = None  # why the last system notification did not go out
        self._no_backend = False

    def notify(self, title: str, message: str) -> bool:
        if self._no_backend:
            return False
        try:
            plyer.notification.notify(title=title, message=message, app_name=self.app_name, timeout=self.timeout)
        except Exception as error:  # noqa: BLE001 - any failure means "show it in the app only"
            self._no_backend = isinstance(error, NotImplementedError)
            if self.failure is None:
                log.warning("System notifications unavailable, showing reminders in the app only: %r", error)
            self.failure = repr(error)
            return False
        self.failure = None
        return True


class RecordingNotifier:
    """Keeps what it was asked to show: a fake for tests and the in-app list."""

    def __init__(self, shows: bool = True):
        self.shows = shows
        self.sent: list[tuple[str, str]] = []

    def notify(self, title: str, message: str) -> bool:
        self.sent.append((title, message))
        return self.shows
