// advocate portal, on "Me" and the impact page: my own row on the
// leaderboard, my settings, and my own clicks from my code's figures.
"use strict";

(function () {
  const a = self.advocate;
  if (!a) return;
  const { body, made, personalCode, refresh, reveal, saveServer, serverHost, store, t } = a;

  // ---- "Me": settings and my own figures; my row on the leaderboard ----
  function setUpMe() {
    for (const row of document.querySelectorAll("tr[data-code]")) {
      const mine = row.dataset.code === personalCode();
      row.classList.toggle("mine", mine);
      if (mine && !row.querySelector(".badge.you")) {
        const badge = made("span", "badge you");
        badge.dataset.i18n = "you";
        badge.textContent = t("you");
        row.cells[0].append(" ", badge);
      }
    }
    const me = document.getElementById("me");
    if (!me) return;
    reveal(document.getElementById("me-settings"));
    for (const setting of me.querySelectorAll(".server-setting")) {
      const network = setting.dataset.network;
      const form = setting.querySelector("form.instance");
      const input = form.querySelector("input");
      const change = setting.querySelector("button.change");
      const show = () => { setting.querySelector(".host").textContent = serverHost(store.get(network) || "") || "—"; };
      show();
      change.addEventListener("click", () => {
        form.hidden = false;
        input.value = store.get(network) || "";
        input.focus();
      });
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        if (!saveServer(input, network)) return;
        form.hidden = true;
        show();
        change.focus();
      });
    }
    const section = document.getElementById("my-impact");
    if (!section) return;
    reveal(section);
    const state = (shown) => {
      for (const id of ["my-figures", "my-none", "my-no-code"]) document.getElementById(id).hidden = id !== shown;
    };
    async function showMine() {
      const code = personalCode();
      if (!code) return state("my-no-code");
      if (!me.hasAttribute("data-codes")) return state("my-none");
      try {
        const response = await fetch(body.dataset.root + "impact/codes/" + code + ".json");
        if (response.status === 404) return state("my-none");
        if (!response.ok) throw new Error(response.status);
        const mine = await response.json();
        document.getElementById("my-week").textContent = mine.week;
        document.getElementById("my-all").textContent = mine.all_time;
        const best = document.getElementById("my-best");
        best.hidden = !mine.best;
        if (mine.best) {
          const link = best.querySelector("a");
          link.textContent = mine.best.title;
          if (mine.best.slug) link.href = body.dataset.root + "posts/" + encodeURIComponent(mine.best.slug) + "/index.html";
          else link.removeAttribute("href");
          best.querySelector(".n").textContent = mine.best.clicks;
        }
        state("my-figures");
      } catch (error) {
        state("my-none");
      }
    }
    refresh.hooks.push(showMine);
    showMine();
  }

  setUpMe();
})();
