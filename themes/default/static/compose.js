// advocate's composer (compose/): a form, or the whole post file under
// "Markdown", checked as the user types by the browser's checker
// (compose/checker.js: `advocate check` compiled to WebAssembly, the same
// rules, messages and fixes). Each problem shows under its field with its
// span marked and a one-click fix where the checker suggests one; each
// network's text shows as it will be shared, with its length. The draft
// stays in this browser; nothing is sent until the user proposes the post
// (the repository's new-file page, Copy, Download, or under `advocate
// serve` "Save to library/", which that server alone answers). Everything product-specific comes from
// compose/data.json: the policy, the networks, how each rule's fixes
// apply, where to propose.

const a = self.advocate;
const body = document.body;
const folder = body.dataset.root + body.dataset.compose;
const $ = (id) => document.getElementById(id);
const DRAFT = "compose.draft";
// Where `advocate serve` saves a post into library/: its preview script
// names it; a static host has none.
const SAVE = document.querySelector("script[data-save]")?.dataset.save;
const FIELDS = ["title", "link", "campaign", "topics", "lang", "publish_at", "expires_at", "image", "image_alt"];

let data = null;
let checker = null;
let draft = null;
let last = null; // the last file checked, its layout and its answer

// ---- The composer's own strings (`compose_…` in the theme), which its
// data carries in every interface language: the shared interface file,
// loaded on every page, does not ----

const OWN = "compose_";

function t(key) {
  const own = (data && data.strings) || {};
  const lang = a.currentLang();
  return (own[lang] || {})[OWN + key] || (Object.values(own)[0] || {})[OWN + key] || a.t(OWN + key);
}

// The page's text in the employee's language (the page is written in the
// site's).
function translateOwn() {
  for (const el of document.querySelectorAll(`[data-i18n^="${OWN}"]`)) {
    const text = t(el.dataset.i18n.slice(OWN.length));
    if (text) el.textContent = text;
  }
}

// ---- The draft: form values, texts, or the Markdown itself ----

function emptyDraft() {
  const fields = Object.fromEntries(FIELDS.map((k) => [k, ""]));
  fields.file = "";
  fields.briefing = "";
  return { mode: "form", fields, networks: data.networks.map((n) => n.name), texts: [{ for: "", text: data.disclosure.trim() }], markdown: "" };
}

function loadDraft() {
  const kept = a.store.json(DRAFT, null);
  if (!kept || typeof kept !== "object" || !kept.fields || !Array.isArray(kept.texts)) return emptyDraft();
  return { ...emptyDraft(), ...kept };
}

function keep() {
  a.store.set(DRAFT, JSON.stringify(draft));
}

// ---- From the form to a post file, remembering where each part went ----

// A YAML scalar: plain when that reads back as the same string, else
// double-quoted (JSON's quoting is YAML's).
function scalar(value) {
  const plain = /^[^\s\-?:,[\]{}#&*!|>'"%@`][^:#]*$/u.test(value) && !/\s$/.test(value) &&
    !/^(true|false|yes|no|on|off|null|~|[-+]?[0-9][0-9_.:eE+-]*)$/i.test(value);
  return plain ? value : JSON.stringify(value);
}

function list(value) {
  return value.split(/[,、]/).map((s) => s.trim()).filter(Boolean);
}

function fenceFor(text) {
  const longest = Math.max(2, ...(text.match(/`+/g) || []).map((run) => run.length));
  return "`".repeat(longest + 1);
}

// The post file, and for each line what it holds: a field's key, the
// briefing, or a text (with the line its content starts on).
function fromForm() {
  const f = draft.fields;
  const lines = ["---"];
  const layout = { fields: {}, briefing: null, texts: [] };
  const put = (key, value) => {
    layout.fields[key] = lines.length + 1;
    lines.push(`${key}: ${value}`);
  };
  put("title", scalar(f.title));
  if (f.campaign.trim()) put("campaign", scalar(f.campaign.trim()));
  const topics = list(f.topics);
  if (topics.length) put("topics", "[" + topics.map(scalar).join(", ") + "]");
  if (f.lang) put("lang", f.lang);
  if (f.link.trim()) put("link", scalar(f.link.trim()));
  if (f.publish_at) put("publish_at", f.publish_at);
  if (f.expires_at) put("expires_at", f.expires_at);
  const all = data.networks.map((n) => n.name);
  if (draft.networks.length !== all.length) put("networks", "[" + draft.networks.join(", ") + "]");
  if (f.image.trim()) put("image", scalar(f.image.trim()));
  if (f.image_alt.trim() || f.image.trim()) put("image_alt", scalar(f.image_alt.trim()));
  lines.push("---");
  const briefing = f.briefing.replace(/\r\n?/g, "\n").trim();
  if (briefing) {
    layout.briefing = { from: lines.length + 1, text: briefing };
    lines.push(...briefing.split("\n"));
  }
  draft.texts.forEach((block, index) => {
    const text = block.text.replace(/\r\n?/g, "\n");
    const fence = fenceFor(text);
    lines.push("");
    const opening = lines.length + 1;
    lines.push(fence + "share" + (block.for ? " " + block.for : ""));
    lines.push(...text.split("\n"));
    lines.push(fence);
    layout.texts.push({ index, opening, from: opening + 1, to: lines.length });
  });
  return { markdown: lines.join("\n") + "\n", layout };
}

// The post file's name: the file field, else the title made a slug.
function fileName() {
  const chosen = draft.fields.file.trim();
  if (chosen) return chosen;
  const slug = draft.fields.title.normalize("NFKD").toLowerCase()
    .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60);
  return slug || "new-post";
}

function postPath() {
  return data.library + fileName() + ".md";
}

function current() {
  if (draft.mode === "markdown") return { markdown: draft.markdown, layout: null };
  return fromForm();
}

// ---- Positions: lines and columns (from 1, in characters) ----

function offsetIn(text, line, column) {
  let at = 0;
  for (let l = 1; l < line; l++) {
    const next = text.indexOf("\n", at);
    if (next < 0) return text.length;
    at = next + 1;
  }
  let chars = 0;
  for (const ch of text.slice(at)) {
    if (chars === column - 1 || ch === "\n") break;
    at += ch.length;
    chars += 1;
  }
  return at;
}

function lineText(text, line) {
  return text.split("\n")[line - 1] || "";
}

// Where a diagnostic goes: a form field, a text, the briefing, or "other".
function targetOf(d, layout) {
  if (!layout) return { list: "markdown" };
  for (const block of layout.texts) {
    if (d.line >= block.opening && d.line <= block.to) return { list: "text-" + block.index, block };
  }
  if (layout.briefing && d.line >= layout.briefing.from) {
    const lines = layout.briefing.text.split("\n").length;
    if (d.line < layout.briefing.from + lines) return { list: "briefing", briefing: layout.briefing };
  }
  for (const [key, line] of Object.entries(layout.fields)) {
    if (d.line === line) return { list: key };
  }
  // A missing field is reported at the front matter; it names the key.
  const named = /`([a-z_]+)`/.exec(d.message);
  if (named && FIELDS.includes(named[1])) return { list: named[1] };
  if (d.rule === "duplicate-id") return { list: "file" };
  return { list: "other" };
}

// ---- Fixes: what the checker suggests, applied where the span is ----

function applyFix(d, suggestion) {
  const append = (data.fixes[d.rule.split("/")[0]] || "replace") === "append";
  const edit = (text, line, startLine) => {
    const start = offsetIn(text, line - startLine + 1, d.column);
    const end = offsetIn(text, d.end_line - startLine + 1, d.end_column);
    if (append) {
      const head = text.slice(0, end).replace(/\s+$/, "");
      return head + " " + suggestion + text.slice(end);
    }
    return text.slice(0, start) + suggestion + text.slice(end);
  };
  const target = targetOf(d, last.layout);
  if (target.list === "markdown") {
    draft.markdown = edit(draft.markdown, d.line, 1);
  } else if (target.block) {
    const block = draft.texts[target.block.index];
    block.text = append ? edit(block.text, d.end_line, target.block.from) : edit(block.text, d.line, target.block.from);
  } else if (target.briefing) {
    draft.fields.briefing = edit(target.briefing.text, d.line, target.briefing.from);
  } else if (FIELDS.includes(target.list)) {
    // The span is in `key: value`: replace the same words in the value.
    const written = lineText(last.markdown, d.line);
    const from = offsetIn(written, 1, d.column);
    const to = offsetIn(written, 1, d.end_column);
    const words = written.slice(from, to);
    const value = draft.fields[target.list];
    draft.fields[target.list] = value.includes(words) ? value.replace(words, suggestion) : value;
  }
  fill();
  run();
}

// ---- Showing the answer ----

function problemItem(d, markdown) {
  const li = document.createElement("li");
  li.className = d.severity;
  const rule = document.createElement("strong");
  rule.textContent = d.rule;
  li.append(rule, " ", d.message);
  const written = lineText(markdown, d.line);
  if (written.trim() && written !== "---") {
    const from = offsetIn(written, 1, d.column);
    const to = d.end_line === d.line ? offsetIn(written, 1, d.end_column) : written.length;
    const excerpt = document.createElement("code");
    excerpt.className = "excerpt";
    const mark = document.createElement("mark");
    mark.textContent = written.slice(from, to);
    excerpt.append(written.slice(Math.max(0, from - 40), from), mark, written.slice(to, to + 40));
    li.append(document.createElement("br"), excerpt);
  }
  for (const suggestion of d.suggestions || []) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "fix secondary";
    button.textContent = t("fix_with").replace("{suggestion}", suggestion);
    button.addEventListener("click", () => applyFix(d, suggestion));
    li.append(" ", button);
  }
  return li;
}

function show(answer, markdown, layout, path) {
  for (const ul of document.querySelectorAll("#composer ul.problems")) ul.replaceChildren();
  for (const el of document.querySelectorAll("#composer [aria-invalid]")) el.removeAttribute("aria-invalid");
  const diagnostics = answer.report.diagnostics;
  for (const d of diagnostics) {
    // A problem of policy.yaml itself (the post cannot be checked then)
    // is shown with the policy's line.
    if (d.path !== path) {
      $("other-problems").append(problemItem(d, d.path === "policy.yaml" ? data.policy : ""));
      continue;
    }
    const target = targetOf(d, layout);
    const ul = $(target.list === "other" ? "other-problems" : (target.list.startsWith("text-") ? target.list + "-problems" : "f-" + target.list + "-problems"));
    (ul || $("other-problems")).append(problemItem(d, markdown));
    const input = target.list.startsWith("text-") ? $(target.list) : $("f-" + target.list);
    if (input && d.severity === "error") input.setAttribute("aria-invalid", "true");
  }
  $("other").hidden = !$("other-problems").children.length;
  const summary = $("summary");
  summary.className = "summary " + (diagnostics.length ? "bad" : "ok");
  summary.textContent = diagnostics.length
    ? t("problems_count").replace("{count}", diagnostics.length)
    : t("problems_none");
  showPreviews(answer.shares);
}

function showPreviews(shares) {
  const box = $("previews");
  box.replaceChildren();
  for (const share of shares) {
    const card = document.createElement("article");
    card.className = "preview-card";
    card.dataset.network = share.network;
    const head = document.createElement("h3");
    head.dataset.label = "networks:" + share.network;
    head.textContent = a.labelOf("networks", share.network) || share.label;
    const length = document.createElement("span");
    const over = share.length - share.limit;
    length.className = "length" + (over > 0 ? " over" : "");
    length.textContent = t("length_of").replace("{length}", share.length).replace("{limit}", share.limit) +
      (over > 0 ? " · " + t("over_by").replace("{over}", over) : "");
    head.append(" ", length);
    const text = document.createElement("p");
    text.className = "shared-text";
    text.textContent = share.text;
    card.append(head, text);
    box.append(card);
  }
}

// ---- Checking, a moment after the last keystroke ----

let timer = 0;
let asked = 0;
function run() {
  clearTimeout(timer);
  timer = setTimeout(checkNow, 60);
}

async function checkNow() {
  keep();
  const { markdown, layout } = current();
  const path = postPath();
  const ticket = ++asked;
  let answer;
  try {
    answer = await checker.check(data.policy, path, markdown, { assets: data.assets, knownIds: data.knownIds, zones: zones() });
  } catch (error) {
    $("summary").textContent = t("checker_failed");
    return;
  }
  if (ticket !== asked) return;
  last = { markdown, layout, answer, path };
  show(answer, markdown, layout, path);
  updateProposal();
}

let zoneBytes = null;
function zones() {
  if (!data.zone) return {};
  if (!zoneBytes) zoneBytes = Uint8Array.from(atob(data.zone.tzif), (c) => c.charCodeAt(0));
  return { [data.zone.name]: zoneBytes };
}

// ---- The form ----

function fill() {
  $("f-file").value = draft.fields.file;
  $("f-file").placeholder = fileName();
  for (const key of FIELDS) $("f-" + key).value = draft.fields[key];
  $("f-briefing").value = draft.fields.briefing;
  for (const box of document.querySelectorAll("#f-networks input")) box.checked = draft.networks.includes(box.value);
  $("f-markdown").value = draft.markdown;
  renderTexts();
  showMode();
}

function renderTexts() {
  const holder = $("texts");
  holder.replaceChildren();
  draft.texts.forEach((block, index) => {
    const field = document.createElement("div");
    field.className = "field text-block";
    const id = "text-" + index;
    const label = document.createElement("label");
    label.htmlFor = id;
    const network = data.networks.find((n) => n.name === block.for);
    label.textContent = t("field_text") + " · " + (network ? (a.labelOf("networks", network.name) || network.label) : t("text_for_all"));
    const area = document.createElement("textarea");
    area.id = id;
    area.rows = 4;
    area.value = block.text;
    area.setAttribute("aria-describedby", id + "-problems");
    area.addEventListener("input", () => { block.text = area.value; run(); });
    const problems = document.createElement("ul");
    problems.className = "problems";
    problems.id = id + "-problems";
    const row = document.createElement("p");
    row.className = "text-actions";
    const another = document.createElement("button");
    another.type = "button";
    another.className = "secondary";
    another.textContent = t("add_version");
    another.addEventListener("click", () => {
      draft.texts.splice(index + 1, 0, { for: block.for, text: "" });
      renderTexts();
      run();
      $("text-" + (index + 1)).focus();
    });
    row.append(another);
    if (draft.texts.length > 1) {
      const remove = document.createElement("button");
      remove.type = "button";
      remove.className = "secondary";
      remove.textContent = t("remove_text");
      remove.addEventListener("click", () => { draft.texts.splice(index, 1); renderTexts(); run(); });
      row.append(" ", remove);
    }
    field.append(label, area, problems, row);
    holder.append(field);
  });
}

function showMode() {
  const markdown = draft.mode === "markdown";
  $("panel-form").hidden = markdown;
  $("panel-markdown").hidden = !markdown;
  $("tab-form").setAttribute("aria-selected", String(!markdown));
  $("tab-markdown").setAttribute("aria-selected", String(markdown));
  $("tab-form").tabIndex = markdown ? -1 : 0;
  $("tab-markdown").tabIndex = markdown ? 0 : -1;
}

// The Markdown tab starts from what the form wrote; going back to the
// form reads the file again when it holds only what the form writes.
function toForm(markdown) {
  const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(markdown.replace(/\r\n?/g, "\n"));
  if (!match) return null;
  const fields = { ...emptyDraft().fields, file: draft.fields.file };
  let networks = data.networks.map((n) => n.name);
  for (const line of match[1].split("\n")) {
    const kv = /^([a-z_]+): ?(.*)$/.exec(line);
    if (!kv) return null;
    const key = kv[1];
    let value = kv[2];
    if (value.startsWith("\"")) {
      try { value = JSON.parse(value); } catch (e) { return null; }
    }
    if (key === "topics" || key === "networks") {
      const items = /^\[(.*)\]$/.exec(value);
      if (!items) return null;
      const values = items[1].split(",").map((s) => s.trim().replace(/^"(.*)"$/, "$1")).filter(Boolean);
      if (key === "networks") networks = values; else fields.topics = values.join(", ");
    } else if (key in fields && key !== "file" && key !== "briefing") {
      fields[key] = value;
    } else {
      return null;
    }
  }
  const texts = [];
  const fence = /^(`{3,})share(?: ([a-z]+))?\n([\s\S]*?)\n\1\n?/m;
  let rest = match[2];
  const first = rest.search(/^`{3,}share/m);
  fields.briefing = (first < 0 ? rest : rest.slice(0, first)).trim();
  rest = first < 0 ? "" : rest.slice(first);
  while (rest.trim()) {
    const block = fence.exec(rest);
    if (!block || block.index !== 0) return null;
    texts.push({ for: block[2] || "", text: block[3] });
    rest = rest.slice(block[0].length).replace(/^\n+/, "");
  }
  return { fields, networks, texts: texts.length ? texts : emptyDraft().texts };
}

function setMode(mode) {
  if (mode === draft.mode) return;
  if (mode === "markdown") {
    draft.markdown = fromForm().markdown;
  } else {
    const read = toForm(draft.markdown);
    if (!read) {
      $("summary").textContent = t("tab_markdown") + ": " + t("other_problems");
      return;
    }
    Object.assign(draft, read);
  }
  draft.mode = mode;
  fill();
  run();
  $(mode === "markdown" ? "tab-markdown" : "tab-form").focus();
}

function setUpForm() {
  const options = (id, values) => {
    const list = $(id);
    for (const value of values) {
      const option = document.createElement("option");
      option.value = value;
      list.append(option);
    }
  };
  options("campaign-list", data.campaigns);
  options("topic-list", data.topics);
  const checks = $("f-networks");
  const addFor = $("add-for");
  const every = document.createElement("option");
  every.value = "";
  every.textContent = t("text_for_all");
  addFor.append(every);
  for (const network of data.networks) {
    const label = document.createElement("label");
    const box = document.createElement("input");
    box.type = "checkbox";
    box.value = network.name;
    box.addEventListener("change", () => {
      draft.networks = data.networks.map((n) => n.name).filter((name) => checks.querySelector(`input[value="${name}"]`).checked);
      run();
    });
    const name = document.createElement("span");
    name.dataset.label = "networks:" + network.name;
    name.textContent = a.labelOf("networks", network.name) || network.label;
    label.append(box, " ", name);
    checks.append(label);
    const option = document.createElement("option");
    option.value = network.name;
    option.textContent = name.textContent;
    addFor.append(option);
  }
  $("f-file").addEventListener("input", (e) => { draft.fields.file = e.target.value.trim(); run(); });
  for (const key of [...FIELDS, "briefing"]) {
    $("f-" + key).addEventListener("input", (e) => {
      draft.fields[key] = e.target.value;
      if (key === "title") $("f-file").placeholder = fileName();
      run();
    });
  }
  $("f-markdown").addEventListener("input", (e) => { draft.markdown = e.target.value; run(); });
  $("add-text").addEventListener("click", () => {
    draft.texts.push({ for: addFor.value, text: data.disclosure.trim() });
    renderTexts();
    run();
    $("text-" + (draft.texts.length - 1)).focus();
  });
  $("tab-form").addEventListener("click", () => setMode("form"));
  $("tab-markdown").addEventListener("click", () => setMode("markdown"));
  for (const tab of document.querySelectorAll("#composer [role=tab]")) {
    tab.addEventListener("keydown", (e) => {
      if (e.key === "ArrowRight" || e.key === "ArrowLeft") setMode(draft.mode === "form" ? "markdown" : "form");
    });
  }
}

// ---- Proposing ----

function proposal() {
  return { path: postPath(), file: fileName() + ".md", markdown: last ? last.markdown : current().markdown };
}

function updateProposal() {
  const { file, markdown } = proposal();
  const link = $("download-post");
  URL.revokeObjectURL(link.href);
  link.href = URL.createObjectURL(new Blob([markdown], { type: "text/markdown;charset=utf-8" }));
  link.download = file;
  link.querySelector(".file").textContent = file;
}

async function copyPost(markdown) {
  try {
    await navigator.clipboard.writeText(markdown);
    return true;
  } catch (e) {
    return false;
  }
}

function say(text) {
  $("propose-status").textContent = text;
}

function setUpProposing() {
  const propose = data.propose;
  if (propose) a.reveal($("open-pr"));
  $("open-pr").addEventListener("click", async () => {
    const { path, markdown } = proposal();
    const base = propose.newFile + encodeURIComponent(path);
    const full = base + "&value=" + encodeURIComponent(markdown);
    if (propose.prefills && full.length <= data.prefillMax) {
      window.open(full, "_blank", "noopener");
      say("");
      return;
    }
    await copyPost(markdown);
    window.open(base, "_blank", "noopener");
    say(t(propose.prefills ? "open_pr_copied" : "open_gitlab_copied"));
  });
  $("copy-post").addEventListener("click", async () => {
    a.toast(a.t(await copyPost(proposal().markdown) ? "copied" : "copy_failed"));
  });
  if (SAVE) a.reveal($("save-post"));
  $("save-post").addEventListener("click", async () => {
    const { path, file, markdown } = proposal();
    try {
      const response = await fetch(SAVE, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ path, text: markdown }),
      });
      if (response.status === 409) say(t("save_exists").replace("{file}", file));
      else if (response.ok) say(t("saved_as").replace("{file}", path));
      else say(t("save_failed") + " " + (await response.text()));
    } catch (e) {
      say(t("save_failed"));
    }
  });
  $("start-over").addEventListener("click", () => {
    if (!window.confirm(t("start_over_confirm"))) return;
    draft = emptyDraft();
    fill();
    run();
  });
}

async function start() {
  try {
    const [loaded, module] = await Promise.all([
      fetch(folder + "data.json").then((r) => { if (!r.ok) throw new Error(r.status); return r.json(); }),
      import(new URL(folder + "checker.js", location.href)),
    ]);
    data = loaded;
    checker = module;
  } catch (error) {
    a.reveal($("checker-failed"));
    return;
  }
  draft = loadDraft();
  translateOwn();
  setUpForm();
  setUpProposing();
  fill();
  a.reveal($("composer"));
  run();
  // Another interface language chosen: this page's own strings follow.
  a.refresh.hooks.push(() => {
    translateOwn();
    fill();
    run();
  });
}

start();
