import { chromium } from 'playwright-core';
import fs from 'node:fs/promises';
const [,, inFile, outFile] = process.argv;
const b = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium' });
const p = await b.newPage();
const data = (await fs.readFile(inFile)).toString('base64');
const mime = inFile.endsWith('.png') ? 'image/png' : inFile.endsWith('.webp') ? 'image/webp' : 'image/jpeg';
const out = await p.evaluate(async ([d, mime]) => {
  const img = new Image(); img.src = `data:${mime};base64,${d}`; await img.decode();
  const c = document.createElement('canvas'); c.width = img.naturalWidth; c.height = img.naturalHeight;
  const x = c.getContext('2d'); x.drawImage(img, 0, 0);
  const id = x.getImageData(0, 0, c.width, c.height);
  return [c.width, c.height, Array.from(id.data)];
}, [data, mime]);
const hdr = Buffer.alloc(8); hdr.writeUInt32LE(out[0], 0); hdr.writeUInt32LE(out[1], 4);
await fs.writeFile(outFile, Buffer.concat([hdr, Buffer.from(out[2])]));
await b.close();
