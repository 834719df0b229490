"""The Flet web client, made fully offline and a proper web page.

`companion serve` (and the offline web app, `tools/build_pwa.py`) use a copy of flet-web's client (flet
1.0.5) with these changes, made once per client version (hard links for every unchanged file):

- no third party: the client loads Rive's native runtime from a public CDN at start-up, even with `no_cdn`.
  That address now points back to our own origin, where a small stub (`RIVE_STUB`) answers that there is
  no Rive runtime (the app shows no Rive animation): no request leaves the device and none fails;
- pinch zoom allowed: Flutter replaces the page's viewport tag with one that forbids zooming
  (`user-scalable=no`, `maximum-scale=1.0`); the compiled client now writes `VIEWPORT_ZOOMABLE` instead,
  `PAGE_STYLE` lets a two-finger pinch reach the browser (Flutter sets `touch-action: none`) and
  `companion-page.js` shows Flutter the viewport unzoomed, so the browser magnifies the page as it is;
- the page itself: `lang`, a `<title>` and a description (the app's name until the app sets its own
  title, which Flutter would otherwise blank while it starts), and no deprecated browser API at start
  (see `PAGE_SCRIPT`).

tests/unit/test_web_client.py checks the installed client still has what these patches change, and
tests/e2e/test_web_page_e2e.py what a person sees (a pinch, the title, a clean console).
The copy's index.html is still the template Flet fills in at start (`flet_web.patch_index`).
"""

from __future__ import annotations

import hashlib
import html
import os
import re
import shutil
from pathlib import Path

CDN_ADDRESS = re.compile(rb"https://cdn\.jsdelivr\.net/npm/@rive-app/[a-z-]+@[0-9.]+/")
PATCHED = ("main.dart.js", "main.dart.mjs", "main.dart.wasm")
RIVE_PREFIX = b"/offline/rive-not-bundled/"
# The runtimes the client asks for, one after the other (wasm, then wasm_compatibility).
RIVE_FILES = ("wasm/rive_native.js", "wasm_compatibility/rive_native.js")
RIVE_STUB = """\
// Ixempra Companion bundles no Rive runtime: the app shows no Rive animation. Flet's client asks for one at
// start (from a CDN, which companion/adapters/web_client.py points back here); this answers "none", and
// the client carries on without it.
window.RiveNative = function () { return Promise.reject(new Error("no Rive runtime in this app")); };
"""

# Flutter's full-page embedding writes this viewport (same bytes in main.dart.js and main.dart.wasm); the
# replacement has the same length, so the compiled WebAssembly keeps its layout.
VIEWPORT_FLUTTER = b"width=device-width, initial-scale=1.0, maximum-scale=1.0, user-scalable=no"
VIEWPORT_ZOOMABLE = b"width=device-width, initial-scale=1.0, maximum-scale=10, user-scalable=yes"

DEFAULT_TITLE = "Ixempra Companion"
DEFAULT_DESCRIPTION = ("Ixempra (ixabepilone) treatment reminders, symptom diary and drug information, "
                       "kept on this device.")
PAGE_SCRIPT_NAME = "companion-page.js"
PAGE_SCRIPT = """\
// Runs before Flutter starts (companion/adapters/web_client.py puts it in index.html).
(function () {
  // 1. Flutter's renderer breaks lines with Chrome's Intl.v8BreakIterator when the browser has one, an API
  //    Chrome deprecates (a warning at every start). Without it, Flutter's loader picks the build that
  //    carries its own line breaker, as it does in Firefox and Safari.
  try { delete Intl.v8BreakIterator; } catch (err) { /* not there: nothing to do */ }

  // 2. Pinch zoom magnifies the page as it is. Flutter sizes the app to the visual viewport (the part of the
  //    page on screen, which a pinch shrinks) times the pinch's scale: it would lay the app out again for
  //    that sliver, draw it off to one side, and at up to 10 times the pixels. Flutter is shown the
  //    viewport as if not pinched: its size in screen pixels (the same when not zoomed, smaller when an
  //    on-screen keyboard takes part of the screen) and a scale of 1. A pinch then changes nothing for
  //    Flutter, and the browser magnifies what it drew (the accessibility tree stays in place).
  var viewport = window.visualViewport;
  var shown = viewport && Object.getPrototypeOf(viewport);
  var scale = shown && Object.getOwnPropertyDescriptor(shown, "scale");
  if (scale && scale.get) {
    ["width", "height"].forEach(function (side) {
      var size = Object.getOwnPropertyDescriptor(shown, side);
      if (!size || !size.get) return;
      Object.defineProperty(viewport, side, {
        configurable: true,
        get: function () {
          var seen = size.get.call(viewport), zoom = scale.get.call(viewport);
          return zoom === 1 ? seen : Math.round(seen * zoom * 100) / 100;
        },
      });
    });
    Object.defineProperty(viewport, "scale", { configurable: true, get: function () { return 1; } });
  }

  // 3. Keep the page's title while the app starts: Flutter sets it to its own, empty, one before the app
  //    sends its name. An empty title leaves the one the page has (index.html's, then the app's).
  var own = Object.getOwnPropertyDescriptor(Document.prototype, "title");
  if (own && own.get && own.set) {
    Object.defineProperty(document, "title", {
      configurable: true,
      get: function () { return own.get.call(document); },
      set: function (value) { if (String(value).trim()) own.set.call(document, value); },
    });
  }
})();
"""
# Flutter's full-page body gets `touch-action: none` (every touch is Flutter's); a two-finger pinch goes to
# the browser instead, which zooms the page. One-finger drags, taps and scrolling stay Flutter's.
# The page under Flutter's canvas takes the system's colours, as Flet's loading screen does: a dark device
# otherwise sees a white page for a moment between that screen and the app's first frame.
PAGE_STYLE = ("<style>body { touch-action: pinch-zoom !important; background: #ffffff; }\n"
              "  @media (prefers-color-scheme: dark) { body { background: #222222; } }</style>")
VIEWPORT_META = '<meta name="viewport" content="width=device-width, initial-scale=1">'


def rive_address(length: int) -> bytes:
    """A local path of `length` bytes for the CDN address, so the compiled .wasm keeps its layout."""
    return RIVE_PREFIX + b"x" * (length - len(RIVE_PREFIX) - 1) + b"/"


def _same_origin(match: re.Match) -> bytes:
    return rive_address(len(match.group()))


def patch_client(data: bytes) -> bytes:
    """main.dart.* with no third-party address and a viewport that allows zooming."""
    assert len(VIEWPORT_ZOOMABLE) == len(VIEWPORT_FLUTTER)
    return CDN_ADDRESS.sub(_same_origin, data).replace(VIEWPORT_FLUTTER, VIEWPORT_ZOOMABLE)


def patch_index(text: str, title: str = DEFAULT_TITLE, description: str = DEFAULT_DESCRIPTION,
                lang: str = "en") -> str:
    """Flet's index.html with a language, a title, a description, a zoomable viewport and our page script.

    Each change applies where Flet's template has its spot (tests/unit/test_web_client.py checks that the
    installed template has every one); on another template the rest still applies. Patching a patched
    page again changes its title, description and language only."""
    title, description = html.escape(title), html.escape(description)
    changes = [
        (r"<html[^>]*>", f'<html lang="{html.escape(lang)}">'),
        (r"<title>[^<]*</title>", f"<title>{title}</title>"),
        (r'<meta name="description" content="[^"]*">', f'<meta name="description" content="{description}">'),
        (r'<meta name="apple-mobile-web-app-title" content="[^"]*">',
         f'<meta name="apple-mobile-web-app-title" content="{title}">'),
    ]
    if PAGE_SCRIPT_NAME not in text:  # before any script, and before Flutter can touch the title
        changes.append((r'<meta charset="UTF-8">', f'<meta charset="UTF-8">\n  {VIEWPORT_META}\n  {PAGE_STYLE}\n'
                        f'  <script src="{PAGE_SCRIPT_NAME}"></script>'))
    for pattern, new in changes:
        text = re.sub(pattern, lambda _: new, text, count=1)
    return text


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def _rive_stub_paths(work: Path) -> list[Path]:
    """Where the patched client will ask for the Rive runtime (none if the client names no Rive CDN)."""
    match = CDN_ADDRESS.search((work / "main.dart.js").read_bytes())
    if not match:
        return []
    folder = rive_address(len(match.group())).decode().strip("/")
    return [work / folder / name for name in RIVE_FILES]


def offline_web_dir(source: Path, cache_root: Path, title: str = DEFAULT_TITLE,
                    description: str = DEFAULT_DESCRIPTION, lang: str = "en") -> Path:
    """A patched copy of the client at `source` (see the module's doc); reused while nothing changed."""
    stat = (source / "main.dart.js").stat()  # size and time tell a changed client without reading 10 MB
    ours = Path(__file__).read_bytes()  # a change to these patches makes a new copy
    key = f"{source}|{stat.st_size}|{stat.st_mtime_ns}|{title}|{description}|{lang}".encode()
    fingerprint = hashlib.sha256(key + ours).hexdigest()[:16]
    target = cache_root / f"flet-web-{fingerprint}"
    if (target / ".complete").exists():
        return target
    cache_root.mkdir(parents=True, exist_ok=True)
    work = cache_root / f".building-{os.getpid()}"
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(source, work, copy_function=_link_or_copy)
    stubs = _rive_stub_paths(work)
    for name in PATCHED:
        path = work / name
        if path.exists():
            data = path.read_bytes()
            patched = patch_client(data)
            if patched != data:
                path.unlink()  # never write through a hard link into the installed package
                path.write_bytes(patched)
    for name, text in (("index.html", None), (PAGE_SCRIPT_NAME, PAGE_SCRIPT)):
        path = work / name
        if text is None:
            text = patch_index(path.read_text(encoding="utf-8"), title, description, lang)
            path.unlink()
        path.write_text(text, encoding="utf-8")
    for stub in stubs:
        stub.parent.mkdir(parents=True, exist_ok=True)
        stub.write_text(RIVE_STUB, encoding="utf-8")
    (work / ".complete").touch()
    try:
        os.replace(work, target)
    except OSError:  # another process finished first
        shutil.rmtree(work, ignore_errors=True)
    return target


def prepare(environ=os.environ, title: str | None = None, description: str | None = None,
            lang: str | None = None) -> Path | None:
    """Point FLET_WEB_PATH at the patched copy (unless set already); None when it cannot be made.

    `title`: the page's title until the app sets its own (the clinic's name; default: the app's); `lang`:
    the page's language (the clinic's locale, e.g. "en-US"; default "en")."""
    if environ.get("FLET_WEB_PATH"):
        return Path(environ["FLET_WEB_PATH"])
    import platformdirs
    import flet_web

    try:
        target = offline_web_dir(Path(flet_web.get_package_web_dir()),
                                 Path(platformdirs.user_cache_dir("ixempra-companion", appauthor=False)),
                                 title or DEFAULT_TITLE, description or DEFAULT_DESCRIPTION, lang or "en")
    except OSError:
        return None
    environ["FLET_WEB_PATH"] = str(target)
    return target
