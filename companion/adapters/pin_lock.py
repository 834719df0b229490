"""The app PIN, kept in the store's app document "pin" (hash and salt only; see core.pin)."""

from __future__ import annotations

import os
from datetime import datetime

from companion.core import pin as rules

DOC = "pin"
SALT_BYTES = 16


class PinLock:
    def __init__(self, store):
        self.store = store

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
