package raster

import "image"

// Mask is an 8-bit coverage mask, the result of one or more clips. Pixels
// outside Rect have coverage 0; inside, Alpha holds one byte per pixel,
// Stride bytes per row, starting at Rect.Min.
type Mask struct {
	Rect   image.Rectangle
	Stride int
	Alpha  []uint8
}

// At returns the coverage of pixel (x, y).
func (m *Mask) At(x, y int) uint8 {
	if !(image.Point{x, y}).In(m.Rect) {
		return 0
	}
	return m.Alpha[(y-m.Rect.Min.Y)*m.Stride+x-m.Rect.Min.X]
}

// row returns the coverage of pixels x0 … x1-1 of row y, which must lie
// inside Rect.
func (m *Mask) row(y, x0, x1 int) []uint8 {
	off := (y-m.Rect.Min.Y)*m.Stride + x0 - m.Rect.Min.X
	return m.Alpha[off : off+x1-x0]
}

// maskSink writes coverage into a mask, multiplied by a parent mask.
type maskSink struct {
	m      *Mask
	parent *Mask
}

func (s *maskSink) run(y, x0, x1 int, a uint8) {
	d := s.m.row(y, x0, x1)
	if s.parent == nil {
		for i := range d {
			d[i] = a
		}
		return
	}
	p := s.parent.row(y, x0, x1)
	for i := range d {
		d[i] = uint8(div255(uint32(a) * uint32(p[i])))
	}
}

func (s *maskSink) mask(y, x0 int, a []uint8) {
	d := s.m.row(y, x0, x0+len(a))
	if s.parent == nil {
		copy(d, a)
		return
	}
	p := s.parent.row(y, x0, x0+len(a))
	for i := range d {
		d[i] = uint8(div255(uint32(a[i]) * uint32(p[i])))
	}
}

// Clip returns the mask of path p (device space) with the fill rule,
// intersected with parent (nil: no earlier clip) and with the w×h canvas.
// The mask stores only the part of the canvas the path's bounds cover.
func (r *Rasterizer) Clip(w, h int, p *Path, rule FillRule, parent *Mask) *Mask {
	win := image.Rect(0, 0, w, h)
	if parent != nil {
		win = win.Intersect(parent.Rect)
	}
	return r.pathMask(p, rule, win, parent, nil)
}

// Coverage returns the coverage of path p (device space) with the fill
// rule within rect, which may reach past any pixmap: the mask stores only
// the part of rect the path's bounds cover. Shadows are drawn from it.
// The mask shares the Rasterizer's buffers: it is valid until the next
// call to Coverage.
func (r *Rasterizer) Coverage(p *Path, rule FillRule, rect image.Rectangle) *Mask {
	sc := r.scratch()
	m := r.pathMask(p, rule, rect, nil, sc.cover)
	if cap(m.Alpha) > cap(sc.cover) {
		sc.cover = m.Alpha
	}
	return m
}

// pathMask rasterizes p into a mask over win cut to p's bounds, in buf
// when it is large enough (a fresh buffer otherwise).
func (r *Rasterizer) pathMask(p *Path, rule FillRule, win image.Rectangle, parent *Mask, buf []uint8) *Mask {
	x0, y0, x1, y1, ok := p.Bounds()
	if ok {
		b := image.Rect(floorClamp(x0), floorClamp(y0), ceilClamp(x1), ceilClamp(y1))
		win = win.Intersect(b)
	} else {
		win = image.Rectangle{}
	}
	m := &Mask{Rect: win, Stride: win.Dx()}
	if win.Empty() {
		m.Rect = image.Rectangle{}
		return m
	}
	if n := win.Dx() * win.Dy(); cap(buf) >= n {
		m.Alpha = buf[:n]
		clear(m.Alpha)
	} else {
		m.Alpha = make([]uint8, n)
	}
	sink := &maskSink{m: m, parent: parent}
	if parent == nil {
		if rx0, ry0, rx1, ry1, ok := axisRect(p); ok {
			r.fillRect(rx0, ry0, rx1, ry1, win.Min.X, win.Min.Y, win.Max.X, win.Max.Y, sink)
			return m
		}
	}
	r.begin(win.Min.X, win.Min.Y, win.Max.X, win.Max.Y)
	flattenPath(p, r.cull(), r)
	if r.setup() {
		r.render(rule, sink)
		r.releaseCells()
	}
	return m
}

// floorClamp and ceilClamp convert a coordinate to a pixel index, clamped
// far enough to be safe in int arithmetic.
func floorClamp(v float64) int {
	const lim = 1 << 30
	if v < -lim {
		return -lim
	}
	if v > lim {
		return lim
	}
	i := int(v)
	if float64(i) > v {
		i--
	}
	return i
}

func ceilClamp(v float64) int {
	i := floorClamp(v)
	if float64(i) < v && i < 1<<30 {
		i++
	}
	return i
}
