"""How this device shows the app: light, dark or the system's appearance, and larger text.

A device setting, like "Hide details in notifications": kept in the data folder's app-wide documents (not
with a patient, not in a backup), read at start and changed in More > Display.
"""

from __future__ import annotations

from dataclasses import dataclass

from companion.core.errors import InputError
from companion.core.i18n import N_

DISPLAY_DOC = "display"  # this device's: {"version": 1, "appearance": "system"|"light"|"dark", "larger_text": bool}
APPEARANCES = ("system", "light", "dark")
LARGER_TEXT_SCALE = 1.3  # "Larger text": every text style of the theme, on top of the system's own text size


@dataclass(frozen=True)
class Display:
    appearance: str = "system"  # "system" follows the device's light or dark mode
    larger_text: bool = False

    @property
    def text_scale(self) -> float:
        return LARGER_TEXT_SCALE if self.larger_text else 1.0


def display(store) -> Display:
    """The saved setting; the default (the system's appearance, normal text) when none is saved, there is no
    data folder, or the saved one holds a value this version does not know."""
    doc = (store.get_app(DISPLAY_DOC) if store is not None else None) or {}
    appearance = doc.get("appearance")
    return Display(appearance=appearance if appearance in APPEARANCES else "system",
                   larger_text=doc.get("larger_text") is True)


def set_display(store, appearance: str | None = None, larger_text: bool | None = None) -> Display:
    """Changes what is given (the rest stays) and returns the new setting."""
    current = display(store)
    if appearance is not None and appearance not in APPEARANCES:
        raise InputError(N_("Appearance must be one of {known}, not {value}."), known=", ".join(APPEARANCES),
                         value=repr(appearance))
    new = Display(appearance=current.appearance if appearance is None else appearance,
                  larger_text=current.larger_text if larger_text is None else bool(larger_text))
    store.put_app(DISPLAY_DOC, {"version": 1, "appearance": new.appearance, "larger_text": new.larger_text})
    return new
