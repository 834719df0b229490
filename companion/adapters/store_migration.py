"""The stored format's version and its migrations.

Every file has a `_meta` table {"schema": N, "app": "companion"}; a file without one is version 0.
An older file is migrated when it is opened (MIGRATIONS, one step per version) and the store writes
it back; a newer one is refused, untouched (Untouchable, kind NEWER): this version cannot know what
it would lose.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from companion.adapters import recovery
from companion.adapters.atomic_storage import UnreadableFile, load_tables
from companion.adapters.store_errors import Untouchable
from companion.core.i18n import N_
from companion.core.os_reasons import os_reason

APP = "companion"
SCHEMA = 1


def _v0_to_v1(tables: dict) -> dict:
    """v0: a plain TinyDB file without `_meta`. v1 adds the version stamp."""
    return {**tables, "_meta": {"1": {"schema": 1, "app": APP}}}


MIGRATIONS: dict[int, Callable[[dict], dict]] = {0: _v0_to_v1}


def fresh() -> dict:
    """The tables of a new, empty file at the current version."""
    return {"_meta": {"1": {"schema": SCHEMA, "app": APP}}}


def version(tables: dict) -> int:
    if "_meta" not in tables:
        return 0
    meta = tables["_meta"].get("1")
    if not (isinstance(meta, dict) and meta.get("app") == APP and type(meta.get("schema")) is int):
        raise UnreadableFile("bad _meta")
    return meta["schema"]


def read_usable(path: Path, label: str, shape_ok: Callable[[dict], bool]) -> tuple[dict | None, bool]:
    """(tables at the current schema or None if no file, whether they were migrated). Untouchable for a
    file to leave alone (not a regular file, cannot be opened, newer); UnreadableFile for one to recover."""
    why = recovery.not_a_regular_file(path)
    if why:
        raise Untouchable(N_("Your {label} cannot be read: {file} {why}. It was left unchanged."),
                          recovery.NOT_A_FILE if "open" not in why else recovery.UNREADABLE, label=label,
                          file=path.name, why=why)
    try:
        tables = load_tables(path)
    except OSError as error:
        raise Untouchable(N_("Your {label} ({file}) cannot be read ({why}). It was left unchanged."),
                          recovery.UNREADABLE, label=label, file=path.name,
                          why=os_reason(error)) from None
    if tables is None:
        return None, False
    found = start = version(tables)
    if found > SCHEMA:
        raise Untouchable(
            N_("Your {label} ({file}) was saved by a newer version of the app (data format {found}; this version "
               "reads up to {known}). Please update the app; the file was left unchanged."),
            recovery.NEWER, label=label, file=path.name, found=found, known=SCHEMA)
    while found < SCHEMA:
        tables = MIGRATIONS[found](tables)
        found = version(tables)
    if not shape_ok(tables):
        raise UnreadableFile(f"{path.name}: unexpected content")
    return tables, found != start
