"""More > Settings: the temperature unit and the care team numbers."""

from __future__ import annotations

import flet as ft

from companion.core.clinic import PHONE_KINDS
from companion.core.errors import InputError
from companion.core.profile_settings import CARE_TEAM_KINDS, care_team_phone, care_team_phones, with_phone, without_phone
from companion.core.i18n import LANGUAGES, N_
from companion.services.language import chosen, set_language
from companion.ui.layout import heading, icon_button, muted, saves
from companion.ui.more.common import error_text, show
from companion.ui.widgets import full_width, labelled, words_of

CLINIC_KINDS = dict(zip(PHONE_KINDS, (N_("24-hour oncology line"), N_("Treatment unit"), N_("Emergency"),
                                      N_("Other"))))  # also the words of CARE_TEAM_KINDS (core), worded with tr


class SettingsSection:
    name = "settings"
    title = N_("Settings for {name}")  # the patient's name (MoreView fills it in)
    icon = ft.Icons.TUNE

    def __init__(self, shell):
        self.shell = shell
        self.label = ft.TextField(label="Who answers", hint_text="e.g. Oncology nurse", max_length=60, counter="")
        self.number = ft.TextField(label="Phone number", keyboard_type=ft.KeyboardType.PHONE)
        self.kind = ft.RadioGroup(ft.Column([labelled(ft.Radio(value=k), ft.Text(v)) for k, v in CARE_TEAM_KINDS.items()],
                                            spacing=0), value="other")
        self.error = error_text()

    def summary(self) -> str:
        return self.shell.tr("Temperature unit, my care team numbers")

    def controls(self, wide: bool) -> list[ft.Control]:
        shell = self.shell
        tr = shell.tr
        self.label.label, self.label.hint_text = tr("Who answers"), tr("e.g. Oncology nurse")  # short: 200 % text
        self.number.label = tr("Phone number")
        for kind, choice in zip(CARE_TEAM_KINDS, self.kind.content.controls):
            words_of(choice).value = tr(CARE_TEAM_KINDS[kind])
        settings = shell.record.settings()
        unit = shell.record.temperature_unit(shell.services.clinic.temperature_unit)
        mine = [ft.Row([ft.Icon(ft.Icons.PHONE, semantics_label=tr("Phone")),
                        ft.Column([ft.Text(p["label"], weight=ft.FontWeight.W_600),
                                   ft.Text(f"{p['number']} · {tr(CARE_TEAM_KINDS[p['kind']])}")],
                                  spacing=0, expand=True),
                        icon_button(ft.Icons.DELETE_OUTLINE, tr("Remove {label}").format(label=p["label"]),
                                    lambda e, i=i: self._remove_phone(i))])
                for i, p in enumerate(care_team_phones(settings))]
        clinic = shell.services.clinic
        theirs = [ft.Row([ft.Icon(ft.Icons.LOCAL_HOSPITAL_OUTLINED, semantics_label=tr("Clinic phone")),
                          ft.Column([ft.Text(p.label_in(shell.language), weight=ft.FontWeight.W_600),
                                     ft.Text(f"{p.number} · {tr(CLINIC_KINDS[p.kind])}")], spacing=0, expand=True)])
                  for p in clinic.phones]
        return [
            *self._language(),
            heading(tr("Temperature unit")),
            ft.RadioGroup(ft.Column([labelled(ft.Radio(value="C"), tr("Celsius (°C)")),
                                     labelled(ft.Radio(value="F"), tr("Fahrenheit (°F)"))],
                                    spacing=0), value=unit, on_change=self._on_unit),
            heading(tr("My care team numbers")),
            muted(tr("Numbers your own care team gave you. The app shows them next to the clinic's numbers "
                     "when it tells you whom to call."), 13),
            *(mine or [muted(tr("None yet."), 14)]),
            full_width(self.label), full_width(self.number), ft.Text(tr("Kind of number")), self.kind, self.error,
            ft.FilledButton(tr("Add this number"), icon=ft.Icons.ADD_CALL, on_click=self._add_phone),
            heading(tr("Numbers from {clinic}").format(clinic=clinic.name)),
            muted(tr("Set by the clinic; they cannot be changed here."), 13),
            *theirs,
        ]

    def _language(self) -> list[ft.Control]:
        """The patient's language, among those the clinic offers (after its clinicians reviewed them)."""
        offered = self.shell.services.clinic.languages
        if len(offered) < 2:
            return []
        tr = self.shell.tr
        options = [labelled(ft.Radio(value="device"), tr("Same as this device"))]
        options += [labelled(ft.Radio(value=code), LANGUAGES.get(code, code)) for code in offered]
        return [heading(tr("Language")),
                ft.RadioGroup(ft.Column(options, spacing=0), value=chosen(self.shell.record) or "device",
                              on_change=self._on_language)]

    @saves
    def _on_language(self, e) -> None:
        value = e.control.value
        set_language(self.shell.record, self.shell.services.clinic, None if value == "device" else value)
        self.shell.language_changed()

    @saves
    def _on_unit(self, e) -> None:
        self.shell.record.save_temperature_unit(e.control.value)
        self.shell.toast(self.shell.tr("Temperatures are now shown in °{unit}.").format(unit=e.control.value))

    @saves
    def _add_phone(self, e) -> None:
        record = self.shell.record
        try:
            phone = care_team_phone(self.label.value, self.number.value, self.kind.value)
        except InputError as error:
            show(self.error, error.told(self.shell.t), error=True)
            return
        record.save_settings(with_phone(record.settings(), phone))
        self.label.value, self.number.value, self.kind.value, self.error.visible = "", "", "other", False
        self.shell.render()

    @saves
    def _remove_phone(self, index: int) -> None:
        record = self.shell.record
        record.save_settings(without_phone(record.settings(), index))
        self.shell.render()
