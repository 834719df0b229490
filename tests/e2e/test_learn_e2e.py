"""Learn: the drug information offline, searchable, with its sources, at phone and tablet sizes."""

from tests.support import PHONE, TABLET


def test_phone_search_grapefruit_reads_the_section_and_its_source(server, open_app):
    app = open_app(server().url, PHONE)
    app.see("Today")  # the bottom navigation bar is there on a phone
    assert app.page.get_by_role("tab").count() == 5
    app.nav("Learn")
    app.see("How Ixempra is given")
    app.shot("topics")
    # the result shows the matching statement, not the section's summary
    app.type_into("Search the drug information", "grapefruit", until="Avoid grapefruit and grapefruit juice")
    app.see("During treatment: what to do and what to avoid").click()
    app.see("Avoid grapefruit and grapefruit juice for the whole time", timeout=10_000)
    app.see("section 7.1 Drugs that may increase ixabepilone plasma concentrations")
    app.shot("grapefruit")
    app.button("Back to all topics").click()
    app.button("Back to all topics").wait_for(state="hidden")
    app.see("Avoid grapefruit and grapefruit juice")  # back on the search results, which show the matching statement
    app.type_into("Search the drug information", "zzzz", until='Nothing found for "zzzz"')


def test_tablet_shows_rail_and_two_panes(server, open_app):
    app = open_app(server().url, TABLET)
    app.nav("Learn")
    # list and detail side by side: the first topic is open while every topic is listed
    app.see("Nerve damage in hands and feet (neuropathy)")
    app.see("Source:")
    app.text("Nerve damage in hands and feet (neuropathy)").click()
    app.see("Numbness, tingling or burning", timeout=10_000)
    text = app.visible_text()
    assert "What Ixempra treats" in text and "Numbness" in text
    app.shot("two-panes")


def test_phone_when_to_call_shows_the_rules_words_and_the_clinics_fever_line(server, open_app):
    """The markers are rendered: the rules' actions and the example clinic's 37.5 °C, no marker syntax."""
    from companion.adapters.bundle import DATA_DIR
    app = open_app(server(clinic=DATA_DIR / "clinic.example.toml").url, PHONE)  # fever_threshold_c = 37.5
    app.nav("Learn")
    app.type_into("Search the drug information", "99.5", until="37.5 °C (99.5 °F)")
    assert "38.0 °C" not in app.visible_text()
    app.type_into("Search the drug information", "chest pain", until="When to call for help")
    app.see("When to call for help").click()
    app.see("Chest pain or tightness: call emergency services now.", timeout=10_000)
    text = app.visible_text()
    assert "{" not in text and "action:" not in text
    app.shot("when-to-call")
