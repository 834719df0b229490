"""What `export` and `profiles` say about damaged data they ran into (store.damage): the shared rule.

- A file that is there but could not be read at all (a newer format, a folder where a file should
  be, a file that cannot be opened) means the result would silently miss entries: the command stops,
  writes nothing, and exits 2 with one line (InputError).
- Damage the store repaired on the way (a month restored from its backup, entries kept aside in a
  file beside their month) does not stop the command: it does its work, then prints one line per
  event on stderr and exits WARNINGS (3), so a script that only checks the exit code still notices.
  Every event is also in recovery.log in the data folder.
"""

from __future__ import annotations

import sys

from companion.core.errors import InputError

WARNINGS = 3  # done, but damaged data was found (and repaired or kept aside): see stderr


def stop_if_unread(store, what: str, profile_ids=None) -> None:
    """InputError (one line) if a file this command needed was left unread."""
    unread = [d for d in getattr(store, "damage", ()) if d.blocking
              and (profile_ids is None or d.profile is None or d.profile in profile_ids)]
    if unread:
        more = f" ({len(unread) - 1} more like it.)" if len(unread) > 1 else ""
        said = unread[0].message.removesuffix(" Its entries are not shown.")
        raise InputError(f"{said} {what} would miss its entries, so nothing was written.{more}")


def warn(store) -> int:
    """Prints each repair on stderr; returns the exit code (0, or WARNINGS)."""
    found = [d for d in getattr(store, "damage", ()) if not d.blocking]
    for damage in found:
        print(f"companion: warning: {damage.message}", file=sys.stderr)
    if found and not getattr(store, "read_only", False):  # a reader repairs and logs nothing; the app will
        print(f"companion: warning: recorded in {store.data_dir / 'recovery.log'}", file=sys.stderr)
    return WARNINGS if found else 0
