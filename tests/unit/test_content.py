"""The bundled Ixempra content: it loads, every statement is sourced, search finds what a patient asks."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from companion.adapters.bundle import DATA_DIR, load_content
from companion.adapters.triage_file import load_rules
from companion.core.content import Section, check_sections, parse_section, render, search
from companion.core.errors import InputError
from tests.support.mirrors import cites_a_mirror

GOOD = """+++
id = "how-given"
title = "How Ixempra is given"
summary = "A drip into a vein."
keywords = ["infusion", "IV"]

[sources]
pi-2-1 = { citation = "Label 2.1", url = "https://example.org/label" }
oncolink = { citation = "OncoLink" }
+++

- It is a drip into a vein
  that lasts about 3 hours. [pi-2-1]
- Plan a lift home. [oncolink] [pi-2-1]
"""


@pytest.fixture(scope="module")
def bundled():
    return load_content()


def _hit(hits, section_id):
    return next((h for h in hits if h.section.id == section_id), None)


def _texts(hit):
    return [hit.section.items[i].text for i in hit.items]


# ------------------------------------------------------------ the real bundled content

def test_bundled_content_loads_in_file_order(bundled):
    files = sorted((DATA_DIR / "content").glob("*.md"))
    assert len(bundled) == len(files) >= 12
    assert [s.order for s in bundled] == [int(f.name.split("-")[0]) for f in files]
    assert len({s.id for s in bundled}) == len(bundled)


def test_every_source_the_content_cites_is_described_in_the_bibliography(bundled):
    bibliography = (DATA_DIR / "SOURCES.md").read_text(encoding="utf-8")
    cited = {source.key for section in bundled for item in section.items for source in item.sources}
    assert cited and not {key for key in cited if f"`{key}`" not in bibliography}


def test_every_bundled_item_cites_a_defined_source(bundled):
    for section in bundled:
        assert section.title and section.summary and section.items, section.id
        for item in section.items:
            assert item.sources, (section.id, item.text)
            assert all(s.citation for s in item.sources)
            assert not re.search(r"\[[\w.-]+\]\s*$", item.text), "source key left in the text"


def test_the_sections_a_patient_needs_are_there(bundled):
    ids = {s.id for s in bundled}
    assert {"what-it-treats", "how-it-works", "how-given", "serious-side-effects", "neuropathy", "other-risks",
            "radiation-recall", "who-should-not-take", "during-treatment", "drug-interactions",
            "common-side-effects", "when-to-call"} <= ids


def test_no_withdrawn_premedication_is_named(bundled):
    text = " ".join(i.text for s in bundled for i in s.items).lower()
    assert "ranitidine" not in text
    assert "h2 blocker" in text and "antihistamine" in text


def test_grapefruit_finds_what_to_avoid_with_its_item(bundled):
    hits = search(bundled, "grapefruit")
    assert hits[0].section.id == "during-treatment"
    assert any("grapefruit juice" in t.lower() for t in _texts(hits[0]))


def test_numbness_finds_neuropathy_first(bundled):
    hits = search(bundled, "numbness")
    assert hits[0].section.id == "neuropathy"
    assert all("numbness" in t.lower() for t in _texts(hits[0]))


def test_st_john_finds_interactions_and_only_the_wort_item(bundled):
    hit = _hit(search(bundled, "St John"), "drug-interactions")
    assert hit is not None
    assert _texts(hit) and all("st john" in t.lower() for t in _texts(hit))


def test_fever_threshold_is_the_cdc_one(bundled):
    rendered = render(bundled, load_rules())  # the rules' default: CDC's 100.4 °F
    hit = _hit(search(rendered, "100.4"), "when-to-call")
    assert any("38.0 °C (100.4 °F)" in t for t in _texts(hit))


def test_prefix_and_case_do_not_matter(bundled):
    assert [h.section.id for h in search(bundled, "GRAPEF")] == [h.section.id for h in search(bundled, "grapefruit")]


def test_every_word_must_match(bundled):
    assert search(bundled, "grapefruit zzzunknown") == []
    assert [h.section.id for h in search(bundled, "grapefruit driving")] == ["during-treatment"]


def test_empty_query_finds_nothing(bundled):
    assert search(bundled, "") == [] and search(bundled, "  ?! ") == []


# ------------------------------------------------------------ ranking and accents (small sections)

def _section(sid, title, items, keywords=(), order=1):
    body = "\n".join(f"- {t} [s]" for t in items)
    kw = ", ".join(f'"{k}"' for k in keywords)
    text = f'+++\nid = "{sid}"\ntitle = "{title}"\nkeywords = [{kw}]\n[sources]\ns = {{ citation = "c" }}\n+++\n{body}\n'
    return parse_section(text, f"{sid}.md", order)


def test_search_ignores_accents_both_ways():
    section = _section("nerfs", "Névropathie", ["Engourdissement des pieds", "Fièvre élevée"])
    assert search([section], "nevropathie")[0].section.id == "nerfs"
    assert search([section], "FIEVRE")[0].items == (1,)
    plain = _section("plain", "Fever", ["Call at once"])
    assert search([plain], "févèr")[0].section.id == "plain"


def test_title_and_keyword_matches_rank_above_item_text():
    in_item = _section("a", "Other things", ["Avoid grapefruit juice"], order=1)
    in_keyword = _section("b", "Food", ["Eat well"], keywords=["grapefruit"], order=2)
    in_title = _section("c", "Grapefruit", ["Ask your team"], order=3)
    assert [h.section.id for h in search([in_item, in_keyword, in_title], "grapefruit")] == ["c", "b", "a"]


# ------------------------------------------------------------ parse errors

def test_parses_a_good_section():
    section = parse_section(GOOD, "03-how-given.md", 3)
    assert (section.id, section.title, section.order, section.keywords) == \
           ("how-given", "How Ixempra is given", 3, ("infusion", "IV"))
    assert section.items[0].text == "It is a drip into a vein that lasts about 3 hours."
    assert section.items[0].sources[0].url == "https://example.org/label"
    assert [s.key for s in section.items[1].sources] == ["oncolink", "pi-2-1"]


@pytest.mark.parametrize("text, message", [
    ("- just a bullet [a]\n", r"^x\.md: missing front matter"),
    ("+++\nid = \"a\"\ntitle = \"A\"\n- item [a]\n", r"^x\.md: the front matter is not closed"),
    ("+++\nid = \"a\"\ntitle = \"A\"\nkeywords = [\"x\"\n+++\n- item [a]\n", r"^x\.md, line \d+: TOML syntax error"),
    ("+++\ntitle = \"A\"\n+++\n- item [a]\n", r"^x\.md: front matter needs id"),
    ("+++\nid = \"a\"\n+++\n- item [a]\n", r"^x\.md: front matter needs title"),
    (GOOD.replace("[oncolink] [pi-2-1]", ""), r"^x\.md, line 14: item has no source key"),
    (GOOD.replace("[oncolink]", "[nope]"), r"^x\.md, line 14: unknown source key \[nope\]"),
    (GOOD.replace("- Plan", "Plan"), r"^x\.md, line 14: text outside a bullet item"),
    (GOOD.split("- It")[0], r"^x\.md: no items"),
])
def test_bad_files_give_one_plain_line_naming_file_and_problem(text, message):
    with pytest.raises(InputError, match=message) as err:
        parse_section(text, "x.md", 1)
    assert "\n" not in str(err.value)


def test_toml_error_points_at_the_file_line():
    text = '+++\nid = "a"\ntitle = "A"\nsummary = oops\n+++\n- item [a]\n'
    with pytest.raises(InputError, match=r"^x\.md, line 4: TOML syntax error"):
        parse_section(text, "x.md", 1)


def test_duplicate_ids_are_refused():
    one = _section("same", "First", ["a"])
    two = _section("same", "Second", ["b"])
    with pytest.raises(InputError, match='Duplicate section id "same".*"First".*"Second"'):
        check_sections([one, two])
    check_sections([one, _section("other", "Other", ["c"])])


def test_loader_names_a_broken_file(tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "01-ok.md").write_text(GOOD)
    (tmp_path / "content" / "02-bad.md").write_text(GOOD.replace("[oncolink]", "[nope]"))
    with pytest.raises(InputError, match=r"^02-bad\.md, line 14: unknown source key"):
        load_content(tmp_path)


def test_loader_orders_by_number_and_refuses_bad_names(tmp_path):
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "10-later.md").write_text(GOOD.replace('"how-given"', '"later"'))
    (folder / "2-earlier.md").write_text(GOOD)
    assert [(s.order, s.id) for s in load_content(tmp_path)] == [(2, "how-given"), (10, "later")]
    (folder / "notes.md").write_text(GOOD)
    with pytest.raises(InputError, match=r"^notes\.md: content files must be named NN-slug\.md"):
        load_content(tmp_path)


def test_loader_refuses_an_empty_folder(tmp_path):
    with pytest.raises(InputError, match="No drug content found"):
        load_content(tmp_path)


# ------------------------------------------------------------ properties

@settings(max_examples=300, deadline=None)
@given(st.text())
def test_search_never_raises_on_any_text(query):
    hits = search(load_content(), query)
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)
    assert all(isinstance(h.section, Section) and all(0 <= i < len(h.section.items) for i in h.items)
               for h in hits)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_parse_section_fails_only_with_input_error(text):
    try:
        parse_section(text, "x.md", 1)
    except InputError as err:
        assert str(err).startswith("x.md") and "\n" not in str(err)


def test_no_statement_cites_a_site_that_mirrors_a_paid_database():
    """Copies of UpToDate, Lexicomp, Micromedex or Multum on third-party sites are not authorities (H8)."""
    cited = {(s.key, s.citation, s.url or "") for section in load_content() for item in section.items
             for s in item.sources}
    assert cited and not [c for c in cited if cites_a_mirror(" ".join(c))]
