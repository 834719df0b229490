// Companion's own service worker: after the first visit the app starts and works with the network off.
// tools/build_pwa.py fills BUILD in: a cache name that changes with every build (a new build replaces
// the old cache whole), the files every start needs (precached on install) and every file of the build
// (any other one, e.g. the CanvasKit variant this browser uses, is cached the first time the page loads it).
// It also keeps the start-up snapshot the page makes of Python (see pyodide-loader.mjs) in a cache of its
// own that belongs to this build: made here, by this browser, never downloaded.
const BUILD = /*BUILD*/ { cache: "companion-pwa-dev", core: [], files: [] };
const PREFIX = "companion-pwa-";
const SNAPSHOTS = BUILD.cache + "-snapshot";
const SCOPE = self.registration.scope;
const toUrl = (path) => new URL(path, SCOPE).href;
const KNOWN = new Set(BUILD.files.map(toUrl));
const INDEX = toUrl("index.html");

function known(url) {
  const u = new URL(url);
  u.search = "";
  u.hash = "";
  return KNOWN.has(u.href) ? u.href : null;
}

// Cross-origin isolation, whatever the host sends (build_pwa.ISOLATION): the page and its workers get it
// from the responses this worker serves, so Flutter's renderer runs as under `companion serve`.
const ISOLATION = { "Cross-Origin-Opener-Policy": "same-origin", "Cross-Origin-Embedder-Policy": "require-corp" };
function isolated(response) {
  if (response.type === "opaque" || response.type === "opaqueredirect" || response.status === 0) return response;
  if (Object.entries(ISOLATION).every(([name, value]) => response.headers.get(name) === value)) return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(ISOLATION)) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

async function cached(request, key) {
  const cache = await caches.open(BUILD.cache);
  const hit = await cache.match(key);
  if (hit) return isolated(hit);
  const response = await fetch(request);
  if (response.ok && response.status === 200) await cache.put(key, response.clone());
  return isolated(response);
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(BUILD.cache)
      .then((cache) => cache.addAll(BUILD.core.map(toUrl)))
      .then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names
        .filter((name) => name.startsWith(PREFIX) && name !== BUILD.cache && name !== SNAPSHOTS)
        .map((name) => caches.delete(name))))
      .then(() => self.clients.claim()));
});

// Every answer below carries its state in a header, never as an error status (a browser logs those as
// errors); the build's own empty companion-snapshot and companion-warmed files, which the host serves
// before this worker controls the page (the first visit), carry none.
// GET (HEAD): the snapshot, X-Companion-Snapshot: ready; or no content and "none" (none yet) or "failed"
// (one failed to load in this browser: then no more are made for this build, since a browser that cannot
// restore them would otherwise make one at every start). PUT: keep this one (410 after a failed one);
// DELETE: it did not load.
const SNAPSHOT_STATE = "X-Companion-Snapshot";
const state = (value, status = 204) => new Response(null, { status, headers: { [SNAPSHOT_STATE]: value } });
async function snapshot(request) {
  const cache = await caches.open(SNAPSHOTS);
  const kept = await cache.match(request.url);
  const failed = kept && kept.headers.get(SNAPSHOT_STATE) === "failed";
  if (request.method === "PUT") {
    if (failed) return state("failed", 410);
    const body = await request.blob();
    await cache.put(request.url, new Response(body, { headers: { "Content-Type": "application/octet-stream",
                                                                  [SNAPSHOT_STATE]: "ready" } }));
    return state("ready", 201);
  }
  if (request.method === "DELETE") {
    await cache.put(request.url, new Response(null, { headers: { [SNAPSHOT_STATE]: "failed" } }));
    return state("failed");
  }
  if (failed) return state("failed");
  if (!kept) return state("none");
  return request.method === "HEAD" ? state("ready", 200) : kept;
}

// The loader's warm-up for this build (see pyodide-loader.mjs): GET says X-Companion-Warmed: "done" or
// "to do"; PUT: done.
const WARMED_STATE = "X-Companion-Warmed";
async function warmed(request) {
  const cache = await caches.open(SNAPSHOTS);
  const done = new Response(null, { status: 204, headers: { [WARMED_STATE]: "done" } });
  if (request.method === "PUT") {
    await cache.put(request.url, done.clone());
    return new Response(null, { status: 201, headers: { [WARMED_STATE]: "done" } });
  }
  return (await cache.match(request.url)) || new Response(null, { status: 204, headers: { [WARMED_STATE]: "to do" } });
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.url === toUrl("companion-snapshot")) {
    event.respondWith(snapshot(request));
    return;
  }
  if (request.url === toUrl("companion-warmed")) {
    event.respondWith(warmed(request));
    return;
  }
  if (request.method !== "GET") return;
  if (request.mode === "navigate" && request.url.startsWith(SCOPE)) {
    event.respondWith(cached(request, INDEX));
    return;
  }
  const key = known(request.url);
  if (key) event.respondWith(cached(request, key));
});

// pwa.js sends the files the first visit loaded before this worker controlled the page.
self.addEventListener("message", (event) => {
  const urls = ((event.data && event.data.cache) || []).map(known).filter(Boolean);
  event.waitUntil(caches.open(BUILD.cache).then((cache) =>
    Promise.all(urls.map(async (url) => (await cache.match(url)) || cache.add(url).catch(() => {})))));
});
