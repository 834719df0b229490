"""Whom to call for a triage level: the clinic's numbers and the patient's own, best first.

- emergency: the emergency number first, whatever else was recorded (DESIGN safety rules);
- call now: the 24-hour oncology line first (it answers at night), the emergency number last;
- call today or monitor: the treatment unit first, else the 24-hour line; no emergency number,
  as nothing recorded calls for one.
Within a kind the clinic's numbers come before the patient's own; a number listed twice is shown once.
No number is ever made up: when no 24-hour line is known, `ADD_NUMBER_HINT` says where to add one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from companion.core.clinic import PHONE_KINDS, Phone, phone_number_problem
from companion.core.i18n import N_
from companion.core.triage import Level

ADD_NUMBER_HINT = N_("Add your care team's 24-hour number in More > Settings.")  # worded where shown

_ORDER = {
    Level.EMERGENCY: ("emergency", "oncology_24h", "treatment_unit", "other"),
    Level.CALL_NOW: ("oncology_24h", "treatment_unit", "other", "emergency"),
    Level.CALL_TODAY: ("treatment_unit", "oncology_24h", "other"),
    Level.MONITOR: ("treatment_unit", "oncology_24h", "other"),
}

# Kinds that may be the big first button at each level; anything else is only offered below it.
_FIRST = {
    Level.EMERGENCY: ("emergency",),
    Level.CALL_NOW: ("oncology_24h", "treatment_unit"),
    Level.CALL_TODAY: ("treatment_unit", "oncology_24h"),
    Level.MONITOR: (),
}


@dataclass(frozen=True)
class CallList:
    first: Phone | None  # the number to call now, shown first and biggest; None if none of the right kind
    others: tuple[Phone, ...]  # every other known number, in order
    hint: str | None  # ADD_NUMBER_HINT when no 24-hour oncology line is known


def call_list(level: Level, clinic_phones: Iterable[Phone], own: Iterable[Phone] = ()) -> CallList:
    """What the advice screen offers to dial for `level`."""
    ordered = numbers_to_call(level, clinic_phones, own)
    first = ordered[0] if ordered and ordered[0].kind in _FIRST[level] else None
    others = tuple(p for p in ordered if p is not first)
    return CallList(first, others, ADD_NUMBER_HINT if lacks_24h_line(ordered) else None)


def own_phones(raw: object) -> list[Phone]:
    """The patient's own numbers from settings ({label, number, kind} dicts); unusable ones are left out."""
    found = []
    for item in raw if isinstance(raw, list) else []:
        if not isinstance(item, dict):
            continue
        label, number, kind = item.get("label"), item.get("number"), item.get("kind", "other")
        if isinstance(label, str) and label.strip() and kind in PHONE_KINDS and not phone_number_problem(number):
            found.append(Phone(label.strip(), number.strip(), kind))
    return found


def numbers_to_call(level: Level, clinic_phones: Iterable[Phone], own: Iterable[Phone] = ()) -> list[Phone]:
    """The numbers to offer, the one to call first at the front; duplicates (same digits) dropped."""
    rank = {kind: i for i, kind in enumerate(_ORDER[level])}
    phones = [p for p in (*clinic_phones, *own) if p.kind in rank]
    ordered = sorted(enumerate(phones), key=lambda item: (rank[item[1].kind], item[0]))
    seen: set[str] = set()
    result = []
    for _, phone in ordered:
        if phone.tel_uri not in seen:
            seen.add(phone.tel_uri)
            result.append(phone)
    return result


def lacks_24h_line(phones: Iterable[Phone]) -> bool:
    """True when no 24-hour oncology number is known (so the app shows ADD_NUMBER_HINT)."""
    return not any(p.kind == "oncology_24h" for p in phones)
