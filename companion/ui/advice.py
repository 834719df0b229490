"""The advice shown right after saving a diary entry: what to do, why, what to say, and buttons that dial.

An emergency fills the whole screen in red with the emergency number first and biggest.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import flet as ft

from companion.core.clinic import Phone
from companion.core.i18n import N_
from companion.core.phones import call_list, own_phones
from companion.core.triage import Advice, Level
from companion.ui import palette
from companion.ui.palette import Tone
from companion.ui.theme import pick


@dataclass(frozen=True)
class LevelStyle:
    word: str  # short, for badges in the list (English, marked N_: translate it where it is shown)
    icon: ft.IconData
    tone: Tone  # its colours in the light and the dark theme (ui/palette.py)

    @property
    def color(self) -> str:
        """Text and icon, in the theme on show."""
        return pick(self.tone).fg

    @property
    def bgcolor(self) -> str:
        """The tint the colour reads well on, in the theme on show."""
        return pick(self.tone).bg


STYLES = {
    Level.MONITOR: LevelStyle(N_("Keep monitoring"), ft.Icons.CHECK_CIRCLE_OUTLINE, palette.MONITOR),
    Level.CALL_TODAY: LevelStyle(N_("Call today"), ft.Icons.PHONE_CALLBACK, palette.CALL_TODAY),
    Level.CALL_NOW: LevelStyle(N_("Call now"), ft.Icons.WARNING_AMBER_ROUNDED, palette.CALL_NOW),
    Level.EMERGENCY: LevelStyle(N_("Emergency"), ft.Icons.EMERGENCY, palette.EMERGENCY),
}


def level_badge(level: Level, tr=str) -> ft.Control:
    """Colour + icon + word, e.g. an orange warning sign with "Call now"; `tr` words it (the shell's)."""
    style = STYLES[level]
    return ft.Container(
        ft.Row([ft.Icon(style.icon, color=style.color, size=16),
                ft.Text(tr(style.word), color=style.color, theme_style=ft.TextThemeStyle.LABEL_LARGE,
                        weight=ft.FontWeight.W_600)],
               spacing=4, tight=True),
        bgcolor=style.bgcolor, border_radius=12, padding=ft.Padding.symmetric(horizontal=8, vertical=2),
    )


def call_button(phone: Phone, big: bool = False, on_red: bool = False, tr=str) -> ft.Control:
    """A button that dials `phone` through a tel: link: "Call <label>" over the number; `tr` words it."""
    async def dial(e) -> None:
        await ft.UrlLauncher().launch_url(phone.tel_uri)

    red, button = pick(palette.EMERGENCY_SCREEN), pick(palette.EMERGENCY_BUTTON)
    color = button.fg if on_red and big else red.fg if on_red else None
    styles = ft.TextThemeStyle
    words = ft.Column([ft.Text(tr("Call {label}").format(label=phone.label), theme_style=styles.TITLE_MEDIUM if big else styles.LABEL_LARGE,
                               color=color, weight=ft.FontWeight.BOLD if big else ft.FontWeight.W_500),
                       ft.Text(phone.number, theme_style=styles.TITLE_LARGE if big else styles.LABEL_LARGE,
                               color=color, weight=ft.FontWeight.BOLD)],
                      spacing=0, tight=True)
    content = ft.Row([ft.Icon(ft.Icons.CALL, color=color, size=28 if big else 20), ft.Container(words, expand=True)],
                     spacing=12)
    padding = ft.Padding.symmetric(horizontal=16, vertical=14 if big else 8)
    if big:
        return ft.FilledButton(content=content, on_click=dial, style=ft.ButtonStyle(
            padding=padding, bgcolor=button.bg if on_red else None, shape=ft.RoundedRectangleBorder(radius=16)))
    return ft.OutlinedButton(content=content, on_click=dial, style=ft.ButtonStyle(
        padding=padding, side=ft.BorderSide(1, red.fg) if on_red else None,
        shape=ft.RoundedRectangleBorder(radius=12)))


def show_advice(shell, advice: Advice) -> None:
    """Open the advice for a just-saved entry."""
    page, tr = shell.page, shell.tr
    clinic_phones = [replace(p, label=p.label_in(shell.language)) for p in shell.services.clinic.phones]
    calls = call_list(advice.level, clinic_phones, own_phones(shell.record.settings().get("phones")))
    dialog = _emergency(page, advice, calls, tr) if advice.level == Level.EMERGENCY else _card(page, advice, calls, tr)
    page.show_dialog(dialog)


def _reasons(advice: Advice, tr, color: str | None = None) -> list[ft.Control]:
    if not advice.reasons:
        return []
    return [ft.Text(tr("Why"), weight=ft.FontWeight.BOLD, color=color)] + [
        ft.Text(f"• {r.text[:1].upper()}{r.text[1:]}", color=color) for r in advice.reasons]


def _say(advice: Advice, tr, color: str | None = None) -> list[ft.Control]:
    return [ft.Text(tr("What to tell them"), weight=ft.FontWeight.BOLD, color=color),
            ft.Text(advice.say, italic=True, color=color)]


def _card(page: ft.Page, advice: Advice, calls, tr) -> ft.AlertDialog:
    style = STYLES[advice.level]
    buttons = ([call_button(calls.first, big=True, tr=tr)] if calls.first else []) + [
        call_button(p, tr=tr) for p in calls.others]
    hint = [ft.Text(tr(calls.hint), weight=ft.FontWeight.W_600, color=ft.Colors.ERROR)] if calls.hint else []
    content = ft.Column(
        [ft.Container(ft.Text(advice.message, theme_style=ft.TextThemeStyle.TITLE_MEDIUM, weight=ft.FontWeight.W_600,
                              color=style.color),
                      bgcolor=style.bgcolor, border_radius=8, padding=12)]
        + buttons + hint + _reasons(advice, tr) + (_say(advice, tr) if advice.level > Level.MONITOR else []),
        spacing=10, tight=True, horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
    )
    return ft.AlertDialog(
        icon=ft.Icon(style.icon, color=style.color, size=40, semantics_label=tr(style.word)),
        title=ft.Text(tr(advice.level.title), text_align=ft.TextAlign.CENTER),
        content=ft.Container(content, width=480),
        actions=[ft.TextButton(tr("Close"), on_click=lambda e: page.pop_dialog())],
        scrollable=True, inset_padding=ft.Padding.symmetric(horizontal=16, vertical=24),
        semantics_label=tr(advice.level.title),  # a screen reader names the dialog by it, not "Alert"
    )


def _emergency(page: ft.Page, advice: Advice, calls, tr) -> ft.AlertDialog:
    red = pick(palette.EMERGENCY_SCREEN)
    white = red.fg
    first = [call_button(calls.first, big=True, on_red=True, tr=tr)] if calls.first else []
    rest = [call_button(p, on_red=True, tr=tr) for p in calls.others]
    hint = [ft.Text(tr(calls.hint), color=white, weight=ft.FontWeight.W_600)] if calls.hint else []
    column = ft.Column(
        [ft.Row([ft.Icon(ft.Icons.EMERGENCY, color=white, size=40, semantics_label=tr("Emergency")),
                 ft.Text(tr("Emergency"), color=white, theme_style=ft.TextThemeStyle.TITLE_LARGE,
                         weight=ft.FontWeight.BOLD)], spacing=8),
         ft.Text(advice.message, color=white, theme_style=ft.TextThemeStyle.HEADLINE_MEDIUM, weight=ft.FontWeight.BOLD),
         *first, *rest, *hint, *_reasons(advice, tr, white), *_say(advice, tr, white),
         ft.TextButton(tr("Close"), on_click=lambda e: page.pop_dialog(), style=ft.ButtonStyle(color=white))],
        spacing=14, scroll=ft.ScrollMode.AUTO, horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
    )
    return ft.AlertDialog(
        content=ft.Container(ft.Container(column, width=640), width=page.width, height=page.height, padding=20,
                             alignment=ft.Alignment.TOP_CENTER),
        bgcolor=red.bg, inset_padding=0, content_padding=0, modal=True,
        shape=ft.RoundedRectangleBorder(radius=0), semantics_label=tr("Emergency: call emergency services now"),
    )
