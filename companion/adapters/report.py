"""The clinic report: a PDF (fpdf2, the bundled DejaVu font) and a CSV of the diary.

Every entry is triaged again with the rules and fever threshold given, so the report shows the
advice the app gives today. Entries at "call today" or above are highlighted with a colour and the
level word. Times are shown in the plan's zone (else the zone of `start`).

Both are worded in the patient's language by the translator `t` (English by default): headings, labels,
legends, dates and the footer. Numbers, units, times (24-hour) and the zone's name are the same in every
language. The CSV in English is the stable data table (column ids, level ids: scripts read it); in another
language its header row and advice cells are that language's words, in the same columns and order.
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
from companion.core.i18n import ENGLISH, N_, Translator, day_month, day_month_year, day_time
from companion.core.trends import NEUROPATHY, series, temperature_series
from companion.core.triage import Level, triage

FONT_DIR = Path(__file__).resolve().parent / "fonts"  # in the package: the browser build gives assets/ to Flutter only
FONT = "DejaVu"
DISCLAIMER = N_("Made by Ixempra Companion from the patient's own diary. It is not a medical record.")
# the short level words of the table (the screens say the whole advice: Level.worded)
LEVEL_WORDS = {Level.MONITOR: N_("Monitor"), Level.CALL_TODAY: N_("CALL TODAY"), Level.CALL_NOW: N_("CALL NOW"),
               Level.EMERGENCY: N_("EMERGENCY")}
TABLE_HEADINGS = (N_("Date and time"), N_("Temperature"), N_("Symptoms"), N_("Note"), N_("Advice"))
# the CSV's columns: in English their ids (the stable data format), in another language these words
CSV_HEADINGS = {"at": N_("Date and time (ISO 8601)"), "temperature_c": N_("Temperature (°C)"),
                "temperature_as_recorded": N_("Temperature as recorded"), "note": N_("Note"),
                "advice_level": N_("Advice")}
HIGHLIGHT = {Level.CALL_TODAY: (255, 236, 170), Level.CALL_NOW: (255, 200, 160), Level.EMERGENCY: (255, 160, 160)}
NOTE_IN_TABLE = 280  # characters; a longer note is printed in full after the table
INK, GRID, FEVER, INFUSION = (40, 40, 40), (200, 200, 200), (200, 30, 30), (30, 90, 200)


class _Pdf(FPDF):
    t: Translator = ENGLISH

    def footer(self):
        self.set_y(-13)
        self.set_font(FONT, size=7.5)
        self.set_text_color(90, 90, 90)
        self.cell(0, 4, self.t.gettext(DISCLAIMER), align="L")
        page = self.t.gettext("Page {page} of {pages}").format(page=self.page_no(), pages=self.str_alias_nb_pages)
        self.cell(0, 4, page, align="R", new_x="LMARGIN", new_y="NEXT")


def _day(moment: datetime, t: Translator) -> str:
    """"03 Mar 2025" (Spanish "03 mar 2025")."""
    return day_month_year(moment.date(), t)


def pdf_report(*, clinic, profile: dict, plan, entries, rules, fever_threshold_c: float,
               start: datetime, end: datetime, now: datetime, t: Translator = ENGLISH) -> bytes:
    """The report of `entries` with start <= at < end (others are left out), as PDF bytes, worded by `t`."""
    zone = plan.zone if plan else start.tzinfo
    rows = [(e, triage(e, rules, fever_threshold_c)) for e in _in_range(entries, start, end)]
    infusions = [i for i in plan.infusions(limit_end=end) if i.at >= start] if plan else []

    pdf = _Pdf(format="A4")
    pdf.t = t
    pdf.set_margins(15, 15, 15)
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_font(FONT, "", FONT_DIR / "DejaVuSans.ttf")
    pdf.add_font(FONT, "B", FONT_DIR / "DejaVuSans-Bold.ttf")
    pdf.set_title(t.gettext("Diary report: {name}").format(name=profile.get("name", "")))
    pdf.set_creator("Ixempra Companion")
    pdf.add_page()

    last_day = (end - timedelta(microseconds=1)).astimezone(zone)
    _text(pdf, clinic.name, 15, bold=True)
    _text(pdf, t.gettext("Symptom diary of {name}").format(name=profile.get("name", "")), 12, bold=True)
    _text(pdf, t.gettext("From {first} to {last} (times in {zone}). Made on {made}.").format(
        first=_day(start.astimezone(zone), t), last=_day(last_day, t), zone=zone,
        made=day_time(now.astimezone(zone), t, year=True)), 9)
    pdf.ln(2)

    _heading(pdf, t.gettext("Treatment plan"))
    if plan is None:
        _text(pdf, t.gettext("No treatment plan was entered."), 9)
    else:
        first = day_time(plan.first_infusion, t, year=True)
        if plan.cycles:
            said = t.ngettext("Ixempra (ixabepilone) every {days} days, {count} cycle; first infusion {first}.",
                              "Ixempra (ixabepilone) every {days} days, {count} cycles; first infusion {first}.",
                              plan.cycles).format(days=plan.cycle_days, count=plan.cycles, first=first)
        else:
            said = t.gettext("Ixempra (ixabepilone) every {days} days, no set number of cycles; first infusion "
                             "{first}.").format(days=plan.cycle_days, first=first)
        with_capecitabine = (t.gettext("With capecitabine: yes.") if plan.with_capecitabine
                             else t.gettext("With capecitabine: no."))
        _text(pdf, f"{said} {with_capecitabine}", 9)  # two whole sentences
        days = ", ".join(t.gettext("cycle {cycle}: {date}").format(
            cycle=i.cycle, date=_day(i.at.astimezone(zone), t)) for i in infusions)
        _text(pdf, t.gettext("Infusions in this period: {days}.").format(days=days) if days
              else t.gettext("Infusions in this period: none."), 9)

    flagged = sum(advice.level >= Level.CALL_TODAY for _, advice in rows)
    _heading(pdf, t.gettext("Summary"))
    sentences = [t.ngettext("{count} diary entry.", "{count} diary entries.", len(rows)).format(count=len(rows))]
    if rows:
        sentences.append(t.ngettext(
            "{count} of them needed a call to the care team or more (highlighted below).",
            "{count} of them needed a call to the care team or more (highlighted below).",
            flagged).format(count=flagged) if flagged
            else t.gettext("None of them needed a call to the care team."))
    sentences.append(t.gettext("Fever line: {threshold} °C.").format(threshold=f"{fever_threshold_c:.1f}"))
    _text(pdf, " ".join(sentences), 9)  # whole sentences, each worded on its own

    diary = [e for e, _ in rows]
    temps = temperature_series(diary)
    _heading(pdf, t.gettext("Temperature (°C)"))
    low = min([35.0] + [math.floor(c) for _, c in temps])
    high = max([40.0] + [math.ceil(c) for _, c in temps])
    _chart(pdf, t, temps, (low, high), [(v, f"{v:g}") for v in range(int(low), int(high) + 1)],
           start, end, zone, infusions, fever=fever_threshold_c,
           empty=t.gettext("No temperature was recorded in this period."))
    _heading(pdf, t.gettext("Numbness or tingling (0 {lowest} to 4 {highest})").format(
        lowest=t.gettext(SEVERITY_WORDS[0]), highest=t.gettext(SEVERITY_WORDS[4])))
    _chart(pdf, t, series(diary, NEUROPATHY) if diary else [], (0, 4),
           [(v, f"{v} {t.gettext(SEVERITY_WORDS[v])}") for v in range(5)], start, end, zone, infusions,
           empty=t.gettext("No diary entry in this period."))

    _heading(pdf, t.gettext("Diary"))
    _table(pdf, t, rows, rules, zone)
    long_notes = [(e, advice) for e, advice in rows if len(e.note) > NOTE_IN_TABLE]
    if long_notes:
        _heading(pdf, t.gettext("Notes in full"))
        for e, _ in long_notes:
            _text(pdf, day_time(e.at.astimezone(zone), t, year=True), 8.5, bold=True)
            _text(pdf, e.note, 8.5)
    return bytes(pdf.output())


def csv_report(*, entries, rules, fever_threshold_c: float, t: Translator = ENGLISH) -> str:
    """One row per entry: at, temperature_c, temperature_as_recorded, each symptom id (0-4), note, advice_level.

    In English the header row holds these ids and the advice column the level's id ("call_now"): the stable
    data table. In another language the header row is that language's words (each symptom's checklist label)
    and the advice column the table's level word; the columns, times (ISO 8601), numbers and units stay."""
    english = getattr(t, "language", "en") == "en"
    ids = ["at", "temperature_c", "temperature_as_recorded", *rules.symptoms, "note", "advice_level"]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(ids if english else
                    [t.gettext(CSV_HEADINGS[i]) if i in CSV_HEADINGS else t.gettext(rules.symptoms[i].label)
                     for i in ids])
    for e in sorted(entries, key=lambda e: e.at):
        temperature = e.temperature
        level = triage(e, rules, fever_threshold_c).level
        writer.writerow([e.at.isoformat(), f"{temperature.celsius:.1f}" if temperature else "",
                         str(temperature) if temperature else "",
                         *(e.symptoms.get(s, 0) for s in rules.symptoms), _safe_cell(e.note),
                         level.id if english else t.gettext(LEVEL_WORDS[level])])
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


def _chart(pdf: FPDF, t: Translator, points, y_range, y_ticks, start, end, zone, infusions, *, empty: str,
           fever: float | None = None, height: float = 48) -> None:
    """Axes, grid, a line through the points, the fever line and the infusion days."""
    if pdf.will_page_break(height + 16):
        pdf.add_page()
    if fever is None:
        legend = t.gettext("Blue dashed lines: infusion days.")
    else:
        legend = t.gettext("Red dashed line: fever line {threshold} °C. Blue dashed lines: infusion days.").format(
            threshold=f"{fever:.1f}")
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
            pdf.text(x_of(day) - 4, top + height + 4.5, day_month(day.date(), t))
        day = (day + timedelta(days=step)).replace(hour=0)
    pdf.set_draw_color(*INK)
    pdf.line(left, top, left, top + height)
    pdf.line(left, top + height, left + width, top + height)

    pdf.set_dash_pattern(dash=1.2, gap=1)
    for infusion in infusions:
        pdf.set_draw_color(*INFUSION)
        pdf.line(x_of(infusion.at), top, x_of(infusion.at), top + height)
        pdf.set_text_color(*INFUSION)
        pdf.text(x_of(infusion.at) + 0.8, top + 2.5, t.gettext("infusion C{cycle}").format(cycle=infusion.cycle))
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


def _table(pdf: FPDF, t: Translator, rows, rules, zone) -> None:
    if not rows:
        _text(pdf, t.gettext("No diary entry in this period."), 9)
        return
    _text(pdf, t.gettext("Highlighted: {levels} (the advice the app gives for that entry).").format(
        levels=", ".join(t.gettext(LEVEL_WORDS[level]) for level in HIGHLIGHT)), 8)
    pdf.ln(1)
    pdf.set_font(FONT, size=8)
    pdf.set_draw_color(*GRID)
    with pdf.table(col_widths=(25, 26, 57, 46, 26), text_align="LEFT", line_height=3.8, padding=1,
                   headings_style=FontFace(emphasis="BOLD", fill_color=(225, 232, 232))) as table:
        table.row([t.gettext(heading) for heading in TABLE_HEADINGS])
        for entry, advice in rows:
            reading = entry.temperature
            temperature = "" if reading is None else (str(reading) if reading.unit == "C"
                                                      else f"{reading} ({reading.celsius:.1f} °C)")
            symptoms = "; ".join(rules.symptoms[s].phrase(v, t) for s, v in _in_checklist_order(entry, rules))
            note = entry.note if len(entry.note) <= NOTE_IN_TABLE else t.gettext("{note}… (in full below)").format(
                note=entry.note[:NOTE_IN_TABLE])
            fill = HIGHLIGHT.get(advice.level, (255, 255, 255))
            row = table.row()
            for text in (day_time(entry.at.astimezone(zone), t, year=True), temperature, symptoms or "-", note):
                row.cell(text, style=FontFace(fill_color=fill))
            row.cell(t.gettext(LEVEL_WORDS[advice.level]), style=FontFace(fill_color=fill, emphasis="BOLD"))


def _in_checklist_order(entry: Entry, rules):
    order = list(rules.symptoms)
    return sorted(entry.symptoms.items(), key=lambda item: order.index(item[0]))
