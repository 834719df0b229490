"""The themes made from the clinic colour and the device's display setting."""

import flet as ft

from companion.services.display import Display
from companion.ui import theme


def test_larger_text_scales_every_style_and_keeps_the_theme_colour():
    """Flet puts a theme's text style in whole: a style without a colour drew black text on the dark theme."""
    normal, larger = theme.make_theme("#00897B", Display()), theme.make_theme("#00897B", Display("dark", True))
    assert normal.text_theme is None  # Flutter's own type scale
    for name, size in theme.TYPE_SCALE.items():
        style = getattr(larger.text_theme, name)
        assert style.size > 1.2 * size, name
        assert style.color == ft.Colors.ON_SURFACE, name


def test_the_mode_follows_the_setting_and_dark_is_worked_out_from_the_system_when_it_follows_it():
    page = type("Page", (), {})()
    for appearance, system, dark in (("system", ft.Brightness.DARK, True), ("system", ft.Brightness.LIGHT, False),
                                     ("light", ft.Brightness.DARK, False), ("dark", ft.Brightness.LIGHT, True)):
        theme.apply(page, "#00897B", Display(appearance))
        page.platform_brightness = system
        assert theme.is_dark(page) is dark, (appearance, system)
    assert theme.is_dark() is False  # outside a session: light
