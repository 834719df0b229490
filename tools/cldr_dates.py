"""Fills a catalog's date words from CLDR, through Babel: weekday and month names, full and short, so dates
read as Babel's own formatting writes them (no translator types "septiembre"). Run by `make catalogs` for
every language in companion/locale; it sets only these messages and keeps every other translation.

    python tools/cldr_dates.py companion/locale/es/LC_MESSAGES/companion.po es

The app itself formats dates from the compiled catalog (core/i18n.py: long_date, short_date...), not with
Babel at run time: Babel's locale data (about 30 MB) would more than double what a phone or the offline web
app downloads, for two languages. tests/unit/test_catalogs.py checks that each catalog's words are CLDR's.
"""

import sys

from babel import Locale
from babel.messages.pofile import read_po, write_po

sys.path.insert(0, ".")
from companion.core.i18n import MONTHS, SHORT_MONTHS, SHORT_WEEKDAYS, WEEKDAYS  # noqa: E402


def cldr_words(language: str) -> dict[str, str]:
    """English message id -> CLDR's word in `language` (stand-alone forms, as the app writes them mid-text)."""
    locale = Locale.parse(language)
    days = locale.days["format"]
    months = locale.months["format"]
    words: dict[str, str] = {}
    # Short forms first: "May" is both the full and the short month's message id, and takes the full name.
    for index, message in enumerate(SHORT_WEEKDAYS):
        words[message] = days["abbreviated"][index].rstrip(".")
    for index, message in enumerate(SHORT_MONTHS):
        words[message] = months["abbreviated"][index + 1].rstrip(".")
    for index, message in enumerate(WEEKDAYS):
        words[message] = days["wide"][index]
    for index, message in enumerate(MONTHS):
        words[message] = months["wide"][index + 1]
    return words


def main(po_path: str, language: str) -> int:
    with open(po_path, "rb") as f:
        catalog = read_po(f)
    words = cldr_words(language)
    changed = 0
    for message in catalog:
        if message.id in words and message.string != words[message.id]:
            message.string = words[message.id]
            message.flags.discard("fuzzy")
            changed += 1
    with open(po_path, "wb") as f:
        write_po(f, catalog, width=110)
    print(f"{po_path}: {changed} date words set from CLDR ({language})")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
