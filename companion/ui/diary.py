"""Diary (being built)."""

import flet as ft


class DiaryView:
    name = "diary"
    label = "Diary"
    icon = ft.Icons.EDIT_NOTE

    def __init__(self, shell):
        self.shell = shell

    def build(self, wide: bool) -> ft.Control:
        return ft.Container(ft.Text("Diary"), padding=16, expand=True)
