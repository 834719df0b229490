"""`companion profiles`: the profiles in a data folder, as JSON."""

from __future__ import annotations

import json

from companion.adapters import paths
from companion.commands import _damage
from companion.core.i18n import ENGLISH, N_
from companion.services import ownership, records

NAME = "profiles"
HELP = N_("list the profiles in the data folder (id, name, number of diary entries, whether a plan is set)")


def add_arguments(parser) -> None:
    parser.add_argument("--data-dir", default=None, help=N_("the app's data folder (default: the app's own)"))


def run(args) -> int:
    store = ownership.open_store(paths.resolve_data_dir(args.data_dir), write=False)  # works while the app runs
    try:
        listed = [{"id": p["id"], "name": p["name"], "entries": len(store.entries(p["id"])),
                   "has_plan": store.get_doc(p["id"], "plan") is not None} for p in records.profiles(store)]
    finally:
        store.close()  # what was read is one consistent state; the app may change the folder again
    _damage.stop_if_unread(store, _damage.LIST)
    print(json.dumps(listed, indent=2, ensure_ascii=False))
    return _damage.warn(store, getattr(args, "t", ENGLISH))  # 3 when damaged data was found (a line each on stderr)
