"""Small layout helpers shared by the views."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable

import flet as ft

from companion.core.errors import StorageError

WIDE_MIN_WIDTH = 840  # Material 3 "expanded" window class: rail + two panes from here up


def is_wide(width: float | None) -> bool:
    return (width or 0) >= WIDE_MIN_WIDTH


def two_panes(master: ft.Control, detail: ft.Control, master_width: int = 380) -> ft.Control:
    """List on the left, detail on the right (tablet)."""
    return ft.Row(
        [ft.Container(master, width=master_width), ft.VerticalDivider(width=1), ft.Container(detail, expand=True)],
        expand=True,
        spacing=0,
        vertical_alignment=ft.CrossAxisAlignment.STRETCH,
    )


def scroll_column(controls: list[ft.Control], padding: int = 16, spacing: int = 12) -> ft.Control:
    return ft.Container(
        ft.Column(controls, scroll=ft.ScrollMode.AUTO, spacing=spacing, expand=True),
        padding=padding,
        expand=True,
    )


def heading(text: str) -> ft.Text:
    return ft.Text(text, theme_style=ft.TextThemeStyle.TITLE_MEDIUM, weight=ft.FontWeight.BOLD)


def muted(text: str, size: int = 12) -> ft.Text:
    """Secondary text: `size` 12 is the theme's small body text, larger sizes its body text (14), so that
    More > Display's "Larger text" scales it too."""
    style = ft.TextThemeStyle.BODY_SMALL if size <= 12 else ft.TextThemeStyle.BODY_MEDIUM
    return ft.Text(text, theme_style=style, color=ft.Colors.ON_SURFACE_VARIANT)


def icon_button(icon, label: str, on_click) -> ft.IconButton:
    """An icon button that screen readers (and tests) can name: in Flet 1.0 a tooltip alone labels a wrapper."""
    return ft.IconButton(ft.Icon(icon, semantics_label=label), tooltip=label, on_click=on_click)


def guarded(toast: Callable[[str], None], handler: Callable, t=None) -> Callable:
    """`handler` (plain or async) with a StorageError (the device did not keep a change: disk full, folder
    gone) turned into a message through `toast`. Flet ends the whole session on any error a handler
    raises; this way what was typed stays on screen and the person can try again. With `t` (a translator)
    the message is told in its language."""
    return _catching(handler, lambda args: lambda error: toast(error.told(t) if t is not None else str(error)))


def saves(method: Callable) -> Callable:
    """Decorates a view's method that writes (the view has `.shell`): see `guarded`; the message is told in the
    patient's language."""
    return _catching(method, lambda args: lambda error: args[0].shell.toast(error.told(args[0].shell.t)))


def _catching(handler: Callable, toast_for: Callable[[tuple], Callable[[StorageError], None]]) -> Callable:
    if inspect.iscoroutinefunction(handler):
        @functools.wraps(handler)
        async def run_async(*args, **kwargs):
            try:
                return await handler(*args, **kwargs)
            except StorageError as error:
                toast_for(args)(error)
        return run_async

    @functools.wraps(handler)
    def run(*args, **kwargs):
        try:
            return handler(*args, **kwargs)
        except StorageError as error:
            toast_for(args)(error)
    return run
