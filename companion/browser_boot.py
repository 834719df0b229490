"""How the browser build starts the app once Python is ready: what Flet's start-up script in
python-worker.js does for this app, as a function.

That script is parsed and run at every start (about 0.1 s in WebAssembly); this function is compiled
into the start-up snapshot instead. tools/build_pwa.py makes python-worker.js call it when
pyodide-loader.mjs has unpacked the app, and leaves Flet's script as it is for any other start.
"""

from __future__ import annotations

import runpy
import sys
import time
from collections.abc import Iterator
from pathlib import Path

PACKAGES = "packages.zip"  # the vendored packages, imported in place (tools/build_pwa.py)
PYTHON_OUTPUT = 7  # Flet's message for a line the app printed, shown in the page's console pane


def boot() -> None:
    if PACKAGES not in sys.path:
        sys.path.insert(0, PACKAGES)
    import flet_js  # registered by python-worker.js
    import msgpack

    def send_python_output(text: str, is_stderr: bool) -> None:  # a Flet protocol frame: 0x00, then msgpack
        flet_js.receive_callback(bytes([0]) + msgpack.packb([PYTHON_OUTPUT, {"text": text,
                                                                             "is_stderr": bool(is_stderr)}]))

    flet_js.send_python_output = send_python_output
    flet_js.userAppStarting()
    try:
        runpy.run_module("main", run_name="__main__")
    except SystemExit as done:
        if done.code not in (None, 0):
            raise


def warm_up(home: Path = Path("."), slice_seconds: float = 0.04) -> Iterator[int]:
    """Python work for the browser to optimize, in slices: each next() runs about `slice_seconds` of it
    and yields how many rounds have run. pyodide-loader.mjs runs it once per build, when the app is idle.

    Why: Chromium keeps the machine code it optimized for Python's WebAssembly (so later starts need not
    optimize it again: ~0.3 s of a ~1.9 s start on 2 cores) only once a start has optimized about 1 MB of
    it, which a start from the snapshot alone never does. Compiling source code and running module
    bodies is what a first start does (and a start that reused such a cache was fast); the bodies run
    are those of companion/core's imported modules, which are pure, in namespaces of their own: nothing
    the app uses changes.
    """
    import json
    import zipfile

    import msgpack

    core = [(p.stem, p.read_text(encoding="utf-8")) for p in sorted((home / "companion" / "core").glob("*.py"))
            if f"companion.core.{p.stem}" in sys.modules]  # a dataclass looks its module up there
    sources = [text for _, text in core]
    if (home / PACKAGES).is_file():
        with zipfile.ZipFile(home / PACKAGES) as packages:
            sources += [packages.read(n).decode("utf-8") for n in packages.namelist()
                        if n.startswith("flet/") and n.endswith(".py")]
    message = [3, {"controls": [{"t": "Text", "value": "x" * 20, "size": 14, "i": i} for i in range(40)]}]
    rounds = 0
    while True:
        end = time.monotonic() + slice_seconds
        while time.monotonic() < end:
            name, text = core[rounds % len(core)]
            exec(compile(text, name, "exec"), {"__name__": f"companion.core.{name}"})
            compile(sources[rounds % len(sources)], "warm-up", "exec")
            msgpack.unpackb(msgpack.packb(message))
            json.loads(json.dumps(message))
            rounds += 1
        yield rounds
