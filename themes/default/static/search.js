// advocate portal: the search engine. The index page loads it on the
// first search, so no page downloads it before. It reads the chunked index
// under search/ (advocate's site/search.rs documents the format and what
// a query means) and fetches only the chunks a query needs.
"use strict";

(function () {
  const WORD = /[\p{Alphabetic}\p{N}]/u;
  // A query word's runs: a run of `cjk` characters is found as a
  // substring; another run of two or more letters or digits begins a word.
  function runs(word, cjk) {
    const out = [];
    let current = null;
    for (const c of word) {
      const kind = cjk.test(c) ? "cjk" : WORD.test(c) ? "word" : null;
      if (!kind) { current = null; continue; }
      if (!current || current.kind !== kind) { current = { kind, chars: [] }; out.push(current); }
      current.chars.push(c);
    }
    return out.filter((run) => run.kind === "cjk" || run.chars.length >= 2);
  }
  // advocate's folding, exactly as the index was made: white space as one
  // space; in between, NFKC without invisible characters, lower case, then
  // the manifest's table where lower case is not case folding (ß → ss,
  // ς → σ, Cherokee, …), then NFKC again.
  const SPACE = /(\p{White_Space}+)/u;
  const INVISIBLE = /\p{Default_Ignorable_Code_Point}/gu;
  function folder(table) {
    const folds = new Map(Object.entries(table || {}));
    return (text) => text.split(SPACE).map((run, i) => {
      if (i % 2) return " ";
      let mapped = "";
      for (const c of run.replace(INVISIBLE, "").normalize("NFKC").toLowerCase()) mapped += folds.has(c) ? folds.get(c) : c;
      return mapped.normalize("NFKC");
    }).join("");
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
    // advocate's table of the characters searched as substrings, as the
    // index was made with it.
    let cjk = null;
    const cjkOf = (m) => cjk || (cjk = new RegExp("[" + m.cjk + "]", "u"));
    let folding = null;
    // A text folded as the index was.
    async function fold(text) {
      const m = await manifest();
      folding = folding || folder(m.fold);
      return folding(text);
    }
    // The query's words, folded.
    async function words(query) {
      return (await fold(query)).split(" ").filter(Boolean);
    }
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
    // The posts (numbers in portal order) that match, or null when the
    // query has nothing to search for: all posts.
    async function matches(words, filters) {
      const m = await manifest();
      const lists = [];
      for (const [kind, value] of filters) {
        lists.push(chunk("f/" + kind + "/" + encodeURIComponent(value) + ".json", []).then((list) => decode(list, m.docs)));
      }
      for (const word of words) {
        for (const run of runs(word, cjkOf(m))) lists.push(run.kind === "cjk" ? cjkPosts(run, m) : wordPosts(run, m));
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
    return { matches, cards, fold, words };
  }

  self.advocateSearch = searchIndex;
})();
