package gradient

import (
	"image/color"
	"math"
	"slices"
	"sort"
)

// Stop is one colour stop; Color is non-premultiplied 8-bit RGBA.
type Stop struct {
	Offset float64
	Color  color.NRGBA
}

// tableBits sets the colour table size: the ramp over t ∈ [0, 1) is cut
// into tableSize cells, each holding the colour at its centre.
const (
	tableBits = 12
	tableSize = 1 << tableBits
)

// maxCellError is the largest difference, in premultiplied 8-bit levels,
// allowed between a table cell's colour and the exact colour anywhere in
// the cell (widened by cellSlack on both sides to cover the rounding of the
// lookup). Cells whose error would be larger (hard stops, very steep ramps)
// are marked exactCell and evaluated exactly per pixel.
const (
	maxCellError = 0.25
	cellSlack    = 1.0 / 256
)

// exactCell marks a table cell that must be evaluated exactly. No packed
// colour can equal it: a packed alpha lane is at most 255*256+128.
const exactCell = ^uint64(0)

// stop is a normalised stop: offset in [0, 1] and non-premultiplied
// channels in 8-bit levels [0, 255].
type stop struct {
	off        float64
	r, g, b, a float64
}

// ramp is the colour function of a gradient: sorted stops and its table.
type ramp struct {
	stops []stop
	// tab[1+i] is the colour of cell i (see buildTable), tab[0] and
	// tab[tableSize+1] the colours beyond the first and the last cell.
	// Colours are packed (see pack); exactCell marks cells evaluated
	// exactly.
	tab *[tableSize + 2]uint64
	// exactRuns lists the runs [a, b) of consecutive exactCell cells, in
	// increasing order.
	exactRuns [][2]int
	opaque    bool
}

// normalizeStops copies stops, clamps offsets into [0, 1] (NaN becomes 0)
// and stable-sorts them by offset, so stops at equal offsets keep their
// insertion order.
func normalizeStops(in []Stop) []stop {
	out := make([]stop, len(in))
	for i, s := range in {
		off := s.Offset
		switch {
		case !(off > 0): // also NaN
			off = 0
		case off > 1:
			off = 1
		}
		c := s.Color
		out[i] = stop{off, float64(c.R), float64(c.G), float64(c.B), float64(c.A)}
	}
	slices.SortStableFunc(out, func(a, b stop) int {
		switch {
		case a.off < b.off:
			return -1
		case a.off > b.off:
			return 1
		}
		return 0
	})
	return out
}

// newRamp builds the ramp of stops, which must not be empty, and its
// table for the cell mapping t = beta + alpha·(cell + u) (see buildTable).
func newRamp(stops []Stop, alpha, beta float64) *ramp {
	rp := &ramp{stops: normalizeStops(stops), opaque: true}
	for _, s := range rp.stops {
		if s.a != 255 {
			rp.opaque = false
		}
	}
	rp.buildTable(alpha, beta)
	return rp
}

// eval returns the non-premultiplied colour at t, in levels. At a stop
// offset the colour after the offset applies (the last of several stops
// at that offset), as in HTML and Skia; with left set the colour before
// it applies instead (the limit from the left), which the table builder
// needs to bound a cell's error.
func (rp *ramp) eval(t float64, left bool) (r, g, b, a float64) {
	st := rp.stops
	// i = number of stops at or before t (strictly before when left).
	i := 0
	for i < len(st) && (st[i].off < t || !left && st[i].off == t) {
		i++
	}
	if i == 0 {
		s := st[0]
		return s.r, s.g, s.b, s.a
	}
	if i == len(st) {
		s := st[len(st)-1]
		return s.r, s.g, s.b, s.a
	}
	s0, s1 := st[i-1], st[i]
	// s0.off ≤ t ≤ s1.off; with equal offsets one of the two ends applies.
	w := s1.off - s0.off
	if !(w > 0) {
		if left {
			return s0.r, s0.g, s0.b, s0.a
		}
		return s1.r, s1.g, s1.b, s1.a
	}
	u := (t - s0.off) / w
	// Explicit conversions keep each product rounded (no FMA fusion), so
	// the result is the same on every architecture.
	r = s0.r + float64(u*(s1.r-s0.r))
	g = s0.g + float64(u*(s1.g-s0.g))
	b = s0.b + float64(u*(s1.b-s0.b))
	a = s0.a + float64(u*(s1.a-s0.a))
	return r, g, b, a
}

// premulAt returns the premultiplied colour at t in levels [0, 255].
func (rp *ramp) premulAt(t float64, left bool) (r, g, b, a float64) {
	r, g, b, a = rp.eval(t, left)
	k := float64(a * (1.0 / 255))
	return float64(r * k), float64(g * k), float64(b * k), a
}

// packedAt returns the packed colour at t.
func (rp *ramp) packedAt(t float64) uint64 {
	r, g, b, a := rp.premulAt(t, false)
	return pack(r, g, b, a)
}

// buildTable fills rp.tab for the cell mapping t = beta + alpha·(i + u),
// u ∈ [0, 1) across cell i (alpha may be negative). Each cell holds the
// colour at its centre; cells where that colour differs from the exact
// one by more than maxCellError anywhere in the cell, widened by cellSlack
// of its width on both sides, are marked exactCell.
func (rp *ramp) buildTable(alpha, beta float64) {
	tab := new([tableSize + 2]uint64)
	st := rp.stops
	first, last := st[0], st[len(st)-1]
	k0, k1 := float64(first.a*(1.0/255)), float64(last.a*(1.0/255))
	firstC := pack(float64(first.r*k0), float64(first.g*k0), float64(first.b*k0), first.a)
	lastC := pack(float64(last.r*k1), float64(last.g*k1), float64(last.b*k1), last.a)
	// tab[0] and tab[tableSize+1] are the colours towards cell −∞ and +∞.
	tab[0], tab[tableSize+1] = firstC, lastC
	if alpha < 0 {
		tab[0], tab[tableSize+1] = lastC, firstC
	}
	h := math.Abs(alpha) // cell width in t
	// smooth[j]: between stops j−1 and j every cell's colour is within
	// maxCellError of the exact colour over the widened cell. There the
	// premultiplied channel c = p·α/255 (p, α linear in t) has slope
	// |c'| ≤ (|p'|·max α + max p·|α'|)/255, so a cell's error is at most
	// |c'|·(h/2)·(1 + 2·cellSlack) plus the quadratic's bulge.
	smooth := make([]bool, len(st))
	for j := 1; j < len(st); j++ {
		s0, s1 := st[j-1], st[j]
		w := s1.off - s0.off
		if !(w > 0) {
			continue
		}
		da := math.Abs(s1.a-s0.a) / w
		ma := max(s0.a, s1.a)
		slope := 0.0
		for _, p := range [3][2]float64{{s0.r, s1.r}, {s0.g, s1.g}, {s0.b, s1.b}} {
			dp := math.Abs(p[1]-p[0]) / w
			slope = max(slope, (float64(dp*ma)+float64(max(p[0], p[1])*da))/255)
		}
		slope = max(slope, da)
		bound := float64(slope*(h/2)*(1+2*cellSlack)) + float64(rp.curvature(s0.off, s1.off)*(h*h/4))
		smooth[j] = bound <= maxCellError
	}
	// j is the first stop whose offset is greater than the current cell's
	// widened start w0; the cell's interval runs from stop j−1 to stop j.
	pj, iw := -1, 0.0 // interval of iw = 1/width
	for i := range tableSize {
		tc := beta + float64(alpha*(float64(i)+0.5))
		w0, w1 := tc-float64((0.5+cellSlack)*h), tc+float64((0.5+cellSlack)*h)
		j := sort.Search(len(st), func(k int) bool { return st[k].off > w0 })
		if j == len(st) || st[j].off >= w1 {
			// No stop inside the widened cell: one linear piece (or a
			// constant end colour) covers it, and its error bound holds.
			switch {
			case j == 0:
				tab[1+i] = firstC
			case j == len(st):
				tab[1+i] = lastC
			case !smooth[j]:
				tab[1+i] = exactCell
			default:
				if j != pj {
					pj, iw = j, 1/(st[j].off-st[j-1].off)
				}
				tab[1+i] = pack(lerpPremul(&st[j-1], &st[j], float64((tc-st[j-1].off)*iw)))
			}
			continue
		}
		// Stops inside the widened cell: bound the error by sampling the
		// cell's ends and both one-sided limits at each stop.
		cr, cg, cb, ca := rp.premulAt(tc, false)
		errMax := 0.0
		measure := func(t float64, left bool) {
			r, g, b, a := rp.premulAt(t, left)
			errMax = max(errMax, math.Abs(r-cr), math.Abs(g-cg), math.Abs(b-cb), math.Abs(a-ca))
		}
		measure(w0, false)
		measure(w1, true)
		for k := j; k < len(st) && st[k].off < w1; k++ {
			measure(st[k].off, true)
			measure(st[k].off, false)
		}
		// Within an interval the premultiplied colour is a product of two
		// linear functions, a quadratic; its bulge over half a cell is
		// bounded by |c''|·(h/2)²/2 with c'' = 2·slope(rgb)·slope(a)/255.
		errMax += float64(rp.curvature(w0, w1) * (h * h / 4))
		if errMax > maxCellError {
			tab[1+i] = exactCell
		} else {
			tab[1+i] = pack(cr, cg, cb, ca)
		}
	}
	rp.tab = tab
	for i := 0; i < tableSize; i++ {
		if tab[1+i] != exactCell {
			continue
		}
		e := i + 1
		for e < tableSize && tab[1+e] == exactCell {
			e++
		}
		rp.exactRuns = append(rp.exactRuns, [2]int{i, e})
		i = e
	}
}

// lerpPremul returns the premultiplied colour, in levels, at the fraction
// u of the way from stop s0 to stop s1 (u may lie slightly outside [0, 1]).
func lerpPremul(s0, s1 *stop, u float64) (r, g, b, a float64) {
	r = s0.r + float64(u*(s1.r-s0.r))
	g = s0.g + float64(u*(s1.g-s0.g))
	b = s0.b + float64(u*(s1.b-s0.b))
	a = s0.a + float64(u*(s1.a-s0.a))
	k := float64(a * (1.0 / 255))
	return float64(r * k), float64(g * k), float64(b * k), a
}

// curvature bounds |slope(rgb)·slope(a)|/255 over the intervals meeting
// [t0, t1], which is half the second derivative of the premultiplied ramp.
func (rp *ramp) curvature(t0, t1 float64) float64 {
	st := rp.stops
	c := 0.0
	for i := 1; i < len(st); i++ {
		s0, s1 := st[i-1], st[i]
		w := s1.off - s0.off
		if !(w > 0) || s1.off < t0 || s0.off > t1 {
			continue
		}
		da := math.Abs(s1.a-s0.a) / w
		if da == 0 {
			continue
		}
		dc := max(math.Abs(s1.r-s0.r), math.Abs(s1.g-s0.g), math.Abs(s1.b-s0.b)) / w
		c = max(c, dc*da/255)
	}
	return c
}
