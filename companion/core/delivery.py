"""Reminder delivery: which occurrences to show now, each exactly once, across restarts (pure).

The app stores the state (a JSON-able dict, one per profile) between calls:
    {"version": 1, "forget_before": iso | None,
     "items": {key: {"at": iso, "delivered": iso, "done": iso,
                     "snoozed_until": iso, "snooze_delivered": iso}}}
A record holds only what happened; times are stored in UTC. Functions return new dicts and never
mutate their input. An occurrence's key must change when its time changes (else it counts as shown).
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Iterable, Protocol, TypeVar

from companion.core.errors import InputError
from companion.core.i18n import N_

VERSION = 1
SNOOZE_MINUTES = (10, 30, 60)
MISSED_GRACE = timedelta(minutes=30)  # when a shown reminder counts as missed: a UI choice, not clinical
_FIELDS = ("at", "delivered", "done", "snoozed_until", "snooze_delivered")


class Occurrence(Protocol):
    """What delivery needs from companion.core.reminders.Occurrence."""

    key: str
    at: datetime


O = TypeVar("O", bound=Occurrence)


def empty_state() -> dict:
    return {"version": VERSION, "forget_before": None, "items": {}}


def parse_state(data: object) -> dict:
    """Validate a stored state; missing or empty gives an empty state, a newer version is refused."""
    if not data:
        return empty_state()
    if not isinstance(data, dict):
        raise InputError(N_("The saved reminder state is damaged: it is not a JSON object."))
    version = data.get("version")
    if type(version) is int and version > VERSION:
        raise InputError(N_("The saved reminders come from a newer version of the app (version {version}); "
                            "please update the app."), version=version)
    if version != VERSION:
        raise InputError(N_("The saved reminder state is damaged: unknown version {version}."), version=repr(version))
    items = data.get("items", {})
    if not isinstance(items, dict):
        raise InputError(N_("The saved reminder state is damaged: 'items' is not an object."))
    for key, record in items.items():
        if not isinstance(record, dict) or "at" not in record:
            raise InputError(N_("The saved reminder state is damaged: '{where}' has no time."), where=f"items.{key}")
        for field, value in record.items():
            if field not in _FIELDS:
                raise InputError(N_("The saved reminder state is damaged: unknown field '{where}'."),
                                 where=f"items.{key}.{field}")
            _parse_time(value, f"items.{key}.{field}")
    forget = data.get("forget_before")
    if forget is not None:
        _parse_time(forget, "forget_before")
    return {"version": VERSION, "forget_before": forget, "items": {k: dict(r) for k, r in items.items()}}


def due(occurrences: Iterable[O], state: dict, now: datetime) -> list[O]:
    """Occurrences to show now: their time (or snooze end) has come and they were not shown for it yet."""
    _aware(now, "now")
    found = [(when, occ) for occ in occurrences if (when := _due_at(occ, state, now)) is not None]
    return [occ for _, occ in sorted(found, key=lambda pair: pair[0])]


def missed(
    occurrences: Iterable[O], state: dict, now: datetime, grace: timedelta = MISSED_GRACE
) -> list[O]:
    """Occurrences not marked done whose time (or snooze end) passed more than `grace` ago."""
    _aware(now, "now")
    found = []
    for occ in occurrences:
        record = state["items"].get(occ.key)
        if record is None and _forgotten(occ, state):
            continue
        if record is not None and "done" in record:
            continue
        when = _time(record, "snoozed_until") or _aware(occ.at, "at")
        if when + grace <= now:
            found.append(occ)
    return sorted(found, key=lambda occ: occ.at)


def status(state: dict, occurrence: Occurrence, now: datetime) -> tuple[str, datetime | None]:
    """What became of one occurrence at `now`, for a list on screen: ("done", None), ("snoozed", until),
    ("due", None) when its time (or snooze end) has come, else ("later", None). Whether it counts as
    missed is `missed()`'s answer, not this one's."""
    _aware(now, "now")
    record = state["items"].get(occurrence.key) or {}
    if "done" in record:
        return "done", None
    until = _time(record, "snoozed_until")
    if until is not None and until > now:
        return "snoozed", until
    return ("due" if (until or _aware(occurrence.at, "at")) <= now else "later"), None


def next_showing(occurrence: Occurrence, state: dict, now: datetime) -> datetime | None:
    """When `occurrence` will next be shown, if that is after `now`: its own time, or its snooze's end.
    None when it is done, already shown for that time, or forgotten (what a scheduler must not hold)."""
    _aware(now, "now")
    record = state["items"].get(occurrence.key)
    if record is None:
        at = _aware(occurrence.at, "at")
        return at if at > now and not _forgotten(occurrence, state) else None
    if "done" in record or "snooze_delivered" in record:
        return None
    until = _time(record, "snoozed_until")
    if until is not None:
        return until if until > now else None
    return None  # shown at its own time and not snoozed: waiting in the app, not to be shown again


def mark_delivered(state: dict, occurrence: Occurrence, now: datetime) -> dict:
    """Record that a due occurrence was shown; does nothing if it was not due."""
    if _due_at(occurrence, state, now) is None:
        return _copy(state)
    record = _record(state, occurrence)
    record["snooze_delivered" if "delivered" in record else "delivered"] = _iso(now)
    return _with(state, occurrence.key, record)


def mark_done(state: dict, occurrence: Occurrence, now: datetime) -> dict:
    """Record that the person did it; it is never shown or listed as missed again."""
    _aware(now, "now")
    record = _record(state, occurrence)
    record.setdefault("done", _iso(now))
    return _with(state, occurrence.key, record)


def snooze(state: dict, occurrence: Occurrence, now: datetime, minutes: int) -> dict:
    """Bring the occurrence back once, `minutes` (10, 30 or 60) from now; a done one stays done."""
    _aware(now, "now")
    if type(minutes) is not int or minutes not in SNOOZE_MINUTES:
        raise InputError(N_("Snooze must be 10, 30 or 60 minutes, not {minutes}."), minutes=repr(minutes))
    record = _record(state, occurrence)
    if "done" in record:
        return _copy(state)
    record.setdefault("delivered", _iso(now))
    record["snoozed_until"] = _iso(now.astimezone(timezone.utc) + timedelta(minutes=minutes))
    record.pop("snooze_delivered", None)
    return _with(state, occurrence.key, record)


def prune(state: dict, keep_after: datetime) -> dict:
    """Forget records with nothing at or after `keep_after`; older occurrences are ignored from then on."""
    _aware(keep_after, "keep_after")
    items = {
        key: dict(record)
        for key, record in state["items"].items()
        if max(_parse_time(value, key) for value in record.values()) >= keep_after
    }
    old = _time(state, "forget_before")
    forget = keep_after if old is None else max(old, keep_after)
    return {"version": VERSION, "forget_before": _iso(forget), "items": items}


def _due_at(occ: Occurrence, state: dict, now: datetime) -> datetime | None:
    """The time from which `occ` waits to be shown at `now`, or None."""
    at = _aware(occ.at, "at")
    record = state["items"].get(occ.key)
    if record is None:
        return at if at <= now and not _forgotten(occ, state) else None
    if "done" in record:
        return None
    until = _time(record, "snoozed_until")
    if until is not None and until <= now and "snooze_delivered" not in record:
        return until
    return None


def _forgotten(occ: Occurrence, state: dict) -> bool:
    forget = _time(state, "forget_before")
    return forget is not None and occ.at < forget


def _record(state: dict, occ: Occurrence) -> dict:
    return dict(state["items"].get(occ.key) or {"at": _iso(_aware(occ.at, "at"))})


def _with(state: dict, key: str, record: dict) -> dict:
    new = _copy(state)
    new["items"][key] = record
    return new


def _copy(state: dict) -> dict:
    return {**state, "items": {k: dict(r) for k, r in state["items"].items()}}


def _time(mapping: dict | None, field: str) -> datetime | None:
    value = (mapping or {}).get(field)
    return None if value is None else _parse_time(value, field)


def _parse_time(value: object, where: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        parsed = None
    if parsed is None or parsed.tzinfo is None:
        raise InputError(N_("The saved reminder state is damaged: '{where}' is not a date and time with a zone."),
                         where=where)
    return parsed


def _iso(moment: datetime) -> str:
    return _aware(moment, "time").astimezone(timezone.utc).isoformat()


def _aware(moment: datetime, name: str) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be a zone-aware datetime")
    return moment
