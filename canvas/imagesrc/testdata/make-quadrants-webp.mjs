import { chromium } from 'playwright-core';
import fs from 'node:fs/promises';
const b = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium' });
const p = await b.newPage();
const out = await p.evaluate(() => {
  const c = document.createElement('canvas'); c.width = 16; c.height = 12;
  const x = c.getContext('2d');
  x.fillStyle = '#ff0000'; x.fillRect(0, 0, 8, 6);
  x.fillStyle = '#00ff00'; x.fillRect(8, 0, 8, 6);
  x.fillStyle = '#0000ff'; x.fillRect(0, 6, 8, 6);
  x.fillStyle = 'rgba(255,255,255,0.5)'; x.fillRect(8, 6, 8, 6);
  return [c.toDataURL('image/webp', 1.0), c.toDataURL('image/webp', 0.9)];
});
await fs.writeFile(process.argv[2] + '/lossless.webp', Buffer.from(out[0].split(',')[1], 'base64'));
await fs.writeFile(process.argv[2] + '/lossy-alpha.webp', Buffer.from(out[1].split(',')[1], 'base64'));
await b.close();
