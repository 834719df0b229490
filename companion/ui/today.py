"""Today (being built)."""

import flet as ft


class TodayView:
    name = "today"
    label = "Today"
    icon = ft.Icons.TODAY

    def __init__(self, shell):
        self.shell = shell

    def build(self, wide: bool) -> ft.Control:
        return ft.Container(ft.Text("Today"), padding=16, expand=True)
