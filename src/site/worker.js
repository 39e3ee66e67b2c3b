// advocate's service worker, written by `advocate build` as sw.js at the
// portal's root. Network first: a page comes from the portal whenever it
// answers, and the last pages opened (with the app shell) are kept for
// when it does not. A post past its expires_at is never served from here:
// an expired text must not be shared, online or off.
"use strict";

const CACHE = "advocate-__VERSION__";
const SHELL = __SHELL__;
// Pages kept for offline use, the most recent first.
const PAGES_KEPT = 60;
const EXPIRES = "x-advocate-expires";

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((key) => key.startsWith("advocate-") && key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()));
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  // A stream (the live preview's reload events) goes straight through.
  if ((request.headers.get("accept") || "").includes("text/event-stream")) return;
  event.respondWith(fetch(request).then((response) => {
    if (response.ok && (request.mode === "navigate" || SHELL.some((path) => new URL(path, self.registration.scope).href === url.href))) {
      const copy = response.clone();
      event.waitUntil(keep(request, copy));
    }
    return response;
  }).catch(() => fromCache(request)));
});

// Keeps a page, with its post's expiry (the article's data-expires) as a
// header of the kept copy.
async function keep(request, response) {
  const cache = await caches.open(CACHE);
  const body = await response.blob();
  const headers = new Headers(response.headers);
  if ((response.headers.get("content-type") || "").startsWith("text/html")) {
    const found = /<article class="post"[^>]*\sdata-expires="([^"]+)"/.exec(await body.text());
    if (found) headers.set(EXPIRES, found[1]);
  }
  await cache.put(request.url.split("#")[0], new Response(body, { status: response.status, headers }));
  const keys = await cache.keys();
  const shell = new Set(SHELL.map((path) => new URL(path, self.registration.scope).href));
  const pages = keys.filter((key) => !shell.has(key.url));
  for (const old of pages.slice(0, Math.max(0, pages.length - PAGES_KEPT))) await cache.delete(old);
}

async function fromCache(request) {
  const cache = await caches.open(CACHE);
  const url = request.url.split("#")[0];
  const kept = await cache.match(url, { ignoreSearch: request.mode === "navigate" });
  if (kept) {
    const expires = kept.headers.get(EXPIRES);
    if (!expires || Date.parse(expires) > Date.now()) return kept;
    await cache.delete(url);
  }
  if (request.mode === "navigate") {
    const missing = await cache.match(new URL("404.html", self.registration.scope).href);
    if (missing) return new Response(await missing.blob(), { status: 404, headers: missing.headers });
  }
  return Response.error();
}
