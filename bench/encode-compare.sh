#!/usr/bin/env bash
# Interleaves our encoders (`postercanvas bench --json` on PNG files: pixels
# are only encoded) with Skia's (bench/skia-encode.mjs) on the same pixels,
# ROUNDS times, and prints the medians and ratios of bench/README.md.
# Our runs: default level on 1 core (with image/png and image/jpeg timed in
# the same process), default on all cores, fast on 1 core, best on 1 core.
# Run from the repository root; BENCH_PEERS defaults to ../shared/bench-peers.
# Usage: bench/encode-compare.sh [ROUNDS] FILE.png...
set -euo pipefail
rounds=${1:-3}
shift || true
export BENCH_PEERS=${BENCH_PEERS:-../shared/bench-peers}
files=("$@")
if [ ${#files[@]} -eq 0 ]; then
  files=("$BENCH_PEERS"/reference/*.png)
fi
tmp=$(mktemp -d)
go build -o "$tmp/postercanvas" ./cmd/postercanvas
for ((r = 0; r < rounds; r++)); do
  for f in "${files[@]}"; do
    "$tmp/postercanvas" bench --json --stdlib --encode-workers 1 "$f" | sed 's/^{/{"run":"one",/' >>"$tmp/ours.jsonl"
    node bench/skia-encode.mjs --json "$f" >>"$tmp/skia.jsonl"
    "$tmp/postercanvas" bench --json "$f" | sed 's/^{/{"run":"all",/' >>"$tmp/ours.jsonl"
    "$tmp/postercanvas" bench --json --png-level fast --encode-workers 1 "$f" | sed 's/^{/{"run":"fast",/' >>"$tmp/ours.jsonl"
    if [ -n "${BEST:-}" ]; then
      "$tmp/postercanvas" bench --json --png-level best --encode-workers 1 "$f" | sed 's/^{/{"run":"best",/' >>"$tmp/ours.jsonl"
    fi
  done
done
node - "$tmp/ours.jsonl" "$tmp/skia.jsonl" <<'JS'
const fs = require('fs');
const read = (f) => fs.readFileSync(f, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const base = (s) => s.replace(/^.*\//, '').replace(/\.(json|png)$/, '');
const med = (v) => { v = [...v].sort((a, b) => a - b); const n = v.length; return n % 2 ? v[(n - 1) / 2] : (v[n / 2 - 1] + v[n / 2]) / 2; };
const ours = read(process.argv[2]), skia = read(process.argv[3]);
const pick = (rows, scene, run) => rows.filter((r) => base(r.scene) === scene && (!run || r.run === run));
const scenes = [...new Set(skia.map((r) => base(r.scene)))];
const f = (v) => v.toFixed(1), x = (v) => v.toFixed(3);
console.log('PNG: ms (ratio to Skia) and bytes');
console.log('| scene | Skia ms | Skia bytes | default 1 core | default bytes | default all cores | fast 1 core | fast bytes | image/png | image/png bytes |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const s of scenes) {
  const k = pick(skia, s), one = pick(ours, s, 'one'), all = pick(ours, s, 'all'), fast = pick(ours, s, 'fast');
  const km = med(k.map((r) => r.encode_png_ms));
  const m = (rows, key) => med(rows.map((r) => r[key]));
  const cell = (ms) => `${f(ms)} (${x(ms / km)})`;
  console.log(`| ${s} | ${f(km)} | ${k[0].png_bytes} | ${cell(m(one, 'encode_png_ms'))} | ${one[0].png_bytes} | ${cell(m(all, 'encode_png_ms'))} | ${cell(m(fast, 'encode_png_ms'))} | ${fast[0].png_bytes} | ${cell(m(one, 'std_encode_png_ms'))} | ${one[0].std_png_bytes} |`);
}
console.log('\nJPEG q0.9: ms (ratio to Skia) and bytes');
console.log('| scene | Skia ms | Skia bytes | ours 1 core | ours bytes | ours all cores | image/jpeg | image/jpeg bytes |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
for (const s of scenes) {
  const k = pick(skia, s), one = pick(ours, s, 'one'), all = pick(ours, s, 'all');
  const km = med(k.map((r) => r.encode_jpg_ms));
  const m = (rows, key) => med(rows.map((r) => r[key]));
  const cell = (ms) => `${f(ms)} (${x(ms / km)})`;
  console.log(`| ${s} | ${f(km)} | ${k[0].jpg_bytes} | ${cell(m(one, 'encode_jpg_ms'))} | ${one[0].jpg_bytes} | ${cell(m(all, 'encode_jpg_ms'))} | ${cell(m(one, 'std_encode_jpg_ms'))} | ${one[0].std_jpg_bytes} |`);
}
const best = ours.filter((r) => r.run === 'best');
if (best.length) {
  console.log('\nPNG best, 1 core');
  for (const s of scenes) {
    const b = pick(ours, s, 'best'), km = med(pick(skia, s).map((r) => r.encode_png_ms));
    const ms = med(b.map((r) => r.encode_png_ms));
    console.log(`| ${s} | ${f(ms)} (${x(ms / km)}) | ${b[0].png_bytes} |`);
  }
}
JS
rm -rf "$tmp"
