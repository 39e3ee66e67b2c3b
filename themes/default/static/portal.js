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

  // Folding as advocate folds for search.json: NFKC, lower case, one space.
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

  // ---- Index: search and filters over every post, kept in the URL ----
  // search.json is loaded on the first search: each post's folded text,
  // its filter values and its card.
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
    const results = document.createElement("ul");
    results.className = "cards";
    results.id = "results";
    results.hidden = true;
    list.after(results);
    const PAGE = 50;
    let more = null;
    let data = null;
    let loading = null;
    let timer = 0;
    function loadIndex() {
      if (!loading) {
        loading = fetch(body.dataset.root + "search.json")
          .then((response) => { if (!response.ok) throw new Error(response.status); return response.json(); })
          .then((json) => { data = json; })
          .catch((error) => { loading = null; throw error; });
      }
      return loading;
    }
    function showList(visible) {
      list.hidden = !visible;
      results.hidden = visible;
      const listMore = document.querySelector("button.more:not(.results)");
      if (listMore) listMore.hidden = !visible;
      if (pager && !listMore) pager.hidden = !visible;
      if (more) more.hidden = visible;
    }
    const say = (text) => { count.textContent = text; };
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
    function render(matches, words) {
      let count = 0;
      results.textContent = "";
      if (more) { more.remove(); more = null; }
      const append = () => {
        const html = matches.slice(count, count + PAGE).map((i) => data.cards[i]).join("");
        const fragment = document.createRange().createContextualFragment(html);
        for (const card of fragment.querySelectorAll("li")) highlight(card, words);
        results.append(fragment);
        count = Math.min(matches.length, count + PAGE);
        return count >= matches.length;
      };
      if (!append()) {
        more = moreButton(results);
        more.classList.add("results");
        showMore(results, more, () => Promise.resolve(append()));
      }
    }
    function apply() {
      const values = {};
      for (const name of fields) values[name] = (form.elements[name] && form.elements[name].value) || "";
      const query = new URLSearchParams();
      for (const name of fields) if (values[name]) query.set(name, values[name]);
      const search = query.toString();
      history.replaceState(null, "", location.pathname + (search ? "?" + search : ""));
      if (!search) {
        showList(true);
        say(total + " " + t("Shown"));
        empty.textContent = empty.dataset.text;
        empty.hidden = total !== "0";
        return;
      }
      if (!data) {
        list.setAttribute("aria-busy", "true");
        say(t("Searching"));
        loadIndex()
          .then(() => { list.removeAttribute("aria-busy"); apply(); })
          .catch(() => {
            list.removeAttribute("aria-busy");
            say("");
            empty.textContent = t("SearchFailed");
            empty.hidden = false;
          });
        return;
      }
      const words = fold(values.q).split(" ").filter(Boolean);
      const matches = [];
      data.ids.forEach((id, i) => {
        const [campaign, topics, networks, lang] = data.meta[i];
        const text = data.text[i];
        if (
          (!values.campaign || campaign === values.campaign) &&
          (!values.topic || topics.split("|").includes(values.topic)) &&
          (!values.network || networks.split(" ").includes(values.network)) &&
          (!values.lang || lang === values.lang) &&
          words.every((word) => text.includes(word))
        ) matches.push(i);
      });
      showList(false);
      render(matches, words);
      say(matches.length + " " + t("Shown"));
      empty.textContent = empty.dataset.text;
      empty.hidden = matches.length > 0;
    }
    empty.dataset.text = empty.textContent;
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
