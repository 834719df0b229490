"""Errors and notices are told in the reader's language (core/errors.py): the message id is translated first,
then its placeholders are filled, so numbers and names never pass through a translator; what an error holds
(another error, a few words, whole sentences) is told in the same language; and a translation whose
placeholders are broken falls back to the English rather than failing or showing half a message."""

from __future__ import annotations

import errno
import pickle

import pytest

from companion.adapters.catalogs import translator
from companion.adapters.store_errors import NOT_SAVED, StoreError
from companion.core.os_reasons import os_reason
from companion.core.backup import parse_backup
from companion.core.diary import Entry, Temperature
from companion.core.diary_form import parse_temperature
from companion.core.errors import InputError, Message, Plural, Sentences, StorageError, told
from companion.core.i18n import ENGLISH, N_

SPANISH = translator("es")


class Catalog:
    """A translator over a dict, to try translations the shipped catalog does not have."""

    def __init__(self, words: dict[str, str]):
        self.words = words

    def gettext(self, message: str) -> str:
        return self.words.get(message, message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural)


def raised(call, *args, **kwargs) -> InputError:
    with pytest.raises(InputError) as caught:
        call(*args, **kwargs)
    return caught.value


def test_a_form_error_is_told_in_spanish_with_its_numbers_filled_in():
    error = raised(parse_temperature, "60", "C")
    assert str(error) == "60 °C is outside 30-45 °C; please check it for a typing error"
    spanish = error.told_reason(SPANISH)
    assert spanish == SPANISH.gettext(error.template).format(reading="60 °C", low="30", high="45", unit="C")
    assert spanish != str(error) and "{" not in spanish
    assert all(number in spanish for number in ("60 °C", "30", "45"))
    assert error.told(ENGLISH) == str(error)


def test_the_field_stays_as_the_input_names_it_and_the_reason_is_translated():
    error = raised(Entry, id="e1", at=None, temperature=None)
    assert error.field == "at" and str(error).startswith("at: give a date and time")
    assert error.told(SPANISH) == "at: " + error.told_reason(SPANISH)
    assert error.told_reason(SPANISH) != error.reason and "2025-03-01T14:20:00+01:00" in error.told_reason(SPANISH)


def test_a_field_that_is_a_message_is_told_too():
    error = InputError(N_("{text} is not a real date."), Message(N_("From")), text="2026-02-30")
    assert str(error) == "From: 2026-02-30 is not a real date."
    assert error.told(SPANISH).startswith(SPANISH.gettext("From") + ": ")
    assert SPANISH.gettext("From") != "From"


def test_a_nested_error_is_told_in_the_same_language():
    error = raised(parse_backup, {"format": "ixempra-companion-backup", "version": 1,
                                  "created": "2026-03-01T10:00:00+00:00",
                                  "profiles": [{"profile": {"id": "p1", "name": "Ann"}, "plan": None,
                                                "settings": None, "reminders": None,
                                                "entries": [{"id": "e1", "at": "2026-03-01T10:00:00+00:00",
                                                             "temperature": {"value": 80, "unit": "C"}}]}]})
    english = str(error)
    assert english.startswith("Backup, profile 'Ann', entry 1: temperature.value: 80 °C is outside 30-45 °C")
    spanish = error.told(SPANISH)
    inner = SPANISH.gettext("{reading} is outside {low}-{high} °{unit}; please check it for a typing error").format(
        reading="80 °C", low="30", high="45", unit="C")
    assert spanish.endswith("temperature.value: " + inner), spanish
    assert spanish.startswith(SPANISH.gettext("Backup, profile {name}").format(name="'Ann'"))


def test_a_few_words_given_to_a_message_are_told_in_its_language():
    error = StoreError(NOT_SAVED, why=os_reason(OSError(errno.ENOSPC, "No space left on device")))
    assert str(error) == "Could not save your data: the device is full. Nothing was changed."
    assert error.told(SPANISH) == SPANISH.gettext(NOT_SAVED).format(why=SPANISH.gettext("the device is full"))
    # a system error without words of ours is shown as the system says it
    other = os_reason(OSError(errno.EIO, "Input/output error"))
    assert told(StoreError(NOT_SAVED, why=other), SPANISH).count("input/output error") == 1


def test_a_broken_translation_falls_back_to_english():
    template = N_("keep it under {limit} characters (it has {count})")
    error = InputError(template, "note", limit=2000, count=2100)
    for broken in ("menos de {limite} caracteres", "menos de {0} caracteres", "menos de {limit caracteres"):
        assert error.told(Catalog({template: broken})) == str(error)
    assert error.told(Catalog({template: "menos de {limit} ({count})"})) == "note: menos de 2000 (2100)"


def test_notices_are_strings_in_english_and_told_in_spanish_sentence_by_sentence():
    label = Message(N_("main data file (profiles, plans and settings)"))
    said = Sentences(Message(N_("Your {label} could not be read. It was kept as {file}."), label=label,
                             file="companion.json.unreadable-1"))
    said += Plural.ngettext("The damaged file still shows {count} entry.",
                            "The damaged file still shows {count} entries.", 3)
    assert isinstance(said, str) and said == (
        "Your main data file (profiles, plans and settings) could not be read. It was kept as "
        "companion.json.unreadable-1. The damaged file still shows 3 entries.")
    spanish = told(said, SPANISH)
    assert spanish.startswith(SPANISH.gettext("Your {label} could not be read. It was kept as {file}.").format(
        label=SPANISH.gettext(label), file="companion.json.unreadable-1"))
    assert spanish.endswith(SPANISH.ngettext("The damaged file still shows {count} entry.",
                                             "The damaged file still shows {count} entries.", 3).format(count=3))
    assert told(pickle.loads(pickle.dumps(said)), SPANISH) == spanish  # kept as it was
    assert told("a clinic's own words", SPANISH) == "a clinic's own words"


def test_every_error_message_id_of_the_catalog_formats_with_its_own_placeholders():
    """A Spanish translation that drops or renames a placeholder would fall back to English silently:
    test_catalogs proves the placeholders match; here each error is told without falling back."""
    cases = [raised(Temperature, 99, "C"), raised(Temperature, 37, "K"),
             StorageError(N_("{file} could not be saved in the app's folder: {why}."), file="r.pdf",
                          why=Message(N_("the disk is full")))]
    for error in cases:
        assert error.told(SPANISH) != str(error), error.template


def test_a_repair_notice_of_the_store_reaches_a_spanish_reader_in_spanish(tmp_path):
    """What the screen's repair card shows (shell: told(notice, its translator)): every sentence in Spanish."""
    from companion.adapters.store import Store

    Store(tmp_path).save_profile({"id": "p1", "name": "Ana"})
    for backup in tmp_path.rglob("*.bak*"):
        backup.unlink()
    (tmp_path / "companion.json").write_text("{not json", encoding="utf-8")
    [notice] = Store(tmp_path).notices
    assert "could not be read" in notice and "starts empty" in notice
    kept_as = next(p.name for p in tmp_path.iterdir() if p.name.startswith("companion.json.unreadable-"))
    spanish = told(notice, SPANISH)
    assert kept_as in spanish and "could not be read" not in spanish and "starts empty" not in spanish
    assert spanish.startswith(SPANISH.gettext("Your {label} could not be read. It was kept as {file}.").format(
        label=SPANISH.gettext("main data file (profiles, plans and settings)"), file=kept_as))
