"""More (being built)."""

import flet as ft


class MoreView:
    name = "more"
    label = "More"
    icon = ft.Icons.MORE_HORIZ

    def __init__(self, shell):
        self.shell = shell

    def build(self, wide: bool) -> ft.Control:
        return ft.Container(ft.Text("More"), padding=16, expand=True)
