"""More > Display: light, dark or the device's appearance, and larger text. A setting of this device (all
patients), kept in the data folder."""

from __future__ import annotations

import flet as ft

from companion.core.i18n import N_
from companion.services.display import display, set_display
from companion.ui import theme
from companion.ui.layout import heading, muted, saves
from companion.ui.widgets import labelled

APPEARANCE_WORDS = {"system": N_("System (same as this device)"), "light": N_("Light"), "dark": N_("Dark")}
APPEARANCE_TOASTS = {"system": N_("The app now follows this device's light or dark mode."),
                     "light": N_("The app is now light."), "dark": N_("The app is now dark.")}


class DisplaySection:
    name = "display"
    icon = ft.Icons.CONTRAST
    title = N_("Display")

    def __init__(self, shell):
        self.shell = shell

    def summary(self) -> str:
        return self.shell.tr("Dark mode, larger text")

    def controls(self, wide: bool) -> list[ft.Control]:
        current = display(self.shell.services.store)
        tr = self.shell.tr
        return [
            heading(tr("Appearance")),
            ft.RadioGroup(ft.Column([labelled(ft.Radio(value=key), tr(words)) for key, words in APPEARANCE_WORDS.items()],
                                    spacing=0),
                          value=current.appearance, on_change=self._on_appearance),
            muted(tr("System switches the app to dark when your phone or computer is set to dark."), 13),
            heading(tr("Text size")),
            labelled(ft.Switch(value=current.larger_text, on_change=self._on_larger_text), tr("Larger text")),
            muted(tr("Makes the app's text about a third bigger. The app also follows the text size set on your "
                     "device."), 13),
        ]

    @saves
    def _on_appearance(self, e) -> None:
        self._apply(set_display(self.shell.services.store, appearance=e.control.value))
        self.shell.toast(self.shell.tr(APPEARANCE_TOASTS[e.control.value]))

    @saves
    def _on_larger_text(self, e) -> None:
        larger = bool(e.control.value)
        self._apply(set_display(self.shell.services.store, larger_text=larger))
        self.shell.toast(self.shell.tr("Larger text is on.") if larger else self.shell.tr("Larger text is off."))

    def _apply(self, setting) -> None:
        shell = self.shell
        theme.apply(shell.page, shell.services.clinic.seed_color, setting)
        shell.render()
