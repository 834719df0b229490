"""preload() is what the browser build keeps in its start-up snapshot: every view module and every Flet control
a view names must be imported by it, or the first tap on that screen imports them while the user waits."""

import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
UI = ROOT / "companion" / "ui"

PROBE = """
import json, sys
import flet
import companion.app
companion.app.preload()
print(json.dumps({"modules": sorted(m for m in sys.modules if m.startswith("companion.ui")),
                  "controls": sorted(vars(flet))}))
"""


def test_preload_imports_every_view_module_and_every_control_they_name_subpackages_included():
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          check=True)
    loaded = json.loads(done.stdout.strip().splitlines()[-1])
    files = sorted(UI.rglob("*.py"))
    assert any(path.parent != UI for path in files), "ui/ has a subpackage (ui/more/) that this test must cover"
    for path in files:
        parts = path.relative_to(ROOT).with_suffix("").parts
        module = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        assert module in loaded["modules"], f"preload() does not import {module}"
        named = set(re.findall(r"\bft\.([A-Z]\w*)", path.read_text(encoding="utf-8")))
        missing = sorted(named - set(loaded["controls"]))
        assert not missing, f"preload() leaves {missing} (named in {path.relative_to(ROOT)}) to the first use"
