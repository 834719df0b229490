// 1. Starts Python (Pyodide) at once, in the worker python.js will ask for (companionWorker).
// 2. Registers the app's service worker (sw.js) and, on the first visit, tells it which files this
//    page loaded (the CanvasKit variant depends on the browser) so it caches exactly those.
(function () {
  let early = new Worker("python-worker-early.js", { type: "module" });
  window.companionWorker = function (url, options) {
    const worker = early || new Worker(url, options);
    early = null;
    return worker;
  };

  if (!("serviceWorker" in navigator)) return;
  navigator.serviceWorker.register("sw.js").catch((err) => console.warn("Companion: no offline mode:", err));
  function reportLoadedFiles() {
    const urls = performance.getEntriesByType("resource").map((e) => e.name);
    navigator.serviceWorker.ready.then((reg) => reg.active && reg.active.postMessage({ cache: urls }));
  }
  window.addEventListener("flutter-first-frame", () => setTimeout(reportLoadedFiles, 1000), { once: true });
})();
