"""Read the drug content that ships with the app (data/content/NN-slug.md)."""

from __future__ import annotations

import re
from pathlib import Path

from companion.core.content import Section, check_sections, parse_section
from companion.core.errors import InputError
from companion.core.i18n import N_

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
_FILE_NAME = re.compile(r"(\d+)-[a-z0-9-]+\.md")


def load_content(data_dir: Path = DATA_DIR, language: str = "en") -> list[Section]:
    """Every section in ``data_dir/content`` (``content/<language>`` for another language than English),
    ordered by the number that starts its file name."""
    folder = data_dir / "content" if language == "en" else data_dir / "content" / language
    paths = sorted(folder.glob("*.md")) if folder.is_dir() else []
    if not paths:
        raise InputError(N_("No drug content found: expected NN-slug.md files in {folder}."), folder=str(folder))
    sections = []
    for path in paths:
        match = _FILE_NAME.fullmatch(path.name)
        if not match:
            raise InputError(N_("content files must be named NN-slug.md, like 03-how-given.md."), path.name)
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise InputError(N_("the file is not UTF-8 text; save it as UTF-8."), path.name) from None
        sections.append(parse_section(text, path.name, int(match.group(1))))
    check_sections(sections)
    return sorted(sections, key=lambda s: s.order)
