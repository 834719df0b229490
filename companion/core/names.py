"""Patient names that cannot be confused (pure).

A caregiver picks a patient by name, so two names that look the same must not both exist, and a name
must be made of characters a person can see. `normalise_name` is the form that is stored and shown:

- whitespace of every kind (tabs, newlines, no-break and ideographic spaces, line and paragraph
  separators, the blank Braille pattern) becomes one plain space; runs of spaces become one; the ends
  are trimmed;
- control characters (Cc), format characters (Cf: zero-width spaces and joiners, the byte order mark,
  soft hyphen, bidirectional marks, embeddings, overrides and isolates), lone surrogates (Cs),
  private-use (Co) and unassigned (Cn) code points, and the other characters Unicode marks as
  invisible by default (Default_Ignorable_Code_Point: variation selectors, the combining grapheme
  joiner, Hangul fillers, ...) are left out;
- the result is in Unicode normal form C (NFC), so "é" typed as one character or as "e" plus an
  accent is the same name.

`name_key` is what two names are compared by: the normalised name, case-folded and in compatibility
form (NFKC), so "Ann", "ANN", "ann" + U+200B and the full-width "Ａｎｎ" are one name.
Names that look alike across scripts (a Cyrillic "А" for a Latin "A") are not detected.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from companion.core.errors import InputError
from companion.core.i18n import N_

NAME_MAX_CHARS = 40
_DROPPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})
# Default_Ignorable_Code_Point (Unicode DerivedCoreProperties.txt) outside the categories above:
# shown as nothing at all by conforming renderers.
_IGNORABLE_RANGES = (
    (0x034F, 0x034F),  # combining grapheme joiner
    (0x115F, 0x1160),  # Hangul choseong / jungseong fillers
    (0x17B4, 0x17B5),  # Khmer inherent vowels
    (0x180B, 0x180F),  # Mongolian free variation selectors and vowel separator
    (0x3164, 0x3164),  # Hangul filler
    (0xFE00, 0xFE0F),  # variation selectors
    (0xFFA0, 0xFFA0),  # half-width Hangul filler
    (0x1D173, 0x1D17A),  # musical symbol formatting
    (0xE0000, 0xE0FFF),  # tags and variation selectors supplement
)
_BLANK_LOOKING = frozenset({"\u2800"})  # Braille pattern blank: drawn as a space, not isspace()


def _invisible(char: str) -> bool:
    if unicodedata.category(char) in _DROPPED_CATEGORIES:
        return True
    code = ord(char)
    return any(low <= code <= high for low, high in _IGNORABLE_RANGES)


def normalise_name(raw: object) -> str:
    """The name as it is stored and shown; "" when nothing visible is left (see the module text)."""
    if not isinstance(raw, str):
        return ""
    spaced = "".join(" " if (c.isspace() or c in _BLANK_LOOKING) else c for c in raw)
    visible = "".join(c for c in spaced if not _invisible(c))
    return unicodedata.normalize("NFC", " ".join(visible.split()))


def name_key(name: str) -> str:
    """What two names are compared by: equal keys mean a person could take one name for the other."""
    folded = unicodedata.normalize("NFKC", normalise_name(name).casefold()).casefold()
    return normalise_name(unicodedata.normalize("NFKC", folded))


def check_name(raw: object, others: Iterable[str]) -> str:
    """The normalised name; InputError when it is empty once invisible characters are left out, too long,
    or the same as one of `others` (names of the other patients) once normalised and case-folded."""
    name = normalise_name(raw)
    if not name:
        if isinstance(raw, str) and raw.strip():
            raise InputError(N_("Name: use letters or digits a person can see; spaces, invisible and control "
                                "characters alone do not make a name."))
        raise InputError(N_("Name: write the patient's name (a first name is enough)."))
    if len(name) > NAME_MAX_CHARS:
        raise InputError(N_("Name: keep it under {limit} characters (it has {count})."), limit=NAME_MAX_CHARS,
                         count=len(name))
    key = name_key(name)
    same = next((other for other in others if name_key(other) == key), None)
    if same is not None:
        shown = normalise_name(same) or name
        raise InputError(N_("Name: there is already a patient called {name}; choose another name."), name=shown)
    return name


def look_alikes(names: Iterable[str]) -> list[list[str]]:
    """Groups of two or more of `names` that share a key (for a check over many names, e.g. an import),
    in the order first seen; [] when every name is distinct."""
    groups: dict[str, list[str]] = {}
    for name in names:
        groups.setdefault(name_key(name), []).append(name)
    return [group for group in groups.values() if len(group) > 1]
