// advocate serve: reload when the portal is rebuilt; while the last change
// has errors, show them over the page (the last good page stays below).
"use strict";
(function () {
  function overlay(status) {
    let box = document.getElementById("advocate-overlay");
    const problems = (status.errors || []).map((e) => `${e.path}:${e.line}:${e.column} ${e.rule}: ${e.message}`);
    if (status.failure) problems.unshift(status.failure);
    if (!problems.length) { if (box) box.remove(); return false; }
    if (!box) {
      box = document.createElement("section");
      box.id = "advocate-overlay";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;margin:0;padding:16px 20px;background:#2b0b0b;color:#ffdede;font:14px/1.5 ui-monospace,monospace;z-index:2147483647;border-top:4px solid #ff6b6b";
      document.body.appendChild(box);
    }
    box.replaceChildren();
    const title = document.createElement("strong");
    title.textContent = `advocate: ${problems.length} error(s); showing the last good page. Fix and save to reload.`;
    box.appendChild(title);
    const list = document.createElement("ul");
    for (const text of problems) {
      const item = document.createElement("li");
      item.textContent = text;
      list.appendChild(item);
    }
    box.appendChild(list);
    return true;
  }
  const check = () => fetch("/__advocate/status", { cache: "no-store" }).then((r) => r.json());
  check().then(overlay).catch(() => {});
  const events = new EventSource("/__advocate/events");
  events.addEventListener("reload", () => {
    check().then((status) => { if (!overlay(status)) location.reload(); }).catch(() => location.reload());
  });
})();
