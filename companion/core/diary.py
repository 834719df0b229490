"""Symptom diary entries: model, validation and a JSON-able form.

Severity uses the PRO-CTCAE words: 0 none, 1 mild, 2 moderate, 3 severe, 4 very severe.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from companion.core.i18n import N_
from companion.core.errors import InputError, Listed, Message, Sentences

SEVERITY_WORDS = (N_("none"), N_("mild"), N_("moderate"), N_("severe"), N_("very severe"))  # PRO-CTCAE
SEVERITIES = Listed(*(Sentences(str(i), Message(w)) for i, w in enumerate(SEVERITY_WORDS)))  # "0 none, 1 mild..."
SYMPTOM_IDS = (  # stable ids: the CLI, backups and stored entries use them
    "breathing_trouble", "swelling_face_throat_tongue", "chest_pain", "fainting", "confusion",
    "feeling_unwell", "chills", "sore_throat", "cough", "burning_urination", "line_site",
    "hives", "itching", "flushing", "palpitations",
    "mouth_sores", "nausea", "vomiting", "diarrhea", "constipation", "abdominal_pain", "little_urine", "jaundice",
    "numbness_tingling", "leg_weakness", "rash", "hand_foot", "radiation_site_skin",
    "bleeding_bruising", "calf_swelling", "dizziness", "fatigue", "muscle_joint_pain",
)
# Outside these a reading is taken as a typing error, not triaged.
TEMPERATURE_RANGE = {"C": (30.0, 45.0), "F": (86.0, 113.0)}
NOTE_MAX_CHARS = 2000
ENTRY_KEYS = ("id", "at", "temperature", "symptoms", "note")
AT_EXAMPLE = "2025-03-01T14:20:00+01:00"
TEMPERATURE_EXAMPLE = '{"value": 38.4, "unit": "C"}'


def fahrenheit(celsius: float) -> float:
    return celsius * 9 / 5 + 32


@dataclass(frozen=True)
class Temperature:
    value: float
    unit: str  # "C" or "F"

    def __post_init__(self):
        if not isinstance(self.unit, str) or self.unit not in TEMPERATURE_RANGE:
            raise InputError(N_("use \"C\" or \"F\", not {unit}"), field="temperature.unit", unit=repr(self.unit))
        if isinstance(self.value, bool) or not isinstance(self.value, (int, float)) or not math.isfinite(self.value):
            raise InputError(N_("give a number, not {value}"), field="temperature.value", value=repr(self.value))
        low, high = TEMPERATURE_RANGE[self.unit]
        if not low <= self.value <= high:
            raise InputError(N_("{reading} is outside {low}-{high} °{unit}; please check it for a typing error"),
                             field="temperature.value", reading=str(self), low=f"{low:g}", high=f"{high:g}",
                             unit=self.unit)

    @property
    def celsius(self) -> float:
        return self.value if self.unit == "C" else (self.value - 32) * 5 / 9

    def __str__(self) -> str:
        return f"{self.value:g} °{self.unit}"


@dataclass(frozen=True)
class Entry:
    id: str
    at: datetime  # zone-aware
    temperature: Temperature | None
    symptoms: Mapping[str, int] = field(default_factory=dict)  # symptom id -> severity 1-4 (zeros dropped)
    note: str = ""

    def __post_init__(self):
        if not isinstance(self.id, str) or not self.id.strip():
            raise InputError(N_("give a non-empty text id"), field="id")
        if not isinstance(self.at, datetime) or self.at.utcoffset() is None:
            raise InputError(N_("give a date and time with its time zone, e.g. {example}"), field="at",
                             example=AT_EXAMPLE)
        if self.temperature is not None and not isinstance(self.temperature, Temperature):
            raise InputError(N_("give an object like {example}"), field="temperature", example=TEMPERATURE_EXAMPLE)
        if not isinstance(self.note, str):
            raise InputError(N_("give text"), field="note")
        if len(self.note) > NOTE_MAX_CHARS:
            raise InputError(N_("keep it under {limit} characters (it has {count})"), field="note",
                             limit=NOTE_MAX_CHARS, count=len(self.note))
        for symptom, severity in self.symptoms.items():
            if isinstance(severity, bool) or not isinstance(severity, int) or not 0 <= severity <= 4:
                raise InputError(N_("severity must be a whole number 0-4 ({words}), not {value}"),
                                 field=f"symptoms.{symptom}", words=SEVERITIES, value=repr(severity))
        object.__setattr__(self, "symptoms", {s: v for s, v in self.symptoms.items() if v})


def new_entry(now: datetime, id: str, temperature: Temperature | None = None,
              symptoms: Mapping[str, int] | None = None, note: str = "") -> Entry:
    """An entry recorded at `now`."""
    return Entry(id=id, at=now, temperature=temperature, symptoms=dict(symptoms or {}), note=note)


def parse_entry(d: dict, *, vocabulary: Collection[str]) -> Entry:
    """An Entry from its JSON form; InputError names the field that is wrong."""
    if not isinstance(d, dict):
        raise InputError(N_("give a JSON object like {example}"), field="entry", example='{"symptoms": {"chills": 2}}')
    unknown = [k for k in d if k not in ENTRY_KEYS]
    if unknown:
        raise InputError(N_("unknown field{did_you_mean}; expected {expected}"), field=unknown[0],
                         did_you_mean=_did_you_mean(unknown[0], ENTRY_KEYS), expected=", ".join(ENTRY_KEYS))
    symptoms = d.get("symptoms") or {}
    if not isinstance(symptoms, dict):
        raise InputError(N_("give an object like {example}"), field="symptoms", example='{"chills": 2, "nausea": 1}')
    for symptom in symptoms:
        if symptom not in vocabulary:
            raise InputError(N_("{symptom} is not a known symptom id{did_you_mean}; known ids: {known}"),
                             field="symptoms", symptom=repr(symptom), did_you_mean=_did_you_mean(symptom, vocabulary),
                             known=", ".join(vocabulary))
    return Entry(id=d.get("id"), at=_parse_at(d.get("at")), temperature=_parse_temperature(d.get("temperature")),
                 symptoms=symptoms, note=d.get("note", ""))


def entry_to_dict(e: Entry) -> dict:
    """The JSON-able form; parse_entry(entry_to_dict(e)) == e."""
    d = {"id": e.id, "at": e.at.isoformat()}
    if isinstance(e.at.tzinfo, ZoneInfo):
        d["at"] += f"[{e.at.tzinfo.key}]"
    if e.temperature is not None:
        d["temperature"] = {"value": e.temperature.value, "unit": e.temperature.unit}
    d["symptoms"] = {s: v for s, v in e.symptoms.items() if v}
    if e.note:
        d["note"] = e.note
    return d


def _parse_at(text) -> datetime:
    """ISO 8601 with an offset, optionally followed by an IANA zone: 2025-03-01T14:20:00+00:00[Europe/London]."""
    if not isinstance(text, str):
        raise InputError(N_("give a date and time with its time zone, e.g. {example}"), field="at", example=AT_EXAMPLE)
    stamp, _, zone = text.partition("[")
    try:
        at = datetime.fromisoformat(stamp.strip())
    except ValueError:
        raise InputError(N_("{text} is not a date and time like {example}"), field="at", text=repr(text),
                         example=AT_EXAMPLE) from None
    if at.utcoffset() is None:
        raise InputError(N_("{text} has no time zone; add one, e.g. {example}"), field="at", text=repr(text),
                         example=AT_EXAMPLE)
    if zone:
        try:
            at = at.astimezone(ZoneInfo(zone.rstrip("]")))
        except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a tzdata folder, a name too long
            raise InputError(N_("{zone} is not a known time zone"), field="at", zone=repr(zone.rstrip("]"))) from None
    return at


def _parse_temperature(raw) -> Temperature | None:
    if raw is None:
        return None
    if not isinstance(raw, dict) or set(raw) != {"value", "unit"}:
        raise InputError(N_("give an object like {example}"), field="temperature", example=TEMPERATURE_EXAMPLE)
    unit = raw["unit"].strip().lstrip("°").upper() if isinstance(raw["unit"], str) else raw["unit"]
    return Temperature(value=raw["value"], unit=unit)


def _did_you_mean(word: str, choices: Collection[str]) -> str:
    close = difflib.get_close_matches(str(word), list(choices), n=1)
    return Message(N_(" (did you mean {choice}?)"), choice=repr(close[0])) if close else ""
