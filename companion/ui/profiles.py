"""More > Patients: the patients on this device; add, rename, switch, remove.

Each patient's plan, diary, reminders and settings belong to their profile.
"""

from __future__ import annotations

import functools

import flet as ft

from companion.services import records
from companion.core.errors import InputError
from companion.core.i18n import N_
from companion.core.names import NAME_MAX_CHARS
from companion.ui.layout import guarded, heading, icon_button, muted, saves
from companion.ui.overview import summary_card


class ProfilesSection:
    name = "patients"
    title = N_("Patients")
    icon = ft.Icons.GROUPS_OUTLINED

    def __init__(self, shell):
        self.shell = shell
        self.new_name = ft.TextField(label="New patient's name", on_submit=self._add, expand=True,
                                     max_length=NAME_MAX_CHARS, counter="")
        self.scroll_key: str | None = None  # More scrolls to this card after the next render

    def summary(self) -> str:
        count = len(self.shell.profiles())
        return self._t().ngettext("{count} patient: switch, add, rename, remove",
                                  "{count} patients: switch, add, rename, remove", count).format(count=count)

    def _t(self):
        """The patient's catalog, for texts with a number (ngettext)."""
        return self.shell.services.translator(self.shell.language)

    def controls(self, wide: bool) -> list[ft.Control]:
        shell = self.shell
        tr = shell.tr
        profiles = shell.profiles()
        current = shell.profile["id"]
        self.new_name.label = tr("New patient's name")
        self.new_name.expand = True  # beside the button on a tablet; above it, the pane's width, on a phone
        add = ft.FilledButton(tr("Add patient"), icon=ft.Icons.PERSON_ADD, on_click=self._add)
        self.new_name.error = None  # a refusal is shown by updating the field; any redraw clears it
        cards = []
        for p in profiles:
            here = p["id"] == current
            actions = [ft.Text(tr("Showing now"), weight=ft.FontWeight.W_600, color=ft.Colors.PRIMARY) if here else
                       ft.FilledButton(tr("Switch to {name}").format(name=p["name"]),
                                       on_click=lambda e, p=p: self._switch(p)),
                       icon_button(ft.Icons.EDIT_OUTLINED, tr("Rename {name}").format(name=p["name"]),
                                   lambda e, p=p: self._ask_rename(p))]
            if len(profiles) > 1:
                actions.append(icon_button(ft.Icons.DELETE_OUTLINE, tr("Remove {name}").format(name=p["name"]),
                                           lambda e, p=p: self._ask_remove(p)))
            cards.append(ft.Container(summary_card(shell, p, selected=here, actions=actions),
                                      key=ft.ScrollKey(f"patient-{p['id']}")))
        return [
            muted(tr("One device can keep several patients, for example a caregiver's tablet. Each patient has "
                     "their own plan, diary, reminders and settings; the app shows one at a time."), 14),
            *cards,
            heading(tr("Add a patient")),
            # a phone gives the name field the whole width (its label was cut beside the button), a tablet a row
            ft.Row([self.new_name, add], vertical_alignment=ft.CrossAxisAlignment.START) if wide
            else ft.Column([ft.Row([self.new_name]), add], spacing=8, tight=True),
        ]

    # -- gestures ------------------------------------------------------------------------------------
    def _switch(self, profile: dict) -> None:
        self.scroll_key = f"patient-{profile['id']}"
        self.shell.switch_profile(profile["id"])

    @saves
    def _add(self, e) -> None:
        shell = self.shell
        try:  # the name is normalised and checked against the other patients' (core.names)
            profile = records.add_profile(shell.services.store, self.new_name.value or "", shell.services.now())
        except InputError as error:
            self.new_name.error = error.told(shell.t)
            self.new_name.update()
            return
        self.new_name.value, self.new_name.error, self.scroll_key = "", None, f"patient-{profile['id']}"
        shell.toast(shell.tr("{name} was added.").format(name=profile["name"]))
        shell.render()

    def _ask_rename(self, profile: dict) -> None:
        tr = self.shell.tr
        field = ft.TextField(label=tr("Name"), value=profile["name"], autofocus=True, max_length=NAME_MAX_CHARS,
                             counter="")

        @functools.partial(guarded, self.shell.toast, t=self.shell.t)
        def save(e):
            try:
                records.rename_profile(self.shell.services.store, profile["id"], field.value or "")
            except InputError as error:
                field.error = error.told(self.shell.t)
                field.update()
                return
            self.shell.page.pop_dialog()
            self.shell.switch_profile(self.shell.profile["id"])  # re-reads the names, redraws every view

        field.on_submit = save
        self.shell.page.show_dialog(ft.AlertDialog(
            title=ft.Text(tr("Rename {name}").format(name=profile["name"])), content=field,
            actions=[ft.TextButton(tr("Cancel"), on_click=lambda e: self.shell.page.pop_dialog()),
                     ft.FilledButton(tr("Save name"), on_click=save)]))

    def _ask_remove(self, profile: dict) -> None:
        name = profile["name"]
        tr = self.shell.tr
        try:
            count = len(self.shell.services.record(profile["id"]).entries())
            deletes = self._t().ngettext(
                "This deletes {name}'s treatment plan, {count} diary entry, reminders and settings from this "
                "device. It cannot be undone. To keep a copy, make a backup first (More > Backup).",
                "This deletes {name}'s treatment plan, {count} diary entries, reminders and settings from this "
                "device. It cannot be undone. To keep a copy, make a backup first (More > Backup).",
                count).format(name=name, count=count)
        except InputError:
            deletes = tr("This deletes {name}'s treatment plan, the diary, reminders and settings from this device. "
                         "It cannot be undone. To keep a copy, make a backup first (More > Backup).").format(name=name)

        @functools.partial(guarded, self.shell.toast)
        def remove(e):
            shell = self.shell
            shell.page.pop_dialog()
            records.remove_profile(shell.services.store, profile["id"])
            if profile["id"] == shell.profile["id"]:
                shell.switch_profile(shell.profiles()[0]["id"])
            else:
                shell.render()
            shell.toast(shell.tr("{name} was removed from this device.").format(name=name))

        self.shell.page.show_dialog(ft.AlertDialog(
            modal=True,
            icon=ft.Icon(ft.Icons.WARNING_AMBER, color=ft.Colors.ERROR),
            title=ft.Text(tr("Remove {name}?").format(name=name)),
            content=ft.Text(deletes),
            actions=[ft.TextButton(tr("Cancel"), on_click=lambda e: self.shell.page.pop_dialog()),
                     ft.FilledButton(tr("Remove {name}").format(name=name), on_click=remove,
                                     style=ft.ButtonStyle(bgcolor=ft.Colors.ERROR, color=ft.Colors.ON_ERROR))]))
