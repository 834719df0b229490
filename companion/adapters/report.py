"""The clinic report: a PDF (fpdf2, the bundled DejaVu font) and a CSV of the diary.

Every entry is triaged again with the rules and fever threshold given, so the report shows the
advice the app gives today. Entries at "call today" or above are highlighted with a colour and the
level word. Times are shown in the plan's zone (else the zone of `start`).
"""

from __future__ import annotations

import csv
import io
import math
from datetime import datetime, timedelta
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace

from companion.core.diary import SEVERITY_WORDS, Entry
from companion.core.trends import NEUROPATHY, series, temperature_series
from companion.core.triage import Level, triage

FONT_DIR = Path(__file__).resolve().parent / "fonts"  # in the package: the browser build gives assets/ to Flutter only
FONT = "DejaVu"
DISCLAIMER = "Made by Ixempra Companion from the patient's own diary. It is not a medical record."
LEVEL_WORDS = {Level.MONITOR: "Monitor", Level.CALL_TODAY: "CALL TODAY", Level.CALL_NOW: "CALL NOW",
               Level.EMERGENCY: "EMERGENCY"}
HIGHLIGHT = {Level.CALL_TODAY: (255, 236, 170), Level.CALL_NOW: (255, 200, 160), Level.EMERGENCY: (255, 160, 160)}
NOTE_IN_TABLE = 280  # characters; a longer note is printed in full after the table
INK, GRID, FEVER, INFUSION = (40, 40, 40), (200, 200, 200), (200, 30, 30), (30, 90, 200)
_DAY = "%d %b %Y"


class _Pdf(FPDF):
    def footer(self):
        self.set_y(-13)
        self.set_font(FONT, size=7.5)
        self.set_text_color(90, 90, 90)
        self.cell(0, 4, DISCLAIMER, align="L")
        self.cell(0, 4, f"Page {self.page_no()} of {{nb}}", align="R", new_x="LMARGIN", new_y="NEXT")


def pdf_report(*, clinic, profile: dict, plan, entries, rules, fever_threshold_c: float,
               start: datetime, end: datetime, now: datetime) -> bytes:
    """The report of `entries` with start <= at < end (others are left out), as PDF bytes."""
    zone = plan.zone if plan else start.tzinfo
    rows = [(e, triage(e, rules, fever_threshold_c)) for e in _in_range(entries, start, end)]
    infusions = [i for i in plan.infusions(limit_end=end) if i.at >= start] if plan else []

    pdf = _Pdf(format="A4")
    pdf.set_margins(15, 15, 15)
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_font(FONT, "", FONT_DIR / "DejaVuSans.ttf")
    pdf.add_font(FONT, "B", FONT_DIR / "DejaVuSans-Bold.ttf")
    pdf.set_title(f"Diary report: {profile.get('name', '')}")
    pdf.set_creator("Ixempra Companion")
    pdf.add_page()

    last_day = (end - timedelta(microseconds=1)).astimezone(zone)
    _text(pdf, clinic.name, 15, bold=True)
    _text(pdf, f"Symptom diary of {profile.get('name', '')}", 12, bold=True)
    _text(pdf, f"From {start.astimezone(zone):{_DAY}} to {last_day:{_DAY}} (times in {zone}). "
               f"Made on {now.astimezone(zone):{_DAY} %H:%M}.", 9)
    pdf.ln(2)

    _heading(pdf, "Treatment plan")
    if plan is None:
        _text(pdf, "No treatment plan was entered.", 9)
    else:
        cycles = f"{plan.cycles} cycles" if plan.cycles else "no set number of cycles"
        _text(pdf, f"Ixempra (ixabepilone) every {plan.cycle_days} days, {cycles}; first infusion "
                   f"{plan.first_infusion:{_DAY} %H:%M}. With capecitabine: "
                   f"{'yes' if plan.with_capecitabine else 'no'}.", 9)
        days = ", ".join(f"cycle {i.cycle}: {i.at.astimezone(zone):{_DAY}}" for i in infusions)
        _text(pdf, f"Infusions in this period: {days or 'none'}.", 9)

    flagged = sum(advice.level >= Level.CALL_TODAY for _, advice in rows)
    _heading(pdf, "Summary")
    _text(pdf, f"{len(rows)} diary {'entry' if len(rows) == 1 else 'entries'}; {flagged} needed a call to the care team or more "
               f"(highlighted below). Fever line: {fever_threshold_c:.1f} °C.", 9)

    diary = [e for e, _ in rows]
    temps = temperature_series(diary)
    _heading(pdf, "Temperature (°C)")
    low = min([35.0] + [math.floor(t) for _, t in temps])
    high = max([40.0] + [math.ceil(t) for _, t in temps])
    _chart(pdf, temps, (low, high), [(v, f"{v:g}") for v in range(int(low), int(high) + 1)],
           start, end, zone, infusions, fever=fever_threshold_c,
           empty="No temperature was recorded in this period.")
    _heading(pdf, "Numbness or tingling (0 none to 4 very severe)")
    _chart(pdf, series(diary, NEUROPATHY) if diary else [], (0, 4),
           [(v, f"{v} {SEVERITY_WORDS[v]}") for v in range(5)], start, end, zone, infusions,
           empty="No diary entry in this period.")

    _heading(pdf, "Diary")
    _table(pdf, rows, rules, zone)
    long_notes = [(e, advice) for e, advice in rows if len(e.note) > NOTE_IN_TABLE]
    if long_notes:
        _heading(pdf, "Notes in full")
        for e, _ in long_notes:
            _text(pdf, f"{e.at.astimezone(zone):{_DAY} %H:%M}", 8.5, bold=True)
            _text(pdf, e.note, 8.5)
    return bytes(pdf.output())


def csv_report(*, entries, rules, fever_threshold_c: float) -> str:
    """One row per entry: at, temperature_c, temperature_as_recorded, each symptom id (0-4), note, advice_level."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["at", "temperature_c", "temperature_as_recorded", *rules.symptoms, "note", "advice_level"])
    for e in sorted(entries, key=lambda e: e.at):
        t = e.temperature
        writer.writerow([e.at.isoformat(), f"{t.celsius:.1f}" if t else "", str(t) if t else "",
                         *(e.symptoms.get(s, 0) for s in rules.symptoms), _safe_cell(e.note),
                         triage(e, rules, fever_threshold_c).level.id])
    return out.getvalue()


def _safe_cell(text: str) -> str:
    """A note cannot run as a spreadsheet formula (OWASP CSV injection): a leading = + - @ gets a quote."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _in_range(entries, start: datetime, end: datetime) -> list[Entry]:
    return sorted((e for e in entries if start <= e.at < end), key=lambda e: (e.at, e.id))


def _text(pdf: FPDF, text: str, size: float, bold: bool = False) -> None:
    pdf.set_font(FONT, "B" if bold else "", size)
    pdf.set_text_color(*INK)
    pdf.multi_cell(0, size * 0.5, text, align="L", new_x="LMARGIN", new_y="NEXT")


def _heading(pdf: FPDF, text: str) -> None:
    pdf.ln(2)
    _text(pdf, text, 11, bold=True)
    pdf.ln(1)


def _chart(pdf: FPDF, points, y_range, y_ticks, start, end, zone, infusions, *, empty: str,
           fever: float | None = None, height: float = 48) -> None:
    """Axes, grid, a line through the points, the fever line and the infusion days."""
    if pdf.will_page_break(height + 16):
        pdf.add_page()
    legend = "Blue dashed lines: infusion days."
    if fever is not None:
        legend = f"Red dashed line: fever line {fever:.1f} °C. " + legend
    _text(pdf, legend, 7.5)
    left, top = pdf.l_margin + 24, pdf.get_y() + 2
    width = pdf.w - pdf.r_margin - left
    span = max((end - start).total_seconds(), 1.0)
    low, high = y_range

    def x_of(moment: datetime) -> float:
        return left + width * (moment - start).total_seconds() / span

    def y_of(value: float) -> float:
        return top + height * (high - value) / (high - low)

    pdf.set_font(FONT, size=7)
    pdf.set_line_width(0.2)
    for value, label in y_ticks:
        pdf.set_draw_color(*GRID)
        pdf.line(left, y_of(value), left + width, y_of(value))
        pdf.set_text_color(*INK)
        pdf.text(left - 1.5 - pdf.get_string_width(label), y_of(value) + 1, label)
    day = start.astimezone(zone).replace(hour=0, minute=0, second=0, microsecond=0)
    days = max(1, (end - start).days)
    step = max(1, math.ceil(days / 8))
    while day < end:
        if day >= start:
            pdf.set_draw_color(*GRID)
            pdf.line(x_of(day), top + height, x_of(day), top + height + 1.5)
            pdf.text(x_of(day) - 4, top + height + 4.5, f"{day:%d %b}")
        day = (day + timedelta(days=step)).replace(hour=0)
    pdf.set_draw_color(*INK)
    pdf.line(left, top, left, top + height)
    pdf.line(left, top + height, left + width, top + height)

    pdf.set_dash_pattern(dash=1.2, gap=1)
    for infusion in infusions:
        pdf.set_draw_color(*INFUSION)
        pdf.line(x_of(infusion.at), top, x_of(infusion.at), top + height)
        pdf.set_text_color(*INFUSION)
        pdf.text(x_of(infusion.at) + 0.8, top + 2.5, f"infusion C{infusion.cycle}")
    if fever is not None:
        pdf.set_draw_color(*FEVER)
        pdf.line(left, y_of(fever), left + width, y_of(fever))
    pdf.set_dash_pattern()

    if points:
        pdf.set_draw_color(*INK)
        pdf.set_fill_color(*INK)
        pdf.set_line_width(0.35)
        xy = [(x_of(at), y_of(value)) for at, value in points]
        if len(xy) > 1:
            pdf.polyline(xy)
        for x, y in xy:
            pdf.circle(x, y, 0.8, style="F")
    else:
        pdf.set_text_color(110, 110, 110)
        pdf.text(left + 4, top + height / 2, empty)
    pdf.set_line_width(0.2)
    pdf.set_text_color(*INK)
    pdf.set_fill_color(255, 255, 255)
    pdf.set_y(top + height + 8)


def _table(pdf: FPDF, rows, rules, zone) -> None:
    if not rows:
        _text(pdf, "No diary entry in this period.", 9)
        return
    _text(pdf, "Highlighted: " + ", ".join(LEVEL_WORDS[level] for level in HIGHLIGHT)
          + " (the advice the app gives for that entry).", 8)
    pdf.ln(1)
    pdf.set_font(FONT, size=8)
    pdf.set_draw_color(*GRID)
    with pdf.table(col_widths=(25, 26, 57, 46, 26), text_align="LEFT", line_height=3.8, padding=1,
                   headings_style=FontFace(emphasis="BOLD", fill_color=(225, 232, 232))) as table:
        table.row(["Date and time", "Temperature", "Symptoms", "Note", "Advice"])
        for entry, advice in rows:
            t = entry.temperature
            temperature = "" if t is None else (str(t) if t.unit == "C" else f"{t} ({t.celsius:.1f} °C)")
            symptoms = "; ".join(rules.symptoms[s].phrase(v) for s, v in _in_checklist_order(entry, rules))
            note = entry.note if len(entry.note) <= NOTE_IN_TABLE else entry.note[:NOTE_IN_TABLE] + "… (in full below)"
            fill = HIGHLIGHT.get(advice.level, (255, 255, 255))
            row = table.row()
            for text in (f"{entry.at.astimezone(zone):{_DAY} %H:%M}", temperature, symptoms or "-", note):
                row.cell(text, style=FontFace(fill_color=fill))
            row.cell(LEVEL_WORDS[advice.level], style=FontFace(fill_color=fill, emphasis="BOLD"))


def _in_checklist_order(entry: Entry, rules):
    order = list(rules.symptoms)
    return sorted(entry.symptoms.items(), key=lambda item: order.index(item[0]))
