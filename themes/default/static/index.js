// advocate portal, on list pages (the index in each order, campaigns and
// topics): a page of cards at a time, "new since your last visit", and
// search and filters over every post, kept in the address. The search
// engine (search.js) comes with the first search.
"use strict";

(function () {
  const a = self.advocate;
  if (!a) return;
  const { body, loadScript, memory, refresh, reveal, t, toast } = a;

  // ---- Lists: a page of cards at a time ----
  // Without JavaScript, each list page links to the next (page/N/); with
  // it, "Show more" appends the next page's cards in place.
  function showMore(list, more, load) {
    more.addEventListener("click", () => {
      more.disabled = true;
      list.setAttribute("aria-busy", "true");
      load()
        .then((done) => { more.disabled = false; if (done) more.remove(); })
        .catch(() => { more.disabled = false; toast(t("search_failed")); })
        .finally(() => list.removeAttribute("aria-busy"));
    });
  }
  function moreButton(after) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "more";
    button.dataset.i18n = "show_more";
    button.textContent = t("show_more");
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
  // "(3) New" in the title: posts published since the last visit.
  function markNew(list) {
    const last = memory.lastVisit();
    if (!last || !list) return;
    let count = 0;
    for (const card of list.querySelectorAll(".card[data-published]")) {
      if (Date.parse(card.dataset.published) > last) { count++; card.classList.add("fresh"); }
    }
    if (count) document.title = "(" + count + ") " + document.title;
  }


  // ---- Index: search and filters over every post, kept in the URL ----
  // The index's fields, each kept in the address (`?q=東京&network=x`).
  const FIELDS = ["q", "campaign", "topic", "network", "lang", "mine"];
  // Fills the form from the address; whether the address asked for any.
  function fillFromAddress(form) {
    const params = new URLSearchParams(location.search);
    for (const name of FIELDS) {
      const el = form.elements[name];
      if (!el || !params.has(name)) continue;
      const value = params.get(name);
      // A campaign or topic the menu does not name (the index names the
      // biggest): added, so the filter still applies.
      if (el.tagName === "SELECT" && value && !Array.from(el.options).some((o) => o.value === value)) {
        const option = document.createElement("option");
        option.value = value;
        option.textContent = value;
        el.append(option);
      }
      el.value = value;
    }
    return FIELDS.some((name) => params.get(name));
  }
  // The search engine (search.js) comes with the first search;
  // a failed load is tried again by the next.
  let engine = null;
  const searchEngine = () => engine || (engine = loadScript(body.dataset.statics + "search.js")
    .then(() => self.advocateSearch(body.dataset.root))
    .catch((error) => { engine = null; throw error; }));
  // On phones the filters fold behind "Filters (n)"; returns what shows
  // the count again.
  function foldFilters(form) {
    const toggle = document.createElement("button");
    toggle.type = "button";
    toggle.className = "filters-toggle secondary";
    toggle.setAttribute("aria-controls", form.id);
    toggle.setAttribute("aria-expanded", "false");
    form.before(toggle);
    form.classList.add("folded");
    const active = () => FIELDS.slice(1).filter((name) => form.elements[name] && form.elements[name].value).length;
    const showToggle = () => {
      const n = active();
      toggle.textContent = t("filters") + (n ? " (" + n + ")" : "");
    };
    toggle.addEventListener("click", () => {
      const open = form.classList.toggle("folded") === false;
      toggle.setAttribute("aria-expanded", String(open));
    });
    refresh.hooks.push(showToggle);
    showToggle();
    return showToggle;
  }
  // "Saved": the cards this browser saved, as they were saved.
  function savedCards() {
    const saved = memory.saved();
    return Object.keys(saved)
      .sort((a, b) => saved[b].at - saved[a].at)
      .map((id) => saved[id].card)
      .filter(Boolean);
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

  function setUpIndex() {
    const list = document.getElementById("cards");
    if (!list) return;
    setUpPages(list);
    markNew(list);
    const form = document.getElementById("filters");
    if (!form) return;
    reveal(form);
    const asked = fillFromAddress(form);
    const fields = FIELDS;
    const count = document.getElementById("count");
    const empty = document.getElementById("empty");
    const pager = document.getElementById("pager");
    const total = document.getElementById("shown").textContent;
    const showToggle = foldFilters(form);
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
    async function render(index, found, words, search) {
      let shown = 0;
      const append = async () => {
        const html = await index.cards(found.slice(shown, shown + PAGE));
        if (search !== latest) return true;
        const fragment = document.createRange().createContextualFragment(html.join(""));
        // Cards in the index are written for the portal's root.
        for (const link of fragment.querySelectorAll("a[href]")) link.setAttribute("href", body.dataset.root + link.getAttribute("href"));
        for (const image of fragment.querySelectorAll("img[src]")) image.setAttribute("src", body.dataset.root + image.getAttribute("src"));
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
      showToggle();
      const typed = values.q.trim() !== "";
      // "Not shared yet" hides what this browser shared, in the list and
      // in results alike.
      list.classList.toggle("hide-shared", values.mine === "unshared");
      results.classList.toggle("hide-shared", values.mine === "unshared");
      if (values.mine === "saved") {
        const cards = savedCards();
        if (more) { more.remove(); more = null; }
        results.textContent = "";
        const page = new DOMParser().parseFromString("<ul>" + cards.join("") + "</ul>", "text/html");
        for (const card of page.querySelectorAll("ul > li.card")) results.append(document.adoptNode(card));
        showList(false);
        say(cards.length + " " + t("found"));
        empty.textContent = empty.dataset.text;
        empty.hidden = cards.length > 0;
        return;
      }
      const filters = fields.slice(1, -1).filter((name) => values[name]).map((name) => [name, values[name]]);
      const showAll = () => {
        showList(true);
        say(total + " " + t("shown"));
        empty.textContent = empty.dataset.text;
        empty.hidden = total !== "0";
      };
      if (!filters.length && !typed) return showAll();
      list.setAttribute("aria-busy", "true");
      results.setAttribute("aria-busy", "true");
      say(t("searching"));
      try {
        const index = await searchEngine();
        // Folded by the engine, as the index was.
        const words = await index.words(values.q);
        if (search !== latest) return;
        const found = await index.matches(words, filters);
        if (search !== latest) return;
        // Only separators, or single letters: nothing to search for.
        if (found === null) return showAll();
        await render(index, found, words, search);
        if (search !== latest) return;
        showList(false);
        say(found.length + " " + t("found"));
        empty.textContent = empty.dataset.text;
        empty.hidden = found.length > 0;
      } catch (error) {
        if (search !== latest) return;
        say("");
        showList(false);
        results.textContent = "";
        empty.textContent = t("search_failed");
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
    if (asked) apply();
  }

  setUpIndex();
})();
