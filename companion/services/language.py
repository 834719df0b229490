"""Which language a patient reads the app in: their own choice (More > Settings), else the device's language,
else the clinic's default - always one the clinic offers (`languages` in its file, each reviewed: the clinic
file is refused otherwise, see adapters/clinic_file.language_gaps)."""

from __future__ import annotations

from collections.abc import Iterable

from companion.core.i18n import LANGUAGES, check_language, choose

SETTING = "language"  # in the patient's settings document


def chosen(record) -> str | None:
    """The patient's own choice, if any."""
    value = record.settings().get(SETTING)
    return value if value in LANGUAGES else None


def language_of(record, clinic, device: Iterable[str] = ()) -> str:
    return choose(chosen(record), clinic.languages[0], device, known=clinic.languages)


def set_language(record, clinic, code: str | None) -> None:
    """The patient's choice; None follows the device again."""
    settings = dict(record.settings())
    if code is None:
        settings.pop(SETTING, None)
    else:
        settings[SETTING] = check_language(code, clinic.languages)
    record.save_settings(settings)
