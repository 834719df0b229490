"""Tells the shell when the person uses the app (for the auto-lock): every tap, choice or typed character.

Flet has no page-wide "the user did something" event. Everything the person does reaches Python through
the session in one of two ways: a control event (`Session.dispatch_event`: click, change, submit...) or a
field's new value (`Session.apply_patch` with "value": each character typed into a text field). `watch`
wraps those two methods of this page's session, on this session only, and calls `on_use` for the events
a person makes; events the page sends by itself (connect, disconnect, resize, the app going to the
background, a snackbar closing after its time) do not count, so they never keep the app open.

Checked with flet 1.0.5 (server and browser builds); recheck on every Flet upgrade: the e2e test
test_pin_lock_e2e.py::test_use_keeps_the_app_open_and_idleness_locks_it fails if use is no longer seen.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

log = logging.getLogger(__name__)

# Event names a person's gesture produces (without the "on_" prefix).
USER_EVENTS = frozenset({
    "click", "change", "submit", "select", "focus", "blur", "tap", "long_press", "double_tap", "secondary_tap",
    "scroll", "keyboard_event", "expand", "dismiss_request", "action", "selection_change", "tap_outside",
})
USER_EVENT_PREFIXES = ("tap_", "long_press_", "double_tap_", "pan_", "horizontal_drag_", "vertical_drag_",
                       "scale_", "secondary_tap_")


def is_use(event_name: str) -> bool:
    return event_name in USER_EVENTS or event_name.startswith(USER_EVENT_PREFIXES)


def watch(page, on_use: Callable[[], None]) -> bool:
    """Calls `on_use()` whenever the person uses this page; False if this Flet cannot be watched (then the
    app still locks after the time without use, counted from the last unlock)."""
    try:
        session = page.session
        dispatch_event, apply_patch = session.dispatch_event, session.apply_patch
    except (AttributeError, RuntimeError):
        log.warning("Cannot watch for use of the app: it will lock after the time without use in any case")
        return False

    async def dispatch_watched(control_id, event_name, event_data):
        if isinstance(event_name, str) and is_use(event_name):
            on_use()
        return await dispatch_event(control_id, event_name, event_data)

    def apply_watched(control_id, patch):
        if isinstance(patch, dict) and "value" in patch:
            on_use()
        return apply_patch(control_id, patch)

    session.dispatch_event = dispatch_watched
    session.apply_patch = apply_watched
    return True
