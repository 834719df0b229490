"""More > Report for the clinic: a PDF or CSV of the diary for a period."""

from __future__ import annotations

import flet as ft

from companion.core.errors import InputError
from companion.core.i18n import N_
from companion.core.overview import default_report_days, parse_report_days
from companion.services import reports
from companion.ui.layout import muted
from companion.ui.more.common import error_text, show, slug
from companion.ui.more.files import Files
from companion.ui.widgets import full_width


class ReportSection:
    name = "report"
    title = N_("Report for the clinic")
    icon = ft.Icons.PICTURE_AS_PDF_OUTLINED

    def __init__(self, shell, files: Files):
        self.shell = shell
        self.files = files
        self.first = ft.TextField(label="From (YYYY-MM-DD)", width=200)
        self.last = ft.TextField(label="To (YYYY-MM-DD)", width=200)
        self.result = error_text()
        self._for_profile: str | None = None

    def summary(self) -> str:
        return self.shell.tr("PDF or CSV of the diary to bring to your visit")

    def controls(self, wide: bool) -> list[ft.Control]:
        shell = self.shell
        tr = shell.tr
        self.first.label, self.last.label = tr("From (YYYY-MM-DD)"), tr("To (YYYY-MM-DD)")
        if self._for_profile != shell.profile["id"]:  # a new patient: their default period
            self._for_profile = shell.profile["id"]
            first, last = default_report_days(self._plan(), shell.services.now())
            self.first.value, self.last.value, self.result.visible = str(first), str(last), False
        return [
            ft.Text(tr("A report of {name}'s diary: the treatment plan, temperature and numbness charts, and every "
                       "entry. Entries that needed a call to the care team are highlighted.").format(
                name=shell.profile["name"])),
            muted(tr("Dates are included. By default: the last three weeks, or since the last infusion."), 13),
            full_width(self.first), full_width(self.last),  # one a line: their labels need the room at 200 % text
            ft.Row([ft.FilledButton(tr("Make PDF report"), icon=ft.Icons.PICTURE_AS_PDF, on_click=self._pdf),
                    ft.OutlinedButton(tr("Make CSV table"), icon=ft.Icons.TABLE_CHART_OUTLINED, on_click=self._csv)],
                   wrap=True),
            self.result,
        ]

    def _plan(self):
        try:
            return self.shell.record.plan()
        except InputError:
            return None

    def _period(self) -> reports.Period:
        return reports.period(self._plan(), *parse_report_days(self.first.value, self.last.value))

    async def _pdf(self, e) -> None:
        await self._make("pdf")

    async def _csv(self, e) -> None:
        await self._make("csv")

    async def _make(self, kind: str) -> None:
        shell, services = self.shell, self.shell.services
        try:
            period = self._period()
            data = reports.clinic_report(kind, clinic=services.clinic, rules=services.rules, profile=shell.profile,
                                         plan=self._plan(), entries=shell.record.entries(period.start, period.end),
                                         period=period, now=services.now(), t=shell.t)  # the patient's language
        except InputError as error:
            show(self.result, error.told(self.shell.t), error=True)
            return
        filename = f"report-{slug(shell.profile['name'])}-{period.first}-to-{period.last}.{kind}"
        await self.files.deliver(filename, data, self.result)
