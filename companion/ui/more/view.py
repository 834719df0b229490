"""More: patients, settings, the clinic report, backup and privacy.

Phone: a menu; each topic opens on its own page. Tablet: the menu and the open topic side by side.
"""

from __future__ import annotations

import flet as ft

from companion.core.i18n import N_
from companion.ui.layout import two_panes
from companion.ui.more.backup import BackupSection
from companion.ui.more.common import PRIVACY_LINE
from companion.ui.more.display import DisplaySection
from companion.ui.more.files import Files
from companion.ui.more.privacy import PrivacySection
from companion.ui.more.reminders_check import RemindersCheckSection
from companion.ui.more.report import ReportSection
from companion.ui.more.settings import SettingsSection
from companion.ui.profiles import ProfilesSection


class MoreView:
    name = "more"
    label = N_("More")
    icon = ft.Icons.MORE_HORIZ

    def __init__(self, shell):
        self.shell = shell
        files = Files(shell)
        self.sections = [ProfilesSection(shell), SettingsSection(shell), DisplaySection(shell),
                         RemindersCheckSection(shell), ReportSection(shell, files), BackupSection(shell, files),
                         PrivacySection(shell)]
        self.selected: str | None = None

    def build(self, wide: bool) -> ft.Control:
        if wide:
            return two_panes(self._menu(), self._section(self.selected or self.sections[0].name, back=False))
        if self.selected:
            return self._section(self.selected, back=True)
        return self._menu()

    def _title(self, section) -> str:
        """A section's title (an N_ text) in the patient's language; Settings names the patient."""
        return self.shell.tr(section.title).format(name=self.shell.profile["name"])

    def _menu(self) -> ft.Control:
        tr = self.shell.tr
        tiles = [ft.ListTile(leading=ft.Icon(s.icon), title=ft.Text(self._title(s), weight=ft.FontWeight.W_600),
                             subtitle=ft.Text(s.summary()), selected=s.name == self.selected,
                             on_click=lambda e, name=s.name: self.open(name))
                 for s in self.sections]
        note = ft.Container(ft.Row([ft.Icon(ft.Icons.PHONELINK_LOCK, color=ft.Colors.PRIMARY,
                                            semantics_label=tr("Private")),
                                    ft.Text(tr(PRIVACY_LINE), expand=True)]),
                            padding=16)
        return ft.Column([ft.Column(tiles, spacing=0), ft.Divider(height=1), note],
                         scroll=ft.ScrollMode.AUTO, expand=True)

    def _section(self, name: str, back: bool) -> ft.Control:
        section = next(s for s in self.sections if s.name == name)
        top: list[ft.Control] = []
        if back:
            top.append(ft.TextButton(self.shell.tr("Back to More"), icon=ft.Icons.ARROW_BACK, on_click=self._back))
        top.append(ft.Text(self._title(section), theme_style=ft.TextThemeStyle.HEADLINE_SMALL))
        column = ft.Column(top + section.controls(self.shell.wide), scroll=ft.ScrollMode.AUTO, spacing=12, expand=True)
        key, section.scroll_key = getattr(section, "scroll_key", None), None
        if key:  # bring what just changed into view (a re-render starts at the top)
            self.shell.page.run_task(column.scroll_to, scroll_key=key, duration=300)
        return ft.Container(column, padding=16, expand=True)

    def open(self, name: str) -> None:
        """Shows one topic (a fresh look: a section with `on_open` reads its state again)."""
        self.selected = name
        section = next(s for s in self.sections if s.name == name)
        if hasattr(section, "on_open"):
            section.on_open()
        self.shell.render()

    def _back(self, e) -> None:
        self.selected = None
        self.shell.render()
