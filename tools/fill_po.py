"""Fills empty translations of a .po file from a Python dict of {English: translation} (a translator's
draft, to be reviewed), keeping every existing translation.

    python tools/fill_po.py companion/locale/es/LC_MESSAGES/companion.po draft.py
"""

import runpy
import sys

from babel.messages.pofile import read_po, write_po


def main(po_path: str, draft_path: str) -> int:
    draft = runpy.run_path(draft_path)["ES"]
    with open(po_path, "rb") as f:
        catalog = read_po(f)
    filled = 0
    for message in catalog:
        empty = not any(message.string) if isinstance(message.string, tuple) else not message.string
        if message.id and empty and message.id in draft:
            message.string = draft[message.id]
            message.flags.discard("fuzzy")
            filled += 1
    with open(po_path, "wb") as f:
        write_po(f, catalog, width=110)
    left = sum(1 for m in catalog if m.id and not (any(m.string) if isinstance(m.string, tuple) else m.string))
    print(f"{filled} filled; {left} still empty")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
