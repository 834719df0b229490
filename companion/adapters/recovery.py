"""What the store does with damaged data, and how it tells everyone: kept-aside entries, the recovery log.

Nothing here deletes anything. A diary row that does not pass the input's own validation
(`companion.core.diary.parse_entry`, with the symptom ids a backup import accepts) is written, as it
was found, to a new file beside its month (`2026-03.json.kept-aside-<UTC stamp>`); the month then
opens without it. Every event (a file restored from a backup, entries kept aside, a file the app
cannot read and leaves alone) is one `Damage`: a sentence for the person, and one JSON line in
`recovery.log` in the data folder, written before the app goes on.
"""
from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from companion.core.diary import SYMPTOM_IDS, parse_entry
from companion.core.errors import InputError, Message
from companion.core.i18n import N_
from companion.core.os_reasons import os_reason

LOG_FILE = "recovery.log"
KEPT_ASIDE = "kept-aside"
# kinds of damage; BLOCKING ones mean the file is still there, unread and untouched, so what was read is partial
RESTORED, STARTED_EMPTY, KEPT = "restored_from_backup", "started_empty", "entries_kept_aside"
NEWER, NOT_A_FILE, UNREADABLE = "newer_version", "not_a_file", "cannot_be_read"
BLOCKING = (NEWER, NOT_A_FILE, UNREADABLE)
# rows are written compactly as {"seq":N,"entry":{"id":"..."...}}: ids still visible in a damaged file
_ROW_ID = re.compile(rb'"entry":\{"id":"((?:[^"\\]|\\.){1,200})"')


@dataclass(frozen=True)
class Damage:
    kind: str
    file: str  # relative to the data folder
    message: str  # one line, for the person
    at: str = ""  # ISO 8601 UTC
    profile: str | None = None  # profile id, for a diary file
    patient: str | None = None  # the profile's name
    month: str | None = None  # YYYY-MM, for a diary file
    kept_as: str | None = None  # where the damaged file or rows were put, relative to the data folder
    backup_from: str | None = None  # ISO time of the backup that was restored
    entries_lacking: int | None = None  # entries the damaged file still shows that the restored backup lacks
    entries_kept_aside: int | None = None
    details: list[str] = field(default_factory=list)  # why each kept-aside row was refused

    @property
    def blocking(self) -> bool:
        return self.kind in BLOCKING


def entry_problem(entry) -> str | None:
    """None if `entry` passes the same validation as typed or imported input, else why not."""
    try:
        parse_entry(entry, vocabulary=SYMPTOM_IDS)
    except InputError as error:
        return error.as_message()
    except (TypeError, ValueError, OverflowError, RecursionError) as error:  # belt and braces: still a refusal
        return Message(N_("{field}: {reason}"), field="entry", reason=str(error))
    return None


def row_problem(row, also: Callable[[dict], object] | None = None) -> str | None:
    """Why a stored diary row cannot be used, or None; `also` is the store's own check (InputError)."""
    if not isinstance(row, dict) or type(row.get("seq")) is not int or not isinstance(row.get("entry"), dict):
        return Message(N_("not a diary row ({shape})"), shape='{"seq": number, "entry": {...}}')
    why = entry_problem(row["entry"])
    if why is None and also is not None:
        try:
            also(row["entry"])
        except InputError as error:
            return error.as_message()
    return why


def split_rows(rows: dict, also: Callable[[dict], object] | None = None) -> tuple[dict, dict[str, tuple[object, str]]]:
    """(rows that are good, {doc id: (bad row, why)})."""
    good, bad = {}, {}
    for doc_id, row in rows.items():
        why = row_problem(row, also)
        if why is None:
            good[doc_id] = row
        else:
            bad[doc_id] = (row, why)
    return good, bad


def kept_aside_path(path: Path, stamp: str) -> Path:
    """A new name beside `path` for what is set aside at `stamp`; never an existing file."""
    aside, n = path.with_name(f"{path.name}.{KEPT_ASIDE}-{stamp}"), 1
    while aside.exists() or aside.is_symlink():
        n += 1
        aside = path.with_name(f"{path.name}.{KEPT_ASIDE}-{stamp}-{n}")
    return aside


def kept_aside_payload(path: Path, bad: dict[str, tuple[object, str]], at: str) -> bytes:
    rows = [{"doc_id": doc_id, "why": why, "row": row} for doc_id, (row, why) in bad.items()]
    return json.dumps({"kept_aside_from": path.name, "at": at, "rows": rows}, ensure_ascii=False, indent=1,
                      default=repr).encode("utf-8")


def ids_in_damaged(raw: bytes) -> set[str]:
    """Entry ids still legible in a damaged month file (a truncated file keeps most of them)."""
    found = set()
    for match in _ROW_ID.finditer(raw):
        try:
            found.add(json.loads(b'"' + match.group(1) + b'"'))
        except ValueError:
            continue
    return found


def not_a_regular_file(path: Path) -> str | None:
    """Why `path` cannot be read as a data file without even opening it (a folder, a device, a pipe...)."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return None  # no file, or a link to nothing: nothing to read (a write replaces the link itself)
    except OSError as error:
        return Message(N_("cannot be opened ({why})"), why=os_reason(error))
    if stat.S_ISDIR(mode):
        return Message(N_("is a folder, not a file"))
    if not stat.S_ISREG(mode):
        return Message(N_("is not a regular file"))
    return None


def append_log(data_dir: Path, damage: Damage) -> None:
    """One JSON line in recovery.log, on disk before returning. Best effort: the session is told anyway."""
    try:
        line = json.dumps({k: v for k, v in asdict(damage).items() if v not in (None, [])}, ensure_ascii=False)
        fd = os.open(data_dir / LOG_FILE, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, (line + "\n").encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)
    except (OSError, ValueError, TypeError):
        pass


def read_log(data_dir: Path) -> list[dict]:
    """The recovery log's events, oldest first (a damaged line is skipped)."""
    try:
        lines = (Path(data_dir) / LOG_FILE).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []
    events = []
    for line in lines:
        try:
            event = json.loads(line)
        except ValueError:
            continue
        if isinstance(event, dict):
            events.append(event)
    return events
