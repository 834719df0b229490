"""The use cases, each written once, that the views and the command line both call:

- `records`: the patients on this device and one patient's plan, diary, reminder state and settings;
- `reminders`: deliver due reminders once, Today's state, the calendar file, the loop while the app runs;
- `ownership`: back up, import, save an exported file, delete everything;
- `reports`: the clinic report (PDF, CSV);
- `system_reminders`: reminders handed to the phone's system, and Done / Snooze from a notification.

`Services` holds them with what they need, built once by the composition root (`app.build_services`)
and handed to the views (through the shell) and to the commands.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from companion.core.clinic import Clinic
from companion.core.content import Section
from companion.core.reminders import ReminderSettings
from companion.core.i18n import ENGLISH, Translator
from companion.core.triage import TriageRules
from companion.services import records
from companion.services.records import PatientRecord
from companion.services.reminders import ReminderLoop, ReminderService
from companion.services.system_reminders import Changes, SystemReminders, SystemScheduler

if TYPE_CHECKING:  # the adapters behind the ports: only the composition root picks them
    from companion.adapters.notifier import Notifier
    from companion.adapters.pin_lock import PinLock
    from companion.adapters.store import Store


@dataclass
class Services:
    """Everything the views and commands need, built once per process (app.build_services)."""

    store: Store | None  # None for a command that reads no data folder
    clinic: Clinic
    content: list[Section]
    rules: TriageRules
    reminder_settings: ReminderSettings  # data/schedule.toml with the clinic's lead time and reminder times
    notifier: Notifier
    pin_lock: PinLock | None
    reminders: ReminderService
    now: Callable[[], datetime]
    zone_name: Callable[[], str]  # the device's, for a new plan or diary
    in_browser: bool = False
    changes: Changes | None = None  # fired by the store after every write (the app's own store only)
    translator: Callable[[str], Translator] = lambda language: ENGLISH  # a language's catalog (app.py)
    localized_content: Callable[[str], list[Section]] | None = None  # the drug text in another language
    device_languages: tuple[str, ...] = ()  # the device's, in its order of preference, once a screen read them

    def content_in(self, language: str) -> list[Section]:
        """The drug information in `language` (English when it is "en" or has no content)."""
        if language == "en" or self.localized_content is None:
            return self.content
        return self.localized_content(language)

    def record(self, profile_id: str) -> PatientRecord:
        """One patient's record, reading the diary with the triage rules' symptoms."""
        return PatientRecord(self.store, profile_id, self.rules.symptoms.keys())

    def profiles(self) -> list[dict]:
        return records.profiles(self.store)

    def reminder_loop(self) -> ReminderLoop:
        """A new loop for one session (the shell runs it; Today subscribes)."""
        return ReminderLoop(self.reminders, self.profiles, self.record, self.now, self.in_browser,
                            translator_for=self.translator_for)

    def translator_for(self, profile_id: str) -> Translator:
        """The patient's language for what reaches them outside a screen (notifications), as their screens
        choose it: their choice, else the device's, else the clinic's default."""
        from companion.services.language import language_of

        return self.translator(language_of(self.record(profile_id), self.clinic, self.device_languages))

    def use_device_languages(self, codes: list[str]) -> None:
        """The device's languages, read by a screen: notifications follow them from now on (the system's
        pending ones are worded again at the next sync, which this wakes)."""
        if tuple(codes) != self.device_languages:
            self.device_languages = tuple(codes)
            if self.changes is not None:
                self.changes.fire()

    def system_reminders(self, port: SystemScheduler) -> SystemReminders:
        """Reminders handed to this platform's system scheduler (the composition root picks `port`)."""
        return SystemReminders(port, self.reminders, self.store, self.profiles, self.record, self.now, self.changes,
                               translator_for=self.translator_for)

