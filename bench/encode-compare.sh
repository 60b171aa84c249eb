#!/usr/bin/env bash
# Interleaves our encoders (`postercanvas bench --json` on PNG files: pixels
# are only encoded) with Skia's (bench/skia-encode.mjs) on the same pixels,
# ROUNDS times, and prints medians and ratios (wall clock and CPU time) as
# in bench/README.md. Our runs per file and round: default level on 1 core
# (with image/png and image/jpeg timed in the same process), default on all
# cores, fast on 1 core, fast on all cores (and best on 1 core with BEST=1).
# Run from the repository root; BENCH_PEERS defaults to ../shared/bench-peers;
# KEEP=DIR keeps the raw JSON lines.
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
ours() { # RUN-NAME ARGS...
  local run=$1
  shift
  "$tmp/postercanvas" bench --json "$@" | sed "s/^{/{\"run\":\"$run\",/" >>"$tmp/ours.jsonl"
}
for ((r = 0; r < rounds; r++)); do
  for f in "${files[@]}"; do
    ours one --stdlib --encode-workers 1 "$f"
    node bench/skia-encode.mjs --json "$f" >>"$tmp/skia.jsonl"
    ours all "$f"
    ours fast --png-level fast --encode-workers 1 "$f"
    ours fastall --png-level fast "$f"
    if [ -n "${BEST:-}" ]; then ours best --png-level best --encode-workers 1 "$f"; fi
  done
done
if [ -n "${KEEP:-}" ]; then mkdir -p "$KEEP" && cp "$tmp"/*.jsonl "$KEEP"/; fi
node - "$tmp/ours.jsonl" "$tmp/skia.jsonl" <<'JS'
const fs = require('fs');
const read = (f) => fs.readFileSync(f, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const base = (s) => s.replace(/^.*\//, '').replace(/\.(json|png)$/, '');
const med = (v) => { v = [...v].sort((a, b) => a - b); const n = v.length; return n % 2 ? v[(n - 1) / 2] : (v[n / 2 - 1] + v[n / 2]) / 2; };
const ours = read(process.argv[2]), skia = read(process.argv[3]);
const pick = (rows, scene, run) => rows.filter((r) => base(r.scene) === scene && (!run || r.run === run));
const scenes = [...new Set(skia.map((r) => base(r.scene)))];
const runs = [...new Set(ours.map((r) => r.run))];
for (const fmt of ['png', 'jpg']) {
  console.log(`\n${fmt.toUpperCase()}: median ms (wall ratio to Skia / CPU-time ratio to Skia), bytes`);
  const cols = fmt === 'png' ? runs.map((r) => [r, r]) : [['one', 'one'], ['all', 'all']];
  const std = `std_encode_${fmt}_ms`;
  console.log(`| scene | Skia ms | Skia bytes | ${cols.map(([n]) => `${n} | ${n} bytes`).join(' | ')} | std | std bytes |`);
  console.log('|---|' + '---:|'.repeat(4 + 2 * cols.length));
  for (const s of scenes) {
    const k = pick(skia, s);
    const km = med(k.map((r) => r[`encode_${fmt}_ms`])), kc = med(k.map((r) => r[`encode_${fmt}_cpu_ms`]));
    const cell = (rows, ms, cpu) => {
      const m = med(rows.map((r) => r[ms])), c = med(rows.map((r) => r[cpu]));
      return `${m.toFixed(1)} (${(m / km).toFixed(3)} / ${(c / kc).toFixed(3)})`;
    };
    const parts = cols.map(([run]) => {
      const rows = pick(ours, s, run);
      if (!rows.length) return '- | -';
      return `${cell(rows, `encode_${fmt}_ms`, `encode_${fmt}_cpu_ms`)} | ${rows[0][`${fmt}_bytes`]}`;
    });
    const one = pick(ours, s, 'one');
    console.log(`| ${s} | ${km.toFixed(1)} (cpu ${kc.toFixed(1)}) | ${k[0][`${fmt}_bytes`]} | ${parts.join(' | ')} | ${cell(one, std, `std_encode_${fmt}_cpu_ms`)} | ${one[0][`std_${fmt}_bytes`]} |`);
  }
}
JS
rm -rf "$tmp"
