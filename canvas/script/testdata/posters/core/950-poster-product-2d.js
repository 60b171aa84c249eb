// 950-poster-product (core: without drawImage, shadows, patterns, compositing): the same poster against the <canvas type="2d"> API: web-standard
// properties, images loaded with canvas.createImage(), immediate drawing.
//   postercanvas render --size 750x1334 950-poster-product-2d.js -o 950-poster-product.png
const dpr = wx.getSystemInfoSync().pixelRatio;
canvas.width = 750 * dpr;
canvas.height = 1334 * dpr;
const ctx = canvas.getContext('2d');
ctx.scale(dpr, dpr);

function loadImage(src) {
  return new Promise((resolve, reject) => {
    const img = canvas.createImage();
    img.onload = () => resolve(img);
    img.onerror = (e) => reject(new Error(src + ': ' + e.errMsg));
    img.src = src;
  });
}

(() => {
  const bg = ctx.createLinearGradient(0, 0, 0, 1334);
  bg.addColorStop(0, "#ff9a6b");
  bg.addColorStop(0.55, "#ffd3a5");
  bg.addColorStop(1, "#fff5e6");
  ctx.fillStyle = bg;
  ctx.fillRect(0, 0, 750, 1334);
  ctx.save();
  ctx.beginPath();
  ctx.arc(110, 110, 60, 0, 6.2832);
  ctx.clip();
  ctx.restore();
  ctx.beginPath();
  ctx.arc(110, 110, 60, 0, 6.2832);
  ctx.lineWidth = 6;
  ctx.strokeStyle = "#ffffff";
  ctx.stroke();
  ctx.font = "bold 32px \"WenQuanYi Micro Hei\"";
  ctx.fillStyle = "#ffffff";
  ctx.fillText("小明的好物推荐", 200, 100);
  ctx.font = "24px \"WenQuanYi Micro Hei\"";
  ctx.fillStyle = "rgba(255,255,255,0.85)";
  ctx.fillText("邀请你一起拼团购买", 200, 145);
  ctx.save();
  ctx.beginPath();
  ctx.moveTo(74, 210);
  ctx.arcTo(700, 210, 700, 930, 24);
  ctx.arcTo(700, 930, 50, 930, 24);
  ctx.arcTo(50, 930, 50, 210, 24);
  ctx.arcTo(50, 210, 700, 210, 24);
  ctx.closePath();
  ctx.fillStyle = "#ffffff";
  ctx.fill();
  ctx.restore();
  ctx.font = "bold 36px \"WenQuanYi Micro Hei\"";
  ctx.fillStyle = "#222222";
  ctx.fillText("山泉水 天然矿物质饮用水", 90, 800);
  ctx.font = "26px \"WenQuanYi Micro Hei\"";
  ctx.fillStyle = "#666666";
  ctx.fillText("源自深山泉眼，富含多种矿物质元素，", 90, 850);
  ctx.fillText("口感清甜，适合全家日常饮用。", 90, 890);
  ctx.save();
  ctx.beginPath();
  ctx.moveTo(108, 960);
  ctx.arcTo(490, 960, 490, 1070, 18);
  ctx.arcTo(490, 1070, 90, 1070, 18);
  ctx.arcTo(90, 1070, 90, 960, 18);
  ctx.arcTo(90, 960, 490, 960, 18);
  ctx.closePath();
  ctx.fillStyle = "#e4393c";
  ctx.fill();
  ctx.restore();
  ctx.font = "bold 30px \"DejaVu Sans\"";
  ctx.fillStyle = "#fff";
  ctx.textAlign = "left";
  ctx.textBaseline = "middle";
  ctx.fillText("¥", 114, 1019);
  ctx.font = "bold 56px \"DejaVu Sans\"";
  ctx.fillText("39.90", 140, 1015);
  ctx.font = "22px \"WenQuanYi Micro Hei\"";
  ctx.textAlign = "right";
  ctx.fillText("限时特价", 466, 1015);
  ctx.textAlign = "left";
  ctx.textBaseline = "alphabetic";
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(528, 1098, 174, 174);
  ctx.fillStyle = "#111111";
  // QR-like block: one fillRect per run of dark modules
  const modules = [
    [540, 1110, 42, 6], [600, 1110, 24, 6], [630, 1110, 12, 6], [648, 1110, 42, 6], [540, 1116, 6, 6], [576, 1116, 6, 6],
    [600, 1116, 12, 6], [624, 1116, 18, 6], [648, 1116, 6, 6], [684, 1116, 6, 6], [540, 1122, 6, 6], [552, 1122, 18, 6],
    [576, 1122, 6, 6], [594, 1122, 6, 6], [618, 1122, 18, 6], [648, 1122, 6, 6], [660, 1122, 18, 6], [684, 1122, 6, 6],
    [540, 1128, 6, 6], [552, 1128, 18, 6], [576, 1128, 6, 6], [594, 1128, 6, 6], [618, 1128, 12, 6], [636, 1128, 6, 6],
    [648, 1128, 6, 6], [660, 1128, 18, 6], [684, 1128, 6, 6], [540, 1134, 6, 6], [552, 1134, 18, 6], [576, 1134, 6, 6],
    [588, 1134, 6, 6], [618, 1134, 18, 6], [648, 1134, 6, 6], [660, 1134, 18, 6], [684, 1134, 6, 6], [540, 1140, 6, 6],
    [576, 1140, 6, 6], [588, 1140, 6, 6], [600, 1140, 12, 6], [630, 1140, 6, 6], [648, 1140, 6, 6], [684, 1140, 6, 6],
    [540, 1146, 42, 6], [606, 1146, 12, 6], [624, 1146, 18, 6], [648, 1146, 42, 6], [588, 1152, 18, 6], [618, 1152, 6, 6],
    [630, 1152, 12, 6], [540, 1158, 6, 6], [552, 1158, 6, 6], [570, 1158, 6, 6], [588, 1158, 12, 6], [606, 1158, 12, 6],
    [630, 1158, 12, 6], [648, 1158, 6, 6], [660, 1158, 12, 6], [678, 1158, 6, 6], [540, 1164, 18, 6], [564, 1164, 12, 6],
    [582, 1164, 6, 6], [600, 1164, 24, 6], [630, 1164, 12, 6], [654, 1164, 6, 6], [678, 1164, 6, 6], [552, 1170, 30, 6],
    [588, 1170, 6, 6], [600, 1170, 6, 6], [612, 1170, 12, 6], [630, 1170, 18, 6], [654, 1170, 6, 6], [666, 1170, 6, 6],
    [678, 1170, 6, 6], [546, 1176, 12, 6], [564, 1176, 18, 6], [606, 1176, 12, 6], [630, 1176, 12, 6], [684, 1176, 6, 6],
    [546, 1182, 6, 6], [558, 1182, 6, 6], [576, 1182, 12, 6], [600, 1182, 18, 6], [624, 1182, 24, 6], [654, 1182, 6, 6],
    [666, 1182, 6, 6], [684, 1182, 6, 6], [540, 1188, 6, 6], [552, 1188, 24, 6], [582, 1188, 6, 6], [630, 1188, 12, 6],
    [654, 1188, 6, 6], [666, 1188, 12, 6], [684, 1188, 6, 6], [546, 1194, 6, 6], [576, 1194, 18, 6], [600, 1194, 6, 6],
    [618, 1194, 18, 6], [642, 1194, 6, 6], [666, 1194, 12, 6], [540, 1200, 6, 6], [558, 1200, 6, 6], [570, 1200, 6, 6],
    [588, 1200, 12, 6], [618, 1200, 18, 6], [642, 1200, 12, 6], [660, 1200, 12, 6], [552, 1206, 24, 6], [582, 1206, 24, 6],
    [618, 1206, 18, 6], [642, 1206, 12, 6], [666, 1206, 18, 6], [588, 1212, 12, 6], [618, 1212, 12, 6], [642, 1212, 12, 6],
    [660, 1212, 6, 6], [672, 1212, 6, 6], [540, 1218, 42, 6], [594, 1218, 12, 6], [612, 1218, 6, 6], [624, 1218, 36, 6],
    [666, 1218, 18, 6], [540, 1224, 6, 6], [576, 1224, 6, 6], [588, 1224, 6, 6], [606, 1224, 12, 6], [624, 1224, 18, 6],
    [660, 1224, 12, 6], [540, 1230, 6, 6], [552, 1230, 18, 6], [576, 1230, 6, 6], [594, 1230, 42, 6], [654, 1230, 24, 6],
    [684, 1230, 6, 6], [540, 1236, 6, 6], [552, 1236, 18, 6], [576, 1236, 6, 6], [600, 1236, 12, 6], [618, 1236, 6, 6],
    [630, 1236, 24, 6], [666, 1236, 6, 6], [678, 1236, 6, 6], [540, 1242, 6, 6], [552, 1242, 18, 6], [576, 1242, 6, 6],
    [594, 1242, 24, 6], [642, 1242, 6, 6], [654, 1242, 24, 6], [540, 1248, 6, 6], [576, 1248, 6, 6], [600, 1248, 18, 6],
    [636, 1248, 6, 6], [654, 1248, 24, 6], [684, 1248, 6, 6], [540, 1254, 42, 6], [594, 1254, 12, 6], [618, 1254, 12, 6],
    [636, 1254, 6, 6], [654, 1254, 12, 6], [678, 1254, 12, 6],
  ];
  for (const [x, y, w, h] of modules) ctx.fillRect(x, y, w, h);
  ctx.font = "24px \"WenQuanYi Micro Hei\"";
  ctx.fillStyle = "#8a5a44";
  ctx.fillText("长按识别小程序码", 90, 1170);
  ctx.fillText("立即参与拼团 →", 90, 1215);
})();
