"""App PIN: format, salted PBKDF2-HMAC-SHA256 hash, and the slow-down after wrong tries.

Only the hash, the salt and the iteration count are kept, never the PIN. After FREE_TRIES wrong
tries in a row each further wrong try doubles the wait (30 s, 60 s, 120 s ...), capped at MAX_WAIT.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from datetime import datetime, timedelta

from companion.core.errors import InputError
from companion.core.i18n import N_

ITERATIONS = 200_000
FREE_TRIES = 3
FIRST_WAIT = timedelta(seconds=30)
MAX_WAIT = timedelta(minutes=15)
_PIN = re.compile(r"[0-9]{4,8}")


def check_format(pin: object) -> str:
    if not (isinstance(pin, str) and _PIN.fullmatch(pin)):
        raise InputError(N_("PIN: use 4 to 8 digits (0-9)."))
    return pin


def hash_pin(pin: str, salt: bytes, iterations: int = ITERATIONS) -> str:
    return hashlib.pbkdf2_hmac("sha256", pin.encode("ascii"), salt, iterations).hex()


def matches(pin: str, salt: bytes, iterations: int, expected_hex: str) -> bool:
    if not (isinstance(pin, str) and _PIN.fullmatch(pin)):
        return False
    return hmac.compare_digest(hash_pin(pin, salt, iterations), expected_hex)


def wait_after(failures: int) -> timedelta:
    """How long to wait after `failures` wrong tries in a row."""
    if failures < FREE_TRIES:
        return timedelta(0)
    return min(FIRST_WAIT * 2 ** min(failures - FREE_TRIES, 20), MAX_WAIT)


def remaining(locked_until: datetime | None, failures: int, now: datetime) -> float:
    """Seconds still to wait at `now`; never more than the wait itself (a clock set back cannot lock for days)."""
    if locked_until is None or now >= locked_until:
        return 0.0
    return min(locked_until - now, wait_after(failures)).total_seconds()


def auto_lock_after(clinic_minutes: int, shorter_seconds: float | None = None) -> float:
    """Seconds without use before the app locks itself: the clinic's minutes, or `shorter_seconds` when it is
    positive and shorter (a test's knob; it can never make the app stay open longer)."""
    limit = float(clinic_minutes * 60)
    if shorter_seconds is not None and 0 < shorter_seconds < limit:
        return float(shorter_seconds)
    return limit


def idle_left(last_use: float, now: float, limit: float) -> float:
    """Seconds until the app locks itself; 0 when it is time. `last_use` and `now` come from a monotonic clock
    (a clock set back or forward must neither lock early nor keep the app open)."""
    return max(0.0, limit - (now - last_use))
