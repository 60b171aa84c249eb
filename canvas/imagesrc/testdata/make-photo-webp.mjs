import { chromium } from 'playwright-core';
import fs from 'node:fs/promises';
const [,, inFile, outDir] = process.argv;
const b = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium' });
const p = await b.newPage();
const data = (await fs.readFile(inFile)).toString('base64');
const out = await p.evaluate(async (d) => {
  const img = new Image(); img.src = `data:image/png;base64,${d}`; await img.decode();
  const c = document.createElement('canvas'); c.width = 121; c.height = 87; // odd sizes
  const x = c.getContext('2d'); x.drawImage(img, 0, 0, 121, 87);
  const opaque = c.toDataURL('image/webp', 0.8);
  const c2 = document.createElement('canvas'); c2.width = 121; c2.height = 87;
  const x2 = c2.getContext('2d');
  const g = x2.createLinearGradient(0, 0, 121, 0); g.addColorStop(0, 'rgba(0,0,0,0)'); g.addColorStop(1, 'rgba(0,0,0,1)');
  x2.fillStyle = g; x2.fillRect(0, 0, 121, 87);
  x2.globalCompositeOperation = 'source-in'; x2.drawImage(img, 0, 0, 121, 87);
  const alpha = c2.toDataURL('image/webp', 0.8);
  return [opaque, alpha];
}, data);
await fs.writeFile(outDir + '/photo-lossy.webp', Buffer.from(out[0].split(',')[1], 'base64'));
await fs.writeFile(outDir + '/photo-lossy-alpha.webp', Buffer.from(out[1].split(',')[1], 'base64'));
await b.close();
