"""What `export` and `profiles` say about damaged data they ran into (store.damage): the shared rule.

- A file that is there but could not be read at all (a newer format, a folder where a file should
  be, a file that cannot be opened) means the result would silently miss entries: the command stops,
  writes nothing, and exits 2 with one line (InputError).
- Damage the store repaired on the way (a month restored from its backup, entries kept aside in a
  file beside their month) does not stop the command: it does its work, then prints one line per
  event on stderr and exits WARNINGS (3), so a script that only checks the exit code still notices.
  Every event is also in recovery.log in the data folder.

Every line is in the command's language (`t`); what the store says of each event (a core.errors Message or
Sentences) is told in it.
"""

from __future__ import annotations

import sys

from companion.core.errors import InputError, told
from companion.core.i18n import ENGLISH, N_, Translator

WARNINGS = 3  # done, but damaged data was found (and repaired or kept aside): see stderr

# what would miss its entries: one whole message each (never pieces put together)
BACKUP = (N_("{problem} The backup would miss its entries, so nothing was written."),
          N_("{problem} The backup would miss its entries, so nothing was written. ({more} more like it.)"))
REPORT = (N_("{problem} The report would miss its entries, so nothing was written."),
          N_("{problem} The report would miss its entries, so nothing was written. ({more} more like it.)"))
LIST = (N_("{problem} The list would miss its entries, so nothing was written."),
        N_("{problem} The list would miss its entries, so nothing was written. ({more} more like it.)"))


def stop_if_unread(store, what: tuple[str, str], profile_ids=None) -> None:
    """InputError (one line) if a file this command needed was left unread; `what`: BACKUP, REPORT, LIST."""
    unread = [d for d in getattr(store, "damage", ()) if d.blocking
              and (profile_ids is None or d.profile is None or d.profile in profile_ids)]
    if unread:
        said = _without_not_shown(unread[0].message)
        one, more = what
        if len(unread) > 1:  # the store's sentences are told in the reader's language with the rest of the line
            raise InputError(more, problem=said, more=len(unread) - 1)
        raise InputError(one, problem=said)


NOT_SHOWN = "Its entries are not shown."  # what the store adds for a screen; the command says what it did instead


def _without_not_shown(said):
    """The store's sentences about a damaged file, without its last "Its entries are not shown."."""
    parts = getattr(said, "parts", None)  # core.errors.Sentences: each sentence told on its own
    if parts and str(parts[-1]) == NOT_SHOWN:
        return type(said)(*parts[:-1])
    return said.removesuffix(" " + NOT_SHOWN) if type(said) is str else said


def warn(store, t: Translator = ENGLISH) -> int:
    """Prints each repair on stderr; returns the exit code (0, or WARNINGS)."""
    found = [d for d in getattr(store, "damage", ()) if not d.blocking]
    for damage in found:
        print(t.gettext(N_("companion: warning: {message}")).format(message=told(damage.message, t)), file=sys.stderr)
    if found and not getattr(store, "read_only", False):  # a reader repairs and logs nothing; the app will
        print(t.gettext(N_("companion: warning: recorded in {file}")).format(file=store.data_dir / "recovery.log"),
              file=sys.stderr)
    return WARNINGS if found else 0
