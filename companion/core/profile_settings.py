"""A profile's settings: temperature unit and the patient's own care-team numbers (pure).

Settings document (per profile): {"temperature_unit": "C"|"F", "phones": [{"label", "number", "kind"}]}.
"""

from __future__ import annotations

from companion.core.clinic import TEMPERATURE_UNITS, phone_number_problem
from companion.core.errors import InputError, Listed, Message
from companion.core.i18n import N_

CARE_TEAM_KINDS = {
    "oncology_24h": N_("24-hour oncology line"),
    "treatment_unit": N_("Treatment unit"),
    "other": N_("Other"),
}
LABEL_MAX_CHARS = 60

def temperature_unit(settings: dict, default: str) -> str:
    unit = settings.get("temperature_unit")
    return unit if unit in TEMPERATURE_UNITS else default

def with_temperature_unit(settings: dict, unit: str) -> dict:
    if unit not in TEMPERATURE_UNITS:
        raise InputError(N_("Temperature unit: choose C or F, not {unit}."), unit=repr(unit))
    return {**settings, "temperature_unit": unit}

def care_team_phones(settings: dict) -> list[dict]:
    """The saved numbers that are still valid (a damaged one is left out rather than shown)."""
    found = []
    for phone in settings.get("phones") or []:
        try:
            found.append(care_team_phone(phone.get("label"), phone.get("number"), phone.get("kind")))
        except (InputError, AttributeError):
            continue
    return found

def care_team_phone(label: str, number: str, kind: str) -> dict:
    """A checked {label, number, kind}; InputError names the field to fix."""
    label = (label or "").strip() if isinstance(label, str) else ""
    if not label:
        raise InputError(N_("Name of the number: write who answers, like \"Oncology nurse\"."))
    if len(label) > LABEL_MAX_CHARS:
        raise InputError(N_("Name of the number: keep it under {limit} characters."), limit=LABEL_MAX_CHARS)
    problem = phone_number_problem(number)
    if problem:
        raise InputError(N_("Phone number: {problem}."), problem=problem)
    if kind not in CARE_TEAM_KINDS:
        raise InputError(N_("Kind: choose one of {kinds}."), kinds=Listed(*map(Message, CARE_TEAM_KINDS.values())))
    return {"label": label, "number": number.strip(), "kind": kind}

def with_phone(settings: dict, phone: dict) -> dict:
    return {**settings, "phones": care_team_phones(settings) + [phone]}

def without_phone(settings: dict, index: int) -> dict:
    phones = care_team_phones(settings)
    return {**settings, "phones": phones[:index] + phones[index + 1:]}
