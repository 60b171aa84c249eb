package raster

import "math"

// axisRect reports whether p is one axis-aligned rectangle — a MoveTo and
// three or four LineTos that go round it, closed or not — and returns its
// corners. fillRect, clearRect and rect() fills are such paths, and
// fillRect is the most common call a poster makes.
func axisRect(p *Path) (x0, y0, x1, y1 float64, ok bool) {
	v := p.Verbs
	n := len(v)
	if n > 0 && v[n-1] == Close {
		n--
	}
	// A trailing MoveTo (rect() starts a new subpath at its corner) draws
	// nothing.
	if n > 0 && v[n-1] == MoveTo {
		n--
	}
	if n != 4 && n != 5 || v[0] != MoveTo {
		return
	}
	for _, verb := range v[1:n] {
		if verb != LineTo {
			return
		}
	}
	pts := p.Points[:2*n]
	if n == 5 && (pts[8] != pts[0] || pts[9] != pts[1]) {
		return
	}
	// Consecutive corners must differ in exactly x or exactly y, turning
	// each time.
	for i := 0; i < 4; i++ {
		j := (i + 1) % 4
		dx := pts[2*j] != pts[2*i]
		dy := pts[2*j+1] != pts[2*i+1]
		if dx == dy {
			return
		}
		k := (i + 2) % 4
		if (pts[2*k] != pts[2*j]) == dx {
			return
		}
	}
	x0, x1 = min(pts[0], pts[4]), max(pts[0], pts[4])
	y0, y1 = min(pts[1], pts[5]), max(pts[1], pts[5])
	if !finite(x0) || !finite(x1) || !finite(y0) || !finite(y1) {
		return
	}
	return x0, y0, x1, y1, true
}

// fillRect composites the exact-area coverage of an axis-aligned
// rectangle within the window, without the rasterizer: interior rows are
// one constant run each, edge rows and columns get their partial areas.
// The coverage is the same the general path computes.
func (r *Rasterizer) fillRect(x0, y0, x1, y1 float64, winX0, winY0, winX1, winY1 int, sink spanSink) {
	x0, x1 = max(x0, float64(winX0)), min(x1, float64(winX1))
	y0, y1 = max(y0, float64(winY0)), min(y1, float64(winY1))
	if !(x1 > x0) || !(y1 > y0) {
		return
	}
	ix0, ix1 := int(math.Floor(x0)), int(math.Ceil(x1))
	iy0, iy1 := int(math.Floor(y0)), int(math.Ceil(y1))
	// Horizontal coverage of the first and last columns.
	lcov := min(float64(ix0+1), x1) - x0
	rcov := x1 - max(float64(ix1-1), x0)
	// Fully covered rows and columns go to the blitter as one block when
	// it can take one (a solid colour, no clip).
	bx0, bx1 := ix0, ix1
	if lcov < 1 {
		bx0++
	}
	if rcov < 1 {
		bx1--
	}
	by0, by1 := int(math.Ceil(y0)), int(math.Floor(y1))
	if bl, ok := sink.(*blitter); ok && !r.aliased && bx1 > bx0 && by1 > by0 && bl.block(bx0, by0, bx1, by1) {
		for y := iy0; y < iy1; y++ {
			if y >= by0 && y < by1 {
				// Only the partial columns are left on these rows.
				if bx0 > ix0 {
					if a := r.alpha(float32(lcov)); a != 0 {
						sink.run(y, ix0, bx0, a)
					}
				}
				if bx1 < ix1 {
					if a := r.alpha(float32(rcov)); a != 0 {
						sink.run(y, bx1, ix1, a)
					}
				}
				continue
			}
			r.rectRow(y, y0, y1, x0, x1, ix0, ix1, lcov, rcov, sink)
		}
		return
	}
	for y := iy0; y < iy1; y++ {
		r.rectRow(y, y0, y1, x0, x1, ix0, ix1, lcov, rcov, sink)
	}
}

// rectRow emits one row of a rectangle's coverage.
func (r *Rasterizer) rectRow(y int, y0, y1, x0, x1 float64, ix0, ix1 int, lcov, rcov float64, sink spanSink) {
	vy := min(float64(y+1), y1) - max(float64(y), y0)
	if ix1-ix0 == 1 {
		if a := r.alpha(float32(vy * (x1 - x0))); a != 0 {
			sink.run(y, ix0, ix1, a)
		}
		return
	}
	if a := r.alpha(float32(vy * lcov)); a != 0 {
		sink.run(y, ix0, ix0+1, a)
	}
	if ix1-ix0 > 2 {
		if a := r.alpha(float32(vy)); a != 0 {
			sink.run(y, ix0+1, ix1-1, a)
		}
	}
	if a := r.alpha(float32(vy * rcov)); a != 0 {
		sink.run(y, ix1-1, ix1, a)
	}
}
