package raster

import "math"

// Verb is one path command.
type Verb uint8

const (
	MoveTo Verb = iota // 1 point
	LineTo             // 1 point
	QuadTo             // 2 points: control, end
	CubeTo             // 3 points: control 1, control 2, end
	Close              // 0 points
)

// points returns how many points a verb consumes.
func (v Verb) points() int {
	switch v {
	case MoveTo, LineTo:
		return 1
	case QuadTo:
		return 2
	case CubeTo:
		return 3
	}
	return 0
}

// Path is a device-space path: a list of verbs and the points they
// consume, as x, y pairs in Points.
//
// Guarantees kept by the builder methods: every subpath starts with MoveTo
// (a LineTo, QuadTo or CubeTo on an empty path, or after Close, starts a
// subpath at the previous subpath's start point, as HTML canvas does); the
// points of a subpath after Close are not connected to the next one.
// Non-finite points are stored as given; the rasterizer drops segments
// that touch them.
type Path struct {
	Verbs  []Verb
	Points []float64

	// start of the current subpath, and whether a subpath is open.
	sx, sy float64
	open   bool
	// closed is set after Close: the next drawing verb starts a new
	// subpath at (sx, sy).
	closed bool
}

// Reset empties p, keeping its storage.
func (p *Path) Reset() {
	p.Verbs = p.Verbs[:0]
	p.Points = p.Points[:0]
	p.open, p.closed = false, false
}

// Empty reports whether p has no verbs.
func (p *Path) Empty() bool { return len(p.Verbs) == 0 }

// MoveTo starts a new subpath at (x, y).
func (p *Path) MoveTo(x, y float64) {
	p.Verbs = append(p.Verbs, MoveTo)
	p.Points = append(p.Points, x, y)
	p.sx, p.sy = x, y
	p.open, p.closed = true, false
}

func (p *Path) ensureStart(x, y float64) {
	if p.closed {
		p.MoveTo(p.sx, p.sy)
	} else if !p.open {
		p.MoveTo(x, y)
	}
}

// LineTo adds a line to (x, y). On an empty path it acts as MoveTo.
func (p *Path) LineTo(x, y float64) {
	if !p.open && !p.closed {
		p.MoveTo(x, y)
		return
	}
	p.ensureStart(x, y)
	p.Verbs = append(p.Verbs, LineTo)
	p.Points = append(p.Points, x, y)
}

// QuadTo adds a quadratic Bézier curve with control point (cx, cy).
func (p *Path) QuadTo(cx, cy, x, y float64) {
	p.ensureStart(cx, cy)
	p.Verbs = append(p.Verbs, QuadTo)
	p.Points = append(p.Points, cx, cy, x, y)
}

// CubeTo adds a cubic Bézier curve with control points (c1x, c1y) and
// (c2x, c2y).
func (p *Path) CubeTo(c1x, c1y, c2x, c2y, x, y float64) {
	p.ensureStart(c1x, c1y)
	p.Verbs = append(p.Verbs, CubeTo)
	p.Points = append(p.Points, c1x, c1y, c2x, c2y, x, y)
}

// Close closes the current subpath. The next verb other than MoveTo starts
// a new subpath at the closed one's start point.
func (p *Path) Close() {
	if !p.open {
		return
	}
	p.Verbs = append(p.Verbs, Close)
	p.open, p.closed = false, true
}

// Transform maps every point of p by m.
func (p *Path) Transform(m Matrix) {
	if m.IsIdentity() {
		return
	}
	pts := p.Points
	for i := 0; i+1 < len(pts); i += 2 {
		pts[i], pts[i+1] = m.Apply(pts[i], pts[i+1])
	}
	p.sx, p.sy = m.Apply(p.sx, p.sy)
}

// Bounds returns the bounding box of p's points (control points included),
// ignoring non-finite ones. ok is false when p has no finite point.
func (p *Path) Bounds() (x0, y0, x1, y1 float64, ok bool) {
	x0, y0 = math.Inf(1), math.Inf(1)
	x1, y1 = math.Inf(-1), math.Inf(-1)
	pts := p.Points
	for i := 0; i+1 < len(pts); i += 2 {
		x, y := pts[i], pts[i+1]
		if !finite(x) || !finite(y) {
			continue
		}
		x0, x1 = min(x0, x), max(x1, x)
		y0, y1 = min(y0, y), max(y1, y)
		ok = true
	}
	return
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
