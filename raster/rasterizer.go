package raster

import (
	"math"
	"math/bits"
	"sync"
)

// FillRule selects how windings become coverage.
type FillRule uint8

const (
	NonZero FillRule = iota
	EvenOdd
)

// Rasterizer computes anti-aliased coverage with exact area: every line
// segment adds, to the cells it crosses, the signed area it puts to its
// right; a row's running sum of cells is then the winding-weighted
// coverage of each pixel. Only touched cells are visited: a bit set per
// row marks them, so the sweep emits one constant-coverage run between two
// edges however wide it is, and the cost of a fill grows with the length
// of its edges and the number of rows it spans, never with the canvas.
//
// A Rasterizer reuses its buffers from one fill to the next. It is not safe
// for concurrent use; give each goroutine its own.
type Rasterizer struct {
	// clip window of the current fill, in device pixels.
	cx0, cy0, cx1, cy1 int

	// segs holds the clipped segments of the current fill, 4 floats each,
	// and their bounds.
	segs                   []float64
	minx, miny, maxx, maxy float64
	// rightClipped is set when a segment lost a part right of the window:
	// the coverage it leaves then reaches the window's right edge.
	rightClipped bool

	// cells is rows × cw accumulators for the box (bx0, by0)-(bx0+cw-2, by1);
	// dirty marks non-zero cells, words per row.
	cells    []float32
	dirty    []uint64
	bx0, by0 int // by0: first row of the current band
	cw, rows int // rows: rows of the current band
	words    int
	// top, bottom: rows the shape spans; band: rows per band.
	top, bottom, band int
	order, active     []int32
	bandStart         []int32

	// aliased makes the sweep emit only 0 or 255 (Paint.Aliased).
	aliased bool

	// mask is the sweep's scratch row of per-pixel coverage.
	mask []uint8
	blit blitter

	blurScratch *blurScratch // pooled buffers of Blur and Coverage
}

// NewRasterizer returns a Rasterizer with empty buffers.
func NewRasterizer() *Rasterizer { return &Rasterizer{} }

// begin starts collecting segments for a fill clipped to the window.
func (r *Rasterizer) begin(x0, y0, x1, y1 int) {
	r.cx0, r.cy0, r.cx1, r.cy1 = x0, y0, x1, y1
	r.segs = r.segs[:0]
	r.minx, r.miny = math.Inf(1), math.Inf(1)
	r.maxx, r.maxy = math.Inf(-1), math.Inf(-1)
	r.rightClipped = false
}

func (r *Rasterizer) cull() cullRect {
	return cullRect{float64(r.cx0), float64(r.cy0), float64(r.cx1), float64(r.cy1)}
}

// line clips one segment to the window and keeps what affects coverage:
// rows outside the window are dropped, parts right of it are dropped, and
// parts left of it are folded onto its left edge as vertical segments
// (they still change the winding of everything to their right).
func (r *Rasterizer) line(x0, y0, x1, y1 float64) {
	if y0 == y1 || !finite(x0) || !finite(y0) || !finite(x1) || !finite(y1) {
		return
	}
	top, bot := float64(r.cy0), float64(r.cy1)
	if (y0 <= top && y1 <= top) || (y0 >= bot && y1 >= bot) {
		return
	}
	left, right := float64(r.cx0), float64(r.cx1)
	if x0 >= right && x1 >= right {
		r.rightClipped = true
		return
	}
	// Clip in y.
	if y0 < top || y0 > bot || y1 < top || y1 > bot {
		dxdy := (x1 - x0) / (y1 - y0)
		clampY := func(x, y float64) (float64, float64) {
			if y < top {
				return x + (top-y)*dxdy, top
			}
			if y > bot {
				return x + (bot-y)*dxdy, bot
			}
			return x, y
		}
		x0, y0 = clampY(x0, y0)
		x1, y1 = clampY(x1, y1)
		if y0 == y1 {
			return
		}
	}
	// Split at the left and right edges.
	if (x0 < left) != (x1 < left) {
		ym := y0 + (left-x0)*(y1-y0)/(x1-x0)
		ym = clampBetween(ym, y0, y1)
		r.linePiece(x0, y0, left, ym)
		r.linePiece(left, ym, x1, y1)
		return
	}
	r.linePiece(x0, y0, x1, y1)
}

func clampBetween(v, a, b float64) float64 {
	if a > b {
		a, b = b, a
	}
	return min(max(v, a), b)
}

// linePiece handles a segment that lies entirely on one side of the left
// edge.
func (r *Rasterizer) linePiece(x0, y0, x1, y1 float64) {
	if y0 == y1 {
		return
	}
	left, right := float64(r.cx0), float64(r.cx1)
	if x0 <= left && x1 <= left {
		x0, x1 = left, left
	} else if (x0 > right) != (x1 > right) {
		// Keep the part left of the right edge; the rest changes nothing.
		ym := y0 + (right-x0)*(y1-y0)/(x1-x0)
		ym = clampBetween(ym, y0, y1)
		if x0 > right {
			x0, y0 = right, ym
		} else {
			x1, y1 = right, ym
		}
		r.rightClipped = true
		if y0 == y1 {
			return
		}
	} else if x0 >= right && x1 >= right {
		r.rightClipped = true
		return
	}
	r.segs = append(r.segs, x0, y0, x1, y1)
	r.minx = min(r.minx, x0, x1)
	r.maxx = max(r.maxx, x0, x1)
	r.miny = min(r.miny, y0, y1)
	r.maxy = max(r.maxy, y0, y1)
}

// bandCells bounds the cells of one band: rows are accumulated and swept
// a band at a time, so the cell buffer stays small enough for the cache
// (64 Ki cells = 256 KiB) whatever the shape's height.
const bandCells = 1 << 16

// setup sizes the cell buffers for the collected segments. It returns
// false when nothing can be covered.
func (r *Rasterizer) setup() bool {
	if len(r.segs) == 0 {
		return false
	}
	bx0 := int(math.Floor(r.minx))
	bx1 := int(math.Ceil(r.maxx))
	if r.rightClipped {
		bx1 = r.cx1
	}
	by0 := int(math.Floor(r.miny))
	by1 := int(math.Ceil(r.maxy))
	bx0 = max(bx0, r.cx0)
	by0 = max(by0, r.cy0)
	by1 = min(by1, r.cy1)
	bx1 = min(bx1, r.cx1)
	if by1 <= by0 {
		return false
	}
	r.bx0, r.top, r.bottom = bx0, by0, by1
	r.cw = bx1 - bx0 + 2
	r.band = min(max(bandCells/r.cw, 1), by1-by0)
	r.words = (r.cw + 63) / 64
	n := r.cw * r.band
	if cap(r.cells) < n {
		r.cells = getCells(n)
	}
	r.cells = r.cells[:n]
	if nw := r.words * r.band; cap(r.dirty) < nw {
		r.dirty = make([]uint64, nw)
	} else {
		r.dirty = r.dirty[:nw]
	}
	return true
}

// render accumulates and sweeps the collected segments band by band:
// segments sorted by their top enter the active list when a band reaches
// them and leave it after the band that holds their bottom.
func (r *Rasterizer) render(rule FillRule, sink spanSink) {
	s := r.segs
	n := len(s) / 4
	// Counting sort of the segments by the band holding their top.
	nb := (r.bottom - r.top + r.band - 1) / r.band
	if cap(r.bandStart) < nb+1 {
		r.bandStart = make([]int32, nb+1)
	}
	start := r.bandStart[:nb+1]
	clear(start)
	bandOf := func(i int) int {
		t := (min(s[4*i+1], s[4*i+3]) - float64(r.top)) / float64(r.band)
		return min(max(int(t), 0), nb-1)
	}
	for i := 0; i < n; i++ {
		start[bandOf(i)+1]++
	}
	for k := 1; k <= nb; k++ {
		start[k] += start[k-1]
	}
	if cap(r.order) < n {
		r.order = make([]int32, n)
	}
	order := r.order[:n]
	fill := r.active[:0]
	fill = append(fill, start[:nb]...) // next free slot per band
	for i := 0; i < n; i++ {
		b := bandOf(i)
		order[fill[b]] = int32(i)
		fill[b]++
	}
	active := fill[:0]
	for k := 0; k < nb; k++ {
		y0 := r.top + k*r.band
		y1 := min(y0+r.band, r.bottom)
		active = append(active, order[start[k]:start[k+1]]...)
		r.by0, r.rows = y0, y1-y0
		bx, by := float64(r.bx0), float64(y0)
		kept := active[:0]
		for _, i := range active {
			x0, ya, x1, yb := s[4*i], s[4*i+1], s[4*i+2], s[4*i+3]
			r.accumulateLine(x0-bx, ya-by, x1-bx, yb-by)
			if max(ya, yb) > float64(y1) {
				kept = append(kept, i)
			}
		}
		active = kept
		r.sweep(rule, sink)
	}
	r.active = active[:0]
}

// accumulateLine adds one segment, in cell coordinates, row by row.
func (r *Rasterizer) accumulateLine(x0, y0, x1, y1 float64) {
	dir := 1.0
	if y0 > y1 {
		x0, y0, x1, y1 = x1, y1, x0, y0
		dir = -1
	}
	dxdy := (x1 - x0) / (y1 - y0)
	maxRow := float64(r.rows)
	// Rows outside the band are skipped; x stays measured from the
	// segment's own start so a segment entering from an earlier band
	// keeps its slope.
	ys, ye := max(y0, 0), min(y1, maxRow)
	row := int(ys)
	for ya := ys; ya < ye; row++ {
		yb := min(float64(row+1), ye)
		xa := x0 + (ya-y0)*dxdy
		xb := x0 + (yb-y0)*dxdy
		if row >= 0 && row < r.rows {
			r.accumulateRow(row, xa, xb, (yb-ya)*dir)
		}
		ya = yb
	}
}

// accumulateRow adds a segment piece that stays within one row, from x = xa
// to x = xb, with signed height h. A piece inside one cell covers that cell
// by h times the part of the cell right of its mid-point and every cell
// right of it by h; the prefix-sum form of that is two additions. Longer
// pieces are cut at cell boundaries.
func (r *Rasterizer) accumulateRow(row int, xa, xb, h float64) {
	if xa > xb {
		xa, xb = xb, xa
	}
	maxX := float64(r.cw - 2)
	xa = min(max(xa, 0), maxX)
	xb = min(max(xb, 0), maxX)
	cells := r.cells[row*r.cw : (row+1)*r.cw]
	ia := int(xa)
	ib := int(xb)
	if ib > ia && float64(ib) == xb {
		ib-- // xb on a cell boundary ends in cell ib-1
	}
	if ia == ib {
		fm := (xa+xb)/2 - float64(ia)
		cells[ia] += float32(h * (1 - fm))
		cells[ia+1] += float32(h * fm)
		r.markDirty(row, ia, ia+1)
		return
	}
	k := h / (xb - xa) // height per unit of x
	// First partial cell.
	w := float64(ia+1) - xa
	hh := k * w
	fm := (xa+float64(ia+1))/2 - float64(ia)
	cells[ia] += float32(hh * (1 - fm))
	acc := hh * fm
	// Full cells: each adds k/2 to itself (after the carry) and k/2 to the next.
	half := k / 2
	for i := ia + 1; i < ib; i++ {
		cells[i] += float32(acc + half)
		acc = half
	}
	// Last partial cell.
	w = xb - float64(ib)
	hh = k * w
	fm = w / 2
	cells[ib] += float32(acc + hh*(1-fm))
	cells[ib+1] += float32(hh * fm)
	r.markDirty(row, ia, ib+1)
}

func (r *Rasterizer) markDirty(row, i0, i1 int) {
	d := r.dirty[row*r.words : (row+1)*r.words]
	for w := i0 >> 6; w <= i1>>6; w++ {
		lo := max(i0-w<<6, 0)
		hi := min(i1-w<<6, 63)
		d[w] |= (^uint64(0) >> (63 - hi)) &^ (1<<lo - 1)
	}
}

// spanSink receives the coverage of one row: constant runs and runs of
// per-pixel coverage, left to right, never overlapping.
type spanSink interface {
	run(y, x0, x1 int, alpha uint8)
	mask(y, x0 int, alpha []uint8)
}

// spanEmitter merges a row's spans: equal neighbours join, short runs of
// partial coverage gather into one mask, long runs go out as runs.
type spanEmitter struct {
	sink   spanSink
	y, bx0 int
	ps, pe int // pending run [ps, pe) of alpha pa
	pa     uint8
	ms     int // start of the pending mask
	mask   []uint8
}

func (e *spanEmitter) flushMask() {
	if len(e.mask) > 0 {
		e.sink.mask(e.y, e.ms+e.bx0, e.mask)
		e.mask = e.mask[:0]
	}
}

func (e *spanEmitter) emit(s, end int, a uint8) {
	if s == e.pe && a == e.pa && e.pe > e.ps {
		e.pe = end
		return
	}
	if e.pe > e.ps && e.pa != 0 {
		if e.pe-e.ps >= 4 {
			e.flushMask()
			e.sink.run(e.y, e.ps+e.bx0, e.pe+e.bx0, e.pa)
		} else {
			if len(e.mask) > 0 && e.ms+len(e.mask) != e.ps {
				e.flushMask()
			}
			if len(e.mask) == 0 {
				e.ms = e.ps
			}
			for i := e.ps; i < e.pe; i++ {
				e.mask = append(e.mask, e.pa)
			}
		}
	}
	e.ps, e.pe, e.pa = s, end, a
}

// sweep turns the cells into coverage spans, clearing the cells it reads.
func (r *Rasterizer) sweep(rule FillRule, sink spanSink) {
	e := spanEmitter{sink: sink, bx0: r.bx0, mask: r.mask[:0]}
	limit := r.cw - 2 // cells at and past limit are right of the box
	for row := 0; row < r.rows; row++ {
		cells := r.cells[row*r.cw : (row+1)*r.cw]
		dirty := r.dirty[row*r.words : (row+1)*r.words]
		e.y = row + r.by0
		e.ps, e.pe, e.pa = 0, 0, 0
		var acc float32
		prev := -1
		for w, word := range dirty {
			if word == 0 {
				continue
			}
			dirty[w] = 0
			for word != 0 {
				j := w<<6 + bits.TrailingZeros64(word)
				word &= word - 1
				if prev >= 0 && j > prev && prev < limit {
					e.emit(prev, min(j, limit), r.coverage(acc, rule))
				}
				acc += cells[j]
				cells[j] = 0
				prev = j
			}
		}
		// Past the last dirty cell the coverage stays what it is up to the
		// box's right edge: zero for a whole outline, not zero when the
		// outline was cut at the window's right edge.
		if prev >= 0 && prev < limit {
			e.emit(prev, limit, r.coverage(acc, rule))
		}
		e.emit(0, 0, 0)
		e.flushMask()
	}
	r.mask = e.mask
}

func (r *Rasterizer) coverage(acc float32, rule FillRule) uint8 {
	return r.alpha(coverageF(acc, rule))
}

// alpha converts a coverage in [0, 1] to 8 bits; with aliasing on, a
// pixel is in when more than half of it is (1e-4 absorbs accumulation
// rounding, so an edge exactly on a pixel centre leaves the pixel out).
func (r *Rasterizer) alpha(c float32) uint8 {
	if r.aliased {
		if c > 0.5+1e-4 {
			return 255
		}
		return 0
	}
	return uint8(c*255 + 0.5)
}

// coverageF folds an accumulated signed area into [0, 1] by the rule.
func coverageF(acc float32, rule FillRule) float32 {
	a := acc
	if a < 0 {
		a = -a
	}
	if rule == EvenOdd {
		a = a - 2*float32(math.Floor(float64(a/2)))
		if a > 1 {
			a = 2 - a
		}
	} else if a > 1 {
		a = 1
	}
	return a
}

// cellPool shares accumulator buffers between Rasterizers (one per
// Context, and a service makes a Context per render): a render that
// clips or fills a shape no longer allocates and zeroes up to 256 KiB.
// Buffers go back clean — the sweep zeroes every cell it reads.
var cellPool sync.Pool // *[]float32

func getCells(n int) []float32 {
	if p, ok := cellPool.Get().(*[]float32); ok && cap(*p) >= n {
		return (*p)[:n]
	}
	return make([]float32, n, max(n, bandCells))
}

// releaseCells returns the accumulator buffer to the pool after a
// complete sweep.
func (r *Rasterizer) releaseCells() {
	if r.cells != nil {
		c := r.cells[:0]
		cellPool.Put(&c)
		r.cells = nil
	}
}
