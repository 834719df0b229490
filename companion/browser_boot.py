"""How the browser build starts the app once Python is ready: what Flet's start-up script in
python-worker.js does for this app, as a function.

That script is parsed and run at every start (about 0.1 s in WebAssembly); this function is compiled
into the start-up snapshot instead. tools/build_pwa.py makes python-worker.js call it when
pyodide-loader.mjs has unpacked the app, and leaves Flet's script as it is for any other start.
"""

from __future__ import annotations

import runpy
import sys

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
