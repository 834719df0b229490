"""Errors the user can fix. Their message is one plain line, in the reader's language.

A message is written once, in English, as a catalog message id marked with N_ at the raise site, with
{name} placeholders filled from keyword arguments:

    raise InputError(N_("keep it under {limit} characters"), "name", limit=40)

str(error) and error.reason are the English text (logs, tests, the English command line); a screen or a
command that speaks the reader's language shows error.told(t) (or error.told_reason(t)), which
translates the message id first and then fills the placeholders, so numbers never pass through a
translator. A parameter that is itself an error, a `Message` (a few words such as "the device is full")
or `Sentences` is told in the same language.

A notice that is not an error (the store's repair notices) is a `Message`: a str holding the English
text, so logs and tests read it as before, that a screen tells in the patient's language with
`told(message, t)`.
"""

from __future__ import annotations

from typing import Any, Protocol


FIELD_REASON = "{field}: {reason}"  # in the catalog (the plan form's N_); i18n imports this module, not back


class _Gettext(Protocol):  # core.i18n.Translator; named here so that i18n may import this module
    def gettext(self, message: str) -> str: ...


class _Told:
    """A message id with its placeholders, told in English or in a translator's language."""

    template: str
    params: dict[str, Any]

    def _translated(self, t: _Gettext) -> str:
        return t.gettext(self.template)

    def _tell(self, t: _Gettext | None) -> str:
        if t is None and not self.params:
            return self.template
        params = {k: (v.told(t) if t is not None and isinstance(v, (_Told, Sentences)) else v)
                  for k, v in self.params.items()}
        text = self._translated(t) if t is not None else self.template
        try:
            return text.format(**params) if params else text
        except (KeyError, IndexError, ValueError):  # a translation with a broken placeholder: say it in English
            return self.template.format(**params)

    def told(self, t: _Gettext) -> str:
        return self._tell(t)

    def as_message(self) -> "Message":
        """The same message as a Message (a str), to keep in a notice or pass as another's parameter."""
        return Message(self.template, **self.params)


class InputError(_Told, ValueError):
    """Bad input from a person or a file: the CLI exits 2 and prints the message.

    `field` is the input's own name for the value at fault ("temperature.value", "first_infusion",
    "capecitabine_times[1]", "delays[0].to"), None when the problem is not one value's (a whole file,
    a missing key, a clash between patients). `reason` is what is wrong with it. With a field,
    str(error) is "field: reason", one line for the command line; a form that already shows the field
    under its own label shows `told_reason(t)` (or maps `field` to that label): it never reads the text
    back. A clinic configuration's problems carry a path each (core.clinic.ClinicError.problems).
    """

    def __init__(self, reason: str, /, field: str | None = None, **params: Any):  # field: a Message is told too
        self.template = reason
        self.params = params
        self.field = field
        self.reason = self._tell(None)
        super().__init__(f"{field}: {self.reason}" if field else self.reason)

    def as_message(self) -> "Message":
        reason = Message(self.template, **self.params)
        return Message(FIELD_REASON, field=self.field, reason=reason) if self.field else reason

    def told_reason(self, t: _Gettext) -> str:
        """The reason alone, in t's language (for a form that shows the field's own label)."""
        return self._tell(t)

    def told(self, t: _Gettext) -> str:
        """The whole one-line message in t's language: "field: reason" keeps the field as the input names it."""
        reason = self._tell(t)
        return f"{told(self.field, t)}: {reason}" if self.field else reason


class StorageError(_Told, Exception):
    """The device could not keep or read the user's data; the message says what to do (same telling as
    InputError: an N_-marked English message id with {name} placeholders)."""

    def __init__(self, message: str = "", /, **params: Any):
        self.template = message
        self.params = params
        super().__init__(self._tell(None))


class Message(_Told, str):
    """A message id and its placeholders that is not an error: a notice, or a few words another message
    takes as a parameter (N_("the device is full")). It is the English text (a str); told(t) says it in
    t's language."""

    def __new__(cls, template: str, **params: Any) -> "Message":
        self = str.__new__(cls, _english(template, params))
        self.template, self.params = template, params
        return self

    def __reduce__(self):
        return (_message, (self.template, self.params))


class Plural(Message):
    """A message with a singular and a plural form, chosen by `count` in the reader's language. Written
    `Plural.ngettext(N_-less singular, plural, count, **params)` so that `make catalogs` extracts the pair."""

    def __new__(cls, singular: str, plural: str, count: int, **params: Any) -> "Plural":
        self = Message.__new__(cls, singular if count == 1 else plural, count=count, **params)
        self.singular, self.plural = singular, plural
        return self

    @classmethod
    def ngettext(cls, singular: str, plural: str, count: int, **params: Any) -> "Plural":
        return cls(singular, plural, count, **params)

    def _translated(self, t: _Gettext) -> str:
        ngettext = getattr(t, "ngettext", None)
        if ngettext is None:
            return t.gettext(self.template)
        return ngettext(self.singular, self.plural, self.params["count"])

    def __reduce__(self):
        params = {k: v for k, v in self.params.items() if k != "count"}
        return (_plural, (self.singular, self.plural, self.params["count"], params))


class Sentences(str):
    """Whole sentences said one after the other ("Your diary could not be read." "The backup from ... was
    restored."), each its own message; the English text joined with spaces, told(t) tells each."""

    def __new__(cls, *parts: str) -> "Sentences":
        parts = tuple(p for p in parts if p)
        self = str.__new__(cls, " ".join(parts))
        self.parts = parts
        return self

    def __add__(self, other: str) -> "Sentences":  # said += " ..." keeps each sentence told on its own
        if not isinstance(other, str):
            return NotImplemented
        return Sentences(*self.parts, other if isinstance(other, (Message, Sentences)) else other.strip())

    def told(self, t: _Gettext) -> str:
        return " ".join(told(p, t) for p in self.parts)

    def __reduce__(self):
        return (Sentences, self.parts)


class Listed(Sentences):
    """Items joined by ", " ("oncology line, treatment unit, other"), each told in the reader's language:
    Listed(*map(Message, KINDS)) for N_-marked words defined elsewhere."""

    def __new__(cls, *items: str) -> "Listed":
        self = str.__new__(cls, ", ".join(items))
        self.parts = items
        return self

    def told(self, t: _Gettext) -> str:
        return ", ".join(told(p, t) for p in self.parts)

    def __reduce__(self):
        return (Listed, self.parts)

    __add__ = str.__add__


def _english(template: str, params: dict[str, Any]) -> str:
    return template.format(**params) if params else template


def _message(template: str, params: dict[str, Any]) -> Message:
    return Message(template, **params)


def _plural(singular: str, plural: str, count: int, params: dict[str, Any]) -> Plural:
    return Plural(singular, plural, count, **params)


def told(text: object, t: _Gettext) -> str:
    """`text` in t's language if it says how (an error, a Message, Sentences), else as it is (a clinic's
    own words, the system's error text)."""
    return text.told(t) if isinstance(text, (_Told, Sentences)) else str(text)
