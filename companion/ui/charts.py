"""Diary charts: temperature with the clinic's fever line, chosen symptoms' severity, infusion days marked."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime, timedelta

import flet as ft
import flet_charts as fch

from companion.core.diary import SEVERITY_WORDS, Entry, fahrenheit
from companion.core.i18n import ENGLISH, Translator, day_month, day_time
from companion.core.triage import Symptom, in_unit
from companion.core.trends import series, temperature_series
from companion.ui import palette
from companion.ui.layout import heading, muted
from companion.ui.theme import pick

WINDOW = timedelta(days=63)  # three 21-day cycles (label sec. 2.1) back from the latest entry
# Room for the axes' labels, enough for the system text size at 200 % (Python cannot read the text scale).
DATE_ROOM, DEGREE_ROOM, LEVEL_ROOM = 34, 58, 40


def _colors() -> tuple[str, str, tuple[str, ...]]:
    """The fever line's, the infusion days' and the series' colours in the theme on show (ui/palette.py)."""
    return (pick(palette.FEVER_LINE).fg, pick(palette.INFUSION_LINE).fg,
            tuple(pick(tone).fg for tone in palette.SERIES_LINES))


def _axis_text(text: str) -> ft.Text:
    return ft.Text(text, theme_style=ft.TextThemeStyle.LABEL_SMALL)


class TimeAxis:
    """x = wall-clock days since midnight of the first day shown, so each midnight is a whole number."""

    def __init__(self, entries: Sequence[Entry], infusions: Sequence[datetime], zone, labels: int,
                 t: Translator = ENGLISH):
        self.t = t  # words the days: "03 Mar", Spanish "03 mar"
        last = max(e.at for e in entries)
        self.start = min(t for t in [*(e.at for e in entries), *infusions] if last - WINDOW <= t <= last)
        self.zone = zone
        self.origin = self._wall(self.start).replace(hour=0, minute=0, second=0, microsecond=0)
        self.days = max(1, math.ceil(self.x(max(last, self.start))))
        self.step = max(1, math.ceil(self.days / (labels - 1)))

    def _wall(self, at: datetime) -> datetime:
        return at.astimezone(self.zone).replace(tzinfo=None)

    def x(self, at: datetime) -> float:
        return (self._wall(at) - self.origin).total_seconds() / 86400

    def shows(self, at: datetime) -> bool:
        return 0 <= self.x(at) <= self.days

    @property
    def max_x(self) -> float:
        return self.days

    def axis(self) -> fch.ChartAxis:
        labels = [fch.ChartAxisLabel(value=n, label=_axis_text(_day(self.origin + timedelta(days=n), self.t)))
                  for n in range(0, self.days + 1, self.step)]
        return fch.ChartAxis(labels=labels, label_spacing=self.step, label_size=DATE_ROOM, show_max=False)


def _line(points, color, dash=None, width=3.0, dots=True) -> fch.LineChartData:
    return fch.LineChartData(
        points=[fch.LineChartDataPoint(x, y, tooltip=tip, show_tooltip=bool(tip)) for x, y, tip in points],
        color=color, stroke_width=width, dash_pattern=dash, point=dots, curved=False,
        selected_point=None if dots else False, selected_below_line=None if dots else False,
    )


def _infusion_lines(axis: TimeAxis, infusions: Sequence[datetime], low: float, high: float):
    infusion_color = _colors()[1]
    return [_line([(axis.x(at), low, ""), (axis.x(at), high, "")], infusion_color, dash=[4, 4], width=2, dots=False)
            for at in infusions if axis.shows(at)]


def _swatch(color: str, dashed: bool) -> ft.Control:
    if dashed:
        return ft.Row([ft.Container(width=5, height=2, bgcolor=color)] * 3, spacing=2, tight=True)
    return ft.Container(width=19, height=3, bgcolor=color)


def _legend(items: list[tuple[str, str, bool]]) -> ft.Control:
    """[(colour, text, dashed)] as swatches with words, so the chart can be read without colour alone."""
    return ft.Row([ft.Row([_swatch(color, dashed), ft.Text(text, theme_style=ft.TextThemeStyle.BODY_SMALL,
                                                          expand=True, expand_loose=True)],  # wraps at 200 % text
                          spacing=4, tight=True)
                   for color, text, dashed in items], wrap=True, spacing=14, run_spacing=4)


def _chart(axis: TimeAxis, data, min_y, max_y, left: fch.ChartAxis, description: str) -> ft.Control:
    chart = fch.LineChart(
        data_series=data, min_x=0, max_x=axis.max_x, min_y=min_y, max_y=max_y,
        left_axis=left, bottom_axis=axis.axis(),
        horizontal_grid_lines=fch.ChartGridLines(color=ft.Colors.OUTLINE_VARIANT, width=1),
        border=ft.Border.all(1, ft.Colors.OUTLINE_VARIANT), height=220,
    )
    return ft.Semantics(content=chart, label=description)


def temperature_chart(entries: Sequence[Entry], unit: str, fever_c: float, infusions: Sequence[datetime],
                      zone, wide: bool, t: Translator = ENGLISH) -> ft.Control:
    """`t` words it in the patient's language."""
    tr = t.gettext
    readings = temperature_series(entries)
    if not readings:
        return muted(tr("No temperatures recorded yet."), 14)
    axis = TimeAxis(entries, infusions, zone, 7 if wide else 5, t)
    to_unit = (lambda c: c) if unit == "C" else fahrenheit
    points = [(axis.x(at), round(to_unit(c), 1), f"{to_unit(c):.1f} °{unit}\n{day_time(at.astimezone(zone), t)}")
              for at, c in readings if axis.shows(at)]
    fever = to_unit(fever_c)
    fever_color, infusion_color, series_colors = _colors()
    values = [y for _, y, _ in points] + [fever]
    low, high = (35.0, 40.0) if unit == "C" else (95.0, 104.0)
    step = 1 if unit == "C" else 2  # whole degrees; labels sit where the chart samples its axis
    low = math.floor(min(low, min(values) - 0.5) / step) * step
    high = math.ceil(max(high, max(values) + 0.5) / step) * step
    data = [_line([(0, fever, ""), (axis.max_x, fever, "")], fever_color, dash=[8, 4], width=2, dots=False),
            *_infusion_lines(axis, infusions, low, high), _line(points, series_colors[0])]
    left = fch.ChartAxis(labels=[fch.ChartAxisLabel(value=v, label=_axis_text(f"{v}°"))
                                 for v in range(low + step, high + 1, step)], label_spacing=step, label_size=DEGREE_ROOM)
    fever_line = in_unit(fever_c, unit)
    if points:
        description = t.ngettext("Temperature chart, {count} reading, highest {highest}; fever line {fever}",
                                 "Temperature chart, {count} readings, highest {highest}; fever line {fever}",
                                 len(points))
    else:
        description = tr("Temperature chart, {count} readings; fever line {fever}")
    highest = f"{max(y for _, y, _ in points):g} °{unit}" if points else ""
    description = description.format(count=len(points), highest=highest, fever=fever_line)
    return ft.Column([
        heading(tr("Temperature (°{unit})").format(unit=unit)),
        _chart(axis, data, low, high, left, description),
        _legend([(series_colors[0], tr("Your temperature"), False),
                 (fever_color, tr("Call at {fever} or higher").format(fever=fever_line), True),
                 (infusion_color, tr("Infusion day"), True)]),
    ], spacing=6)


def symptom_chart(entries: Sequence[Entry], chosen: Sequence[Symptom], infusions: Sequence[datetime],
                  zone, wide: bool, t: Translator = ENGLISH) -> ft.Control:
    """`t` words it in the patient's language."""
    tr = t.gettext
    if not entries or not chosen:
        return muted(tr("No diary entries yet."), 14)
    axis = TimeAxis(entries, infusions, zone, 7 if wide else 5, t)
    data = _infusion_lines(axis, infusions, 0, 4)
    _, infusion_color, series_colors = _colors()
    colors = series_colors[1:] + series_colors[:1]
    for symptom, color in zip(chosen, colors):
        data.append(_line([(axis.x(at), level, f"{tr(symptom.label)}: {tr(SEVERITY_WORDS[level])}")
                           for at, level in series(entries, symptom.id) if axis.shows(at)], color))
    # 0-4 on the axis and the words in a key that wraps: the words themselves crowd the axis at large text sizes
    left = fch.ChartAxis(labels=[fch.ChartAxisLabel(value=i, label=_axis_text(str(i)))
                                 for i in range(len(SEVERITY_WORDS))], label_size=LEVEL_ROOM)
    key = " · ".join(f"{i} {tr(word)}" for i, word in enumerate(SEVERITY_WORDS))
    names = ", ".join(tr(s.label) for s in chosen)
    return ft.Column([
        heading(tr("Symptoms (none to very severe)")),
        ft.Text(key, theme_style=ft.TextThemeStyle.BODY_SMALL),
        _chart(axis, data, -0.2, 4.2, left, tr("Severity chart for {names}").format(names=names)),
        _legend([(color, tr(s.label), False) for s, color in zip(chosen, colors)]
                + [(infusion_color, tr("Infusion day"), True)]),
    ], spacing=6)


def _day(moment: datetime, t: Translator = ENGLISH) -> str:
    return day_month(moment.date(), t)
