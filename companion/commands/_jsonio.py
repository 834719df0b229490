"""Reading JSON for the commands: a file or standard input, every problem one plain line (an N_ message
id, told in the command's language by cli.main)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from companion.core.errors import InputError, Message
from companion.core.i18n import N_
from companion.core.os_reasons import os_reason, short_path

# what a file should be, for "is a folder, not a {kind}"; "-" named in messages
FILE, BACKUP_FILE = N_("file"), N_("backup file")
STDIN = Message(N_("standard input"))


def read_file(file: str, kind: str = FILE) -> bytes:
    """The bytes of FILE; InputError names the file and why it cannot be read (`kind`: what it should be,
    an N_-marked word)."""
    source = short_path(file)
    try:
        return Path(file).read_bytes()
    except FileNotFoundError:
        raise InputError(N_("{file}: file not found."), file=source) from None
    except IsADirectoryError:
        raise InputError(N_("{file}: is a folder, not a {kind}."), file=source, kind=Message(kind)) from None
    except OSError as error:
        raise InputError(N_("{file}: cannot be read ({why})."), file=source,
                         why=os_reason(error)) from None


def read_json(file: str):
    """The JSON in FILE ("-": standard input); InputError names the file and what is wrong with it."""
    stdin = file == "-"
    source = STDIN if stdin else short_path(file)
    try:
        text = _stdin() if stdin else read_file(file).decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(N_("{file}: is not UTF-8 text."), file=source) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(N_("{file} line {line} column {column}: not valid JSON ({why})."), file=source,
                         line=error.lineno, column=error.colno, why=error.msg) from None
    except RecursionError:
        raise InputError(N_("{file}: the JSON is nested too deeply to be read."), file=source) from None


def _stdin() -> str:
    try:
        return sys.stdin.read()
    except OSError as error:
        raise InputError(N_("{file}: cannot be read ({why})."), file=STDIN,
                         why=os_reason(error)) from None

