"""The one screen shown when the app cannot open safely (data from a newer version, a broken clinic file)."""

from collections.abc import Callable

import flet as ft

from companion.core.i18n import DEFAULT, choose


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


async def device_languages(page) -> list[str]:
    """The device's languages, in its order of preference ("es-MX"...); [] when the device does not say."""
    try:
        info = await page.get_device_info()
    except Exception:  # noqa: BLE001 - no answer: the clinic's default language stays
        return []
    codes = getattr(info, "languages", None) or [getattr(locale, "language_code", "") for locale in
                                                 getattr(info, "locales", None) or []]
    return [str(code) for code in codes if code]


async def show_problem_in_device_language(page: ft.Page, error, translator: Callable[[str], object]) -> None:
    """The problem screen again in the device's language once it is known (`translator(code)`: a catalog);
    it was first shown in English, since the clinic's languages may be what could not be read."""
    language = choose(None, DEFAULT, await device_languages(page))
    if language != DEFAULT:
        t = translator(language)
        show_problem(page, error.told(t), t.gettext)
