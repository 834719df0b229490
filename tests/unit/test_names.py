"""Patient names that cannot be confused: normalised, invisible characters left out, unique after case folding."""

import unicodedata
from datetime import datetime, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from companion.services import records
from companion.adapters.store import Store
from companion.core.errors import InputError
from companion.core.names import NAME_MAX_CHARS, check_name, look_alikes, name_key, normalise_name

NOW = datetime(2026, 3, 1, 9, tzinfo=timezone.utc)

ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u180e", "\u034f", "\ufe0f"]
BIDI = ["\u200e", "\u200f", "\u061c", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e",
        "\u2066", "\u2067", "\u2068", "\u2069"]
CONTROLS = ["\x00", "\x07", "\x1b", "\x7f", "\x9b"]
INVISIBLE = ZERO_WIDTH + BIDI + CONTROLS + ["\U000e0041", "\u3164", "\ue000"]
SPACES = [" ", "\t", "\n", "\r", "\u00a0", "\u2003", "\u3000", "\u2028", "\u2029", "\u2800", "\u202f", "\x85", "\x1f"]


# -- examples from the issue ------------------------------------------------------------------------------
@pytest.mark.parametrize("raw", ["\u200b", " \u200b\u200d ", "\u202e", "\u2800", "\ufeff\u2066\u2069"])
def test_a_name_with_nothing_visible_is_refused_with_a_reason(raw):
    with pytest.raises(InputError, match="a person can see"):
        check_name(raw, [])


@pytest.mark.parametrize("raw", ["", "   ", "\n\t", None])
def test_an_empty_name_asks_for_a_name(raw):
    with pytest.raises(InputError, match="write the patient's name"):
        check_name(raw, [])


@pytest.mark.parametrize("raw", ["Ann\u200b", "\u200bAnn", "A\u200dnn", "ANN", "ann", " Ann ", "\u202eAnn\u202c",
                                 "Ann\ufe0f", "\uff21\uff4e\uff4e", "A\u00adnn", "Ann\x00"])
def test_a_look_alike_of_an_existing_name_is_refused_and_the_existing_one_named(raw):
    with pytest.raises(InputError, match="there is already a patient called Ann;"):
        check_name(raw, ["Bob", "Ann"])


def test_what_is_kept_is_what_a_person_sees():
    assert check_name("  Mary\n  Jane\t", []) == "Mary Jane"
    assert check_name("\u202eAnn", []) == "Ann"  # a right-to-left override cannot reverse how a name is drawn
    assert check_name("Zo\u0065\u0301", []) == "Zo\u00e9"  # NFC: one é however it was typed
    assert check_name("Jos\u00e9", ["Jose"]) == "Jos\u00e9"  # an accent makes another name
    assert check_name("Ann-Marie O'Neil", ["Ann"]) == "Ann-Marie O'Neil"
    assert check_name("\u0645\u0631\u064a\u0645", ["Ann"]) == "\u0645\u0631\u064a\u0645"  # Arabic stays as written
    assert check_name("\u674e\u534e", []) == "\u674e\u534e"


def test_the_length_is_counted_after_normalising():
    assert check_name("A" * NAME_MAX_CHARS + "\u200b" * 10, []) == "A" * NAME_MAX_CHARS
    with pytest.raises(InputError, match=f"under {NAME_MAX_CHARS} characters"):
        check_name("A" * (NAME_MAX_CHARS + 1), [])


def test_look_alikes_groups_names_a_person_could_confuse():
    assert look_alikes(["Ann", "Bob", "ann\u200b", "Carl", "ANN"]) == [["Ann", "ann\u200b", "ANN"]]
    assert look_alikes(["Ann", "Anne", "Bob"]) == []


# -- the same rule where profiles are made ------------------------------------------------------------------
def test_records_add_and_rename_profile_normalise_and_refuse_look_alikes(tmp_path):
    store = Store(tmp_path)
    ann = records.add_profile(store, " Ann\u200b ", NOW)
    assert ann["name"] == "Ann" and store.profiles()[0]["name"] == "Ann"
    for look_alike in ("ann", "A\u2060NN", "\u202dAnn"):
        with pytest.raises(InputError, match="already a patient called Ann"):
            records.add_profile(store, look_alike, NOW)
    with pytest.raises(InputError, match="a person can see"):
        records.add_profile(store, "\u200b\u200b", NOW)
    bob = records.add_profile(store, "Bob", NOW)
    with pytest.raises(InputError, match="already a patient called Ann"):
        records.rename_profile(store, bob["id"], "aNN\u200e")
    assert records.rename_profile(store, ann["id"], "ANN")["name"] == "ANN"  # its own name, in other case
    assert sorted(p["name"] for p in store.profiles()) == ["ANN", "Bob"]
    store.close()


# -- properties ---------------------------------------------------------------------------------------------
names = st.text(st.characters(codec="utf-8"), max_size=30) | st.text(
    st.sampled_from(["A", "n", "é", "e", "\u0301", "ß", "Σ", "ς", *INVISIBLE, *SPACES]), max_size=20)
visible_names = st.text(st.characters(categories=["L", "N"]), min_size=1, max_size=20).filter(
    lambda s: normalise_name(s) == s)


@settings(max_examples=400)
@given(names)
def test_normalising_twice_changes_nothing_and_leaves_only_visible_characters(raw):
    name = normalise_name(raw)
    assert normalise_name(name) == name
    assert name == unicodedata.normalize("NFC", name)
    assert name == name.strip() and "  " not in name
    for char in name:
        assert unicodedata.category(char) not in {"Cc", "Cf", "Cs", "Co", "Cn"}, repr(char)
        assert char == " " or not char.isspace(), repr(char)
        assert char not in INVISIBLE and char != "\u2800"


@settings(max_examples=300)
@given(visible_names, st.lists(st.tuples(st.integers(0, 20), st.sampled_from(INVISIBLE)), max_size=6))
def test_invisible_characters_anywhere_make_no_new_name(name, inserts):
    spoofed = name
    for at, char in inserts:
        spoofed = spoofed[:at] + char + spoofed[at:]
    assert normalise_name(spoofed) == unicodedata.normalize("NFC", name)
    assert name_key(spoofed) == name_key(name)
    with pytest.raises(InputError, match="already a patient"):
        check_name(spoofed, [name])


@settings(max_examples=300)
@given(visible_names, st.lists(st.sampled_from(SPACES), min_size=1, max_size=4))
def test_whitespace_of_any_kind_around_and_between_words_is_one_space(word, spaces):
    raw = spaces[0] + word + "".join(spaces) + word + spaces[-1]
    assert normalise_name(raw) == unicodedata.normalize("NFC", f"{word} {word}")


@settings(max_examples=300)
@given(names)
def test_case_folding_makes_no_new_name(raw):
    assert name_key(raw.casefold()) == name_key(raw)
    assert name_key(raw.upper().lower()) == name_key(raw.lower())


@settings(max_examples=300)
@given(st.text(st.sampled_from("AaBbNnZz é​"), min_size=1, max_size=12).filter(lambda s: normalise_name(s)))
def test_the_same_letters_in_another_case_are_refused_beside_a_name(raw):
    with pytest.raises(InputError, match="already a patient"):
        check_name(raw.swapcase(), [raw])


@settings(max_examples=300)
@given(st.lists(names, max_size=6), names)
def test_a_name_is_accepted_exactly_when_it_is_visible_short_and_distinct(others, raw):
    name = normalise_name(raw)
    clash = any(name_key(other) == name_key(name) for other in others)
    ok = bool(name) and len(name) <= NAME_MAX_CHARS and not clash
    if ok:
        assert check_name(raw, others) == name
    else:
        with pytest.raises(InputError):
            check_name(raw, others)
