"""The PIN lock: the screen that asks for the PIN on opening, and the PIN part of More > Privacy."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import flet as ft

from companion.core.errors import InputError
from companion.ui.layout import heading, muted, saves
from companion.ui.widgets import full_width


def pin_field(label: str, on_submit=None, autofocus: bool = False) -> ft.TextField:
    return ft.TextField(label=label, password=True, keyboard_type=ft.KeyboardType.NUMBER,
                        max_length=8, counter="", on_submit=on_submit, autofocus=autofocus, width=300)


def whole_seconds(seconds: float) -> int:
    """A wait as said to the person: whole seconds, at least one."""
    return max(1, round(seconds))


def _translator(shell):
    """The patient's catalog, for texts with a number (ngettext)."""
    return shell.services.translator(shell.language)


class LockScreen:
    """Shown before anything else while a PIN is set; calls `on_unlock` once the right PIN is typed."""

    def __init__(self, shell, lock, on_unlock: Callable[[], None], reason: str | None = None):
        self.shell = shell
        self.lock = lock
        self.on_unlock = on_unlock
        self.reason = reason  # e.g. why it locked itself
        tr = shell.tr  # a fresh lock screen each time the app locks: in the patient's language then
        self.pin = pin_field(tr("PIN"), on_submit=self._try, autofocus=True)
        self.message = ft.Text("", color=ft.Colors.ERROR, text_align=ft.TextAlign.CENTER)
        self.unlock = ft.FilledButton(tr("Unlock"), icon=ft.Icons.LOCK_OPEN, on_click=self._try, width=300)
        self._waiting = False

    def show(self) -> None:
        page = self.shell.page
        page.appbar, page.navigation_bar = None, None
        clinic = self.shell.services.clinic
        tr = self.shell.tr
        page.controls = [ft.SafeArea(ft.Container(
            ft.Column([
                ft.Icon(ft.Icons.LOCK_OUTLINE, size=56, color=ft.Colors.PRIMARY, semantics_label=tr("Locked")),
                ft.Text(clinic.short_name, theme_style=ft.TextThemeStyle.HEADLINE_SMALL,
                        text_align=ft.TextAlign.CENTER),
                *([muted(self.reason, 14)] if self.reason else []),
                ft.Text(tr("Enter your PIN to open the app."), size=16, text_align=ft.TextAlign.CENTER),
                self.pin, self.unlock, self.message,
            ], horizontal_alignment=ft.CrossAxisAlignment.CENTER, spacing=16, tight=True),
            alignment=ft.Alignment.CENTER, padding=24, expand=True,
        ), expand=True)]
        page.update()

    def _current(self) -> bool:
        """False once another lock screen (or the app) has replaced this one."""
        return self.shell.lock_screen is self

    @saves
    def _try(self, e) -> None:
        if self._waiting or not self._current():
            return
        ok, wait = self.lock.check(self.pin.value or "", self.shell.services.now())
        if ok:
            self.on_unlock()
            return
        self.pin.value = ""
        if wait > 0:
            self.shell.page.run_task(self._count_down, wait)
        else:
            self.message.value = self.shell.tr("That PIN is not right. Try again.")
            self.message.update()
            self.pin.update()

    async def _count_down(self, seconds: float) -> None:
        """Disable Unlock and show the wait, second by second, until another try is allowed."""
        self._waiting, self.unlock.disabled = True, True
        remaining = seconds
        while remaining > 0:
            if not self._current():
                return
            seconds = whole_seconds(remaining)
            self.message.value = _translator(self.shell).ngettext(
                "That PIN is not right. Try again in {seconds} second.",
                "That PIN is not right. Try again in {seconds} seconds.", seconds).format(seconds=seconds)
            self.message.update()
            self.unlock.update()
            step = min(1.0, remaining)
            await asyncio.sleep(step)
            remaining -= step
        self._waiting, self.unlock.disabled = False, False
        if not self._current():
            return
        self.message.value = self.shell.tr("You can try again now.")
        self.message.update()
        self.unlock.update()


class PinSettings:
    """Turn the PIN lock on, change the PIN, or turn it off (the current PIN is asked for both)."""

    def __init__(self, shell):
        self.shell = shell
        self.lock = shell.services.pin_lock
        self.current = pin_field("Current PIN")
        self.new = pin_field("New PIN")
        self.repeat = pin_field("Repeat the new PIN", on_submit=self._set)
        self.message = ft.Text("", visible=False)

    def controls(self) -> list[ft.Control]:
        tr, t = self.shell.tr, _translator(self.shell)
        minutes = self.shell.services.clinic.auto_lock_minutes
        self.current.label = tr("Current PIN")
        self.new.label, self.new.helper = tr("New PIN"), tr("4 to 8 digits")  # a short label: 200 % text
        self.repeat.label = tr("Repeat the new PIN")
        if not self.lock.enabled():
            return [heading(tr("PIN lock")),
                    ft.Text(t.ngettext("Ask for a PIN each time the app opens, and after {minutes} minute without "
                                       "use, so that others who use this device cannot read the diary.",
                                       "Ask for a PIN each time the app opens, and after {minutes} minutes without "
                                       "use, so that others who use this device cannot read the diary.",
                                       minutes).format(minutes=minutes)),
                    full_width(self.new), full_width(self.repeat),  # the pane's width: long labels at 200 % text
                    ft.FilledButton(tr("Turn on the PIN lock"), icon=ft.Icons.LOCK, on_click=self._set),
                    self.message]
        return [heading(tr("PIN lock")),
                ft.Row([ft.Icon(ft.Icons.LOCK, color=ft.Colors.PRIMARY, semantics_label=tr("PIN lock on")),
                        ft.Text(t.ngettext("The PIN lock is on: the app asks for the PIN when it opens and after "
                                           "{minutes} minute without use.",
                                           "The PIN lock is on: the app asks for the PIN when it opens and after "
                                           "{minutes} minutes without use.", minutes).format(minutes=minutes),
                                expand=True)]),
                muted(tr("There is no way to recover a forgotten PIN: choose one you will remember."), 13),
                full_width(self.current), full_width(self.new), full_width(self.repeat),
                ft.Row([ft.FilledButton(tr("Change PIN"), icon=ft.Icons.PASSWORD, on_click=self._set),
                        ft.OutlinedButton(tr("Turn off the PIN lock"), icon=ft.Icons.LOCK_OPEN, on_click=self._clear)],
                       wrap=True),
                self.message]

    # -- gestures ------------------------------------------------------------------------------------
    def _current_ok(self) -> bool:
        if not self.lock.enabled():
            return True
        ok, wait = self.lock.check(self.current.value or "", self.shell.services.now())
        if not ok:
            if wait > 0:
                seconds = whole_seconds(wait)
                said = _translator(self.shell).ngettext(
                    "Current PIN: that is not the PIN. Try again in {seconds} second.",
                    "Current PIN: that is not the PIN. Try again in {seconds} seconds.",
                    seconds).format(seconds=seconds)
            else:
                said = self.shell.tr("Current PIN: that is not the PIN. Try again.")
            self._say(said, error=True)
        return ok

    @saves
    def _set(self, e) -> None:
        was_on = self.lock.enabled()
        try:
            if (self.new.value or "") != (self.repeat.value or ""):
                raise InputError(self.shell.tr("Repeat the new PIN: the two PINs are not the same."))
            if not self._current_ok():
                return
            self.lock.set_pin(self.new.value or "")
        except InputError as error:
            self._say(error.told(self.shell.t), error=True)
            return
        tr = self.shell.tr
        self._done(tr("The PIN was changed.") if was_on
                   else tr("The PIN lock is on. The app will ask for it when it opens."))

    @saves
    def _clear(self, e) -> None:
        if self._current_ok():
            self.lock.clear()
            self._done(self.shell.tr("The PIN lock is off."))

    def _done(self, text: str) -> None:
        for field in (self.current, self.new, self.repeat):
            field.value = ""
        self.message.visible = False
        self.shell.toast(text)
        self.shell.render()

    def _say(self, text: str, error: bool) -> None:
        self.message.value, self.message.visible = text, True
        self.message.color = ft.Colors.ERROR if error else None
        self.message.update()
