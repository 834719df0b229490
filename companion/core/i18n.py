"""Languages: which one a patient reads, and the translator the texts are worded with (pure).

Every text a patient or a clinic reads is an English message id looked up in a gettext catalog
(companion/locale/, made with Babel: `make catalogs`). Core functions that word a text take a `Translator`
(`ENGLISH` by default); the adapters load the catalogs (adapters/catalogs.py). Numbers, thresholds, units,
levels and ids never depend on the language: only words do.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from companion.core.errors import InputError

LANGUAGES = {"en": "English", "es": "Español"}  # what ships; a clinic may add one (README "For clinics")
DEFAULT = "en"


class Translator(Protocol):
    def gettext(self, message: str) -> str: ...
    def ngettext(self, singular: str, plural: str, n: int) -> str: ...


class _English:
    """The message ids themselves."""

    language = "en"

    def gettext(self, message: str) -> str:
        return message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return singular if n == 1 else plural


ENGLISH = _English()


def N_(message: str) -> str:
    """Marks a text for the catalog where it is defined; it is translated where it is shown."""
    return message


def check_language(code: object, known: Iterable[str] = LANGUAGES) -> str:
    """A language code the app has catalogs for; InputError otherwise."""
    known = list(known)
    if not isinstance(code, str) or code not in known:
        raise InputError(f"language: choose one of {', '.join(known)}, not {code!r}.")
    return code


def choose(patient: str | None, clinic: str | None, device: Iterable[str] = (),
           known: Iterable[str] = LANGUAGES) -> str:
    """The patient's own choice, else the device's first language the app has (its locale, "es-MX" ->
    "es"), else the clinic's default, else English."""
    known = set(known)
    if patient in known:
        return patient
    for locale in device:
        code = str(locale).replace("_", "-").split("-")[0].lower()
        if code in known:
            return code
    return clinic if clinic in known else DEFAULT
