"""Data ownership: the user's data is theirs: back it up, import a backup, save an exported file, or
delete all of it (use cases over a Store, for the More screen and the command line alike)."""

from __future__ import annotations

import json
import re
import shutil
from datetime import datetime
from pathlib import Path

from companion.adapters.atomic_storage import write_atomic
from companion.adapters.store import Store, StoreError, check_id, entry_time
from companion.core.backup import (
    DOCS,
    Backup,
    ImportPreview,
    ProfileData,
    check_look_alikes,
    merge,
    parse_backup,
    preview,
    to_json_dict,
)
from companion.core.errors import InputError, Message, StorageError
from companion.core.i18n import N_
from companion.core.os_reasons import os_reason, short_path
from companion.services import records

EXPORTS_DIR = "exports"
_FILENAME = re.compile(r"[^/\\\x00]{1,200}")


def folder_problem(folder, error: OSError) -> Message:
    """One plain line for a data folder that cannot be opened or created."""
    return Message(N_("{folder}: cannot use this as the data folder ({why})."), folder=short_path(folder),
                   why=os_reason(error))


def open_store(data_dir, create: bool = False, write: bool = True) -> Store:
    """The store in `data_dir`; InputError when it is missing (unless `create`) or cannot be opened, or,
    to `write`, when another process (the app) writes it: nothing is written then. Without `write` it is
    read only and sees no half of the writer's changes until it is closed (adapters/folder_lock.py)."""
    try:
        if not create and not Path(data_dir).is_dir():
            raise InputError(N_("there is no data folder here."), str(data_dir))
        return Store(Path(data_dir), writer=write)
    except StorageError as error:  # StoreError, or FolderInUse: the app writes this folder
        raise InputError(error.template, **error.params) from None  # one line: the same message
    except OSError as error:
        problem = folder_problem(data_dir, error)
        raise InputError(problem.template, **problem.params) from None


def find_profile(store, name_or_id: str | None) -> dict:
    """The profile with this name (or id); without one, the only profile. InputError names the choices."""
    found = records.profiles(store)
    names = ", ".join(repr(p["name"]) for p in found)
    if not found:
        raise InputError(N_("There are no profiles in this data folder yet."))
    if name_or_id is None:
        if len(found) > 1:
            raise InputError(N_("There are {count} profiles ({names}): choose one with --profile NAME."),
                             count=len(found), names=names)
        return found[0]
    matches = [p for p in found if p["name"] == name_or_id] or [p for p in found if p["id"] == name_or_id]
    if not matches:
        raise InputError(N_("There is no profile {name}; the profiles are {names}."), name=repr(name_or_id),
                         names=names)
    if len(matches) > 1:
        ids = ", ".join(p["id"] for p in matches)
        raise InputError(N_("Several profiles are called {name}: give its id instead ({ids})."), name=repr(name_or_id),
                         ids=ids)
    return matches[0]


def export_backup(store, now: datetime, profile_ids=None) -> Backup:
    """A Backup of the given profiles (all when None); InputError for an unknown id."""
    found = records.profiles(store)
    if profile_ids is not None:
        known = {p["id"] for p in found}
        unknown = [pid for pid in profile_ids if pid not in known]
        if unknown:
            raise InputError(N_("There is no profile with id {id}."), id=repr(unknown[0]))
        found = [p for p in found if p["id"] in set(profile_ids)]
    return Backup(now, tuple(_profile_data(store, p) for p in found))


def backup_bytes(backup: Backup) -> bytes:
    """The backup file's bytes: indented JSON, UTF-8, as the app and `companion export` write it."""
    return json.dumps(to_json_dict(backup), indent=2, ensure_ascii=False).encode("utf-8")


def read_backup(data: bytes) -> Backup:
    """A backup file's bytes, checked in full; InputError says in one line what is wrong."""
    try:
        raw = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise InputError(N_("This file is not an Ixempra Companion backup (it is not JSON text).")) from None
    return parse_backup(raw)


def _profile_data(store, profile: dict) -> ProfileData:
    pid = profile["id"]
    return ProfileData(profile, *(store.get_doc(pid, doc) for doc in DOCS), tuple(store.entries(pid)))


def preview_import(store, backup: Backup) -> ImportPreview:
    current = export_backup(store, backup.created)
    check_look_alikes(merge(current, backup, False), backup)
    return preview(backup, current)


def import_backup(store, backup: Backup, replace: bool = False, progress=None) -> ImportPreview:
    """Write what the backup adds (or, with replace, its profiles wholesale); returns what was added/skipped.
    All of it lands, or none of it, even if the process is killed (Store.put_profiles: a journal); each
    file is written once. Only what differs is written, so importing the same file twice changes nothing.
    progress(done, total) is called as the files are written."""
    current = export_backup(store, backup.created)
    said = preview(backup, current)
    before = {p.id: p for p in current.profiles}
    merged = merge(current, backup, replace)
    check_look_alikes(merged, backup)
    targets = [t for t in merged.profiles if before.get(t.id) != t]
    for target in targets:  # all of it is checked first, so a refused import writes nothing
        _check_writable(target)
    try:
        store.put_profiles([{"profile": t.profile, "docs": {doc: getattr(t, doc) for doc in DOCS},
                             "entries": t.entries} for t in targets], progress)
    except StoreError as error:  # the device stopped keeping data (disk full...): none of it was kept
        raise StoreError(N_("{error} The import was undone: import the file again once the device can save."),
                         error=error) from None
    return said


def _check_writable(target: ProfileData) -> None:
    """InputError unless the store will take every part of this profile (its own checks, then the file's)."""
    where = Message(N_("Profile {name}"), name=repr(target.name))
    try:
        check_id(target.id, "Profile id")
        for entry in target.entries:
            if not (isinstance(entry.get("id"), str) and entry["id"]):
                raise InputError(N_("Diary entry needs a non-empty text 'id'."))
            entry_time(entry)
        parts = [target.profile, *(getattr(target, doc) for doc in DOCS), list(target.entries)]
        json.dumps(parts, ensure_ascii=False, allow_nan=False).encode("utf-8")
    except InputError as error:
        raise InputError(N_("{where}: {error}"), where=where, error=error) from None
    except (TypeError, ValueError):  # NaN, Infinity, a lone surrogate, something that is not JSON
        raise InputError(N_("holds something that cannot be saved as plain JSON."), where) from None


def delete_everything(store) -> None:
    """Every profile, entry, setting, PIN, backup and exported file of this data folder."""
    store.wipe()
    shutil.rmtree(Path(store.data_dir) / EXPORTS_DIR, ignore_errors=True)


def save_export(data_dir, filename: str, data: bytes) -> Path:
    """Write `data` to <data_dir>/exports/<filename> atomically; returns the path."""
    if not _FILENAME.fullmatch(filename) or filename in (".", ".."):
        raise InputError(N_("give a plain file name, without folders."),
                         Message(N_("Export file name {name}"), name=repr(filename)))
    folder = Path(data_dir) / EXPORTS_DIR
    path = folder / filename
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_atomic(path, data)
    except OSError as error:
        raise StoreError(N_("{file} could not be saved in the app's folder: {why}."), file=filename,
                         why=os_reason(error)) from None
    return path
