"""Today: the next infusion, today's reminders (Done / Snooze), missed ones, the next 14 days. What it
shows is the reminders service's TodayState; it is redrawn when the shell's reminder loop ticks."""

from __future__ import annotations

import logging
from itertools import groupby

import flet as ft

from companion.core.delivery import SNOOZE_MINUTES
from companion.core.errors import StorageError, told
from companion.core.i18n import MONTHS, N_, WEEKDAYS, Translator
from companion.core.reminders import Missed, Occurrence
from companion.services.reminders import (
    ICS_FILE,
    UPCOMING_DAYS,
    Delivered,
    Item,
    TodayState,
    Upcoming,
    off_ui,
    words_at,
)
from companion.ui.layout import heading, muted, saves, two_panes

log = logging.getLogger(__name__)
STATUS = {"done": N_("Done"), "missed": N_("Missed"), "due": N_("Now"), "later": N_("Later today")}


def _day(day, t: Translator) -> str:
    """"Tuesday 03 March", as Today shows a date (the day on two digits), in the language of `t`."""
    return t.gettext("{weekday} {day} {month}").format(weekday=t.gettext(WEEKDAYS[day.weekday()]),
                                                        day=f"{day.day:02d}", month=t.gettext(MONTHS[day.month - 1]))


def _column() -> ft.Column:
    """A scrolling column whose cards fill its width; kept across refreshes, so it keeps its scroll position."""
    return ft.Column(scroll=ft.ScrollMode.AUTO, spacing=12, expand=True,
                     horizontal_alignment=ft.CrossAxisAlignment.STRETCH)


def _card(*controls: ft.Control, color=None) -> ft.Control:
    return ft.Container(ft.Column(list(controls), spacing=8), padding=14, border_radius=12,
                        bgcolor=color or ft.Colors.SURFACE_CONTAINER_LOW)


class TodayView:
    name = "today"
    label = N_("Today")
    icon = ft.Icons.TODAY

    def __init__(self, shell):
        self.shell = shell
        self.service = shell.services.reminders
        self.main, self.side = _column(), _column()
        self.later = ft.ExpansionTile(title=ft.Text(), tile_padding=ft.Padding.only(left=4),
                                      expanded_alignment=ft.Alignment.TOP_LEFT,
                                      expanded_cross_axis_alignment=ft.CrossAxisAlignment.START)
        self.wide = False
        self.shown = TodayState(None)
        self.countdown = ft.Text(theme_style=ft.TextThemeStyle.HEADLINE_SMALL, weight=ft.FontWeight.BOLD)
        shell.reminder_loop.subscribe(self._show)

    # -- building ------------------------------------------------------------------------------------
    def build(self, wide: bool) -> ft.Control:
        self.wide = wide
        self.shown = self._state()
        self._fill(self.shown)
        main = ft.Container(self.main, padding=16, expand=True)
        if wide and self.shown.plan is not None:
            return two_panes(main, ft.Container(self.side, padding=16, expand=True), master_width=480)
        return main

    def _state(self) -> TodayState:
        return self.service.today_state(self.shell.record, self.shell.services.now(), t=self.shell.t)

    def _next_days(self) -> str:
        return self.shell.t.ngettext("Next {days} day", "Next {days} days", UPCOMING_DAYS).format(days=UPCOMING_DAYS)

    def _fill(self, state: TodayState) -> None:
        tr = self.shell.tr
        if state.plan is None:
            self.main.controls = [_card(
                ft.Icon(ft.Icons.EVENT_NOTE, size=40, color=ft.Colors.PRIMARY, semantics_label=tr("No plan")),
                heading(tr("No treatment plan yet")),
                ft.Text(tr("Enter the date of your first infusion on the Plan screen. Your reminders for today "
                           "(premedicines, capecitabine doses and more) and the countdown to your next infusion "
                           "then appear here.")),
                ft.FilledButton(tr("Set up my plan"), icon=ft.Icons.ARROW_FORWARD,
                                on_click=lambda e: self.shell.go("plan")),
            )]
            return
        main = [self._next_infusion(state)]
        if state.missed:
            main.append(self._missed(list(state.missed)))
        main.append(self._today(list(state.items), _day(state.day, self.shell.t)))
        main.append(ft.OutlinedButton(tr("Add reminders to my calendar (.ics)"), icon=ft.Icons.CALENDAR_MONTH,
                                      on_click=self.save_calendar))
        later = self._upcoming(list(state.upcoming))
        if self.wide:
            self.main.controls, self.side.controls = main, later
        else:
            self.later.title = ft.Text(self._next_days())
            self.later.controls = later
            self.main.controls = main + [self.later]

    def _next_infusion(self, state: TodayState) -> ft.Control:
        plan, infusion, tr = state.plan, state.infusion, self.shell.tr
        self.countdown.value = state.countdown
        if infusion is None:
            return _card(heading(tr("Next infusion")), ft.Text(tr("There are no more infusions in your plan.")))
        when = tr("Cycle {cycle} of {cycles}: {date} at {time}") if plan.cycles else \
            tr("Cycle {cycle}: {date} at {time}")
        return _card(
            muted(tr("Next infusion"), 13),
            self.countdown,
            ft.Text(when.format(cycle=infusion.cycle, cycles=plan.cycles, date=_day(infusion.at.date(), self.shell.t),
                                time=f"{infusion.at:%H:%M}")),
            color=ft.Colors.PRIMARY_CONTAINER,
        )

    def _missed(self, missed: list[Missed]) -> ft.Control:
        """One row per reminder; the missed copies of one daily reminder share a row and one Done."""
        tr = self.shell.tr
        rows = [self._missed_row(row) for row in missed]
        every = [o for row in missed for o in row.occurrences]
        if len(missed) > 1:
            rows.append(ft.TextButton(tr("Mark all as done"), icon=ft.Icons.DONE_ALL,
                                      on_click=lambda e: self._all_done(every)))
        return _card(
            heading(tr("Missed ({count})").format(count=len(every))),
            muted(tr("These passed without being marked done. Take care of them, or ask your care team "
                     "if you are not sure what to do."), 13),
            *rows,
            color=ft.Colors.TERTIARY_CONTAINER,
        )

    def _missed_row(self, row: Missed) -> ft.Control:
        if len(row.occurrences) == 1:
            return self._row(Item(row.occurrences[0], "missed", title=row.title, body=row.body), row.when)
        tr = self.shell.tr
        done = ft.FilledTonalButton(tr("Done"), icon=ft.Icons.CHECK,
                                    on_click=lambda e: self._all_done(row.occurrences),
                                    tooltip=tr("Mark all {count} as done").format(count=len(row.occurrences)))
        missed = STATUS["missed"]
        return self._layout(row.when, tr(missed), row.title, row.body, [done], False)

    def _today(self, items: list[Item], day: str) -> ft.Control:
        tr = self.shell.tr
        rows = [self._row(i, f"{i.occurrence.at:%H:%M}") for i in items] or [
            muted(tr("No reminders for the rest of today."), 14)]
        return _card(heading(tr("Today, {day}").format(day=day)), *rows)

    def _row(self, item: Item, when: str) -> ft.Control:
        occurrence, status, tr = item.occurrence, item.status, self.shell.tr
        label = tr("Snoozed until {time}").format(time=f"{item.snoozed_until:%H:%M}") if status == "snoozed" \
            else tr(STATUS[status])
        actions: list[ft.Control] = []
        if status != "done":
            actions.append(ft.FilledTonalButton(tr("Done"), icon=ft.Icons.CHECK,
                                                on_click=lambda e: self._done(occurrence)))
        if status in ("due", "missed"):
            actions.append(ft.PopupMenuButton(
                content=ft.Container(ft.Row([ft.Icon(ft.Icons.SNOOZE, size=18), ft.Text(tr("Snooze"))], spacing=4,
                                            tight=True),
                                     padding=ft.Padding.symmetric(horizontal=12, vertical=14)),  # a 48 px tap target
                tooltip=tr("Snooze"),
                items=[ft.PopupMenuItem(content=ft.Text(self.shell.t.ngettext(
                                            "{minutes} minute", "{minutes} minutes", m).format(minutes=m)),
                                        on_click=lambda e, m=m: self._snooze(occurrence, m))
                       for m in SNOOZE_MINUTES]))
        return self._layout(when, label, item.title, item.body, actions, status == "done")

    @staticmethod
    def _layout(when: str, label: str, title: str, body: str, actions: list[ft.Control], done: bool) -> ft.Control:
        return ft.Container(ft.Column([
            ft.Row([ft.Text(when, weight=ft.FontWeight.BOLD), ft.Text(label, size=12, italic=True,
                                                                       color=ft.Colors.ON_SURFACE_VARIANT)],
                   spacing=10, wrap=True),
            ft.Text(title, weight=ft.FontWeight.W_600,
                    style=ft.TextStyle(decoration=ft.TextDecoration.LINE_THROUGH) if done else None),
            ft.Text(body, size=13, color=ft.Colors.ON_SURFACE_VARIANT),
            ft.Row(actions, spacing=8, wrap=True),
        ], spacing=4), padding=ft.Padding.symmetric(vertical=6),
            border=ft.Border.only(top=ft.BorderSide(1, ft.Colors.OUTLINE_VARIANT)))

    def _upcoming(self, upcoming: list[Upcoming]) -> list[ft.Control]:
        """Each reminder of the next days (its title worded now), under its date."""
        rows: list[ft.Control] = [heading(self._next_days())] if self.wide else []
        for day, group in groupby(upcoming, key=lambda row: row.at.date()):
            rows.append(ft.Text(_day(day, self.shell.t), weight=ft.FontWeight.BOLD, color=ft.Colors.PRIMARY))
            rows += [ft.Text(f"{row.at:%H:%M}  {row.title}", size=14,
                             weight=ft.FontWeight.BOLD if row.kind == "infusion" else None) for row in group]
        return rows if upcoming else rows + [muted(self.shell.tr("Nothing planned in the next two weeks."), 14)]

    # -- gestures ------------------------------------------------------------------------------------
    @saves
    def _done(self, occurrence: Occurrence) -> None:
        self.service.done(self.shell.record, occurrence, self.shell.services.now())
        self.refresh()

    @saves
    def _all_done(self, occurrences) -> None:
        self.service.done_all(self.shell.record, list(occurrences), self.shell.services.now())
        self.refresh()

    @saves
    def _snooze(self, occurrence: Occurrence, minutes: int) -> None:
        now = self.shell.services.now()
        self.service.snooze(self.shell.record, occurrence, now, minutes)
        self.shell.toast(self.shell.t.ngettext("Snoozed for {minutes} minute: {title}",
                                               "Snoozed for {minutes} minutes: {title}", minutes).format(
            minutes=minutes, title=words_at(occurrence, now, self.shell.t).title))
        self.refresh()

    async def save_calendar(self, e) -> None:
        """The next year's reminders as a calendar file (also offered in More > Will my reminders work?)."""
        services, tr = self.shell.services, self.shell.tr
        name = tr("Ixempra reminders ({name})").format(name=self.shell.profile["name"])
        try:
            data, path, events = await off_ui(services.in_browser,
                self.service.export_ics, self.shell.record, services.now(), services.store.data_dir, name, self.shell.t)
        except (StorageError, ValueError) as error:  # InputError is a ValueError
            self.shell.toast(tr("The calendar file could not be saved: {error}").format(
                error=told(error, self.shell.t)))
            return
        if services.in_browser:
            saved = self.shell.t.ngettext(
                "{count} reminder of the next 12 months saved in the download offered now. "
                "Open that file with your calendar app to add it.",
                "{count} reminders of the next 12 months saved in the download offered now. "
                "Open that file with your calendar app to add them.", events)
        else:
            saved = self.shell.t.ngettext(
                "{count} reminder of the next 12 months saved to {path}. "
                "Open that file with your calendar app to add it.",
                "{count} reminders of the next 12 months saved to {path}. "
                "Open that file with your calendar app to add them.", events)
        self.shell.toast(saved.format(count=events, path=path))
        try:
            await ft.FilePicker().save_file(dialog_title=tr("Save the calendar file"), file_name=ICS_FILE,
                                            src_bytes=data, allowed_extensions=["ics"])
        except Exception as error:  # noqa: BLE001 - the copy in the exports folder is already there
            log.info("Save dialog not available: %r", error)

    # -- reminders while the app runs (the shell's reminder loop) -------------------------------------
    def _show(self, found: list[Delivered]) -> None:
        messages, t = [], self.shell.t
        for delivered in found:
            titles = delivered.titles
            text = t.gettext("Reminder: {title}").format(title=titles[0]) if len(titles) == 1 else \
                t.ngettext("{count} reminder", "{count} reminders", len(titles)).format(count=len(titles))
            messages.append(t.gettext("{who}: {reminders}").format(who=delivered.who, reminders=text)
                            if delivered.who else text)
        if messages:
            self.shell.toast(t.gettext("{reminders}. See Today.").format(reminders=" · ".join(messages)))
        self.refresh(force=False)

    def refresh(self, force: bool = True) -> None:
        """Rebuild this screen in place when it is on screen (and, unless forced, when it changed)."""
        if self.shell.views[self.shell.index] is not self:
            return
        state, shown = self._state(), self.shown
        self.shown = state
        if (state.plan is None) != (shown.plan is None):  # a plan came or went: another layout
            self.shell.render()
        elif force or state.without_countdown() != shown.without_countdown():
            self._fill(state)
            self.main.update()
            if self.wide:
                self.side.update()
        elif state != shown:  # only the countdown moved on: keep the scroll position and open parts
            self.countdown.value = state.countdown
            self.countdown.update()
