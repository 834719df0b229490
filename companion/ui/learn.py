"""Learn: the bundled drug information, searchable, each statement with its source."""

from __future__ import annotations

import flet as ft

from companion.core.content import Section, search
from companion.core.i18n import N_
from companion.ui.layout import muted, two_panes


class LearnView:
    name = "learn"
    label = N_("Learn")
    icon = ft.Icons.MENU_BOOK_OUTLINED

    def __init__(self, shell):
        self.shell = shell
        self.sections: list[Section] = shell.services.content_in(shell.language)  # again at each build
        self.selected: str | None = None
        self.highlight: tuple[int, ...] = ()
        self.query = ft.TextField(
            label=shell.tr("Search the drug information"),
            prefix_icon=ft.Icons.SEARCH,
            on_change=self._on_query,
            dense=True,
            expand=True,
        )
        self.results = ft.Column(spacing=0, scroll=ft.ScrollMode.AUTO, expand=True)

    # -- building ------------------------------------------------------------------------------------
    def build(self, wide: bool) -> ft.Control:
        # the drug text in the patient's language (the same section ids in every language), so a change of
        # language or of patient shows at the next drawing
        self.sections = self.shell.services.content_in(self.shell.language)
        if self.selected and not any(s.id == self.selected for s in self.sections):
            self.selected, self.highlight = None, ()
        self.query.label = self.shell.tr("Search the drug information")
        self._fill_results()
        master = ft.Container(
            ft.Column([ft.Container(self.query, padding=ft.Padding.only(left=16, right=16, top=12)),
                       self.results], expand=True),
            expand=True,
        )
        if wide:
            selected = self.selected or self.sections[0].id
            return two_panes(master, self._detail(selected, back=False))
        if self.selected:
            return self._detail(self.selected, back=True)
        return master

    def _fill_results(self) -> None:
        text = (self.query.value or "").strip()
        if text:
            hits = search(self.sections, text)
            rows = [self._tile(h.section, h.items) for h in hits] or [
                ft.Container(muted(self.shell.tr('Nothing found for "{text}". Try another word.').format(text=text), 14),
                             padding=16)]
        else:
            rows = [self._tile(s, ()) for s in self.sections]
        clinic_notes = self.shell.services.clinic.notes
        if clinic_notes and not text:
            rows.insert(0, self._clinic_notes_card(clinic_notes))
        self.results.controls = rows

    def _tile(self, section: Section, items: tuple[int, ...]) -> ft.Control:
        subtitle = section.items[items[0]].text if items else section.summary
        return ft.ListTile(
            title=ft.Text(section.title, weight=ft.FontWeight.W_600),
            subtitle=ft.Text(subtitle, max_lines=2, overflow=ft.TextOverflow.ELLIPSIS),
            selected=section.id == self.selected,
            on_click=lambda e, sid=section.id, it=items: self._open(sid, it),
        )

    def _clinic_notes_card(self, notes) -> ft.Control:
        clinic = self.shell.services.clinic
        return ft.Container(
            ft.Column([ft.Text(self.shell.tr("From {clinic}").format(clinic=clinic.name), weight=ft.FontWeight.W_600)]
                      + [ft.Text(n) for n in notes], spacing=4),
            bgcolor=ft.Colors.SECONDARY_CONTAINER, border_radius=12, padding=12,
            margin=ft.Margin.symmetric(horizontal=16, vertical=8),
        )

    def _detail(self, section_id: str, back: bool) -> ft.Control:
        tr = self.shell.tr
        section = next(s for s in self.sections if s.id == section_id)
        header: list[ft.Control] = []
        if back:
            header.append(ft.TextButton(tr("Back to all topics"), icon=ft.Icons.ARROW_BACK, on_click=self._back))
        header += [ft.Text(section.title, theme_style=ft.TextThemeStyle.HEADLINE_SMALL),
                   ft.Text(section.summary, italic=True)]
        items = []
        for i, item in enumerate(section.items):
            citation = "; ".join(s.citation for s in item.sources)
            items.append(ft.Container(
                ft.Column([ft.Text(item.text, size=16), muted(tr("Source: {citation}").format(citation=citation))],
                          spacing=2),
                bgcolor=ft.Colors.PRIMARY_CONTAINER if i in self.highlight else None,
                border_radius=8, padding=ft.Padding.symmetric(horizontal=8, vertical=6),
                key=ft.ScrollKey(f"{section.id}-{i}"),
            ))
        column = ft.Column(header + items, scroll=ft.ScrollMode.AUTO, spacing=12, expand=True)
        if self.highlight:  # opened from a search: bring the first matching statement into view
            first = f"{section.id}-{self.highlight[0]}"
            self.shell.page.run_task(column.scroll_to, scroll_key=first, duration=300)
        return ft.Container(column, padding=16, expand=True)

    # -- gestures ------------------------------------------------------------------------------------
    def _on_query(self, e) -> None:
        self._fill_results()
        self.results.update()

    def _open(self, section_id: str, items: tuple[int, ...]) -> None:
        self.selected, self.highlight = section_id, items
        self.shell.render()

    def _back(self, e) -> None:
        self.selected, self.highlight = None, ()
        self.shell.render()
