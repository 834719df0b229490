"""The one screen shown when the app cannot open safely (data from a newer version, a broken clinic file)."""

import flet as ft


def show_problem(page: ft.Page, message: str) -> None:
    page.title = "Companion cannot open"
    page.controls = [ft.SafeArea(ft.Container(ft.Column([
        ft.Icon(ft.Icons.SYSTEM_UPDATE, size=48, color=ft.Colors.PRIMARY, semantics_label="Problem"),
        ft.Text("Companion cannot open", theme_style=ft.TextThemeStyle.HEADLINE_SMALL),
        ft.Text(message, size=16),
        ft.Text("Nothing was changed or deleted. If you need help, call your care team; "
                "for an emergency, call your local emergency number.", size=16),
    ], spacing=16), padding=24), expand=True)]
    page.update()
