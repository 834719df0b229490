"""The device's display setting (More > Display): kept in the data folder, read back by a new session."""

import pytest

from companion.adapters.store import Store
from companion.core.errors import InputError
from companion.services.display import DISPLAY_DOC, Display, display, set_display


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path)
    yield s
    s.close()


def test_follows_the_system_with_normal_text_until_changed(store):
    assert display(store) == Display("system", False)
    assert display(None) == Display("system", False)  # a command without a data folder
    assert display(store).text_scale == 1.0


def test_a_change_is_kept_and_read_by_the_next_start(tmp_path):
    first = Store(tmp_path)
    set_display(first, appearance="dark")
    set_display(first, larger_text=True)  # the appearance stays
    first.close()
    again = Store(tmp_path)
    try:
        assert display(again) == Display("dark", True)
        assert display(again).text_scale > 1.2
    finally:
        again.close()


def test_an_unknown_appearance_is_refused_and_nothing_changes(store):
    set_display(store, appearance="light")
    with pytest.raises(InputError):
        set_display(store, appearance="sepia")
    assert display(store).appearance == "light"


def test_a_saved_value_this_version_does_not_know_falls_back_to_the_default(store):
    store.put_app(DISPLAY_DOC, {"version": 1, "appearance": "high-contrast", "larger_text": "yes"})
    assert display(store) == Display("system", False)
