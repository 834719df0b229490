// Flet's Python worker, started by pwa.js as soon as the page loads (not once Flutter has loaded):
// Pyodide loads while Flutter does. python.js (patched by tools/build_pwa.py) takes this worker.
import "./python-worker.js";
import { startLoading } from "./pyodide-loader.mjs";

startLoading();
