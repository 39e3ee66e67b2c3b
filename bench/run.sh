#!/usr/bin/env bash
# Benchmarks advocate on synthetic libraries made by bench/generate.py
# (3 share texts per post, English and Japanese, 1,000 or 10 terms):
#   - `advocate check`: 1,000 and 10,000 posts × 1,000 terms, and × 10 terms;
#   - `advocate build` against Hugo (Debian's `hugo`) building the same posts
#     with a minimal equivalent theme, side by side;
#   - 100,000 posts (× 10 terms) against Hugo too;
#   - peak memory of each, from GNU time;
#   - what an employee downloads (tests/testsuite/payload.rs in Chromium): the index
#     before any interaction and the first search, at 1,000, 10,000 and
#     100,000 posts.
# Installs hyperfine, GNU time and hugo from Debian when missing.
#
#   bash bench/run.sh            # results in bench/out/*.md and *.txt
set -euo pipefail
cd "$(dirname "$0")/.."

need() { command -v "$1" >/dev/null 2>&1; }
if ! need hyperfine || ! need hugo || [ ! -x /usr/bin/time ]; then
  echo "installing hyperfine, GNU time and hugo (Debian packages)…" >&2
  apt-get update -qq >/dev/null && apt-get install -y -qq hyperfine time hugo >/dev/null
fi

cargo build --release --quiet
bin="$PWD/target/release/advocate"
out="$PWD/bench/out"
mkdir -p "$out"
now=2026-12-10T00:00:00Z

for spec in 1000:1000 10000:1000 10000:10 100000:10; do
  posts=${spec%%:*}; terms=${spec##*:}
  dir="$out/lib-$posts-$terms"
  [ -f "$dir/hugo/hugo.toml" ] || { rm -rf "$dir"; python3 bench/generate.py "$dir" "$posts" "$terms"; }
done

# Sites of an earlier run (perhaps by another advocate) are not compared.
rm -rf "$out"/site-* "$out"/.site-*

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr); $(hugo version | cut -d' ' -f1-2)" | tee "$out/machine.txt"

hyperfine --warmup 2 --runs 15 --export-markdown "$out/check.md" \
  -n "check 1,000 posts × 1,000 terms" "$bin --root $out/lib-1000-1000 check --now $now" \
  -n "check 10,000 posts × 1,000 terms" "$bin --root $out/lib-10000-1000 check --now $now" \
  -n "check 10,000 posts × 10 terms" "$bin --root $out/lib-10000-10 check --now $now"

# Rebuilds (the output folder exists, as on every build but the first), then
# first builds into fresh folders (--prepare), where creating 10,000 folders
# is mostly kernel time for both tools. Each advocate run goes through the
# whole pipeline (load, check, render, publish): its stamp is removed first,
# or a build with nothing changed would only compare the inputs.
for posts in 1000 10000; do
  lib="$out/lib-$posts-1000"
  hyperfine --warmup 2 --runs 8 --export-markdown "$out/rebuild-$posts.md" \
    --prepare "rm -f $out/.site-a.stamp" \
    -n "advocate build, $posts posts" "$bin --root $lib build --out $out/site-a --now $now" \
    -n "hugo, $posts posts" "hugo --source $lib/hugo --destination $out/site-h --quiet"
  hyperfine --warmup 1 --runs 5 --export-markdown "$out/first-build-$posts.md" \
    --prepare "rm -rf $out/site-a $out/.site-a.staging $out/.site-a.stamp $out/site-h" \
    -n "advocate build, $posts posts, first" "$bin --root $lib build --out $out/site-a --now $now" \
    -n "hugo, $posts posts, first" "hugo --source $lib/hugo --destination $out/site-h --quiet"
done

: > "$out/memory.txt"
for lib in lib-1000-1000 lib-10000-1000 lib-10000-10; do
  rss=$(/usr/bin/time -f %M "$bin" --root "$out/$lib" check --now $now 2>&1 >/dev/null | tail -1)
  echo "check $lib: peak RSS $((rss / 1024)) MiB" | tee -a "$out/memory.txt"
done
for posts in 1000 10000; do
  lib="$out/lib-$posts-1000"
  rm -rf "$out/site-a" "$out/.site-a.staging" "$out/.site-a.stamp" "$out/site-h"
  rss=$(/usr/bin/time -f %M "$bin" --root "$lib" build --out "$out/site-a" --now $now 2>&1 >/dev/null | tail -1)
  echo "build $posts posts: peak RSS $((rss / 1024)) MiB" | tee -a "$out/memory.txt"
  rss=$(/usr/bin/time -f %M hugo --source "$lib/hugo" --destination "$out/site-h" --quiet 2>&1 >/dev/null | tail -1)
  echo "hugo $posts posts: peak RSS $((rss / 1024)) MiB" | tee -a "$out/memory.txt"
done
index=$(stat -c %s "$out/site-a/index.html")
css_js=$(cat "$out/site-a/static/style.css" "$out/site-a/static/portal.js" | wc -c)
echo "index page of 10,000 posts: $((index / 1024)) KiB HTML + $((css_js / 1024)) KiB CSS+JS" | tee -a "$out/memory.txt"

# 100,000 posts, side by side with Hugo (fewer runs: each takes seconds).
lib="$out/lib-100000-10"
hyperfine --warmup 1 --runs 3 --export-markdown "$out/rebuild-100000.md" \
  --prepare "rm -f $out/.site-a100k.stamp" \
  -n "advocate build, 100000 posts" "$bin --root $lib build --out $out/site-a100k --now $now" \
  -n "hugo, 100000 posts" "hugo --source $lib/hugo --destination $out/site-h100k --quiet"
# A rebuild with nothing changed (the stamp kept), and one with every post
# file rewritten byte for byte (times change, contents do not).
"$bin" --root "$lib" build --out "$out/site-a100k" --now $now 2>/dev/null
hyperfine --warmup 1 --runs 10 --export-markdown "$out/unchanged-100000.md" \
  -n "advocate build, 100000 posts, nothing changed" "$bin --root $lib build --out $out/site-a100k --now $now"
find "$lib/library" -name '*.md' -print0 | xargs -0 touch
hyperfine --runs 1 --export-markdown "$out/touched-100000.md" \
  -n "advocate build, 100000 posts, every file touched" "$bin --root $lib build --out $out/site-a100k --now $now"
# One post edited: how many files the build rewrites, and which kinds.
post=$(find "$lib/library" -name '*.md' | sort | sed -n 1p)
cp "$post" "$out/edited.bak"
sed -i '0,/^title: /s//title: Edited /' "$post"
touch "$out/marker"; sleep 1
"$bin" --root "$lib" build --out "$out/site-a100k" --now $now 2>&1 | tail -1 | tee "$out/edited-100000.txt"
find "$out/site-a100k" -type f -newer "$out/marker" | sed "s|$out/site-a100k/||; s|/.*||" \
  | sort | uniq -c | tee -a "$out/edited-100000.txt"
mv "$out/edited.bak" "$post"
"$bin" --root "$lib" build --out "$out/site-a100k" --now $now 2>/dev/null
rss=$(/usr/bin/time -f %M "$bin" --root "$lib" check --now $now 2>&1 >/dev/null | tail -1)
echo "check 100000 posts: peak RSS $((rss / 1024)) MiB" | tee -a "$out/memory.txt"
rm -f "$out/.site-a100k.stamp"
rss=$(/usr/bin/time -f %M "$bin" --root "$lib" build --out "$out/site-a100k" --now $now 2>&1 >/dev/null | tail -1)
echo "build 100000 posts: peak RSS $((rss / 1024)) MiB" | tee -a "$out/memory.txt"
rss=$(/usr/bin/time -f %M hugo --source "$lib/hugo" --destination "$out/site-h100k" --quiet 2>&1 >/dev/null | tail -1)
echo "hugo 100000 posts: peak RSS $((rss / 1024)) MiB" | tee -a "$out/memory.txt"

# What the portal makes an employee download, measured in Chromium, at
# 1,000 posts (built here), 10,000 (site-a, from the builds above) and
# 100,000.
"$bin" --root "$out/lib-1000-1000" build --out "$out/site-a1k" --now $now 2>/dev/null
: > "$out/payload.txt"
for site in site-a1k site-a site-a100k; do
  ADVOCATE_PAYLOAD_SITE="$out/$site" ADVOCATE_PAYLOAD_REPORT="$out/payload.txt" \
    cargo test --release --quiet --test testsuite payload:: >/dev/null
done
cat "$out/payload.txt"
