// Loads Pyodide for Flet's Python worker, then puts the app's data folder on IndexedDB (IDBFS) and
// fills it from there BEFORE Python starts, so the Store finds last session's files.
// tools/build_pwa.py points flet.pyodideUrl here. python-worker-early.js starts this while Flutter
// is still loading; Flet's worker code then gets the same, already started, load.
// Python copies changes back with FS.syncfs (companion/adapters/browser_storage.py) and reads the
// outcome from globalThis.companionStorage.
//
// Faster starts: once the app has started without one, snapshot-worker.mjs makes a memory snapshot of
// Python with the app's modules imported, and the service worker keeps it beside this build's files.
// Later starts restore it instead of starting Python and importing everything again (seconds saved).
// Any problem with it (none yet, an old browser, a broken one) means a normal start: never a failed one;
// after one that did not load, sw.js says "failed" and no more are made for this build. sw.js gives each
// state in a header (X-Companion-Snapshot), never as an error status; before it controls the page (the first
// visit), the host answers with the build's empty file of that name, without the header.
import { loadPyodide as loadRuntime } from "./pyodide/pyodide.mjs";
import { unpackPages } from "./snapshot-pages.mjs";
import { untarGzip } from "./app-archive.mjs";

const DATA_DIR = "/companion-data";
const SNAPSHOT_URL = "companion-snapshot"; // answered by sw.js from this build's cache, never by the network
const SNAPSHOT_DELAY_MS = 5000; // made once the app is up, so it does not slow this start down
// Once per build, a start from the snapshot then gives the browser Python work to optimize, so that
// Chromium keeps Python's optimized machine code for the next starts (companion/browser_boot.py warm_up).
const WARMED_URL = "companion-warmed"; // sw.js: X-Companion-Warmed "done" for this build, "to do" before
const WARM_UP = { delay: 6000, ms: 3000, pause: 10 }; // in slices, with pauses for the app's own messages
const output = { stdout: (text) => console.log(text), stderr: (text) => console.error(text) };
export const PYTHON_ENV = { COMPANION_DATA_DIR: DATA_DIR }; // the snapshot keeps it: snapshot-worker.mjs too
const settings = () => ({
  env: PYTHON_ENV,
  stdout: (text) => output.stdout(text),
  stderr: (text) => output.stderr(text),
});
let loading = null;

// The snapshot holds the memory as it was when it was made, larger than a new instance starts with:
// grow the new instance's memory to that size before Pyodide copies the snapshot in.
function memoryAtLeast(size) {
  const instantiate = WebAssembly.instantiateStreaming;
  WebAssembly.instantiateStreaming = async (...args) => {
    WebAssembly.instantiateStreaming = instantiate;
    const [result, bytes] = await Promise.all([instantiate(...args), size]);
    const memory = result.instance.exports.memory;
    if (memory && memory.buffer.byteLength < bytes) {
      memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / 65536));
    }
    return result;
  };
  return () => (WebAssembly.instantiateStreaming = instantiate);
}

// The restored Pyodide from sw.js's answer; null if it failed (then sw.js says "failed" from now on).
async function fromSnapshot(response) {
  let restore = () => {};
  try {
    const snapshot = response.arrayBuffer().then(unpackPages);
    restore = memoryAtLeast(snapshot.then((bytes) => bytes.length)); // Pyodide loads while this is read
    const pyodide = await loadRuntime({ ...settings(), _loadSnapshot: snapshot });
    // What the snapshot froze but must differ per start: the random generator and the time zone.
    pyodide.runPython("import random, time\nrandom.seed()\nif hasattr(time, 'tzset'): time.tzset()");
    return pyodide;
  } catch (err) {
    console.warn("Companion: the start-up snapshot did not load; starting normally:", err);
    await fetch(SNAPSHOT_URL, { method: "DELETE" }).catch(() => {});
    return null;
  } finally {
    restore();
  }
}

function makeSnapshotLater() {
  if (typeof Worker === "undefined") return;
  setTimeout(() => {
    const worker = new Worker(new URL("./snapshot-worker.mjs", import.meta.url), { type: "module" });
    worker.onmessage = (event) => {
      if (event.data !== "saved" && event.data !== "skipped") console.warn("Companion: no start-up snapshot:", event.data);
      worker.terminate();
    };
  }, SNAPSHOT_DELAY_MS);
}

async function warmUpLater(pyodide) {
  const answer = await fetch(WARMED_URL).catch(() => null);
  if (answer?.headers.get("X-Companion-Warmed") !== "to do") return; // done (or no service worker)
  await new Promise((resolve) => setTimeout(resolve, WARM_UP.delay));
  const steps = pyodide.runPython("import companion.browser_boot as b\nb.warm_up()");
  const end = performance.now() + WARM_UP.ms;
  try {
    while (performance.now() < end) {
      steps.next();
      await new Promise((resolve) => setTimeout(resolve, WARM_UP.pause));
    }
  } finally {
    steps.destroy();
  }
  await fetch(WARMED_URL, { method: "PUT" });
}

async function startPython() {
  const response = await fetch(SNAPSHOT_URL).catch(() => null);
  const state = response && response.headers.get("X-Companion-Snapshot"); // null: not from sw.js
  if (response && state !== "ready") await response.arrayBuffer().catch(() => null); // empty: read, not dropped
  const restored = state === "ready" ? await fromSnapshot(response) : null;
  if (restored) {
    globalThis.companionStorage.snapshot = true;
    warmUpLater(restored).catch((err) => console.warn("Companion: no warm-up:", err));
    return restored;
  }
  const pyodide = await loadRuntime(settings());
  // None yet (never after a failed one); on a first visit snapshot-worker.mjs asks sw.js again, later.
  if (state === "none" || (response && response.ok && state === null)) makeSnapshotLater();
  return pyodide;
}

// The app's files, unpacked where Flet's worker would, and the packages zip beside them as it is (imported
// in place). Fetched and read while Python restores; written into Python's file system once it has.
// With UNPACKED there, Flet's worker starts the app through companion/browser_boot.py (which puts the
// zip on sys.path) instead of its own script, which would download the archive itself.
const UNPACKED = ".companion-unpacked";
export const PACKAGES = "packages.zip";
async function bytesOf(name) {
  const response = await fetch(name);
  if (!response.ok) throw new Error(`${name}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}
export function fetchApp() {
  return Promise.all([bytesOf("app.tar.gz").then(untarGzip), bytesOf(PACKAGES)]);
}

export async function unpackApp(pyodide, files = fetchApp()) {
  const [app, packages] = await files;
  const FS = pyodide.FS;
  const home = FS.cwd(); // where Flet's worker unpacks, and runs main.py from
  for (const { path, data } of app) {
    const folder = data === null ? path : path.slice(0, Math.max(0, path.lastIndexOf("/")));
    if (folder) FS.mkdirTree(`${home}/${folder}`);
    if (data !== null) FS.writeFile(`${home}/${path}`, data);
  }
  FS.writeFile(`${home}/${PACKAGES}`, packages);
  FS.writeFile(`${home}/${UNPACKED}`, "");
}

async function load() {
  globalThis.companionStorage = { dir: DATA_DIR, kept: false, error: "", snapshot: false };
  const files = fetchApp();
  files.catch(() => {}); // reported by unpackApp below
  const [pyodide, owner] = await Promise.all([startPython(), ownTheData()]);
  await unpackApp(pyodide, files).catch((err) => console.warn("Companion: the app's files did not load:", err));
  const FS = pyodide.FS;
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
  console.log(`Companion: Python ready${globalThis.companionStorage.snapshot ? " (from the start-up snapshot)" : ""}`);
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
