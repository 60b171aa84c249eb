package raster

// FillMask composites a coverage mask placed with its origin at device
// pixel (dx, dy) — pixel (x, y) of the mask lands on (x+dx, y+dy) —
// with the paint, within the clip mask (nil: no clip). Glyphs drawn from
// a cache of coverage masks take this path instead of the rasterizer.
func (r *Rasterizer) FillMask(dst *Pixmap, m *Mask, dx, dy int, paint *Paint, clip *Mask) {
	b := &r.blit
	b.reset(dst, paint, clip)
	if b.paintsNothing() || m.Rect.Empty() {
		return
	}
	x0, y0 := m.Rect.Min.X+dx, m.Rect.Min.Y+dy
	x1, y1 := m.Rect.Max.X+dx, m.Rect.Max.Y+dy
	wx0, wy0, wx1, wy1 := 0, 0, dst.Width, dst.Height
	if clip != nil {
		wx0, wy0 = max(wx0, clip.Rect.Min.X), max(wy0, clip.Rect.Min.Y)
		wx1, wy1 = min(wx1, clip.Rect.Max.X), min(wy1, clip.Rect.Max.Y)
	}
	cx0, cy0, cx1, cy1 := max(x0, wx0), max(y0, wy0), min(x1, wx1), min(y1, wy1)
	if cx0 >= cx1 || cy0 >= cy1 {
		return
	}
	for y := cy0; y < cy1; y++ {
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
