"""Today (with and without a plan), Plan and the can't-open screen word every text through the patient's
translator: built with a translator that brackets what it words, no text a person reads is left unbracketed (an
English text left in a Spanish screen). What is data, not words, is allowed: typed values, times, formats like
HH:MM, numbers."""

import dataclasses
import re
from datetime import timedelta
from types import SimpleNamespace

import flet as ft
import pytest

from companion.app import AppConfig, build_services
from companion.adapters.clinic_file import resolve_clinic_path
from companion.core.plan import parse_plan
from companion.services import records

WORDED = re.compile(r"⟦.*⟧", re.S)
DATA = re.compile(r"[\d\s:./()+-]*|HH:MM|.*\.ics")  # numbers, times, dates as digits, a file name
SHOWN = ("label", "hint_text", "tooltip", "semantics_label", "content", "text", "title", "helper_text")


class Brackets:
    """A translator whose words a person could tell from English: ⟦the English⟧."""

    def gettext(self, message: str) -> str:
        return f"⟦{message}⟧"

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return f"⟦{singular if n == 1 else plural}⟧"


def shown_texts(control, seen=None) -> list[str]:
    """Every text of `control` and what it holds that a person reads or hears (not typed values)."""
    seen = set() if seen is None else seen
    if id(control) in seen:
        return []
    seen.add(id(control))
    found = []
    for key in (f.name for f in dataclasses.fields(control) if not f.name.startswith("_")):
        value = getattr(control, key, None)
        if isinstance(value, str) and (key in SHOWN or (key == "value" and isinstance(control, ft.Text))):
            found.append(value)
        elif isinstance(value, ft.Control):
            found += shown_texts(value, seen)
        elif isinstance(value, (list, tuple)):
            found += [t for v in value if isinstance(v, ft.Control) for t in shown_texts(v, seen)]
    return found


def unworded(control) -> list[str]:
    return [t for t in shown_texts(control) if t and not WORDED.search(t) and not DATA.fullmatch(t)]


@pytest.fixture
def shell(tmp_path):
    services = build_services(AppConfig(tmp_path / "data", resolve_clinic_path(None, {})))
    now = services.now()
    profile = records.ensure_profile(services.store, now)
    t = Brackets()
    shell = SimpleNamespace(services=services, profile=profile, record=services.record(profile["id"]), t=t,
                            tr=t.gettext, language="xx", reminder_loop=SimpleNamespace(subscribe=lambda f: None),
                            toasts=[], page=None)
    shell.toast = lambda message, action=None: shell.toasts.append(message)
    shell.views, shell.index = [], 0
    yield shell
    services.store.close()


def a_plan(shell):
    first = shell.services.now() - timedelta(days=2)
    shell.record.save_plan(parse_plan({"timezone": shell.services.zone_name(), "cycles": 4,
                                       "first_infusion": f"{first:%Y-%m-%dT%H:%M}", "with_capecitabine": True,
                                       "contraception": "can_become_pregnant"}))


@pytest.mark.parametrize("wide", [False, True])
def test_plan_screen_words_every_text(shell, wide):
    from companion.ui.plan import PlanView

    assert unworded(PlanView(shell).build(wide)) == []  # no plan yet
    a_plan(shell)
    view = PlanView(shell)
    built = view.build(wide)
    assert len(shown_texts(built)) > 30  # the walk reaches the form's and the infusions' texts
    assert unworded(built) == []  # the form filled, the infusions listed
    dialogs = []
    shell.page = SimpleNamespace(show_dialog=dialogs.append)
    view._ask_move(2)
    assert unworded(dialogs[-1]) == []  # moving an infusion


@pytest.mark.parametrize("wide", [False, True])
def test_today_words_every_text(shell, wide):
    from companion.ui.today import TodayView

    view = TodayView(shell)
    shell.views = [view]
    assert unworded(view.build(wide)) == []  # no plan yet
    a_plan(shell)  # two days in: missed, today's and the next days' reminders, the next infusion
    built = view.build(wide)
    assert len(shown_texts(built)) > 30
    assert unworded(built) == []


def test_the_problem_screen_words_its_own_texts():
    from companion.ui.problem import show_problem

    page = SimpleNamespace(title="", controls=[], update=lambda: None)
    show_problem(page, "⟦the reason, as the error gives it⟧", Brackets().gettext)
    assert WORDED.fullmatch(page.title)
    assert [t for c in page.controls for t in unworded(c)] == []


def test_the_problem_screen_is_shown_again_in_the_devices_language(run_async):
    """When the app cannot open, a Spanish phone reads why in Spanish once the device has said its language."""
    from companion.adapters.catalogs import translator
    from companion.core.errors import InputError, Message
    from companion.ui.problem import show_problem, show_problem_in_device_language

    async def device_info():
        return SimpleNamespace(languages=["es-MX", "en-US"])

    page = SimpleNamespace(title="", controls=[], update=lambda: None, get_device_info=device_info)
    error = InputError("write a date like 2026-03-01 (year-month-day), got {text}.", Message("From"), text="'x'")
    show_problem(page, str(error))
    run_async(show_problem_in_device_language(page, error, translator))
    texts = shown_texts(page.controls[0])
    assert page.title == translator("es").gettext("Companion cannot open") != "Companion cannot open"
    assert error.told(translator("es")) in texts and str(error) not in texts
