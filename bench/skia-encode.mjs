#!/usr/bin/env node
// Times Skia's (@napi-rs/canvas) PNG and JPEG encoders on the pixels of PNG
// files, the way `postercanvas bench` times ours on the same files: each
// file is decoded and drawn onto a canvas once, then 2 untimed warm-up
// encodes and timed encodes until 15 or 1.5 s (at least 5); medians.
//
//   node bench/skia-encode.mjs [--json] [--quality Q] FILE.png...
//
// Q is the JPEG quality in (0, 1] (default 0.9), passed as Q*100 as the
// canvas' toBuffer takes it. Run from the repository root; the package
// comes from $BENCH_PEERS/node (default ../shared/bench-peers).
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';

const peers = path.resolve(process.env.BENCH_PEERS || '../shared/bench-peers');
const require = createRequire(path.join(peers, 'node', 'package.json'));
const { createCanvas, Image } = require('@napi-rs/canvas');

const now = () => Number(process.hrtime.bigint()) / 1e6;
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const median = (out) => {
  out.sort((a, b) => a - b);
  const m = out.length >> 1;
  return out.length % 2 ? out[m] : (out[m - 1] + out[m]) / 2;
};
// Median wall and CPU (user + system of the process) time of f.
function sample(f) {
  for (let i = 0; i < 2; i++) f();
  const out = [], cpus = [], start = now();
  for (let i = 0; i < 15; i++) {
    const t = now(), c = cpu(); f(); out.push(now() - t); cpus.push(cpu() - c);
    if (i + 1 >= 5 && now() - start > 1500) break;
  }
  return [median(out), median(cpus)];
}

const args = process.argv.slice(2);
let json = false, q = 0.9;
const files = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--json') json = true;
  else if (args[i] === '--quality') q = Number(args[++i]);
  else files.push(args[i]);
}
for (const f of files) {
  const img = new Image();
  img.src = fs.readFileSync(f);
  await img.decode?.();
  const c = createCanvas(img.width, img.height);
  c.getContext('2d').drawImage(img, 0, 0);
  c.getContext('2d').getImageData(0, 0, 1, 1);
  let png, jpg;
  const [pngMs, pngCPU] = sample(() => { png = c.toBuffer('image/png'); });
  const [jpgMs, jpgCPU] = sample(() => { jpg = c.toBuffer('image/jpeg', Math.round(q * 100)); });
  const r = { scene: path.basename(f).replace(/\.png$/, ''), renderer: 'skia', width: img.width, height: img.height,
    encode_png_ms: +pngMs.toFixed(3), encode_png_cpu_ms: +pngCPU.toFixed(3), png_bytes: png.length,
    encode_jpg_ms: +jpgMs.toFixed(3), encode_jpg_cpu_ms: +jpgCPU.toFixed(3), jpg_bytes: jpg.length };
  console.log(json ? JSON.stringify(r) : `${r.scene} png ${r.encode_png_ms} ms ${r.png_bytes} B, jpg ${r.encode_jpg_ms} ms ${r.jpg_bytes} B`);
}
