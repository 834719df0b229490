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

async function cached(request, key) {
  const cache = await caches.open(BUILD.cache);
  const hit = await cache.match(key);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok && response.status === 200) await cache.put(key, response.clone());
  return response;
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

// GET: the snapshot, 404 if there is none yet, 410 if one failed to load in this browser (then no more
// are made for this build: a browser that cannot restore them would otherwise make one at every start);
// PUT: keep this one; DELETE: it did not load.
const GONE = () => new Response(null, { status: 410 });
async function snapshot(request) {
  const cache = await caches.open(SNAPSHOTS);
  const kept = await cache.match(request.url);
  const failed = kept && kept.headers.get("X-Companion-Snapshot") === "failed";
  if (request.method === "PUT") {
    if (failed) return GONE();
    const body = await request.blob();
    await cache.put(request.url, new Response(body, { headers: { "Content-Type": "application/octet-stream" } }));
    return new Response(null, { status: 201 });
  }
  if (request.method === "DELETE") {
    await cache.put(request.url, new Response(null, { headers: { "X-Companion-Snapshot": "failed" } }));
    return new Response(null, { status: 204 });
  }
  return failed ? GONE() : kept || new Response(null, { status: 404 });
}

// The loader's warm-up for this build (see pyodide-loader.mjs): GET 204 once done, 404 before; PUT: done.
async function warmed(request) {
  const cache = await caches.open(SNAPSHOTS);
  if (request.method === "PUT") {
    await cache.put(request.url, new Response(null, { status: 204 }));
    return new Response(null, { status: 201 });
  }
  return (await cache.match(request.url)) || new Response(null, { status: 404 });
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
