"""Clinic configuration: model and validation (pure; the file is read by an adapter).

Bounds and defaults, with their sources (also written in data/clinic.example.toml):
- fever threshold 38.0 °C (CDC "Preventing Infections During Cancer Treatment": 100.4 °F / 38.0 °C);
  a clinic may lower it to 37.5 °C (several UK centres use 37.5 °C: The Christie, UHB), never raise it:
  no source we cite puts the call line above 38.0 °C (core.triage.FEVER_FLOOR_C).
- premedication lead 60 minutes (label sec. 2.2: premedicate "approximately 1 hour" before
  the infusion); a clinic may set 30-120 minutes.
- capecitabine twice a day (label sec. 2.1), hence two reminder times.
- auto-lock after 5 minutes without use while a PIN is set (the app's own choice, like a phone's screen
  lock); a clinic may set 1-30 minutes, never more: NIST SP 800-63B (rev. 3) sec. 4.2.3 asks for a new
  authentication after any period of inactivity lasting 30 minutes or longer.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import time

from companion.core.errors import InputError
from companion.core.triage import FEVER_FLOOR_C

PHONE_KINDS = ("oncology_24h", "treatment_unit", "emergency", "other")
TEMPERATURE_UNITS = ("C", "F")
FEVER_RANGE_C = (37.5, FEVER_FLOOR_C)
FEVER_DEFAULT_C = FEVER_FLOOR_C
PREMED_RANGE_MIN = (30, 120)
PREMED_DEFAULT_MIN = 60
AUTO_LOCK_RANGE_MIN = (1, 30)
AUTO_LOCK_DEFAULT_MIN = 5
DEFAULT_SEED_COLOR = "#00796B"
DEFAULT_TIMES = {
    "no_grapefruit": "07:00",
    "infusion_eve": "19:00",
    "contraception": "09:00",
    "capecitabine": ["08:00", "20:00"],
}

TOP_KEYS = (
    "name", "short_name", "logo", "seed_color", "locale", "languages", "language_review", "temperature_unit",
    "fever_threshold_c", "premed_lead_minutes", "auto_lock_minutes", "phones", "reminder_times", "notes",
)
PHONE_KEYS = ("label", "number", "kind")

_COLOR = re.compile(r"#[0-9A-Fa-f]{6}")
_TIME = re.compile(r"([01]\d|2[0-3]):([0-5]\d)")
_LOCALE = re.compile(r"[a-z]{2,3}(-[A-Z]{2})?")
_LANGUAGE = re.compile(r"[a-z]{2,3}")  # ISO 639 code: a catalog folder in companion/locale/
_PHONE_CHARS = re.compile(r"\+?[0-9 ()\-]+")


@dataclass(frozen=True)
class Phone:
    label: str
    number: str
    kind: str

    @property
    def tel_uri(self) -> str:
        """The number as a tel: link (digits and a leading +)."""
        digits = re.sub(r"\D", "", self.number)
        return "tel:" + ("+" if self.number.strip().startswith("+") else "") + digits


@dataclass(frozen=True)
class ReminderTimes:
    no_grapefruit: time
    infusion_eve: time
    contraception: time
    capecitabine: tuple[time, ...]


@dataclass(frozen=True)
class Clinic:
    name: str
    short_name: str
    seed_color: str
    logo: str | None
    phones: tuple[Phone, ...]
    fever_threshold_c: float
    premed_lead_minutes: int
    reminder_times: ReminderTimes
    notes: tuple[str, ...]
    temperature_unit: str
    locale: str | None = None
    languages: tuple[str, ...] = ("en",)  # offered to patients, after review; the first is the default
    auto_lock_minutes: int = AUTO_LOCK_DEFAULT_MIN  # while a PIN is set: lock after this long without use

    def phone(self, kind: str) -> Phone | None:
        """The first phone of this kind, or None."""
        return next((p for p in self.phones if p.kind == kind), None)


@dataclass(frozen=True)
class Problem:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class ClinicError(InputError):
    """A clinic configuration with problems; str() lists every one, a line each."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def validate(raw: dict) -> list[Problem]:
    """Every problem in a raw clinic table (as read from TOML), each with its field path."""
    if not isinstance(raw, dict):
        return [Problem("clinic", "must be a table of settings")]
    problems: list[Problem] = []
    add = lambda path, message: problems.append(Problem(path, message))  # noqa: E731
    _unknown_keys(raw, TOP_KEYS, "", add)

    name = raw.get("name")
    if name is None or (isinstance(name, str) and not name.strip()):
        add("name", "must not be empty: write the clinic name")
    elif not isinstance(name, str):
        add("name", "must be text")
    for key in ("short_name", "logo"):
        if key in raw and not _is_text(raw[key]):
            add(key, "must be non-empty text")
    if "seed_color" in raw and not (isinstance(raw["seed_color"], str) and _COLOR.fullmatch(raw["seed_color"])):
        add("seed_color", f"must be a colour written #RRGGBB, like {DEFAULT_SEED_COLOR}{_got(raw['seed_color'])}")
    if "locale" in raw and not (isinstance(raw["locale"], str) and _LOCALE.fullmatch(raw["locale"])):
        add("locale", f"must be a language tag like en-US or en-GB{_got(raw['locale'])}")
    languages = raw.get("languages", ["en"])
    if not (isinstance(languages, list) and languages and all(isinstance(c, str) and _LANGUAGE.fullmatch(c)
                                                                for c in languages)):
        add("languages", 'must be a list of language codes, the default first, like ["en"] or ["es", "en"]'
            + _got(languages))
    elif len(set(languages)) != len(languages):
        add("languages", "lists a language twice")
    else:
        reviews = raw.get("language_review", {})
        if not isinstance(reviews, dict):
            add("language_review", 'must be a table like [language_review] es = "Dr A. Ruiz, oncology nurse, 2026-11-30"')
            reviews = {}
        for code in languages:
            if code != "en" and not _is_text(reviews.get(code)):
                add(f"language_review.{code}",
                    f"who reviewed the {code!r} texts: a native-speaking clinician checks `companion rules --lang "
                    f"{code}` and data/content/{code}/ against the English, then the clinic writes "
                    f'{code} = "name, role, date" under [language_review]')
    if "temperature_unit" in raw and raw["temperature_unit"] not in TEMPERATURE_UNITS:
        add("temperature_unit", 'must be "C" or "F"' + _got(raw["temperature_unit"]))
    _check_range(raw, "fever_threshold_c", FEVER_RANGE_C, "°C", float, add,
                 why=" (38.0 °C / 100.4 °F is the highest: no guideline we cite calls later)")
    _check_range(raw, "premed_lead_minutes", PREMED_RANGE_MIN, "minutes", int, add)
    _check_range(raw, "auto_lock_minutes", AUTO_LOCK_RANGE_MIN, "minutes", int, add,
                 why=" (NIST SP 800-63B asks for the PIN again after 30 minutes without use)")
    _check_phones(raw.get("phones"), add)
    _check_times(raw.get("reminder_times", {}), add)
    notes = raw.get("notes", [])
    if not isinstance(notes, list):
        add("notes", "must be a list of text, like [\"Parking is free for patients.\"]")
    else:
        for i, note in enumerate(notes, 1):
            if not _is_text(note):
                add(f"notes[{i}]", "must be non-empty text")
    return problems


def parse_clinic(raw: dict) -> Clinic:
    """A Clinic from a raw table; raises ClinicError listing every problem."""
    problems = validate(raw)
    if problems:
        raise ClinicError(problems)
    times = {**DEFAULT_TIMES, **raw.get("reminder_times", {})}
    return Clinic(
        name=raw["name"].strip(),
        short_name=raw.get("short_name", raw["name"]).strip(),
        seed_color=raw.get("seed_color", DEFAULT_SEED_COLOR).upper(),
        logo=raw.get("logo"),
        phones=tuple(Phone(p["label"].strip(), p["number"].strip(), p["kind"]) for p in raw["phones"]),
        fever_threshold_c=float(raw.get("fever_threshold_c", FEVER_DEFAULT_C)),
        premed_lead_minutes=raw.get("premed_lead_minutes", PREMED_DEFAULT_MIN),
        reminder_times=ReminderTimes(
            no_grapefruit=_to_time(times["no_grapefruit"]),
            infusion_eve=_to_time(times["infusion_eve"]),
            contraception=_to_time(times["contraception"]),
            capecitabine=tuple(sorted(_to_time(t) for t in times["capecitabine"])),
        ),
        notes=tuple(n.strip() for n in raw.get("notes", [])),
        temperature_unit=raw.get("temperature_unit", "C"),
        locale=raw.get("locale"),
        languages=tuple(raw.get("languages", ["en"])),
        auto_lock_minutes=raw.get("auto_lock_minutes", AUTO_LOCK_DEFAULT_MIN),
    )


def phone_number_problem(number: object) -> str | None:
    """Why a phone number cannot be dialled, or None when it can."""
    rule = "use 2-15 digits with only digits, spaces, +, -, ( and ), and + only at the start"
    if not isinstance(number, str):
        return f"must be text in quotes, like \"+1 555 010 0199\"; {rule}"
    digits = sum(c.isdigit() for c in number)
    if not _PHONE_CHARS.fullmatch(number.strip()) or not 2 <= digits <= 15:
        return f"cannot be dialled: {rule}{_got(number)}"
    if number.strip().startswith("+") and "(0)" in number:
        return f"cannot be dialled: leave out the (0) after the country code{_got(number)}"
    return None


def _unknown_keys(table: dict, known: tuple[str, ...], prefix: str, add) -> None:
    for key in table:
        if key not in known:
            close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
            hint = f'did you mean "{close[0]}"?' if close else "known keys: " + ", ".join(known)
            if prefix and key in TOP_KEYS:
                hint = "it is a top-level setting: move it above the first [heading]"
            add(prefix + str(key), f"unknown key; {hint}")


def _is_text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _check_range(raw: dict, key: str, bounds: tuple, unit: str, kind: type, add, why: str = "") -> None:
    if key not in raw:
        return
    value, (low, high) = raw[key], bounds
    numeric, noun = ((int, float), "number") if kind is float else ((int,), "whole number")
    if isinstance(value, bool) or not isinstance(value, numeric):
        add(key, f"must be a {noun} between {low} and {high} {unit}{_got(value)}")
    elif not low <= value <= high:
        add(key, f"must be between {low} and {high} {unit}{_got(value)}" + (why if value > high else ""))


def _check_phones(phones: object, add) -> None:
    if phones is None:
        add("phones", 'no phone numbers: add a [[phones]] entry with kind = "emergency"')
        return
    if not isinstance(phones, list) or not all(isinstance(p, dict) for p in phones):
        add("phones", "must be a list of [[phones]] tables with label, number and kind")
        return
    for i, phone in enumerate(phones, 1):
        where = f"phones[{i}]."
        _unknown_keys(phone, PHONE_KEYS, where, add)
        for key in PHONE_KEYS:
            if key not in phone:
                add(where + key, f"is missing: every phone needs {', '.join(PHONE_KEYS)}")
        if "label" in phone and not _is_text(phone["label"]):
            add(where + "label", "must be non-empty text, like \"24-hour oncology line\"")
        problem = "number" in phone and phone_number_problem(phone["number"])
        if problem:
            add(where + "number", problem)
        if "kind" in phone and phone["kind"] not in PHONE_KINDS:
            add(where + "kind", f"must be one of {', '.join(PHONE_KINDS)}{_got(phone['kind'])}")
    if not any(p.get("kind") == "emergency" for p in phones):
        add("phones", 'no emergency number: add a [[phones]] entry with kind = "emergency" (e.g. 911, 999, 112)')


def _check_times(table: object, add) -> None:
    if not isinstance(table, dict):
        add("reminder_times", "must be a table: [reminder_times]")
        return
    _unknown_keys(table, tuple(DEFAULT_TIMES), "reminder_times.", add)
    for key in ("no_grapefruit", "infusion_eve", "contraception"):
        if key in table and _to_time(table[key]) is None:
            add(f"reminder_times.{key}", 'must be a 24-hour time like "07:00"' + _got(table[key]))
    if "capecitabine" not in table:
        return
    times = table["capecitabine"]
    if not isinstance(times, list):
        add("reminder_times.capecitabine", 'must be a list of two times, like ["08:00", "20:00"]')
        return
    parsed = [_to_time(t) for t in times]
    for i, (value, parsed_time) in enumerate(zip(times, parsed), 1):
        if parsed_time is None:
            add(f"reminder_times.capecitabine[{i}]", 'must be a 24-hour time like "08:00"' + _got(value))
    if None not in parsed and (len(parsed) != 2 or parsed[0] == parsed[1]):
        add("reminder_times.capecitabine", "capecitabine is taken twice a day (label sec. 2.1): "
            'give two different times, like ["08:00", "20:00"]')


def _got(value: object) -> str:
    """' (got "teal")' for the end of a message: what the file said."""
    return f' (got "{value}")' if isinstance(value, str) else f" (got {value})"


def _to_time(value: object) -> time | None:
    """A time from "HH:MM" text or a TOML local time, else None."""
    if isinstance(value, time) and value.tzinfo is None:
        return value.replace(second=0, microsecond=0)
    match = _TIME.fullmatch(value) if isinstance(value, str) else None
    return time(int(match[1]), int(match[2])) if match else None
