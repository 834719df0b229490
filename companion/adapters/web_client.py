"""The Flet web client, made fully offline.

flet-web's client (flet 1.0.5) loads Rive's native runtime from a public CDN at start-up, even with
`no_cdn`: the browser would contact a third party on every start. We serve a copy of the client in which
that address points back to our own server (a same-origin path that answers 404: the app uses no Rive
animation). The copy is made once per client version, with hard links for every unchanged file.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path

CDN_ADDRESS = re.compile(rb"https://cdn\.jsdelivr\.net/npm/@rive-app/[a-z-]+@[0-9.]+/")
PATCHED = ("main.dart.js", "main.dart.mjs", "main.dart.wasm")


def _same_origin(match: re.Match) -> bytes:
    """A local path of the same length, so the compiled .wasm keeps its layout."""
    path = b"/offline/rive-not-bundled/"
    return path + b"x" * (len(match.group()) - len(path) - 1) + b"/"


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def offline_web_dir(source: Path, cache_root: Path) -> Path:
    """A copy of the client at `source` with no third-party address; reused while the client is unchanged."""
    stat = (source / "main.dart.js").stat()  # size and time tell a changed client without reading 10 MB
    fingerprint = hashlib.sha256(f"{source}|{stat.st_size}|{stat.st_mtime_ns}".encode()).hexdigest()[:16]
    target = cache_root / f"flet-web-{fingerprint}"
    if (target / ".complete").exists():
        return target
    cache_root.mkdir(parents=True, exist_ok=True)
    work = cache_root / f".building-{os.getpid()}"
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(source, work, copy_function=_link_or_copy)
    for name in PATCHED:
        path = work / name
        if path.exists():
            data = path.read_bytes()
            patched = CDN_ADDRESS.sub(_same_origin, data)
            if patched != data:
                path.unlink()  # never write through a hard link into the installed package
                path.write_bytes(patched)
    (work / ".complete").touch()
    try:
        os.replace(work, target)
    except OSError:  # another process finished first
        shutil.rmtree(work, ignore_errors=True)
    return target


def prepare(environ=os.environ) -> Path | None:
    """Point FLET_WEB_PATH at the offline copy (unless set already); None when it cannot be made."""
    if environ.get("FLET_WEB_PATH"):
        return Path(environ["FLET_WEB_PATH"])
    import platformdirs
    import flet_web

    try:
        target = offline_web_dir(Path(flet_web.get_package_web_dir()),
                                 Path(platformdirs.user_cache_dir("ixempra-companion", appauthor=False)))
    except OSError:
        return None
    environ["FLET_WEB_PATH"] = str(target)
    return target
