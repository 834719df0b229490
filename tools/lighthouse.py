"""`make lighthouse`: Lighthouse's accessibility and best-practices scores of the served and the offline app.

    python tools/lighthouse.py [--only served|offline]

npm `lighthouse` (pinned in package.json; `make lighthouse` installs it) runs Debian's Chromium, launched
with the browser tests' arguments (tools/browser_harness.py), against `companion serve` on a new data folder
and against dist/pwa (built first if stale) served as `make serve-pwa` serves it. Two runs per app:

- page load: Lighthouse's standard run (a phone, a new profile): the page as it loads, the figures of the
  README and of issue 19;
- first screen: a snapshot of Today once the app is up, with Flutter's accessibility tree switched on, as a
  screen reader user gets it (tools/lighthouse_snapshot.mjs).

Prints each score and every audit that lost points; the reports go to artifacts/lighthouse/. Exits 1 when a
score is below the goal (0.95). Not part of `make test`: about two minutes.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tools import build_pwa  # noqa: E402
from tools.browser_harness import CHROMIUM, CHROMIUM_ARGS, free_port, serve_command, wait_http  # noqa: E402

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
SNAPSHOT = ROOT / "tools" / "lighthouse_snapshot.mjs"
REPORTS = ROOT / "artifacts" / "lighthouse"
CATEGORIES = ("accessibility", "best-practices")
GOAL = 0.95


def page_load(url: str, report: Path) -> dict:
    """Lighthouse's standard (navigation) run of `url`, as its command line makes it."""
    command = [str(LIGHTHOUSE), url, f"--only-categories={','.join(CATEGORIES)}", "--output=json",
               f"--output-path={report}", f"--chrome-flags={' '.join(CHROMIUM_ARGS)}", "--max-wait-for-load=120000",
               "--quiet"]
    done = subprocess.run(command, cwd=ROOT, env={**_env(), "CHROME_PATH": CHROMIUM}, capture_output=True, text=True)
    if done.returncode or not report.is_file():
        raise RuntimeError(f"lighthouse failed on {url}:\n{done.stderr[-3000:]}")
    return json.loads(report.read_text(encoding="utf-8"))


def first_screen(url: str, report: Path) -> dict:
    """A Lighthouse snapshot of the app's first screen with Flutter's accessibility tree on."""
    done = subprocess.run(["node", str(SNAPSHOT), url, str(report), CHROMIUM, *CHROMIUM_ARGS], cwd=ROOT, env=_env(),
                          capture_output=True, text=True)
    if done.returncode or not report.is_file():
        raise RuntimeError(f"the snapshot of {url} failed:\n{done.stderr[-3000:]}")
    return json.loads(report.read_text(encoding="utf-8"))


def _env() -> dict:
    return {**os.environ, "NO_UPDATE_NOTIFIER": "1"}


def lost_points(report: dict) -> list[str]:
    """Every audit that counts towards a score and did not pass, with what it found first."""
    lines = []
    for key, category in report["categories"].items():
        for ref in category["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                items = (audit.get("details") or {}).get("items") or []
                found = json.dumps(items[0])[:200] if items else ""
                lines.append(f"    {key}: {audit['id']} (weight {ref['weight']}): {audit['title']}  {found}")
    return lines


def scores(report: dict) -> tuple[float, ...]:
    return tuple(report["categories"][key]["score"] for key in CATEGORIES)


def served_app(work: Path) -> tuple[str, subprocess.Popen]:
    port = free_port()
    log = (work / "serve.log").open("w")
    proc = subprocess.Popen(serve_command(port, work / "data"), cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    wait_http(url, proc, 60, work / "serve.log")
    return url, proc


def offline_app(work: Path) -> tuple[str, object]:
    out = build_pwa.DEFAULT_OUT
    if not build_pwa.is_current(out):
        print("building dist/pwa (make pwa) ...", flush=True)
        build_pwa.build(out)
    site = build_pwa.make_server(out, free_port())
    threading.Thread(target=site.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{site.server_address[1]}/", site


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", choices=("served", "offline"), help="one of the two apps")
    args = parser.parse_args(argv)
    if not LIGHTHOUSE.exists() or shutil.which("node") is None:
        print("lighthouse is not installed: run `make lighthouse` (it runs npm ci first)", file=sys.stderr)
        return 2
    version = json.loads((ROOT / "node_modules" / "lighthouse" / "package.json").read_text())["version"]
    chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout.split()
    REPORTS.mkdir(parents=True, exist_ok=True)
    rows, below = [], False
    with tempfile.TemporaryDirectory(prefix="companion-lighthouse-") as tmp:
        apps = [("served", "served app (make run)", served_app), ("offline", "offline app (make pwa)", offline_app)]
        for key, label, start in apps:
            if args.only and args.only != key:
                continue
            url, running = start(Path(tmp))
            try:
                for run, how in (("page-load", page_load), ("first-screen", first_screen)):
                    report = how(url, REPORTS / f"{key}-{run}.json")
                    found = scores(report)
                    below |= any(score is None or score < GOAL for score in found)
                    rows.append((f"{label}, {run.replace('-', ' ')}", found, lost_points(report)))
                    print(f"{rows[-1][0]:<40} " + "  ".join(f"{s:.2f}" for s in found), flush=True)
            finally:
                if key == "served":
                    running.terminate()
                    running.wait(10)
                else:
                    running.shutdown()
                    running.server_close()
    print(f"\nLighthouse {version}, {' '.join(chromium[:2])}, a phone; accessibility / best practices "
          f"(goal >= {GOAL} each); reports in {REPORTS.relative_to(ROOT)}/")
    for label, found, lost in rows:
        print(f"{label:<40} {found[0]:.2f} / {found[1]:.2f}")
        if lost:
            print("\n".join(lost))
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main())
