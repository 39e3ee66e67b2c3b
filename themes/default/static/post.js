// advocate portal, on a post's page: the version this browser shares, copy
// and share, the employee's own server, "Save for later", and each
// network's posting window at this browser's own minute.
"use strict";

(function () {
  const a = self.advocate;
  if (!a) return;
  const { body, chosenVersion, copyVersion, finalText, hash, made, memory, needsServer, param, personalCode, refresh, reveal, saveServer, seed, serverHost, share, shareHref, sharedNote, showSave, store, t } = a;

  // ---- When to post: this browser's own minute in each network's window ----
  // The window is in the site's time zone; the minute is shown in this
  // device's own time.
  function zonedToday(hour, minute, zone) {
    const now = new Date();
    let parts;
    try {
      parts = new Intl.DateTimeFormat("en-US", { timeZone: zone, year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", hourCycle: "h23" }).formatToParts(now);
    } catch (e) {
      return null;
    }
    const part = (type) => Number((parts.find((p) => p.type === type) || {}).value);
    const wall = Date.UTC(part("year"), part("month") - 1, part("day"), part("hour"), part("minute"));
    const offset = Math.round((wall - now.getTime()) / 60000) * 60000;
    return new Date(Date.UTC(part("year"), part("month") - 1, part("day"), hour, minute) - offset);
  }
  function showWindows(root) {
    for (const section of root.querySelectorAll(".network[data-window]")) {
      const [from, until] = section.dataset.window.split("-").map(Number);
      const span = ((until - from + 24) % 24 || 2) * 60;
      const at = from * 60 + (seed() + hash("slot/" + section.dataset.network)) % span;
      const when = zonedToday(Math.floor(at / 60) % 24, at % 60, body.dataset.tz || "UTC");
      const slot = section.querySelector(".window .slot");
      if (!when || !slot) continue;
      slot.textContent = new Intl.DateTimeFormat(a.currentLang(), { hour: "numeric", minute: "2-digit" }).format(when) + " (" + t("your_slot") + ")";
    }
  }


  // ---- Post page: versions, copy, share, the server, saved ----
  function setUpPost() {
    const post = document.querySelector("article.post");
    if (!post) return;
    const id = post.dataset.id;
    // The briefing folds on phones: the texts are what a phone is for.
    const briefing = post.querySelector("details.briefing");
    if (briefing && window.matchMedia("(max-width: 719px)").matches) briefing.open = false;
    const sections = Array.from(post.querySelectorAll(".network"));
    const current = new Map();
    const show = (section, version) => {
      current.set(section, version);
      section.querySelectorAll(".alt").forEach((alt, j) => { alt.hidden = j !== version; });
    };
    for (const section of sections) {
      const alts = section.querySelectorAll(".alt");
      show(section, chosenVersion(id, section.dataset.network, alts.length));
      for (const button of section.querySelectorAll("button.copy, button.share, button.next")) reveal(button);
    }
    // The texts as shared: the link with the code, in the text and in the
    // share links (so "open in new tab" carries it too).
    function showTexts() {
      for (const section of sections) {
        for (const alt of section.querySelectorAll(".alt")) {
          const text = finalText(alt);
          const pre = alt.querySelector(".text");
          if (pre.textContent !== text) pre.textContent = text;
          const link = alt.querySelector("a.share");
          const href = shareHref(section, alt);
          if (link && href) link.href = href;
        }
        const note = section.querySelector(".shared-note");
        if (note) { note.textContent = sharedNote(id, section.dataset.network); note.hidden = !note.textContent; }
        const server = section.querySelector("p.server");
        const host = serverHost(store.get(section.dataset.network) || "");
        if (server) { server.hidden = !host; server.querySelector(".host").textContent = host; }
      }
      const code = document.getElementById("code-note");
      if (code) {
        code.hidden = !personalCode();
        code.textContent = t("links_carry") + " " + personalCode() + " (" + param + "=" + personalCode() + ")";
      }
    }
    const heading = post.querySelector("#shares-h");
    if (heading && param) {
      const note = made("p", "code-note help");
      note.id = "code-note";
      heading.after(note);
    }
    const save = made("button", "save secondary");
    save.type = "button";
    post.querySelector("h1").after(save);
    const showSaved = () => showSave(save, id);
    save.addEventListener("click", () => { memory.toggleSaved(id, savedCardFor(post)); showSaved(); });
    refresh.hooks.push(showTexts, showSaved, () => showWindows(post));
    showWindows(post);
    showTexts();
    showSaved();

    // The server form: asked once, changeable, and focus goes back to the
    // button that asked for it.
    let asker = null;
    function askServer(section, button) {
      const form = section.querySelector("form.instance");
      if (!form) return;
      asker = button;
      form.hidden = false;
      const input = form.querySelector("input");
      input.value = store.get(section.dataset.network) || "";
      input.focus();
    }
    post.addEventListener("click", async (event) => {
      const button = event.target.closest("button.copy, a.share, button.share, button.next, button.change");
      if (!button) return;
      const section = button.closest(".network");
      const version = current.get(section);
      if (button.classList.contains("copy")) return copyVersion(id, section, version);
      if (button.classList.contains("change")) return askServer(section, section.querySelector(".alt:not([hidden]) .share"));
      if (button.classList.contains("next")) {
        const count = section.querySelectorAll(".alt").length;
        show(section, chosenVersion(id, section.dataset.network, count, version));
        const next = section.querySelector(".alt:not([hidden]) button.next");
        if (next) next.focus();
        return;
      }
      event.preventDefault();
      if (!(await share(id, section, version))) askServer(section, button);
    });
    // A card sends a share that needs a server not known yet here.
    let target = null;
    try { target = document.getElementById(decodeURIComponent(location.hash.slice(1))); } catch (e) { target = null; }
    if (target && target.matches(".network") && needsServer(target) && !serverHost(store.get(target.dataset.network) || "")) {
      // Once loaded: the browser's own move to the fragment comes first.
      const ask = () => askServer(target, target.querySelector(".alt:not([hidden]) .share"));
      if (document.readyState === "complete") setTimeout(ask); else window.addEventListener("load", () => setTimeout(ask));
    }
    for (const form of post.querySelectorAll("form.instance")) {
      const section = form.closest(".network");
      const input = form.querySelector("input");
      const close = () => {
        form.hidden = true;
        const target = asker && !asker.closest("[hidden]") ? asker : section.querySelector(".alt:not([hidden]) .share");
        if (target) target.focus();
      };
      form.addEventListener("keydown", (event) => { if (event.key === "Escape") close(); });
      form.addEventListener("submit", async (event) => {
        event.preventDefault();
        if (!saveServer(input, section.dataset.network)) return;
        close();
        await share(id, section, current.get(section));
      });
    }
  }
  // A post page's own card, for "Saved", from what the page shows.
  function savedCardFor(post) {
    const card = document.createElement("li");
    card.className = "card";
    card.dataset.id = post.dataset.id;
    card.dataset.n = Array.from(post.querySelectorAll(".network")).map((s) => s.dataset.network).join(" ");
    if (post.dataset.expires) card.dataset.expires = post.dataset.expires;
    card.lang = post.lang;
    const inner = made("div", "body");
    const title = document.createElement("a");
    title.className = "title";
    title.href = location.pathname;
    title.textContent = post.querySelector("h1").firstChild.textContent.trim();
    const row = document.createElement("div");
    row.className = "share-row";
    inner.append(title, row);
    inner.removeAttribute("data-made");
    card.append(inner);
    return card;
  }

  setUpPost();
})();
