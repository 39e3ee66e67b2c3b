// Runs advocate's browser checker (src/site/checker.js over the committed
// src/site/checker.wasm) in Node for the one-checker test: reads {wasm,
// zones: [[name, base64 TZif]], requests} as JSON on stdin, and prints the
// loader's answers as a JSON array, with how long each check took.
import { readFileSync } from "node:fs";
import { check, init } from "../../src/site/checker.js";

const input = JSON.parse(readFileSync(0, "utf8"));
await init(readFileSync(input.wasm));
const zones = Object.fromEntries(input.zones.map(([name, tzif]) => [name, Buffer.from(tzif, "base64")]));
const answers = [];
for (const r of input.requests) {
  const started = performance.now();
  const answer = await check(r.policy, r.path, r.text, { now: r.now, assets: r.assets, knownIds: r.knownIds, zones });
  answers.push({ answer, ms: performance.now() - started });
}
process.stdout.write(JSON.stringify(answers));
