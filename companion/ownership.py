"""The user's data is theirs: export it, import it, or delete all of it (services over a Store)."""

from __future__ import annotations

import errno
import json
import re
import shutil
from datetime import datetime
from pathlib import Path

from companion import records
from companion.adapters.atomic_storage import write_atomic
from companion.adapters.store import Store, StoreError, why_not_saved
from companion.adapters.store import _check_id as check_id  # the store's own rules, checked before writing
from companion.adapters.store import _entry_time as entry_time
from companion.core.backup import DOCS, Backup, ImportPreview, ProfileData, merge, preview
from companion.core.errors import InputError

EXPORTS_DIR = "exports"
_FILENAME = re.compile(r"[^/\\\x00]{1,200}")


_OS_PROBLEMS = {
    errno.EEXIST: "it is a file, not a folder",
    errno.ENOTDIR: "part of the path is a file, not a folder",
    errno.ENAMETOOLONG: "the name is too long",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "the disk is read-only",
    errno.ENOSPC: "the disk is full",
}


def folder_problem(folder, error: OSError) -> str:
    """One plain line for a data folder that cannot be opened or created."""
    why = _OS_PROBLEMS.get(error.errno) or (error.strerror or "it cannot be opened").lower()
    name = str(folder)
    shown = name if len(name) <= 80 else name[:37] + "..." + name[-40:]
    return f"{shown}: cannot use this as the data folder ({why})."


def open_store(data_dir, create: bool = False) -> Store:
    """The store in `data_dir`; InputError when it is missing (unless `create`) or cannot be opened."""
    try:
        if not create and not Path(data_dir).is_dir():
            raise InputError(f"{data_dir}: there is no data folder here.")
        return Store(Path(data_dir))
    except StoreError as error:
        raise InputError(str(error).splitlines()[0]) from None
    except OSError as error:
        raise InputError(folder_problem(data_dir, error)) from None


def find_profile(store, name_or_id: str | None) -> dict:
    """The profile with this name (or id); without one, the only profile. InputError names the choices."""
    found = records.profiles(store)
    names = ", ".join(repr(p["name"]) for p in found)
    if not found:
        raise InputError("There are no profiles in this data folder yet.")
    if name_or_id is None:
        if len(found) > 1:
            raise InputError(f"There are {len(found)} profiles ({names}): choose one with --profile NAME.")
        return found[0]
    matches = [p for p in found if p["name"] == name_or_id] or [p for p in found if p["id"] == name_or_id]
    if not matches:
        raise InputError(f"There is no profile {name_or_id!r}; the profiles are {names}.")
    if len(matches) > 1:
        ids = ", ".join(p["id"] for p in matches)
        raise InputError(f"Several profiles are called {name_or_id!r}: give its id instead ({ids}).")
    return matches[0]


def export_backup(store, now: datetime, profile_ids=None) -> Backup:
    """A Backup of the given profiles (all when None); InputError for an unknown id."""
    found = records.profiles(store)
    if profile_ids is not None:
        known = {p["id"] for p in found}
        unknown = [pid for pid in profile_ids if pid not in known]
        if unknown:
            raise InputError(f"There is no profile with id {unknown[0]!r}.")
        found = [p for p in found if p["id"] in set(profile_ids)]
    return Backup(now, tuple(_profile_data(store, p) for p in found))


def _profile_data(store, profile: dict) -> ProfileData:
    pid = profile["id"]
    return ProfileData(profile, *(store.get_doc(pid, doc) for doc in DOCS), tuple(store.entries(pid)))


def preview_import(store, backup: Backup) -> ImportPreview:
    return preview(backup, export_backup(store, backup.created))


def import_backup(store, backup: Backup, replace: bool = False) -> ImportPreview:
    """Write what the backup adds (or, with replace, its profiles wholesale); returns what was added/skipped.
    Only what differs is written, so importing the same file twice changes nothing."""
    current = export_backup(store, backup.created)
    said = preview(backup, current)
    before = {p.id: p for p in current.profiles}
    targets = merge(current, backup, replace).profiles
    for target in targets:  # all of it is checked first, so a refused import writes nothing
        _check_writable(target)
    written: list[ProfileData] = []
    try:
        for target in targets:
            written.append(target)
            _write_profile(store, target, before.get(target.id))
    except StoreError as error:  # the device stopped keeping data (disk full...): all of it, or none of it
        _undo(store, written, before, error)
        raise StoreError(f"{error} The import was undone: import the file again once the device can save.") from None
    return said


def _undo(store, written: list[ProfileData], before: dict[str, ProfileData], cause: StoreError) -> None:
    """Puts back every profile the failed import touched as it was; StoreError if even that fails."""
    try:
        for target in reversed(written):
            old = before.get(target.id)
            store.delete_profile(target.id)
            if old is not None:
                _write_changes(store, old, None)
    except StoreError:
        raise StoreError(f"The import stopped partway ({cause}). Part of it may be saved: import the file again "
                         "once the device can save (nothing is added twice).") from None


def _check_writable(target: ProfileData) -> None:
    """InputError unless the store will take every part of this profile (its own checks, then the file's)."""
    where = f"Profile {target.name!r}"
    try:
        check_id(target.id, "Profile id")
        for entry in target.entries:
            if not (isinstance(entry.get("id"), str) and entry["id"]):
                raise InputError("Diary entry needs a non-empty text 'id'.")
            entry_time(entry)
        parts = [target.profile, *(getattr(target, doc) for doc in DOCS), list(target.entries)]
        json.dumps(parts, ensure_ascii=False, allow_nan=False).encode("utf-8")
    except InputError as error:
        raise InputError(f"{where}: {error}") from None
    except (TypeError, ValueError):  # NaN, Infinity, a lone surrogate, something that is not JSON
        raise InputError(f"{where}: holds something that cannot be saved as plain JSON.") from None


def _write_profile(store, target: ProfileData, old: ProfileData | None) -> None:
    _write_changes(store, target, old)
    if old is not None and any(getattr(old, d) is not None and getattr(target, d) is None for d in DOCS):
        # The store cannot drop one document: rewrite the profile, now that the store took all of it once.
        store.delete_profile(target.id)
        _write_changes(store, target, None)


def _write_changes(store, target: ProfileData, old: ProfileData | None) -> None:
    pid = target.id
    if old is None or old.profile != target.profile:
        store.save_profile(target.profile)
    for doc in DOCS:
        value = getattr(target, doc)
        if value is not None and (old is None or getattr(old, doc) != value):
            store.put_doc(pid, doc, value)
    had = {e["id"]: e for e in old.entries} if old else {}
    for entry in target.entries:
        if had.get(entry["id"]) != entry:
            store.save_entry(pid, entry)
    keep = {e["id"] for e in target.entries}
    for entry_id in had:
        if entry_id not in keep:
            store.delete_entry(pid, entry_id)


def delete_everything(store) -> None:
    """Every profile, entry, setting, PIN, backup and exported file of this data folder."""
    store.wipe()
    shutil.rmtree(Path(store.data_dir) / EXPORTS_DIR, ignore_errors=True)


def save_export(data_dir, filename: str, data: bytes) -> Path:
    """Write `data` to <data_dir>/exports/<filename> atomically; returns the path."""
    if not _FILENAME.fullmatch(filename) or filename in (".", ".."):
        raise InputError(f"Export file name {filename!r}: give a plain file name, without folders.")
    folder = Path(data_dir) / EXPORTS_DIR
    path = folder / filename
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_atomic(path, data)
    except OSError as error:
        raise StoreError(f"{filename} could not be saved in the app's folder: {why_not_saved(error)}.") from None
    return path
