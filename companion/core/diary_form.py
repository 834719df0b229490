"""What the diary screen needs in plain words: the checklist in groups, typed temperatures, entry summaries."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from companion.core.diary import Entry, Temperature
from companion.core.errors import InputError
from companion.core.i18n import N_
from companion.core.triage import Symptom

GROUP_TITLES = {  # worded where shown (the diary's tr)
    "emergency": N_("Emergency signs"),
    "infection": N_("Signs of infection"),
    "allergy": N_("Signs of an allergic reaction"),
    "stomach": N_("Mouth, stomach, bowels and bladder"),
    "nerves_skin": N_("Nerves and skin"),
    "other": N_("Other symptoms"),
}


ALWAYS_OPEN = "emergency"  # the emergency signs are never folded away


@dataclass(frozen=True)
class Group:
    id: str
    title: str
    symptoms: tuple[Symptom, ...]


def checklist(symptoms: Mapping[str, Symptom]) -> list[Group]:
    """The symptoms in groups, in the rules' order, emergency signs first."""
    groups: dict[str, list[Symptom]] = {ALWAYS_OPEN: []}
    for symptom in symptoms.values():
        groups.setdefault(symptom.group, []).append(symptom)
    return [Group(group, GROUP_TITLES[group], tuple(items)) for group, items in groups.items() if items]


def open_groups(symptoms: Mapping[str, Symptom], *entries: Entry | None) -> set[str]:
    """The groups open when the form opens: the emergency signs, and every group the given entries used
    (the patient's last entry, the entry being edited), so a usual entry takes a few taps."""
    return {ALWAYS_OPEN} | {symptoms[s].group for e in entries if e for s in e.symptoms if s in symptoms}


def group_summary(group: Group, severity: Mapping[str, int]) -> str:
    """What is ticked in a group, for its folded header: 'Cough (mild), sore throat (severe)'."""
    phrases = [s.phrase(severity[s.id]) for s in group.symptoms if severity.get(s.id)]
    text = ", ".join(phrases)
    return text[:1].upper() + text[1:] if text else f"{len(group.symptoms)} symptoms, none ticked"


def parse_temperature(text: str | None, unit: str) -> Temperature | None:
    """The temperature typed in the field ("38.4", "38,4", "100.9"), None when left empty.

    An InputError here is worded for that field itself, shown under its label (told in the patient's
    language): no field name in front."""
    text = (text or "").strip().replace(",", ".").rstrip("°CFcf ").strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise InputError(N_("Type the temperature as a number, like {example}"),
                         example="38.4" if unit == "C" else "101.1") from None
    try:
        return Temperature(value, unit)
    except InputError as error:  # the same reason without its field: the form shows it under its own label
        raise InputError(error.template, **error.params) from None


def symptoms_text(entry: Entry, symptoms: Mapping[str, Symptom]) -> str:
    """'Shivering or chills (moderate), nausea or feeling sick (mild)' in checklist order."""
    phrases = [s.phrase(entry.symptoms[s.id]) for s in symptoms.values() if entry.symptoms.get(s.id)]
    if not phrases:
        return "No symptoms recorded"
    text = ", ".join(phrases)
    return text[:1].upper() + text[1:]
