"""The main flows in Spanish at phone size, on a clinic that offers Spanish after its review, in a browser
whose language is Spanish: set up a plan (a mistake in it is explained in Spanish), record a fever with chills
and read the advice, search the drug information. Every text looked for is the catalog's Spanish (companion/locale/es), so the test fails when a
screen shows English instead; screenshots land in artifacts/screenshots/."""

from datetime import datetime, timedelta

from tests.support import PHONE, ROOT
from tests.support.app import AppPage

from companion.adapters.catalogs import translator
from companion.core.plan import MAX_CYCLES

ES = translator("es")
EXAMPLE_CLINIC = ROOT / "data" / "clinic.example.toml"  # UK: °C, fever line 37.5 °C
ONCOLOGY_LINE_ES = "Línea de oncología de 24 horas"


def t(text: str) -> str:
    spanish = ES.gettext(text)
    assert spanish != text, f"no Spanish for {text!r}"
    return spanish


def spanish_clinic(tmp_path):
    text = EXAMPLE_CLINIC.read_text(encoding="utf-8").replace('languages = ["en"]', 'languages = ["es", "en"]')
    text = text.replace('label = "24-hour oncology line"\n',  # the clinic's own words, in Spanish too
                        'label = "24-hour oncology line"\nlabels = { es = "%s" }\n' % ONCOLOGY_LINE_ES)
    path = tmp_path / "clinic-es.toml"
    path.write_text(text + '\n[language_review]\nes = "Test reviewer, oncology nurse, 2026-12-07"\n', encoding="utf-8")
    return path


def test_phone_plan_diary_advice_and_learn_in_spanish(server, browser, tmp_path, request):
    srv = server(clinic=spanish_clinic(tmp_path))
    context = browser.new_context(viewport=PHONE, locale="es-MX")
    try:
        app = AppPage(context.new_page(), f"{request.node.name}-phone").open(srv.url)
        app.see(t("No treatment plan yet"))
        assert "No treatment plan yet" not in app.visible_text()
        app.tap(app.button(t("Set up my plan")))
        first = datetime.now() + timedelta(days=3)
        app.type_into(t("First infusion date"), f"{first:%Y-%m-%d}")
        app.type_into(t("Infusion time"), "10:00")
        app.type_into(t("Number of cycles"), "4")
        app.tap(app.button(t("Save plan")))
        app.see(t("Plan saved. Will its reminders reach you when the app is closed?"))
        app.shot("es-plan")

        app.nav(t("Diary"))
        app.tap(app.button(t("New entry")))
        app.see(t("Emergency signs"))
        app.type_into(t("Temperature"), "38.4")
        app.tap(app.button(t("Signs of infection")))
        chills = f"{t('Shivering or chills')}: {t('moderate')}"
        app.scroll_to(app.button(chills, exact=True))
        app.button(chills, exact=True).click()
        app.shot("es-diary-form")
        app.button(t("Save entry")).click()
        app.see(t("Call your 24-hour line now"))
        app.see(t("Call {label}").format(label=ONCOLOGY_LINE_ES))  # the clinic's Spanish label on its button
        app.see("38.4 °C")
        assert "because you recorded" not in app.visible_text().lower()
        app.shot("es-advice")
        app.button(t("Close")).click()

        app.nav(t("Learn"))
        app.type_into(t("Search the drug information"), "fiebre")
        app.see("Cuándo llamar para pedir ayuda")
        app.shot("es-learn-search")

        app.nav(ES.gettext("Plan"))  # the same word in Spanish; a form's mistake is explained in Spanish
        app.type_into(t("Number of cycles"), "0")
        app.tap(app.button(t("Save plan")))
        app.see(ES.gettext("{field}: {reason}").format(field=t("Number of cycles"), reason=t(
            "{value} is outside the accepted range {low} to {high}.").format(value=0, low=1, high=MAX_CYCLES)))
        assert "is outside the accepted range" not in app.visible_text()
        app.shot("es-plan-error")
    finally:
        context.close()
