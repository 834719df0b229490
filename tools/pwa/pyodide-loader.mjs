// Loads Pyodide for Flet's Python worker, then puts the app's data folder on IndexedDB (IDBFS) and
// fills it from there BEFORE Python starts, so the Store finds last session's files.
// tools/build_pwa.py points flet.pyodideUrl here. python-worker-early.js starts this while Flutter
// is still loading; Flet's worker code then gets the same, already started, load.
// Python copies changes back with FS.syncfs (companion/adapters/browser_storage.py) and reads the
// outcome from globalThis.companionStorage.
import { loadPyodide as loadRuntime } from "./pyodide/pyodide.mjs";

const DATA_DIR = "/companion-data";
const output = { stdout: (text) => console.log(text), stderr: (text) => console.error(text) };
let loading = null;

async function load() {
  const [pyodide, owner] = await Promise.all([
    loadRuntime({
      env: { COMPANION_DATA_DIR: DATA_DIR },
      stdout: (text) => output.stdout(text),
      stderr: (text) => output.stderr(text),
    }),
    ownTheData(),
  ]);
  const FS = pyodide.FS;
  globalThis.companionStorage = { dir: DATA_DIR, kept: false, error: "" };
  try {
    FS.mkdirTree(DATA_DIR);
    FS.mount(FS.filesystems.IDBFS, {}, DATA_DIR);
    await new Promise((resolve, reject) => FS.syncfs(true, (err) => (err ? reject(err) : resolve())));
    globalThis.companionStorage.kept = owner;
    if (!owner) globalThis.companionStorage.error = "open elsewhere";
  } catch (err) {
    // No IndexedDB (some private windows): the app still starts, and says its data will not be kept.
    console.warn("Companion: browser storage unavailable:", err);
    globalThis.companionStorage.error = String((err && (err.message || err.name)) || err);
  }
  return pyodide;
}

// One window writes the data at a time: each one copies its whole folder back to IndexedDB, so a second
// window would undo the first one's changes. The lock is held until this window closes (or reloads).
function ownTheData() {
  if (!(navigator.locks && AbortSignal.timeout)) return Promise.resolve(true);
  return new Promise((resolve) => {
    navigator.locks
      .request("companion-data", { signal: AbortSignal.timeout(5000) }, () => {
        resolve(true);
        return new Promise(() => {});
      })
      .catch(() => resolve(false));
  });
}

export function startLoading() {
  loading = loading || load();
  return loading;
}

// What Flet's python-worker.js calls; its stdout/stderr handlers replace the console ones.
export async function loadPyodide(options = {}) {
  if (options.stdout) output.stdout = options.stdout;
  if (options.stderr) output.stderr = options.stderr;
  return startLoading();
}
