"""More: patients, settings, the clinic report, backup and privacy.

Phone: a menu; each topic opens on its own page. Tablet: the menu and the open topic side by side.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import flet as ft

from companion.core.clinic import PHONE_KINDS
from companion.core.errors import InputError, StorageError
from companion.core.overview import default_report_days, parse_report_days
from companion.core.profile_settings import CARE_TEAM_KINDS, care_team_phone, care_team_phones, with_phone, without_phone
from companion.services import ownership, records, reports
from companion.ui.layout import guarded, heading, icon_button, muted, saves, two_panes
from companion.ui.lock import PinSettings
from companion.ui.profiles import ProfilesSection

PRIVACY_LINE = "Everything stays on this device. Nothing is sent anywhere unless you export it."
CLINIC_KINDS = dict(zip(PHONE_KINDS, ("24-hour oncology line", "Treatment unit", "Emergency", "Other")))


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower() or "patient"


def error_text() -> ft.Text:
    return ft.Text("", color=ft.Colors.ERROR, visible=False)


def show(text_control: ft.Text, message: str, error: bool = False) -> None:
    text_control.value, text_control.visible = message, bool(message)
    text_control.color = ft.Colors.ERROR if error else None
    text_control.update()


class Files:
    """Every file made here goes into <data dir>/exports/ and, where the platform has one, a save dialog."""

    def __init__(self, shell):
        self.shell = shell
        self._picker: ft.FilePicker | None = None

    @property
    def picker(self) -> ft.FilePicker:
        if self._picker is None:
            self._picker = ft.FilePicker()
        return self._picker

    async def deliver(self, filename: str, data: bytes, result: ft.Text) -> None:
        if self.shell.services.in_browser:  # the browser's own folder is out of the user's reach: download only
            show(result, f"Downloaded {filename}: it is in your browser's downloads.")
        else:
            try:
                path = ownership.save_export(self.shell.services.store.data_dir, filename, data)
                show(result, f"Saved on this device: {path}")
            except StorageError as error:  # the save dialog below can still put it elsewhere
                show(result, str(error), error=True)
        try:
            await self.picker.save_file(dialog_title="Save a copy", file_name=filename, src_bytes=data)
        except Exception:  # no save dialog on this platform (or it was closed): nothing more to offer
            pass

    async def pick_backup(self) -> bytes | None:
        files = await self.picker.pick_files(dialog_title="Choose a backup file", with_data=True,
                                             file_type=ft.FilePickerFileType.CUSTOM, allowed_extensions=["json"])
        if not files:
            return None
        chosen = files[0]
        if chosen.bytes is None and chosen.path:
            return Path(chosen.path).read_bytes()
        return chosen.bytes


class SettingsSection:
    name = "settings"
    icon = ft.Icons.TUNE

    def __init__(self, shell):
        self.shell = shell
        self.label = ft.TextField(label="Who answers (e.g. Oncology nurse)", max_length=60, counter="")
        self.number = ft.TextField(label="Phone number", keyboard_type=ft.KeyboardType.PHONE)
        self.kind = ft.RadioGroup(ft.Row([ft.Radio(value=k, label=v) for k, v in CARE_TEAM_KINDS.items()], wrap=True),
                                  value="other")
        self.error = error_text()

    @property
    def title(self) -> str:
        return f"Settings for {self.shell.profile['name']}"

    def summary(self) -> str:
        return "Temperature unit, my care team numbers"

    def controls(self, wide: bool) -> list[ft.Control]:
        shell = self.shell
        settings = shell.record.settings()
        unit = shell.record.temperature_unit(shell.services.clinic.temperature_unit)
        mine = [ft.Row([ft.Icon(ft.Icons.PHONE, semantics_label="Phone"),
                        ft.Column([ft.Text(p["label"], weight=ft.FontWeight.W_600),
                                   ft.Text(f"{p['number']} · {CARE_TEAM_KINDS[p['kind']]}")], spacing=0, expand=True),
                        icon_button(ft.Icons.DELETE_OUTLINE, f"Remove {p['label']}",
                                    lambda e, i=i: self._remove_phone(i))])
                for i, p in enumerate(care_team_phones(settings))]
        clinic = shell.services.clinic
        theirs = [ft.Row([ft.Icon(ft.Icons.LOCAL_HOSPITAL_OUTLINED, semantics_label="Clinic phone"),
                          ft.Column([ft.Text(p.label, weight=ft.FontWeight.W_600),
                                     ft.Text(f"{p.number} · {CLINIC_KINDS[p.kind]}")], spacing=0, expand=True)])
                  for p in clinic.phones]
        return [
            heading("Temperature unit"),
            ft.RadioGroup(ft.Row([ft.Radio(value="C", label="Celsius (°C)"), ft.Radio(value="F", label="Fahrenheit (°F)")],
                                 wrap=True), value=unit, on_change=self._on_unit),
            heading("My care team numbers"),
            muted("Numbers your own care team gave you. The app shows them next to the clinic's numbers "
                  "when it tells you whom to call.", 13),
            *(mine or [muted("None yet.", 14)]),
            self.label, self.number, ft.Text("Kind of number"), self.kind, self.error,
            ft.FilledButton("Add this number", icon=ft.Icons.ADD_CALL, on_click=self._add_phone),
            heading(f"Numbers from {clinic.name}"),
            muted("Set by the clinic; they cannot be changed here.", 13),
            *theirs,
        ]

    @saves
    def _on_unit(self, e) -> None:
        self.shell.record.save_temperature_unit(e.control.value)
        self.shell.toast(f"Temperatures are now shown in °{e.control.value}.")

    @saves
    def _add_phone(self, e) -> None:
        record = self.shell.record
        try:
            phone = care_team_phone(self.label.value, self.number.value, self.kind.value)
        except InputError as error:
            show(self.error, str(error), error=True)
            return
        record.save_settings(with_phone(record.settings(), phone))
        self.label.value, self.number.value, self.kind.value, self.error.visible = "", "", "other", False
        self.shell.render()

    @saves
    def _remove_phone(self, index: int) -> None:
        record = self.shell.record
        record.save_settings(without_phone(record.settings(), index))
        self.shell.render()


class ReportSection:
    name = "report"
    title = "Report for the clinic"
    icon = ft.Icons.PICTURE_AS_PDF_OUTLINED

    def __init__(self, shell, files: Files):
        self.shell = shell
        self.files = files
        self.first = ft.TextField(label="From (YYYY-MM-DD)", width=200)
        self.last = ft.TextField(label="To (YYYY-MM-DD)", width=200)
        self.result = error_text()
        self._for_profile: str | None = None

    def summary(self) -> str:
        return "PDF or CSV of the diary to bring to your visit"

    def controls(self, wide: bool) -> list[ft.Control]:
        shell = self.shell
        if self._for_profile != shell.profile["id"]:  # a new patient: their default period
            self._for_profile = shell.profile["id"]
            first, last = default_report_days(self._plan(), shell.services.now())
            self.first.value, self.last.value, self.result.visible = str(first), str(last), False
        return [
            ft.Text(f"A report of {shell.profile['name']}'s diary: the treatment plan, temperature and numbness "
                    "charts, and every entry. Entries that needed a call to the care team are highlighted."),
            muted("Dates are included. By default: the last three weeks, or since the last infusion.", 13),
            ft.Row([self.first, self.last], wrap=True),
            ft.Row([ft.FilledButton("Make PDF report", icon=ft.Icons.PICTURE_AS_PDF, on_click=self._pdf),
                    ft.OutlinedButton("Make CSV table", icon=ft.Icons.TABLE_CHART_OUTLINED, on_click=self._csv)],
                   wrap=True),
            self.result,
        ]

    def _plan(self):
        try:
            return self.shell.record.plan()
        except InputError:
            return None

    def _period(self) -> reports.Period:
        return reports.period(self._plan(), *parse_report_days(self.first.value, self.last.value))

    async def _pdf(self, e) -> None:
        await self._make("pdf")

    async def _csv(self, e) -> None:
        await self._make("csv")

    async def _make(self, kind: str) -> None:
        shell, services = self.shell, self.shell.services
        try:
            period = self._period()
            data = reports.clinic_report(kind, clinic=services.clinic, rules=services.rules, profile=shell.profile,
                                         plan=self._plan(), entries=shell.record.entries(period.start, period.end),
                                         period=period, now=services.now())
        except InputError as error:
            show(self.result, str(error), error=True)
            return
        filename = f"report-{_slug(shell.profile['name'])}-{period.first}-to-{period.last}.{kind}"
        await self.files.deliver(filename, data, self.result)


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
        await self._export([self.shell.profile["id"]], _slug(self.shell.profile["name"]))

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


class PrivacySection:
    name = "privacy"
    title = "Privacy and PIN lock"
    icon = ft.Icons.LOCK_OUTLINE

    def __init__(self, shell):
        self.shell = shell
        self.pin = PinSettings(shell)

    def summary(self) -> str:
        return "PIN lock, delete all my data"

    def controls(self, wide: bool) -> list[ft.Control]:
        return [
            ft.Row([ft.Icon(ft.Icons.PHONELINK_LOCK, color=ft.Colors.PRIMARY, semantics_label="Private"),
                    ft.Text(PRIVACY_LINE, expand=True, weight=ft.FontWeight.W_600)]),
            *self.pin.controls(),
            heading("Delete all my data"),
            ft.Text("Deletes every patient, plan, diary entry, reminder and setting, the PIN and the exported "
                    "files from this device. Make a backup first if you want to keep a copy."),
            ft.OutlinedButton("Delete all my data", icon=ft.Icons.DELETE_FOREVER, on_click=self._ask_delete,
                              style=ft.ButtonStyle(color=ft.Colors.ERROR)),
        ]

    def _ask_delete(self, e) -> None:
        page = self.shell.page
        confirm = ft.TextField(label="Type DELETE to confirm", autofocus=True, error_max_lines=2)

        @functools.partial(guarded, self.shell.toast)
        def delete(e):
            if (confirm.value or "").strip() != "DELETE":
                confirm.error = "Type DELETE in capital letters."
                confirm.update()
                return
            page.pop_dialog()
            shell = self.shell
            ownership.delete_everything(shell.services.store)
            # A fresh start, as on first opening: a new empty profile, every view told, the first screen.
            fresh = records.ensure_profile(shell.services.store, shell.services.now())
            shell.index = 0
            shell.switch_profile(fresh["id"])
            shell.toast("All your data was deleted from this device.")

        confirm.on_submit = delete
        page.show_dialog(ft.AlertDialog(
            modal=True,
            icon=ft.Icon(ft.Icons.WARNING_AMBER, color=ft.Colors.ERROR),
            title=ft.Text("Delete all your data?"),
            content=ft.Column([ft.Text("Every patient, plan, diary entry, reminder, setting and the PIN will be "
                                       "deleted from this device. This cannot be undone."), confirm], tight=True),
            actions=[ft.TextButton("Cancel", on_click=lambda e: page.pop_dialog()),
                     ft.FilledButton("Delete everything", on_click=delete,
                                     style=ft.ButtonStyle(bgcolor=ft.Colors.ERROR, color=ft.Colors.ON_ERROR))]))


class MoreView:
    name = "more"
    label = "More"
    icon = ft.Icons.MORE_HORIZ

    def __init__(self, shell):
        self.shell = shell
        files = Files(shell)
        self.sections = [ProfilesSection(shell), SettingsSection(shell), ReportSection(shell, files),
                         BackupSection(shell, files), PrivacySection(shell)]
        self.selected: str | None = None

    def build(self, wide: bool) -> ft.Control:
        if wide:
            return two_panes(self._menu(), self._section(self.selected or self.sections[0].name, back=False))
        if self.selected:
            return self._section(self.selected, back=True)
        return self._menu()

    def _menu(self) -> ft.Control:
        tiles = [ft.ListTile(leading=ft.Icon(s.icon), title=ft.Text(s.title, weight=ft.FontWeight.W_600),
                             subtitle=ft.Text(s.summary()), selected=s.name == self.selected,
                             on_click=lambda e, name=s.name: self._open(name))
                 for s in self.sections]
        note = ft.Container(ft.Row([ft.Icon(ft.Icons.PHONELINK_LOCK, color=ft.Colors.PRIMARY, semantics_label="Private"),
                                    ft.Text(PRIVACY_LINE, expand=True)]),
                            padding=16)
        return ft.Column([ft.Column(tiles, spacing=0), ft.Divider(height=1), note],
                         scroll=ft.ScrollMode.AUTO, expand=True)

    def _section(self, name: str, back: bool) -> ft.Control:
        section = next(s for s in self.sections if s.name == name)
        top: list[ft.Control] = []
        if back:
            top.append(ft.TextButton("Back to More", icon=ft.Icons.ARROW_BACK, on_click=self._back))
        top.append(ft.Text(section.title, theme_style=ft.TextThemeStyle.HEADLINE_SMALL))
        column = ft.Column(top + section.controls(self.shell.wide), scroll=ft.ScrollMode.AUTO, spacing=12, expand=True)
        key, section.scroll_key = getattr(section, "scroll_key", None), None
        if key:  # bring what just changed into view (a re-render starts at the top)
            self.shell.page.run_task(column.scroll_to, scroll_key=key, duration=300)
        return ft.Container(column, padding=16, expand=True)

    def _open(self, name: str) -> None:
        self.selected = name
        self.shell.render()

    def _back(self, e) -> None:
        self.selected = None
        self.shell.render()
