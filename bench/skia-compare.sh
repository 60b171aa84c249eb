#!/usr/bin/env bash
# Interleaves `postercanvas bench` and the Skia peer (../shared/bench-peers/skia-bench.mjs)
# on the same scene files, ROUNDS times, and prints the median render and PNG-encode
# times of each and their ratios. Run from the repository root after
#   (cd ../shared/bench-peers/node && npm install)
# Usage: bench/skia-compare.sh [ROUNDS] [SCENE...]
set -euo pipefail
rounds=${1:-3}
shift || true
peers=${PEERS:-../shared/bench-peers} # from a worktree: PEERS=/path/to/shared/bench-peers
scenes=("$@")
if [ ${#scenes[@]} -eq 0 ]; then
  scenes=(bench/scenes/s1-opaque-fills.json bench/scenes/s1b-alpha-fills.json bench/scenes/s2-rects.json
          bench/scenes/s3-linear-gradient.json bench/scenes/s4-radial-gradient.json
          bench/scenes/s5-circles.json bench/scenes/s6-beziers.json)
fi
tmp=$(mktemp -d)
go build -o "$tmp/postercanvas" ./cmd/postercanvas
for ((r = 0; r < rounds; r++)); do
  for s in "${scenes[@]}"; do
    "$tmp/postercanvas" bench --json "$s" >>"$tmp/ours.jsonl"
    node "$peers/skia-bench.mjs" --json "$s" >>"$tmp/skia.jsonl" 2>/dev/null
  done
done
node - "$tmp/ours.jsonl" "$tmp/skia.jsonl" <<'JS'
const fs = require('fs');
const read = (f) => fs.readFileSync(f, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const base = (s) => s.replace(/^.*\//, '').replace(/\.json$/, '');
const group = (rows) => rows.reduce((m, r) => ((m[base(r.scene)] ||= []).push(r), m), {});
const med = (v) => { v = [...v].sort((a, b) => a - b); const n = v.length; return n % 2 ? v[(n - 1) / 2] : (v[n / 2 - 1] + v[n / 2]) / 2; };
const ours = group(read(process.argv[2])), skia = group(read(process.argv[3]));
console.log('| scene | postercanvas ms | Skia ms | ratio | our PNG ms | Skia PNG ms |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const s of Object.keys(ours)) {
  const o = med(ours[s].map((r) => r.render_ms)), k = med(skia[s].map((r) => r.render_ms));
  const op = med(ours[s].map((r) => r.encode_png_ms)), kp = med(skia[s].map((r) => r.encode_png_ms));
  console.log(`| ${s} | ${o.toFixed(2)} | ${k.toFixed(2)} | ${(o / k).toFixed(2)} | ${op.toFixed(1)} | ${kp.toFixed(1)} |`);
}
JS
rm -rf "$tmp"
