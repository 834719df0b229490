"""The offline web app (`make pwa`): Python runs in the browser, data lives in IndexedDB, and after the
first visit the app starts and saves with the network off (the static server is stopped as well).

The build runs once per session into a temporary folder, or dist/pwa is reused if it is up to date.
A start of Python in the page without a snapshot is the costliest step here (10-20 s on a busy machine): the first
test, once all its checks passed, leaves its last started app to the downloads test (`leftover`), which starts one of
its own only when there is none (run alone, or after a failure).
"""

from __future__ import annotations

import json
import re
import shutil
import threading
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.support import CHROMIUM, CHROMIUM_ARGS, PHONE, AppPage, free_port
from tests.support.web_page import FLUTTER_INPUT, browser_issues, watch
from companion.services.reminders import ICS_FILE
from tools import build_pwa

pytestmark = pytest.mark.slow
START = 90_000  # ms: Pyodide boots in ~10 s here, more on a busy machine
WORK = 60_000  # ms: what Python does in the page (a save, a file) takes seconds when the machine is busy
ZONE = "America/New_York"  # the browser's time zone, which the downloads test finds in the calendar file


class StaticSite:
    """The build served like any static host would, on a fixed port so it can be stopped and restarted."""

    def __init__(self, folder):
        self.folder, self.port, self.server = folder, free_port(), None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def start(self, folder=None) -> None:
        self.folder = folder or self.folder
        self.server = build_pwa.make_server(self.folder, self.port)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self.server:
            self.server.shutdown()
            self.server.server_close()
            self.server = None


@pytest.fixture(scope="session")
def pwa_build(tmp_path_factory):
    if build_pwa.is_current(build_pwa.DEFAULT_OUT):
        return build_pwa.DEFAULT_OUT
    return build_pwa.build(tmp_path_factory.mktemp("pwa") / "dist")


class Leftover:
    """A started app (its page, browser context and site) that one test, once all its checks passed, leaves to the
    next test that needs a started app, which then owns it; closed at the end of the module if nobody took it."""

    def __init__(self):
        self.held: tuple | None = None  # (AppPage, context, StaticSite)

    def leave(self, app: AppPage, context, site: StaticSite) -> None:
        self.close()
        self.held = (app, context, site)

    def holds(self, thing) -> bool:
        return self.held is not None and any(thing is held for held in self.held)

    def take(self) -> tuple | None:
        held, self.held = self.held, None
        return held

    def close(self) -> None:
        if self.held:
            _, context, site = self.take()
            context.close()
            site.stop()


@pytest.fixture(scope="module")
def leftover():
    shelf = Leftover()
    yield shelf
    shelf.close()


@pytest.fixture
def site(pwa_build, leftover):
    served = StaticSite(pwa_build)
    served.start()
    yield served
    if not leftover.holds(served):
        served.stop()


@pytest.fixture
def launch(browser, tmp_path, leftover):
    """launch(requests=None): the browser on one profile on disk (IndexedDB and the service worker
    survive closing it); the page's and its workers' requests are appended to `requests`."""
    opened = []

    def launch_(requests: list | None = None):
        context = browser.browser_type.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=CHROMIUM, args=CHROMIUM_ARGS, viewport=PHONE,
            accept_downloads=True, timezone_id=ZONE)
        if requests is not None:
            context.on("request", lambda r: r.service_worker or requests.append(
                r.url + "index.html" if r.url.endswith("/") else r.url))
        opened.append(context)
        return context

    yield launch_
    for context in opened:
        if not leftover.holds(context):
            context.close()


def start(app: AppPage, url: str | None = None) -> AppPage:
    if url:
        app.page.goto(url)
    app.page.wait_for_selector("flt-semantics-placeholder", state="attached", timeout=START)
    app.page.eval_on_selector("flt-semantics-placeholder", "e => e.click()")
    app.page.get_by_role("tab", name="Diary").wait_for(timeout=START)
    app.nav("Diary")
    app.button("New entry").wait_for()
    return app


def reload(app: AppPage) -> AppPage:
    app.page.reload()
    return start(app)


def see_entry(app: AppPage, note: str) -> None:
    """A diary card reads out its note (as its text or as its label: Flutter uses either)."""
    page = app.page
    page.get_by_text(note).or_(page.get_by_label(note)).first.wait_for(timeout=WORK)


def add_entry(app: AppPage, note: str) -> None:
    app.button("New entry").click()
    app.button("Save entry").wait_for()  # the form is open
    # The note is the form's last field: to the end of the form at once (type_into's own scrolling goes 400 px a
    # step, 300 ms each, while the field is not on screen: 2-3 s for this one).
    size = app.page.viewport_size
    app.page.mouse.move(size["width"] / 2, size["height"] / 2)
    app.page.mouse.wheel(0, 10_000)
    app.type_into("Note (optional)", note)
    app.button("Save entry").click()
    app.button("Close", exact=True).click()  # the advice for the saved entry
    see_entry(app, note)


def check_installable(page, url: str) -> None:
    """The manifest is linked and complete, and its icons load at their stated sizes."""
    href = page.get_attribute("link[rel=manifest]", "href")
    manifest = json.loads(page.request.get(url + href).text())
    assert manifest["name"] == "Ixempra Companion" and manifest["short_name"] == "Companion"
    assert manifest["display"] == "standalone" and manifest["start_url"] == "./"
    assert manifest["theme_color"] == "#00796B" == page.get_attribute("meta[name=theme-color]", "content")
    sizes = {(icon["sizes"], icon["purpose"]) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("192x192", "maskable"), ("512x512", "maskable")} <= sizes
    for icon in manifest["icons"]:
        width = page.evaluate("""src => new Promise((ok, fail) => {
            const img = new Image(); img.onload = () => ok(img.naturalWidth); img.onerror = fail; img.src = src; })""",
                              icon["src"])
        assert f"{width}x{width}" == icon["sizes"]


CACHES = """async () => {
  const out = {};
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    out[name] = {};
    for (const request of await cache.keys()) out[name][request.url] = (await (await cache.match(request)).blob()).size;
  }
  return out;
}"""


FROM_SNAPSHOT = "Companion: Python ready (from the start-up snapshot)"
PLAIN_START = "Companion: Python ready"


DAMAGE_SNAPSHOT = """async () => {  // what a snapshot from another Pyodide would look like: it reads, then fails
  const { packPages } = await import("./snapshot-pages.mjs");
  const junk = packPages(new TextEncoder().encode("not a snapshot of this Pyodide".repeat(500)));
  await fetch("companion-snapshot", {method: "PUT", body: junk});
}"""


# What the service worker says of the snapshot and of the warm-up (in a header: never an error status)
SNAPSHOT_STATE = ("async () => (await fetch('companion-snapshot', {method: 'HEAD'}))"
                  ".headers.get('X-Companion-Snapshot')")
WARMED_STATE = "async () => (await fetch('companion-warmed')).headers.get('X-Companion-Warmed')"


def wait_for_state(app: AppPage, script: str, state: str, seconds: float, what: str) -> None:
    """Polls the service worker (`script` evaluates to its answer) until it answers `state`."""
    for _ in range(int(seconds * 4)):
        if app.page.evaluate(script) == state:
            return
        app.page.wait_for_timeout(250)
    raise AssertionError(what)


def wait_for_snapshot(app: AppPage) -> None:
    """The first start without a snapshot makes one in the background; the service worker keeps it."""
    wait_for_state(app, SNAPSHOT_STATE, "ready", 120, "no start-up snapshot was made")


# pyodide-loader.mjs: a start without a snapshot starts snapshot-worker.mjs to make one SNAPSHOT_DELAY_MS after Python
# is ready (the timer starts just before its "Python ready" line); the page reports the worker as it starts.
SNAPSHOT_DELAY = 5.0  # s
LATE = 3.0  # s: how late that timer and the page's report of the worker may come on a busy machine


def python_started(log: list[str]) -> str:
    """How Python started on the last (re)load, from the loader's console line."""
    return [line for line in log if line.startswith(PLAIN_START)][-1]


def check_page(page) -> None:
    """The page itself: the clinic's name as its title, a language, a description, pinch zoom allowed."""
    assert page.title() == "Ixempra Companion"
    assert page.evaluate("document.documentElement.lang").startswith("en")
    assert "Ixempra" in page.get_attribute("meta[name=description]", "content")
    viewports = page.evaluate("[...document.querySelectorAll('meta[name=viewport]')].map(m => m.content)")
    assert len(viewports) == 1 and "user-scalable=no" not in viewports[0], viewports
    maximum = re.search(r"maximum-scale=([0-9.]+)", viewports[0])
    assert maximum is None or float(maximum[1]) >= 5, viewports


def no_issues(page) -> list[str]:
    """Chromium's issues for the page (deprecated APIs...) but Flutter's own <input> without an id."""
    return [issue for issue in browser_issues(page) if FLUTTER_INPUT not in issue]


def test_installable_and_data_survives_reload_offline_closing_and_a_new_build(launch, site, tmp_path, leftover):
    loaded, log, ready_at, workers = [], [], [], []

    def console(message) -> None:  # the Python worker's lines too
        log.append(message.text)
        if message.text.startswith(PLAIN_START):
            ready_at.append(time.monotonic())

    context = launch(loaded)
    page = context.new_page()
    problems = watch(page, site.url)  # a normal start, the first and the later ones: nothing goes wrong
    page.on("console", console)
    page.on("worker", lambda worker: workers.append(worker.url))  # its workers' own workers too
    app = start(AppPage(page, "pwa"), site.url)
    check_installable(app.page, site.url)
    check_page(app.page)
    assert no_issues(app.page) == []  # no deprecated API: Flutter's line breaker, shared memory
    add_entry(app, "Felt tired after lunch")
    wait_for_snapshot(app)
    assert any(url.endswith("snapshot-worker.mjs") for url in workers)  # the page tells when one is being made

    see_entry(reload(app), "Felt tired after lunch")
    assert python_started(log) == FROM_SNAPSHOT
    assert app.page.evaluate("crossOriginIsolated")  # as under `companion serve`, from the service worker
    check_page(app.page)
    assert not any(line.startswith("python_module_name:") for line in log), \
        "Flet's start-up script ran: the app should start through companion/browser_boot.py"
    assert app.page.evaluate("navigator.serviceWorker.controller.scriptURL").endswith("/sw.js")
    assert app.page.evaluate(WARMED_STATE) == "to do"  # the warm-up of Python's code: once, when idle

    # While the warm-up waits its turn (6 s after this start: WARM_UP in pyodide-loader.mjs) and runs (3 s), a second
    # window is refused (it would overwrite the first's data); its own warm-up, were it to begin (6 s after its start),
    # would end when the window closes.
    second = AppPage(context.new_page(), "pwa-second").open(site.url)
    second.see("already open in another window", timeout=START)
    second.page.close()

    wait_for_state(app, WARMED_STATE, "done", 30, "the warm-up did not finish")
    assert not any("no warm-up" in line for line in log)
    add_entry(app, "Warm-up done")  # and the app works on after it

    site.stop()  # offline for real: nothing answers any more
    context.set_offline(True)
    see_entry(reload(app), "Felt tired after lunch")
    assert python_started(log) == FROM_SNAPSHOT
    add_entry(app, "Tingling in fingers, offline")
    app.shot("offline-diary")
    cached = app.page.evaluate(CACHES)
    assert app.page.evaluate("crossOriginIsolated")  # the service worker's headers, with no host at all
    assert no_issues(app.page) == []
    assert problems == [], "\n".join(problems)  # no console error or warning, failed request or other host

    app.page.evaluate(DAMAGE_SNAPSHOT)  # a snapshot this browser cannot restore: a normal start instead,
    workers.clear()
    see_entry(reload(app), "Tingling in fingers, offline")  # and no more snapshots for this build
    assert python_started(log) == PLAIN_START
    assert any("start-up snapshot did not load" in line for line in log)
    # until a new one would have been started (not a fixed time after the screen: Python was ready seconds before it)
    app.page.wait_for_timeout(max(0, ready_at[-1] + SNAPSHOT_DELAY + LATE - time.monotonic()) * 1000)
    assert not [url for url in workers if url.endswith("snapshot-worker.mjs")], "a new snapshot was started"
    assert app.page.evaluate(SNAPSHOT_STATE) == "failed"
    context.close()  # closing the browser, offline

    assert all(url.startswith((site.url, "blob:" + site.url)) for url in loaded), "no third party is contacted"
    (name, files), (snapshots, snapshot) = sorted(cached.items())
    assert name.startswith("companion-pwa-") and snapshots == name + "-snapshot"
    assert set(files) <= set(loaded), f"cached, never loaded: {sorted(set(files) - set(loaded))}"
    assert sum(files.values()) < 40e6
    assert sorted(snapshot) == [site.url + "companion-snapshot", site.url + "companion-warmed"]

    # back online with a new build on the server: it replaces the old cache whole, and the data stays
    new_build = tmp_path / "new-build"
    shutil.copytree(site.folder, new_build)
    (new_build / "pwa.js").write_text((new_build / "pwa.js").read_text() + "\n// next release\n")
    new_cache = build_pwa.write_service_worker(new_build)["cache"]
    assert new_cache != name
    site.start(new_build)
    context = launch()
    app = start(AppPage(context.new_page(), "pwa"), site.url)
    see_entry(app, "Felt tired after lunch")
    see_entry(app, "Tingling in fingers, offline")
    mine = {new_cache, new_cache + "-snapshot"}  # the old build's files and its snapshot are gone
    for _ in range(120):  # the new worker installs in the background, then drops the old caches
        names = set(app.page.evaluate("caches.keys()"))
        if new_cache in names and names <= mine:
            break
        app.page.wait_for_timeout(500)
    assert new_cache in names and names <= mine, names
    leftover.leave(app, context, site)  # started, online: the downloads test goes on with it


SNAPSHOT_PAGES = """async () => {
  const { packPages, unpackPages } = await import("./snapshot-pages.mjs");
  const sizes = {};
  for (const size of [0, 4095, 4096, 3 * 4096 + 7]) {
    const memory = new Uint8Array(size);
    for (let i = 4096; i < size; i += 997) memory[i] = i % 251 + 1;  // the first page stays all zeros
    if (size) memory[size - 1] = 9;
    const packed = packPages(memory);
    const back = unpackPages(packed.buffer.slice(0));
    if (back.length !== size || back.some((byte, i) => byte !== memory[i])) return `size ${size} changed`;
    sizes[size] = packed.length;
  }
  sizes.zeros = packPages(new Uint8Array(8192)).length;
  const refused = [];
  const whole = packPages(new Uint8Array(9000).fill(1));
  for (const junk of [new Uint8Array(3), new TextEncoder().encode("a gzip or anything else"), whole.slice(0, -1)]) {
    try { unpackPages(junk.buffer); } catch (err) { refused.push(err.message); }
  }
  return { sizes, refused };
}"""

APP_ARCHIVE = """async (encoded) => {
  const { untarGzip } = await import("./app-archive.mjs");
  const bytes = Uint8Array.from(atob(encoded), (c) => c.charCodeAt(0));
  try {
    return (await untarGzip(bytes)).map(({ path, data }) => [path, data && new TextDecoder().decode(data)]);
  } catch (err) {
    return err.message;
  }
}"""


def tar_gz(entries, fmt) -> str:
    """base64 of a .tar.gz of (name, text or None for a folder, or ("link", target))."""
    import base64
    import io
    import tarfile

    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz", format=fmt) as tar:
        for name, content in entries:
            info = tarfile.TarInfo(name)
            if content is None:
                info.type = tarfile.DIRTYPE
                tar.addfile(info)
            elif isinstance(content, tuple):
                info.type, info.linkname = tarfile.SYMTYPE, content[1]
                tar.addfile(info)
            else:
                data = content.encode()
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
    return base64.b64encode(buffer.getvalue()).decode()


def test_snapshot_and_app_archive_formats_read_back_in_the_browser(browser, site):
    """The loader's own readers, run by Chromium: the snapshot (memory without its all-zero pages) comes
    back byte for byte and anything else is refused; the app archive unpacks as Python's tarfile wrote it."""
    import tarfile

    page = browser.new_page()
    page.goto(site.url + "manifest.json")  # same origin, without starting the app
    formats = page.evaluate(SNAPSHOT_PAGES)
    assert formats["sizes"]["zeros"] == 16 + 2  # all-zero pages: a header and a page map, nothing else
    assert formats["sizes"][str(3 * 4096 + 7)] == 16 + 4 + 3 * 4096  # the first page of four is left out
    assert formats["refused"] == ["not a start-up snapshot of this app"] * 3

    long_name = "companion/" + "long_folder_name/" * 8 + "tête.py"  # longer than a tar header holds
    entries = [("companion", None), ("companion/app.py", "print('hi')\n"), (long_name, "x = 1\n"), ("empty", "")]
    for fmt in (tarfile.PAX_FORMAT, tarfile.GNU_FORMAT):
        assert page.evaluate(APP_ARCHIVE, tar_gz(entries, fmt)) == [list(entry) for entry in entries]
    assert "not a file or folder" in page.evaluate(APP_ARCHIVE, tar_gz([("link", ("link", "/etc/passwd"))],
                                                                            tarfile.GNU_FORMAT))
    assert "unsafe path" in page.evaluate(APP_ARCHIVE, tar_gz([("../outside.py", "x")], tarfile.GNU_FORMAT))
    page.close()


@pytest.fixture
def started(request, browser, leftover):
    """(AppPage, context): the app the first test left started (online, with diary entries but no plan), else a new
    one in a new browser context; downloads accepted, in ZONE either way."""
    held = leftover.take()
    if held:
        app, context, site = held
        yield AppPage(app.page, "pwa-exports"), context
        context.close()
        site.stop()
        return
    context = browser.new_context(viewport=PHONE, accept_downloads=True, timezone_id=ZONE)
    yield start(AppPage(context.new_page(), "pwa-exports"), request.getfixturevalue("site").url), context
    context.close()


def test_calendar_file_and_pdf_report_are_offered_as_downloads(started):
    """In the browser the exports are made by Python in the page and handed over as downloads, offline too."""
    app, context = started
    app.nav("Today")
    app.tap(app.button("Set up my plan"))
    first = date.today() - timedelta(days=2)
    app.type_into("First infusion date", f"{first:%Y-%m-%d}")
    app.type_into("Infusion time", "10:00")
    app.type_into("Number of cycles", "4")
    app.tap(app.button("Save plan"))
    app.see("Plan saved", timeout=WORK)
    context.set_offline(True)

    app.nav("Today")
    with app.page.expect_download(timeout=30_000) as download:
        app.tap(app.button("Add reminders to my calendar (.ics)"))
    app.see("saved in the download offered now", timeout=WORK)
    calendar = Path(download.value.path()).read_text(encoding="utf-8")
    assert download.value.suggested_filename == ICS_FILE
    assert "BEGIN:VCALENDAR" in calendar and calendar.count("BEGIN:VEVENT") >= 3  # infusions 2-4 at least
    assert f"TZID={ZONE}" in calendar  # the plan took the device's zone, found in the bundled tzdata

    app.nav("More")
    app.tap(app.text("Report for the clinic"))
    with app.page.expect_download(timeout=60_000) as download:
        app.tap(app.button("Make PDF report"))
    report = Path(download.value.path())
    assert download.value.suggested_filename.endswith(".pdf")
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(report).pages).split())
    assert "Symptom diary of Me" in text and "every 21 days, 4 cycles" in text, text[:500]
    app.see(f"Downloaded {download.value.suggested_filename}", timeout=WORK)
    app.shot("report-offline")
