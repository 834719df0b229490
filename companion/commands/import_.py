"""`companion import FILE`: bring a backup into the data folder (merge by default, or --replace)."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from companion.adapters import paths
from companion.commands._jsonio import BACKUP_FILE, read_file
from companion.core.errors import InputError, told
from companion.core.i18n import ENGLISH, N_, Translator
from companion.services import ownership

NAME = "import"
HELP = N_("import a backup file: add what is missing (default) or replace the profiles it holds")


def add_arguments(parser) -> None:
    parser.add_argument("file", help=N_("a backup made by `companion export --format json` or the app"))
    parser.add_argument("--data-dir", default=None, help=N_("the app's data folder (default: the app's own)"))
    parser.add_argument("--replace", action="store_true",
                        help=N_("profiles in the file replace the same profiles here (default: keep what is here)"))


QUIET_FOR = 3.0  # seconds before the first progress line
EVERY = 1.0


class Progress:
    """A line on stderr now and then, once an import has taken more than a few seconds."""

    def __init__(self, clock=time.monotonic, out=sys.stderr, t: Translator = ENGLISH):
        self.clock, self.out, self.t = clock, out, t
        self.started = self.said = clock()

    def __call__(self, done: int, total: int) -> None:
        now = self.clock()
        if now - self.started >= QUIET_FOR and (now - self.said >= EVERY or done == total):
            self.said = now
            print(self.t.ngettext("companion: importing: {done} of {total} file written",
                                  "companion: importing: {done} of {total} files written", total)
                  .format(done=done, total=total), file=self.out, flush=True)


def run(args) -> int:
    t = getattr(args, "t", ENGLISH)
    progress = Progress(t=t)
    backup = read_backup(Path(args.file))  # checked in full before the data folder is opened
    # the app's own folder lock: refused in one line while the app (or another import) writes it
    store = ownership.open_store(paths.resolve_data_dir(args.data_dir), create=True)
    for notice in store.notices:  # e.g. an earlier import that was killed and has just been undone
        print(t.gettext(N_("companion: {message}")).format(message=told(notice, t)), file=sys.stderr)
    try:  # a StorageError (the device refused, full...): nothing was changed, and cli.main says so in one line
        done = ownership.import_backup(store, backup, replace=args.replace, progress=progress)
    finally:
        store.close()
    kept = "replaced" if args.replace else "skipped"  # skipped: already here, kept as they are
    print(json.dumps({
        "mode": "replace" if args.replace else "merge",
        "added": {"profiles": list(done.new_profiles), "entries": done.new_entries},
        kept: {"profiles": list(done.existing_profiles), "entries": done.existing_entries,
               "differing_documents": list(done.changed_docs)},
    }, indent=2, ensure_ascii=False))
    return 0


def read_backup(path: Path):
    data = read_file(str(path), BACKUP_FILE)
    try:
        return ownership.read_backup(data)
    except InputError as error:
        raise InputError(N_("{file}: {problem}"), file=path, problem=error) from None
