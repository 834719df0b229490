"""axe-core on every screen, at phone and tablet sizes, with data in them: no serious or critical finding of ours.

Every finding (Flutter's too) is written to artifacts/axe/*.json and summarised in the test output (-s).
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from companion.adapters.store import Store
from tests.support import PHONE, TABLET
from tests.support.axe import AXE_JS, ours, scan, summary

MORE_TOPICS = ("Settings for", "Will my reminders work?", "Report for the clinic", "Backup and moving", "Privacy and PIN lock")


@pytest.fixture(autouse=True)
def axe_installed():
    if not AXE_JS.exists():
        pytest.skip(f"{AXE_JS} is missing: run `npm ci` in the repository root")


def test_the_scan_catches_an_unlabelled_button_and_field(browser):
    """The scan can fail: a button without a name and a field without a label are reported as ours."""
    page = browser.new_page()
    page.set_content('<html lang="en"><head><title>t</title></head><body><main>'
                     '<div role="button" tabindex="0"></div><input type="text"></main></body></html>')
    found = {v["id"] for v in ours(scan(page, "control-unlabelled"))}
    page.close()
    assert {"aria-command-name", "label"} <= found, found  # a div with role=button: aria-command-name


def seeded(folder: Path) -> Path:
    """Two patients, a plan under way and two weeks of diary, so that lists, charts and their buttons show."""
    now, london = datetime.now(timezone.utc), ZoneInfo("Europe/London")
    store = Store(folder)
    store.save_profile({"id": "ann", "name": "Ann", "created": "2025-01-01T00:00:00+00:00"})
    store.save_profile({"id": "bea", "name": "Bea", "created": "2025-01-02T00:00:00+00:00"})
    first = (now - timedelta(days=10)).astimezone(london)
    store.put_doc("ann", "plan", {"timezone": "Europe/London", "first_infusion": f"{first:%Y-%m-%d}T09:00",
                                  "with_capecitabine": True})
    store.put_doc("ann", "settings", {"phones": [{"label": "Oncology nurse", "number": "+44 1632 960003",
                                                  "kind": "other"}]})
    for day in range(14):
        at = (now - timedelta(days=day, hours=2)).astimezone(london)
        store.save_entry("ann", {"id": f"e{day}", "at": f"{at.isoformat()}[Europe/London]",
                                 "temperature": {"value": round(36.6 + (day % 4) * 0.4, 1), "unit": "C"},
                                 "symptoms": {"nausea": day % 3, "numbness_tingling": 1}})
    store.close()
    return folder


NAV_JS = """() => [...document.querySelectorAll('[role=tab], [role=button]')]
    .filter(n => n.getAttribute('role') === 'tab' || /\\sTab \\d+ of \\d+$/.test(n.textContent))
    .map(n => (n.getAttribute('aria-label') || n.textContent).replace(/\\s*Tab \\d+ of \\d+$/, '').trim())"""


def destinations(app) -> list[str]:
    """The navigation destinations: tabs of the bottom bar on phones, "X / Tab 1 of 6" buttons of the rail."""
    app.page.wait_for_function(f"({NAV_JS})().length >= 5", timeout=30_000)
    return app.page.evaluate(NAV_JS)


def settle(app, where: str) -> None:
    app.page.wait_for_timeout(1200)  # the screen and its charts finish drawing
    text = app.visible_text()
    assert "Error running app" not in text, f"{where}: the app crashed: {text[-300:]}"  # Flet's error box


def test_every_screen_has_no_serious_finding_of_ours(server, open_app, tmp_path):
    url = server(data_dir=seeded(tmp_path / "data")).url
    found = {}
    for size, viewport in (("phone", PHONE), ("tablet", TABLET)):
        app = open_app(url, viewport)
        screens = destinations(app)
        assert {"Today", "Diary", "Plan", "Learn", "More"} <= set(screens), screens
        for screen in screens:
            app.nav(screen)
            settle(app, f"{size} {screen}")
            found[f"{size} {screen}"] = scan(app.page, f"{size}-{screen.lower()}")
            app.shot(f"axe-{screen.lower()}")
        if size == "tablet":  # More's topics open beside the menu: scan each one
            for topic in MORE_TOPICS:
                app.button(topic).click()
                settle(app, f"{size} More > {topic}")
                name = f"more-{topic.split()[0].lower()}"
                found[f"{size} More > {topic}"] = scan(app.page, f"{size}-{name}")
                app.shot(f"axe-{name}")
    print("\n" + "\n".join(summary(name, violations) for name, violations in found.items()))
    problems = {name: ours(v) for name, v in found.items() if ours(v)}
    assert not problems, "\n" + "\n".join(summary(name, v) for name, v in problems.items())
