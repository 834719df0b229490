"""Every screen of the app, with data in it, for the tests that look at all of them (accessibility scans,
dark mode, 200 % text, tap targets).

`seeded(folder)` writes two patients, a plan under way and two weeks of diary; `every_screen(app, wide)`
goes to each screen in turn and yields its name once it has drawn: the navigation destinations, the diary's
charts (a tab on phones) and entry form, and each topic of More; `advice_screens(app)` saves two entries and
yields the advice they open ("call now", then the emergency screen). Both find their way in another language
too when given its `tr` (a catalog's gettext): the names they yield stay English.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from playwright.sync_api import TimeoutError as PlaywrightTimeout

from companion.adapters.store import Store

MORE_TOPICS = ("Patients", "Settings for", "Display", "Will my reminders work?", "Report for the clinic",
               "Backup and moving to a new device", "Privacy and PIN lock")
DESTINATIONS = ("Today", "Patients", "Diary", "Plan", "Learn", "More")


def _same(text: str) -> str:
    return text


def _topic(topic: str, tr) -> str:
    """A topic's button name (its start: "Settings for" is "Settings for {name}")."""
    return tr("Settings for {name}").split("{")[0].strip() if topic == "Settings for" else tr(topic)

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
    rail = page.get_by_role("button", name=re.compile(rf"^{re.escape(screen)}\s+Tab \d+ of \d+$"))
    # The tapped destination becomes the selected one (a phone's tab, a tablet's rail button): the tap was
    # taken. A tap while the screen before is still closing (the entry form's Cancel) can be dropped: tap
    # again. The selection can show before the server's answer (test_no_network saw Learn selected over the
    # plan): settle() waits for the screen itself.
    selected = page.get_by_role("tab", name=screen, exact=True, selected=True).or_(
        rail.and_(page.locator("[aria-current=true]"))).first
    for attempt in range(3):
        page.get_by_role("tab", name=screen, exact=True).or_(rail).first.click()
        try:
            selected.wait_for(timeout=10_000 * (attempt + 1))
            return
        except PlaywrightTimeout:
            if attempt == 2:
                raise


# What the accessibility tree says and where: the same twice in a row, the screen has drawn.
TREE_JS = """() => [...document.querySelectorAll('flt-semantics-host flt-semantics')]
    .map(n => n.id + ':' + (n.getAttribute('aria-label') || '') + ':' + n.textContent.length + ':' + n.style.transform)
    .join('|')"""


def settle(app, where: str, answered: bool = False) -> None:
    """Waits until the screen has drawn (its accessibility tree stays the same for 200 ms, at most about 2 s),
    and checks the app did not crash. Unless the caller has seen the server's answer (`answered`: the new
    screen's own text), 300 ms first for it to come back."""
    if not answered:
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


def every_screen(app, wide: bool, topics: bool = True, diary: bool = True, tr=_same) -> Iterator[str]:
    """Goes to every screen in turn and yields its name ("today", "diary-charts", "more-display"...) once it
    has drawn; with `topics`, each topic of More too, with `diary`, the diary's charts and entry form."""
    screens = destinations(app)
    english = {tr(name): name for name in DESTINATIONS}
    assert {tr(name) for name in ("Today", "Diary", "Plan", "Learn", "More")} <= set(screens), screens
    for screen in screens:
        go(app, screen)
        settle(app, screen)  # the tab can be selected before the server's answer: settle waits for it
        name = english.get(screen, screen)
        yield name.lower()
        if name == "Diary" and diary:
            if not wide:  # a phone shows the charts on a tab of their own; a tablet beside the entries
                app.button(tr("Charts")).click()
                settle(app, "Diary > Charts")
                yield "diary-charts"
                app.button(tr("Entries")).click()
            app.button(tr("New entry")).click()
            app.see(tr("Emergency signs"))
            settle(app, "Diary > New entry", answered=True)
            yield "diary-form"
            app.button(tr("Cancel")).click()
        if name == "More" and topics:
            for topic in MORE_TOPICS:
                if wide and topic == "Patients":  # a tablet has them as a destination of its own
                    continue
                app.button(_topic(topic, tr)).click()
                settle(app, f"More > {topic}")
                yield f"more-{topic.split()[0].lower()}"
                if not wide:
                    app.button(tr("Back to More")).click()


def advice_screens(app, tr=_same, fever: str = "101") -> Iterator[str]:
    """Saves a fever (`fever`: 101 is one in the bundled clinic's °F) and then trouble breathing; yields
    "advice-call-now" and "advice-emergency" with each advice on screen, and closes it."""
    go(app, tr("Diary"))
    app.button(tr("New entry")).click()
    app.see(tr("Emergency signs"))
    app.type_into(tr("Temperature"), fever)
    app.button(tr("Save entry")).click()
    app.see(tr("Call now"), exact=False)
    settle(app, "the call-now advice", answered=True)
    yield "advice-call-now"
    app.button(tr("Close")).click()
    app.button(tr("New entry")).click()
    app.see(tr("Emergency signs"))
    app.button(f"{tr('Trouble breathing or short of breath')}: {tr('mild')}", exact=True).click()
    app.button(tr("Save entry")).click()
    app.see(tr("Call emergency services now. When you can, also tell your oncology team.").split(".")[0])
    settle(app, "the emergency screen", answered=True)
    yield "advice-emergency"
    app.button(tr("Close")).click()
