// Runs advocate's browser module (crates/advocate-wasm) in Node for the
// one-checker test: reads {wasm, zones: [[name, base64 TZif]], requests}
// as JSON on stdin, and prints the module's answers as a JSON array, with
// how long each check took.
import { readFileSync } from "node:fs";

const input = JSON.parse(readFileSync(0, "utf8"));
const { instance } = await WebAssembly.instantiate(readFileSync(input.wasm), {});
const module = instance.exports;
const put = (bytes) => {
  const at = module.advocate_alloc(bytes.length);
  new Uint8Array(module.memory.buffer, at, bytes.length).set(bytes);
  return at;
};
for (const [name, tzif] of input.zones) {
  const nameBytes = new TextEncoder().encode(name);
  const data = Buffer.from(tzif, "base64");
  if (!module.advocate_zone(put(nameBytes), nameBytes.length, put(data), data.length)) {
    throw new Error("not a zone: " + name);
  }
}
const answers = [];
for (const request of input.requests) {
  const bytes = new TextEncoder().encode(JSON.stringify(request));
  const started = performance.now();
  const length = module.advocate_check(put(bytes), bytes.length);
  const ms = performance.now() - started;
  const text = new TextDecoder().decode(new Uint8Array(module.memory.buffer, module.advocate_answer(), length));
  answers.push({ answer: JSON.parse(text), ms });
}
process.stdout.write(JSON.stringify(answers));
