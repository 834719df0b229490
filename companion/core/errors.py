"""Errors the user can fix. Their message is one plain line, shown as is."""


class InputError(ValueError):
    """Bad input from a person or a file: the CLI exits 2 and prints the message."""


class StorageError(Exception):
    """The device could not keep or read the user's data; the message says what to do."""
