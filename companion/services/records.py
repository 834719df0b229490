"""Patient records: the patients on this device, and one patient's plan, diary, reminder state and
settings as domain objects.

The store keeps plain dicts; this is the one place that converts them to and from core objects,
so views, commands and exports never touch the storage format.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from datetime import datetime, timedelta

from companion.core import delivery, names, profile_settings
from companion.core.diary import Entry, entry_to_dict, parse_entry
from companion.core.errors import InputError
from companion.core.i18n import ENGLISH, N_, Translator
from companion.core.plan import Plan, parse_plan, plan_to_dict

DEFAULT_PROFILE_NAME = N_("Me")  # the first patient's name, in the language the app first speaks
CARD_WINDOW = timedelta(days=62)  # a patient's card reads about its last two months of diary first (a UI choice)


def new_id() -> str:
    return uuid.uuid4().hex


class PatientRecord:
    def __init__(self, store, profile_id: str, vocabulary: Collection[str]):
        self.store = store
        self.profile_id = profile_id
        self.vocabulary = vocabulary

    # -- plan -----------------------------------------------------------------------------------------
    def plan(self) -> Plan | None:
        doc = self.store.get_doc(self.profile_id, "plan")
        return parse_plan(doc) if doc else None

    def save_plan(self, plan: Plan) -> None:
        self.store.put_doc(self.profile_id, "plan", plan_to_dict(plan))

    # -- diary ----------------------------------------------------------------------------------------
    def entries(self, start: datetime | None = None, end: datetime | None = None) -> list[Entry]:
        return [parse_entry(d, vocabulary=self.vocabulary) for d in self.store.entries(self.profile_id, start, end)]

    def recent_entries(self, now: datetime, window: timedelta = CARD_WINDOW) -> list[Entry]:
        """What a patient's card needs without reading years of diary: the entries from `now - window` on
        (later ones too), so the latest entry is among them; every entry when none of these has a
        temperature, so the last temperature taken is found however old it is."""
        recent = self.entries(start=now - window)
        return recent if any(e.temperature for e in recent) else self.entries()

    def save_entry(self, entry: Entry) -> None:
        self.store.save_entry(self.profile_id, entry_to_dict(entry))

    def delete_entry(self, entry_id: str) -> Entry | None:
        removed = self.store.delete_entry(self.profile_id, entry_id)
        return parse_entry(removed, vocabulary=self.vocabulary) if removed else None

    # -- reminders ------------------------------------------------------------------------------------
    def reminder_state(self) -> dict:
        return delivery.parse_state(self.store.get_doc(self.profile_id, "reminders"))

    def save_reminder_state(self, state: dict) -> None:
        self.store.put_doc(self.profile_id, "reminders", state)

    # -- settings (temperature unit, the patient's own care-team numbers, ...) -------------------------
    def settings(self) -> dict:
        return self.store.get_doc(self.profile_id, "settings") or {}

    def save_settings(self, settings: dict) -> None:
        self.store.put_doc(self.profile_id, "settings", settings)

    def temperature_unit(self, default: str) -> str:
        """"C" or "F": the patient's choice, else `default` (the clinic's)."""
        return profile_settings.temperature_unit(self.settings(), default)

    def save_temperature_unit(self, unit: str) -> None:
        self.save_settings(profile_settings.with_temperature_unit(self.settings(), unit))


def profiles(store) -> list[dict]:
    return sorted(store.profiles(), key=lambda p: (p.get("created", ""), p["name"]))


def add_profile(store, name: str, now: datetime) -> dict:
    """A new patient. The name is normalised (core.names); InputError when nothing visible is left, when
    it is too long or when another patient's name is the same once normalised and case-folded."""
    name = names.check_name(name, [p["name"] for p in store.profiles()])
    profile = {"id": new_id(), "name": name, "created": now.isoformat()}
    store.save_profile(profile)
    return profile


def rename_profile(store, profile_id: str, name: str) -> dict:
    """The profile with its new name, checked as for add_profile against every other patient."""
    found = store.profiles()
    profile = next((p for p in found if p["id"] == profile_id), None)
    if profile is None:
        raise InputError(N_("That patient is no longer on this device."))
    name = names.check_name(name, [p["name"] for p in found if p["id"] != profile_id])
    profile = {**profile, "name": name}
    store.save_profile(profile)
    return profile


def remove_profile(store, profile_id: str) -> None:
    """The patient and everything of theirs: plan, diary, reminders, settings."""
    store.delete_profile(profile_id)


NOTIFICATIONS_DOC = "notifications"  # this device's: {"version": 1, "hide_details": bool}


def hide_details(store) -> bool:
    """"Hide details in notifications": a notification then says "Companion reminder", no drug, no name."""
    doc = store.get_app(NOTIFICATIONS_DOC) if store is not None else None
    return bool((doc or {}).get("hide_details", False))


def set_hide_details(store, hide: bool) -> None:
    store.put_app(NOTIFICATIONS_DOC, {"version": 1, "hide_details": bool(hide)})


def ensure_profile(store, now: datetime, t: Translator = ENGLISH) -> dict:
    """The first profile, created on first start so a patient's phone just works; named in `t`'s language
    ("Me", "Yo"), a name the patient can change."""
    existing = profiles(store)
    return existing[0] if existing else add_profile(store, t.gettext(DEFAULT_PROFILE_NAME), now)
