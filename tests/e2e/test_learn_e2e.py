"""Learn: the drug information offline, searchable, with its sources, at phone and tablet sizes."""

from conftest import PHONE, TABLET


def test_phone_search_grapefruit_reads_the_section_and_its_source(server, open_app):
    app = open_app(server().url, PHONE)
    app.see("Today")  # the bottom navigation bar is there on a phone
    assert app.page.get_by_role("tab").count() == 5
    app.nav("Learn")
    app.see("How Ixempra is given")
    app.shot("topics")
    # the result shows the matching statement, not the section's summary
    app.type_into("Search the drug information", "grapefruit", until="Avoid grapefruit juice")
    app.see("During treatment: what to do and what to avoid").click()
    app.see("Avoid grapefruit juice while you are on Ixempra", timeout=10_000)
    app.see("Source: Ixempra prescribing information, section 7.1")
    app.shot("grapefruit")
    app.button("Back to all topics").click()
    app.button("Back to all topics").wait_for(state="hidden")
    app.see("Avoid grapefruit juice")  # back on the search results, which show the matching statement
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
