"""The app under test: `AppServer` runs `companion serve` on a data folder, `AppPage` drives a Playwright page on it.

Flutter draws on a canvas; clicking `flt-semantics-placeholder` turns the
accessibility tree on, which gives buttons, fields and text that Playwright can find by role and label.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.support.ports import free_port, listened_by
from tools.browser_harness import ROOT, open_with_semantics, serve_command, wait_http

ARTIFACTS = ROOT / "artifacts" / "screenshots"

# Flutter's web engine asks the browser for each frame it draws (requestAnimationFrame): remember when it last
# did; and, with its multi-threaded renderer (skwasm, the served app's: the page is cross-origin isolated), when
# a frame drawn on the worker was last put on screen (transferFromImageBitmap): that comes later, up to seconds
# on a loaded machine, while the accessibility tree already shows the new screen. Installed before the page's
# own scripts run (Page.add_init_script), so every frame is seen.
WATCH_FRAMES = """(() => {
    const request = window.requestAnimationFrame.bind(window);
    window.__lastFrameAsked = performance.now();
    window.requestAnimationFrame = callback => { window.__lastFrameAsked = performance.now(); return request(callback); };
    const show = ImageBitmapRenderingContext.prototype.transferFromImageBitmap;
    ImageBitmapRenderingContext.prototype.transferFromImageBitmap = function (...args) {
        window.__lastFrameShown = performance.now();
        return show.apply(this, args);
    };
})();"""
# Resolves true once no frame was asked for during `quiet` ms and the last one asked for is on screen (a
# renderer that draws in the frame itself shows none: it is then on screen), at most `most` ms; false without
# the watch.
STILL_FRAME_JS = """async ([quiet, most]) => {
    if (window.__lastFrameAsked === undefined) return false;
    const start = performance.now();
    const shown = () => window.__lastFrameShown === undefined || window.__lastFrameShown >= window.__lastFrameAsked;
    const last = () => Math.max(window.__lastFrameAsked, window.__lastFrameShown || 0);
    do {
        await new Promise(resolve => setTimeout(resolve, 50));
    } while ((performance.now() - last() < quiet || !shown()) && performance.now() - start < most);
    return true;
}"""


@dataclass
class AppServer:
    """`companion serve` on `data_dir` (a clinic file and extra environment variables optional), its output in a
    log beside the folder; start() returns once it answers, with the log in the error if it never does."""

    data_dir: Path
    clinic: Path | None = None
    extra_env: dict = field(default_factory=dict)
    port: int = 0
    script: Path | None = None  # a script that takes serve's arguments, instead of `companion serve`
    proc: subprocess.Popen | None = None
    log: Path | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def start(self, timeout: float = 60) -> "AppServer":
        for _ in range(3):
            self.port = free_port()
            cmd = serve_command(self.port, self.data_dir, self.clinic)
            if self.script is not None:
                cmd = [cmd[0], str(self.script), *cmd[cmd.index("--port"):]]
            self.log = self.data_dir.parent / f"server-{self.port}.log"
            env = {**os.environ, **self.extra_env}
            with self.log.open("w") as out:
                self.proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT, env=env)
            try:
                wait_http(self.url, self.proc, timeout, self.log)
                if listened_by(self.proc.pid, self.port) is not False:
                    return self
                self.stop()  # what answered is another program that took the port first
            except RuntimeError:
                # another program took the port between free_port() and the server binding it: a new port
                if self.proc.poll() is None or "address already in use" not in self.log.read_text().lower():
                    raise
        raise RuntimeError(f"no free port for the app after 3 tries (see {self.log})")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def restart(self) -> "AppServer":
        self.stop()
        return self.start()


class AppPage:
    """A Playwright page on the running app, with the semantics tree switched on."""

    def __init__(self, page, name: str):
        self.page = page
        self.name = name
        page.add_init_script(WATCH_FRAMES)  # from the next load on (open() or a reload); shot() reads it

    def open(self, url: str) -> "AppPage":
        open_with_semantics(self.page, url)
        return self

    def text(self, text: str, exact: bool = False):
        return self.page.get_by_text(text, exact=exact).first

    def see(self, text: str, timeout: float = 30_000, exact: bool = False):  # ms; a busy machine's 2 cores are
        # shared by two workers' servers and browsers: a screen can take more than 15 s to answer there
        loc = self.text(text, exact)
        try:
            loc.wait_for(timeout=timeout)
        except PlaywrightTimeout:
            self._what_was_shown(f"no {text!r}")
            raise
        return loc

    def _what_was_shown(self, why: str) -> None:
        """For a failed wait: the screen and its text in the test's output (a screenshot under artifacts/)."""
        try:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            path = ARTIFACTS / f"{self.name}-failed-wait.png"
            self.page.screenshot(path=str(path))
            print(f"{why}: the screen was {path}, reading:\n{self.visible_text()[:2000]}")
        except Exception as error:  # noqa: BLE001 - the page may be gone: the wait's own error says enough
            print(f"{why}: the screen could not be read ({error})")

    def button(self, name: str, exact: bool = False):
        return self.page.get_by_role("button", name=name, exact=exact).first

    def field(self, label: str):
        return self.page.get_by_label(label).first

    def scroll_to(self, locator) -> None:
        """Scroll Flutter's canvas until the control is on screen (not under a bar)."""
        page = self.page
        height = page.viewport_size["height"]
        bottom = height - (90 if page.viewport_size["width"] < 840 else 8)  # phones: above the navigation bar
        for _ in range(12):
            box = locator.bounding_box()
            if box and 60 < box["y"] and box["y"] + box["height"] < bottom:
                return
            x = box["x"] + box["width"] / 2 if box else page.viewport_size["width"] / 2
            page.mouse.move(x, height / 2)  # over the control's own pane
            page.mouse.wheel(0, (box["y"] - height / 2) if box else 400)
            page.wait_for_timeout(300)
        raise AssertionError("control never came on screen")

    def tap(self, locator) -> None:
        """Scroll the control into view, wait until it stays put (a scroll can still be moving on a loaded
        machine: a click then lands beside it), then click it."""
        self.scroll_to(locator)
        before = None
        for _ in range(20):
            box = locator.bounding_box()
            if box is not None and box == before:
                break
            before = box
            self.page.wait_for_timeout(100)
        locator.click()

    def _wait_until_flutter_listens(self, field, polls: int = 60) -> bool:
        """True once Flutter's text editing has attached its `input` listener to the field's <input>
        (polled every 50 ms, over one DevTools session); False if it never does."""
        field.evaluate("e => { window.__typingInto = e; }")
        cdp = self.page.context.new_cdp_session(self.page)
        try:
            element = cdp.send("Runtime.evaluate", {"expression": "window.__typingInto"})["result"]["objectId"]
            for _ in range(polls):
                found = cdp.send("DOMDebugger.getEventListeners", {"objectId": element})["listeners"]
                if any(listener["type"] == "input" for listener in found):
                    return True
                self.page.wait_for_timeout(50)
            return False
        finally:
            cdp.detach()

    def type_into(self, label: str, value: str, until: str | None = None) -> None:
        """Type into a Flutter text field the way its engine expects, then check the value stuck.

        A mouse click on the field races the engine: the click's gesture focuses the field a moment
        later, and a fill landing before that is reset or, worse, kept by the page's <input> while
        Flutter never sees it (measured under load: about 1 fill in 3 lost). Focusing the <input>
        itself and filling only once Flutter listens to it lost none in 30. With `until`, also wait
        for that text, the effect a person would see."""
        field = self.field(label)
        self.scroll_to(field)
        for _ in range(4):
            field.evaluate("e => e.blur()")
            field.focus()
            if not self._wait_until_flutter_listens(field):
                continue  # Flutter never took the focus: from scratch
            field.fill(value)
            self.page.wait_for_timeout(100)
            if field.input_value() != value:
                continue
            if until is None:
                return
            try:
                self.see(until, timeout=6_000)
                return
            except PlaywrightTimeout:
                pass
        raise AssertionError(f"could not type {value!r} into {label!r}" + (f" (no {until!r})" if until else ""))

    def nav(self, label: str) -> None:
        """Tap a navigation destination (bottom bar on phones, rail on tablets)."""
        self.page.get_by_role("tab", name=label).or_(self.page.get_by_role("button", name=label)).first.click()

    def shot(self, label: str) -> Path:
        """The screen as a person sees it, in artifacts/screenshots/: the pointer moved off the content first
        (Playwright clicks with a mouse, whose hover shows tooltips a finger's tap never does)."""
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{self.name}-{label}.png"
        self.page.mouse.move(1, 1)
        self.wait_for_still_frame()
        self.page.screenshot(path=str(path))
        return path

    def wait_for_still_frame(self, quiet_ms: int = 150, most_ms: int = 4000) -> None:
        """Lets the last frame paint: returns once Flutter has asked for no new frame for `quiet_ms` (an
        animation asks for one every frame) and the last one is on screen, after `most_ms` at most. On a page
        loaded before this AppPage was made (no frame watch), waits 400 ms."""
        if not self.page.evaluate(STILL_FRAME_JS, [quiet_ms, most_ms]):
            self.page.wait_for_timeout(400)

    def visible_text(self) -> str:
        return self.page.eval_on_selector("flt-semantics-host", "e => e.innerText")
