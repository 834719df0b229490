"""The layering rules of DESIGN.md, enforced: core is pure, views hold no storage."""

import ast
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


def test_views_do_not_touch_storage_directly():
    for path in (PKG / "ui").glob("*.py"):
        names = _imports(ast.parse(path.read_text()))
        assert not any(n.startswith("tinydb") or n.startswith("plyer") for n in names), path.name


def test_views_get_adapters_from_the_services():
    """Only the report is imported by a view (when asked for: fpdf is slow to import)."""
    for path in (PKG / "ui").glob("*.py"):
        names = _imports(ast.parse(path.read_text()))
        assert {n for n in names if n.startswith("companion.adapters")} <= {"companion.adapters.report"}, path.name
