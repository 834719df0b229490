"""The app PIN, kept in the store's app document "pin" (hash and salt only; see core.pin), and how long
the app stays open without use while a PIN is set."""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from datetime import datetime

from companion.core import pin as rules

DOC = "pin"
SALT_BYTES = 16
# For tests only: lock after this many seconds without use when that is shorter than the clinic's
# auto_lock_minutes (never longer; anything that is not a positive number is ignored).
AUTO_LOCK_ENV = "COMPANION_AUTO_LOCK_SECONDS"


class PinLock:
    def __init__(self, store, environ: Mapping[str, str] = os.environ):
        self.store = store
        self.environ = environ

    def auto_lock_after(self, clinic_minutes: int) -> float:
        """Seconds without use before the app locks itself (core.pin.auto_lock_after)."""
        try:
            shorter = float(self.environ.get(AUTO_LOCK_ENV, ""))
        except ValueError:
            shorter = None
        return rules.auto_lock_after(clinic_minutes, shorter if shorter and math.isfinite(shorter) else None)

    def enabled(self) -> bool:
        return self._state() is not None

    def set_pin(self, pin: str) -> None:
        """4-8 digits, else InputError. Starts with no wrong tries."""
        rules.check_format(pin)
        salt = os.urandom(SALT_BYTES)
        self.store.put_app(DOC, {"version": 1, "salt": salt.hex(), "iterations": rules.ITERATIONS,
                                 "hash": rules.hash_pin(pin, salt), "failures": 0, "locked_until": None})

    def clear(self) -> None:
        self.store.put_app(DOC, {"version": 1})

    def check(self, pin: str, now: datetime) -> tuple[bool, float]:
        """(ok, seconds to wait before the next try). While waiting the PIN is not tested.
        Without a PIN set, everything is unlocked: (True, 0.0)."""
        state = self._state()
        if state is None:
            return True, 0.0
        locked_until = datetime.fromisoformat(state["locked_until"]) if state["locked_until"] else None
        wait = rules.remaining(locked_until, state["failures"], now)
        if wait > 0:
            return False, wait
        if rules.matches(pin, bytes.fromhex(state["salt"]), state["iterations"], state["hash"]):
            if state["failures"]:
                self.store.put_app(DOC, {**state, "failures": 0, "locked_until": None})
            return True, 0.0
        failures = state["failures"] + 1
        delay = rules.wait_after(failures)
        self.store.put_app(DOC, {**state, "failures": failures,
                                 "locked_until": (now + delay).isoformat() if delay else None})
        return False, delay.total_seconds()

    def _state(self) -> dict | None:
        state = self.store.get_app(DOC)
        return state if state and state.get("hash") else None
