"""Patients: every profile on this device at a glance.

Tablet: the patients' cards side by side, and the chosen patient's diary in the detail pane.
Phone: the same cards as a list, in More > Patients (profiles.py); this view is a tablet destination,
and if a tablet turns narrow it shows the list, where tapping a card opens that patient's diary.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import flet as ft

from companion.core.diary import Entry
from companion.core.errors import InputError
from companion.core.i18n import ENGLISH, N_, Translator, date_time
from companion.core.overview import MISSED_LOOKBACK, Summary, summarize
from companion.core.trends import NEUROPATHY
from companion.core.triage import Level, in_unit, triage
from companion.services.records import PatientRecord
from companion.services.reminders import off_ui
from companion.ui.advice import STYLES
from companion.ui.charts import symptom_chart, temperature_chart
from companion.ui.layout import heading, muted, scroll_column, two_panes

DIARY_ROWS = 60  # the detail pane lists the latest entries; the Diary screen has them all
_NEAR = {0: N_("today"), 1: N_("tomorrow"), -1: N_("yesterday")}  # days from now, in words


def unit_of(shell, record: PatientRecord) -> str:
    return record.temperature_unit(shell.services.clinic.temperature_unit)


def load_summary(shell, profile: dict) -> tuple[Summary | None, str]:
    """(summary, problem): a damaged plan or reminder state is shown on the card, not raised."""
    services = shell.services
    record = shell.services.record(profile["id"])
    try:
        now = services.now()  # the card shows the latest entry and the last temperature: no need for years of diary
        return summarize(profile, record.plan(), record.recent_entries(now), record.reminder_state(), now,
                         rules=services.rules, reminder_settings=services.reminder_settings,
                         fever_threshold_c=services.clinic.fever_threshold_c), ""
    except InputError as error:
        return None, error.told(shell.t)


def level_badge(level: Level, size: int = 14, tr=str) -> ft.Control:
    """The advice level as colour, icon and word (the diary's styles), sized for a card; `tr` words it."""
    style = STYLES[level]
    return ft.Container(
        ft.Row([ft.Icon(style.icon, color=style.color, size=size + 4),
                ft.Text(tr(style.word), color=style.color, size=size, weight=ft.FontWeight.W_600)],
               spacing=6, tight=True),
        bgcolor=style.bgcolor, border_radius=16, padding=ft.Padding.symmetric(horizontal=10, vertical=4),
    )


def when(moment: datetime, now: datetime, t: Translator = ENGLISH) -> str:
    """'Fri 20 Mar, 14:20 (in 3 days)' in the moment's own zone; `t` words the days."""
    days = (moment.date() - now.astimezone(moment.tzinfo).date()).days
    if days in _NEAR:
        ago = t.gettext(_NEAR[days])
    elif days > 0:
        ago = t.ngettext("in {count} day", "in {count} days", days).format(count=days)
    else:
        ago = t.ngettext("{count} day ago", "{count} days ago", -days).format(count=-days)
    return t.gettext("{when} ({relative})").format(when=date_time(moment, t), relative=ago)


def summary_card(shell, profile: dict, *, selected: bool = False, on_open=None, width: int | None = None,
                 actions: list[ft.Control] | None = None) -> ft.Control:
    """One patient's card: next infusion, latest advice, missed reminders, last temperature."""
    summary, problem = load_summary(shell, profile)
    now = shell.services.now()
    tr, t = shell.tr, shell.services.translator(shell.language)
    lines: list[ft.Control] = [ft.Row([ft.Icon(ft.Icons.PERSON), ft.Text(profile["name"], size=18,
                                                                          weight=ft.FontWeight.BOLD, expand=True)])]
    if summary is None:
        lines.append(ft.Text(tr("Cannot read this patient's data: {problem}").format(problem=problem),
                             color=ft.Colors.ERROR))
    else:
        unit = unit_of(shell, shell.services.record(profile["id"]))
        if summary.latest_advice:
            lines += [level_badge(summary.latest_advice.level, tr=tr),
                      muted(tr("Latest entry: {when}").format(when=when(summary.latest_entry.at, now, t)))]
        else:
            lines.append(muted(tr("No diary entries yet"), 14))
        infusion = summary.next_infusion
        lines.append(ft.Text(tr("Next infusion: {when}, cycle {cycle}").format(when=when(infusion.at, now, t),
                                                                               cycle=infusion.cycle)
                             if infusion else tr("Next infusion: none planned")))
        reading = summary.last_temperature
        lines.append(ft.Text(tr("Last temperature: {reading}, {when}").format(
                                 reading=in_unit(reading.temperature.celsius, unit), when=when(reading.at, now, t))
                             if reading else tr("Last temperature: none recorded")))
        missed = summary.missed_reminders
        lines.append(ft.Text(t.ngettext("Missed reminders ({days} day): {count}", "Missed reminders ({days} days): {count}",
                                        MISSED_LOOKBACK.days).format(days=MISSED_LOOKBACK.days, count=missed),
                             color=ft.Colors.ERROR if missed else None,
                             weight=ft.FontWeight.W_600 if missed else None))
    if actions:
        lines.append(ft.Row(actions, wrap=True, spacing=4))
    return ft.Container(
        ft.Column(lines, spacing=6, tight=True),
        width=width, padding=14, border_radius=12,
        bgcolor=ft.Colors.SECONDARY_CONTAINER if selected else ft.Colors.SURFACE_CONTAINER_LOW,
        border=ft.Border.all(2 if selected else 1, ft.Colors.PRIMARY if selected else ft.Colors.OUTLINE_VARIANT),
        on_click=on_open, ink=on_open is not None,
    )


def entry_row(shell, entry: Entry, unit: str) -> ft.Control:
    """One diary entry: when, advice level, temperature, symptoms with their severity words, note."""
    rules, tr, t = shell.services.rules, shell.tr, shell.services.translator(shell.language)
    advice = triage(entry, rules, shell.services.clinic.fever_threshold_c, t)
    found = [in_unit(entry.temperature.celsius, unit)] if entry.temperature else []
    found += [rules.symptoms[s].phrase(v, t) for s, v in entry.symptoms.items()]
    lines = [ft.Row([ft.Text(date_time(entry.at, t, year=True), weight=ft.FontWeight.W_600),
                     level_badge(advice.level, 12, tr)], wrap=True, spacing=8),
             ft.Text(", ".join(found) or tr("Nothing to report"))]
    if entry.note:
        lines.append(muted(entry.note, 13))
    return ft.Container(ft.Column(lines, spacing=4, tight=True), padding=ft.Padding.symmetric(vertical=8),
                        border=ft.Border.only(bottom=ft.BorderSide(1, ft.Colors.OUTLINE_VARIANT)))


class OverviewView:
    name = "patients"
    label = N_("Patients")
    icon = ft.Icons.GROUPS_OUTLINED

    def __init__(self, shell):
        self.shell = shell
        self._shown: object | None = None

    def build(self, wide: bool) -> ft.Control:
        self._shown = None
        tr = self.shell.tr
        profiles = self.shell.profiles()
        current = self.shell.profile["id"]
        if not wide:
            return scroll_column([heading(tr("Patients on this device"))] + [
                summary_card(self.shell, p, selected=p["id"] == current, on_open=lambda e, p=p: self._open(p))
                for p in profiles])
        cards = [summary_card(self.shell, p, selected=p["id"] == current, width=262,
                              on_open=lambda e, p=p: self._select(p)) for p in profiles]
        master = scroll_column([
            heading(tr("Patients on this device")),
            muted(tr("Tap a patient to see their diary. Add, rename or remove patients in More > Patients."), 13),
            ft.Row(cards, wrap=True, spacing=12, run_spacing=12, vertical_alignment=ft.CrossAxisAlignment.START),
        ])
        # The cards first: the chosen patient's diary (years of entries, two charts) fills its pane after.
        pane = ft.Container(self._pane([self._top(), ft.Row([ft.ProgressRing(width=20, height=20),
                                                               muted(tr("Reading the diary…"), 14)])]), expand=True)
        self._shown = shown = object()  # this drawing of the screen
        self.shell.page.run_task(self._fill, pane, self.shell.record, shown)
        return two_panes(master, pane, master_width=580)

    async def _fill(self, pane: ft.Container, record: PatientRecord, shown: object) -> None:
        try:
            read = await off_ui(self.shell.services.in_browser, lambda: (record.entries(), record.plan()))
        except InputError as error:
            read = error
        if self._shown is not shown or self.shell.locked:
            return  # the screen was drawn again (another patient, another size) or locked meanwhile
        pane.content = self._diary(read)
        try:
            pane.update()
        except RuntimeError:  # the screen was left meanwhile: nothing to fill
            pass

    def _top(self) -> ft.Control:
        shell = self.shell
        return ft.Row([ft.Text(shell.tr("{name}'s diary").format(name=shell.profile['name']),
                               theme_style=ft.TextThemeStyle.HEADLINE_SMALL, expand=True),
                       ft.OutlinedButton(shell.tr("Open in Diary"), icon=ft.Icons.EDIT_NOTE, on_click=lambda e: shell.go("diary"))])

    def _diary(self, read) -> ft.Control:
        """The chosen patient's charts and latest entries, from what `_fill` read (or why it could not)."""
        shell = self.shell
        record = shell.record
        tr, t = shell.tr, shell.services.translator(shell.language)
        top = self._top()
        if isinstance(read, InputError):
            return self._pane([top, ft.Text(read.told(t), color=ft.Colors.ERROR)])
        entries, plan = read
        if not entries:
            return self._pane([top, muted(tr("No diary entries yet."), 14)])
        unit = unit_of(shell, record)
        zone = plan.zone if plan else entries[-1].at.tzinfo
        infusions = [i.at for i in plan.infusions(limit_end=entries[-1].at + timedelta(days=1))] if plan else []
        if len(entries) > DIARY_ROWS:
            count = t.ngettext("{count} entry; the latest {rows} are listed",
                               "{count} entries; the latest {rows} are listed", len(entries))
        else:
            count = t.ngettext("{count} entry", "{count} entries", len(entries))
        return self._pane([
            top, muted(count.format(count=len(entries), rows=DIARY_ROWS), 13),
            temperature_chart(entries, unit, shell.services.clinic.fever_threshold_c, infusions, zone, wide=True, t=t),
            symptom_chart(entries, [shell.services.rules.symptoms[NEUROPATHY]], infusions, zone, wide=True, t=t),
            heading(tr("Entries, newest first")),
            *[entry_row(shell, e, unit) for e in reversed(entries[-DIARY_ROWS:])],
        ])

    @staticmethod
    def _pane(controls: list[ft.Control]) -> ft.Control:
        return ft.Container(ft.Column(controls, scroll=ft.ScrollMode.AUTO, spacing=12, expand=True,
                                      horizontal_alignment=ft.CrossAxisAlignment.STRETCH),
                            padding=16, expand=True)

    # -- gestures ------------------------------------------------------------------------------------
    def _select(self, profile: dict) -> None:
        if profile["id"] != self.shell.profile["id"]:
            self.shell.switch_profile(profile["id"])

    def _open(self, profile: dict) -> None:
        if profile["id"] != self.shell.profile["id"]:
            self.shell.switch_profile(profile["id"])
        self.shell.go("diary")
