"""The served web client contacts no third party: the Rive CDN address is rewritten to our own origin."""

from pathlib import Path

import flet_web

from companion.adapters.web_client import CDN_ADDRESS, offline_web_dir

SOURCE = Path(flet_web.get_package_web_dir())


def test_the_installed_client_has_the_address_we_rewrite():
    # If a Flet upgrade drops or changes it, this test says so and the adapter can go.
    assert CDN_ADDRESS.search((SOURCE / "main.dart.js").read_bytes())


def test_offline_copy_has_no_cdn_address_and_leaves_the_package_untouched(tmp_path):
    before = (SOURCE / "main.dart.js").read_bytes()
    target = offline_web_dir(SOURCE, tmp_path)
    for name in ("main.dart.js", "main.dart.wasm"):
        patched = (target / name).read_bytes()
        original = (SOURCE / name).read_bytes()
        assert not CDN_ADDRESS.search(patched)
        assert len(patched) == len(original)  # same layout for the compiled wasm
        assert b"/offline/rive-not-bundled/" in patched
    assert (SOURCE / "main.dart.js").read_bytes() == before
    assert (target / "index.html").read_bytes() == (SOURCE / "index.html").read_bytes()
    assert offline_web_dir(SOURCE, tmp_path) == target  # made once, then reused
