package raster

import "math"

// Cap is how an open subpath's ends are drawn.
type Cap uint8

const (
	ButtCap Cap = iota
	RoundCap
	SquareCap
)

// Join is how two segments meet at a corner.
type Join uint8

const (
	MiterJoin Join = iota
	RoundJoin
	BevelJoin
)

// Stroke describes a pen, in the coordinate space of the path it strokes.
type Stroke struct {
	Width      float64
	Cap        Cap
	Join       Join
	MiterLimit float64
	// Dash is the dash pattern (on, off, on, …), already of even length
	// and with at least one positive entry; nil strokes solid.
	Dash       []float64
	DashOffset float64
}

// MaxDashes bounds the dashes one stroke may produce. Past it the path is
// stroked solid, as Skia gives up dashing past its own cap: a dash length
// of 1e-6 along a 1000-px path must not take minutes.
const MaxDashes = 100_000

// polyline is one flattened subpath: points as x, y pairs; corner[i]
// tells whether point i is a vertex of the original path (joins use the
// pen's join there) or a point inside a curve (joins are round there, so
// curves stay smooth).
type polyline struct {
	pts    []float64
	corner []bool
	closed bool
	// drawn is set when a verb other than MoveTo added to the subpath: a
	// zero-length line gets caps, a lone moveTo does not.
	drawn bool
}

// StrokePath returns the device-space outline of the user-space path p
// stroked with s under the transform m, as a path to fill with the
// nonzero rule. tol is the largest distance, in device pixels, between the
// outline and the true stroke.
//
// The stroke is computed in user space and then transformed, so a
// non-uniform scale makes it thicker one way, as in HTML. A pen thinner
// than one device pixel is drawn as Skia draws it (SkDrawTreatAsHairline):
// a 1-px line in device space, its paint alpha scaled by the width; the
// returned coverage is that factor (1 for an ordinary stroke).
//
// The outline of each piece runs along the left offset, around the end
// cap, back along the right offset and around the start cap; a closed
// subpath gives two loops (the right one reversed). Inner joins pass
// through the path vertex, as Skia's do, unless the two offsets cross
// within half of each segment, where they are cut: regions covered twice
// keep a winding of 2 and stay filled.
func StrokePath(p *Path, s *Stroke, m Matrix, tol float64) (outline *Path, coverage float64) {
	out := &Path{}
	scale := m.MaxScale()
	if !(s.Width > 0) || !finite(s.Width) || !(tol > 0) || !(scale > 0) || !m.Finite() || m.Det() == 0 {
		return out, 0
	}
	lines := flattenPolylines(p, tol/scale)
	if singlePoint(lines) {
		// Blink strokes nothing when the whole path is one point, whatever
		// the cap (whatwg/html#1079 is unsettled; golden x206).
		return out, 0
	}
	if len(s.Dash) > 0 {
		if d, ok := dashPolylines(lines, s.Dash, s.DashOffset); ok {
			lines = d
		}
	}
	pen := *s
	coverage = 1
	if cov, ok := hairline(s.Width, m); ok {
		// Stroke in device space, one pixel wide.
		for i := range lines {
			pts := lines[i].pts
			for k := 0; k+1 < len(pts); k += 2 {
				pts[k], pts[k+1] = m.Apply(pts[k], pts[k+1])
			}
		}
		hairlineOutline(out, lines, s.Cap)
		return out, cov
	}
	st := stroker{s: &pen, hw: pen.Width / 2, tol: tol / scale, out: out}
	for i := range lines {
		st.polyline(&lines[i])
	}
	out.Transform(m)
	return out, coverage
}

// hairline reports whether a pen of width w under m is thinner than one
// device pixel both ways, and the coverage Skia then gives it: the mean of
// the device lengths of (w, 0) and (0, w), each measured as Skia's
// fast_len (the longer coordinate plus half the shorter).
func hairline(w float64, m Matrix) (float64, bool) {
	fastLen := func(x, y float64) float64 {
		x, y = math.Abs(x), math.Abs(y)
		if x < y {
			x, y = y, x
		}
		return x + y/2
	}
	ax, ay := m.ApplyVector(w, 0)
	bx, by := m.ApplyVector(0, w)
	l0, l1 := fastLen(ax, ay), fastLen(bx, by)
	if l0 <= 1 && l1 <= 1 {
		return (l0 + l1) / 2, true
	}
	return 0, false
}

// flattenPolylines flattens p into polylines with a uniform tolerance,
// dropping repeated points.
func flattenPolylines(p *Path, tol float64) []polyline {
	var out []polyline
	var cur *polyline
	pts := p.Points
	var cx, cy float64
	// The tangent at the end of the previous verb: a vertex where the next
	// verb leaves along the same direction is smooth (curve pieces of an
	// arc), not a corner for the pen's join.
	var tx, ty float64
	add := func(x, y float64, corner bool) {
		if !finite(x) || !finite(y) {
			return
		}
		n := len(cur.pts)
		if n >= 2 && cur.pts[n-2] == x && cur.pts[n-1] == y {
			if corner {
				cur.corner[n/2-1] = true
			}
			return
		}
		cur.pts = append(cur.pts, x, y)
		cur.corner = append(cur.corner, corner)
	}
	start := func(x, y float64) {
		out = append(out, polyline{})
		cur = &out[len(out)-1]
		add(x, y, true)
		tx, ty = 0, 0
	}
	// leave records the tangent a verb leaves the current point along, and
	// unmarks the current point as a corner when it continues smoothly.
	leave := func(dx, dy float64) {
		l := math.Hypot(dx, dy)
		if l == 0 || cur == nil || len(cur.corner) == 0 {
			return
		}
		dx, dy = dx/l, dy/l
		if tx*dx+ty*dy > 0 && math.Abs(tx*dy-ty*dx) < 1e-6 {
			cur.corner[len(cur.corner)-1] = false
		}
	}
	arrive := func(dx, dy float64) {
		if l := math.Hypot(dx, dy); l > 0 {
			tx, ty = dx/l, dy/l
		}
	}
	tangent := func(c ...float64) (float64, float64) {
		// The first control point distinct from the current point.
		for k := 0; k+1 < len(c); k += 2 {
			if c[k] != cx || c[k+1] != cy {
				return c[k] - cx, c[k+1] - cy
			}
		}
		return 0, 0
	}
	i := 0
	for _, v := range p.Verbs {
		switch v {
		case MoveTo:
			cx, cy = pts[i], pts[i+1]
			start(cx, cy)
		case LineTo:
			x, y := pts[i], pts[i+1]
			cur.drawn = true
			leave(x-cx, y-cy)
			arrive(x-cx, y-cy)
			cx, cy = x, y
			add(cx, cy, true)
		case QuadTo:
			x0, y0 := cx, cy
			x1, y1, x2, y2 := pts[i], pts[i+1], pts[i+2], pts[i+3]
			cur.drawn = true
			leave(tangent(x1, y1, x2, y2))
			n := curveSteps(2*math.Hypot(x0-2*x1+x2, y0-2*y1+y2), tol)
			for k := 1; k < n; k++ {
				t := float64(k) / float64(n)
				u := 1 - t
				add(u*u*x0+2*u*t*x1+t*t*x2, u*u*y0+2*u*t*y1+t*t*y2, false)
			}
			if x2 != x1 || y2 != y1 {
				arrive(x2-x1, y2-y1)
			} else {
				arrive(x2-x0, y2-y0)
			}
			cx, cy = x2, y2
			add(cx, cy, true)
		case CubeTo:
			x0, y0 := cx, cy
			x1, y1, x2, y2, x3, y3 := pts[i], pts[i+1], pts[i+2], pts[i+3], pts[i+4], pts[i+5]
			cur.drawn = true
			leave(tangent(x1, y1, x2, y2, x3, y3))
			dd := 6 * max(math.Hypot(x0-2*x1+x2, y0-2*y1+y2), math.Hypot(x1-2*x2+x3, y1-2*y2+y3))
			n := curveSteps(dd, tol)
			for k := 1; k < n; k++ {
				t := float64(k) / float64(n)
				u := 1 - t
				a, b, c, d := u*u*u, 3*u*u*t, 3*u*t*t, t*t*t
				add(a*x0+b*x1+c*x2+d*x3, a*y0+b*y1+c*y2+d*y3, false)
			}
			switch {
			case x3 != x2 || y3 != y2:
				arrive(x3-x2, y3-y2)
			case x3 != x1 || y3 != y1:
				arrive(x3-x1, y3-y1)
			default:
				arrive(x3-x0, y3-y0)
			}
			cx, cy = x3, y3
			add(cx, cy, true)
		case Close:
			if cur != nil {
				cur.closed = true
				cur.drawn = true
				n := len(cur.pts)
				// A closing point equal to the start is the start.
				if n >= 4 && cur.pts[0] == cur.pts[n-2] && cur.pts[1] == cur.pts[n-1] {
					cur.pts = cur.pts[:n-2]
					cur.corner = cur.corner[:n/2-1]
				}
				sx, sy := cur.pts[0], cur.pts[1]
				start(sx, sy) // a following verb continues from the start
				cx, cy = sx, sy
			}
		}
		i += 2 * v.points()
	}
	return out
}

// curveSteps is the number of uniform steps that keep a curve whose second
// derivative is bounded by dd within tol, capped to bound the work.
func curveSteps(dd, tol float64) int {
	n := math.Ceil(math.Sqrt(dd / (8 * tol)))
	if !(n >= 1) {
		return 1
	}
	return int(min(n, 1<<14))
}

type stroker struct {
	s   *Stroke
	hw  float64
	tol float64
	out *Path
	// the side being built
	side []float64
	// lengths of the segments arriving at and leaving the current join,
	// and whether the last inner join cut the offsets at their crossing
	// (the leaving segment then starts there, not at its own offset).
	inLen, outLen float64
	innerCut      bool
}

func (st *stroker) polyline(pl *polyline) {
	n := len(pl.pts) / 2
	if n == 1 && pl.drawn {
		// A zero-length line (or a closed single point) among others:
		// Skia gives it its caps, a dot or an axis-aligned square (golden
		// x206).
		x, y := pl.pts[0], pl.pts[1]
		switch st.s.Cap {
		case RoundCap:
			st.side = st.side[:0]
			st.pt(x+st.hw, y)
			st.arcSweep(x, y, 0, 2*math.Pi)
			st.emitLoop(st.side, false)
		case SquareCap:
			h := st.hw
			st.side = append(st.side[:0], x-h, y-h, x+h, y-h, x+h, y+h, x-h, y+h)
			st.emitLoop(st.side, false)
		}
		return
	}
	if n < 2 {
		return
	}
	p := pl.pts
	if pl.closed && n >= 2 {
		// Left loop forward, right loop reversed.
		st.side = st.side[:0]
		st.offsetSide(p, pl.corner, true, 1)
		st.emitLoop(st.side, false)
		if n == 2 {
			// There and back: the left loop already goes around both
			// ends; a right loop would retrace its straight edges.
			return
		}
		st.side = st.side[:0]
		st.offsetSide(p, pl.corner, true, -1)
		st.emitLoop(st.side, true)
		return
	}
	st.side = st.side[:0]
	st.offsetSide(p, pl.corner, false, 1) // left, forward
	// End cap: from the left end around to the right end.
	ex, ey := p[2*n-2], p[2*n-1]
	dx, dy := unit(ex-p[2*n-4], ey-p[2*n-3])
	st.cap(ex, ey, dx, dy)
	// Right side, backward: the left side of the reversed polyline.
	rev := make([]float64, len(p))
	rc := make([]bool, n)
	for k := 0; k < n; k++ {
		rev[2*k], rev[2*k+1] = p[2*(n-1-k)], p[2*(n-1-k)+1]
		rc[k] = pl.corner[n-1-k]
	}
	st.offsetSide(rev, rc, false, 1)
	sx, sy := p[0], p[1]
	dx, dy = unit(sx-p[2], sy-p[3])
	st.cap(sx, sy, dx, dy)
	st.emitLoop(st.side, false)
}

func unit(x, y float64) (float64, float64) {
	l := math.Hypot(x, y)
	if l == 0 {
		return 0, 0
	}
	return x / l, y / l
}

func (st *stroker) pt(x, y float64) { st.side = append(st.side, x, y) }

// offsetSide appends the offset of polyline p on one side (sign 1: left,
// the side of the normal (-dy, dx)), with joins at interior vertices, and
// for a closed polyline at every vertex including the first.
func (st *stroker) offsetSide(p []float64, corner []bool, closed bool, sign float64) {
	n := len(p) / 2
	hw := st.hw * sign
	seg := func(i int) (x0, y0, x1, y1 float64) {
		j := (i + 1) % n
		return p[2*i], p[2*i+1], p[2*j], p[2*j+1]
	}
	segs := n - 1
	if closed {
		segs = n
	}
	segLen := func(i int) float64 {
		x0, y0, x1, y1 := seg(i)
		return math.Hypot(x1-x0, y1-y0)
	}
	first := 0 // index in side of the loop's first point
	for i := 0; i < segs; i++ {
		x0, y0, x1, y1 := seg(i)
		dx, dy := unit(x1-x0, y1-y0)
		nx, ny := -dy*hw, dx*hw
		if i == 0 && closed {
			// The join at the first vertex, from the closing segment.
			px0, py0, _, _ := seg(n - 1)
			pdx, pdy := unit(x0-px0, y0-py0)
			st.inLen, st.outLen = segLen(n-1), segLen(0)
			first = len(st.side)
			st.innerCut = false
			st.join(x0, y0, pdx, pdy, dx, dy, sign, corner[0])
		} else if i == 0 {
			st.pt(x0+nx, y0+ny)
		}
		st.innerCut = false
		st.pt(x1+nx, y1+ny)
		if i+1 < segs {
			_, _, x2, y2 := seg(i + 1)
			ndx, ndy := unit(x2-x1, y2-y1)
			st.inLen, st.outLen = segLen(i), segLen(i+1)
			st.join(x1, y1, dx, dy, ndx, ndy, sign, corner[(i+1)%n])
		}
	}
	if closed && len(st.side) > first+2 {
		// The closing segment ends where the loop started: at the first
		// join's cut point when that join was cut.
		k := len(st.side)
		st.side[k-2], st.side[k-1] = st.side[first], st.side[first+1]
	}
}

// join connects the offset end of a segment arriving at (x, y) along
// (adx, ady) to the offset start of the segment leaving along (bdx, bdy).
// The last point appended is the arriving offset end (except for the
// first join of a closed loop, which appends both sides itself).
func (st *stroker) join(x, y, adx, ady, bdx, bdy, sign float64, corner bool) {
	hw := st.hw * sign
	ax, ay := x-ady*hw, y+adx*hw // arriving offset end
	bx, by := x-bdy*hw, y+bdx*hw // leaving offset start
	if n := len(st.side); n == 0 || st.side[n-2] != ax || st.side[n-1] != ay {
		st.pt(ax, ay)
	}
	cross := adx*bdy - ady*bdx
	dot := adx*bdx + ady*bdy
	// The turn is towards this side when cross·sign > 0: this side is
	// then the inner one. In a U-turn the right side is the inner one.
	if cross*sign > 0 || (cross == 0 && (dot > 0 || sign < 0)) {
		if ax == bx && ay == by {
			return
		}
		if !corner {
			// Inside a curve the inner offset is followed as it is, as
			// Skia offsets curves: where the curve bends tighter than
			// half the width the offset turns inside out, and the stroke
			// shows the hole Chromium shows (golden x213).
			st.pt(bx, by)
			return
		}
		// Where both offset lines meet within their segments, end them
		// there: no overlap then reaches the stroke's inner edge (exact-area
		// coverage would count it twice). Otherwise go through the vertex,
		// as Skia does, and let the winding cover the overlap.
		if cross != 0 {
			// a - t·da = b + s·db
			ex, ey := ax-bx, ay-by
			t := (ex*bdy - ey*bdx) / cross
			s := (adx*ey - ady*ex) / cross
			// At most half of each segment: cuts from both ends of a
			// segment must not cross.
			if t >= 0 && s >= 0 && t <= st.inLen/2 && s <= st.outLen/2 {
				n := len(st.side)
				st.side[n-2], st.side[n-1] = ax-t*adx, ay-t*ady
				st.innerCut = true
				return
			}
		}
		st.pt(x, y) // inner join through the vertex
		st.pt(bx, by)
		return
	}
	j := st.s.Join
	if !corner {
		j = RoundJoin
	}
	switch j {
	case MiterJoin:
		// Miter length / width = 1 / sin(θ/2), θ the angle between the
		// segments; cos θ' = -dot for the exterior angle θ'.
		cosHalf := math.Sqrt(max((1+dot)/2, 0)) // cos of half the turn
		if cosHalf > 0 && 1/cosHalf <= st.s.MiterLimit {
			// The miter tip: along the bisector of the two normals.
			mx, my := (ax+bx)/2-x, (ay+by)/2-y
			l := math.Hypot(mx, my)
			if l > 0 {
				k := math.Abs(st.hw) / cosHalf / l
				st.pt(x+mx*k, y+my*k)
			}
		}
		st.pt(bx, by)
	case RoundJoin:
		st.arc(x, y, ax, ay, bx, by, sign)
		st.pt(bx, by)
	default:
		st.pt(bx, by)
	}
}

// arc appends points of the circle around (cx, cy) through (ax, ay) to
// (bx, by), turning the short way on the outer side.
func (st *stroker) arc(cx, cy, ax, ay, bx, by, sign float64) {
	a0 := math.Atan2(ay-cy, ax-cx)
	a1 := math.Atan2(by-cy, bx-cx)
	sweep := a1 - a0
	// Left side (sign 1) turns with the path the way its normal rotates.
	for sweep > math.Pi {
		sweep -= 2 * math.Pi
	}
	for sweep < -math.Pi {
		sweep += 2 * math.Pi
	}
	if math.Abs(math.Abs(sweep)-math.Pi) < 1e-9 {
		// A U-turn: go around the outside, away from the inner side.
		sweep = -math.Pi * sign
	}
	st.arcSweep(cx, cy, a0, sweep)
}

func (st *stroker) arcSweep(cx, cy, a0, sweep float64) {
	r := st.hw
	step := 2 * math.Acos(max(1-st.tol/r, -1))
	if !(step > 0) || step > math.Pi/4 {
		step = math.Pi / 4
	}
	n := int(math.Ceil(math.Abs(sweep) / step))
	for k := 1; k < n; k++ {
		a := a0 + sweep*float64(k)/float64(n)
		st.pt(cx+r*math.Cos(a), cy+r*math.Sin(a))
	}
}

// cap appends the cap at the end (x, y) of a polyline arriving along (dx,
// dy), from the left offset to the right offset.
func (st *stroker) cap(x, y, dx, dy float64) {
	hw := st.hw
	lx, ly := x-dy*hw, y+dx*hw // left offset end (already the last point)
	rx, ry := x+dy*hw, y-dx*hw
	switch st.s.Cap {
	case SquareCap:
		st.pt(lx+dx*hw, ly+dy*hw)
		st.pt(rx+dx*hw, ry+dy*hw)
	case RoundCap:
		// The left normal is the direction turned by +90°: from it
		// through the direction to the right normal is a sweep of -π.
		st.arcSweep(x, y, math.Atan2(ly-y, lx-x), -math.Pi)
	}
	st.pt(rx, ry)
}

// emitLoop adds a closed polygon to the outline, reversed when asked.
func (st *stroker) emitLoop(pts []float64, reverse bool) {
	n := len(pts) / 2
	if n < 3 {
		return
	}
	if reverse {
		st.out.MoveTo(pts[2*n-2], pts[2*n-1])
		for k := n - 2; k >= 0; k-- {
			st.out.LineTo(pts[2*k], pts[2*k+1])
		}
	} else {
		st.out.MoveTo(pts[0], pts[1])
		for k := 1; k < n; k++ {
			st.out.LineTo(pts[2*k], pts[2*k+1])
		}
	}
	st.out.Close()
}

// dashPolylines cuts polylines into dashes: pattern entries alternate on
// and off lengths (even count), the phase starts at offset and restarts
// for every subpath, and a closed subpath is walked through its closing
// segment. It reports false, leaving the stroke solid, when the dashes
// would number more than MaxDashes.
func dashPolylines(lines []polyline, pattern []float64, offset float64) ([]polyline, bool) {
	total := 0.0
	for _, v := range pattern {
		total += v
	}
	if !(total > 0) || !finite(total) {
		return nil, false
	}
	// Count first: a path length over the pattern length bounds the dashes.
	length := 0.0
	for _, pl := range lines {
		length += polylineLength(pl)
	}
	if length/total*float64(len(pattern)/2) > MaxDashes {
		return nil, false
	}
	phase := math.Mod(offset, total)
	if phase < 0 {
		phase += total
	}
	var out []polyline
	for _, pl := range lines {
		pts, corner := pl.pts, pl.corner
		if pl.closed && len(pts) >= 4 {
			pts = append(append([]float64(nil), pts...), pts[0], pts[1])
			corner = append(append([]bool(nil), corner...), true)
		}
		// Find where the phase falls in the pattern.
		k, left := 0, pattern[0]
		for ph := phase; ph > 0; {
			if ph < left {
				left -= ph
				break
			}
			ph -= left
			k = (k + 1) % len(pattern)
			left = pattern[k]
		}
		var cur *polyline
		on := k%2 == 0
		first := -1 // a closed subpath's first dash, when it starts on
		if on && pl.closed {
			first = len(out)
		}
		if on {
			out = append(out, polyline{})
			cur = &out[len(out)-1]
			cur.pts = append(cur.pts, pts[0], pts[1])
			cur.corner = append(cur.corner, true)
		}
		n := len(pts) / 2
		for i := 0; i+1 < n; i++ {
			x0, y0, x1, y1 := pts[2*i], pts[2*i+1], pts[2*i+2], pts[2*i+3]
			segLen := math.Hypot(x1-x0, y1-y0)
			pos := 0.0
			for segLen-pos > left {
				pos += left
				t := pos / segLen
				x, y := x0+(x1-x0)*t, y0+(y1-y0)*t
				if on {
					cur.pts = append(cur.pts, x, y)
					cur.corner = append(cur.corner, false)
				} else {
					out = append(out, polyline{})
					cur = &out[len(out)-1]
					cur.pts = append(cur.pts, x, y)
					cur.corner = append(cur.corner, false)
				}
				on = !on
				k = (k + 1) % len(pattern)
				left = pattern[k]
			}
			left -= segLen - pos
			if on {
				cur.pts = append(cur.pts, x1, y1)
				cur.corner = append(cur.corner, corner[i+1])
			}
		}
		// On a closed subpath a dash running through the start joins the
		// first one, as Skia's dasher does: one dash with a join at the
		// start point instead of two capped ends.
		if pl.closed && on && first >= 0 && first < len(out)-1 {
			f := out[first]
			cur.pts = append(cur.pts, f.pts[2:]...)
			cur.corner = append(cur.corner, f.corner[1:]...)
			out = append(out[:first], out[first+1:]...)
		}
	}
	return out, true
}

func polylineLength(pl polyline) float64 {
	l := 0.0
	p := pl.pts
	for i := 2; i+1 < len(p); i += 2 {
		l += math.Hypot(p[i]-p[i-2], p[i+1]-p[i-1])
	}
	if pl.closed && len(p) >= 4 {
		l += math.Hypot(p[0]-p[len(p)-2], p[1]-p[len(p)-1])
	}
	return l
}

// singlePoint reports whether every point of the drawn polylines is the
// same (lone moveTos do not count).
func singlePoint(lines []polyline) bool {
	var x, y float64
	seen := false
	for _, pl := range lines {
		if !pl.drawn {
			continue
		}
		for k := 0; k+1 < len(pl.pts); k += 2 {
			if !seen {
				x, y, seen = pl.pts[k], pl.pts[k+1], true
			} else if pl.pts[k] != x || pl.pts[k+1] != y {
				return false
			}
		}
	}
	return true
}

// hairlineOutline draws device-space polylines the way Skia's
// anti-aliased hairlines are drawn: every segment on its own, one pixel
// thick along its minor axis (a shallow line covers one pixel's height in
// every column it crosses, as in Wu's algorithm), its ends cut along that
// axis, and extended by half a pixel for round and square caps. Golden
// x210's diagonals show the difference from a 1-px-wide rotated
// rectangle, which is darker by 1/cos θ.
func hairlineOutline(out *Path, lines []polyline, c Cap) {
	frame := stroker{s: &Stroke{Width: 1, Join: MiterJoin, MiterLimit: 4}, hw: 0.5, tol: 0.01, out: out}
	for _, pl := range lines {
		p := pl.pts
		if isAxisRect(pl) {
			// Skia draws a rectangle as a rectangle (SkCanvas::drawPath
			// hands rect-shaped paths to drawRect) and frames a hairline
			// rect with square corners (goldens 020, 410).
			frame.polyline(&pl)
			continue
		}
		n := len(p) / 2
		segs := n - 1
		if pl.closed && n > 2 {
			segs = n
		}
		for i := 0; i < segs; i++ {
			j := (i + 1) % n
			x0, y0, x1, y1 := p[2*i], p[2*i+1], p[2*j], p[2*j+1]
			dx, dy := unit(x1-x0, y1-y0)
			if dx == 0 && dy == 0 {
				continue
			}
			if c != ButtCap && !pl.closed {
				if i == 0 {
					x0, y0 = x0-dx/2, y0-dy/2
				}
				if i == segs-1 {
					x1, y1 = x1+dx/2, y1+dy/2
				}
			}
			ox, oy := 0.0, 0.5
			if math.Abs(dy) > math.Abs(dx) {
				ox, oy = 0.5, 0
			}
			q := [8]float64{x0 - ox, y0 - oy, x1 - ox, y1 - oy, x1 + ox, y1 + oy, x0 + ox, y0 + oy}
			// One orientation for all, so overlaps add up instead of cancelling.
			if (q[2]-q[0])*(q[5]-q[1])-(q[3]-q[1])*(q[4]-q[0]) < 0 {
				q = [8]float64{q[6], q[7], q[4], q[5], q[2], q[3], q[0], q[1]}
			}
			out.MoveTo(q[0], q[1])
			out.LineTo(q[2], q[3])
			out.LineTo(q[4], q[5])
			out.LineTo(q[6], q[7])
			out.Close()
		}
	}
}

// isAxisRect reports whether a polyline is a closed axis-aligned rectangle.
func isAxisRect(pl polyline) bool {
	p := pl.pts
	if !pl.closed || len(p) != 8 {
		return false
	}
	for i := 0; i < 4; i++ {
		j := (i + 1) % 4
		if p[2*i] != p[2*j] && p[2*i+1] != p[2*j+1] {
			return false
		}
	}
	return true
}
