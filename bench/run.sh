#!/usr/bin/env bash
# Benchmarks `advocate check` on synthetic libraries (bench/generate.py):
# 1,000 and 10,000 posts with 1,000 terms, and 10,000 posts with 10 terms,
# timed side by side with hyperfine; peak memory from GNU time.
#
#   bash bench/run.sh            # results in bench/out/
set -euo pipefail
cd "$(dirname "$0")/.."

need() { command -v "$1" >/dev/null 2>&1; }
if ! need hyperfine || [ ! -x /usr/bin/time ]; then
  echo "installing hyperfine and GNU time (Debian packages)…" >&2
  apt-get update -qq >/dev/null && apt-get install -y -qq hyperfine time >/dev/null
fi

cargo build --release --quiet
bin="$PWD/target/release/advocate"
out="$PWD/bench/out"
mkdir -p "$out"
now=2026-12-10T00:00:00Z

for spec in 1000:1000 10000:1000 10000:10; do
  posts=${spec%%:*}; terms=${spec##*:}
  dir="$out/lib-$posts-$terms"
  [ -f "$dir/policy.yaml" ] || python3 bench/generate.py "$dir" "$posts" "$terms"
done

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr)" | tee "$out/machine.txt"

hyperfine --warmup 2 --runs 15 --export-markdown "$out/check.md" \
  -n "check 1,000 posts × 1,000 terms" "$bin --root $out/lib-1000-1000 check --now $now" \
  -n "check 10,000 posts × 1,000 terms" "$bin --root $out/lib-10000-1000 check --now $now" \
  -n "check 10,000 posts × 10 terms" "$bin --root $out/lib-10000-10 check --now $now"

for lib in lib-1000-1000 lib-10000-1000 lib-10000-10; do
  rss=$(/usr/bin/time -f %M "$bin" --root "$out/$lib" check --now $now 2>&1 >/dev/null | tail -1)
  echo "$lib: peak RSS $((rss / 1024)) MiB" | tee -a "$out/memory.txt"
done
