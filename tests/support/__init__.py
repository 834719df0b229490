"""The end-to-end harness: the real app served in web mode and driven in headless Chromium.

    from tests.support import PHONE, TABLET, AppPage

`AppServer` and `AppPage` are in tests/support/app.py, the axe-core scans in tests/support/axe.py; the pytest
fixtures that build on them (`browser`, `server`, `open_app`) in tests/e2e/conftest.py. What the benchmarks
use too (Chromium and its arguments, screen sizes, ports, waiting for a server) is tools/browser_harness.py,
so bench/ never imports the tests.
"""

from tests.support.app import ARTIFACTS, AppPage, AppServer
from tests.support.ports import free_port  # a port of this xdist worker's own (tools/browser_harness's may collide)
from tools.browser_harness import (CHROMIUM, CHROMIUM_ARGS, PHONE, ROOT, TABLET, launch_chromium,
                                   open_with_semantics, serve_command, wait_http)

__all__ = ["ARTIFACTS", "AppPage", "AppServer", "CHROMIUM", "CHROMIUM_ARGS", "PHONE", "ROOT", "TABLET", "free_port",
           "launch_chromium", "open_with_semantics", "serve_command", "wait_http"]
