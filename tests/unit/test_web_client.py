"""The served web client (companion/adapters/web_client.py): it contacts no third party (the Rive CDN address
points back to our origin, where a stub answers), its viewport allows pinch zoom, and its page has a language,
a title, a description and our page script. If a Flet upgrade changes what we patch, the first test says so."""

import re
from pathlib import Path

import flet_web

from companion.adapters import web_client
from companion.adapters.web_client import (CDN_ADDRESS, PAGE_SCRIPT_NAME, VIEWPORT_FLUTTER, offline_web_dir,
                                           patch_index)

SOURCE = Path(flet_web.get_package_web_dir())


def test_the_installed_client_has_everything_we_patch():
    script = (SOURCE / "main.dart.js").read_bytes()
    assert CDN_ADDRESS.search(script)
    for name in ("main.dart.js", "main.dart.wasm"):  # Flutter's viewport, written at start
        assert VIEWPORT_FLUTTER in (SOURCE / name).read_bytes(), name
    page = (SOURCE / "index.html").read_text(encoding="utf-8")
    assert "<html>" in page and '<meta charset="UTF-8">' in page and "<title>Flet</title>" in page
    assert '<meta name="description" content="Flet application.">' in page
    assert '<meta name="apple-mobile-web-app-title" content="Flet">' in page


def test_offline_copy_contacts_no_third_party_allows_zoom_and_leaves_the_package_untouched(tmp_path):
    before = (SOURCE / "main.dart.js").read_bytes()
    target = offline_web_dir(SOURCE, tmp_path)
    for name in ("main.dart.js", "main.dart.wasm"):
        patched = (target / name).read_bytes()
        original = (SOURCE / name).read_bytes()
        assert not CDN_ADDRESS.search(patched)
        assert b"user-scalable=no" not in patched and b"maximum-scale=1.0" not in patched
        assert len(patched) == len(original)  # same layout for the compiled wasm
    assert (SOURCE / "main.dart.js").read_bytes() == before
    assert offline_web_dir(SOURCE, tmp_path) == target  # made once, then reused


def test_the_rive_runtime_the_client_asks_for_is_answered_by_a_stub(tmp_path):
    target = offline_web_dir(SOURCE, tmp_path)
    script = (target / "main.dart.js").read_text(encoding="utf-8")
    base = re.search(r'"(/offline/rive-not-bundled/x+/)"', script)[1]  # where the patched client looks
    asked = re.findall(r'"(wasm(?:_compatibility)?/rive_native\.js)"', script)
    assert sorted(asked) == sorted(web_client.RIVE_FILES)
    for name in asked:
        stub = (target / (base.lstrip("/") + name)).read_text(encoding="utf-8")
        assert "window.RiveNative = function" in stub and "Promise.reject" in stub  # "none": it carries on


def test_the_page_has_a_language_a_title_a_description_and_our_script(tmp_path):
    target = offline_web_dir(SOURCE, tmp_path, title="Clinic & Co")
    page = (target / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in page
    assert "<title>Clinic &amp; Co</title>" in page
    assert '<meta name="apple-mobile-web-app-title" content="Clinic &amp; Co">' in page
    assert "Ixempra" in re.search(r'<meta name="description" content="([^"]*)">', page)[1]
    viewport = re.search(r'<meta name="viewport" content="([^"]*)">', page)[1]
    assert "user-scalable=no" not in viewport and "maximum-scale" not in viewport
    assert page.count(f'<script src="{PAGE_SCRIPT_NAME}">') == 1
    assert page.index(PAGE_SCRIPT_NAME) < page.index("flutter_bootstrap.js")  # before Flutter starts
    assert "Intl.v8BreakIterator" in (target / PAGE_SCRIPT_NAME).read_text(encoding="utf-8")
    assert "<!-- fletAppConfig -->" in page  # still the template Flet fills in at start
    assert offline_web_dir(SOURCE, tmp_path) != target  # another title, another copy


def test_patching_a_patched_page_changes_its_words_only():
    page = patch_index((SOURCE / "index.html").read_text(encoding="utf-8"))
    again = patch_index(page, "Other clinic", "Other words", "fr")
    assert again.count(PAGE_SCRIPT_NAME) == 1 and again.count('name="viewport"') == 1
    assert '<html lang="fr">' in again and "<title>Other clinic</title>" in again
    assert '<meta name="description" content="Other words">' in again
