"""Fixtures of the end-to-end tests: `browser` (headless Chromium), `server` (the app on a fresh data folder)
and `open_app` (a page on it, at phone or tablet size). What they build on, and what the tests import, is the
tests.support package: `from tests.support import PHONE, TABLET, AppPage`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import PHONE, AppPage, AppServer
from tools.browser_harness import CHROMIUM, launch_chromium


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not found at {CHROMIUM}: run `make test` to install it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = launch_chromium(p)
        yield b
        b.close()


@pytest.fixture
def server(tmp_path):
    """A factory: server(clinic=None, env=None) starts the app with a fresh data dir in tmp_path."""
    started: list[AppServer] = []

    def start(clinic: Path | None = None, data_dir: Path | None = None, env: dict | None = None) -> AppServer:
        app = AppServer(data_dir or tmp_path / "data", clinic, env or {})
        app.data_dir.mkdir(parents=True, exist_ok=True)
        started.append(app.start())
        return app

    yield start
    for app in started:
        app.stop()


@pytest.fixture
def open_app(browser, request):
    """open_app(url, size=PHONE) -> AppPage. One fresh browser context each call."""
    contexts = []

    def open_(url: str, size: dict = PHONE) -> AppPage:
        context = browser.new_context(viewport=size)
        contexts.append(context)
        label = "phone" if size["width"] < 840 else "tablet"
        return AppPage(context.new_page(), f"{request.node.name}-{label}").open(url)

    yield open_
    for c in contexts:
        c.close()
