"""Fills empty translations of a .po file, keeping every existing translation:

    python tools/fill_po.py companion/locale/es/LC_MESSAGES/companion.po draft.py   # from a draft
    python tools/fill_po.py --revive companion/locale/es/LC_MESSAGES/companion.po    # from its own past

A draft is a Python file with a dict ES = {English: translation} (a translator's draft, to be reviewed;
a plural's singular maps to a tuple). --revive (run by `make catalogs` after `pybabel update`) gives a
message that came back the translation it had when it was marked obsolete: Babel's update never does, so
one extraction that missed a file (a file being edited) would otherwise lose its translations.
"""

import runpy
import sys

from babel.messages.pofile import read_po, write_po


def _empty(message) -> bool:
    return not any(message.string) if isinstance(message.string, tuple) else not message.string


def main(*args: str) -> int:
    revive = args[0] == "--revive"
    po_path = args[1] if revive else args[0]
    with open(po_path, "rb") as f:
        catalog = read_po(f)
    if revive:
        draft = {key: old.string for key, old in catalog.obsolete.items() if not _empty(old)}
    else:
        draft = runpy.run_path(args[1])["ES"]
    filled = 0
    for message in catalog:
        if message.id and _empty(message):
            key = message.id if isinstance(message.id, str) else message.id[0]
            found = draft.get(key, draft.get(message.id))
            if found and (isinstance(found, tuple) == isinstance(message.id, tuple)):
                message.string = found
                message.flags.discard("fuzzy")
                filled += 1
                if revive:
                    del catalog.obsolete[key]
    if revive:  # an old copy of a message that is back (translated again since) is only clutter
        for key in [key for key in catalog.obsolete if key in catalog]:
            del catalog.obsolete[key]
    with open(po_path, "wb") as f:
        write_po(f, catalog, width=110)
    left = sum(1 for m in catalog if m.id and _empty(m))
    print(f"{po_path}: {filled} {'revived' if revive else 'filled'}; {left} still empty")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
