// A poster in the legacy mini-program API (wx.createCanvasContext), as it
// would sit in a page's onReady. Render it with:
//
//   postercanvas render --size 375x600 --scale 2 --data examples/poster-data.json examples/poster-legacy.js -o poster.png
//
// `data` is the JSON given with --data; wx.getSystemInfoSync().pixelRatio is --scale.
const W = 375, H = 600;
const ctx = wx.createCanvasContext('poster');

// Background: a vertical gradient and a soft sun.
const bg = ctx.createLinearGradient(0, 0, 0, H);
bg.addColorStop(0, '#ff7e5f');
bg.addColorStop(0.55, '#feb47b');
bg.addColorStop(1, '#6a82fb');
ctx.setFillStyle(bg);
ctx.fillRect(0, 0, W, H);
const sun = ctx.createCircularGradient(300, 90, 120);
sun.addColorStop(0, 'rgba(255,255,255,0.9)');
sun.addColorStop(1, 'rgba(255,240,200,0)');
ctx.setFillStyle(sun);
ctx.fillRect(180, 0, 195, 220);

// A rounded card, built with arcTo as poster libraries do.
function roundRect(x, y, w, h, r) {
  ctx.beginPath();
  ctx.moveTo(x + r, y);
  ctx.arcTo(x + w, y, x + w, y + h, r);
  ctx.arcTo(x + w, y + h, x, y + h, r);
  ctx.arcTo(x, y + h, x, y, r);
  ctx.arcTo(x, y, x + w, y, r);
  ctx.closePath();
}
roundRect(30, 200, 315, 330, 18);
ctx.setFillStyle('rgba(255,255,255,0.92)');
ctx.fill();

// Text, wrapped by measureText.
function wrap(text, x, y, maxWidth, lineHeight) {
  let line = '';
  for (const ch of text) {
    if (line && ctx.measureText(line + ch).width > maxWidth) {
      ctx.fillText(line, x, y);
      line = ch;
      y += lineHeight;
    } else {
      line += ch;
    }
  }
  if (line) ctx.fillText(line, x, y);
  return y + lineHeight;
}
ctx.font = 'bold 20px "DejaVu Sans", "WenQuanYi Micro Hei"';
ctx.setFillStyle('#2d3436');
ctx.fillText(data.title, 50, 240);
ctx.font = '13px "DejaVu Sans", "WenQuanYi Micro Hei"';
ctx.setFillStyle('#636e72');
ctx.fillText(data.subtitle, 50, 264);
let y = 300;
for (const text of data.lines) y = wrap(text, 50, y, 275, 20);

// Price tag.
roundRect(50, 470, 160, 36, 18);
ctx.setFillStyle('#e84393');
ctx.fill();
ctx.font = 'bold 16px "DejaVu Sans", "WenQuanYi Micro Hei"';
ctx.setFillStyle('#ffffff');
ctx.setTextAlign('center');
ctx.setTextBaseline('middle');
ctx.fillText('¥' + data.price + ' 立即抢购', 130, 488);

// A QR-like block: a fixed-seed pattern of modules.
let seed = 7;
const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
ctx.setFillStyle('#2d3436');
for (let r = 0; r < 21; r++) {
  for (let c = 0; c < 21; c++) {
    const finder = (r < 7 && (c < 7 || c > 13)) || (r > 13 && c < 7);
    if (finder ? (r % 6 === 0 || c % 6 === 0 || (r % 7 > 1 && r % 7 < 5 && c % 7 > 1 && c % 7 < 5)) : rnd() < 0.5) {
      ctx.fillRect(262 + c * 2.4, 420 + r * 2.4, 2.4, 2.4);
    }
  }
}
ctx.setTextAlign('left');
ctx.setTextBaseline('normal');
ctx.font = '11px "DejaVu Sans", "WenQuanYi Micro Hei"';
ctx.setFillStyle('rgba(255,255,255,0.9)');
ctx.fillText(data.user + ' 邀请你一起拼团', 30, 570);

// Render, then export at the device pixel ratio, as a page would.
ctx.draw(false, () => {
  wx.canvasToTempFilePath({
    canvasId: 'poster',
    destWidth: W * wx.getSystemInfoSync().pixelRatio,
    destHeight: H * wx.getSystemInfoSync().pixelRatio,
    success: (res) => console.log('exported', res.tempFilePath),
    fail: (res) => console.error(res.errMsg),
  });
});
