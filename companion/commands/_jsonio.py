"""Reading JSON for the commands: a file or standard input, every problem one plain line."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from companion.core.errors import InputError


def read_file(file: str, kind: str = "file") -> bytes:
    """The bytes of FILE; InputError names the file and why it cannot be read (`kind`: what it should be)."""
    source = _short(file)
    try:
        return Path(file).read_bytes()
    except FileNotFoundError:
        raise InputError(f"{source}: file not found.") from None
    except IsADirectoryError:
        raise InputError(f"{source}: is a folder, not a {kind}.") from None
    except OSError as error:
        raise InputError(f"{source}: cannot be read ({(error.strerror or 'unknown error').lower()}).") from None


def read_json(file: str):
    """The JSON in FILE ("-": standard input); InputError names the file and what is wrong with it."""
    source = "standard input" if file == "-" else _short(file)
    try:
        text = _stdin() if file == "-" else read_file(file).decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{source}: is not UTF-8 text.") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(f"{source} line {error.lineno} column {error.colno}: not valid JSON ({error.msg}).") from None
    except RecursionError:
        raise InputError(f"{source}: the JSON is nested too deeply to be read.") from None


def _stdin() -> str:
    try:
        return sys.stdin.read()
    except OSError as error:
        raise InputError(f"standard input: cannot be read ({(error.strerror or 'unknown error').lower()}).") from None


def _short(name: str) -> str:
    return name if len(name) <= 80 else name[:37] + "..." + name[-40:]
