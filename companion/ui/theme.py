"""The light and dark themes made from the clinic colour, the device's appearance setting (system, light,
dark) and "Larger text"; and which of the palette's colours a control takes in the theme on show.

Flutter switches the theme's own roles (surface, primary, error...) by itself when the system goes dark;
the palette's colours are picked in Python when a screen is built, so the shell draws again then.
Text follows the system's text size by itself (Flutter's text scaler); "Larger text" scales every text
style of the theme on top of it (Flet 1.0.5 has no text scaler of its own to set).
"""

from __future__ import annotations

from collections.abc import Callable

import flet as ft

from companion.services.display import Display
from companion.ui.palette import Pair, Tone

MODES = {"system": ft.ThemeMode.SYSTEM, "light": ft.ThemeMode.LIGHT, "dark": ft.ThemeMode.DARK}

# Material 3's type scale (Flutter's defaults), in logical pixels.
TYPE_SCALE = {"display_large": 57, "display_medium": 45, "display_small": 36, "headline_large": 32,
              "headline_medium": 28, "headline_small": 24, "title_large": 22, "title_medium": 16, "title_small": 14,
              "body_large": 16, "body_medium": 14, "body_small": 12, "label_large": 14, "label_medium": 12,
              "label_small": 11}


MEDIUM = {"title_medium", "title_small", "label_large", "label_medium", "label_small"}  # Material 3's weight 500


def text_theme(scale: float) -> ft.TextTheme | None:
    """Every style of the type scale times `scale` (None at 1: Flutter's own). Flet 1.0.5 puts each style in
    whole, not over Flutter's: without its colour (the on-surface role, resolved in the theme on show) text
    was black on the dark theme, and without its weight titles and labels lost theirs."""
    if scale == 1:
        return None
    return ft.TextTheme(**{name: ft.TextStyle(size=round(size * scale, 1), color=ft.Colors.ON_SURFACE,
                                              weight=ft.FontWeight.W_500 if name in MEDIUM else None)
                           for name, size in TYPE_SCALE.items()})


def make_theme(seed: str, display: Display) -> ft.Theme:
    return ft.Theme(color_scheme_seed=seed, text_theme=text_theme(display.text_scale))


def apply(page: ft.Page, seed: str, display: Display, redraw: Callable[[], None] | None = None) -> None:
    """Sets the page's themes and mode (the caller updates the page); with `redraw`, draws the screen again
    when the system switches between light and dark, so the palette's colours follow."""
    page.theme = make_theme(seed, display)
    page.dark_theme = make_theme(seed, display)
    page.theme_mode = MODES[display.appearance]
    if redraw is not None:
        shown = [is_dark(page)]

        def changed(e) -> None:  # Flet has set page.platform_brightness by now
            if is_dark(page) != shown[0]:
                shown[0] = is_dark(page)
                redraw()
        page.on_platform_brightness_change = changed


def is_dark(page: ft.Page | None = None) -> bool:
    """Whether the dark theme is on show: the setting, or the system's when it follows the system. Without
    `page`, the page of the session being served (Flet's context); light outside a session."""
    if page is None:
        try:
            page = ft.context.page
        except RuntimeError:
            return False
    mode = page.theme_mode
    if mode == ft.ThemeMode.SYSTEM or mode is None:
        return page.platform_brightness == ft.Brightness.DARK
    return mode == ft.ThemeMode.DARK


def pick(tone: Tone, page: ft.Page | None = None) -> Pair:
    """`tone`'s colours in the theme on show."""
    return tone.on(is_dark(page))
