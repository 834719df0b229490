// Makes the start-up snapshot pyodide-loader.mjs restores: Python started as Flet's worker starts it
// (same settings, the app unpacked in the same folder), every module of the first screen imported, then
// its memory (all-zero pages left out) handed to the service worker, which keeps it with this build's files (a new
// build drops it). Runs in the background, once, after a start without one. Posts "saved", "skipped" or why not.
import { loadPyodide } from "./pyodide/pyodide.mjs";
import { PACKAGES, PYTHON_ENV, unpackApp } from "./pyodide-loader.mjs";
import { packPages } from "./snapshot-pages.mjs";

const PREPARE = `
import gc, sys
sys.path.insert(0, ${JSON.stringify(PACKAGES)})
import companion.app
companion.app.preload()
gc.collect()
`;

async function make() {
  // Only when sw.js says there is none: before it controls this worker (a first visit whose service worker
  // was not ready), the host would answer, and it keeps nothing.
  const asked = await fetch("companion-snapshot", { method: "HEAD" });
  if (asked.headers.get("X-Companion-Snapshot") !== "none") return "skipped";
  const pyodide = await loadPyodide({ env: PYTHON_ENV, _makeSnapshot: true });
  await unpackApp(pyodide);
  pyodide.runPython(PREPARE);
  const saved = await fetch("companion-snapshot", { method: "PUT", body: packPages(pyodide.makeMemorySnapshot()) });
  if (!saved.ok) throw new Error(`not kept (HTTP ${saved.status})`);
  return "saved";
}

make().then(
  (outcome) => postMessage(outcome),
  (err) => postMessage(String((err && err.message) || err)),
);
