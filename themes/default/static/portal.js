// advocate portal, on every page: the interface in every language of the
// site, what this browser remembers (shared, saved, last visit), the
// personal code, sharing a text, and cards that share from any list. Each
// page type adds its own part (index.js, post.js, me.js), which reads what
// it needs from `self.advocate`. Progressive: without JavaScript every
// page is a plain, usable list or text, and controls that need the script
// stay hidden. Nothing is sent anywhere: the personal code, the employee's
// own server (for networks that need one), the language and what was
// shared stay in this browser's localStorage. No network is named here:
// each one's share intent comes from advocate's network table, as the
// data-intent template, and its name from the interface file. Paths come
// from the page (data-interface, data-worker), as advocate's routes name
// them.
"use strict";


(function () {
  const body = document.body;
  const store = {
    get(key) { try { return localStorage.getItem("advocate." + key); } catch (e) { return null; } },
    set(key, value) { try { localStorage.setItem("advocate." + key, value); } catch (e) { /* private mode */ } },
    json(key, fallback) { try { return JSON.parse(store.get(key)) || fallback; } catch (e) { return fallback; } },
  };
  document.documentElement.classList.add("js");
  // Controls that only work with the script come out of hiding.
  const reveal = (el) => { if (el) el.hidden = false; };

  // ---- The interface language (i18n/LANG.js: one language's strings and
  // names; the page's own is loaded with it, another when wanted) ----
  const I18N = self.advocateI18n || (self.advocateI18n = {});
  const pageLang = document.documentElement.lang;
  const known = (body.dataset.langs || pageLang).split(" ").filter(Boolean);
  // A script of the portal's, loaded when first needed.
  function loadScript(path) {
    return new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = body.dataset.root + path;
      script.onload = resolve;
      script.onerror = () => { script.remove(); reject(new Error(path)); };
      document.head.append(script);
    });
  }
  function loadLang(wanted) {
    if (I18N[wanted] || !known.includes(wanted)) return Promise.resolve();
    return loadScript(body.dataset.interface + encodeURIComponent(wanted) + ".js").catch(() => { /* the page's own language stays */ });
  }
  function chooseLang() {
    const saved = store.get("lang");
    if (saved && known.includes(saved)) return saved;
    for (const tag of navigator.languages || [navigator.language || ""]) {
      const lower = tag.toLowerCase();
      const exact = known.find((l) => l.toLowerCase() === lower);
      if (exact) return exact;
      const primary = known.find((l) => l.toLowerCase().split("-")[0] === lower.split("-")[0]);
      if (primary) return primary;
    }
    return pageLang;
  }
  let lang = chooseLang();
  const strings = (l) => (I18N[l] || {}).strings || {};
  const t = (key) => strings(lang)[key] || strings(pageLang)[key] || "";
  function labelOf(kind, slug) {
    return (((I18N[lang] || {}).labels || {})[kind] || {})[slug] || "";
  }
  function formatDay(iso) {
    const date = new Date(iso + "T00:00:00Z");
    if (isNaN(date)) return iso;
    return new Intl.DateTimeFormat(lang, { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" }).format(date);
  }
  function ago(time) {
    const seconds = (time - Date.now()) / 1000;
    const format = new Intl.RelativeTimeFormat(lang, { numeric: "auto" });
    if (Math.abs(seconds) < 3600) return format.format(Math.round(seconds / 60), "minute");
    if (Math.abs(seconds) < 86400) return format.format(Math.round(seconds / 3600), "hour");
    return format.format(Math.round(seconds / 86400), "day");
  }
  // Shows the interface text under `root` in `lang`: strings by key,
  // campaign, topic and network names, dates, and the lang attributes.
  function translate(root) {
    if (lang === pageLang && !translate.switched) return;
    for (const el of root.querySelectorAll("[data-i18n]")) {
      const text = t(el.dataset.i18n);
      if (text) el.textContent = text;
    }
    for (const el of root.querySelectorAll("[data-i18n-attr]")) {
      for (const pair of el.dataset.i18nAttr.split(";")) {
        const [attr, key] = pair.split(":");
        if (t(key)) el.setAttribute(attr, t(key));
      }
    }
    // Names carry `data-label="KIND:SLUG"`; a filter's options, their
    // select's kind and their own value.
    for (const el of root.querySelectorAll("[data-label], select[data-kind] option[value]:not([value=''])")) {
      const label = el.dataset.label || el.parentElement.dataset.kind + ":" + el.value;
      const at = label.indexOf(":");
      if (!("orig" in el.dataset)) el.dataset.orig = el.dataset.count ? el.textContent.replace(/ \(\d+\)$/, "") : el.textContent;
      const name = labelOf(label.slice(0, at), label.slice(at + 1)) || el.dataset.orig;
      el.textContent = el.dataset.count ? name + " (" + el.dataset.count + ")" : name;
    }
    for (const el of root.querySelectorAll("time[datetime]")) el.textContent = formatDay(el.getAttribute("datetime"));
    for (const el of root.querySelectorAll("[data-ui]")) el.lang = lang;
  }
  function translatePage() {
    document.documentElement.lang = lang;
    translate(document);
    const heading = document.querySelector("main h1");
    if (body.hasAttribute("data-titled") && heading) document.title = heading.textContent + " · " + body.dataset.site;
  }
  // The switch in the header (and on the "Me" page).
  function setUpLanguage() {
    const selects = document.querySelectorAll("select.ui-lang");
    for (const select of selects) {
      reveal(select);
      select.value = lang;
      select.addEventListener("change", () => {
        const wanted = select.value;
        store.set("lang", wanted);
        for (const other of selects) other.value = wanted;
        loadLang(wanted).then(() => {
          lang = I18N[wanted] ? wanted : pageLang;
          translate.switched = true;
          translatePage();
          refresh();
        });
      });
    }
    if (lang !== pageLang) {
      const wanted = lang;
      lang = pageLang;
      loadLang(wanted).then(() => {
        if (!I18N[wanted]) return;
        lang = wanted;
        for (const select of selects) select.value = lang;
        translatePage();
        refresh();
      });
    }
  }

  function toast(message) {
    const el = document.getElementById("toast");
    if (!el) return;
    el.textContent = message;
    el.classList.add("show");
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => el.classList.remove("show"), 2500);
  }

  // ---- What this browser remembers ----
  // shared: {post: {network: {v: [versions], at: time}}}; saved: {post:
  // {at, expires, card}}; the last visit, moved on once per session.
  // Each is read once and kept; another tab's change is read again.
  const memory = {
    kept: {},
    read(key) {
      if (!(key in memory.kept)) memory.kept[key] = store.json(key, {});
      return memory.kept[key];
    },
    write(key, value) {
      memory.kept[key] = value;
      store.set(key, JSON.stringify(value));
    },
    shared() { return memory.read("shared"); },
    sharedOf(id) { return memory.shared()[id] || {}; },
    versionsUsed(id, network) { return new Set(((memory.sharedOf(id)[network]) || {}).v || []); },
    markShared(id, network, version) {
      const all = memory.shared();
      const post = all[id] || (all[id] = {});
      const entry = post[network] || (post[network] = { v: [] });
      if (!entry.v.includes(version)) entry.v.push(version);
      entry.at = Date.now();
      memory.write("shared", all);
    },
    saved() {
      // A saved post that has expired is gone from the portal: forget it.
      const all = {};
      for (const [id, entry] of Object.entries(memory.read("saved"))) {
        if (!entry.expires || Date.parse(entry.expires) > Date.now()) all[id] = entry;
      }
      return all;
    },
    toggleSaved(id, card) {
      const all = memory.saved();
      if (all[id]) delete all[id];
      else all[id] = { at: Date.now(), expires: card ? card.dataset.expires || "" : "", card: card ? cleanCard(card) : "" };
      memory.write("saved", all);
      return !!all[id];
    },
    lastVisit() {
      let visit = store.json("visit", {});
      try {
        if (!sessionStorage.getItem("advocate.session")) {
          sessionStorage.setItem("advocate.session", "1");
          visit = { last: visit.current || 0, current: Date.now() };
          store.set("visit", JSON.stringify(visit));
        }
      } catch (e) { /* no session storage: no "new since" */ }
      return visit.last || 0;
    },
  };
  // A card as the portal wrote it, without what the script added.
  function cleanCard(card) {
    const copy = card.cloneNode(true);
    for (const el of copy.querySelectorAll("[data-made]")) el.remove();
    copy.removeAttribute("data-ready");
    copy.classList.remove("is-shared");
    const share = copy.querySelector(".share-link");
    if (share) share.hidden = false;
    // Shown later from any page: its addresses are made absolute.
    for (const link of copy.querySelectorAll("a[href]")) link.setAttribute("href", link.href);
    for (const image of copy.querySelectorAll("img[src]")) image.setAttribute("src", image.src);
    return copy.outerHTML;
  }
  // "Save for later" as pressed or not, for post `id`.
  function showSave(button, id) {
    const saved = !!memory.saved()[id];
    button.setAttribute("aria-pressed", String(saved));
    button.dataset.i18n = saved ? "saved" : "save";
    button.textContent = t(button.dataset.i18n);
  }
  // "Shared on" the networks, "· 2 days ago", for a post; or "".
  function sharedNote(id, only) {
    const shared = memory.sharedOf(id);
    const networks = Object.keys(shared).filter((n) => !only || n === only);
    if (!networks.length) return "";
    const latest = Math.max(...networks.map((n) => shared[n].at || 0));
    if (only) return t("shared") + " · " + ago(latest);
    return t("shared_on") + " " + networks.map((n) => labelOf("networks", n) || n).join(", ") + " · " + ago(latest);
  }

  // ---- The personal link code (advocate_param) ----
  const param = body.dataset.param || "";
  // What a code may be: advocate's rule, from the page (the codes it makes
  // files for); nothing without a link parameter.
  const CODE = new RegExp("^(?:" + (body.dataset.code || "(?!)") + ")$");
  function personalCode() {
    const code = store.get("code") || "";
    return param && CODE.test(code) ? code : "";
  }
  function withCode(link) {
    const code = personalCode();
    if (!link || !code) return link;
    const hash = link.indexOf("#");
    const base = hash < 0 ? link : link.slice(0, hash);
    const fragment = hash < 0 ? "" : link.slice(hash);
    const joiner = base.includes("?") ? (/[?&]$/.test(base) ? "" : "&") : "?";
    return base + joiner + encodeURIComponent(param) + "=" + code + fragment;
  }
  function setUpCodeForm() {
    const form = document.getElementById("code-form");
    if (!form) return;
    reveal(form);
    const input = document.getElementById("code");
    const status = document.getElementById("code-status");
    input.value = store.get("code") || "";
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const value = input.value.trim();
      if (value && !CODE.test(value)) {
        status.textContent = t("code_invalid");
        input.setAttribute("aria-invalid", "true");
        return;
      }
      input.removeAttribute("aria-invalid");
      store.set("code", value);
      status.textContent = t("code_saved");
      refresh();
    });
  }

  // ---- Sharing: one text of one network, from a post page or a card ----
  function seed() {
    let value = Number(store.get("seed"));
    if (!Number.isInteger(value) || value <= 0) {
      value = 1 + Math.floor(Math.random() * 1e9);
      store.set("seed", String(value));
    }
    return value;
  }
  function hash(text) {
    let h = 2166136261;
    for (let i = 0; i < text.length; i++) { h ^= text.charCodeAt(i); h = Math.imul(h, 16777619) >>> 0; }
    return h;
  }
  // The version this browser shares: different employees land on different
  // ones, each always on the same, and one not shared yet comes first.
  function chosenVersion(id, network, count, from) {
    const used = memory.versionsUsed(id, network);
    const start = from === undefined ? (seed() + hash(id + "/" + network)) % count : (from + 1) % count;
    for (let k = 0; k < count; k++) if (!used.has((start + k) % count)) return (start + k) % count;
    return start;
  }
  // The text as this employee shares it: their code added to the link.
  function finalText(alt) {
    const pre = alt.querySelector(".text");
    if (!("text" in pre.dataset)) pre.dataset.text = pre.textContent;
    const text = pre.dataset.text;
    const link = alt.dataset.link;
    return link && personalCode() ? text.split(link).join(withCode(link)) : text;
  }
  async function copy(text) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch (e) {
      const area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      let ok = false;
      try { ok = document.execCommand("copy"); } catch (e2) { ok = false; }
      area.remove();
      return ok;
    }
  }
  // A network's share intent, from its template (data-intent): `{text}`
  // is the final text, `{url}` the link with the code, `{server}` the
  // employee's own server. The templates come from advocate's network table.
  function intentFor(template, alt, server) {
    const e = encodeURIComponent;
    return template
      .replace("{server}", server || "")
      .replace("{text}", e(finalText(alt)))
      .replace("{url}", e(withCode(alt.dataset.link)));
  }
  function serverHost(value) {
    const host = value.trim().replace(/^https?:\/\//i, "").replace(/\/.*$/, "").toLowerCase();
    return /^[a-z0-9.-]+\.[a-z]{2,}$/.test(host) ? host : "";
  }
  const needsServer = (section) => (section.dataset.intent || "").includes("{server}");
  // Keeps the server typed into `input` for `network`; false, with the
  // field marked, when it is not a host name.
  function saveServer(input, network) {
    const host = serverHost(input.value);
    if (!host) { input.setAttribute("aria-invalid", "true"); return false; }
    input.removeAttribute("aria-invalid");
    store.set(network, host);
    return true;
  }
  // The intent a share link opens, or "" when it needs a server not known yet.
  function shareHref(section, alt) {
    const template = section.dataset.intent || "";
    if (!template) return "";
    if (!needsServer(section)) return intentFor(template, alt, "");
    const host = serverHost(store.get(section.dataset.network) || "");
    return host ? intentFor(template, alt, host) : "";
  }
  // Shares version `version` of `section` (a network of post `id`):
  // opens its intent, copying the text first where the intent takes only
  // the link. Returns false when the employee's server must be asked.
  async function share(id, section, version) {
    const alt = section.querySelectorAll(".alt")[version];
    const href = shareHref(section, alt);
    if (!href) return false;
    if (!(section.dataset.intent || "").includes("{text}")) {
      toast((await copy(finalText(alt))) ? t("pasted_hint") : t("copy_failed"));
    }
    window.open(href, "_blank", "noopener");
    memory.markShared(id, section.dataset.network, version);
    refresh();
    return true;
  }
  async function copyVersion(id, section, version) {
    const alt = section.querySelectorAll(".alt")[version];
    const copied = await copy(finalText(alt));
    toast(copied ? t("copied") : t("copy_failed"));
    // Copying is how a text without a share link is shared.
    if (copied) { memory.markShared(id, section.dataset.network, version); refresh(); }
  }

  // ---- Cards: share from the list, as the post page would ----
  // A post's page, fetched once, for its texts and intents.
  const postPages = new Map();
  function postPage(url) {
    const key = url.split("#")[0];
    if (!postPages.has(key)) {
      postPages.set(key, fetch(key)
        .then((response) => { if (!response.ok) throw new Error(response.status); return response.text(); })
        .then((html) => new DOMParser().parseFromString(html, "text/html"))
        .catch((error) => { postPages.delete(key); throw error; }));
    }
    return postPages.get(key);
  }
  function made(tag, className) {
    const el = document.createElement(tag);
    el.className = className;
    el.dataset.made = "";
    return el;
  }
  // One button per network, a note of what was shared, and "Save for later".
  function enhanceCard(card) {
    if (card.dataset.ready) return;
    card.dataset.ready = "1";
    const row = card.querySelector(".share-row");
    const title = card.querySelector("a.title");
    if (!row || !title) return;
    const fallback = row.querySelector(".share-link");
    if (fallback) fallback.hidden = true;
    for (const network of (card.dataset.n || "").split(" ").filter(Boolean)) {
      const button = made("a", "button secondary net");
      button.href = textsOf(card, network);
      button.dataset.network = network;
      const hidden = made("span", "sr");
      hidden.dataset.i18n = "share_on";
      hidden.textContent = t("share_on") + " ";
      const name = made("span", "");
      name.dataset.label = "networks:" + network;
      name.textContent = labelOf("networks", network) || network;
      button.append(hidden, name);
      row.append(button);
    }
    const save = made("button", "save secondary");
    save.type = "button";
    row.append(save);
    const note = made("p", "shared-note");
    row.before(note);
    showCardState(card);
  }
  function showCardState(card) {
    const id = card.dataset.id;
    const note = card.querySelector(".shared-note");
    if (note) {
      note.textContent = sharedNote(id);
      note.hidden = !note.textContent;
    }
    card.classList.toggle("is-shared", Object.keys(memory.sharedOf(id)).length > 0);
    const save = card.querySelector("button.save");
    if (save) showSave(save, id);
  }
  // A card's post page, and the address of one network's texts there.
  const postOf = (card) => card.querySelector("a.title").href.split("#")[0];
  const textsOf = (card, network) => postOf(card) + "#n-" + network;
  // The section of `network` on a card's post page, with the version this
  // browser shares; null when the page has no such network.
  async function cardShare(card, network) {
    const page = await postPage(postOf(card));
    const section = page.querySelector(".network[data-network=\"" + CSS.escape(network) + "\"]");
    if (!section) return null;
    return { section, version: chosenVersion(card.dataset.id, network, section.querySelectorAll(".alt").length) };
  }
  // After a card's post page has come: its share links open the intents
  // themselves, so "open in new tab" shares with the code too.
  async function primeCard(card) {
    for (const button of card.querySelectorAll("a.net")) {
      const found = await cardShare(card, button.dataset.network);
      if (!found) continue;
      const href = shareHref(found.section, found.section.querySelectorAll(".alt")[found.version]);
      if (href) { button.href = href; button.target = "_blank"; button.rel = "noopener noreferrer"; }
    }
  }
  function setUpCards() {
    const enhanceAll = (root) => { for (const card of root.querySelectorAll(".card")) enhanceCard(card); };
    enhanceAll(document);
    new MutationObserver((changes) => {
      for (const change of changes) for (const node of change.addedNodes) {
        if (node.nodeType !== 1) continue;
        if (node.matches(".card")) enhanceCard(node); else enhanceAll(node);
        translate(node);
      }
    }).observe(document.getElementById("main"), { childList: true, subtree: true });
    // The post page is fetched when a card is about to be used.
    for (const type of ["pointerover", "focusin", "touchstart"]) {
      document.addEventListener(type, (event) => {
        const card = event.target.closest && event.target.closest(".card");
        if (card && !card.dataset.primed) { card.dataset.primed = "1"; primeCard(card).catch(() => { delete card.dataset.primed; }); }
      }, { passive: true });
    }
    document.addEventListener("click", async (event) => {
      const card = event.target.closest(".card");
      if (!card) return;
      const save = event.target.closest("button.save");
      if (save) {
        memory.toggleSaved(card.dataset.id, card);
        showCardState(card);
        return;
      }
      const button = event.target.closest("a.net");
      if (!button) return;
      event.preventDefault();
      // Where the texts are: for a network the page lacks, a server not
      // known yet (asked for there), or a page that cannot load.
      const texts = textsOf(card, button.dataset.network);
      try {
        const found = await cardShare(card, button.dataset.network);
        if (!found || !(await share(card.dataset.id, found.section, found.version))) location.href = texts;
      } catch (error) {
        location.href = texts;
      }
    });
  }


  // Whatever shows remembered state or the code is shown again when it
  // changes (a share, a new code, another language).
  function refresh() {
    for (const card of document.querySelectorAll(".card[data-ready]")) {
      showCardState(card);
      // A new code or a version shared: the links follow.
      if (card.dataset.primed) primeCard(card).catch(() => { /* kept as they were */ });
    }
    for (const hook of refresh.hooks) hook();
  }
  refresh.hooks = [];

  // Offline use: the service worker at the portal's root keeps what was
  // opened (sw.js says what, and never an expired post).
  // Registered once the page has loaded, so that the worker's first
  // copies come from the browser's cache, not the network again.
  if ("serviceWorker" in navigator && location.protocol !== "file:") {
    const register = () => navigator.serviceWorker.register(body.dataset.root + body.dataset.worker).catch(() => { /* no offline use */ });
    if (document.readyState === "complete") register(); else window.addEventListener("load", register);
  }

  // Another tab shared, saved or set a code: show it here too.
  window.addEventListener("storage", () => { memory.kept = {}; refresh(); });

  // What the page's own part uses.
  self.advocate = {
    body, store, reveal, t, labelOf, currentLang: () => lang, loadScript, toast, memory,
    param, personalCode, seed, hash, chosenVersion, finalText, shareHref, share, copyVersion,
    serverHost, needsServer, saveServer, sharedNote, showSave, made, refresh,
  };

  setUpLanguage();
  setUpCodeForm();
  setUpCards();
})();
