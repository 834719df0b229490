"""What the More sections share: the privacy line, file names, and a line of result or error text."""

from __future__ import annotations

import re

import flet as ft

from companion.core.i18n import N_

PRIVACY_LINE = N_("Everything stays on this device. Nothing is sent anywhere unless you export it.")  # tr() it


def slug(text: str) -> str:
    """`text` as a file-name part: letters, digits and dashes."""
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower() or "patient"


def error_text() -> ft.Text:
    return ft.Text("", color=ft.Colors.ERROR, visible=False)


def show(text_control: ft.Text, message: str, error: bool = False) -> None:
    text_control.value, text_control.visible = message, bool(message)
    text_control.color = ft.Colors.ERROR if error else None
    text_control.update()
