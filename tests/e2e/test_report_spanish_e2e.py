"""The diary's dates and the clinic report in Spanish, in the served app: a Spanish browser on a clinic that
offers Spanish reads its diary cards dated in Spanish (no English weekday or month on the screen), makes the
PDF report in More and gets it in Spanish, with the same temperatures; screenshots at phone and tablet size."""

import re
import shutil
import subprocess
from datetime import datetime, timedelta

from companion.adapters.catalogs import translator
from companion.adapters.clock import local_zone_name
from companion.adapters.store import Store
from companion.core.diary import Entry, Temperature
from companion.core.i18n import MONTHS, SHORT_MONTHS, SHORT_WEEKDAYS, WEEKDAYS, date_time
from companion.services import records
from tests.e2e.test_spanish_e2e import spanish_clinic, t
from tests.support import PHONE, TABLET
from tests.support.app import AppPage

ES = translator("es")
ENGLISH_DATE = re.compile(r"\b(%s)\b" % "|".join(WEEKDAYS + SHORT_WEEKDAYS + MONTHS + SHORT_MONTHS))


def seeded(tmp_path):
    """Ana, a plan started ten days ago and three diary entries (one with a fever); the entries' times."""
    from zoneinfo import ZoneInfo

    data = tmp_path / "data"
    data.mkdir()
    zone = ZoneInfo(local_zone_name())
    now = datetime.now(zone).replace(second=0, microsecond=0)
    store = Store(data, writer=True)
    try:
        profile = records.add_profile(store, "Ana", now)
        first = now - timedelta(days=10)
        store.put_doc(profile["id"], "plan", {"timezone": local_zone_name(), "cycles": 4,
                                              "first_infusion": f"{first:%Y-%m-%d}T10:00"})
        record = records.PatientRecord(store, profile["id"], ())
        times = [(now - timedelta(days=d)).replace(hour=8 + d, minute=15) for d in (1, 4, 6)]
        for i, at in enumerate(times):
            record.save_entry(Entry(records.new_id(), at, Temperature(38.4 if i == 0 else 36.9, "C"), {}))
    finally:
        store.close()
    return data, times


def test_diary_dates_and_the_pdf_report_in_spanish(server, browser, tmp_path, request):
    data, times = seeded(tmp_path)
    srv = server(clinic=spanish_clinic(tmp_path), data_dir=data)
    phone = browser.new_context(viewport=PHONE, locale="es-MX")
    tablet = browser.new_context(viewport=TABLET, locale="es-MX")
    try:
        app = AppPage(phone.new_page(), f"{request.node.name}-phone").open(srv.url)
        app.nav(t("Diary"))
        for at in times:
            app.see(date_time(at, ES))  # "dom 06 dic, 09:15"
        assert ENGLISH_DATE.findall(app.visible_text()) == []
        app.shot("es-diary-dates")

        app.nav(t("More"))
        app.tap(app.text(t("Report for the clinic")))
        app.tap(app.button(t("Make PDF report")))
        app.see(t("Saved on this device: {path}").split("{")[0].strip())
        app.shot("es-report")
        [pdf] = (srv.data_dir / "exports").glob("*.pdf")
        if shutil.which("pdftotext"):
            text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        else:
            from pypdf import PdfReader

            text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
        text = " ".join(text.split())
        for spanish in ("Diario de síntomas de Ana", "Plan de tratamiento", "Resumen", "LLAMAR YA", "38.4 °C"):
            assert spanish in text, spanish
        assert "Treatment plan" not in text and "Symptom diary" not in text and ENGLISH_DATE.findall(text) == []

        wide = AppPage(tablet.new_page(), f"{request.node.name}-tablet").open(srv.url)
        wide.nav(t("Diary"))
        wide.see(date_time(times[0], ES))
        wide.see(t("Your temperature"))  # the charts beside the cards, their days in Spanish too
        assert ENGLISH_DATE.findall(wide.visible_text()) == []
        wide.shot("es-diary-dates")
        wide.nav(t("More"))
        wide.tap(wide.text(t("Report for the clinic")))
        wide.see(t("Make PDF report"))
        wide.shot("es-report")
    finally:
        phone.close()
        tablet.close()
