"""`flet build` / `flet publish` configuration: the [tool.flet] keys and the assets they rely on."""

import json
import re
import struct
import tomllib
from pathlib import Path

import flet_web
import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
FLET = PYPROJECT["tool"]["flet"]
APP_DIR = ROOT / FLET["app"]["path"]
ASSETS = APP_DIR / "assets"  # where flet-cli looks for icon.png and splash.png
HEX = re.compile(r"#[0-9A-Fa-f]{6}")


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR", f"{path.name} is not a PNG"
    return struct.unpack(">II", data[16:24])


def test_identity_is_set_and_valid_on_android_and_ios():
    assert FLET["product"] == "Ixempra Companion"
    assert FLET["org"] == "org.companion"
    # Android allows letters, digits, _ ; iOS letters, digits, - : both allow only this subset.
    assert re.fullmatch(r"[a-z][a-z0-9]*(\.[a-z][a-z0-9]*)+", FLET["bundle_id"])
    assert FLET["bundle_id"].startswith(FLET["org"] + ".")
    assert FLET["company"] and FLET["copyright"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", PYPROJECT["project"]["version"])  # flet reads the version here
    assert isinstance(FLET["build_number"], int) and FLET["build_number"] >= 1


def test_entry_point_exists():
    assert FLET["app"]["module"] == "main"
    assert (APP_DIR / "main.py").is_file()


def test_excluded_folders_are_not_the_app():
    excluded = set(FLET["app"]["exclude"])
    assert {"tests", "bench", "tools"} <= excluded
    assert not excluded & {"companion", "data", "assets", "main.py"}


def test_platform_permissions():
    """Android asks for what the notification extension's receivers need (its patch step adds the receivers
    and expects these permissions): notifications, exact alarms, back after a reboot, vibration."""
    from flet_notifications.patcher import PERMISSIONS

    assert FLET["android"]["permission"] == {name: True for name in PERMISSIONS}
    info = FLET["ios"]["info"]
    assert all(isinstance(v, (str, bool, int, float)) for v in info.values())  # plist-safe values only


def test_web_build_is_offline_capable():
    web = FLET["web"]
    assert web["cdn"] is False
    assert web["route_url_strategy"] in {"path", "hash"}
    assert web["pwa_short_name"]


@pytest.mark.parametrize("value", [
    FLET["icon_background"], FLET["splash"]["color"], FLET["splash"]["dark_color"],
    FLET["android"]["adaptive_icon_background"], FLET["web"]["pwa_theme_color"], FLET["web"]["pwa_background_color"],
])
def test_colours_are_hex(value):
    assert HEX.fullmatch(value)


@pytest.mark.parametrize("name, size", [("icon.png", 1024), ("splash.png", 1024), ("favicon.png", 32)])
def test_flet_build_assets(name, size):
    assert png_size(ASSETS / name) == (size, size)


def test_pwa_icons_replace_every_icon_of_the_flet_web_manifest():
    """`flet publish` copies assets/ over the web build, so our files must carry flet-web's names."""
    manifest = json.loads((Path(flet_web.__file__).parent / "web" / "manifest.json").read_text(encoding="utf-8"))
    icons = manifest["icons"]
    assert {i.get("purpose") for i in icons} >= {None, "maskable"}
    for icon in icons:
        size = int(icon["sizes"].split("x")[0])
        assert png_size(ASSETS / icon["src"]) == (size, size), icon["src"]
    assert png_size(ASSETS / "icons" / "apple-touch-icon-192.png") == (192, 192)


@pytest.mark.parametrize("name", ["icons/icon-maskable-192.png", "icons/icon-maskable-512.png",
                                  "icons/apple-touch-icon-192.png"])
def test_masked_icons_are_opaque_with_the_mark_in_the_safe_zone(name):
    img = Image.open(ASSETS / name).convert("RGBA")
    n = img.width
    background = img.getpixel((0, 0))
    assert background[3] == 255
    for x in range(0, n, 4):
        for y in range(0, n, 4):
            pixel = img.getpixel((x, y))
            assert pixel[3] == 255, (name, x, y)
            if (x - n / 2) ** 2 + (y - n / 2) ** 2 > (0.4 * n) ** 2:  # outside the 80 % safe circle
                assert pixel == background, (name, x, y)


def test_icon_colour_matches_the_declared_background():
    """Where a platform pads or flattens the icon, the padding must not show as a different colour."""
    img = Image.open(ASSETS / "icon.png").convert("RGBA")
    assert img.getpixel((0, 0))[3] == 0  # rounded corners: transparent, flet frames it per platform
    centre_edge = img.getpixel((img.width // 2, 4))
    assert "#{:02X}{:02X}{:02X}".format(*centre_edge[:3]) == FLET["icon_background"].upper()


def test_the_browser_packages_zip_imports_namespace_packages_and_is_the_same_every_time(tmp_path):
    """tools/build_pwa.py packs the vendored packages for zipimport: a namespace package (a folder
    without __init__.py, as flet.messaging is) must import, and a rebuild must not change the bytes."""
    import subprocess
    import sys
    import time

    from tools import build_pwa

    folder = tmp_path / "packages"
    (folder / "pkg" / "ns").mkdir(parents=True)
    (folder / "pkg" / "__init__.py").write_text("")
    (folder / "pkg" / "ns" / "mod.py").write_text("VALUE = 42\n")
    build_pwa.pack(folder, tmp_path / "a.zip")
    time.sleep(1.1)
    (folder / "pkg" / "ns" / "mod.py").touch()
    build_pwa.pack(folder, tmp_path / "b.zip")
    assert (tmp_path / "a.zip").read_bytes() == (tmp_path / "b.zip").read_bytes()
    code = f"import sys; sys.path.insert(0, {str(tmp_path / 'a.zip')!r}); import pkg.ns.mod; print(pkg.ns.mod.VALUE)"
    done = subprocess.run([sys.executable, "-S", "-c", code], capture_output=True, text=True)
    assert done.stdout.strip() == "42", done.stderr


def test_the_browser_build_leaves_out_only_fonts_of_controls_the_app_never_shows(tmp_path):
    """Flutter loads every font of FontManifest.json before its first frame; the browser build drops
    Markdown's maths fonts and the Cupertino icons. That is right only while no view uses them."""
    from tools import build_pwa

    uses = re.compile(r"\bft\.(Markdown|Cupertino\w*)\b|adaptive\s*=\s*True")
    sources = [path for path in (ROOT / "companion").rglob("*.py") if uses.search(path.read_text(encoding="utf-8"))]
    assert not sources, f"{sources} show controls whose fonts tools/build_pwa.py leaves out (UNUSED_FONTS)"

    manifest = Path(flet_web.__file__).parent / "web" / "assets" / "FontManifest.json"  # as flet-web ships it
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "FontManifest.json").write_text(manifest.read_text())
    for family in json.loads(manifest.read_text()):
        for font in family["fonts"]:
            (tmp_path / "assets" / font["asset"]).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / "assets" / font["asset"]).write_bytes(b"font")
    build_pwa.drop_unused_fonts(tmp_path)
    kept = json.loads((tmp_path / "assets" / "FontManifest.json").read_text())
    shipped = {family["family"] for family in json.loads(manifest.read_text())}
    assert {family["family"] for family in kept} == {name for name in shipped
                                                       if "KaTeX" not in name and "CupertinoIcons" not in name}
    assert "MaterialIcons" in shipped  # ft.Icons
    left = {path.relative_to(tmp_path / "assets").as_posix() for path in tmp_path.rglob("*.*tf")}
    assert left == {font["asset"] for family in kept for font in family["fonts"] if font["asset"].endswith("tf")}
    assert not (tmp_path / "assets" / "packages" / "flutter_math_fork").exists()  # no empty folders left


def test_the_phone_builds_carry_the_notification_extension_the_tests_check():
    """One pinned version of flet-notifications: in the Android and iOS builds, in the test extra (its own
    Python runs in tests/unit/test_system_reminders.py), installed here; never in the app's own
    dependencies, which `make run` and the web build install."""
    from importlib import metadata

    pin = "flet-notifications==" + metadata.version("flet-notifications")
    assert FLET["android"]["dependencies"] == [pin]
    assert FLET["ios"]["dependencies"] == [pin]
    assert pin in PYPROJECT["project"]["optional-dependencies"]["test"]
    assert not any(d.startswith("flet-notifications") for d in PYPROJECT["project"]["dependencies"])


def test_the_readme_build_steps_match_the_configuration():
    """The clinic's Android steps: build, the extension's patch step on the generated project, build again;
    and the manual phone checklist."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    clinics = " ".join(readme.split("## For clinics", 1)[1].split("\n## ", 1)[0].split())  # lines joined
    version = FLET["android"]["dependencies"][0].split("==")[1]
    assert f"flet-notifications-patch --project-root build/flutter" in clinics
    assert "flet build apk" in clinics and "flet build ipa" in clinics
    assert clinics.index("flet build apk") < clinics.index("flet-notifications-patch") < clinics.index("gradlew")
    assert version in clinics
    for check in ("two minutes", "reboot", "lock screen", "Snooze"):
        assert check in clinics, f"the phone checklist lacks {check!r}"


def test_the_web_build_leaves_the_phone_extension_out():
    """The offline web app vendors what the app imports: never the phone's notification extension."""
    import sys

    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import build_pwa
    finally:
        sys.path.remove(str(ROOT / "tools"))
    assert "flet_notifications" in build_pwa.PHONE_ONLY
    assert not any(name.lower().startswith("flet-notifications") or name.lower().startswith("flet_notifications")
                   for name in build_pwa.browser_packages())
