// advocate's service worker, written by `advocate build` as sw.js at the
// portal's root. Network first: a page comes from the portal whenever it
// answers, and the last pages opened (with the app shell) are kept for
// when it does not. A post past its expires_at is never served from here:
// an expired text must not be shared, online or off.
"use strict";

const CACHE = "advocate-__VERSION__";
// Paths from the portal's root: the front page and the 404 page, which any
// offline visit needs, and the rest of the shell (interface files, the
// theme's files), kept once a page has loaded them.
const FRONT = __FRONT__;
const NOT_FOUND = __NOT_FOUND__;
const SHELL = __SHELL__;
// Pages kept for offline use, the most recent first.
const PAGES_KEPT = 60;
const EXPIRES = "x-advocate-expires";

self.addEventListener("install", (event) => {
  event.waitUntil(keepShell().then(() => self.skipWaiting()));
});

// What the browser already has, from its HTTP cache: never fetched again.
async function loaded(url) {
  try {
    const response = await fetch(url, { cache: "only-if-cached", mode: "same-origin" });
    return response.ok ? response : null;
  } catch (error) {
    return null;
  }
}

// The shell as the first visit left it. What the page loaded is kept
// from the HTTP cache; the front page (at both of its addresses) and the
// 404 page are fetched only if the page did not load them; the rest of the
// shell is kept as pages ask for it (below), so installing downloads next
// to nothing more than the visit did.
async function keepShell() {
  const cache = await caches.open(CACHE);
  const scope = self.registration.scope;
  await Promise.all(SHELL.map(async (path) => {
    const url = new URL(path, scope).href;
    const response = await loaded(url);
    if (response) await cache.put(url, response);
  }));
  const front = new URL(FRONT, scope).href;
  const page = (await loaded(front)) || (await loaded(scope)) || (await fetch(front));
  if (!page.ok) throw new Error("the front page did not load");
  await cache.put(scope, page.clone());
  await cache.put(front, page);
  const missing = new URL(NOT_FOUND, scope).href;
  const notFound = (await loaded(missing)) || (await fetch(missing));
  if (!notFound.ok) throw new Error("the 404 page did not load");
  await cache.put(missing, notFound);
}

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
    if (response.ok && (request.mode === "navigate" || isShell(url.href))) {
      const copy = response.clone();
      event.waitUntil(keep(request, copy));
    }
    return response;
  }).catch(() => fromCache(request)));
});

// The shell's addresses, made once (the scope is fixed for a worker).
const SHELL_URLS = new Set([FRONT, NOT_FOUND, ...SHELL]
  .map((path) => new URL(path, self.registration.scope).href)
  .concat(self.registration.scope));

function isShell(href) {
  return SHELL_URLS.has(href);
}

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
  const pages = keys.filter((key) => !SHELL_URLS.has(key.url));
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
    const missing = await cache.match(new URL(NOT_FOUND, self.registration.scope).href);
    if (missing) return new Response(await missing.blob(), { status: 404, headers: missing.headers });
  }
  return Response.error();
}
