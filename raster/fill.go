package raster

import "image"

// Fill composites path p (device space), filled with the rule and the
// paint, into dst, within the clip mask (nil: no clip).
func (r *Rasterizer) Fill(dst *Pixmap, p *Path, rule FillRule, paint *Paint, clip *Mask) {
	b := &r.blit
	b.reset(dst, paint, clip)
	if b.paintsNothing() {
		return
	}
	win := window(dst, clip)
	if win.Empty() {
		return
	}
	x0, y0, x1, y1, ok := p.Bounds()
	if !ok {
		return
	}
	if paint.Op.Unbounded() {
		r.composeUnbounded(dst, r.Coverage(p, rule, win), 0, 0, clip)
		return
	}
	// Rows and the right side can be cut to the path's bounds; the left
	// side cannot go past the window (coverage folds onto its edge).
	bounds := image.Rect(floorClamp(x0), floorClamp(y0), ceilClamp(x1), ceilClamp(y1))
	win = win.Intersect(image.Rect(win.Min.X, bounds.Min.Y, bounds.Max.X, bounds.Max.Y))
	if win.Empty() {
		return
	}
	r.aliased = paint.Aliased
	defer func() { r.aliased = false }()
	if rx0, ry0, rx1, ry1, ok := axisRect(p); ok {
		r.fillRect(rx0, ry0, rx1, ry1, win.Min.X, win.Min.Y, win.Max.X, win.Max.Y, b)
		return
	}
	r.begin(win.Min.X, win.Min.Y, win.Max.X, win.Max.Y)
	flattenPath(p, r.cull(), r)
	if r.setup() {
		r.render(rule, b)
		r.releaseCells()
	}
}

// window is the part of dst a fill may touch: the pixmap, within the
// clip mask's bounds.
func window(dst *Pixmap, clip *Mask) image.Rectangle {
	win := image.Rect(0, 0, dst.Width, dst.Height)
	if clip != nil {
		win = win.Intersect(clip.Rect)
	}
	return win
}

// composeUnbounded composites the paint, shaped by the coverage mask m
// placed at (dx, dy), over the whole window with an unbounded operator:
// as HTML draws the shape into a transparent layer and composites the
// layer, every pixel of the canvas within the clip takes op(s·coverage, d),
// which outside the shape is op(0, d) — transparent for all five
// unbounded operators. The clip multiplies the layer and then lerps the
// result, as a layer drawn and restored under a clip does.
func (r *Rasterizer) composeUnbounded(dst *Pixmap, m *Mask, dx, dy int, clip *Mask) {
	b := &r.blit
	win := window(dst, clip)
	if win.Empty() {
		return
	}
	placed := m.Rect.Add(image.Point{dx, dy})
	n := win.Dx()
	if cap(r.mask) < n {
		r.mask = make([]uint8, n)
	}
	cov := r.mask[:n]
	for y := win.Min.Y; y < win.Max.Y; y++ {
		clear(cov)
		if y >= placed.Min.Y && y < placed.Max.Y {
			lo, hi := max(placed.Min.X, win.Min.X), min(placed.Max.X, win.Max.X)
			if lo < hi {
				off := (y-placed.Min.Y)*m.Stride + lo - placed.Min.X
				copy(cov[lo-win.Min.X:], m.Alpha[off:off+hi-lo])
			}
		}
		var cr []uint8
		if clip != nil {
			cr = clip.row(y, win.Min.X, win.Max.X)
			for i, k := range cr {
				cov[i] = uint8(div255(uint32(cov[i]) * uint32(k)))
			}
		}
		compositeSpan(b.op, b.pixels(y, win.Min.X, win.Max.X), b.source(win.Min.X, y, n), b.alpha, cov, 0, cr)
	}
}
