"""The one screen shown when the app cannot open safely (data from a newer version, a broken clinic file)."""

from collections.abc import Callable

import flet as ft


def show_problem(page: ft.Page, message: str, tr: Callable[[str], str] = str) -> None:
    """`message` as given; the rest worded with `tr` (English by default: when the app cannot open, the
    clinic's languages may not be known)."""
    page.title = tr("Companion cannot open")
    page.controls = [ft.SafeArea(ft.Container(ft.Column([
        ft.Icon(ft.Icons.SYSTEM_UPDATE, size=48, color=ft.Colors.PRIMARY, semantics_label=tr("Problem")),
        ft.Text(tr("Companion cannot open"), theme_style=ft.TextThemeStyle.HEADLINE_SMALL),
        ft.Text(message, size=16),
        ft.Text(tr("Nothing was changed or deleted. If you need help, call your care team; "
                   "for an emergency, call your local emergency number."), size=16),
    ], spacing=16), padding=24), expand=True)]
    page.update()
