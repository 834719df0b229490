"""Opening one of the store's files whatever state it is in: migrated, recovered, rows kept aside.

`Repairs.open` reads a file at the current version (store_migration). An unreadable file is renamed
aside (never deleted) and its newest readable backup restored, or it starts empty; in a diary month,
rows the input's own validation refuses are kept aside in a file beside it (recovery.py). Each event is
told once: a sentence in `notices`, a `recovery.Damage` in `damage`, a line in recovery.log. A reader
(`folder.read_only`) changes nothing: it reads the backup instead and says the writer will repair it.
Every repair is written through the StoreFolder, so it calls the store's write hook.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

from tinydb import TinyDB

from companion.adapters import recovery
from companion.adapters.atomic_storage import UnreadableFile, backup_paths
from companion.adapters.recovery import Damage
from companion.adapters.store_errors import StoreError
from companion.adapters.store_folder import StoreFolder
from companion.adapters.store_migration import fresh, read_usable
from companion.adapters.store_shapes import entry_time
from companion.core.errors import Message, Plural, Sentences
from companion.core.i18n import N_
from companion.core.os_reasons import os_reason


class Repairs:
    def __init__(self, folder: StoreFolder, now: Callable[[], datetime], check_entries: bool,
                 notices: list[str], damage: list[Damage]):
        self._folder = folder
        self._now = now
        self._check_entries = check_entries
        self.notices = notices
        self.damage = damage  # what was found damaged in this process, as notices says it

    @property
    def _reading_only(self) -> bool:
        return self._folder.read_only

    def open(self, path: Path, label: str, shape_ok: Callable[[dict], bool], where: dict | None = None) -> TinyDB:
        """Open one file: migrate it, or recover it from a backup if it cannot be read. `where` (a diary
        month: profile, patient, month): its rows are checked and the bad ones kept aside; its backup is
        renewed at every write. Untouchable for a file to leave alone."""
        try:
            tables, changed = read_usable(path, label, shape_ok)
        except UnreadableFile:
            tables, changed = self._recover(path, label, shape_ok, where), True
        if where is not None and tables and self._check_entries and self._keep_bad_rows_aside(path, label, tables, where):
            changed = True
        db = self._folder.tinydb(path, tables or fresh(), every_write=where is not None)
        if changed and not self._reading_only:
            try:
                db.storage.write(tables)
            except OSError as exc:
                raise StoreError(N_("Could not update {file} ({why})."), file=path.name,
                                 why=os_reason(exc)) from None
        return db

    def _recover(self, path: Path, label: str, shape_ok: Callable[[dict], bool], where: dict | None = None) -> dict:
        stamp = self._now().astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        aside = path.with_name(f"{path.name}.unreadable-{stamp}")
        n = 1
        while aside.exists():
            n += 1
            aside = path.with_name(f"{path.name}.unreadable-{stamp}-{n}")
        if self._reading_only:  # a reader changes nothing: the folder's writer will set it aside
            aside, said = path, Sentences(Message(N_("Your {label} could not be read; the app will keep it aside when "
                                                     "it next opens."), label=label))
        else:
            try:
                self._folder.rename(path, aside)
            except OSError as exc:
                raise StoreError(N_("Your {label} could not be read, nor set aside ({why})."), label=label,
                                 why=os_reason(exc)) from None
            said = Sentences(Message(N_("Your {label} could not be read. It was kept as {file}."), label=label,
                                     file=aside.name))
        shown = set()  # entry ids the damaged month file still shows
        if where is not None and not recovery.not_a_regular_file(aside):
            try:
                shown = recovery.ids_in_damaged(aside.read_bytes())
            except OSError:
                pass
        facts = {**(where or {}), "kept_as": self.relative(aside)}
        for backup in backup_paths(path):
            try:
                tables, _ = read_usable(backup, label, shape_ok)
            except (UnreadableFile, StoreError):
                continue
            if tables is not None:
                saved = datetime.fromtimestamp(backup.stat().st_mtime, self._now().tzinfo)
                said += Message(N_("The backup from {time} was read instead.") if self._reading_only else
                                N_("The backup from {time} was restored."), time=f"{saved:%Y-%m-%d %H:%M}")
                lacking = None
                if where is not None:
                    held = {row.get("entry", {}).get("id") for row in tables.get("entries", {}).values()
                            if isinstance(row.get("entry"), dict)}
                    lacking = len(shown - held) if shown else None
                    said += (Plural.ngettext(
                        "The backup lacks {count} entry that the damaged file still shows: please look at this "
                        "month and record it again.",
                        "The backup lacks {count} entries that the damaged file still shows: please look at this "
                        "month and record them again.", lacking) if lacking else
                             Message(N_("It holds every entry the damaged file still shows.")) if shown else
                             Message(N_("It was made just before the last change to this month, so only that change "
                                        "may be missing.")))
                self.report(recovery.RESTORED, path, said, backup_from=saved.isoformat(), entries_lacking=lacking,
                            **facts)
                return tables
        said += Message(N_("There was no readable backup, so it starts empty."))
        if shown:
            said += Plural.ngettext("The damaged file still shows {count} entry.",
                                    "The damaged file still shows {count} entries.", len(shown))
        self.report(recovery.STARTED_EMPTY, path, said, entries_lacking=len(shown) if shown else None, **facts)
        return fresh()

    def relative(self, path: Path) -> str:
        try:
            return str(path.relative_to(self._folder.root))
        except ValueError:
            return str(path)

    def report(self, kind: str, path: Path, message: str, **facts) -> Damage:
        """Tell the session (notices), the commands (damage) and the recovery log, once per event."""
        if any(d.kind == kind and d.file == self.relative(path) and d.message == message for d in self.damage):
            return self.damage[-1]  # a reader opens a month twice and repairs nothing: say it once
        stamp = self._now().astimezone(timezone.utc).isoformat(timespec="seconds")
        damage = Damage(kind=kind, file=self.relative(path), message=message, at=stamp, **facts)
        self.notices.append(message)
        self.damage.append(damage)
        if not self._reading_only:  # the writer logs it when it makes the repair
            self._folder.log(damage)
        return damage

    def _keep_bad_rows_aside(self, path: Path, label: str, tables: dict, where: dict) -> bool:
        """Moves the rows that fail the input's validation to a new file beside `path`; True if any."""
        good, bad = recovery.split_rows(tables.get("entries", {}), also=entry_time)
        if not bad:
            return False
        now = self._now().astimezone(timezone.utc)
        n = len(bad)
        said = Sentences(Plural.ngettext("{count} entry in your {label} could not be read ({why}).",
                                         "{count} entries in your {label} could not be read ({why}).", n, label=label,
                                         why=next(iter(bad.values()))[1]))
        if self._reading_only:  # a reader changes nothing: shown without them
            aside = path
            said += Plural.ngettext("It is not shown; the app will keep it aside.",
                                    "They are not shown; the app will keep them aside.", n)
        else:
            aside = recovery.kept_aside_path(path, now.strftime("%Y%m%dT%H%M%SZ"))
            try:
                self._folder.write_bytes(aside, recovery.kept_aside_payload(path, bad, now.isoformat(timespec="seconds")))
            except OSError as exc:
                raise StoreError(N_("Your {label} holds entries that cannot be read, and they could not be set aside "
                                    "({why}). It was left unchanged."), label=label, why=os_reason(exc)) from None
            said += Plural.ngettext("It was kept aside in {file}, not deleted; the rest of the diary opens.",
                                    "They were kept aside in {file}, not deleted; the rest of the diary opens.", n,
                                    file=aside.name)
        tables["entries"] = good
        self.report(recovery.KEPT, path, said, kept_as=self.relative(aside), entries_kept_aside=n,
                    details=[why for _, why in bad.values()][:20], **where)
        return True
