"""Reads data/triage.toml into TriageRules (the rules are checked by core.triage)."""

from __future__ import annotations

import tomllib
from pathlib import Path

from companion.core.errors import InputError, Message
from companion.core.i18n import N_
from companion.core.triage import Level, Symptom, TriageRules

RULES_FILE = Path(__file__).resolve().parents[2] / "data" / "triage.toml"
SCHEMA_VERSION = 1


def load_rules(path: Path = RULES_FILE) -> TriageRules:
    """The triage rules in a TOML file; InputError names the file and the table that is wrong."""
    name = Path(path).name
    try:
        raw = tomllib.loads(Path(path).read_bytes().decode("utf-8"))
    except FileNotFoundError:
        raise InputError(N_("file not found"), str(path)) from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise InputError(N_("{problem}"), name, problem=str(error)) from None
    if raw.get("schema_version") != SCHEMA_VERSION:
        raise InputError(N_("schema_version must be {version}, not {value}"), name, version=SCHEMA_VERSION,
                         value=repr(raw.get("schema_version")))
    sources = _table(raw, "sources", name)

    def cite(table: dict, where: str) -> str:
        keys = _field(table, "source", (list,), where)
        unknown = [k for k in keys if k not in sources]
        if not keys or unknown:
            raise InputError(N_("source must list keys of [sources]; unknown: {unknown}"), where,
                             unknown=str(unknown) if unknown else Message(N_("none given")))
        return "; ".join(sources[k] for k in keys)

    fever = _table(raw, "fever", name)
    low = _table(raw, "low_temperature", name)
    ambers = _table(raw, "two_ambers", name)
    symptoms = {}
    for symptom_id, table in _table(raw, "symptoms", name).items():
        where = f"{name} [symptoms.{symptom_id}]"
        try:
            levels = tuple(Level.from_id(level) for level in _field(table, "levels", (list,), where))
        except InputError as error:
            raise InputError(N_("levels: {error}"), where, error=error) from None
        symptoms[symptom_id] = Symptom(
            id=symptom_id,
            label=_field(table, "label", (str,), where),
            hint=_field(table, "hint", (str,), where),
            group=_field(table, "group", (str,), where),
            levels=levels,
            why=_field(table, "why", (str,), where),
            source=cite(table, where),
            pro_ctcae=_optional_text(table, "pro_ctcae", where),
        )
    number = (int, float)
    return TriageRules(
        symptoms=symptoms,
        fever_source=cite(fever, f"{name} [fever]"),
        two_ambers_source=cite(ambers, f"{name} [two_ambers]"),
        fever_default_c=_field(fever, "default_c", number, f"{name} [fever]"),
        fever_range_c=(_field(fever, "clinic_min_c", number, f"{name} [fever]"),
                       _field(fever, "clinic_max_c", number, f"{name} [fever]")),
        low_temperature_c=_field(low, "below_c", number, f"{name} [low_temperature]"),
        low_temperature_source=cite(low, f"{name} [low_temperature]"),
        ambers_to_escalate=_field(ambers, "count", (int,), f"{name} [two_ambers]"),
    )


def _optional_text(table: dict, key: str, where: str) -> str:
    return _field(table, key, (str,), where) if key in table else ""


def _table(raw: dict, key: str, where: str) -> dict:
    return _field(raw, key, (dict,), where)


def _field(table: dict, key: str, kinds: tuple[type, ...], where: str):
    value = table.get(key)
    if value is None:
        raise InputError(N_("missing {key}"), where, key=repr(key))
    if isinstance(value, bool) or not isinstance(value, kinds):
        raise InputError(N_("{key} has the wrong type ({kind})"), where, key=repr(key), kind=type(value).__name__)
    return value
