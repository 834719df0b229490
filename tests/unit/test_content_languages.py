"""The drug information in another language says the same things: for each language folder in
data/content/ (es today), every English topic exists with the same id, the same source keys (same
addresses), the same number of statements, and each statement has the same source keys, the same markers
(what to do comes from the one rule table) and the same numbers as its English one."""

import re
from pathlib import Path

import pytest

from companion.adapters.bundle import load_content
from companion.core.content import parse_section

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "data" / "content"
LANGUAGES = sorted(p.name for p in CONTENT.iterdir() if p.is_dir())
NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
ENGLISH = {s.file: s for s in load_content()}


def translated(language: str) -> dict:
    folder = CONTENT / language
    return {p.name: parse_section(p.read_text(encoding="utf-8"), f"{language}/{p.name}", int(p.name[:2]))
            for p in sorted(folder.glob("*.md"))}


def numbers(text: str) -> list[str]:
    """The numbers of a text as written, a decimal comma read as a point (38,0 = 38.0)."""
    return sorted(n.replace(",", ".") for n in NUMBER.findall(text))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_topic_and_statement_exists_in_both_languages(language):
    other = translated(language)
    assert sorted(other) == sorted(ENGLISH), "a topic exists in one language only"
    for name, english in ENGLISH.items():
        section = other[name]
        assert section.id == english.id, name
        assert section.title and section.title != english.title, f"{name}: title not translated"
        assert len(section.items) == len(english.items), f"{name}: a statement exists in one language only"
        assert {s.key: s.url for i in section.items for s in i.sources} == \
               {s.key: s.url for i in english.items for s in i.sources}, f"{name}: source keys differ"


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_statement_keeps_its_sources_markers_and_numbers(language):
    other = translated(language)
    for name, english in ENGLISH.items():
        for number, (es, en) in enumerate(zip(other[name].items, english.items), 1):
            where = f"{language}/{name}, statement {number}"
            assert [s.key for s in es.sources] == [s.key for s in en.sources], where
            assert sorted(es.markers) == sorted(en.markers), f"{where}: markers differ"
            assert numbers(re.sub(r"\{[^}]*\}", "", es.template or es.text)) == \
                   numbers(re.sub(r"\{[^}]*\}", "", en.template or en.text)), f"{where}: numbers differ"
