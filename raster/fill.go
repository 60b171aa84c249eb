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
