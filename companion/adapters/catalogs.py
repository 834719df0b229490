"""The message catalogs (gettext .mo files in companion/locale/, compiled by Babel: `make catalogs`)."""

from __future__ import annotations

import gettext
from functools import lru_cache
from pathlib import Path

from companion.core.i18n import ENGLISH, Translator

LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
DOMAIN = "companion"


@lru_cache(maxsize=None)
def translator(language: str) -> Translator:
    """The catalog of `language`; English (the message ids) for "en". A language without a catalog
    raises FileNotFoundError: the app never shows a patient another language than the one chosen."""
    if language == "en":
        return ENGLISH
    found = gettext.translation(DOMAIN, LOCALE_DIR, languages=[language])
    found.language = language
    return found
