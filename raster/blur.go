package raster

import (
	"bytes"
	"image"
	"math"
	"sync"
)

// MaxBlurSigma is the largest standard deviation Blur applies, in device
// pixels; larger ones are clamped to it. Chromium clamps a canvas
// shadowBlur at 256 device pixels (σ 128): its shadows with blur 256, 260,
// 400 and 1000 are identical, and ours match them pixel for pixel.
const MaxBlurSigma = 128

// blurPlan is the separable filter for one sigma: a true Gaussian kernel
// below σ = 2, three box filters above (window w; for an even w two boxes
// of w shifted half a pixel apart and one of w+1), as Skia's raster blur.
type blurPlan struct {
	gauss  []float32 // kernel of 2·radius+1 taps, or nil for the boxes
	w      int       // box window
	border int       // reach on each side, in pixels
	span   int       // taps of the whole filter
	weight uint64    // 2^32 / the boxes' total weight
}

func planBlur(sigma float64) blurPlan {
	if sigma < 2 {
		r := int(math.Ceil(3 * sigma))
		k := make([]float32, 2*r+1)
		sum := 0.0
		ks := make([]float64, len(k))
		for i := range ks {
			x := float64(i - r)
			ks[i] = math.Exp(-x * x / (2 * sigma * sigma))
			sum += ks[i]
		}
		for i := range k {
			k[i] = float32(ks[i] / sum)
		}
		return blurPlan{gauss: k, border: r, span: 2*r + 1}
	}
	w := int(math.Floor(sigma*3*math.Sqrt(2*math.Pi)/4 + 0.5))
	p := blurPlan{w: w}
	div := w * w * w
	if w&1 == 1 {
		p.border = 3 * (w - 1) / 2
		p.span = 3*w - 2
	} else {
		p.border = 3*(w/2) - 1
		p.span = 3*w - 1
		div += w * w
	}
	p.weight = uint64(math.Round(float64(uint64(1)<<32) / float64(div)))
	return p
}

// BlurReach returns how far, in pixels, Blur spreads a mask for sigma on
// each side.
func BlurReach(sigma float64) int {
	if !(sigma > 0) {
		return 0
	}
	return planBlur(min(sigma, MaxBlurSigma)).border
}

// blurScratch holds the buffers of Blur and of the shadow coverage
// between calls. Large blurs need megabytes of them; a canvas is often
// used for one render, so they come from a pool (ReleaseBuffers).
type blurScratch struct {
	cover  []uint8
	h, out []uint8
	s      [3][]uint32
	ring   []uint32
	same   []int32
	acc    []float32
}

// Blur returns mask m blurred by a Gaussian of standard deviation sigma
// (device pixels, clamped to MaxBlurSigma), restricted to within: the
// work is proportional to the mask's bounds grown by the blur's reach,
// never to the canvas. Rows (and, in the vertical pass, runs of rows)
// that repeat are blurred once. The result shares the Rasterizer's
// buffers: it is valid until the next call to Blur.
func (r *Rasterizer) Blur(m *Mask, sigma float64, within image.Rectangle) *Mask {
	if !(sigma > 0) || m.Rect.Empty() {
		return m
	}
	p := planBlur(min(sigma, MaxBlurSigma))
	b := p.border
	src := m.Rect
	out := image.Rect(src.Min.X-b, src.Min.Y-b, src.Max.X+b, src.Max.Y+b).Intersect(within)
	if out.Empty() {
		return &Mask{}
	}
	sc := r.scratch()
	// Horizontal pass: the source rows, the output's columns.
	hw, hh := out.Dx(), src.Dy()
	sc.h = grow(sc.h, hw*hh)
	hbuf := sc.h[:hw*hh]
	var prev []uint8
	for y := 0; y < hh; y++ {
		in := m.Alpha[y*m.Stride : y*m.Stride+src.Dx()]
		dst := hbuf[y*hw : (y+1)*hw]
		if prev != nil && bytes.Equal(in, prev) {
			copy(dst, hbuf[(y-1)*hw:y*hw])
			continue
		}
		prev = in
		p.row(sc, in, src.Min.X, dst, out.Min.X)
	}
	// Vertical pass, all columns at once.
	sc.out = grow(sc.out, hw*out.Dy())
	res := &Mask{Rect: out, Stride: hw, Alpha: sc.out[:hw*out.Dy()]}
	p.columns(sc, hbuf, hw, src.Min.Y, hh, res)
	return res
}

var scratchPool = sync.Pool{New: func() any { return new(blurScratch) }}

// scratch returns the Rasterizer's blur buffers, taking them from the pool
// on first use; ReleaseBuffers gives them back.
func (r *Rasterizer) scratch() *blurScratch {
	if r.blurScratch == nil {
		r.blurScratch = scratchPool.Get().(*blurScratch)
	}
	return r.blurScratch
}

// ReleaseBuffers returns the buffers of Blur and Coverage to a pool shared
// by all Rasterizers (masks they returned become invalid). A canvas calls
// it after each draw, so the next canvas reuses them instead of
// allocating and zeroing megabytes; without the call they are simply
// garbage-collected with r.
func (r *Rasterizer) ReleaseBuffers() {
	if r.blurScratch != nil {
		scratchPool.Put(r.blurScratch)
		r.blurScratch = nil
	}
}

func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// row filters one row: in starts at x = x0, dst at x = d0; outside in the
// input is 0.
func (p *blurPlan) row(sc *blurScratch, in []uint8, x0 int, dst []uint8, d0 int) {
	clear(dst)
	if p.gauss != nil {
		rad := p.border
		for i := range dst {
			x := d0 + i
			var acc float32
			for k, w := range p.gauss {
				j := x + k - rad - x0
				if j >= 0 && j < len(in) {
					acc += w * float32(in[j])
				}
			}
			dst[i] = uint8(min(acc+0.5, 255))
		}
		return
	}
	w := p.w
	n2 := w - 1
	if w&1 == 0 {
		n2 = w
	}
	sc.ring = grow(sc.ring, 2*(w-1)+n2)
	clear(sc.ring)
	b0, b1, b2 := sc.ring[:w-1], sc.ring[w-1:2*(w-1)], sc.ring[2*(w-1):]
	var i0, i1, i2 int
	var s0, s1, s2 uint32
	weight := p.weight
	// Feed input positions pos = x + border for outputs x; inputs before
	// the first that can reach dst[0] are skipped (the filter forgets
	// after span−1 inputs).
	start := max(x0, d0+p.border-(p.span-1))
	end := d0 + len(dst) - 1 + p.border
	for pos := start; pos <= end; pos++ {
		var v uint32
		if j := pos - x0; j >= 0 && j < len(in) {
			v = uint32(in[j])
		}
		s0 += v
		s1 += s0
		s2 += s1
		if x := pos - p.border - d0; x >= 0 {
			dst[x] = uint8((weight*uint64(s2) + 1<<31) >> 32)
		}
		s2 -= b2[i2]
		b2[i2] = s1
		if i2++; i2 == len(b2) {
			i2 = 0
		}
		s1 -= b1[i1]
		b1[i1] = s0
		if i1++; i1 == len(b1) {
			i1 = 0
		}
		s0 -= b0[i0]
		b0[i0] = v
		if i0++; i0 == len(b0) {
			i0 = 0
		}
	}
}

// columns filters the rows of in (hh rows of hw bytes, the first at
// y = y0) vertically into res. An output row whose whole filter window
// holds one repeated input row is that row: it is copied, and the running
// sums are primed again after such a stretch.
func (p *blurPlan) columns(sc *blurScratch, in []uint8, hw, y0, hh int, res *Mask) {
	out := res.Rect
	rowAt := func(y int) []uint8 { // input row at y, nil outside
		if y < y0 || y >= y0+hh {
			return nil
		}
		return in[(y-y0)*hw : (y-y0+1)*hw]
	}
	if p.gauss != nil {
		sc.acc = grow(sc.acc, hw)
		acc := sc.acc
		rad := p.border
		for y := out.Min.Y; y < out.Max.Y; y++ {
			clear(acc)
			for k, w := range p.gauss {
				row := rowAt(y + k - rad)
				if row == nil {
					continue
				}
				for x, v := range row {
					acc[x] += w * float32(v)
				}
			}
			dst := res.Alpha[(y-out.Min.Y)*hw : (y-out.Min.Y+1)*hw]
			for x, a := range acc {
				dst[x] = uint8(min(a+0.5, 255))
			}
		}
		return
	}
	// runStart[i]: the first row of the run of equal rows holding row i.
	sc.same = grow(sc.same, hh)
	runStart := sc.same
	for i := 0; i < hh; i++ {
		runStart[i] = int32(i)
		if i > 0 && bytes.Equal(in[i*hw:(i+1)*hw], in[(i-1)*hw:i*hw]) {
			runStart[i] = runStart[i-1]
		}
	}
	// Columns [flatA, flatB) hold one value in every input row (the middle
	// of a wide shape): their vertical filter is the same, so only column
	// flatA is filtered and the rest copied from it.
	flatA, flatB := 0, hw
	mid := hw / 2
	for i := 0; i < hh && flatB-flatA > 1; i++ {
		if i > 0 && runStart[i] != int32(i) {
			continue
		}
		row := in[i*hw : (i+1)*hw]
		v := row[mid]
		a, b := mid, mid+1
		for a > flatA && row[a-1] == v {
			a--
		}
		for b < flatB && row[b] == v {
			b++
		}
		flatA, flatB = a, b
	}
	spans := [][2]int{{0, hw}}
	if flatB-flatA >= 32 {
		spans = [][2]int{{0, flatA + 1}, {flatB, hw}}
	} else {
		flatA, flatB = 0, 0
	}
	// The columns are filtered in strips, so the running sums and the ring
	// rows stay small (in cache, and bounded for a wide canvas at a large σ).
	var strips [][2]int
	for _, sp := range spans {
		for a := sp[0]; a < sp[1]; a += blurStrip {
			strips = append(strips, [2]int{a, min(a+blurStrip, sp[1])})
		}
	}
	w := p.w
	n2 := w - 1
	if w&1 == 0 {
		n2 = w
	}
	const sw = blurStrip
	for k := range sc.s {
		sc.s[k] = grow(sc.s[k], sw)
	}
	s0, s1, s2 := sc.s[0], sc.s[1], sc.s[2]
	sc.ring = grow(sc.ring, (2*(w-1)+n2)*sw)
	ring := sc.ring
	b0 := ring[:(w-1)*sw]
	b1 := ring[(w-1)*sw : 2*(w-1)*sw]
	b2 := ring[2*(w-1)*sw:]
	weight := p.weight
	lead := p.span - 1 - p.border // rows above y that reach y
	for _, st := range strips {
		a, b := st[0], st[1]
		n := b - a
		var i0, i1, i2 int
		reset := func() {
			clear(s0)
			clear(s1)
			clear(s2)
			clear(ring)
			i0, i1, i2 = 0, 0, 0
		}
		// feed adds input row pos; when dst is not nil it receives the
		// output.
		feed := func(pos int, dst []uint8) {
			var in []uint8
			if row := rowAt(pos); row != nil {
				in = row[a:b]
			}
			if dst != nil {
				dst = dst[a:b]
			}
			feedRow(in, dst, s0[:n], s1[:n], s2[:n], b0[i0*sw:][:n], b1[i1*sw:][:n], b2[i2*sw:][:n], weight)
			if i2++; i2 == n2 {
				i2 = 0
			}
			if i1++; i1 == w-1 {
				i1 = 0
			}
			if i0++; i0 == w-1 {
				i0 = 0
			}
		}
		fed := math.MinInt
		for y := out.Min.Y; y < out.Max.Y; y++ {
			dst := res.Alpha[(y-out.Min.Y)*hw : (y-out.Min.Y+1)*hw]
			top, bot := y-lead, y+p.border
			if top >= y0 && bot < y0+hh && int(runStart[bot-y0]) <= top-y0 {
				copy(dst[a:b], rowAt(y)[a:b])
				continue
			}
			if fed < top-1 {
				reset()
				fed = top - 1
			}
			for fed < bot-1 {
				fed++
				feed(fed, nil)
			}
			fed = bot
			feed(bot, dst)
		}
	}
	if flatB > flatA+1 {
		for y := 0; y < out.Dy(); y++ {
			// Fill [flatA, flatB) with dst[flatA] by doubling copies.
			f := res.Alpha[y*hw+flatA : y*hw+flatB]
			for k := 1; k < len(f); k *= 2 {
				copy(f[k:], f[:k])
			}
		}
	}
}

// blurStrip is the width of the column strips of the vertical box pass.
const blurStrip = 256

// feedRow advances the three running sums of every column by one input
// row (nil: zeros) and, when dst is not nil, writes the filtered row. r0,
// r1 and r2 are the ring rows leaving the boxes; they take the new values.
func feedRow(row, dst []uint8, s0, s1, s2, r0, r1, r2 []uint32, weight uint64) {
	n := len(s0)
	s1, s2, r0, r1, r2 = s1[:n], s2[:n], r0[:n], r1[:n], r2[:n]
	if row == nil {
		for x := range s0 {
			a0 := s0[x]
			a1 := s1[x] + a0
			a2 := s2[x] + a1
			if dst != nil {
				dst[x] = uint8((weight*uint64(a2) + 1<<31) >> 32)
			}
			s2[x] = a2 - r2[x]
			r2[x] = a1
			s1[x] = a1 - r1[x]
			r1[x] = a0
			s0[x] = a0 - r0[x]
			r0[x] = 0
		}
		return
	}
	row = row[:n]
	if dst == nil {
		for x, v8 := range row {
			v := uint32(v8)
			a0 := s0[x] + v
			a1 := s1[x] + a0
			a2 := s2[x] + a1
			s2[x] = a2 - r2[x]
			r2[x] = a1
			s1[x] = a1 - r1[x]
			r1[x] = a0
			s0[x] = a0 - r0[x]
			r0[x] = v
		}
		return
	}
	dst = dst[:n]
	for x, v8 := range row {
		v := uint32(v8)
		a0 := s0[x] + v
		a1 := s1[x] + a0
		a2 := s2[x] + a1
		dst[x] = uint8((weight*uint64(a2) + 1<<31) >> 32)
		s2[x] = a2 - r2[x]
		r2[x] = a1
		s1[x] = a1 - r1[x]
		r1[x] = a0
		s0[x] = a0 - r0[x]
		r0[x] = v
	}
}
