#!/usr/bin/env node
// Checks our encoders against the oracle's Chromium. Run from the
// repository root (ORACLE defaults to ../shared/oracle, whose playwright-core
// and Chromium are used):
//
//   node canvas/codec/testdata/chromium-check.mjs unpremul OUT.png
//     Writes Chromium's toDataURL PNG of a 256×256 canvas whose pixel (u, a)
//     was put (putImageData) as straight (u, 255-u, u, a): Chromium stores it
//     premultiplied and unpremultiplies it again when encoding. The Go test
//     TestUnpremulMatchesChromium compares our unpremultiply with it.
//
//   node canvas/codec/testdata/chromium-check.mjs decode DIR
//     Loads every DIR/*.png and DIR/*.jpg (written by the Go test
//     TestWriteChromiumSamples with PC_CHROMIUM_DIR=DIR) in Chromium as an
//     <img>, reads the pixels back through a canvas and compares them with
//     DIR/NAME.rgba (the straight RGBA the image must decode to): exact for
//     opaque pixels, within the premultiply round trip's error for
//     translucent ones; JPEG by PSNR (≥ 30 dB). Exits 1 on any failure.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';

const oracle = path.resolve(process.env.ORACLE || '../shared/oracle');
const require = createRequire(path.join(oracle, 'package.json'));
const { chromium } = require('playwright-core');

const [mode, target] = process.argv.slice(2);
if (!['unpremul', 'decode'].includes(mode) || !target) {
  console.error('usage: chromium-check.mjs unpremul OUT.png | decode DIR');
  process.exit(2);
}
// The browser: $CHROMIUM_PATH, else the first `chromium` on $PATH.
function findChromium() {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    const p = path.join(dir, 'chromium');
    if (dir && fs.existsSync(p)) return p;
  }
  console.error('no chromium on $PATH; set CHROMIUM_PATH');
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath: findChromium(),
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--force-color-profile=srgb'],
});
const page = await browser.newPage();
await page.setContent('<!doctype html><html><body></body></html>');
let failed = 0;
if (mode === 'unpremul') {
  const url = await page.evaluate(() => {
    const c = document.createElement('canvas');
    c.width = 256; c.height = 256;
    const ctx = c.getContext('2d');
    const d = ctx.createImageData(256, 256);
    for (let a = 0; a < 256; a++) for (let u = 0; u < 256; u++) {
      const i = 4 * (a * 256 + u);
      d.data[i] = u; d.data[i + 1] = 255 - u; d.data[i + 2] = u; d.data[i + 3] = a;
    }
    ctx.putImageData(d, 0, 0);
    return c.toDataURL('image/png');
  });
  fs.writeFileSync(target, Buffer.from(url.split(',')[1], 'base64'));
  console.log(`wrote ${target}`);
} else {
  const names = fs.readdirSync(target).filter((n) => /\.(png|jpg)$/.test(n)).sort();
  for (const n of names) {
    const want = fs.readFileSync(path.join(target, n.replace(/\.(png|jpg)$/, '.rgba')));
    const data = fs.readFileSync(path.join(target, n)).toString('base64');
    const mime = n.endsWith('.png') ? 'image/png' : 'image/jpeg';
    const r = await page.evaluate(async ([data, mime]) => {
      const img = new Image();
      img.src = `data:${mime};base64,${data}`;
      try { await img.decode(); } catch (e) { return { error: String(e) }; }
      const c = document.createElement('canvas');
      c.width = img.naturalWidth; c.height = img.naturalHeight;
      const ctx = c.getContext('2d');
      ctx.drawImage(img, 0, 0);
      return { w: img.naturalWidth, h: img.naturalHeight, px: Array.from(ctx.getImageData(0, 0, c.width, c.height).data) };
    }, [data, mime]);
    let msg = '';
    if (r.error) msg = `does not decode: ${r.error}`;
    else if (r.px.length !== want.length) msg = `decoded ${r.w}x${r.h}, size differs`;
    else if (mime === 'image/png') {
      for (let i = 0; i < want.length && !msg; i += 4) {
        const a = want[i + 3];
        if (r.px[i + 3] !== a) msg = `pixel ${i / 4}: alpha ${r.px[i + 3]}, want ${a}`;
        else if (a === 0) continue;
        else {
          const tol = a === 255 ? 0 : Math.ceil(255 / a);
          for (let k = 0; k < 3; k++) {
            if (Math.abs(r.px[i + k] - want[i + k]) > tol) { msg = `pixel ${i / 4}: ${r.px.slice(i, i + 4)}, want ${[...want.slice(i, i + 4)]}`; break; }
          }
        }
      }
    } else {
      let se = 0;
      for (let i = 0; i < want.length; i += 4) for (let k = 0; k < 3; k++) se += (r.px[i + k] - want[i + k]) ** 2;
      const psnr = 10 * Math.log10(255 * 255 / Math.max(se / (3 * want.length / 4), 1e-9));
      if (psnr < 30) msg = `PSNR ${psnr.toFixed(2)} dB`;
    }
    if (msg) { failed++; console.log(`FAIL ${n}: ${msg}`); } else console.log(`ok   ${n}`);
  }
}
await browser.close();
process.exit(failed ? 1 : 0);
