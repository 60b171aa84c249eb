package raster

import "image"

// FillMask composites a coverage mask placed with its origin at device
// pixel (dx, dy) — pixel (x, y) of the mask lands on (x+dx, y+dy) —
// with the paint, within the clip mask (nil: no clip). Glyphs drawn from
// a cache of coverage masks and blurred shadows take this path instead of
// the rasterizer. With an unbounded operator the whole canvas within the
// clip is composited, transparent outside the mask.
func (r *Rasterizer) FillMask(dst *Pixmap, m *Mask, dx, dy int, paint *Paint, clip *Mask) {
	b := &r.blit
	b.reset(dst, paint, clip)
	if paint.Op.Unbounded() {
		r.composeUnbounded(dst, m, dx, dy, clip)
		return
	}
	if b.paintsNothing() || m.Rect.Empty() {
		return
	}
	placed := m.Rect.Add(image.Point{dx, dy})
	win := window(dst, clip).Intersect(placed)
	if win.Empty() {
		return
	}
	x0, y0 := placed.Min.X, placed.Min.Y
	cx0, cx1 := win.Min.X, win.Max.X
	for y := win.Min.Y; y < win.Max.Y; y++ {
		row := m.Alpha[(y-y0)*m.Stride+(cx0-x0) : (y-y0)*m.Stride+(cx1-x0)]
		// Skip fully transparent ends, hand the rest to the blitter.
		s, e := 0, len(row)
		for s < e && row[s] == 0 {
			s++
		}
		for e > s && row[e-1] == 0 {
			e--
		}
		if s < e {
			b.mask(y, cx0+s, row[s:e])
		}
	}
}
