// 951-poster-profile-card (core: without drawImage, shadows, patterns, compositing): the oracle scene written as mini-program code against the legacy
// CanvasContext (wx.createCanvasContext): calls are recorded, ctx.draw() renders them.
//   postercanvas render --size 750x1334 951-poster-profile-card.js -o 951-poster-profile-card.png
const ctx = wx.createCanvasContext('poster');
const bg = ctx.createCircularGradient(375, 300, 900);
bg.addColorStop(0, "#4facfe");
bg.addColorStop(1, "#1c3f94");
ctx.setFillStyle(bg);
ctx.fillRect(0, 0, 750, 1334);
ctx.save();
ctx.setGlobalAlpha(0.15);
ctx.fillRect(0, 0, 750, 420);
ctx.restore();
ctx.save();
ctx.beginPath();
ctx.arc(375, 300, 110, 0, 6.2832);
ctx.clip();
ctx.restore();
ctx.beginPath();
ctx.arc(375, 300, 110, 0, 6.2832);
ctx.setLineWidth(6);
ctx.setStrokeStyle("#ffffff");
ctx.stroke();
ctx.font = "bold 48px \"WenQuanYi Micro Hei\"";
ctx.setFillStyle("#ffffff");
ctx.setTextAlign("center");
ctx.fillText("林小雨", 375, 480);
ctx.font = "26px \"DejaVu Sans\", \"WenQuanYi Micro Hei\"";
ctx.setFillStyle("rgba(255,255,255,0.8)");
ctx.fillText("UI 设计师 · Shanghai", 375, 530);
ctx.save();
ctx.beginPath();
ctx.arc(660, 630, 30, -1.5708, 0);
ctx.arc(660, 1030, 30, 0, 1.5708);
ctx.arc(90, 1030, 30, 1.5708, 3.1416);
ctx.arc(90, 630, 30, 3.1416, 4.7124);
ctx.closePath();
ctx.setFillStyle("#ffffff");
ctx.fill();
ctx.restore();
ctx.setTextAlign("left");
ctx.font = "30px \"WenQuanYi Micro Hei\"";
ctx.setFillStyle("#333333");
ctx.fillText("热爱生活，喜欢摄影与旅行。", 100, 690);
ctx.fillText("相信好的设计可以让世界变得更美好，", 100, 746);
ctx.fillText("也相信每一次出发都有新的风景。", 100, 802);
ctx.fillText("欢迎来我的小程序看看作品集。", 100, 858);
ctx.setLineDash([8, 8]);
ctx.setStrokeStyle("#cccccc");
ctx.setLineWidth(2);
ctx.beginPath();
ctx.moveTo(100, 930);
ctx.lineTo(650, 930);
ctx.stroke();
ctx.setLineDash([]);
ctx.setTextAlign("center");
ctx.font = "bold 40px \"DejaVu Sans\"";
ctx.setFillStyle("#1c3f94");
ctx.fillText("128", 170, 995);
ctx.font = "24px \"WenQuanYi Micro Hei\"";
ctx.setFillStyle("#999999");
ctx.fillText("作品", 170, 1035);
ctx.setTextAlign("center");
ctx.font = "bold 40px \"DejaVu Sans\"";
ctx.setFillStyle("#1c3f94");
ctx.fillText("3.2k", 375, 995);
ctx.font = "24px \"WenQuanYi Micro Hei\"";
ctx.setFillStyle("#999999");
ctx.fillText("关注", 375, 1035);
ctx.setTextAlign("center");
ctx.font = "bold 40px \"DejaVu Sans\"";
ctx.setFillStyle("#1c3f94");
ctx.fillText("56", 580, 995);
ctx.font = "24px \"WenQuanYi Micro Hei\"";
ctx.setFillStyle("#999999");
ctx.fillText("获赞", 580, 1035);
ctx.setFillStyle("#ffffff");
ctx.fillRect(288, 1108, 174, 174);
ctx.setFillStyle("#111111");
// QR-like block: one fillRect per run of dark modules
const modules = [
  [300, 1120, 42, 6], [360, 1120, 6, 6], [378, 1120, 12, 6], [396, 1120, 6, 6], [408, 1120, 42, 6], [300, 1126, 6, 6],
  [336, 1126, 6, 6], [348, 1126, 6, 6], [372, 1126, 6, 6], [408, 1126, 6, 6], [444, 1126, 6, 6], [300, 1132, 6, 6],
  [312, 1132, 18, 6], [336, 1132, 6, 6], [348, 1132, 6, 6], [360, 1132, 6, 6], [384, 1132, 18, 6], [408, 1132, 6, 6],
  [420, 1132, 18, 6], [444, 1132, 6, 6], [300, 1138, 6, 6], [312, 1138, 18, 6], [336, 1138, 6, 6], [348, 1138, 30, 6],
  [384, 1138, 6, 6], [396, 1138, 6, 6], [408, 1138, 6, 6], [420, 1138, 18, 6], [444, 1138, 6, 6], [300, 1144, 6, 6],
  [312, 1144, 18, 6], [336, 1144, 6, 6], [348, 1144, 6, 6], [372, 1144, 12, 6], [396, 1144, 6, 6], [408, 1144, 6, 6],
  [420, 1144, 18, 6], [444, 1144, 6, 6], [300, 1150, 6, 6], [336, 1150, 6, 6], [378, 1150, 6, 6], [390, 1150, 12, 6],
  [408, 1150, 6, 6], [444, 1150, 6, 6], [300, 1156, 42, 6], [348, 1156, 12, 6], [372, 1156, 12, 6], [408, 1156, 42, 6],
  [354, 1162, 18, 6], [390, 1162, 12, 6], [306, 1168, 12, 6], [324, 1168, 6, 6], [336, 1168, 12, 6], [372, 1168, 6, 6],
  [396, 1168, 36, 6], [444, 1168, 6, 6], [300, 1174, 12, 6], [342, 1174, 6, 6], [354, 1174, 18, 6], [384, 1174, 6, 6],
  [402, 1174, 6, 6], [426, 1174, 12, 6], [444, 1174, 6, 6], [300, 1180, 6, 6], [330, 1180, 6, 6], [354, 1180, 6, 6],
  [390, 1180, 6, 6], [402, 1180, 18, 6], [426, 1180, 24, 6], [312, 1186, 24, 6], [366, 1186, 6, 6], [390, 1186, 6, 6],
  [402, 1186, 12, 6], [432, 1186, 6, 6], [300, 1192, 30, 6], [336, 1192, 6, 6], [354, 1192, 18, 6], [378, 1192, 6, 6],
  [396, 1192, 6, 6], [438, 1192, 6, 6], [312, 1198, 6, 6], [336, 1198, 6, 6], [354, 1198, 6, 6], [366, 1198, 12, 6],
  [390, 1198, 6, 6], [402, 1198, 24, 6], [432, 1198, 6, 6], [306, 1204, 6, 6], [318, 1204, 24, 6], [354, 1204, 12, 6],
  [408, 1204, 24, 6], [300, 1210, 6, 6], [318, 1210, 12, 6], [336, 1210, 18, 6], [366, 1210, 18, 6], [396, 1210, 24, 6],
  [426, 1210, 6, 6], [300, 1216, 6, 6], [330, 1216, 18, 6], [354, 1216, 6, 6], [366, 1216, 6, 6], [378, 1216, 6, 6],
  [396, 1216, 6, 6], [408, 1216, 18, 6], [438, 1216, 12, 6], [366, 1222, 6, 6], [402, 1222, 24, 6], [432, 1222, 18, 6],
  [300, 1228, 42, 6], [354, 1228, 12, 6], [378, 1228, 12, 6], [408, 1228, 6, 6], [432, 1228, 6, 6], [444, 1228, 6, 6],
  [300, 1234, 6, 6], [336, 1234, 6, 6], [348, 1234, 12, 6], [366, 1234, 6, 6], [384, 1234, 6, 6], [396, 1234, 12, 6],
  [414, 1234, 12, 6], [432, 1234, 18, 6], [300, 1240, 6, 6], [312, 1240, 18, 6], [336, 1240, 6, 6], [348, 1240, 6, 6],
  [360, 1240, 6, 6], [372, 1240, 12, 6], [390, 1240, 12, 6], [408, 1240, 12, 6], [444, 1240, 6, 6], [300, 1246, 6, 6],
  [312, 1246, 18, 6], [336, 1246, 6, 6], [348, 1246, 6, 6], [372, 1246, 6, 6], [384, 1246, 36, 6], [438, 1246, 12, 6],
  [300, 1252, 6, 6], [312, 1252, 18, 6], [336, 1252, 6, 6], [348, 1252, 6, 6], [360, 1252, 12, 6], [390, 1252, 6, 6],
  [408, 1252, 18, 6], [432, 1252, 6, 6], [444, 1252, 6, 6], [300, 1258, 6, 6], [336, 1258, 6, 6], [348, 1258, 12, 6],
  [366, 1258, 36, 6], [408, 1258, 6, 6], [420, 1258, 18, 6], [444, 1258, 6, 6], [300, 1264, 42, 6], [366, 1264, 6, 6],
  [378, 1264, 18, 6], [420, 1264, 12, 6], [438, 1264, 12, 6],
];
for (const [x, y, w, h] of modules) ctx.fillRect(x, y, w, h);
ctx.draw();
