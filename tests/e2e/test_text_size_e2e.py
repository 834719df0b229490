"""Text size and the Display setting.

- The system text size at 200 % (WCAG 1.4.4): every screen at phone and tablet size, the advice too, with
  nothing pushed past the window's edges and no horizontal scrolling (screenshots *-200pct-*.png). Flutter
  tells the page nothing about text clipped inside its box (its overflow marks are drawn in debug builds only),
  so what is clipped within a screen is for the screenshots: look at them.
- More > Display: Dark and Larger text change the app at once, are kept in the data folder and come back in
  a new session; System follows the device again, also when the device switches while the app is open.
"""

from __future__ import annotations

from companion.adapters.store import Store
from companion.services.display import Display, display
from tests.support import PHONE, TABLET
from tests.support.display import device_page, looks, off_screen
from tests.support.screens import advice_screens, every_screen, go, seeded


def test_every_screen_at_200_percent_text(server, browser, tmp_path, request):
    url = server(data_dir=seeded(tmp_path / "data")).url
    pushed_out = {}
    for size, viewport in (("phone", PHONE), ("tablet", TABLET)):
        with device_page(browser, url, viewport, f"{request.node.name}-{size}", text_scale=2) as app:
            line = app.text("Next infusion", exact=True).bounding_box()
            assert line and line["height"] >= 30, f"the text is not at 200 %: {line}"  # 100 %: a 20 px line
            wide = size == "tablet"
            for name in every_screen(app, wide=wide):
                pushed_out[f"{size} {name}"] = off_screen(app)
                app.shot(f"200pct-{name}")
            if not wide:
                for name in advice_screens(app):
                    pushed_out[f"{size} {name}"] = off_screen(app)
                    app.shot(f"200pct-{name}")
    found = {name: boxes for name, boxes in pushed_out.items() if boxes}
    assert not found, "past the window's edge at 200 % text:\n" + "\n".join(f"  {k}: {v}" for k, v in found.items())


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
