"""Where the user's data lives: never next to the code."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

APP_NAME = "ixempra-companion"


def expand_home(text: str) -> Path:
    """"~/x" and "~name/x" as a shell reads them; "~name" of no such user stays as typed, as in a shell."""
    try:
        return Path(text).expanduser()
    except RuntimeError:  # Python: "Could not determine home directory."
        return Path(text)


def resolve_data_dir(arg: str | None, environ: Mapping[str, str] = os.environ) -> Path:
    """--data-dir beats COMPANION_DATA_DIR beats FLET_APP_STORAGE_DATA beats the platform's user data dir."""
    for candidate in (arg, environ.get("COMPANION_DATA_DIR"), environ.get("FLET_APP_STORAGE_DATA")):
        if candidate:
            return expand_home(candidate).resolve()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
