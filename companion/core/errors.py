"""Errors the user can fix. Their message is one plain line, in the reader's language.

A message is written once, in English, as a catalog message id marked with N_ at the raise site, with
{name} placeholders filled from keyword arguments:

    raise InputError(N_("keep it under {limit} characters"), "name", limit=40)

str(error) and error.reason are the English text (logs, tests, the English command line); a screen or a
command that speaks the reader's language shows error.told(t) (or error.told_reason(t)), which
translates the message id first and then fills the placeholders, so numbers never pass through a
translator. A parameter that is itself an error is told in the same language.
"""

from __future__ import annotations

from typing import Any, Protocol


class _Gettext(Protocol):  # core.i18n.Translator; named here so that i18n may import this module
    def gettext(self, message: str) -> str: ...


class _Told:
    """A message id with its placeholders, told in English or in a translator's language."""

    template: str
    params: dict[str, Any]

    def _tell(self, t: _Gettext | None) -> str:
        if t is None and not self.params:
            return self.template
        params = {k: (v.told(t) if t is not None and isinstance(v, _Told) else v) for k, v in self.params.items()}
        text = t.gettext(self.template) if t is not None else self.template
        try:
            return text.format(**params) if params else text
        except (KeyError, IndexError, ValueError):  # a translation with a broken placeholder: say it in English
            return self.template.format(**params)

    def told(self, t: _Gettext) -> str:
        return self._tell(t)


class InputError(_Told, ValueError):
    """Bad input from a person or a file: the CLI exits 2 and prints the message.

    `field` is the input's own name for the value at fault ("temperature.value", "first_infusion",
    "capecitabine_times[1]", "delays[0].to"), None when the problem is not one value's (a whole file,
    a missing key, a clash between patients). `reason` is what is wrong with it. With a field,
    str(error) is "field: reason", one line for the command line; a form that already shows the field
    under its own label shows `told_reason(t)` (or maps `field` to that label): it never reads the text
    back. A clinic configuration's problems carry a path each (core.clinic.ClinicError.problems).
    """

    def __init__(self, reason: str, field: str | None = None, **params: Any):
        self.template = reason
        self.params = params
        self.field = field
        self.reason = self._tell(None)
        super().__init__(f"{field}: {self.reason}" if field else self.reason)

    def told_reason(self, t: _Gettext) -> str:
        """The reason alone, in t's language (for a form that shows the field's own label)."""
        return self._tell(t)

    def told(self, t: _Gettext) -> str:
        """The whole one-line message in t's language: "field: reason" keeps the field as the input names it."""
        reason = self._tell(t)
        return f"{self.field}: {reason}" if self.field else reason


class StorageError(_Told, Exception):
    """The device could not keep or read the user's data; the message says what to do (same telling as
    InputError: an N_-marked English message id with {name} placeholders)."""

    def __init__(self, message: str = "", **params: Any):
        self.template = message
        self.params = params
        super().__init__(self._tell(None))
