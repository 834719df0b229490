"""App PIN: only a salted hash is kept; wrong tries slow down after three; the right PIN resets the count."""

import hashlib
import json
from datetime import datetime, timedelta, timezone

import pytest

from companion.adapters.pin_lock import PinLock
from companion.adapters.store import Store
from companion.core import pin
from companion.core.errors import InputError

T0 = datetime(2025, 3, 1, 9, tzinfo=timezone.utc)


@pytest.fixture
def lock(tmp_path):
    return PinLock(Store(tmp_path))


def test_only_a_salted_slow_hash_is_stored(lock, tmp_path):
    assert not lock.enabled()
    lock.set_pin("483920")
    assert lock.enabled()
    doc = lock.store.get_app("pin")
    on_disk = "".join(p.read_text() for p in tmp_path.rglob("*.json"))
    assert "483920" not in json.dumps(doc) and "483920" not in on_disk
    assert doc["iterations"] >= 200_000 and len(bytes.fromhex(doc["salt"])) >= 16
    expected = hashlib.pbkdf2_hmac("sha256", b"483920", bytes.fromhex(doc["salt"]), doc["iterations"]).hex()
    assert doc["hash"] == expected
    lock.set_pin("483920")
    assert lock.store.get_app("pin")["salt"] != doc["salt"]  # a fresh salt each time


@pytest.mark.parametrize("bad", ["123", "123456789", "12a4", "12 34", "", "١٢٣٤", None])
def test_a_pin_must_be_4_to_8_digits(lock, bad):
    lock.set_pin("1234")
    with pytest.raises(InputError, match="4 to 8 digits"):
        lock.set_pin(bad)
    assert lock.check("1234", T0) == (True, 0.0)  # the old PIN still works


def test_right_and_wrong_pins(lock):
    lock.set_pin("2468")
    assert lock.check("2468", T0) == (True, 0.0)
    assert lock.check("2469", T0) == (False, 0.0)
    assert lock.check("", T0) == (False, 0.0)


def test_after_three_wrong_tries_the_wait_grows_and_the_right_pin_waits_too(lock):
    lock.set_pin("2468")
    now = T0
    assert [lock.check("0000", now)[1] for _ in range(3)] == [0.0, 0.0, 30.0]
    assert lock.check("2468", now + timedelta(seconds=10)) == (False, 20.0)  # not even tested while waiting
    wait, waits = 30.0, []
    for _ in range(4):
        now += timedelta(seconds=wait)  # each try once the last wait is over
        ok, wait = lock.check("0000", now)
        waits.append(wait)
    assert waits == [60.0, 120.0, 240.0, 480.0]


def test_the_wait_is_capped_at_15_minutes():
    assert [pin.wait_after(n).total_seconds() for n in range(2, 10)] == [0, 30, 60, 120, 240, 480, 900, 900]
    assert pin.wait_after(10_000) == timedelta(minutes=15)


def test_the_right_pin_resets_the_count(lock):
    lock.set_pin("2468")
    for _ in range(3):
        lock.check("1111", T0)
    later = T0 + timedelta(seconds=31)
    assert lock.check("2468", later) == (True, 0.0)
    assert [lock.check("1111", later)[1] for _ in range(3)] == [0.0, 0.0, 30.0]


def test_the_lock_survives_a_restart(tmp_path):
    lock = PinLock(Store(tmp_path))
    lock.set_pin("2468")
    for _ in range(3):
        lock.check("1111", T0)
    again = PinLock(Store(tmp_path))
    assert again.enabled() and again.check("2468", T0 + timedelta(seconds=5)) == (False, 25.0)


def test_a_clock_set_back_cannot_lock_for_longer_than_the_wait(lock):
    lock.set_pin("2468")
    for _ in range(3):
        lock.check("1111", T0)
    assert lock.check("2468", T0 - timedelta(days=2)) == (False, 30.0)


def test_clear_removes_the_pin(lock):
    lock.set_pin("2468")
    lock.clear()
    assert not lock.enabled() and lock.check("0000", T0) == (True, 0.0)
    assert "hash" not in lock.store.get_app("pin")


# -- auto-lock after time without use -------------------------------------------------------------------
def test_auto_lock_uses_the_clinic_minutes_and_a_test_knob_can_only_shorten_it(tmp_path):
    assert pin.auto_lock_after(5) == 300
    assert pin.auto_lock_after(5, 8) == 8
    for ignored in (None, 0, -1, 300, 3600):
        assert pin.auto_lock_after(5, ignored) == 300, ignored
    store = Store(tmp_path)
    assert PinLock(store, environ={}).auto_lock_after(5) == 300
    assert PinLock(store, environ={"COMPANION_AUTO_LOCK_SECONDS": "8"}).auto_lock_after(30) == 8
    for ignored in ("", "soon", "nan", "inf", "-5", "0", "100000"):
        assert PinLock(store, environ={"COMPANION_AUTO_LOCK_SECONDS": ignored}).auto_lock_after(1) == 60, ignored


def test_idle_time_left_counts_down_from_the_last_use():
    assert pin.idle_left(last_use=100.0, now=100.0, limit=300) == 300
    assert pin.idle_left(last_use=100.0, now=399.5, limit=300) == 0.5
    assert pin.idle_left(last_use=100.0, now=400.0, limit=300) == 0
    assert pin.idle_left(last_use=100.0, now=10_000.0, limit=300) == 0


def test_what_counts_as_use_of_the_app():
    from companion.ui.activity import is_use

    for gesture in ("click", "change", "submit", "select", "tap", "tap_down", "long_press", "scroll",
                    "focus", "pan_update"):
        assert is_use(gesture), gesture
    # what the page sends by itself never keeps the app open
    for background in ("connect", "disconnect", "close", "resize", "app_lifecycle_state_change",
                       "platform_brightness_change", "media_change", "dismiss", "error", "route_change"):
        assert not is_use(background), background
