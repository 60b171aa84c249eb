package canvas

import (
	"math"

	"github.com/postercanvas/postercanvas/raster"
)

// pathBuilder turns user-space path verbs into a device-space raster.Path
// with the HTML canvas rules (implicit moveTo, arc sweeps, arcTo
// tangents), each point mapped by the transform given with it.
type pathBuilder struct {
	p raster.Path
	// conicTol is the conic-to-quad tolerance of arcs and errScale the
	// factor from the builder's units to device pixels. Zero values mean
	// Skia's 1/4 px in device space; strokes, built in user space, set
	// them so arcs stay accurate after the stroke transform.
	conicTol, errScale float64
	// current point in device space, and whether the path has one.
	cx, cy float64
	has    bool
}

func (b *pathBuilder) reset() {
	b.p.Reset()
	b.has = false
}

func (b *pathBuilder) moveTo(m raster.Matrix, x, y float64) {
	b.cx, b.cy = m.Apply(x, y)
	b.p.MoveTo(b.cx, b.cy)
	b.has = true
}

func (b *pathBuilder) lineToDev(dx, dy float64) {
	if !b.has {
		b.p.MoveTo(dx, dy)
	} else {
		b.p.LineTo(dx, dy)
	}
	b.cx, b.cy, b.has = dx, dy, true
}

func (b *pathBuilder) lineTo(m raster.Matrix, x, y float64) {
	dx, dy := m.Apply(x, y)
	b.lineToDev(dx, dy)
}

// ensure starts a subpath at (x, y) when the path has none (HTML's
// "ensure there is a subpath").
func (b *pathBuilder) ensure(m raster.Matrix, x, y float64) {
	if !b.has {
		b.moveTo(m, x, y)
	}
}

func (b *pathBuilder) quadTo(m raster.Matrix, cx, cy, x, y float64) {
	b.ensure(m, cx, cy)
	qx, qy := m.Apply(cx, cy)
	ex, ey := m.Apply(x, y)
	b.p.QuadTo(qx, qy, ex, ey)
	b.cx, b.cy = ex, ey
}

func (b *pathBuilder) cubeTo(m raster.Matrix, c1x, c1y, c2x, c2y, x, y float64) {
	b.ensure(m, c1x, c1y)
	ax, ay := m.Apply(c1x, c1y)
	bx, by := m.Apply(c2x, c2y)
	ex, ey := m.Apply(x, y)
	b.p.CubeTo(ax, ay, bx, by, ex, ey)
	b.cx, b.cy = ex, ey
}

func (b *pathBuilder) closePath() {
	if !b.has {
		return
	}
	b.p.Close()
	// The next subpath starts where the closed one started.
	pts := b.p.Points
	for i := len(b.p.Verbs) - 1; i >= 0; i-- {
		if b.p.Verbs[i] == raster.MoveTo {
			n := 0
			for _, v := range b.p.Verbs[:i] {
				n += verbPoints(v)
			}
			b.cx, b.cy = pts[2*n], pts[2*n+1]
			break
		}
	}
}

func verbPoints(v raster.Verb) int {
	switch v {
	case raster.MoveTo, raster.LineTo:
		return 1
	case raster.QuadTo:
		return 2
	case raster.CubeTo:
		return 3
	}
	return 0
}

// rect adds a closed rectangle and starts a new subpath at (x, y).
func (b *pathBuilder) rect(m raster.Matrix, x, y, w, h float64) {
	b.moveTo(m, x, y)
	b.lineTo(m, x+w, y)
	b.lineTo(m, x+w, y+h)
	b.lineTo(m, x, y+h)
	b.p.Close()
	b.moveTo(m, x, y)
}

// arcAngles returns the start and end angles Chromium draws for
// arc(start, end, ccw). Blink does this in float32, and golden scene
// x104 (angles of ±1e6) shows the float32 rounding: in float64 the wedge
// would sit about a pixel away. The start is first brought into [0, 2π)
// and the end moved by the same amount; then a sweep of at least 2π in
// the drawing direction is a full circle, and any other sweep goes from
// start to end in that direction, less than a full turn (so a clockwise
// arc whose start exceeds its end by whole turns is a full circle).
func arcAngles(start, end float64, ccw bool) (float64, float64) {
	const twoPi = float32(2 * math.Pi)
	s, e := float32(start), float32(end)
	ns := float32(math.Mod(float64(s), float64(twoPi)))
	if ns < 0 {
		ns += twoPi
		if ns >= twoPi {
			ns -= twoPi
		}
	}
	e += ns - s
	s = ns
	switch {
	case !ccw && e-s >= twoPi:
		e = s + twoPi
	case ccw && s-e >= twoPi:
		e = s - twoPi
	case !ccw && s > e:
		e = s + (twoPi - float32(math.Mod(float64(s-e), float64(twoPi))))
	case ccw && s < e:
		e = s - (twoPi - float32(math.Mod(float64(e-s), float64(twoPi))))
	}
	return float64(s), float64(e)
}

// arc adds an arc; the line from the current point to its start is implied.
func (b *pathBuilder) arc(m raster.Matrix, x, y, r, start, end float64, ccw bool) {
	start, end = arcAngles(start, end, ccw)
	sx, sy := x+r*math.Cos(start), y+r*math.Sin(start)
	b.lineTo(m, sx, sy)
	sweep := end - start
	if sweep == 0 || r == 0 {
		return
	}
	b.arcSegments(m, x, y, r, start, sweep)
}

// arcSegments adds an arc whose start point is current, the way Skia
// builds it, since Chromium's edges land where Skia's geometry puts them:
// the sweep becomes conics (whole quarter turns from the start angle,
// then the remainder), each conic becomes 2^k quadratic Béziers in device
// space with Skia's conic-to-quad tolerance of 1/4 px, and the quads are
// flattened by raster. Golden scenes x100–x104 measure the match.
func (b *pathBuilder) arcSegments(m raster.Matrix, x, y, r, start, sweep float64) {
	const quarter = math.Pi / 2
	a := start
	rem := sweep
	for math.Abs(rem) > 1e-9 {
		step := math.Copysign(min(math.Abs(rem), quarter), rem)
		b.conicArc(m, x, y, r, a, step)
		a += step
		rem -= step
	}
}

// conicArc adds one arc piece of at most a quarter turn as the conic
// (p0, p1, p2, w) with w = cos(θ/2), split into quads.
func (b *pathBuilder) conicArc(m raster.Matrix, x, y, r, a0, theta float64) {
	a1 := a0 + theta
	half := theta / 2
	w := math.Cos(half)
	p0x, p0y := m.Apply(x+r*math.Cos(a0), y+r*math.Sin(a0))
	p2x, p2y := m.Apply(x+r*math.Cos(a1), y+r*math.Sin(a1))
	// The control point is where the tangents meet: at r / cos(θ/2) along
	// the bisector.
	d := r / w
	p1x, p1y := m.Apply(x+d*math.Cos(a0+half), y+d*math.Sin(a0+half))
	// Skia's SkConic::computeQuadPOW2 with tolerance 1/4 px.
	k := (w - 1) / (4 * (2 + w - 1))
	ex, ey := k*(p0x-2*p1x+p2x), k*(p0y-2*p1y+p2y)
	err := math.Hypot(ex, ey)
	tol := 0.25
	if b.conicTol > 0 {
		tol = b.conicTol
		err *= b.errScale
	}
	pow2 := 0
	for pow2 < 8 && err > tol {
		err *= 0.25
		pow2++
	}
	b.conicQuads(p0x, p0y, p1x, p1y, p2x, p2y, w, pow2)
}

// conicQuads halves a device-space conic pow2 times and adds each piece's
// control polygon as a quadratic Bézier.
func (b *pathBuilder) conicQuads(p0x, p0y, p1x, p1y, p2x, p2y, w float64, pow2 int) {
	if pow2 == 0 {
		b.p.QuadTo(p1x, p1y, p2x, p2y)
		b.cx, b.cy = p2x, p2y
		return
	}
	s := 1 + w
	ax, ay := (p0x+w*p1x)/s, (p0y+w*p1y)/s
	cx, cy := (w*p1x+p2x)/s, (w*p1y+p2y)/s
	mx, my := (p0x+2*w*p1x+p2x)/(2*s), (p0y+2*w*p1y+p2y)/(2*s)
	nw := math.Sqrt(s / 2)
	b.conicQuads(p0x, p0y, ax, ay, mx, my, nw, pow2-1)
	b.conicQuads(mx, my, cx, cy, p2x, p2y, nw, pow2-1)
}

// arcTo follows HTML: with the current point P0 (mapped back to user
// space), P1 and P2, a degenerate corner (P0 = P1, P1 = P2, collinear
// points, or radius 0) adds a line to P1; otherwise a line to the first
// tangent point and the arc to the second.
func (b *pathBuilder) arcTo(m raster.Matrix, x1, y1, x2, y2, r float64) {
	b.ensure(m, x1, y1)
	inv, ok := m.Invert()
	if !ok {
		return
	}
	x0, y0 := inv.Apply(b.cx, b.cy)
	if (x0 == x1 && y0 == y1) || (x1 == x2 && y1 == y2) || r == 0 {
		b.lineTo(m, x1, y1)
		return
	}
	// Unit vectors from P1 towards P0 and P2.
	ax, ay := x0-x1, y0-y1
	bx, by := x2-x1, y2-y1
	la, lb := math.Hypot(ax, ay), math.Hypot(bx, by)
	ax, ay, bx, by = ax/la, ay/la, bx/lb, by/lb
	cross := ax*by - ay*bx
	if math.Abs(cross) < 1e-12 {
		b.lineTo(m, x1, y1)
		return
	}
	cosT := ax*bx + ay*by // angle between the two rays
	half := math.Acos(max(-1, min(1, cosT))) / 2
	d := r / math.Tan(half) // distance from P1 to each tangent point
	t0x, t0y := x1+ax*d, y1+ay*d
	t1x, t1y := x1+bx*d, y1+by*d
	// Centre: along the bisector at r / sin(half).
	mx, my := ax+bx, ay+by
	ml := math.Hypot(mx, my)
	dc := r / math.Sin(half)
	cx, cy := x1+mx/ml*dc, y1+my/ml*dc
	start := math.Atan2(t0y-cy, t0x-cx)
	end := math.Atan2(t1y-cy, t1x-cx)
	// The arc turns the short way, anticlockwise when the corner turns
	// right (in y-down space, cross > 0 means P0→P1→P2 turns clockwise).
	ccw := cross > 0
	b.lineTo(m, t0x, t0y)
	sweep := end - start
	if ccw && sweep > 0 {
		sweep -= 2 * math.Pi
	} else if !ccw && sweep < 0 {
		sweep += 2 * math.Pi
	}
	b.arcSegments(m, cx, cy, r, start, sweep)
}

// build replaces the path with the recorded segments, each mapped by m
// (the legacy rule: the whole path under one transform).
func (b *pathBuilder) build(m raster.Matrix, segs []seg) *raster.Path {
	b.reset()
	for _, s := range segs {
		b.seg(m, s)
	}
	return &b.p
}

// seg replays one recorded segment with transform m.
func (b *pathBuilder) seg(m raster.Matrix, s seg) {
	a := s.num
	switch s.method {
	case "beginPath":
		b.reset()
	case "moveTo":
		b.moveTo(m, a[0], a[1])
	case "lineTo":
		b.lineTo(m, a[0], a[1])
	case "closePath":
		b.closePath()
	case "rect":
		b.rect(m, a[0], a[1], a[2], a[3])
	case "arc":
		b.arc(m, a[0], a[1], a[2], a[3], a[4], s.ccw)
	case "arcTo":
		b.arcTo(m, a[0], a[1], a[2], a[3], a[4])
	case "quadraticCurveTo":
		b.quadTo(m, a[0], a[1], a[2], a[3])
	case "bezierCurveTo":
		b.cubeTo(m, a[0], a[1], a[2], a[3], a[4], a[5])
	}
}
