"""Reports for the clinic: a patient's diary over some days as a PDF or a CSV table, built in one place
for the More screen and `companion export`, with the clinic's fever line and the same triage rules."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from companion.core.clinic import Clinic
from companion.core.diary import Entry
from companion.core.i18n import ENGLISH, Translator
from companion.core.overview import FROM, TO, report_bounds, report_days, report_zone
from companion.core.plan import Plan
from companion.core.triage import TriageRules

KINDS = ("pdf", "csv")


@dataclass(frozen=True)
class Period:
    """The days first..last (both included) and the instants [start, end) they cover in the plan's zone."""

    first: date
    last: date
    start: datetime
    end: datetime


def period(plan: Plan | None, first: date, last: date, labels: tuple[str, str] = (FROM, TO)) -> Period:
    """InputError (naming the fields by `labels`) when `last` comes before `first`."""
    first, last = report_days(first, last, labels)
    return Period(first, last, *report_bounds(first, last, report_zone(plan)))


def clinic_report(kind: str, *, clinic: Clinic, rules: TriageRules, profile: dict, plan: Plan | None,
                  entries: Sequence[Entry], period: Period, now: datetime, t: Translator = ENGLISH) -> bytes:
    """The report's bytes: every entry triaged again at the clinic's fever threshold, which the PDF's
    temperature chart also draws. Worded by `t`, the patient's language (the screens' translator, or
    `Services.translator_for(profile_id)` where no screen is open); numbers and units never differ."""
    from companion.adapters.report import csv_report, pdf_report  # fpdf is slow to import: only when asked

    if kind == "pdf":
        return pdf_report(clinic=clinic, profile=profile, plan=plan, entries=entries, rules=rules,
                          fever_threshold_c=clinic.fever_threshold_c, start=period.start, end=period.end, now=now, t=t)
    if kind == "csv":
        return csv_report(entries=entries, rules=rules, fever_threshold_c=clinic.fever_threshold_c, t=t).encode("utf-8")
    raise ValueError(f"unknown report kind {kind!r}")
