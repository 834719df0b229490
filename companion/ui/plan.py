"""Plan (being built)."""

import flet as ft


class PlanView:
    name = "plan"
    label = "Plan"
    icon = ft.Icons.EVENT

    def __init__(self, shell):
        self.shell = shell

    def build(self, wide: bool) -> ft.Control:
        return ft.Container(ft.Text("Plan"), padding=16, expand=True)
