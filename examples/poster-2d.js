// The same kind of poster in the newer <canvas type="2d"> API: web-standard
// properties, immediate drawing, the canvas found through a selector query.
//
//   postercanvas render --size 375x600 --scale 2 --data examples/poster-data.json examples/poster-2d.js -o poster.png
wx.createSelectorQuery()
  .select('#poster')
  .fields({ node: true, size: true })
  .exec((res) => {
    const { node: canvas, width: W, height: H } = res[0];
    const dpr = wx.getSystemInfoSync().pixelRatio;
    canvas.width = W * dpr;
    canvas.height = H * dpr;
    const ctx = canvas.getContext('2d');
    ctx.scale(dpr, dpr);
    draw(ctx, W, H);
  });

function draw(ctx, W, H) {
  const bg = ctx.createLinearGradient(0, 0, W, H);
  bg.addColorStop(0, '#0f2027');
  bg.addColorStop(0.5, '#203a43');
  bg.addColorStop(1, '#2c5364');
  ctx.fillStyle = bg;
  ctx.fillRect(0, 0, W, H);

  // Two-circle radial glow (the 2D API has createRadialGradient).
  const glow = ctx.createRadialGradient(280, 120, 10, 260, 140, 160);
  glow.addColorStop(0, 'rgba(255, 214, 120, 0.95)');
  glow.addColorStop(1, 'rgba(255, 214, 120, 0)');
  ctx.fillStyle = glow;
  ctx.fillRect(0, 0, W, 320);

  // Rays under a rotating transform; save/restore keep the state.
  ctx.save();
  ctx.translate(280, 120);
  ctx.fillStyle = 'rgba(255, 255, 255, 0.12)';
  for (let i = 0; i < 12; i++) {
    ctx.rotate(Math.PI / 6);
    ctx.beginPath();
    ctx.moveTo(30, -3);
    ctx.lineTo(120, -9);
    ctx.lineTo(120, 9);
    ctx.lineTo(30, 3);
    ctx.closePath();
    ctx.fill();
  }
  ctx.restore();

  // A ticket: a card with a semicircular notch on each side.
  ctx.beginPath();
  ctx.moveTo(30, 230);
  ctx.lineTo(W - 30, 230);
  ctx.arc(W - 30, 400, 14, -Math.PI / 2, Math.PI / 2, true);
  ctx.lineTo(W - 30, 530);
  ctx.lineTo(30, 530);
  ctx.arc(30, 400, 14, Math.PI / 2, -Math.PI / 2, true);
  ctx.closePath();
  ctx.fillStyle = '#fdfbf7';
  ctx.fill();

  ctx.setLineDash([6, 6]);
  ctx.strokeStyle = '#b2bec3';
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(50, 400);
  ctx.lineTo(W - 50, 400);
  ctx.stroke();
  ctx.setLineDash([]);

  ctx.fillStyle = '#2d3436';
  ctx.font = 'bold 22px "DejaVu Sans", "WenQuanYi Micro Hei"';
  ctx.textBaseline = 'top';
  ctx.fillText(data.title, 50, 250);
  ctx.font = '14px "DejaVu Sans", "WenQuanYi Micro Hei"';
  ctx.fillStyle = '#636e72';
  ctx.fillText(data.subtitle, 50, 285);

  // measureText for a centred price with its underline.
  ctx.font = 'bold 40px "DejaVu Sans"';
  ctx.fillStyle = '#d63031';
  ctx.textAlign = 'center';
  const price = '¥' + data.price;
  const m = ctx.measureText(price);
  ctx.fillText(price, W / 2, 320);
  ctx.fillRect(W / 2 - m.width / 2, 366, m.width, 3);

  ctx.textAlign = 'start';
  ctx.font = '12px "DejaVu Sans", "WenQuanYi Micro Hei"';
  ctx.fillStyle = '#636e72';
  ctx.fillText(data.user + ' · ' + new Array(3).fill('★').join(''), 50, 430);
  console.log('fillStyle reads back as', ctx.fillStyle);
}
