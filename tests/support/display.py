"""Pages that look like a person's device: dark mode, the system text size at 200 %, a phone's touch screen;
and what the tests measure on them: tap targets and anything pushed past the screen's right edge.

- Dark mode: the browser reports `prefers-color-scheme: dark`, as a phone set to dark does; the app follows it.
- Text size: Flutter's web engine takes its text scale from the page's root font size (16 px = 100 %), which is
  what a browser's font-size setting changes; 32 px is 200 %, the system text size WCAG asks to support.
- Reduced motion: the browser reports `prefers-reduced-motion: reduce` (a setting many people who need large
  text or dark mode also turn on), which Flutter's web engine passes on as "disable animations". These pages
  are for looking at screens at rest; the flows keep their animations (`open_app`). It cost a fifth of the
  CPU of a sweep of every screen (93 s against 121 s for the 200 % test, back to back).
- A phone: a mobile user agent with touch. Flutter picks its tap-target sizes by platform (a desktop browser
  with a mouse gets denser controls), so tap targets are measured as a phone shows them. Its accessibility
  tree is switched on by a tap in the middle of the placeholder, as a screen reader's double tap does.

Flutter clips a node's box to the scrolling pane it is in, so a control half under a bar looks small: the
tap-target sweep scrolls each screen through and keeps, per control, the largest box it saw.
"""

from __future__ import annotations

from contextlib import contextmanager
from io import BytesIO
from pathlib import Path

from tests.support.app import AppPage

ANDROID = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
           "Chrome/124.0.0.0 Mobile Safari/537.36")
MIN_TARGET = 48  # px, Material's and WCAG 2.5.5's minimum


def root_font(scale: float) -> str:
    """An init script that sets the page's root font size before Flutter starts: its text scale."""
    return ("document.addEventListener('DOMContentLoaded', () => "
            f"{{ document.documentElement.style.fontSize = '{16 * scale:g}px'; }});")


@contextmanager
def device_page(browser, url: str, size: dict, name: str, *, dark: bool = False, text_scale: float = 1.0,
                phone: bool = False, locale: str | None = None):
    """An AppPage on `url` in a fresh browser context set up as described above (in the language of `locale`,
    e.g. "es-MX", when given); closed afterwards."""
    options = {"viewport": size, "color_scheme": "dark" if dark else "light", "reduced_motion": "reduce"}
    if locale:
        options["locale"] = locale
    if phone:
        options.update(is_mobile=True, has_touch=True, user_agent=ANDROID)
    context = browser.new_context(**options)
    try:
        page = context.new_page()
        if text_scale != 1:
            page.add_init_script(root_font(text_scale))
        app = AppPage(page, name)
        if phone:
            _open_by_touch(page, url, size)
        else:
            app.open(url)
        yield app
    finally:
        context.close()


def _open_by_touch(page, url: str, size: dict) -> None:
    page.goto(url)
    page.wait_for_selector("flt-semantics-placeholder", state="attached", timeout=60_000)
    for _ in range(5):
        page.touchscreen.tap(size["width"] / 2, size["height"] / 2)
        try:
            page.wait_for_selector("flt-semantics[role], flt-semantics input", state="attached", timeout=3_000)
            return
        except Exception:  # noqa: BLE001 - Playwright's timeout: Flutter was not listening yet; tap again
            continue
    raise AssertionError("the accessibility tree never came on with a tap")


# Every control a finger can tap: Flutter marks them flt-tappable; text fields are <input>/<textarea>.
TARGETS_JS = """() => [...document.querySelectorAll(
        'flt-semantics-host [flt-tappable], flt-semantics-host input, flt-semantics-host textarea')]
    .map(n => { const b = n.getBoundingClientRect();
                const name = (n.getAttribute('aria-label') || n.textContent || n.getAttribute('role') || '?');
                return {name: name.replace(/\\s+/g, ' ').trim().slice(0, 60), role: n.getAttribute('role') || n.tagName,
                        width: b.width, height: b.height, top: b.top}; })
    .filter(t => t.width > 0 && t.height > 0)"""

# Boxes reaching past the left or right edge of the window (text pushed off screen, a row too wide), and a page
# wider than its window (horizontal scrolling).
OFF_SCREEN_JS = """() => {
    const width = window.innerWidth, found = [];
    for (const n of document.querySelectorAll('flt-semantics-host flt-semantics, flt-semantics-host input')) {
        const b = n.getBoundingClientRect();
        if (b.width === 0 || b.height === 0) continue;
        if (b.right > width + 1 || b.left < -1) {
            const name = (n.getAttribute('aria-label') || n.textContent || n.tagName).replace(/\\s+/g, ' ').trim();
            found.push(`${name.slice(0, 60)} (${Math.round(b.left)}..${Math.round(b.right)} of ${width})`);
        }
    }
    if (document.documentElement.scrollWidth > width + 1) found.push(`the page is ${document.documentElement.scrollWidth} px wide`);
    return found;
}"""


def off_screen(app) -> list[str]:
    """What reaches past the window's left or right edge on the screen as it is now."""
    return app.page.evaluate(OFF_SCREEN_JS)


def sweep(app, look, steps: int = 30) -> None:
    """Calls `look()` on the screen as it is, then scrolls its main pane down and looks again, until the
    pane stops moving (the accessibility tree is the same twice) or `steps` runs out; then back to the top."""
    page = app.page
    size = page.viewport_size
    x, y = size["width"] / 2, size["height"] / 2
    before = None
    moved = 0
    for _ in range(steps):
        look()
        now = page.evaluate("() => [...document.querySelectorAll('flt-semantics-host flt-semantics')]"
                            ".map(n => Math.round(n.getBoundingClientRect().top)).join('|')")
        if now == before:
            break
        before = now
        page.mouse.move(x, y)
        page.mouse.wheel(0, size["height"] * 0.6)
        moved += 1
        page.wait_for_timeout(250)
    if moved:
        page.mouse.wheel(0, -100_000)
        page.wait_for_timeout(250)


def small_targets(app, steps: int = 30) -> dict[str, tuple[int, int]]:
    """The tappable controls of the screen on show (scrolled through) whose box stays under 48 x 48 px:
    {"role name": (width, height)}, each at the largest it was seen."""
    seen: dict[str, tuple[float, float]] = {}

    def look() -> None:
        for t in app.page.evaluate(TARGETS_JS):
            key = f"{t['role']} {t['name']!r}"
            w, h = seen.get(key, (0, 0))
            seen[key] = (max(w, t["width"]), max(h, t["height"]))

    sweep(app, look, steps)
    return {k: (round(w), round(h)) for k, (w, h) in seen.items() if w < MIN_TARGET - 0.5 or h < MIN_TARGET - 0.5}


def looks(app, dark: bool, timeout_ms: int = 4000) -> bool:
    """Whether the screen turns dark (or light) within `timeout_ms`: Flutter animates a change of theme."""
    for _ in range(max(1, timeout_ms // 250)):
        png = app.page.screenshot()
        if is_dark(png) if dark else is_light(png):
            return True
        app.page.wait_for_timeout(250)
    return False


def brightness(png: bytes | Path) -> float:
    """A screenshot's mean lightness, 0 (black) to 1 (white)."""
    from PIL import Image, ImageStat

    image = Image.open(BytesIO(png) if isinstance(png, bytes) else png).convert("L")
    return ImageStat.Stat(image).mean[0] / 255


def is_dark(png: bytes | Path) -> bool:
    return brightness(png) < 0.35  # a dark theme's screen, a light dialog or snackbar on it included


def is_light(png: bytes | Path) -> bool:
    return brightness(png) > 0.6


# Labels too long for their box at the text scale given: a checkbox's, radio button's or switch's words (14 px body
# text) need as many lines as their width over the room beside the control, and a text field's floating label
# (12 px) one line. Measured with the app's own Roboto, which the page serves. Flutter cuts a node's box to the
# scrolling pane it is in: a node at the pane's edge is left for another scroll position.
CLIPPED_LABELS_JS = """async (scale) => {
    if (!window.__labelFont) {
        const font = new FontFace('LabelCheck', 'url(assets/fonts/roboto.woff2)');
        await font.load();
        document.fonts.add(font);
        window.__labelFont = true;
    }
    const ctx = document.createElement('canvas').getContext('2d');
    const width = (text, px) => { ctx.font = `${px}px LabelCheck`; return ctx.measureText(text).width; };
    const pane = n => { let a = n.parentElement;
                        while (a && a.tagName === 'FLT-SEMANTICS' && getComputedStyle(a).overflowY === 'visible') a = a.parentElement;
                        return a && a.tagName === 'FLT-SEMANTICS' ? a.getBoundingClientRect() : {top: 0, bottom: window.innerHeight}; };
    const found = [];
    for (const n of document.querySelectorAll(
            'flt-semantics-host [role=checkbox], flt-semantics-host [role=radio], flt-semantics-host [role=switch], '
            + 'flt-semantics-host input, flt-semantics-host textarea')) {
        const name = (n.getAttribute('aria-label') || '').trim();
        const b = n.getBoundingClientRect();
        const clip = pane(n);
        if (!name || b.width === 0 || b.top <= clip.top + 1 || b.bottom >= clip.bottom - 1) continue;
        if (n.tagName === 'INPUT' || n.tagName === 'TEXTAREA') {
            const need = width(name, 12 * scale), room = b.width - 40;
            if (need > room) found.push(`field "${name}": its label needs ${Math.round(need)} px, has ${Math.round(room)}`);
        } else {
            const line = 20 * scale, room = b.width - 52;
            const lines = Math.ceil(width(name, 14 * scale) / room);
            if (b.height < lines * line - 4)
                found.push(`${n.getAttribute('role')} "${name}": ${lines} lines of words in a box ${Math.round(b.height)} px tall`);
        }
    }
    return found;
}"""


def clipped_labels(app, scale: float) -> list[str]:
    """The labels on show that cannot fit their box at text scale `scale` (see CLIPPED_LABELS_JS)."""
    return app.page.evaluate(CLIPPED_LABELS_JS, scale)


TREE_TOPS_JS = ("() => [...document.querySelectorAll('flt-semantics-host flt-semantics')]"
                ".map(n => Math.round(n.getBoundingClientRect().top)).join('|')")


def scrolled_through(app, look, x: float | None = None, steps: int = 10) -> list[bytes]:
    """Screenshots of the screen on show from its top down, scrolling the pane under `x` (the middle by default)
    most of a window at a time until it stops moving or `steps` runs out (1: the top only), calling `look()` at
    each position; then back to the top."""
    page = app.page
    size = page.viewport_size
    x = size["width"] / 2 if x is None else x
    shots: list[bytes] = []
    before = None
    for step in range(steps):
        page.mouse.move(1, 1)  # off the content: no hover tooltip in the picture (a chart's, a tab's)
        app.wait_for_still_frame()  # the screen drawn (a new screen, or the scroll come to rest)
        now = page.evaluate(TREE_TOPS_JS)
        if now == before:
            break
        before = now
        shots.append(page.screenshot())
        look()
        if step + 1 < steps:
            page.mouse.move(x, size["height"] / 2)
            page.mouse.wheel(0, size["height"] * 0.75)
    if len(shots) > 1:
        page.mouse.wheel(0, -100_000)
        page.wait_for_timeout(200)
    return shots


def side_by_side(shots: list[bytes], path: Path) -> Path:
    """The screenshots in one PNG, left to right (a screen scrolled through, read as a strip)."""
    from PIL import Image

    images = [Image.open(BytesIO(png)) for png in shots]
    strip = Image.new("RGB", (sum(i.width for i in images), max(i.height for i in images)), "white")
    left = 0
    for image in images:
        strip.paste(image, (left, 0))
        left += image.width
    path.parent.mkdir(parents=True, exist_ok=True)
    strip.save(path)
    return path
