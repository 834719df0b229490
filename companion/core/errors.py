"""Errors the user can fix. Their message is one plain line, shown as is."""

from __future__ import annotations


class InputError(ValueError):
    """Bad input from a person or a file: the CLI exits 2 and prints str(error).

    `field` is the input's own name for the value at fault ("temperature.value", "first_infusion",
    "capecitabine_times[1]", "delays[0].to"), None when the problem is not one value's (a whole file,
    a missing key, a clash between patients). `reason` is what is wrong with it. With a field,
    str(error) is "field: reason", one line for the command line; a form that already shows the field
    under its own label shows `reason` (or maps `field` to that label): it never reads the text back.
    A clinic configuration's problems carry a path each (core.clinic.ClinicError.problems).
    """

    def __init__(self, reason: str, field: str | None = None):
        self.reason = reason
        self.field = field
        super().__init__(f"{field}: {reason}" if field else reason)


class StorageError(Exception):
    """The device could not keep or read the user's data; the message says what to do."""
