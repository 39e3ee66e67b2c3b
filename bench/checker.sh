#!/usr/bin/env bash
# The browser's checker (src/site/checker.wasm, shipped on compose/):
#   - its size: raw, gzip -9 and brotli (when `brotli` is installed), and
#     its largest parts (when `twiggy` is installed, on a build with names);
#   - how long a check takes in headless Chromium, through the documented
#     check(): every fixture and example post, a typical post and a share
#     block of 10,000 words (medians of 21), from the composer test.
# Needs Chromium (Debian's `chromium`).
#
#   bash bench/checker.sh        # results in bench/out/checker.txt
set -euo pipefail
cd "$(dirname "$0")/.."
out="$PWD/bench/out"
mkdir -p "$out"
module=src/site/checker.wasm
{
  echo "module: $(wc -c <"$module") bytes raw, $(gzip -9c "$module" | wc -c) gzip -9"
  if command -v brotli >/dev/null; then
    echo "module: $(brotli -c "$module" | wc -c) brotli"
  fi
  echo "loader and composer script: $(cat src/site/checker.js themes/default/static/compose.js | wc -c) bytes"
  if command -v twiggy >/dev/null; then
    CARGO_PROFILE_WASM_STRIP=false cargo build --quiet -p advocate-wasm \
      --target wasm32-unknown-unknown --profile wasm --target-dir target/checker-names
    twiggy top -n 15 target/checker-names/wasm32-unknown-unknown/wasm/advocate_wasm.wasm
  fi
  cargo test --quiet --test testsuite composer::the_checker_in_chromium -- --nocapture 2>&1 \
    | grep '^checker in Chromium'
} | tee "$out/checker.txt"
