"""Reads a clinic.toml file and finds which one the app uses."""

from __future__ import annotations

import dataclasses
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path

from companion.adapters.paths import expand_home
from companion.core.clinic import Clinic, ClinicError, Problem, parse_clinic, validate
from companion.core.i18n import N_
from companion.core.os_reasons import os_reason

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
BUNDLED = "clinic.toml"  # a clinic's own file, copied into data/ before `flet build`
DEFAULT = "clinic.default.toml"
ENV_VAR = "COMPANION_CLINIC"

_WHERE = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")


def load_clinic(path: Path) -> Clinic:
    """The clinic in a TOML file; raises ClinicError listing every problem."""
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise ClinicError([Problem(str(path), N_("file not found"))]) from None
    except UnicodeDecodeError:
        raise ClinicError([Problem(str(path), N_("is not UTF-8 text: save it as UTF-8"))]) from None
    except OSError as error:
        raise ClinicError([Problem(str(path), N_("cannot be read ({why})"), {"why": os_reason(error)})]) from None
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ClinicError([_syntax_problem(str(error))]) from None

    problems = validate(raw)
    logo = raw.get("logo")
    logo_path = None
    if isinstance(logo, str) and logo.strip():
        shown = logo if len(logo) <= 60 else logo[:57] + "..."
        try:
            logo_path = (path.parent / logo).resolve()
            found = logo_path.is_file()
        except (OSError, ValueError):  # a name too long for the system, a NUL byte
            problems.append(Problem("logo", N_("not a usable file name: {file}"), {"file": shown}))
        else:
            if not found:
                problems.append(Problem("logo", N_("file not found: {file} (relative to the clinic file)"),
                                        {"file": shown}))
    if not any(p.path == "languages" for p in problems):
        problems += language_gaps(raw.get("languages", ["en"]))
    if problems:
        raise ClinicError(problems)
    clinic = parse_clinic(raw)
    return dataclasses.replace(clinic, logo=str(logo_path) if logo_path else None)


def language_gaps(languages: list[str]) -> list[Problem]:
    """What the app lacks to speak each language a clinic offers: its message catalog (the screens, the
    triage words) and its drug content folder (data/content/<code>/, one file per English topic)."""
    from companion.adapters.catalogs import DOMAIN, LOCALE_DIR

    problems = []
    topics = sorted(p.name for p in (DATA_DIR / "content").glob("*.md"))
    for code in languages:
        if code == "en":
            continue
        catalog = f"companion/locale/{code}/LC_MESSAGES/{DOMAIN}.po"
        has_catalog = (LOCALE_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.mo").is_file()
        folder = DATA_DIR / "content" / code
        absent = [t for t in topics if not (folder / t).is_file()]
        content = {"absent": len(absent), "topics": len(topics), "folder": f"data/content/{code}/",
                   "first": absent[0] if absent else ""}
        if not has_catalog and absent:
            problems.append(Problem("languages", N_(
                "'{code}' cannot be offered yet: missing its message catalog ({catalog}, then make catalogs); "
                "{absent} of {topics} drug information topics in {folder} (first: {first})"),
                {"code": code, "catalog": catalog, **content}))
        elif not has_catalog:
            problems.append(Problem("languages", N_(
                "'{code}' cannot be offered yet: missing its message catalog ({catalog}, then make catalogs)"),
                {"code": code, "catalog": catalog}))
        elif absent:
            problems.append(Problem("languages", N_(
                "'{code}' cannot be offered yet: missing {absent} of {topics} drug information topics in {folder} "
                "(first: {first})"), {"code": code, **content}))
    return problems


def resolve_clinic_path(arg: str | None, environ: Mapping[str, str]) -> Path:
    """--clinic FILE, else $COMPANION_CLINIC, else the bundled data/clinic.toml, else the default."""
    chosen = arg or environ.get(ENV_VAR)
    if chosen:
        return expand_home(chosen).resolve()
    bundled = DATA_DIR / BUNDLED
    return bundled if bundled.is_file() else DATA_DIR / DEFAULT


def _syntax_problem(message: str) -> Problem:
    """'Invalid value (at line 7, column 5)' -> Problem('line 7', 'TOML syntax: invalid value (column 5)')."""
    where = _WHERE.search(message)
    text = message[: where.start()] if where else message.removesuffix(" (at end of document)")
    text = text[:1].lower() + text[1:]  # the TOML reader's own English words
    if where:
        return Problem(f"line {where[1]}", N_("TOML syntax: {error} (column {column})"),
                       {"error": text, "column": where[2]})
    return Problem("end of file", N_("TOML syntax: {error}"), {"error": text})
