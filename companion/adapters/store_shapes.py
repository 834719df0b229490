"""What the store accepts and what its files must hold: ids, diary times, JSON-able values, table shapes.

The store checks what it is given with these before writing anything (InputError, one line), and what
it reads with them before using it (a file of the wrong shape is recovered like an unreadable one).
Callers that must refuse bad input before they start writing (an import) use the same functions.
"""
from __future__ import annotations

import json
import re
from datetime import datetime

from companion.core.errors import InputError
from companion.core.i18n import N_

ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
MONTH_FILE = re.compile(r"\d{4}-\d{2}\.json")


def check_id(value, what: str) -> str:
    """`value` if it is a valid profile id (the store's own rule, for callers to check before writing), else InputError."""
    if not (isinstance(value, str) and ID.fullmatch(value)):
        raise InputError(N_("{what} must be 1-64 letters, digits, '-', '_' or '.', got {value}."), what=what,
                         value=repr(value))
    return value


def entry_time(entry: dict) -> datetime:
    """The zone-aware moment of a diary entry's 'at' (RFC 9557 zone name allowed), else InputError."""
    at = entry.get("at")
    try:  # RFC 9557 allows a zone name after the offset: 2025-03-01T10:00:00+00:00[Europe/London]
        moment = datetime.fromisoformat(at.partition("[")[0])
    except (AttributeError, TypeError, ValueError):
        moment = None
    if moment is None or moment.utcoffset() is None:
        raise InputError(N_("Diary entry 'at' must be a date and time with a UTC offset, got {value}."), value=repr(at))
    return moment


def check_entry(entry: dict) -> datetime:
    """The moment of a diary entry the store can file (a text id, a zone-aware 'at'), else InputError."""
    if not (isinstance(entry.get("id"), str) and entry["id"]):
        raise InputError(N_("Diary entry needs a non-empty text 'id'."))
    return entry_time(entry)


def month_of(moment: datetime) -> str:
    """The month file an entry lives in: the date part of its "at" as written (its own UTC offset)."""
    return f"{moment.year:04d}-{moment.month:02d}"


def plain(value, what: str):
    """A deep copy through JSON: what a fresh Store would read back. InputError if not JSON-able."""
    try:
        return json.loads(json.dumps(value, allow_nan=False))
    except (TypeError, ValueError) as exc:
        raise InputError(N_("{what} holds something that cannot be saved: {why}."), what=what, why=str(exc)) from None


def main_ok(tables: dict) -> bool:
    """The main file's rows have the shape the store reads (else the file is recovered as unreadable)."""
    def rows(name):
        return tables.get(name, {}).values()

    return (
        all(isinstance(r.get("id"), str) and isinstance(r.get("profile"), dict) for r in rows("profiles"))
        and all(isinstance(r.get("doc"), dict) and "name" in r and "profile" in r for r in rows("docs"))
        and all(isinstance(r.get("doc"), dict) and "name" in r for r in rows("app"))
    )


def month_ok(tables: dict) -> bool:
    """A month file's rows are checked one by one when it opens (bad ones are kept aside, not fatal)."""
    return True
