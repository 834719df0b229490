"""Diary: record an entry, get advice with numbers to dial, fix mistakes, and read the charts."""

from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from tests.support import PHONE, ROOT, TABLET

from companion.services import records
from companion.adapters.store import Store
from companion.core.diary import SYMPTOM_IDS, Temperature, new_entry
from companion.core.plan import Plan

EXAMPLE_CLINIC = ROOT / "data" / "clinic.example.toml"  # UK: °C, fever line 37.5 °C, 24-hour line, 999
DEFAULT_CLINIC = ROOT / "data" / "clinic.default.toml"  # US: °F, only 911


# Records what the app asks the browser to open (a tel: link opens through window.open on the web).
RECORD_OPENED = "window.__opened = []; window.open = (url) => { window.__opened.push(String(url)); return null; };"


def new_entry_form(app):
    app.button("New entry").click()
    app.see("Emergency signs")


def severity(app, symptom: str, word: str):
    return app.button(f"{symptom}: {word}", exact=True)


def open_group(app, title: str):
    """Unfold a group of the checklist (only the emergency signs and the groups used last time are open)."""
    app.tap(app.button(title))


def entry_cards(app) -> int:
    """How many entries the list shows (each has its delete button), once the list is on screen."""
    app.button("New entry").wait_for()
    return app.page.get_by_role("button", name="Delete the entry of").count()


def test_phone_fever_advice_impossible_temperature_and_undo_delete(server, open_app):
    url = server(clinic=EXAMPLE_CLINIC).url
    app = open_app(url, PHONE)
    app.page.add_init_script(RECORD_OPENED)
    app.open(url)
    app.nav("Diary")
    app.see("No entries yet")
    new_entry_form(app)
    assert "Shivering or chills" not in app.visible_text()  # folded: a first entry shows the emergency signs
    app.see("Fainted, collapsed or had a fit")
    app.type_into("Temperature", "38.4")
    open_group(app, "Signs of infection")
    severity(app, "Shivering or chills", "moderate").click()
    app.see("Shivering or chills (moderate)")  # the group's header says what is ticked in it
    app.scroll_to(severity(app, "Shivering or chills", "moderate"))
    app.shot("form")
    app.button("Save entry").click()

    app.see("Call your 24-hour line now")
    app.see("Because you recorded 38.4 °C (at or above 37.5 °C)")
    app.see("I am being treated with Ixempra (ixabepilone). I recorded 38.4 °C and shivering or chills (moderate)")
    call = app.button("Call 24-hour oncology line")
    assert "+44 1632 960001" in call.inner_text()
    text = app.visible_text()
    assert text.index("+44 1632 960001") < text.index("+44 1632 960002") < text.index("999")
    app.shot("call-now")
    call.click()
    app.page.wait_for_function("window.__opened.length > 0")
    assert app.page.evaluate("window.__opened") == ["tel:+441632960001"]
    app.button("Close").click()
    assert entry_cards(app) == 1
    assert "Call now" in app.button("Shivering or chills (moderate)").inner_text()  # the entry with its level

    new_entry_form(app)
    app.type_into("Temperature", "60")
    app.button("Save entry").click()
    app.see("60 °C is outside 30-45 °C; please check it for a typing error")
    app.shot("impossible-temperature")
    app.button("Cancel").click()
    app.see("Shivering or chills (moderate)")
    assert entry_cards(app) == 1 and "60 °C" not in app.visible_text()

    app.button("Delete the entry of").click()
    app.see("No entries yet")
    app.button("Undo").click()
    app.see("Shivering or chills (moderate)")
    app.see("38.4 °C")
    assert entry_cards(app) == 1

    app.button("Shivering or chills (moderate)").click()  # edit: the chills are gone, the fever is kept
    app.see("Edit the entry of")
    severity(app, "Shivering or chills", "none").click()
    app.button("Save entry").click()
    app.see("Because you recorded 38.4 °C")
    assert "shivering" not in app.visible_text().lower()
    app.button("Close").click()
    assert entry_cards(app) == 1
    assert "No symptoms recorded" in app.button("38.4 °C").inner_text()


def test_phone_emergency_fills_the_screen_and_the_unit_choice_is_remembered(server, open_app):
    app = open_app(server(clinic=DEFAULT_CLINIC).url, PHONE)
    app.nav("Diary")
    new_entry_form(app)
    assert app.button("degrees Fahrenheit").get_attribute("aria-current") == "true"  # the clinic's unit
    app.button("degrees Celsius").click()
    app.type_into("Temperature", "38.4")
    open_group(app, "Signs of infection")
    severity(app, "Shivering or chills", "mild").click()
    severity(app, "Trouble breathing or short of breath", "mild").click()
    app.button("Save entry").click()

    app.see("Call emergency services now")
    text = app.visible_text()
    assert text.index("Call emergency services now") < text.index("911") < text.index("Because you recorded")
    assert "Add your care team's 24-hour number in More > Settings." in text  # no number made up
    assert "911" in app.button("Call Emergency services (US)").inner_text()
    app.see("38.4 °C")
    app.shot("emergency")
    app.button("Close").click()

    new_entry_form(app)
    assert app.button("degrees Celsius").get_attribute("aria-current") == "true"


def seed_diary(data_dir: Path, now: datetime) -> None:
    """A plan whose 2nd infusion was 9 days ago, and entries in both cycles: numbness worse in cycle 2."""
    store = Store(data_dir)
    profile = records.ensure_profile(store, now)
    record = records.PatientRecord(store, profile["id"], SYMPTOM_IDS)
    zone = ZoneInfo("Europe/London")
    first = (now - timedelta(days=30)).astimezone(zone).replace(hour=9, minute=0, second=0, microsecond=0)
    record.save_plan(Plan(first_infusion=first, cycle_days=21))
    readings = [(2, 36.8, 0), (4, 37.2, 1), (7, 37.9, 1), (12, 36.9, 0), (23, 37.1, 1), (25, 38.3, 2), (28, 37.0, 2)]
    for day, celsius, numbness in readings:
        at = first + timedelta(days=day, hours=10)
        record.save_entry(new_entry(at, f"seed{day}", Temperature(celsius, "C"),
                                    {"numbness_tingling": numbness, "fatigue": 1 if day > 20 else 0}))
    store.close()


def test_tablet_shows_the_list_beside_the_charts(server, open_app, tmp_path):
    data_dir = tmp_path / "data"
    seed_diary(data_dir, datetime.now(timezone.utc))
    app = open_app(server(clinic=EXAMPLE_CLINIC, data_dir=data_dir).url, TABLET)
    app.nav("Diary")
    app.see("Temperature (°C)")
    app.see("Numbness or tingling is worse this cycle (moderate) than in cycle 1 (mild)")
    app.see("Call at 37.5 °C or higher")
    text = app.visible_text()
    assert entry_cards(app) == 7 and "38.3 °C" in text and "Symptoms (none to very severe)" in text
    app.page.get_by_role("checkbox", name="Tiredness or fatigue").click()  # add a symptom to the chart
    app.see("Severity chart for Numbness or tingling in hands or feet, Tiredness or fatigue")
    app.shot("charts")
    app.button("New entry").click()  # the form opens beside the list
    app.see("Emergency signs")
    assert entry_cards(app) == 7
    app.shot("form")
