"""`make pwa`: the app as an installable, offline web app in dist/pwa, with Python running in the browser.

    python tools/build_pwa.py [--out DIR] [--clinic FILE] [--if-stale]    build (no internet needed)
    python tools/build_pwa.py serve [--dir DIR] [--port 8560]             serve a build to try it

How (docs/OFFLINE_APP.md tells why):
1. stage main.py, companion/, data/, assets/ and, in packages.zip, the pure-Python packages the app
   imports anywhere (read from its import statements, plus their dependencies for the browser), copied
   from this venv; then check the app imports from those alone. packages.zip sits beside the app archive
   and is imported in place (zipimport): nothing of it is unpacked at start;
2. `flet publish --no-cdn` with a local python-build manifest and the Pyodide that flet-web ships;
3. fix what breaks offline: drop requirements.txt from the app archive (micropip would go online), point
   flet.pyodideUrl at tools/pwa/pyodide-loader.mjs (IndexedDB storage; the bare specifier fails anyway),
   start Python while Flutter loads (pwa.js), stop Flutter's self-unregistering service worker, and
   write our manifest.json and a versioned service worker (tools/pwa/sw.js). The page is the one
   `companion serve` shows (companion/adapters/web_client.py: title, language, zoom, no failed request),
   with the clinic's name and language; served cross-origin isolated (ISOLATION), as `companion serve` is.
"""

from __future__ import annotations

import argparse
import ast
import functools
import hashlib
import http.server
import importlib.metadata as metadata
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PWA = Path(__file__).resolve().parent / "pwa"
DEFAULT_OUT = ROOT / "dist" / "pwa"
FLET_VERSION = metadata.version("flet")
STAMP = "build-info.json"
PACKAGES = "packages.zip"  # the vendored packages; pyodide-loader.mjs writes it beside the app, Flet's
                           # worker puts it on sys.path (patched in finish())
# tzdata goes into the app archive, unpacked as files: zoneinfo reads each zone through
# importlib.resources, which lists the whole zip at every lookup when it comes from one (50 ms or more).
TZDATA = "tzdata"
APP_SOURCES = ["main.py", "companion", "data", "assets"]
BUILD_INPUTS = APP_SOURCES + ["pyproject.toml", "tools/build_pwa.py", "tools/pwa"]
BROWSER = {"sys_platform": "emscripten", "platform_system": "Emscripten", "os_name": "posix",
           "implementation_name": "cpython", "platform_machine": "wasm32"}
ALWAYS = ["tzdata"]  # zoneinfo has no system time zone files in the browser
# Wheels with compiled code (which cannot run in the browser): "pure" = ships without its optional C
# speedups, "skip" = left out (whoever imports it copes without it). A new one stops the build until
# it is added here; the import check after staging proves the choice.
COMPILED = {"msgpack": "pure", "fonttools": "pure", "pillow": "skip"}  # fpdf2 runs without Pillow

# What every start loads (precached when the service worker installs), plus every font in
# assets/FontManifest.json (Flutter loads them all at start). Anything else the page loads is cached the
# first time it loads; nothing else is cached. That includes the Flutter build this browser runs: with
# WebAssembly GC (Chrome, Edge, Android) main.dart.wasm and the skwasm renderer, which start faster and
# are smaller; elsewhere (Safari, Firefox) main.dart.js and CanvasKit (Flutter's loader chooses).
OURS = ["pyodide-loader.mjs", "snapshot-pages.mjs", "app-archive.mjs", "snapshot-worker.mjs",
        "python-worker-early.js", "pwa.js"]  # tools/pwa/ files copied into the build (sw.js is filled in)
CORE = ["index.html", "flutter_bootstrap.js", "python.js", "python-worker.js", *OURS, "manifest.json",
        "companion-page.js",
        "favicon.png", "app.tar.gz", PACKAGES,
        "pyodide/pyodide.mjs", "pyodide/pyodide.asm.mjs", "pyodide/pyodide.asm.wasm",
        "pyodide/python_stdlib.zip", "pyodide/pyodide-lock.json",
        "assets/FontManifest.json", "icons/loading-animation.png",
        "icons/icon-192.png", "icons/icon-512.png", "icons/icon-maskable-192.png",
        "icons/icon-maskable-512.png"]
# URLs the service worker answers itself (tools/pwa/sw.js): the build holds an empty file of each name, which
# the host serves before the worker controls the page, so that no request fails (a browser logs each failure).
SW_ANSWERED = ("companion-snapshot", "companion-warmed")

# Cross-origin isolation, as `companion serve` (Flet's server) sends it: Flutter's renderer (skwasm) always
# makes shared WebAssembly memory, which Chrome flags as deprecated on a page that is not isolated. The
# service worker adds the same headers to every response it serves (tools/pwa/sw.js); a host should too.
ISOLATION = {"Cross-Origin-Opener-Policy": "same-origin", "Cross-Origin-Embedder-Policy": "require-corp"}

# Shipped by flet-web but never loaded by this build (no experimental renderers, debugging or CLI).
UNUSED = re.compile(r"(\.map|\.symbols|\.d\.ts)$|^canvaskit/wimp"
                    r"|^canvaskit/experimental_webparagraph/|^pyodide/(python|python\.bat|python\.exe"
                    r"|python_cli_entry\.mjs|package\.json)$|^flutter\.js$")

# Fonts Flet's client declares for controls this app never shows: Markdown's maths (flutter_math_fork)
# and Cupertino (iOS-style) icons. Flutter loads every font in assets/FontManifest.json before its first
# frame; leaving these 18 files out starts the app about 0.3 s sooner (bench/pwa.py). A unit test checks
# that the app uses neither (tests/unit/test_packaging.py).
UNUSED_FONTS = ("packages/flutter_math_fork/", "packages/cupertino_icons/")

IMPORT_APP = "import companion.app; companion.app.preload()"
CLI_ONLY = ("companion/cli.py", "companion/commands/")  # never run in the browser
IN_THE_BROWSER = {"js", "pyodide", "pyodide_js", "flet_js"}  # provided by Pyodide, or by Flet's worker (flet_js)
SERVER_ONLY = {"flet_web"}  # serves the web client to a browser (companion serve): never runs inside one
PHONE_ONLY = {"flet_notifications"}  # the packaged Android/iOS app's scheduler: no web client half


class BuildError(Exception):
    """The build cannot go on; the message says why in one line."""


# ---- inputs ------------------------------------------------------------------------------------------
def _files(path: Path):
    if path.is_file():
        yield path
    elif path.is_dir():
        for child in sorted(path.rglob("*")):
            if child.is_file() and "__pycache__" not in child.parts:
                yield child


def inputs_digest() -> str:
    """Changes whenever anything that goes into the build changes (the vendored packages' versions too)."""
    versions = [f"{name}=={metadata.version(name)}" for name in browser_packages()]
    digest = hashlib.sha256(" ".join([FLET_VERSION, *versions]).encode())
    for name in BUILD_INPUTS:
        for path in _files(ROOT / name):
            digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def is_current(out: Path) -> bool:
    """True if `out` holds a complete build of the current inputs."""
    try:
        return json.loads((out / STAMP).read_text())["inputs"] == inputs_digest()
    except (OSError, ValueError, KeyError, BuildError):
        return False


def ensure_flet_cli() -> None:
    """`flet publish` comes from flet-cli: install it into this venv from the package index if missing."""
    try:
        import flet_cli  # noqa: F401
    except ImportError:
        print(f"Installing flet-cli=={FLET_VERSION} (needed once for `flet publish`)")
        pip = [sys.executable, "-m", "pip", "install", "--quiet", f"flet-cli=={FLET_VERSION}"]
        if subprocess.run(pip).returncode:
            raise BuildError(f"could not install flet-cli=={FLET_VERSION} from the package index")


# ---- Python packages for the browser -------------------------------------------------------------------
def imported_modules() -> set[str]:
    """Top-level modules the app's code imports anywhere (also inside functions), CLI commands aside."""
    names = set()
    for path in [ROOT / "main.py", *sorted((ROOT / "companion").rglob("*.py"))]:
        if str(path.relative_to(ROOT)).startswith(CLI_ONLY):
            continue
        for node in ast.walk(ast.parse(path.read_bytes(), str(path))):
            if isinstance(node, ast.Import):
                names.update(alias.name.partition(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.partition(".")[0])
    return names - set(sys.stdlib_module_names) - IN_THE_BROWSER - SERVER_ONLY - PHONE_ONLY - {"companion"}


def browser_packages() -> list[str]:
    """Distributions the app imports, with their dependencies for the browser (markers as in Pyodide)."""
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    owners = metadata.packages_distributions()
    missing = sorted(name for name in imported_modules() if name not in owners)
    if missing:
        raise BuildError(f"the app imports {', '.join(missing)}, which no installed package provides")
    todo = [dist for name in imported_modules() for dist in owners[name]] + ALWAYS
    found: dict[str, str] = {}
    while todo:
        name = canonicalize_name(todo.pop())
        if name in found:
            continue
        dist = metadata.distribution(name)
        found[name] = dist.metadata["Name"]
        for spec in dist.requires or []:
            req = Requirement(spec)
            if req.marker is None or req.marker.evaluate({**BROWSER, "extra": ""}):
                todo.append(req.name)
    return sorted(found.values(), key=str.lower)


def vendor(names: list[str], target: Path) -> None:
    """Copy each installed distribution (code + dist-info, so micropip sees it installed) into target."""
    for name in names:
        dist = metadata.distribution(name)
        if dist.files is None:
            raise BuildError(f"{name} was installed without a file list (RECORD); reinstall it with pip")
        binaries = [f for f in dist.files if f.suffix in (".so", ".pyd")]
        if binaries and name.lower() not in COMPILED:
            raise BuildError(f"{name} contains compiled code ({binaries[0]}), which cannot run in the browser: "
                             "decide in COMPILED (tools/build_pwa.py) whether it ships pure or is left out")
        if binaries and COMPILED[name.lower()] == "skip":
            continue
        for file in dist.files:
            parts = file.parts
            if parts[0] == ".." or "__pycache__" in parts or file.suffix in (".pyc", ".so", ".pyd"):
                continue
            if len(parts) > 2 and parts[1] == "tests":  # a package's own test suite (icalendar's is 2 MB)
                continue
            source = Path(dist.locate_file(file))
            if source.is_file():
                (target / file).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target / file)


# ---- flet publish without internet ---------------------------------------------------------------------
def offline_flet_cache(work: Path) -> dict[str, str]:
    """Environment for `flet publish`: the Pyodide flet-web ships, and a local python-build manifest."""
    import flet_web

    shipped = Path(flet_web.get_package_web_dir()) / "pyodide"
    version = json.loads((shipped / "package.json").read_text())["version"]
    lock = json.loads((shipped / "pyodide-lock.json").read_text())
    python = lock["info"]["python"]
    short = ".".join(python.split(".")[:2])
    cache = work / "flet-cache"
    shutil.copytree(shipped, cache / "pyodide" / version)
    lock["info"]["version"] = version
    (cache / "pyodide" / version / "pyodide-lock.json").write_text(json.dumps(lock))
    manifest = work / "python-build-manifest.json"
    manifest.write_text(json.dumps({"default_python_version": short, "pythons": {short: {
        "full_version": python, "pyodide_version": version, "android_abis": []}}}))
    return {"FLET_CACHE_DIR": str(cache), "FLET_PYTHON_BUILD_MANIFEST": str(manifest)}


def _web_client():
    sys.path.insert(0, str(ROOT))
    from companion.adapters import web_client

    return web_client


def offline_client(work: Path) -> Path:
    """flet-web's client as `companion serve` uses it: no third-party (Rive CDN) address, pinch zoom allowed,
    a page with a language, title and description (companion/adapters/web_client.py)."""
    import flet_web

    return _web_client().offline_web_dir(Path(flet_web.get_package_web_dir()), work / "client")


def pack(folder: Path, archive: Path) -> None:
    """A zip of `folder` for zipimport, the same bytes every time."""
    with zipfile.ZipFile(archive, "w") as zipped:
        for path in sorted(folder.rglob("*")):  # folders too: zipimport finds namespace packages by them
            name = path.relative_to(folder).as_posix() + ("/" if path.is_dir() else "")
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = (0o40755 if path.is_dir() else 0o644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zipped.writestr(info, b"" if path.is_dir() else path.read_bytes(), compresslevel=9)


def stage(work: Path, clinic: Path | None) -> Path:
    app = work / "app"
    for name in APP_SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, app / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            app.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, app / name)
    if clinic:
        if not Path(clinic).is_file():
            raise BuildError(f"--clinic {clinic}: file not found")
        shutil.copyfile(clinic, app / "data" / "clinic.toml")
    packages = browser_packages()
    vendor([name for name in packages if name != TZDATA], work / "packages")
    vendor([TZDATA], app)
    pack(work / "packages", work / PACKAGES)
    check = f"import sys; sys.path[:0] = [{str(work / PACKAGES)!r}, '.']\n" + IMPORT_APP
    done = subprocess.run([sys.executable, "-S", "-c", check], cwd=app, capture_output=True, text=True)
    if done.returncode:  # as in the browser: only the staged app and packages.zip, no site-packages
        raise BuildError(f"the app does not import from the staged packages alone:\n{done.stderr[-2000:]}")
    return app


def load_clinic(app: Path):
    """The clinic the browser app will use (its name and colour go into the manifest)."""
    sys.path.insert(0, str(ROOT))
    from companion.adapters import clinic_file
    from companion.core.clinic import ClinicError

    bundled = app / "data" / clinic_file.BUNDLED
    try:
        return clinic_file.load_clinic(bundled if bundled.is_file() else app / "data" / clinic_file.DEFAULT)
    except ClinicError as error:
        raise BuildError(f"the clinic file is not valid (check it with `companion check-clinic`): {error}") from None


def publish(app: Path, out: Path, env: dict[str, str], clinic, project: dict) -> None:
    web = project.get("tool", {}).get("flet", {}).get("web", {})
    command = [sys.executable, "-m", "flet_cli.cli", "publish", str(app / "main.py"), "--distpath", str(out),
               "--no-cdn", "--web-renderer", "auto", "--app-name", clinic.name,
               "--app-short-name", clinic.short_name, "--app-description", project["project"]["description"],
               "--route-url-strategy", web.get("route_url_strategy", "hash"),
               "--pwa-theme-color", clinic.seed_color,
               "--pwa-background-color", web.get("pwa_background_color", "#FFFFFF")]
    done = subprocess.run(command, cwd=app, env={**os.environ, **env}, capture_output=True, text=True)
    if done.returncode:
        raise BuildError(f"flet publish failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")


# ---- fixes after publishing ------------------------------------------------------------------------------
def _replace(path: Path, pattern: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    fixed, count = re.subn(pattern, lambda _: new, text, count=1)
    if count != 1:
        raise BuildError(f"{path.name}: {pattern!r} not found (flet-web changed?)")
    path.write_text(fixed, encoding="utf-8")


def drop_requirements(archive: Path) -> None:
    """Everything is in packages.zip: without requirements.txt the browser never starts micropip."""
    with tarfile.open(archive) as source:
        members = [(m, source.extractfile(m).read() if m.isfile() else None) for m in source.getmembers()]
    with tarfile.open(archive, "w:gz", format=tarfile.GNU_FORMAT) as tar:
        for member, data in members:
            if member.name not in ("requirements.txt", "pyproject.toml"):
                member.mtime = 0  # same inputs, same archive, same cache version
                tar.addfile(member, io.BytesIO(data) if data is not None else None)


def drop_unused_fonts(out: Path) -> None:
    manifest = out / "assets" / "FontManifest.json"
    kept = []
    for family in json.loads(manifest.read_text(encoding="utf-8")):
        if not family["family"].startswith(UNUSED_FONTS):
            kept.append(family)
            continue
        for font in family["fonts"]:
            path = out / "assets" / font["asset"]
            path.unlink(missing_ok=True)
            while path.parent != out and not any(path.parent.iterdir()):  # and the folders left empty
                path = path.parent
                path.rmdir()
    manifest.write_text(json.dumps(kept), encoding="utf-8")


def write_manifest(out: Path, clinic, project: dict) -> None:
    web = project.get("tool", {}).get("flet", {}).get("web", {})
    icons = [{"src": f"icons/icon{kind}-{size}.png", "sizes": f"{size}x{size}", "type": "image/png",
              "purpose": purpose}
             for kind, purpose in (("", "any"), ("-maskable", "maskable")) for size in (192, 512)]
    manifest = {"id": "./", "name": clinic.name, "short_name": clinic.short_name,
                "description": project["project"]["description"], "lang": clinic.locale,
                "start_url": "./", "scope": "./", "display": "standalone", "orientation": "any",
                "background_color": web.get("pwa_background_color", "#FFFFFF"),
                "theme_color": clinic.seed_color, "icons": icons}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")


def write_service_worker(out: Path) -> dict:
    files = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file() and p.name != "sw.js")
    fonts = json.loads((out / "assets" / "FontManifest.json").read_text(encoding="utf-8"))
    core = CORE + [f"assets/{font['asset']}" for family in fonts for font in family["fonts"]]
    core += [name for name in files if name.endswith("/rive_native.js")]  # the stubs the client asks for
    missing = [name for name in core if not (out / name).is_file()]
    if missing:
        raise BuildError(f"the build lacks files every start needs: {', '.join(missing)}")
    digest = hashlib.sha256()
    for name in files:
        digest.update(name.encode() + b"\0" + (out / name).read_bytes())
    build = {"cache": f"companion-pwa-{digest.hexdigest()[:12]}", "core": core, "files": files}
    template = (PWA / "sw.js").read_text(encoding="utf-8")
    (out / "sw.js").write_text(re.sub(r"/\*BUILD\*/ \{.*?\};", lambda _: f"{json.dumps(build)};", template, count=1),
                               encoding="utf-8")
    return build


def finish(out: Path, clinic, project: dict) -> dict:
    drop_requirements(out / "app.tar.gz")
    drop_unused_fonts(out)
    for path in list(out.rglob("*")):
        if path.is_file() and UNUSED.search(str(path.relative_to(out))):
            path.unlink()
    for name in OURS:
        shutil.copyfile(PWA / name, out / name)
    index = out / "index.html"
    # flet publish wrote the clinic's name unescaped: the title, description and language once more, escaped
    index.write_text(_web_client().patch_index(index.read_text(encoding="utf-8"), clinic.name,
                                               project["project"]["description"], clinic.locale.split("-")[0]),
                     encoding="utf-8")
    _replace(index, r'flet\.pyodideUrl="[^"]*";', 'flet.pyodideUrl="./pyodide-loader.mjs";')
    _replace(index, r'<link rel="manifest" href="manifest.json">',
             f'<link rel="manifest" href="manifest.json">\n  <meta name="theme-color" content="{clinic.seed_color}">'
             '\n  <script src="pwa.js"></script>')
    _replace(out / "flutter_bootstrap.js", r"serviceWorkerSettings:\s*\{[^}]*\},", "")
    _replace(out / "python.js", r"app\.worker = new Worker\(", "app.worker = companionWorker(")  # see pwa.js
    worker = out / "python-worker.js"
    _replace(worker, r'pkgs_path = "__pypackages__"',  # the packages zip on sys.path
             f'pkgs_path = "{PACKAGES}"')
    # pyodide-loader.mjs unpacked the app: start it through companion/browser_boot.py, not Flet's script
    boot = ('if (self.pyodide.FS.analyzePath(".companion-unpacked").exists) '
            'self.pyodide.pyimport("companion.browser_boot").boot();  // see companion/browser_boot.py\n'
            '        else await self.pyodide.runPythonAsync(`')
    _replace(worker, r"await self\.pyodide\.runPythonAsync\(`", boot)
    for name in SW_ANSWERED:
        (out / name).write_bytes(b"")
    write_manifest(out, clinic, project)
    return write_service_worker(out)


def build(out: Path = DEFAULT_OUT, clinic: Path | None = None) -> Path:
    """Build the offline web app into `out` (replaced whole); returns `out`."""
    ensure_flet_cli()
    out = Path(out).resolve()
    digest = inputs_digest()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="companion-pwa-") as tmp:
        work = Path(tmp)
        app = stage(work, clinic)
        chosen = load_clinic(app)
        env = offline_flet_cache(work)
        env["FLET_WEB_PATH"] = str(offline_client(work))
        publish(app, work / "dist", env, chosen, project)
        shutil.copyfile(work / PACKAGES, work / "dist" / PACKAGES)
        build_info = finish(work / "dist", chosen, project)
        sizes = {name: (work / "dist" / name).stat().st_size for name in build_info["core"]}
        info = {"inputs": digest, "cache": build_info["cache"], "core_bytes": sum(sizes.values()),
                "packages": sorted(p.name for d in (work / "packages", app) for p in d.glob("*.dist-info"))}
        (work / "dist" / STAMP).write_text(json.dumps(info, indent=2))
        if out.exists():
            shutil.rmtree(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(work / "dist", out)
    return out


# ---- serving a build -------------------------------------------------------------------------------------
class StaticHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".mjs": "text/javascript",
                      ".js": "text/javascript", ".wasm": "application/wasm", ".json": "application/json"}

    def end_headers(self):
        if self.path.split("?")[0].endswith("/sw.js"):
            self.send_header("Cache-Control", "no-cache")
        for name, value in ISOLATION.items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, *args):
        pass


def make_server(folder: Path, port: int, host: str = "127.0.0.1") -> http.server.ThreadingHTTPServer:
    return http.server.ThreadingHTTPServer((host, port), functools.partial(StaticHandler, directory=str(folder)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command")
    serve = sub.add_parser("serve", help="serve a build on http://127.0.0.1:PORT")
    serve.add_argument("--dir", type=Path, default=DEFAULT_OUT)
    serve.add_argument("--port", type=int, default=8560)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where the build goes (default dist/pwa)")
    parser.add_argument("--clinic", type=Path, help="a checked clinic.toml to bake in (default: data/clinic.toml "
                                                      "if present, else the generic one)")
    parser.add_argument("--if-stale", action="store_true", help="do nothing if --out holds a build of these inputs")
    args = parser.parse_args(argv)
    if args.command == "serve":
        if not (args.dir / "index.html").is_file():
            print(f"No build in {args.dir}: run `make pwa` first.", file=sys.stderr)
            return 2
        print(f"Serving {args.dir} on http://127.0.0.1:{args.port}/  (Ctrl+C to stop)", flush=True)
        with make_server(args.dir, args.port) as server:
            try:
                server.serve_forever()
            except KeyboardInterrupt:
                pass
        return 0
    if args.if_stale and is_current(args.out) and not args.clinic:
        print(f"{args.out} is up to date.")
        return 0
    try:
        out = build(args.out, args.clinic)
    except BuildError as error:
        print(f"make pwa: {error}", file=sys.stderr)
        return 2
    info = json.loads((out / STAMP).read_text())
    print(f"Built {out} ({info['core_bytes'] / 1e6:.1f} MB precached at install; packages: "
          f"{', '.join(p.split('-')[0] for p in info['packages'])})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
