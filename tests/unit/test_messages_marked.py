"""Every error a person may read is a catalog message: in core, services and adapters, an InputError,
StorageError or one of their kinds (StoreError, Untouchable, FolderInUse, JournalError, ClinicError), and a
Message, is made from an N_-marked message id (placeholders filled from keyword arguments), never from an
f-string, a concatenation or text already formatted; so the screens can tell it in the patient's language.
Re-raising an error's own message id (error.template, a name that holds one marked elsewhere) is allowed."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LAYERS = ("core", "services", "adapters")
ERRORS = {"InputError", "StorageError", "StoreError", "Untouchable", "FolderInUse", "JournalError", "ClinicError",
          "Message"}
MARKED = {"N_"}
# owned by the helpers converting them (issue 19); remove a file from here once it is converted
NOT_YET: set[str] = set()  # files whose messages are not catalog messages yet


def _name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _problem(first: ast.expr) -> str | None:
    """Why `first` (an error's message argument) is not a marked message id, or None if it is."""
    if isinstance(first, ast.Call) and _name(first.func) in MARKED:
        return None if (len(first.args) == 1 and isinstance(first.args[0], ast.Constant)
                        and isinstance(first.args[0].value, str)) else "N_ of something other than one literal"
    if isinstance(first, ast.IfExp):  # N_("a") if x else N_("b")
        return _problem(first.body) or _problem(first.orelse)
    if isinstance(first, (ast.Name, ast.Attribute, ast.Subscript)):  # a marked id held by a name, error.template,
        return None                                                   # picked from a table of N_ ids
    if isinstance(first, ast.JoinedStr):
        return "an f-string"
    if isinstance(first, ast.Constant):  # "{problem}": another message, told on its own, passed through
        return None if re.fullmatch(r"\{[a-z_]+\}", str(first.value)) else "a literal not marked with N_"
    if isinstance(first, ast.BinOp):
        return "text put together with + or %"
    return f"{type(first).__name__.lower()} (format after translating, with keyword placeholders)"


def unmarked(source: str, filename: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if not isinstance(node, ast.Call):
            continue
        name = _name(node.func)
        # A clinic file's problems: ClinicError([Problem(path, message, params)...]) and validate's add(path, message)
        is_problem = name == "Problem" or (name == "add" and filename == "core/clinic.py")
        at = 1 if is_problem else None if name == "ClinicError" else 0 if name in ERRORS else None
        if at is not None and len(node.args) > at:
            why = _problem(node.args[at])
            if why:
                found.append(f"{filename}:{node.lineno}: {name}(...) from {why}")
    return found


def test_every_error_message_in_core_services_and_adapters_is_marked():
    found = []
    for layer in LAYERS:
        for path in sorted((ROOT / "companion" / layer).rglob("*.py")):
            relative = path.relative_to(ROOT / "companion").as_posix()
            if relative not in NOT_YET:
                found += unmarked(path.read_text(encoding="utf-8"), relative)
    assert not found, "mark these messages with N_ and pass the values as keyword placeholders:\n" + "\n".join(found)


def test_the_check_finds_each_kind_of_unmarked_message():
    planted = '''
def check(value, error):
    raise InputError(f"{value} is too big")
    raise StoreError("Could not save: " + str(error))
    raise InputError("plain text")
    raise InputError("{value} is too big".format(value=value))
    raise InputError(N_(f"{value}"))
    return Message("the device is full")
'''
    found = unmarked(planted, "planted.py")
    assert [line.split(":")[1] for line in found] == ["3", "4", "5", "6", "7", "8"], found


def test_the_check_lets_marked_and_re_raised_messages_through():
    fine = '''
def check(value, error, message):
    raise InputError(N_("{value} is too big"), "field", value=value)
    raise StoreError(NOT_SAVED, why=why)
    raise InputError(error.template, **error.params)
    raise InputError(message, where, id=value)
    raise Untouchable(N_("a") if value else N_("b"), KIND)
    raise ValueError(f"a programming error, for developers: {value}")
'''
    assert unmarked(fine, "fine.py") == []
