"""What the diary screen needs in plain words: the checklist in groups, typed temperatures, entry summaries."""

from __future__ import annotations

from collections.abc import Mapping

from companion.core.diary import Entry, Temperature
from companion.core.errors import InputError
from companion.core.triage import Symptom

GROUP_TITLES = {
    "emergency": "Emergency signs",
    "infection": "Signs of infection",
    "allergy": "Signs of an allergic reaction",
    "stomach": "Mouth, stomach, bowels and bladder",
    "nerves_skin": "Nerves and skin",
    "other": "Other",
}


def checklist(symptoms: Mapping[str, Symptom]) -> list[tuple[str, list[Symptom]]]:
    """[(group title, symptoms)] in the rules' order, emergency signs first."""
    groups: dict[str, list[Symptom]] = {"emergency": []}
    for symptom in symptoms.values():
        groups.setdefault(symptom.group, []).append(symptom)
    return [(GROUP_TITLES[group], items) for group, items in groups.items() if items]


def parse_temperature(text: str | None, unit: str) -> Temperature | None:
    """The temperature typed in the field ("38.4", "38,4", "100.9"), None when left empty."""
    text = (text or "").strip().replace(",", ".").rstrip("°CFcf ").strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise InputError(f"Type the temperature as a number, like {'38.4' if unit == 'C' else '101.1'}") from None
    try:
        return Temperature(value, unit)
    except InputError as error:  # "temperature.value: 60 °C is outside 30-45 °C; ...": the field is right here
        raise InputError(str(error).removeprefix("temperature.value: ")) from None


def symptoms_text(entry: Entry, symptoms: Mapping[str, Symptom]) -> str:
    """'Shivering or chills (moderate), nausea or feeling sick (mild)' in checklist order."""
    phrases = [s.phrase(entry.symptoms[s.id]) for s in symptoms.values() if entry.symptoms.get(s.id)]
    if not phrases:
        return "No symptoms recorded"
    text = ", ".join(phrases)
    return text[:1].upper() + text[1:]
