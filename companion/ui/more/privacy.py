"""More > Privacy: the PIN lock and deleting all data."""

from __future__ import annotations

import functools

import flet as ft

from companion.core.i18n import N_
from companion.services import ownership, records
from companion.ui.layout import guarded, heading
from companion.ui.lock import PinSettings
from companion.ui.more.common import PRIVACY_LINE


class PrivacySection:
    name = "privacy"
    title = N_("Privacy and PIN lock")
    icon = ft.Icons.LOCK_OUTLINE

    def __init__(self, shell):
        self.shell = shell
        self.pin = PinSettings(shell)

    def summary(self) -> str:
        return self.shell.tr("PIN lock, delete all my data")

    def controls(self, wide: bool) -> list[ft.Control]:
        tr = self.shell.tr
        return [
            ft.Row([ft.Icon(ft.Icons.PHONELINK_LOCK, color=ft.Colors.PRIMARY, semantics_label=tr("Private")),
                    ft.Text(tr(PRIVACY_LINE), expand=True, weight=ft.FontWeight.W_600)]),
            *self.pin.controls(),
            heading(tr("Delete all my data")),
            ft.Text(tr("Deletes every patient, plan, diary entry, reminder and setting, the PIN and the exported "
                       "files from this device. Make a backup first if you want to keep a copy.")),
            ft.OutlinedButton(tr("Delete all my data"), icon=ft.Icons.DELETE_FOREVER, on_click=self._ask_delete,
                              style=ft.ButtonStyle(color=ft.Colors.ERROR)),
        ]

    def _ask_delete(self, e) -> None:
        page = self.shell.page
        tr = self.shell.tr
        word = tr("DELETE")  # the word to type, in the patient's language (capital letters)
        confirm = ft.TextField(label=tr("Type {word} to confirm").format(word=word), autofocus=True,
                               error_max_lines=2)

        @functools.partial(guarded, self.shell.toast)
        def delete(e):
            if (confirm.value or "").strip() != word:
                confirm.error = tr("Type {word} in capital letters.").format(word=word)
                confirm.update()
                return
            page.pop_dialog()
            shell = self.shell
            ownership.delete_everything(shell.services.store)
            # A fresh start, as on first opening: a new empty profile, every view told, the first screen.
            fresh = records.ensure_profile(shell.services.store, shell.services.now(), shell.t)
            shell.index = 0
            shell.switch_profile(fresh["id"])
            shell.toast(shell.tr("All your data was deleted from this device."))

        confirm.on_submit = delete
        page.show_dialog(ft.AlertDialog(
            modal=True,
            icon=ft.Icon(ft.Icons.WARNING_AMBER, color=ft.Colors.ERROR),
            title=ft.Text(tr("Delete all your data?")),
            content=ft.Column([ft.Text(tr("Every patient, plan, diary entry, reminder, setting and the PIN will be "
                                          "deleted from this device. This cannot be undone.")), confirm], tight=True),
            actions=[ft.TextButton(tr("Cancel"), on_click=lambda e: page.pop_dialog()),
                     ft.FilledButton(tr("Delete everything"), on_click=delete,
                                     style=ft.ButtonStyle(bgcolor=ft.Colors.ERROR, color=ft.Colors.ON_ERROR))]))
