"""The layering rules of docs/ARCHITECTURE.md, enforced: core is pure, views get services (never adapters or the
composition root), services know no views, and no module reaches into another's private names."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[2] / "companion"
CORE_FORBIDDEN_MODULES = {"flet", "flet_charts", "tinydb", "plyer", "os", "pathlib", "io", "time", "socket",
                          "subprocess", "shutil", "random", "platformdirs", "icalendar", "fpdf", "companion.adapters",
                          "companion.ui", "companion.app"}
CLOCK_CALLS = {"now", "today", "utcnow", "time", "monotonic"}


def _imports(tree: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def _violations(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(), str(path))
    found = [f"imports {name}" for name in _imports(tree)
             if any(name == bad or name.startswith(bad + ".") for bad in CORE_FORBIDDEN_MODULES)]
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr in CLOCK_CALLS:
                found.append(f"line {node.lineno}: reads the clock ({func.attr}())")
            if isinstance(func, ast.Name) and func.id in {"open", "input", "print"}:
                found.append(f"line {node.lineno}: does I/O ({func.id}())")
    return found


CORE_FILES = sorted((PKG / "core").glob("*.py"))


@pytest.mark.parametrize("path", CORE_FILES, ids=lambda p: p.name)
def test_core_is_pure(path):
    assert _violations(path) == []


def test_the_checker_catches_what_it_claims(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("import flet\nfrom tinydb import TinyDB\nimport datetime\nx = datetime.datetime.now()\nopen('f')\n")
    found = _violations(bad)
    assert "imports flet" in found and "imports tinydb" in found
    assert any("reads the clock" in f for f in found) and any("open()" in f for f in found)



def _modules(folder: str) -> list[Path]:
    return sorted((PKG / folder).glob("*.py"))


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(PKG.parent).with_suffix("").parts).removesuffix(".__init__")



@pytest.mark.parametrize("path", _modules("ui"), ids=lambda p: p.name)
def test_views_build_no_service_of_their_own(path):
    """The shell asks the services for a patient's record; the reminders service is built once, in app.py."""
    calls = {node.func.id for node in ast.walk(ast.parse(path.read_text()))
             if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)}
    assert calls & {"PatientRecord", "ReminderService", "ReminderLoop", "Store", "Services"} == set()



def _private_imports(source: str, module: str) -> list[str]:
    """`from companion.x import _name` in `module` where companion.x is not its own package."""
    own = module.rsplit(".", 1)[0]
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("companion"):
            found += [f"{node.module}.{a.name}" for a in node.names
                      if a.name.startswith("_") and not a.name.startswith("__") and node.module != own]
    return found


@pytest.mark.parametrize("path", sorted(PKG.rglob("*.py")), ids=lambda p: str(p.relative_to(PKG)))
def test_no_module_imports_another_modules_private_names(path):
    assert _private_imports(path.read_text(), _module_name(path)) == []


def test_the_private_import_check_catches_one():
    source = "from companion.adapters.store import _check_id\nfrom companion.services import _helper\n"
    assert _private_imports(source, "companion.services.x") == ["companion.adapters.store._check_id"]


def test_the_import_contracts_hold():
    """The layers of docs/ARCHITECTURE.md as import-linter contracts ([tool.importlinter] in pyproject.toml):
    ui and commands -> services -> adapters -> core; core pure; views get services, never adapters."""
    lint = Path(sys.executable).with_name("lint-imports")
    out = subprocess.run([str(lint), "--no-cache"], cwd=PKG.parent, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-2000:]
    assert "Contracts: 5 kept, 0 broken." in out.stdout
