"""Every screen of the app, with data in it, for the tests that look at all of them (accessibility scans,
dark mode, 200 % text, tap targets).

`seeded(folder)` writes two patients, a plan under way and two weeks of diary; `every_screen(app, wide)`
goes to each screen in turn and yields its name once it has drawn: the navigation destinations, the diary's
charts (a tab on phones) and entry form, and each topic of More; `advice_screens(app)` saves two entries and
yields the advice they open ("call now", then the emergency screen).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from companion.adapters.store import Store

MORE_TOPICS = ("Patients", "Settings for", "Display", "Will my reminders work?", "Report for the clinic",
               "Backup and moving", "Privacy and PIN lock")

NAV_JS = """() => [...document.querySelectorAll('[role=tab], [role=button]')]
    .filter(n => n.getAttribute('role') === 'tab' || /\\sTab \\d+ of \\d+$/.test(n.textContent))
    .map(n => (n.getAttribute('aria-label') || n.textContent).replace(/\\s*Tab \\d+ of \\d+$/, '').trim())"""


def seeded(folder: Path) -> Path:
    """Two patients, a plan under way (a reminder due now among them) and two weeks of diary, so that lists,
    charts and their buttons show."""
    now, london = datetime.now(timezone.utc), ZoneInfo("Europe/London")
    store = Store(folder)
    store.save_profile({"id": "ann", "name": "Ann", "created": "2025-01-01T00:00:00+00:00"})
    store.save_profile({"id": "bea", "name": "Bea", "created": "2025-01-02T00:00:00+00:00"})
    first = (now - timedelta(days=10)).astimezone(london)
    due = (now - timedelta(minutes=5)).astimezone(london)  # a reminder due now, whatever the time: Done and Snooze
    store.put_doc("ann", "plan", {"timezone": "Europe/London", "first_infusion": f"{first:%Y-%m-%d}T09:00",
                                  "with_capecitabine": True, "contraception": "can_become_pregnant",
                                  "contraception_time": f"{due:%H:%M}", "contraception_frequency": "daily"})
    store.put_doc("ann", "settings", {"phones": [{"label": "Oncology nurse", "number": "+44 1632 960003",
                                                  "kind": "other"}]})
    for day in range(14):
        at = (now - timedelta(days=day, hours=2)).astimezone(london)
        store.save_entry("ann", {"id": f"e{day}", "at": f"{at.isoformat()}[Europe/London]",
                                 "temperature": {"value": round(36.6 + (day % 4) * 0.4, 1), "unit": "C"},
                                 "symptoms": {"nausea": day % 3, "numbness_tingling": 1}})
    store.close()
    return folder


def destinations(app) -> list[str]:
    """The navigation destinations: tabs of the bottom bar on phones, "X / Tab 1 of 6" buttons of the rail."""
    app.page.wait_for_function(f"({NAV_JS})().length >= 5", timeout=30_000)
    return app.page.evaluate(NAV_JS)


def go(app, screen: str) -> None:
    """Taps the navigation destination `screen` itself (AppPage.nav takes the first control whose name contains
    the word, and More's "Report ... of the diary" comes before the bar's "Diary")."""
    page = app.page
    page.get_by_role("tab", name=screen, exact=True).or_(
        page.get_by_role("button", name=re.compile(rf"^{re.escape(screen)}\s+Tab \d+ of \d+$"))).first.click()


# What the accessibility tree says and where: the same twice in a row, the screen has drawn.
TREE_JS = """() => [...document.querySelectorAll('flt-semantics-host flt-semantics')]
    .map(n => n.id + ':' + (n.getAttribute('aria-label') || '') + ':' + n.textContent.length + ':' + n.style.transform)
    .join('|')"""


def settle(app, where: str) -> None:
    """Waits until the screen has drawn (its accessibility tree stays the same for 200 ms, at most about 2 s),
    and checks the app did not crash."""
    app.page.wait_for_timeout(300)
    last = None
    for _ in range(10):
        now = app.page.evaluate(TREE_JS)
        if now == last:
            break
        last = now
        app.page.wait_for_timeout(200)
    text = app.visible_text()
    assert "Error running app" not in text, f"{where}: the app crashed: {text[-300:]}"  # Flet's error box


def every_screen(app, wide: bool, topics: bool = True, diary: bool = True) -> Iterator[str]:
    """Goes to every screen in turn and yields its name ("today", "diary-charts", "more-display"...) once it
    has drawn; with `topics`, each topic of More too, with `diary`, the diary's charts and entry form."""
    screens = destinations(app)
    assert {"Today", "Diary", "Plan", "Learn", "More"} <= set(screens), screens
    for screen in screens:
        go(app, screen)
        settle(app, screen)
        yield screen.lower()
        if screen == "Diary" and diary:
            if not wide:  # a phone shows the charts on a tab of their own; a tablet beside the entries
                app.button("Charts").click()
                settle(app, "Diary > Charts")
                yield "diary-charts"
                app.button("Entries").click()
            app.button("New entry").click()
            app.see("Emergency signs")
            settle(app, "Diary > New entry")
            yield "diary-form"
            app.button("Cancel").click()
        if screen == "More" and topics:
            for topic in MORE_TOPICS:
                if wide and topic == "Patients":  # a tablet has them as a destination of its own
                    continue
                app.button(topic).click()
                settle(app, f"More > {topic}")
                yield f"more-{topic.split()[0].lower()}"
                if not wide:
                    app.button("Back to More").click()


def advice_screens(app) -> Iterator[str]:
    """Saves a fever (the bundled clinic's °F) and then trouble breathing; yields "advice-call-now" and
    "advice-emergency" with each advice on screen, and closes it."""
    go(app, "Diary")
    app.button("New entry").click()
    app.see("Emergency signs")
    app.type_into("Temperature", "101")
    app.button("Save entry").click()
    app.see("Call now", exact=False)
    settle(app, "the call-now advice")
    yield "advice-call-now"
    app.button("Close").click()
    app.button("New entry").click()
    app.see("Emergency signs")
    app.button("Trouble breathing or short of breath: mild", exact=True).click()
    app.button("Save entry").click()
    app.see("Call emergency services now")
    settle(app, "the emergency screen")
    yield "advice-emergency"
    app.button("Close").click()
