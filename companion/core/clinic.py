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
from dataclasses import dataclass, field
from datetime import time
from typing import Any

from companion.core.errors import InputError, Message
from companion.core.i18n import N_, Translator
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
PHONE_OPTIONAL_KEYS = ("labels",)  # { es = "..." }: the label in another language the clinic offers

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
    labels: tuple[tuple[str, str], ...] = ()  # (language, label) for the clinic's other languages

    def label_in(self, language: str) -> str:
        """The label as the clinic wrote it for `language`, else its own `label`."""
        return dict(self.labels).get(language, self.label)

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
    """One problem of a clinic file: the field's path as the file writes it ("phones[2].number"), and what
    is wrong with it as an English message id (marked N_) with its placeholders, told in the reader's
    language by told(t); `message` is the English text."""

    path: str
    template: str
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> str:
        return str(self._reason())

    def _reason(self) -> InputError:
        return InputError(self.template, **self.params)

    def told_reason(self, t: Translator) -> str:
        return self._reason().told_reason(t)

    def told(self, t: Translator) -> str:
        """"path: what is wrong", the path as the file writes it, the rest in t's language."""
        return f"{self.path}: {self.told_reason(t)}"

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class ClinicError(InputError):
    """A clinic configuration with problems; str() lists every one, a line each (told(t): in t's language)."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def told(self, t: Translator) -> str:
        return "\n".join(p.told(t) for p in self.problems)

    def told_reason(self, t: Translator) -> str:
        return self.told(t)


def validate(raw: dict) -> list[Problem]:
    """Every problem in a raw clinic table (as read from TOML), each with its field path."""
    if not isinstance(raw, dict):
        return [Problem("clinic", N_("must be a table of settings"))]
    problems: list[Problem] = []

    def add(path: str, message: str, **params: Any) -> None:
        problems.append(Problem(path, message, params))

    _unknown_keys(raw, TOP_KEYS, "", add)

    name = raw.get("name")
    if name is None or (isinstance(name, str) and not name.strip()):
        add("name", N_("must not be empty: write the clinic name"))
    elif not isinstance(name, str):
        add("name", N_("must be text"))
    for key in ("short_name", "logo"):
        if key in raw and not _is_text(raw[key]):
            add(key, N_("must be non-empty text"))
    if "seed_color" in raw and not (isinstance(raw["seed_color"], str) and _COLOR.fullmatch(raw["seed_color"])):
        add("seed_color", N_("must be a colour written #RRGGBB, like {example} (got {got})"),
            example=DEFAULT_SEED_COLOR, got=_got(raw["seed_color"]))
    if "locale" in raw and not (isinstance(raw["locale"], str) and _LOCALE.fullmatch(raw["locale"])):
        add("locale", N_("must be a language tag like en-US or en-GB (got {got})"), got=_got(raw["locale"]))
    languages = raw.get("languages", ["en"])
    if not (isinstance(languages, list) and languages and all(isinstance(c, str) and _LANGUAGE.fullmatch(c)
                                                                for c in languages)):
        add("languages", N_('must be a list of language codes, the default first, like ["en"] or ["es", "en"] '
                            "(got {got})"), got=_got(languages))
    elif len(set(languages)) != len(languages):
        add("languages", N_("lists a language twice"))
    else:
        reviews = raw.get("language_review", {})
        if not isinstance(reviews, dict):
            add("language_review",
                N_('must be a table like [language_review] es = "Dr A. Ruiz, oncology nurse, 2026-11-30"'))
            reviews = {}
        for code in languages:
            if code != "en" and not _is_text(reviews.get(code)):
                add(f"language_review.{code}",
                    N_("who reviewed the '{code}' texts: a native-speaking clinician checks `companion rules "
                       "--lang {code}` and data/content/{code}/ against the English, then the clinic writes "
                       '{code} = "name, role, date" under [language_review]'), code=code)
    if "temperature_unit" in raw and raw["temperature_unit"] not in TEMPERATURE_UNITS:
        add("temperature_unit", N_('must be "C" or "F" (got {got})'), got=_got(raw["temperature_unit"]))
    _check_range(raw, "fever_threshold_c", FEVER_RANGE_C, float, add, (
        N_("must be a number between {low} and {high} °C (got {got})"),
        N_("must be between {low} and {high} °C (got {got})"),
        N_("must be between {low} and {high} °C (got {got}) (38.0 °C / 100.4 °F is the highest: no guideline "
           "we cite calls later)")))
    _check_range(raw, "premed_lead_minutes", PREMED_RANGE_MIN, int, add, (
        N_("must be a whole number between {low} and {high} minutes (got {got})"),
        N_("must be between {low} and {high} minutes (got {got})"),
        N_("must be between {low} and {high} minutes (got {got})")))
    _check_range(raw, "auto_lock_minutes", AUTO_LOCK_RANGE_MIN, int, add, (
        N_("must be a whole number between {low} and {high} minutes (got {got})"),
        N_("must be between {low} and {high} minutes (got {got})"),
        N_("must be between {low} and {high} minutes (got {got}) (NIST SP 800-63B asks for the PIN again "
           "after 30 minutes without use)")))
    _check_phones(raw.get("phones"), add)
    _check_times(raw.get("reminder_times", {}), add)
    notes = raw.get("notes", [])
    if not isinstance(notes, list):
        add("notes", N_('must be a list of text, like ["Parking is free for patients."]'))
    else:
        for i, note in enumerate(notes, 1):
            if not _is_text(note):
                add(f"notes[{i}]", N_("must be non-empty text"))
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
        phones=tuple(Phone(p["label"].strip(), p["number"].strip(), p["kind"],
                           tuple((code, text.strip()) for code, text in p.get("labels", {}).items()))
                     for p in raw["phones"]),
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


_DIAL_RULE = N_("use 2-15 digits with only digits, spaces, +, -, ( and ), and + only at the start")


def phone_number_problem(number: object) -> Message | None:
    """Why a phone number cannot be dialled (a Message: the English reason, told(t) the reader's), or None
    when it can."""
    rule = Message(_DIAL_RULE)
    if not isinstance(number, str):
        return Message(N_('must be text in quotes, like "+1 555 010 0199"; {rule}'), rule=rule)
    digits = sum(c.isdigit() for c in number)
    if not _PHONE_CHARS.fullmatch(number.strip()) or not 2 <= digits <= 15:
        return Message(N_("cannot be dialled: {rule} (got {got})"), rule=rule, got=_got(number))
    if number.strip().startswith("+") and "(0)" in number:
        return Message(N_("cannot be dialled: leave out the (0) after the country code (got {got})"),
                       got=_got(number))
    return None


def _unknown_keys(table: dict, known: tuple[str, ...], prefix: str, add) -> None:
    for key in table:
        if key not in known:
            close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
            if prefix and key in TOP_KEYS:
                add(prefix + str(key), N_("unknown key; it is a top-level setting: move it above the first [heading]"))
            elif close:
                add(prefix + str(key), N_('unknown key; did you mean "{key}"?'), key=close[0])
            else:
                add(prefix + str(key), N_("unknown key; known keys: {keys}"), keys=", ".join(known))


def _is_text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _check_range(raw: dict, key: str, bounds: tuple, kind: type, add, messages: tuple[str, str, str]) -> None:
    """`messages`: not a number of the kind; out of range; above the range (may say why it is the highest)."""
    if key not in raw:
        return
    value, (low, high) = raw[key], bounds
    numeric = (int, float) if kind is float else (int,)
    not_a_number, outside, above = messages
    if isinstance(value, bool) or not isinstance(value, numeric):
        add(key, not_a_number, low=low, high=high, got=_got(value))
    elif not low <= value <= high:
        add(key, above if value > high else outside, low=low, high=high, got=_got(value))


def _check_phones(phones: object, add) -> None:
    if phones is None:
        add("phones", N_('no phone numbers: add a [[phones]] entry with kind = "emergency"'))
        return
    if not isinstance(phones, list) or not all(isinstance(p, dict) for p in phones):
        add("phones", N_("must be a list of [[phones]] tables with label, number and kind"))
        return
    for i, phone in enumerate(phones, 1):
        where = f"phones[{i}]."
        _unknown_keys(phone, PHONE_KEYS + PHONE_OPTIONAL_KEYS, where, add)
        for key in PHONE_KEYS:
            if key not in phone:
                add(where + key, N_("is missing: every phone needs {keys}"), keys=", ".join(PHONE_KEYS))
        if "label" in phone and not _is_text(phone["label"]):
            add(where + "label", N_('must be non-empty text, like "24-hour oncology line"'))
        labels = phone.get("labels", {})
        if not isinstance(labels, dict):
            add(where + "labels", N_('must be a table of language = "label", like {example}'),
                example='{ es = "Línea de oncología" }')
        else:
            for code, text in labels.items():
                if not (isinstance(code, str) and _LANGUAGE.fullmatch(code)) or not _is_text(text):
                    add(where + f"labels.{code}", N_("must be a language code with non-empty text"))
        problem = "number" in phone and phone_number_problem(phone["number"])
        if problem:
            add(where + "number", "{problem}", problem=problem)  # told in the reader's language
        if "kind" in phone and phone["kind"] not in PHONE_KINDS:
            add(where + "kind", N_("must be one of {kinds} (got {got})"), kinds=", ".join(PHONE_KINDS),
                got=_got(phone["kind"]))
    if not any(p.get("kind") == "emergency" for p in phones):
        add("phones", N_('no emergency number: add a [[phones]] entry with kind = "emergency" (e.g. 911, 999, 112)'))


def _check_times(table: object, add) -> None:
    if not isinstance(table, dict):
        add("reminder_times", N_("must be a table: [reminder_times]"))
        return
    _unknown_keys(table, tuple(DEFAULT_TIMES), "reminder_times.", add)
    for key in ("no_grapefruit", "infusion_eve", "contraception"):
        if key in table and _to_time(table[key]) is None:
            add(f"reminder_times.{key}", N_('must be a 24-hour time like "07:00" (got {got})'), got=_got(table[key]))
    if "capecitabine" not in table:
        return
    times = table["capecitabine"]
    if not isinstance(times, list):
        add("reminder_times.capecitabine", N_('must be a list of two times, like ["08:00", "20:00"]'))
        return
    parsed = [_to_time(t) for t in times]
    for i, (value, parsed_time) in enumerate(zip(times, parsed), 1):
        if parsed_time is None:
            add(f"reminder_times.capecitabine[{i}]", N_('must be a 24-hour time like "08:00" (got {got})'),
                got=_got(value))
    if None not in parsed and (len(parsed) != 2 or parsed[0] == parsed[1]):
        add("reminder_times.capecitabine", N_("capecitabine is taken twice a day (label sec. 2.1): "
                                              'give two different times, like ["08:00", "20:00"]'))


def _got(value: object) -> str:
    """What the file said, for "(got {got})" at the end of a message: '"teal"' for text, else as written."""
    return f'"{value}"' if isinstance(value, str) else f"{value}"


def _to_time(value: object) -> time | None:
    """A time from "HH:MM" text or a TOML local time, else None."""
    if isinstance(value, time) and value.tzinfo is None:
        return value.replace(second=0, microsecond=0)
    match = _TIME.fullmatch(value) if isinstance(value, str) else None
    return time(int(match[1]), int(match[2])) if match else None
