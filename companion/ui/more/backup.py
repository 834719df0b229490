"""More > Backup: export one or all patients, import a backup after showing what it changes."""

from __future__ import annotations

import functools

import flet as ft

from companion.core.errors import InputError
from companion.services import ownership
from companion.ui.layout import guarded, heading, muted
from companion.ui.more.common import error_text, show, slug
from companion.ui.more.files import Files


class BackupSection:
    name = "backup"
    title = "Backup and moving to a new device"
    icon = ft.Icons.SETTINGS_BACKUP_RESTORE

    def __init__(self, shell, files: Files):
        self.shell = shell
        self.files = files
        self.result = error_text()

    def summary(self) -> str:
        return "Save a backup, move to a new device, share with a caregiver"

    def controls(self, wide: bool) -> list[ft.Control]:
        name = self.shell.profile["name"]
        buttons = [ft.FilledButton(f"Back up {name}", icon=ft.Icons.SAVE_ALT, on_click=self._export_one)]
        if len(self.shell.profiles()) > 1:
            buttons.append(ft.OutlinedButton("Back up all patients", icon=ft.Icons.SAVE_ALT, on_click=self._export_all))
        return [
            ft.Text("A backup is one file with the plans, diaries, reminders and settings. Use it to move to a "
                    "new device or to share a diary with a caregiver: import it there."),
            muted("It holds health information: keep it somewhere safe and share it only with people you trust.", 13),
            ft.Row(buttons, wrap=True),
            heading("Import a backup"),
            ft.Text("You will see what the file adds before anything changes."),
            ft.OutlinedButton("Choose a backup file", icon=ft.Icons.UPLOAD_FILE, on_click=self._import),
            self.result,
        ]

    async def _export_one(self, e) -> None:
        await self._export([self.shell.profile["id"]], slug(self.shell.profile["name"]))

    async def _export_all(self, e) -> None:
        await self._export(None, "all-patients")

    async def _export(self, ids, label: str) -> None:
        now = self.shell.services.now()
        data = ownership.backup_bytes(ownership.export_backup(self.shell.services.store, now, ids))
        await self.files.deliver(f"backup-{label}-{now:%Y-%m-%d-%H%M}.json", data, self.result)

    async def _import(self, e) -> None:
        try:
            data = await self.files.pick_backup()
            if data is None:
                return
            backup = ownership.read_backup(data)
        except (InputError, OSError) as error:
            show(self.result, str(error), error=True)
            return
        self._confirm(backup)

    def _confirm(self, backup) -> None:
        store = self.shell.services.store
        said = ownership.preview_import(store, backup)
        lines = [ft.Text(f"New patients: {', '.join(said.new_profiles)}" if said.new_profiles
                         else "No new patients."),
                 ft.Text(f"Already on this device: {', '.join(said.existing_profiles)}" if said.existing_profiles
                         else "None of these patients is on this device yet."),
                 ft.Text(f"{said.new_entries} new diary {'entry' if said.new_entries == 1 else 'entries'}; "
                         f"{said.existing_entries} already here.")]
        if said.changed_docs:
            lines.append(ft.Text("Different here and in the file: " + ", ".join(said.changed_docs)))
        lines.append(muted("Merge adds what is missing and keeps everything that is here."
                           + (" Replace makes these patients exactly as the file has them." if said.existing_profiles
                              else ""), 13))
        page = self.shell.page

        @functools.partial(guarded, self.shell.toast)
        def run(replace: bool):
            page.pop_dialog()
            try:
                done = ownership.import_backup(store, backup, replace=replace)
            except InputError as error:
                show(self.result, str(error), error=True)
                return
            added = len(done.new_profiles)
            self.shell.switch_profile(self.shell.profile["id"])  # names and data may have changed
            self.shell.toast(f"Imported: {added} new {'patient' if added == 1 else 'patients'}, "
                             f"{done.new_entries} new diary {'entry' if done.new_entries == 1 else 'entries'}.")

        actions = [ft.TextButton("Cancel", on_click=lambda e: page.pop_dialog())]
        if said.existing_profiles:
            actions.append(ft.OutlinedButton("Replace", on_click=lambda e: run(True)))
        actions.append(ft.FilledButton("Merge", on_click=lambda e: run(False)))
        page.show_dialog(ft.AlertDialog(title=ft.Text("Import this backup?"),
                                        content=ft.Column(lines, tight=True, spacing=8), actions=actions))
