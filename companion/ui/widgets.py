"""Checkboxes, radio buttons and switches whose label wraps.

Flet 1.0.5 lays a Checkbox's, Radio's or Switch's own `label` out on one line that never wraps: at 200 % text
a long label runs past the screen's edge and is clipped. `labelled(control, words)` is the control without a
label beside a Text that wraps; a tap on the words works as a tap on the control (the row is at least 48 px
tall), and MergeSemantics makes the pair one node for screen readers: a checkbox, radio button or switch named
by its words, as the control's own label was.
"""

from __future__ import annotations

import inspect

import flet as ft

MIN_TAP = 48  # px, Material's and WCAG 2.5.5's smallest tap target


def labelled(control: ft.Checkbox | ft.Radio | ft.Switch, words: str | ft.Text) -> ft.Control:
    """`control` (its own label left empty) with `words` beside it, wrapping; tapping the words toggles a
    checkbox or switch, or picks a radio button in its RadioGroup, and calls the on_change handler a tap on the
    control calls (a checkbox's or switch's own; the group's for a radio)."""
    text = words if isinstance(words, ft.Text) else ft.Text(words)
    text.expand = True

    async def tap(e) -> None:
        if control.disabled:
            return
        if isinstance(control, ft.Radio):
            group = _group_of(control)
            if group is None or group.disabled or group.value == control.value:
                return
            group.value = control.value
            group.update()
            await _fire(group.on_change, group)
        else:
            control.value = not control.value
            control.update()
            await _fire(control.on_change, control)

    row = ft.Row([ft.Container(width=0, height=MIN_TAP), control, text], spacing=4,
                 vertical_alignment=ft.CrossAxisAlignment.CENTER)
    return ft.MergeSemantics(ft.Container(row, on_click=tap, border_radius=8, padding=ft.Padding.only(right=4)))


def words_of(choice: ft.Control) -> ft.Text:
    """The Text of a control made by `labelled` (to word it again in another language)."""
    return choice.content.content.controls[2]


def _group_of(radio: ft.Radio) -> ft.RadioGroup | None:
    node = radio.parent
    while node is not None and not isinstance(node, ft.RadioGroup):
        node = node.parent
    return node


async def _fire(handler, control: ft.Control) -> None:
    """Calls an on_change handler as Flet would after a change on the control itself."""
    if handler is None:
        return
    if len(inspect.signature(handler).parameters) == 0:
        result = handler()
    else:
        result = handler(ft.Event("change", control=control, data=str(control.value)))
    if inspect.isawaitable(result):
        await result


def full_width(field: ft.TextField) -> ft.Row:
    """`field` as wide as its pane, fixed width dropped: a label at 200 % text needs the room (in a Column a
    TextField keeps a width of its own, and a fixed one clips the label or runs it into the value)."""
    field.width, field.expand = None, True
    return ft.Row([field])
