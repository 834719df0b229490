"""Put on PYTHONPATH of a process that must never load the phone's notification extension (`make run`, the
web server): importing flet_notifications then prints a marker line and fails."""

import sys
from importlib.abc import MetaPathFinder

MARKER = "FORBIDDEN IMPORT: flet_notifications"


class _NoPhoneExtension(MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "flet_notifications" or name.startswith("flet_notifications."):
            print(MARKER, flush=True)
            raise ImportError(MARKER)
        return None


sys.meta_path.insert(0, _NoPhoneExtension())
