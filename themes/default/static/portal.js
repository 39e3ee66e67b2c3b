// advocate portal: search and filters on the index; alternatives, copy and
// share on post pages. Progressive: without JavaScript every page is a plain,
// usable list or text. Nothing is sent anywhere; the personal code and the
// employee's own server (for networks that need one) stay in this
// browser's localStorage. No network is named here: each one's share intent
// comes from advocate's network table, as the data-intent template.
"use strict";

(function () {
  const body = document.body;
  const t = (key) => body.dataset["t" + key] || "";
  const store = {
    get(key) { try { return localStorage.getItem("advocate." + key); } catch (e) { return null; } },
    set(key, value) { try { localStorage.setItem("advocate." + key, value); } catch (e) { /* private mode */ } },
  };
  document.documentElement.classList.add("js");

  // Folding as advocate folds for the search index: NFKC, lower case, one space.
  const fold = (text) => text.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();

  function toast(message) {
    const el = document.getElementById("toast");
    if (!el) return;
    el.textContent = message;
    el.classList.add("show");
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => el.classList.remove("show"), 2500);
  }

  // ---- The personal link code (advocate_param) ----
  const param = body.dataset.param || "";
  const CODE = /^[a-z0-9-]{1,20}$/;
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
    const input = document.getElementById("code");
    const status = document.getElementById("code-status");
    input.value = store.get("code") || "";
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const value = input.value.trim();
      if (value && !CODE.test(value)) {
        status.textContent = t("CodeInvalid");
        input.setAttribute("aria-invalid", "true");
        return;
      }
      input.removeAttribute("aria-invalid");
      store.set("code", value);
      status.textContent = t("CodeSaved");
    });
  }

  // ---- Lists: a page of cards at a time ----
  // Without JavaScript, each list page links to the next (page/N/); with
  // it, "Show more" appends the next page's cards in place.
  function showMore(list, more, load) {
    more.addEventListener("click", () => {
      more.disabled = true;
      list.setAttribute("aria-busy", "true");
      load()
        .then((done) => { more.disabled = false; if (done) more.remove(); })
        .catch(() => { more.disabled = false; toast(t("SearchFailed")); })
        .finally(() => list.removeAttribute("aria-busy"));
    });
  }
  function moreButton(after) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "more";
    button.textContent = t("ShowMore");
    after.after(button);
    return button;
  }
  function setUpPages(list) {
    const pager = document.getElementById("pager");
    let next = document.getElementById("next-page");
    if (!pager || !next) return;
    pager.hidden = true;
    const more = moreButton(pager);
    showMore(list, more, () =>
      fetch(next.href)
        .then((response) => { if (!response.ok) throw new Error(response.status); return response.text(); })
        .then((html) => {
          const page = new DOMParser().parseFromString(html, "text/html");
          for (const card of page.querySelectorAll("#cards > li")) list.append(document.adoptNode(card));
          next = page.getElementById("next-page");
          return !next;
        }));
  }

  // ---- Search: the chunked index under search/ (advocate's site/search.rs
  // documents the format and what a query means) ----
  // advocate's table of characters searched as substrings, from the form.
  const filters = document.getElementById("filters");
  const CJK = new RegExp("[" + (filters ? filters.dataset.cjk : "") + "]", "u");
  const WORD = /[\p{Alphabetic}\p{N}]/u;
  // A query word's runs: CJK runs are found as substrings; other runs of
  // two or more letters or digits begin a word.
  function runs(word) {
    const out = [];
    let current = null;
    for (const c of word) {
      const kind = CJK.test(c) ? "cjk" : WORD.test(c) ? "word" : null;
      if (!kind) { current = null; continue; }
      if (!current || current.kind !== kind) { current = { kind, chars: [] }; out.push(current); }
      current.chars.push(c);
    }
    return out.filter((run) => run.kind === "cjk" || run.chars.length >= 2);
  }
  function codePointCompare(a, b) {
    const x = Array.from(a, (c) => c.codePointAt(0));
    const y = Array.from(b, (c) => c.codePointAt(0));
    for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
    return x.length - y.length;
  }
  function shardOf(gram, shards) {
    let h = 2166136261;
    for (const c of gram) { h ^= c.codePointAt(0); h = Math.imul(h, 16777619) >>> 0; }
    return h % shards;
  }
  // A post list: deltas, or a base64 bitset.
  function decode(list, docs) {
    const out = [];
    if (typeof list === "string") {
      const bytes = atob(list);
      for (let i = 0; i < docs; i++) if (bytes.charCodeAt(i >> 3) & (1 << (i & 7))) out.push(i);
      return out;
    }
    let doc = 0;
    for (const delta of list || []) { doc += delta; out.push(doc); }
    return out;
  }
  function intersect(a, b) {
    const out = [];
    for (let i = 0, j = 0; i < a.length && j < b.length;) {
      if (a[i] === b[j]) { out.push(a[i]); i++; j++; } else if (a[i] < b[j]) i++; else j++;
    }
    return out;
  }
  function union(lists) {
    return Array.from(new Set(lists.flat())).sort((a, b) => a - b);
  }
  function searchIndex(root) {
    const cache = new Map();
    // A chunk, once per page; a filter value with no posts has no file.
    function chunk(path, missingIs) {
      if (!cache.has(path)) {
        cache.set(path, fetch(root + "search/" + path).then((response) => {
          if (response.status === 404 && missingIs !== undefined) return missingIs;
          if (!response.ok) throw new Error(response.status);
          return response.json();
        }).catch((error) => { cache.delete(path); throw error; }));
      }
      return cache.get(path);
    }
    const manifest = () => chunk("index.json");
    async function wordPosts(run, m) {
      const prefix = run.chars.join("");
      const firsts = m.w;
      let at = 0;
      for (let i = 0; i < firsts.length && codePointCompare(firsts[i], prefix) <= 0; i++) at = i;
      const files = [at];
      for (let j = at + 1; j < firsts.length && firsts[j].startsWith(prefix); j++) files.push(j);
      const chunks = await Promise.all(files.map((i) => chunk("w" + i + ".json")));
      const lists = [];
      for (const words of chunks) for (const word in words) if (word.startsWith(prefix)) lists.push(decode(words[word], m.docs));
      return union(lists);
    }
    async function gramPosts(gram, m) {
      const shard = await chunk("c" + shardOf(gram, m.c) + ".json");
      return decode(shard[gram], m.docs);
    }
    async function cjkPosts(run, m) {
      const chars = run.chars;
      if (chars.length <= 2) return gramPosts(chars.join(""), m);
      const pairs = [];
      for (let i = 0; i + 1 < chars.length; i++) pairs.push(chars[i] + chars[i + 1]);
      let candidates = null;
      for (const list of await Promise.all(pairs.map((pair) => gramPosts(pair, m)))) {
        candidates = candidates ? intersect(candidates, list) : list;
      }
      if (!candidates.length) return candidates;
      // Each pair's positions, to keep the posts where they follow each other.
      const wanted = new Set(candidates);
      const positions = await Promise.all(pairs.map(async (pair) => {
        const flat = (await chunk("p" + shardOf(pair, m.p) + ".json"))[pair] || [];
        const byDoc = new Map();
        let doc = 0;
        for (let i = 0; i < flat.length;) {
          doc += flat[i];
          const count = flat[i + 1];
          i += 2;
          if (wanted.has(doc)) {
            const set = new Set();
            let position = 0;
            for (let k = 0; k < count; k++) { position += flat[i + k]; set.add(position); }
            byDoc.set(doc, set);
          }
          i += count;
        }
        return byDoc;
      }));
      return candidates.filter((doc) => {
        for (const start of positions[0].get(doc) || []) {
          if (positions.every((byDoc, k) => (byDoc.get(doc) || new Set()).has(start + k))) return true;
        }
        return false;
      });
    }
    // The posts (numbers in portal order) that match, or null for all.
    async function matches(words, filters) {
      const m = await manifest();
      const lists = [];
      for (const [kind, value] of filters) {
        lists.push(chunk("f/" + kind + "/" + encodeURIComponent(value) + ".json", []).then((list) => decode(list, m.docs)));
      }
      for (const word of words) {
        for (const run of runs(word)) lists.push(run.kind === "cjk" ? cjkPosts(run, m) : wordPosts(run, m));
      }
      let found = null;
      for (const list of await Promise.all(lists)) found = found ? intersect(found, list) : list;
      return found;
    }
    async function cards(posts) {
      const m = await manifest();
      const shards = await Promise.all(posts.map((doc) => chunk("d" + Math.floor(doc / m.cards) + ".json")));
      return posts.map((doc, i) => shards[i][doc % m.cards]);
    }
    return { matches, cards, manifest };
  }

  // ---- Index: search and filters over every post, kept in the URL ----
  function setUpIndex() {
    const list = document.getElementById("cards");
    if (!list) return;
    setUpPages(list);
    const form = document.getElementById("filters");
    if (!form) return;
    const fields = ["q", "campaign", "topic", "network", "lang"];
    const params = new URLSearchParams(location.search);
    for (const name of fields) {
      const el = form.elements[name];
      if (el && params.has(name)) el.value = params.get(name);
    }
    const count = document.getElementById("count");
    const empty = document.getElementById("empty");
    const pager = document.getElementById("pager");
    const total = document.getElementById("shown").textContent;
    const index = searchIndex(body.dataset.root);
    const results = document.createElement("ul");
    results.className = "cards";
    results.id = "results";
    results.hidden = true;
    list.after(results);
    const PAGE = 20;
    let more = null;
    let timer = 0;
    let latest = 0;
    empty.dataset.text = empty.textContent;
    const say = (text) => { count.textContent = text; };
    function showList(visible) {
      list.hidden = !visible;
      results.hidden = visible;
      const listMore = document.querySelector("button.more:not(.results)");
      if (listMore) listMore.hidden = !visible;
      if (pager && !listMore) pager.hidden = !visible;
      if (more) more.hidden = visible;
    }
    // Marks the query's words in a result's title.
    function highlight(card, words) {
      const link = card.querySelector("a");
      if (!link || !words.length) return;
      const text = link.textContent;
      const lower = text.toLowerCase();
      const marks = [];
      for (const word of words) {
        let at = lower.indexOf(word);
        while (at >= 0) { marks.push([at, at + word.length]); at = lower.indexOf(word, at + word.length); }
      }
      if (!marks.length) return;
      marks.sort((a, b) => a[0] - b[0]);
      link.textContent = "";
      let from = 0;
      for (const [start, end] of marks) {
        if (start < from) continue;
        link.append(text.slice(from, start));
        const mark = document.createElement("mark");
        mark.textContent = text.slice(start, end);
        link.append(mark);
        from = end;
      }
      link.append(text.slice(from));
    }
    async function render(found, words, search) {
      let shown = 0;
      const append = async () => {
        const html = await index.cards(found.slice(shown, shown + PAGE));
        if (search !== latest) return true;
        const fragment = document.createRange().createContextualFragment(html.join(""));
        // Cards in the index are written for the portal's root.
        for (const link of fragment.querySelectorAll("a[href]")) link.setAttribute("href", body.dataset.root + link.getAttribute("href"));
        for (const card of fragment.querySelectorAll("li")) highlight(card, words);
        results.append(fragment);
        shown = Math.min(found.length, shown + PAGE);
        return shown >= found.length;
      };
      results.textContent = "";
      if (more) { more.remove(); more = null; }
      if (!(await append()) && search === latest) {
        more = moreButton(results);
        more.classList.add("results");
        more.hidden = results.hidden;
        showMore(results, more, append);
      }
    }
    async function apply() {
      const values = {};
      for (const name of fields) values[name] = (form.elements[name] && form.elements[name].value) || "";
      const query = new URLSearchParams();
      for (const name of fields) if (values[name]) query.set(name, values[name]);
      const search = ++latest;
      history.replaceState(null, "", location.pathname + (query.toString() ? "?" + query : ""));
      const words = fold(values.q).split(" ").filter(Boolean);
      const filters = fields.slice(1).filter((name) => values[name]).map((name) => [name, values[name]]);
      if (!filters.length && !words.some((word) => runs(word).length)) {
        showList(true);
        say(total + " " + t("Shown"));
        empty.textContent = empty.dataset.text;
        empty.hidden = total !== "0";
        return;
      }
      list.setAttribute("aria-busy", "true");
      results.setAttribute("aria-busy", "true");
      say(t("Searching"));
      try {
        const found = await index.matches(words, filters);
        if (search !== latest) return;
        await render(found, words, search);
        if (search !== latest) return;
        showList(false);
        say(found.length + " " + t("Found"));
        empty.textContent = empty.dataset.text;
        empty.hidden = found.length > 0;
      } catch (error) {
        if (search !== latest) return;
        say("");
        showList(false);
        results.textContent = "";
        empty.textContent = t("SearchFailed");
        empty.hidden = false;
      } finally {
        if (search === latest) {
          list.removeAttribute("aria-busy");
          results.removeAttribute("aria-busy");
        }
      }
    }
    form.addEventListener("submit", (event) => { event.preventDefault(); clearTimeout(timer); apply(); });
    // Typing waits for a pause; choosing a filter applies at once.
    form.addEventListener("input", (event) => {
      clearTimeout(timer);
      timer = setTimeout(apply, event.target.name === "q" ? 200 : 0);
    });
    if (fields.some((name) => params.get(name))) apply();
  }

  // ---- Post page: alternatives, copy, share ----
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
  // The text as this employee shares it: their code added to the link.
  function finalText(alt) {
    const text = alt.querySelector(".text").textContent;
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
  function setUpPost() {
    const post = document.querySelector("article.post");
    if (!post) return;
    const id = post.dataset.id;
    for (const section of post.querySelectorAll(".network")) {
      const alts = Array.from(section.querySelectorAll(".alt"));
      // Different employees land on different versions, each always on the same one.
      let current = (seed() + hash(id + "/" + section.dataset.network)) % alts.length;
      const show = (i) => alts.forEach((alt, j) => { alt.hidden = j !== i; });
      show(current);
      for (const alt of alts) {
        const next = alt.querySelector("button.next");
        if (next) {
          next.hidden = false;
          next.addEventListener("click", () => {
            current = (current + 1) % alts.length;
            show(current);
            const button = alts[current].querySelector("button.next");
            if (button) button.focus();
          });
        }
      }
    }
    post.addEventListener("click", async (event) => {
      const button = event.target.closest("button.copy, a.share, button.share");
      if (!button) return;
      const alt = button.closest(".alt");
      const section = button.closest(".network");
      if (button.classList.contains("copy")) {
        toast((await copy(finalText(alt))) ? t("Copied") : t("CopyFailed"));
        return;
      }
      event.preventDefault();
      const template = section.dataset.intent || "";
      if (template.includes("{server}")) {
        // The employee's own server: asked once, kept in this browser.
        const host = serverHost(store.get(section.dataset.network) || "");
        const form = section.querySelector("form.instance");
        if (!host) {
          form.hidden = false;
          form.dataset.pending = String(alts(alt));
          form.querySelector("input").focus();
          return;
        }
        window.open(intentFor(template, alt, host), "_blank", "noopener");
        return;
      }
      if (!template.includes("{text}")) {
        // The intent takes only the link: copy the text to paste into the post.
        const copied = await copy(finalText(alt));
        toast(copied ? t("Pasted") : t("CopyFailed"));
      }
      window.open(intentFor(template, alt, ""), "_blank", "noopener");
    });
    function alts(alt) {
      return Array.from(alt.parentElement.querySelectorAll(".alt")).indexOf(alt);
    }
    for (const form of post.querySelectorAll("form.instance")) {
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        const section = form.closest(".network");
        const host = serverHost(form.querySelector("input").value);
        if (!host) { form.querySelector("input").setAttribute("aria-invalid", "true"); return; }
        store.set(section.dataset.network, host);
        form.hidden = true;
        const alt = section.querySelectorAll(".alt")[Number(form.dataset.pending) || 0];
        window.open(intentFor(section.dataset.intent, alt, host), "_blank", "noopener");
      });
    }
  }

  setUpCodeForm();
  setUpIndex();
  setUpPost();
})();
