"""More > Will my reminders work?: on a phone, what the system allows (notifications, exact alarms) with a
button for each, battery savers explained, and what is scheduled; on a computer or in a browser, what
reaches the patient there. Everywhere: "Hide details in notifications" and the calendar file."""

from __future__ import annotations

import flet as ft

from companion.core.i18n import N_, date_time, short_date
from companion.ui.layout import heading, muted, saves
from companion.ui.widgets import labelled

BATTERY = N_("Some phones stop apps' alarms to save battery (battery saver, \"optimised\", \"sleeping\" or "
             "\"restricted\" apps). If a reminder comes late or not at all, open Companion's settings, then "
             "Battery, and choose \"Unrestricted\" or \"Not optimised\".")
ELSEWHERE = {
    "desktop": N_("On this computer, reminders show while Companion is open: as a notification and in the app. "
                  "When it is closed, nothing here reminds you."),
    "browser": N_("In this browser, reminders show in the app while this page is open. When it is closed, nothing "
                  "here reminds you."),
}


class RemindersCheckSection:
    name = "reminders"
    title = N_("Will my reminders work?")
    icon = ft.Icons.NOTIFICATIONS_ACTIVE_OUTLINED

    def __init__(self, shell):
        self.shell = shell
        self.status = None  # the last answer of SystemReminders.status(); None: ask (again) when shown
        self._asking = False

    def on_open(self) -> None:
        self.status = None  # a permission may have changed in the system's settings since

    def summary(self) -> str:
        return self.shell.tr("Reminders when the app is closed, notification privacy")

    def controls(self, wide: bool) -> list[ft.Control]:
        system = self.shell.system
        tr = self.shell.tr
        if self.status is None:
            self._ask()
            found: list[ft.Control] = [ft.Row([ft.ProgressRing(width=20, height=20), ft.Text(tr("Checking…"))])]
        elif self.status.keeps_when_closed:
            found = self._phone(self.status)
        else:
            found = [ft.Text(tr(ELSEWHERE.get(self.status.kind, ELSEWHERE["desktop"]))),
                     ft.Text(tr("So that the others reach you too, add them to your phone's calendar with the "
                                "calendar file."))]
        return found + [
            ft.FilledTonalButton(tr("Save the calendar file"), icon=ft.Icons.EVENT, on_click=self._calendar),
            heading(tr("On the lock screen") if self.status and self.status.keeps_when_closed
                    else tr("Notification privacy")),
            labelled(ft.Switch(value=system.hide_details(), on_change=self._hide), tr("Hide details in notifications")),
            muted(tr("Notifications then say \"Companion reminder\", with no medicine and no name; the details show "
                     "only in the app."), 13),
        ]

    def _phone(self, status) -> list[ft.Control]:
        allowed, exact = status.permissions.notifications, status.permissions.exact_alarms
        tr = self.shell.tr
        rows = [heading(tr("Notifications")),
                _state(allowed, tr("Allowed: reminders show even when the app is closed."),
                       tr("Not allowed: reminders cannot show when the app is closed."), tr)]
        if allowed is not True:
            rows.append(ft.FilledButton(tr("Allow notifications"), icon=ft.Icons.NOTIFICATIONS, on_click=self._allow))
        if exact is not None:  # Android 12 and later
            rows += [heading(tr("Exact alarms")),
                     _state(exact, tr("Allowed: premedication and infusion reminders come on the minute."),
                            tr("Not allowed: premedication and infusion reminders may come some minutes late."), tr)]
            if not exact:
                rows.append(ft.FilledButton(tr("Allow exact alarms"), icon=ft.Icons.ALARM_ON, on_click=self._exact))
        rows += [heading(tr("Battery savers")), ft.Text(tr(BATTERY)),
                 ft.OutlinedButton(tr("Open Companion's settings"), icon=ft.Icons.SETTINGS, on_click=self._settings),
                 heading(tr("Scheduled on this phone"))]
        held = [n for n in status.held if n.actions]
        if held:
            first, last = held[0].at, held[-1].at
            t = self.shell.t
            rows.append(ft.Text(t.ngettext(
                "{count} reminder, the next {first}, the last {last}. Opening the app schedules the next ones.",
                "{count} reminders, the next {first}, the last {last}. Opening the app schedules the next ones.",
                len(held)).format(count=len(held), first=date_time(first, t), last=short_date(last.date(), t))))
        else:
            rows.append(ft.Text(tr("No reminders to schedule: save a plan in Plan first.")))
        if status.problem:
            rows.append(ft.Text(tr("Some reminders could not be scheduled: {problem}").format(problem=status.problem),
                                color=ft.Colors.ERROR))
        return rows

    def _ask(self) -> None:
        if self._asking:
            return
        self._asking = True

        async def ask():
            try:
                self.status = await self.shell.system.status()
            finally:
                self._asking = False
            self.shell.render()

        self.shell.page.run_task(ask)

    async def _again(self, answer) -> None:
        await answer
        self.status = None
        self.shell.render()

    async def _allow(self, e) -> None:
        await self._again(self.shell.system.ask_notifications())

    async def _exact(self, e) -> None:
        await self._again(self.shell.system.ask_exact_alarms())

    async def _settings(self, e) -> None:
        await self._again(self.shell.system.open_settings())

    async def _calendar(self, e) -> None:
        await self.shell.view("today").save_calendar(e)

    @saves
    def _hide(self, e) -> None:
        self.shell.system.set_hide_details(bool(e.control.value))
        tr = self.shell.tr
        self.shell.toast(tr("Notifications now say \"Companion reminder\" only.") if e.control.value
                         else tr("Notifications show the reminder again."))


def _state(value: bool | None, yes: str, no: str, tr) -> ft.Control:
    if value is None:
        return ft.Text(tr("Could not be checked on this phone."))
    icon = ft.Icon(ft.Icons.CHECK_CIRCLE if value else ft.Icons.ERROR_OUTLINE,
                   color=ft.Colors.PRIMARY if value else ft.Colors.ERROR,
                   semantics_label=tr("Yes") if value else tr("No"))
    return ft.Row([icon, ft.Text(yes if value else no, expand=True)])
