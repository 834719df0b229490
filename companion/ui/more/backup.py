"""More > Backup: export one or all patients, import a backup after showing what it changes."""

from __future__ import annotations

import functools

import flet as ft

from companion.core.errors import InputError, told
from companion.core.i18n import N_
from companion.services import ownership
from companion.ui.layout import guarded, heading, muted
from companion.ui.more.common import error_text, show, slug
from companion.ui.more.files import Files


# what core.backup.preview names in "Ann: plan" (a patient's documents that differ here and in the file)
DOCUMENTS = {"profile": N_("name and details"), "plan": N_("treatment plan"), "settings": N_("settings"),
             "reminders": N_("reminders done or snoozed")}


def _document(changed: str, tr) -> str:
    """"Ann: plan" in the reader's words ("Ann: plan de tratamiento"); the patient's name as it is."""
    name, _, doc = changed.rpartition(": ")
    return tr("{name}: {document}").format(name=name, document=tr(DOCUMENTS[doc])) if doc in DOCUMENTS else changed


class BackupSection:
    name = "backup"
    title = N_("Backup and moving to a new device")
    icon = ft.Icons.SETTINGS_BACKUP_RESTORE

    def __init__(self, shell, files: Files):
        self.shell = shell
        self.files = files
        self.result = error_text()

    def summary(self) -> str:
        return self.shell.tr("Save a backup, move to a new device, share with a caregiver")

    def controls(self, wide: bool) -> list[ft.Control]:
        name = self.shell.profile["name"]
        tr = self.shell.tr
        buttons = [ft.FilledButton(tr("Back up {name}").format(name=name), icon=ft.Icons.SAVE_ALT,
                                   on_click=self._export_one)]
        if len(self.shell.profiles()) > 1:
            buttons.append(ft.OutlinedButton(tr("Back up all patients"), icon=ft.Icons.SAVE_ALT,
                                             on_click=self._export_all))
        return [
            ft.Text(tr("A backup is one file with the plans, diaries, reminders and settings. Use it to move to a "
                       "new device or to share a diary with a caregiver: import it there.")),
            muted(tr("It holds health information: keep it somewhere safe and share it only with people you "
                     "trust."), 13),
            ft.Row(buttons, wrap=True),
            heading(tr("Import a backup")),
            ft.Text(tr("You will see what the file adds before anything changes.")),
            ft.OutlinedButton(tr("Choose a backup file"), icon=ft.Icons.UPLOAD_FILE, on_click=self._import),
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
            show(self.result, told(error, self.shell.t), error=True)
            return
        self._confirm(backup)

    def _confirm(self, backup) -> None:
        store = self.shell.services.store
        try:
            said = ownership.preview_import(store, backup)
        except InputError as error:  # patients who would look alike once merged: said before asking anything
            show(self.result, error.told(self.shell.t), error=True)
            return
        tr, t = self.shell.tr, self.shell.services.translator(self.shell.language)
        lines = [ft.Text(tr("New patients: {names}").format(names=", ".join(said.new_profiles)) if said.new_profiles
                         else tr("No new patients.")),
                 ft.Text(tr("Already on this device: {names}").format(names=", ".join(said.existing_profiles))
                         if said.existing_profiles else tr("None of these patients is on this device yet.")),
                 ft.Text(t.ngettext("{count} new diary entry; {existing} already here.",
                                    "{count} new diary entries; {existing} already here.",
                                    said.new_entries).format(count=said.new_entries, existing=said.existing_entries))]
        if said.changed_docs:
            lines.append(ft.Text(tr("Different here and in the file: {documents}").format(
                documents=", ".join(_document(changed, tr) for changed in said.changed_docs))))
        lines.append(muted(tr("Merge adds what is missing and keeps everything that is here. Replace makes these "
                              "patients exactly as the file has them.") if said.existing_profiles
                           else tr("Merge adds what is missing and keeps everything that is here."), 13))
        page = self.shell.page

        @functools.partial(guarded, self.shell.toast, t=self.shell.t)
        def run(replace: bool):
            page.pop_dialog()
            try:
                done = ownership.import_backup(store, backup, replace=replace)
            except InputError as error:
                show(self.result, error.told(self.shell.t), error=True)
                return
            added = len(done.new_profiles)
            self.shell.switch_profile(self.shell.profile["id"])  # names and data may have changed
            # two counts in one sentence: each a whole phrase with its own plural, put in a translated frame
            patients = t.ngettext("{count} new patient", "{count} new patients", added).format(count=added)
            entries = t.ngettext("{count} new diary entry", "{count} new diary entries",
                                 done.new_entries).format(count=done.new_entries)
            self.shell.toast(tr("Imported: {patients}, {entries}.").format(patients=patients, entries=entries))

        actions = [ft.TextButton(tr("Cancel"), on_click=lambda e: page.pop_dialog())]
        if said.existing_profiles:
            actions.append(ft.OutlinedButton(tr("Replace"), on_click=lambda e: run(True)))
        actions.append(ft.FilledButton(tr("Merge"), on_click=lambda e: run(False)))
        page.show_dialog(ft.AlertDialog(title=ft.Text(tr("Import this backup?")),
                                        content=ft.Column(lines, tight=True, spacing=8), actions=actions))
