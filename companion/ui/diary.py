"""Diary: record temperature and symptoms quickly, see the advice, look back in a list and in charts.

Phone: the list (or the charts) with a "New entry" button; the entry form fills the screen.
Tablet: the list on the left; charts, or the entry form, on the right.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import flet as ft

from companion.core.diary import NOTE_MAX_CHARS, SEVERITY_WORDS, Entry
from companion.core.diary_form import ALWAYS_OPEN, Group, checklist, open_groups, parse_temperature
from companion.core.errors import InputError
from companion.core.i18n import ENGLISH, N_, Translator, date_time
from companion.core.trends import NEUROPATHY, Trend, neuropathy_trend
from companion.core.triage import Advice, triage
from companion.services.records import new_id
from companion.ui import palette
from companion.ui.advice import level_badge, show_advice
from companion.ui.charts import symptom_chart, temperature_chart
from companion.ui.layout import icon_button, muted, saves, scroll_column, two_panes
from companion.ui.theme import pick
from companion.ui.widgets import labelled


PAGE = 20  # diary cards built at once; older ones on request


def when(at: datetime, t: Translator = ENGLISH) -> str:
    """'Mon 02 Nov, 19:00' in the patient's language (Spanish 'lun 02 nov, 19:00')."""
    return date_time(at, t)


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


class DiaryView:
    name = "diary"
    label = N_("Diary")
    icon = ft.Icons.EDIT_NOTE

    def __init__(self, shell):
        self.shell = shell
        self.section = "entries"  # phone only: "entries" or "charts"
        self.chart_ids: list[str] = [NEUROPATHY]
        self.shown = PAGE
        self._close_form()

    def on_profile_change(self) -> None:
        self.chart_ids = [NEUROPATHY]
        self.shown = PAGE
        self._close_form()

    # -- state helpers -------------------------------------------------------------------------------
    @property
    def record(self):
        return self.shell.record

    @property
    def rules(self):
        return self.shell.services.rules

    def _zone(self) -> ZoneInfo:
        plan = self.record.plan()
        return plan.zone if plan else ZoneInfo(self.shell.services.zone_name())

    def _unit(self) -> str:
        return self.record.temperature_unit(self.shell.services.clinic.temperature_unit)

    def _t(self):
        """The translator of the patient's language (gettext, ngettext)."""
        return self.shell.services.translator(self.shell.language)

    def _advice(self, entry: Entry) -> Advice:
        return triage(entry, self.rules, self.shell.services.clinic.fever_threshold_c, self._t())

    def _close_form(self) -> None:
        self.form_open = False
        self.editing: Entry | None = None
        self.severity: dict[str, int] = {}
        self.choosers: dict[str, list[ft.SegmentedButton]] = {}  # each symptom's severity rows on the form
        self.opened: set[str] = set()  # the checklist groups unfolded in the form
        self.group_tiles: dict[str, ft.ExpansionTile] = {}

    # -- building ------------------------------------------------------------------------------------
    def build(self, wide: bool) -> ft.Control:
        entries = self.record.entries()
        if wide:
            detail = self._form(wide) if self.form_open else scroll_column(self._charts(entries, wide))
            return two_panes(self._list(entries), detail, master_width=400)
        if self.form_open:
            return self._form(wide)
        tr = self.shell.tr
        switch = ft.SegmentedButton(
            segments=[ft.Segment(value="entries", label=ft.Text(tr("Entries"))),  # no icons: the words need the
                      ft.Segment(value="charts", label=ft.Text(tr("Charts")))],  # room at 200 % text
            selected=[self.section], on_change=self._on_section, expand=True, show_selected_icon=False,
        )
        if self.section == "charts":
            return scroll_column([ft.Row([switch]), *self._charts(entries, wide)])
        return self._list(entries, switch)

    def _list(self, entries: list[Entry], switch: ft.Control | None = None) -> ft.Control:
        tr = self.shell.tr
        new = ft.FilledButton(tr("New entry"), icon=ft.Icons.ADD, on_click=lambda e: self._open_form(None), height=48,
                              expand=True)
        top = [ft.Row([new])] + ([ft.Row([switch])] if switch else [])
        newest = entries[::-1][:self.shown]
        cards = [self._card(e) for e in newest] or [
            muted(tr("No entries yet. Tap \"New entry\" to record your temperature and how you feel."), 14)]
        older = len(entries) - len(newest)
        if older:  # years of daily entries: build the cards a page at a time
            cards.append(ft.OutlinedButton(tr("Show older entries ({count} more)").format(count=older),
                                           icon=ft.Icons.EXPAND_MORE,
                                           on_click=self._show_more))
        return scroll_column(top + cards, spacing=10)

    def _card(self, entry: Entry) -> ft.Control:
        tr = self.shell.tr
        lines = [ft.Row([ft.Text(when(entry.at, self.shell.t), weight=ft.FontWeight.W_600),
                         level_badge(self._advice(entry).level, tr)], spacing=8, run_spacing=4, wrap=True)]
        if entry.temperature:
            lines.append(ft.Row([ft.Icon(ft.Icons.THERMOSTAT, size=18, semantics_label=tr("Temperature")),
                                 ft.Text(str(entry.temperature))], spacing=4))
        lines.append(ft.Text(self._symptoms_text(entry), size=14))
        if entry.note:
            lines.append(muted(entry.note, 13))
        words = tr("Delete the entry of {when}").format(when=when(entry.at, self.shell.t))
        delete = icon_button(ft.Icons.DELETE_OUTLINE, words, lambda e, en=entry: self._delete(en))
        selected = self.editing is not None and self.editing.id == entry.id
        body = ft.Container(ft.Column(lines, spacing=4), expand=True, ink=True, border_radius=8, padding=4,
                            on_click=lambda e, en=entry: self._open_form(en))
        return ft.Container(
            ft.Row([body, delete], vertical_alignment=ft.CrossAxisAlignment.START, spacing=0),
            padding=ft.Padding.only(left=8, top=6, bottom=6, right=0), border_radius=12,
            bgcolor=ft.Colors.SECONDARY_CONTAINER if selected else ft.Colors.SURFACE_CONTAINER_LOW,
            border=ft.Border.all(1, ft.Colors.OUTLINE_VARIANT),
        )

    def _form(self, wide: bool) -> ft.Control:
        tr = self.shell.tr
        entry = self.editing
        unit = entry.temperature.unit if entry and entry.temperature else self._unit()
        self.temperature = ft.TextField(
            label=tr("Temperature"), value=f"{entry.temperature.value:g}" if entry and entry.temperature else "",
            suffix=f"°{unit}", keyboard_type=ft.KeyboardType.NUMBER, expand=True, error_max_lines=3,
            hint_text="38.4" if unit == "C" else "101.1", on_submit=self._save, on_change=self._on_temperature,
        )
        self.unit = ft.SegmentedButton(
            segments=[ft.Segment(value=u, label=ft.Text(f"°{u}", semantics_label=name))
                      for u, name in (("C", tr("degrees Celsius")), ("F", tr("degrees Fahrenheit")))],
            selected=[unit], on_change=self._on_unit, show_selected_icon=False,
        )
        self.note = ft.TextField(label=tr("Note (optional)"), value=entry.note if entry else "", multiline=True,
                                 min_lines=2, max_length=NOTE_MAX_CHARS)
        title = tr("Edit the entry of {when}").format(when=when(entry.at, self.shell.t)) if entry else tr("New entry")
        rows: list[ft.Control] = [
            ft.Row([ft.Text(title, theme_style=ft.TextThemeStyle.TITLE_LARGE, expand=True),
                    ft.TextButton(tr("Cancel"), icon=ft.Icons.CLOSE, on_click=self._cancel)]),
            # the field as wide as the pane (its label needs the room at 200 % text); on a phone the units under it
            ft.Row([self.temperature, self.unit], vertical_alignment=ft.CrossAxisAlignment.START) if wide else
            ft.Column([ft.Row([self.temperature]), self.unit], spacing=8),
            muted(tr("Leave it empty if you did not take your temperature. Tick how bad each symptom is; "
                     "leave the rest at None."), 13),
        ]
        self.group_tiles = {g.id: self._group(g, wide) for g in checklist(self.rules.symptoms)}
        rows += list(self.group_tiles.values())
        rows.append(self.note)
        save = ft.FilledButton(tr("Save entry"), icon=ft.Icons.CHECK, on_click=self._save, height=48, expand=True)
        bar = ft.Container(ft.Row([save]), padding=ft.Padding.symmetric(horizontal=16, vertical=8),
                           border=ft.Border.only(top=ft.BorderSide(1, ft.Colors.OUTLINE_VARIANT)))
        return ft.Column([scroll_column(rows, spacing=8), bar], spacing=0, expand=True)

    def _group(self, group: Group, wide: bool) -> ft.Control:
        """A foldable group of the checklist; its header says what is ticked in it while folded."""
        emergency = group.id == ALWAYS_OPEN
        return ft.ExpansionTile(
            title=ft.Text(self.shell.tr(group.title), weight=ft.FontWeight.W_600, size=16,
                          color=pick(palette.EMERGENCY_TEXT).fg if emergency else None),
            subtitle=ft.Text(self._group_summary(group), size=13),
            controls=[self._symptom_row(s, wide) for s in group.symptoms], data=group.id,
            expanded=group.id in self.opened, maintain_state=True, on_change=self._on_group,
            controls_padding=ft.Padding.only(bottom=8), tile_padding=ft.Padding.symmetric(horizontal=4),
            expanded_cross_axis_alignment=ft.CrossAxisAlignment.STRETCH, min_tile_height=56,
            shape=ft.RoundedRectangleBorder(radius=12), collapsed_shape=ft.RoundedRectangleBorder(radius=12),
            bgcolor=ft.Colors.SURFACE_CONTAINER_LOW, collapsed_bgcolor=ft.Colors.SURFACE_CONTAINER_LOW,
        )

    def _symptom_row(self, symptom, wide: bool) -> ft.Control:
        """The symptom's words above its severities: all five in a row the pane's width on a tablet; on a phone
        none to moderate, then severe and very severe (five in a phone's width broke "Moderate" mid-word at 200 %
        text). The rows are one choice: picking in one clears the other."""
        tr = self.shell.tr
        label = tr(symptom.label)
        chosen = str(self.severity.get(symptom.id, 0))
        levels = [range(len(SEVERITY_WORDS))] if wide else [range(3), range(3, len(SEVERITY_WORDS))]
        choosers = [ft.SegmentedButton(
            segments=[ft.Segment(value=str(i), label=ft.Text(
                tr(SEVERITY_WORDS[i]).capitalize(), size=12, text_align=ft.TextAlign.CENTER,
                semantics_label=f"{label}: {tr(SEVERITY_WORDS[i])}")) for i in part],
            selected=[chosen] if int(chosen) in part else [], allow_empty_selection=True, show_selected_icon=False,
            data=symptom.id, on_change=self._on_severity, expand=True,
            style=ft.ButtonStyle(padding=ft.Padding.symmetric(horizontal=2)),  # standard density: 48 px tall on a phone
        ) for part in levels]
        self.choosers[symptom.id] = choosers
        words = ft.Column([ft.Text(label, weight=ft.FontWeight.W_600), muted(tr(symptom.hint))], spacing=0)
        return ft.Container(ft.Column([words, *(ft.Row([c]) for c in choosers)], spacing=4),
                            padding=ft.Padding.symmetric(vertical=6))

    def _symptoms_text(self, entry: Entry) -> str:
        """'Shivering or chills (moderate), nausea or feeling sick (mild)' in the patient's language (as
        core.diary_form.symptoms_text words it in English)."""
        t = self._t()
        phrases = [s.phrase(entry.symptoms[s.id], t) for s in self.rules.symptoms.values() if entry.symptoms.get(s.id)]
        return _capitalized(", ".join(phrases)) if phrases else t.gettext("No symptoms recorded")

    def _group_summary(self, group: Group) -> str:
        """What is ticked in a group, for its folded header (as core.diary_form.group_summary words it)."""
        t = self._t()
        phrases = [s.phrase(self.severity[s.id], t) for s in group.symptoms if self.severity.get(s.id)]
        if phrases:
            return _capitalized(", ".join(phrases))
        count = len(group.symptoms)
        return t.ngettext("{count} symptom, none ticked", "{count} symptoms, none ticked", count).format(count=count)

    def _trend_text(self, trend: Trend, infusions: list) -> str:
        """The numbness/tingling trend in the patient's language (core.trends words it in English)."""
        tr = self.shell.tr
        worse, earlier = tr(SEVERITY_WORDS[trend.worst]), tr(SEVERITY_WORDS[trend.earlier_worst])
        if trend.cycle == len(infusions):
            text = tr("Numbness or tingling is worse this cycle ({worse}) than in cycle {earlier_cycle} "
                      "({earlier}). Tell your care team at your next visit, or sooner if it affects buttons, "
                      "writing or walking.")
        else:
            text = tr("Numbness or tingling is worse in cycle {cycle} ({worse}) than in cycle {earlier_cycle} "
                      "({earlier}). Tell your care team at your next visit, or sooner if it affects buttons, "
                      "writing or walking.")
        return text.format(cycle=trend.cycle, worse=worse, earlier_cycle=trend.earlier_cycle, earlier=earlier)

    def _charts(self, entries: list[Entry], wide: bool) -> list[ft.Control]:
        tr = self.shell.tr
        plan, zone = self.record.plan(), self._zone()
        infusions = [i.at for i in plan.infusions(limit_end=self.shell.services.now())] if plan else []
        controls: list[ft.Control] = []
        trend = neuropathy_trend(entries, infusions) if infusions else None
        if trend:
            attention = pick(palette.ATTENTION)
            controls.append(ft.Container(
                ft.Row([ft.Icon(ft.Icons.TRENDING_UP, color=attention.fg, semantics_label=tr("Getting worse")),
                        ft.Text(self._trend_text(trend, infusions), color=attention.fg, expand=True)], spacing=8),
                bgcolor=attention.bg, border_radius=12, padding=12))
        clinic = self.shell.services.clinic
        controls.append(temperature_chart(entries, self._unit(), clinic.fever_threshold_c, infusions, zone, wide,
                                          t=self._t()))
        recorded = {s for e in entries for s in e.symptoms}
        choices = [s for s in self.rules.symptoms.values() if s.id in recorded or s.id in self.chart_ids]
        # checkboxes whose names wrap (a chip's name stays on one line: cut at 200 % text)
        chips = ft.Column([labelled(ft.Checkbox(value=s.id in self.chart_ids, data=s.id,
                                                on_change=self._on_chart_choice), tr(s.label)) for s in choices],
                          spacing=0)
        chosen = [self.rules.symptoms[i] for i in self.chart_ids]
        controls += [symptom_chart(entries, chosen, infusions, zone, wide, t=self._t()),
                     muted(tr("Show on the chart:"), 13), chips]
        if not plan:
            controls.append(muted(tr("Add your treatment plan to see infusion days on the charts."), 13))
        return controls

    # -- gestures ------------------------------------------------------------------------------------
    def _show_more(self, e) -> None:
        self.shown += PAGE
        self.shell.render()

    def _on_section(self, e) -> None:
        self.section = e.control.selected[0]
        self.shell.render()

    def _open_form(self, entry: Entry | None) -> None:
        self.form_open, self.editing = True, entry
        self.severity = dict(entry.symptoms) if entry else {}
        entries = self.record.entries()
        self.opened = open_groups(self.rules.symptoms, entries[-1] if entries else None, entry)
        self.shell.render()

    def _on_group(self, e) -> None:
        opened = str(e.data).lower() == "true"
        (self.opened.add if opened else self.opened.discard)(e.control.data)

    def _cancel(self, e) -> None:
        self._close_form()
        self.shell.render()

    @saves
    def _on_unit(self, e) -> None:
        unit = e.control.selected[0]
        self.record.save_temperature_unit(unit)
        self.temperature.suffix = f"°{unit}"
        self.temperature.hint_text = "38.4" if unit == "C" else "101.1"
        self.temperature.error = None
        self.temperature.update()

    def _on_temperature(self, e) -> None:
        if self.temperature.error:
            self.temperature.error = None
            self.temperature.update()

    def _on_severity(self, e) -> None:
        symptom = self.rules.symptoms[e.control.data]
        if not e.control.selected:  # the chosen severity tapped again: it stays chosen
            e.control.selected = [str(self.severity.get(symptom.id, 0))]
            e.control.update()
            return
        self.severity[symptom.id] = int(e.control.selected[0])
        for other in self.choosers.get(symptom.id, []):
            if other is not e.control and other.selected:
                other.selected = []
                other.update()
        tile = self.group_tiles[symptom.group]
        tile.subtitle.value = self._group_summary(next(g for g in checklist(self.rules.symptoms)
                                                       if g.id == symptom.group))
        tile.update()

    def _on_chart_choice(self, e) -> None:
        symptom_id = e.control.data
        if symptom_id in self.chart_ids and len(self.chart_ids) > 1:
            self.chart_ids.remove(symptom_id)
        elif symptom_id not in self.chart_ids:
            self.chart_ids = (self.chart_ids + [symptom_id])[-4:]
        self.shell.render()

    @saves
    async def _save(self, e) -> None:
        unit = self.unit.selected[0]
        try:
            temperature = parse_temperature(self.temperature.value, unit)
        except InputError as error:
            self.temperature.error = error.told_reason(self.shell.t)
            self.temperature.update()
            return
        old = self.editing
        at = old.at if old else self.shell.services.now().astimezone(self._zone())
        try:
            entry = Entry(id=old.id if old else new_id(), at=at, temperature=temperature,
                          symptoms=dict(self.severity), note=(self.note.value or "").strip())
        except InputError as error:
            self.shell.toast(error.told(self.shell.t))
            return
        self.record.save_entry(entry)
        if not await self.shell.flushed():  # kept on the device before the app answers
            return
        self._close_form()
        self.section = "entries"
        self.shell.render()
        show_advice(self.shell, self._advice(entry))

    @saves
    def _delete(self, entry: Entry) -> None:
        removed = self.record.delete_entry(entry.id)
        if self.editing and self.editing.id == entry.id:
            self._close_form()
        self.shell.render()
        if removed is None:
            return
        tr = self.shell.tr
        self.shell.page.show_dialog(ft.SnackBar(
            ft.Text(tr("Deleted the entry of {when}").format(when=when(removed.at, self.shell.t))), action=tr("Undo"),
            on_action=lambda e: self._restore(removed), duration=ft.Duration(seconds=8)))

    @saves
    def _restore(self, entry: Entry) -> None:
        self.record.save_entry(entry)
        self.shell.render()
        self.shell.toast(self.shell.tr("Restored the entry of {when}").format(when=when(entry.at, self.shell.t)))
