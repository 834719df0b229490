"""More > Will my reminders work?: on a phone, what the system allows (notifications, exact alarms) with a
button for each, battery savers explained, and what is scheduled; on a computer or in a browser, what
reaches the patient there. Everywhere: "Hide details in notifications" and the calendar file."""

from __future__ import annotations

import flet as ft

from companion.ui.layout import heading, muted, saves

BATTERY = ("Some phones stop apps' alarms to save battery (battery saver, \"optimised\", \"sleeping\" or "
           "\"restricted\" apps). If a reminder comes late or not at all, open Companion's settings, then Battery, "
           "and choose \"Unrestricted\" or \"Not optimised\".")
ELSEWHERE = {
    "desktop": "On this computer, reminders show while Companion is open: as a notification and in the app. "
               "When it is closed, nothing here reminds you.",
    "browser": "In this browser, reminders show in the app while this page is open. When it is closed, nothing "
               "here reminds you.",
}


class RemindersCheckSection:
    name = "reminders"
    title = "Will my reminders work?"
    icon = ft.Icons.NOTIFICATIONS_ACTIVE_OUTLINED

    def __init__(self, shell):
        self.shell = shell
        self.status = None  # the last answer of SystemReminders.status(); None: ask (again) when shown
        self._asking = False

    def on_open(self) -> None:
        self.status = None  # a permission may have changed in the system's settings since

    def summary(self) -> str:
        return "Reminders when the app is closed, notification privacy"

    def controls(self, wide: bool) -> list[ft.Control]:
        system = self.shell.system
        if self.status is None:
            self._ask()
            found: list[ft.Control] = [ft.Row([ft.ProgressRing(width=20, height=20), ft.Text("Checking…")])]
        elif self.status.keeps_when_closed:
            found = self._phone(self.status)
        else:
            found = [ft.Text(ELSEWHERE.get(self.status.kind, ELSEWHERE["desktop"])),
                     ft.Text("So that the others reach you too, add them to your phone's calendar with the "
                             "calendar file.")]
        return found + [
            ft.FilledTonalButton("Save the calendar file", icon=ft.Icons.EVENT, on_click=self._calendar),
            heading("On the lock screen" if self.status and self.status.keeps_when_closed else "Notification privacy"),
            ft.Switch(label="Hide details in notifications", value=system.hide_details(), on_change=self._hide),
            muted("Notifications then say \"Companion reminder\", with no medicine and no name; the details show "
                  "only in the app.", 13),
        ]

    def _phone(self, status) -> list[ft.Control]:
        allowed, exact = status.permissions.notifications, status.permissions.exact_alarms
        rows = [heading("Notifications"),
                _state(allowed, "Allowed: reminders show even when the app is closed.",
                       "Not allowed: reminders cannot show when the app is closed.")]
        if allowed is not True:
            rows.append(ft.FilledButton("Allow notifications", icon=ft.Icons.NOTIFICATIONS, on_click=self._allow))
        if exact is not None:  # Android 12 and later
            rows += [heading("Exact alarms"),
                     _state(exact, "Allowed: premedication and infusion reminders come on the minute.",
                            "Not allowed: premedication and infusion reminders may come some minutes late.")]
            if not exact:
                rows.append(ft.FilledButton("Allow exact alarms", icon=ft.Icons.ALARM_ON, on_click=self._exact))
        rows += [heading("Battery savers"), ft.Text(BATTERY),
                 ft.OutlinedButton("Open Companion's settings", icon=ft.Icons.SETTINGS, on_click=self._settings),
                 heading("Scheduled on this phone")]
        held = [n for n in status.held if n.actions]
        if held:
            last = held[-1].at
            rows.append(ft.Text(f"{len(held)} reminder{'s' if len(held) > 1 else ''}, the next {held[0].at:%a %d %b, %H:%M}, the last "
                                f"{last:%a %d %b}. Opening the app schedules the next ones."))
        else:
            rows.append(ft.Text("No reminders to schedule: save a plan in Plan first."))
        if status.problem:
            rows.append(ft.Text(f"Some reminders could not be scheduled: {status.problem}", color=ft.Colors.ERROR))
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
        self.shell.toast("Notifications now say \"Companion reminder\" only." if e.control.value
                         else "Notifications show the reminder again.")


def _state(value: bool | None, yes: str, no: str) -> ft.Control:
    if value is None:
        return ft.Text("Could not be checked on this phone.")
    icon = ft.Icon(ft.Icons.CHECK_CIRCLE if value else ft.Icons.ERROR_OUTLINE,
                   color=ft.Colors.PRIMARY if value else ft.Colors.ERROR, semantics_label="Yes" if value else "No")
    return ft.Row([icon, ft.Text(yes if value else no, expand=True)])
