"""Backups: everything of some profiles in one JSON document, checked on the way in, merged by id.

{"format": FORMAT, "version": VERSION, "created": "<ISO with offset>",
 "profiles": [{"profile": {...}, "plan": {...}|null, "settings": {...}|null, "reminders": {...}|null,
               "entries": [{...}, ...]}]}
The documents are the store's own dicts; entries and plans are checked with diary.parse_entry and
plan.parse_plan, so a backup that parses can be written to the store.
"""

from __future__ import annotations

import copy
import dataclasses
import math
import re
from dataclasses import dataclass
from datetime import datetime

from companion.core.diary import SYMPTOM_IDS, parse_entry
from companion.core import names
from companion.core.errors import InputError, Message
from companion.core.i18n import N_
from companion.core.plan import parse_plan

FORMAT = "ixempra-companion-backup"
VERSION = 1
BACKUP = Message(N_("Backup"))  # names the file in its errors: "Backup: ..."
DOCS = ("plan", "settings", "reminders")
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")  # what the store accepts as a profile id
MAX_DEPTH = 64  # objects in lists in objects...: far more than the app writes


@dataclass(frozen=True)
class ProfileData:
    profile: dict  # {"id", "name", ...}
    plan: dict | None
    settings: dict | None
    reminders: dict | None
    entries: tuple[dict, ...]

    @property
    def id(self) -> str:
        return self.profile["id"]

    @property
    def name(self) -> str:
        return self.profile.get("name") or self.id


@dataclass(frozen=True)
class Backup:
    created: datetime
    profiles: tuple[ProfileData, ...]


@dataclass(frozen=True)
class ImportPreview:
    new_profiles: tuple[str, ...]  # names
    existing_profiles: tuple[str, ...]  # names
    new_entries: int
    existing_entries: int  # same id already there (kept on merge, replaced on replace)
    changed_docs: tuple[str, ...]  # "Ann: plan" where both sides have it and they differ


def to_json_dict(backup: Backup) -> dict:
    """The JSON form (a deep copy: changing it leaves the backup as it was)."""
    return copy.deepcopy({
        "format": FORMAT,
        "version": VERSION,
        "created": backup.created.isoformat(),
        "profiles": [{"profile": p.profile, **{doc: getattr(p, doc) for doc in DOCS}, "entries": list(p.entries)}
                     for p in backup.profiles],
    })


def parse_backup(raw: object) -> Backup:
    """A Backup from its JSON form; InputError says in one line what is wrong and where."""
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise InputError(N_("This file is not an Ixempra Companion backup."))
    _check_plain_json(raw)
    raw = copy.deepcopy(raw)
    version = raw.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise InputError(N_('"version" must be a whole number from 1, got {value}.'), BACKUP, value=repr(version))
    if version > VERSION:
        raise InputError(N_("This backup was made by a newer version of the app (backup version {version}; "
                            "this app reads up to {known}): update the app first."), version=version, known=VERSION)
    try:
        created = datetime.fromisoformat(raw.get("created"))
    except (TypeError, ValueError):
        created = None
    if created is None or created.utcoffset() is None:
        raise InputError(N_('"created" must be a date and time with a time zone.'), BACKUP)
    items = raw.get("profiles")
    if not isinstance(items, list):
        raise InputError(N_('"profiles" must be a list.'), BACKUP)
    profiles = tuple(_parse_profile(item, i) for i, item in enumerate(items))
    _unique([p.id for p in profiles], BACKUP, N_("profile id {id} appears twice."))
    return Backup(created, profiles)


def _parse_profile(item: object, index: int) -> ProfileData:
    where = Message(N_("Backup, profile {number}"), number=index + 1)
    if not isinstance(item, dict) or set(item) != {"profile", *DOCS, "entries"}:
        raise InputError(N_("expected the keys {keys} and entries."), where, keys=", ".join(["profile", *DOCS]))
    profile = item["profile"]
    if not isinstance(profile, dict) or not (isinstance(profile.get("id"), str) and _ID.fullmatch(profile["id"])):
        raise InputError(N_(""""profile" needs an "id" of 1-64 letters, digits, '-', '_' or '.'."""), where)
    if not isinstance(profile.get("name"), str):
        raise InputError(N_('"profile" needs a "name" (text).'), where)
    name = names.normalise_name(profile["name"])  # as the app's patient form stores it
    if not name:
        raise InputError(N_("the name has no visible characters."), where)
    profile = {**profile, "name": name}
    where = Message(N_("Backup, profile {name}"), name=repr(name))
    for doc in DOCS:
        if item[doc] is not None and not isinstance(item[doc], dict):
            raise InputError(N_('"{key}" must be an object or null.'), where, key=doc)
    if item["plan"] is not None:
        _checked(lambda: parse_plan(item["plan"]), Message(N_("{where}, plan"), where=where))
    entries = item["entries"]
    if not isinstance(entries, list):
        raise InputError(N_('"entries" must be a list.'), where)
    for n, entry in enumerate(entries):
        _checked(lambda: parse_entry(entry, vocabulary=SYMPTOM_IDS),
                 Message(N_("{where}, entry {number}"), where=where, number=n + 1))
    _unique([e["id"] for e in entries], where, N_("entry id {id} appears twice."))
    return ProfileData(profile, item["plan"], item["settings"], item["reminders"], tuple(entries))


def _check_plain_json(raw: object) -> None:
    """Only what JSON text holds: objects with text keys, lists, text, finite numbers, true, false, null."""
    stack = [(raw, ())]
    while stack:  # a loop, not recursion: any depth is refused with a message, never a RecursionError
        value, path = stack.pop()
        problem = None
        if len(path) > MAX_DEPTH:
            problem = Message(N_("is nested more than {limit} levels deep"), limit=MAX_DEPTH)
        elif isinstance(value, dict):
            bad_key = next((k for k in value if not isinstance(k, str) or not _encodable(k)), None)
            if bad_key is not None:
                problem = Message(N_("has a key that is not plain text"))
            stack += [(inner, (*path, key)) for key, inner in value.items()]
        elif isinstance(value, list):
            stack += [(inner, (*path, n)) for n, inner in enumerate(value)]
        elif isinstance(value, float) and not math.isfinite(value):
            problem = Message(N_("holds {value}, which is not a number a backup can hold"), value=value)
        elif isinstance(value, str) and not _encodable(value):
            problem = Message(N_("holds text that is not valid Unicode"))
        elif not (value is None or isinstance(value, (str, bool, int, float))):
            problem = Message(N_("holds a {kind}, which is not JSON"), kind=type(value).__name__)
        if problem:
            raise InputError(N_("Backup, at {where}: {problem}."), where=_path(path), problem=problem)


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate, written "\\ud800" in the file
        return False
    return True


def _path(path: tuple) -> str:
    """profiles[0].settings.colour: where a value sits, short enough for one line."""
    text = "".join(f"[{p}]" if isinstance(p, int) else f".{_short(p, 24)}" for p in path[:12]).removeprefix(".")
    return (text + ("..." if len(path) > 12 else "")) or Message(N_("the top level"))


def _short(value: str, limit: int = 40) -> str:
    text = repr(value)[1:-1]  # line breaks and control characters escaped: one line stays one line
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _checked(parse, where: Message) -> None:
    try:
        parse()
    except InputError as error:
        raise InputError(N_("{where}: {error}"), where=where, error=error) from None


def _unique(ids: list[str], where: str, message: str) -> None:
    """`message` (N_-marked, with an {id}) about `where` for the first id seen twice."""
    seen = set()
    for value in ids:
        if value in seen:
            raise InputError(message, where, id=repr(value))
        seen.add(value)


def preview(backup: Backup, current: Backup) -> ImportPreview:
    """What importing `backup` into `current` would add, and what is there already."""
    have = {p.id: p for p in current.profiles}
    new_profiles, existing, changed = [], [], []
    new_entries = existing_entries = 0
    for incoming in backup.profiles:
        mine = have.get(incoming.id)
        if mine is None:
            new_profiles.append(incoming.name)
            new_entries += len(incoming.entries)
            continue
        existing.append(incoming.name)
        known = {e["id"] for e in mine.entries}
        same = sum(e["id"] in known for e in incoming.entries)
        existing_entries += same
        new_entries += len(incoming.entries) - same
        if incoming.profile != mine.profile:
            changed.append(f"{incoming.name}: profile")
        changed += [f"{incoming.name}: {doc}" for doc in DOCS
                    if getattr(incoming, doc) is not None and getattr(mine, doc) is not None
                    and getattr(incoming, doc) != getattr(mine, doc)]
    return ImportPreview(tuple(new_profiles), tuple(existing), new_entries, existing_entries, tuple(changed))


def merge(current: Backup, incoming: Backup, replace: bool) -> Backup:
    """Merge: add missing profiles, documents and entries (by id), keep what exists.
    Replace: an incoming profile replaces the profile with the same id wholesale.
    Profiles only in `current` are always kept. merge(merge(c, i), i) == merge(c, i)."""
    arriving = {p.id: p for p in incoming.profiles}
    result = []
    for mine in current.profiles:
        theirs = arriving.pop(mine.id, None)
        if theirs is None:
            result.append(mine)
        elif replace:
            result.append(theirs)
        else:
            known = {e["id"] for e in mine.entries}
            result.append(dataclasses.replace(
                mine,
                **{doc: getattr(mine, doc) if getattr(mine, doc) is not None else getattr(theirs, doc)
                   for doc in DOCS},
                entries=mine.entries + tuple(e for e in theirs.entries if e["id"] not in known),
            ))
    result += [p for p in incoming.profiles if p.id in arriving]
    return Backup(current.created, tuple(result))


def check_look_alikes(merged: Backup, incoming: Backup) -> None:
    """InputError when a patient of `incoming` would share a name with another once merged (names that a
    person could take one for the other: core.names), before anything is written."""
    ids = {p.id for p in incoming.profiles}
    by_key: dict[str, list[ProfileData]] = {}
    for profile in merged.profiles:
        by_key.setdefault(names.name_key(profile.name), []).append(profile)
    for group in by_key.values():
        if len(group) > 1 and any(p.id in ids for p in group):
            shown = Message(N_("{first} and {second}"), first=", ".join(repr(p.name) for p in group[:-1]),
                            second=repr(group[-1].name))
            raise InputError(N_("patients {names} would look alike on this device; rename one first."), BACKUP,
                             names=shown)
