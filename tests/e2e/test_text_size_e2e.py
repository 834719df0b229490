"""Text size and the Display setting.

- The system text size at 200 % (WCAG 1.4.4): every screen at phone and tablet size, the advice too, and every
  screen of a Spanish phone (Spanish runs about a fifth longer) scrolled through from top to bottom (the
  English ones at their top: the same layout with shorter words, and the suite must stay short): nothing pushed
  past the window's edges, no horizontal scrolling, and no label longer than its box: a checkbox's, radio
  button's or switch's words need as many lines as their box holds, a text field's floating label one line
  (measured in the app's own font). Screenshots *-200pct-*.png; the Spanish ones a strip per screen, its top
  on the left. Flutter tells the page nothing about other text clipped inside its box (its overflow
  marks are drawn in debug builds only): that is for the screenshots: look at them.
- More > Display: Dark and Larger text change the app at once, are kept in the data folder and come back in
  a new session; System follows the device again, also when the device switches while the app is open.
"""

from __future__ import annotations

from companion.adapters.catalogs import translator
from companion.adapters.store import Store
from companion.services.display import Display, display
from tests.support import ARTIFACTS, PHONE, ROOT, TABLET
from tests.support.display import clipped_labels, device_page, looks, off_screen, scrolled_through, side_by_side
from tests.support.screens import advice_screens, every_screen, go, seeded

SCALE = 2  # 200 %


def spanish_clinic(folder):
    """The example clinic (°C) offering Spanish after its review, as a clinic would ship it."""
    text = (ROOT / "data" / "clinic.example.toml").read_text(encoding="utf-8")
    path = folder / "clinic-es.toml"
    path.write_text(text.replace('languages = ["en"]', 'languages = ["es", "en"]')
                    + '\n[language_review]\nes = "Test reviewer, oncology nurse, 2026-12-07"\n', encoding="utf-8")
    return path


def test_every_screen_at_200_percent_text(server, browser, tmp_path, request):
    english = server(data_dir=seeded(tmp_path / "en")).url
    spanish = server(data_dir=seeded(tmp_path / "es"), clinic=spanish_clinic(tmp_path)).url
    found: dict[str, list[str]] = {}
    for lang, size, viewport, url in (("en", "phone", PHONE, english), ("en", "tablet", TABLET, english),
                                      ("es", "phone", PHONE, spanish)):
        tr = translator(lang).gettext
        name = f"{request.node.name}-{size}" if lang == "en" else f"{request.node.name}-es-{size}"
        with device_page(browser, url, viewport, name, text_scale=SCALE,
                         locale="es-MX" if lang == "es" else None) as app:
            line = app.text(tr("Next infusion"), exact=True).bounding_box()
            assert line and line["height"] >= 30, f"the text is not at 200 %: {line}"  # 100 %: a 20 px line
            wide = size == "tablet"

            def look(where: str) -> None:
                problems = off_screen(app) + clipped_labels(app, SCALE)
                if problems:
                    found.setdefault(where, []).extend(p for p in problems if p not in found.get(where, []))

            for screen in every_screen(app, wide=wide, tr=tr):
                where = f"{lang} {size} {screen}"
                shots = scrolled_through(app, lambda: look(where), steps=6 if lang == "es" else 1)
                side_by_side(shots, ARTIFACTS / f"{name}-200pct-{screen}.png")
            if not wide:
                for screen in advice_screens(app, tr=tr, fever="101" if lang == "en" else "38.4"):
                    look(f"{lang} {size} {screen}")
                    app.shot(f"200pct-{screen}")
    assert not found, "at 200 % text:\n" + "\n".join(f"  {k}: {v}" for k, v in found.items())


def test_display_setting_dark_and_larger_text_are_kept(server, browser, request):
    srv = server()
    with device_page(browser, srv.url, PHONE, f"{request.node.name}-phone") as app:  # a device in light mode
        assert looks(app, dark=False)
        go(app, "More")
        app.button("Display").click()
        before = app.text("Appearance", exact=True).bounding_box()["height"]
        app.page.get_by_role("radio", name="Dark").click()
        app.see("The app is now dark.")
        assert looks(app, dark=True)
        app.page.get_by_role("switch", name="Larger text").click()
        app.see("Larger text is on.")
        after = app.text("Appearance", exact=True).bounding_box()["height"]
        assert after >= 1.2 * before, (before, after)
        app.shot("display-dark-larger")
    store = Store(srv.data_dir, writer=False)
    try:
        assert display(store) == Display("dark", True)
    finally:
        store.close()

    with device_page(browser, srv.url, TABLET, f"{request.node.name}-tablet") as app:  # a new session
        assert looks(app, dark=True)
        go(app, "More")
        app.button("Display").click()
        assert app.page.get_by_role("radio", name="Dark").is_checked()
        assert app.page.get_by_role("switch", name="Larger text").is_checked()
        assert app.text("Appearance", exact=True).bounding_box()["height"] >= 1.2 * before
        app.shot("display-kept")
        app.page.get_by_role("radio", name="System").click()
        app.see("The app now follows this device's light or dark mode.")
        assert looks(app, dark=False)  # this device is light
        app.page.emulate_media(color_scheme="dark")  # and now it switches to dark: the app follows at once
        assert looks(app, dark=True)
        go(app, "Diary")
        app.shot("system-turned-dark")
