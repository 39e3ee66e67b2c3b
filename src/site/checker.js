// advocate's checker in the browser: `advocate check` compiled to
// WebAssembly (crates/advocate-wasm), the same rules, messages, lines and
// columns. One call, documented in docs/composer.md:
//
//   import { check } from "./checker.js";
//   const { report, shares } = await check(policyYaml, "library/x.md", markdown,
//     { now, assets, knownIds, zones });
//
// `report` is exactly the document `advocate check --format json
// library/x.md` prints; `shares` is each network's final text with its
// length and limit. The module is fetched beside this file on first use;
// `init(bytes)` gives it another way (Node, tests).

let exports = null;
let loading = null;
const givenZones = new Set();

/** Loads the module once: from `source` (a URL, or bytes), by default
 * `checker.wasm` beside this script. */
export function init(source = new URL("checker.wasm", import.meta.url)) {
  loading ??= (async () => {
    let instance;
    if (source instanceof URL || typeof source === "string") {
      const response = await fetch(source);
      if (!response.ok) {
        throw new Error(`the checker could not be loaded (${response.status})`);
      }
      ({ instance } = await WebAssembly.instantiate(await response.arrayBuffer(), {}));
    } else {
      ({ instance } = await WebAssembly.instantiate(source, {}));
    }
    exports = instance.exports;
    givenZones.clear();
    return exports;
  })().catch((error) => {
    loading = null;
    throw error;
  });
  return loading;
}

const encoder = new TextEncoder();

/** Copies `bytes` into the module's memory; returns [where, length]. */
function put(bytes) {
  const at = exports.advocate_alloc(bytes.length);
  new Uint8Array(exports.memory.buffer, at, bytes.length).set(bytes);
  return [at, bytes.length];
}

function give(zones) {
  for (const [name, tzif] of Object.entries(zones ?? {})) {
    if (givenZones.has(name)) continue;
    const nameAt = put(encoder.encode(name));
    const dataAt = put(tzif);
    const ok = exports.advocate_zone(...nameAt, ...dataAt);
    exports.advocate_free(...nameAt);
    exports.advocate_free(...dataAt);
    if (!ok) throw new Error(`${name} is not a time zone`);
    givenZones.add(name);
  }
}

/**
 * Checks one post as `advocate check --format json PATH` does.
 * @param {string} policyYaml the text of policy.yaml
 * @param {string} path the post's path from the repository's root (library/…)
 * @param {string} markdown the post file's text
 * @param {{now?: string, assets?: Object<string, number>,
 *   knownIds?: {path: string, id: string}[],
 *   zones?: Object<string, Uint8Array>}} options `now` (RFC 3339, default
 *   the clock), the repository's files beside posts with their sizes, the
 *   other posts' paths and ids (for duplicate-id), and the policy's time
 *   zone as TZif bytes (a browser has no zone database)
 * @returns {Promise<{report: object, shares: object[]}>}
 */
export async function check(policyYaml, path, markdown, options = {}) {
  await init();
  const request = encoder.encode(
    JSON.stringify({
      policy: policyYaml,
      path,
      text: markdown,
      now: options.now ?? new Date().toISOString(),
      assets: options.assets ?? {},
      knownIds: options.knownIds ?? [],
    }),
  );
  let text;
  try {
    give(options.zones);
    const at = put(request);
    const length = exports.advocate_check(...at);
    exports.advocate_free(...at);
    text = new TextDecoder().decode(
      new Uint8Array(exports.memory.buffer, exports.advocate_answer(), length),
    );
  } catch (error) {
    // A trap (a bug, or memory run out) leaves the instance unusable:
    // the next call loads a fresh one.
    exports = null;
    loading = null;
    throw new Error(`the checker stopped: ${error.message}`, { cause: error });
  }
  const answer = JSON.parse(text);
  if (answer.error) throw new Error(answer.error);
  return answer;
}
