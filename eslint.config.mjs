// ESLint for advocate's own JavaScript: the portal's scripts, the service
// worker, the preview's reload script and CI's helpers. `.ci/run` runs it.
import js from "@eslint/js";
import globals from "globals";

export default [
  { ignores: ["target/", "node_modules/", "bench/out/", "public/"] },
  js.configs.recommended,
  {
    files: ["themes/default/static/*.js", "src/site/*.js", "src/serve/live.js"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "script",
      globals: { ...globals.browser, ...globals.serviceworker },
    },
    rules: {
      "no-unused-vars": ["error", { caughtErrors: "none" }],
      "no-empty": ["error", { allowEmptyCatch: false }],
      eqeqeq: "error",
      "no-var": "error",
      "prefer-const": "error",
    },
  },
  {
    // advocate fills these in when it writes sw.js.
    files: ["src/site/worker.js"],
    languageOptions: { globals: { __FRONT__: "readonly", __NOT_FOUND__: "readonly", __SHELL__: "readonly" } },
  },
  {
    // ES modules of the portal: the checker's loader and the composer.
    files: ["src/site/checker.js", "themes/default/static/compose.js"],
    languageOptions: { sourceType: "module" },
  },
  {
    files: [".ci/*.mjs", "eslint.config.mjs", "tests/testsuite/*.mjs"],
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: globals.node },
  },
];
