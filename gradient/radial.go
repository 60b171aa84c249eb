package gradient

import (
	"encoding/binary"
	"math"

	"github.com/postercanvas/postercanvas/raster"
)

// radial is the shader of a two-circle (radial) gradient.
//
// The device pixel centre (px, py) maps to the user-space point
// p = inv·(px, py); w = p − c0 = w0 + px·wx + py·wy with
// wx = inv·(1, 0) and wy = inv·(0, 1) (vectors).
type radial struct {
	*ramp
	w0x, w0y float64 // w at device (0, 0)
	wxx, wxy float64 // dw per device x
	wyx, wyy float64 // dw per device y

	// Concentric circles: t = (|w| − r0)/(r1 − r0). The table is indexed
	// by |w|·sc, sc = tableSize/max(r0, r1), as Skia's radial gradient is:
	// cell i holds the colour at |w| = (i + ½)/sc, and past the last cell
	// (|w| > max(r0, r1)) the colour is that of t → ±∞.
	concentric bool
	sc         float64

	// General case (see generalT).
	cdx, cdy float64 // c1 − c0
	r0, dr   float64 // r0, r1 − r0
	qa       float64 // |c1 − c0|² − (r1 − r0)²
	inva     float64 // 1/qa (qa ≠ 0)
	// wellBehaved: one circle strictly contains the other, so every point
	// has exactly one ω with r(ω) ≥ 0 and the gradient covers the plane.
	wellBehaved bool
}

// NewRadial returns the shader of createRadialGradient(x0, y0, r0, x1, y1,
// r1) with the stops, under the user-to-device transform m, with the full
// HTML two-circle semantics: for a point, of all ω with r(ω) = r0 +
// ω·(r1 − r0) > 0 whose circle (centre c0 + ω·(c1 − c0), radius r(ω))
// passes through it, the largest wins and the point takes the ramp's
// colour at ω (padded with the end colours outside [0, 1]); points on no
// such circle are transparent black.
//
// It returns (nil, false) when the gradient paints nothing: the circles
// are equal (HTML), there are no stops, m is singular, or an argument is
// not finite. Radii must not be negative (the canvas layer rejects them).
func NewRadial(x0, y0, r0, x1, y1, r1 float64, stops []Stop, m raster.Matrix) (raster.Shader, bool) {
	if len(stops) == 0 || x0 == x1 && y0 == y1 && r0 == r1 {
		return nil, false
	}
	for _, v := range [...]float64{x0, y0, r0, x1, y1, r1} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, false
		}
	}
	if r0 < 0 || r1 < 0 {
		return nil, false
	}
	inv, ok := m.Invert()
	if !ok {
		return nil, false
	}
	s := &radial{}
	s.w0x, s.w0y = inv.E-x0, inv.F-y0
	s.wxx, s.wxy = inv.A, inv.B
	s.wyx, s.wyy = inv.C, inv.D
	s.r0, s.dr = r0, r1-r0
	s.cdx, s.cdy = x1-x0, y1-y0
	if s.cdx == 0 && s.cdy == 0 {
		// Cell i spans |w| ∈ [i, i+1)·R/N, R = max(r0, r1), that is
		// t = (|w| − r0)/dr ∈ −r0/dr + [i, i+1)·R/(N·dr).
		rmax := max(r0, r1)
		s.concentric = true
		s.sc = tableSize / rmax
		s.ramp = newRamp(stops, rmax/(tableSize*s.dr), -r0/s.dr)
		return s, true
	}
	s.ramp = newRamp(stops, 1.0/tableSize, 0)
	s.qa = float64(s.cdx*s.cdx) + float64(s.cdy*s.cdy) - float64(s.dr*s.dr)
	if s.qa != 0 {
		s.inva = 1 / s.qa
	}
	s.wellBehaved = s.qa < 0
	return s, true
}

// Opaque reports whether the gradient covers every pixel with opaque
// colours: the stops are opaque and the circles are concentric or one
// contains the other.
func (s *radial) Opaque() bool {
	return s.opaque && (s.concentric || s.wellBehaved)
}

// ShadeSpan writes the gradient's colours of pixels (x, y) … (x+n−1, y).
func (s *radial) ShadeSpan(x, y int, dst []byte) {
	n := len(dst) / 4
	if n == 0 {
		return
	}
	dst = dst[:4*n]
	dd := &ditherTab[y&7]
	px, py := float64(x)+0.5, float64(y)+0.5
	// w at the first pixel; per pixel it moves by (wxx, wxy).
	bx := s.w0x + float64(px*s.wxx) + float64(py*s.wyx)
	by := s.w0y + float64(px*s.wxy) + float64(py*s.wyy)
	if s.concentric {
		s.concentricRun(dst, x, bx, by, dd)
		return
	}
	s.generalRun(dst, x, bx, by, dd)
}

// concentricRun shades dst for concentric circles; (bx, by) is w at the
// first pixel.
func (s *radial) concentricRun(dst []byte, x int, bx, by float64, dd *[8]uint64) {
	sc := s.sc
	g := concGeom{
		wx: bx * sc, wy: by * sc,
		ux: s.wxx * sc, uy: s.wxy * sc,
	}
	for k := 0; 4*k < len(dst); {
		k += spanLoop(dst[4*k:], x+k, &g, s.tab, dd)
		if 4*k >= len(dst) {
			break
		}
		// Pixel k falls in a cell marked exactCell: evaluate it from w in
		// user units.
		wx := bx + float64(float64(k)*s.wxx)
		wy := by + float64(float64(k)*s.wxy)
		d := math.Sqrt(float64(wx*wx) + float64(wy*wy))
		c := s.packedAt((d - s.r0) / s.dr)
		binary.LittleEndian.PutUint32(dst[4*k:], emit(c+dd[(x+k)&7]))
		k++
		g.wx = float64(bx+float64(float64(k)*s.wxx)) * sc
		g.wy = float64(by+float64(float64(k)*s.wxy)) * sc
	}
}

// concGeom is the walk of concentricRun, in table units (w·sc).
type concGeom struct {
	wx, wy float64 // w·sc at the current pixel
	ux, uy float64 // its step per pixel
}

// spanLoop shades the pixels of dst for concentric circles, whose cell
// is |w|·sc, until a pixel falls in a cell marked exactCell. It returns
// the number of pixels shaded and leaves g at the first one not shaded.
// x is the device x of dst's first pixel.
//
// |w(k)|² is a convex quadratic in the pixel index k, so the pixels well
// inside the ramp's circle (|w|·sc < tableSize − 1) form one run, shaded
// by the unrolled innerRow or inner2D, and those well outside it
// (|w|·sc > tableSize + 1) two runs of the far colour; the thin rings
// between, a pixel or so wide, go through ringLoop. The runs keep a
// pixel of margin against rounding.
func spanLoop(dst []byte, x int, g *concGeom, tab *[tableSize + 2]uint64, dd *[8]uint64) int {
	n := len(dst) / 4
	// |w(k)|² = qa·k² + qb·k + qc.
	qa := float64(g.ux*g.ux) + float64(g.uy*g.uy)
	qb := 2 * (float64(g.wx*g.ux) + float64(g.wy*g.uy))
	qc := float64(g.wx*g.wx) + float64(g.wy*g.wy)
	fn := float64(n)
	toK := func(v float64) int { return int(max(-4, min(v, fn+4))) }
	oLo, oHi, oOK := quadBelow(qa, qb, qc, (tableSize+1)*(tableSize+1))
	iLo, iHi, iOK := quadBelow(qa, qb, qc, (tableSize-1)*(tableSize-1))
	// Runs [0, ka) far, [ka, kb) ring, [kb, kc) inner, [kc, kd) ring,
	// [kd, n) far.
	ka, kd := n, n
	if oOK {
		ka = clamp(toK(math.Floor(oLo))-1, 0, n)
		kd = clamp(toK(math.Ceil(oHi))+2, ka, n)
	}
	kb, kc := kd, kd
	if iOK {
		kb = clamp(toK(math.Floor(iLo))+2, ka, kd)
		kc = clamp(toK(math.Ceil(iHi))-2, kb, kd)
	}
	far := tab[tableSize+1]
	cells := (*[tableSize]uint64)(tab[1 : tableSize+1])
	done := func(k int) int {
		g.wx += float64(float64(k) * g.ux)
		g.wy += float64(float64(k) * g.uy)
		return k
	}
	fillPacked(dst[:4*ka], x, far, dd)
	if e := ringLoop(dst[4*ka:4*kb], x+ka, ka, g, cells, dd); e < kb-ka {
		return done(ka + e)
	}
	var e int
	if g.uy == 0 {
		e = innerRowSym(dst[4*kb:4*kc], x+kb, kb, g, cells, dd)
	} else {
		e = inner2D(dst[4*kb:4*kc], x+kb, kb, g, cells, dd)
	}
	if e < kc-kb {
		return done(kb + e)
	}
	if e := ringLoop(dst[4*kc:4*kd], x+kc, kc, g, cells, dd); e < kd-kc {
		return done(kc + e)
	}
	fillPacked(dst[4*kd:], x+kd, far, dd)
	return done(n)
}

// quadBelow returns the open interval of k where a·k² + b·k + c < r2,
// a > 0, and false when it is empty.
func quadBelow(a, b, c, r2 float64) (lo, hi float64, ok bool) {
	disc := float64(b*b) - float64(4*a*(c-r2))
	if !(disc > 0) {
		return 0, 0, false
	}
	sq := math.Sqrt(disc)
	lo, hi = (-b-sq)/(2*a), (-b+sq)/(2*a)
	return lo, hi, lo <= hi
}

// ringLoop shades the pixels of dst one by one for spanLoop, pixel 0 of
// dst being pixel k0 of g's walk, until one falls in a cell marked
// exactCell; it returns the number shaded. |w|·sc is clamped under
// tableSize: past the table the last cell applies, whose colour is within
// maxCellError of the far colour, as its widened range reaches past
// |w| = max(r0, r1), where the far colour starts.
func ringLoop(dst []byte, x, k0 int, g *concGeom, cells *[tableSize]uint64, dd *[8]uint64) int {
	const qFar = (tableSize - 1.0/64) * (tableSize - 1.0/64)
	for i := 0; 4*i < len(dst); i++ {
		k := float64(k0 + i)
		wx := g.wx + float64(k*g.ux)
		wy := g.wy + float64(k*g.uy)
		q := min(float64(wx*wx)+float64(wy*wy), qFar)
		c := cells[int(math.Sqrt(q))&(tableSize-1)]
		if c == exactCell {
			return i
		}
		binary.LittleEndian.PutUint32(dst[4*i:], emit(c+dd[(x+i)&7]))
	}
	return len(dst) / 4
}

// innerRow shades the pixels of dst for spanLoop when w moves along x
// only (no rotation or skew in the transform), all strictly inside the
// ramp's circle, pixel 0 of dst being pixel k0 of g's walk, until one
// falls in a cell marked exactCell; it returns the number shaded.
//
// It works in single precision: |w|·sc < tableSize, so rounding moves the
// table position by about 1e-3 of a cell at most, within the cellSlack
// the cells' error bound allows.
func innerRow(dst []byte, x, k0 int, g *concGeom, cells *[tableSize]uint64, dd *[8]uint64) int {
	wy2 := float32(float64(g.wy * g.wy))
	ux := g.ux
	bx := g.wx + float64(float64(k0)*ux)
	var rd [8]uint64
	var off [8]float32 // j·ux
	gm, gk := gatherMask, gatherMul
	for i := range rd {
		rd[i] = dd[(x+i)&7]
		off[i] = float32(float64(i) * ux)
	}
	n := len(dst) / 4
	i := 0
	// The code below is written out by hand, without helper functions:
	// inlined calls leave NOPs in the loop.
	for ; i+8 <= n; i += 8 {
		b := float32(bx)
		bx += 8 * ux
		// All eight roots first: SQRTSS writes only the low lane of its
		// register, so reusing one output register would chain each root
		// to the previous one's latency. Eight results live at once get
		// eight registers; the block has no branch before the lookups,
		// so the compiler keeps them together.
		w0, w1, w2, w3 := b+off[0], b+off[1], b+off[2], b+off[3]
		w4, w5, w6, w7 := b+off[4], b+off[5], b+off[6], b+off[7]
		d0 := float32(math.Sqrt(float64(float32(w0*w0) + wy2)))
		d1 := float32(math.Sqrt(float64(float32(w1*w1) + wy2)))
		d2 := float32(math.Sqrt(float64(float32(w2*w2) + wy2)))
		d3 := float32(math.Sqrt(float64(float32(w3*w3) + wy2)))
		d4 := float32(math.Sqrt(float64(float32(w4*w4) + wy2)))
		d5 := float32(math.Sqrt(float64(float32(w5*w5) + wy2)))
		d6 := float32(math.Sqrt(float64(float32(w6*w6) + wy2)))
		d7 := float32(math.Sqrt(float64(float32(w7*w7) + wy2)))
		c0 := cells[int(d0)&(tableSize-1)]
		c1 := cells[int(d1)&(tableSize-1)]
		c2 := cells[int(d2)&(tableSize-1)]
		c3 := cells[int(d3)&(tableSize-1)]
		c4 := cells[int(d4)&(tableSize-1)]
		c5 := cells[int(d5)&(tableSize-1)]
		c6 := cells[int(d6)&(tableSize-1)]
		c7 := cells[int(d7)&(tableSize-1)]
		if c0 == exactCell || c1 == exactCell || c2 == exactCell || c3 == exactCell ||
			c4 == exactCell || c5 == exactCell || c6 == exactCell || c7 == exactCell {
			break
		}
		d := (*[32]byte)(dst[4*i : 4*i+32])
		binary.LittleEndian.PutUint32(d[0:], uint32((c0+rd[0])&gm*gk>>32))
		binary.LittleEndian.PutUint32(d[4:], uint32((c1+rd[1])&gm*gk>>32))
		binary.LittleEndian.PutUint32(d[8:], uint32((c2+rd[2])&gm*gk>>32))
		binary.LittleEndian.PutUint32(d[12:], uint32((c3+rd[3])&gm*gk>>32))
		binary.LittleEndian.PutUint32(d[16:], uint32((c4+rd[4])&gm*gk>>32))
		binary.LittleEndian.PutUint32(d[20:], uint32((c5+rd[5])&gm*gk>>32))
		binary.LittleEndian.PutUint32(d[24:], uint32((c6+rd[6])&gm*gk>>32))
		binary.LittleEndian.PutUint32(d[28:], uint32((c7+rd[7])&gm*gk>>32))
	}
	bx = g.wx + float64(float64(k0)*ux)
	for ; i < n; i++ {
		w := float32(bx + float64(float64(i)*ux))
		c := cells[int(float32(math.Sqrt(float64(float32(w*w)+wy2))))&(tableSize-1)]
		if c == exactCell {
			break
		}
		binary.LittleEndian.PutUint32(dst[4*i:], gather(c+rd[i&7], gm, gk))
	}
	return i
}

// innerRowSym is innerRow using the symmetry of a row about the circle's
// centre: |w(k)| = |w(c − k)| when the centre's column c/2 is a whole or
// half pixel index c/2 (as for a circle centred on integer or half-integer
// device coordinates, the usual case), so the pixels paired about it share
// one root and one table lookup and differ only in their dither.
func innerRowSym(dst []byte, x, k0 int, g *concGeom, cells *[tableSize]uint64, dd *[8]uint64) int {
	n := len(dst) / 4
	// Pixel i of dst mirrors pixel cf − i, cf = −2·w(k0)/u.
	cf := -2 * (g.wx + float64(float64(k0)*g.ux)) / g.ux
	c := int(math.Round(cf))
	if !(math.Abs(cf-float64(c)) < 1e-6) || c < 0 || c > 2*n {
		return innerRow(dst, x, k0, g, cells, dd)
	}
	// Pixels [r0, r1) and their mirrors (c−r1, c−r0] are paired; pixel
	// c/2, for even c, is its own mirror.
	r0 := max(c/2+1, c-n+1)
	r1 := min(n, c+1)
	l0 := c - r1 + 1 // first paired pixel on the left
	if r1-r0 < 32 {
		return innerRow(dst, x, k0, g, cells, dd)
	}
	// The pixels left of the pairs, then the pairs, the middle pixel
	// and the pixels right of the pairs. An early return reports the
	// pixels done so far from the start; the caller shades the next one
	// exactly and goes on.
	if e := innerRow(dst[:4*l0], x, k0, g, cells, dd); e < l0 {
		return e
	}
	if !pairRow(dst, x, r0, r1, c, g.wx+float64(float64(k0)*g.ux), g.ux, float32(float64(g.wy*g.wy)), cells, dd) {
		// An exact cell: shade the rest in order.
		return l0 + innerRow(dst[4*l0:], x+l0, k0+l0, g, cells, dd)
	}
	mid := c - r0 + 1 // [mid, r0) is the middle pixel or nothing
	if e := innerRow(dst[4*mid:4*r0], x+mid, k0+mid, g, cells, dd); e < r0-mid {
		return mid + e
	}
	return r1 + innerRow(dst[4*r1:], x+r1, k0+r1, g, cells, dd)
}

// pairRow shades innerRowSym's paired pixels: [r0, r1) of dst and their
// mirrors c − i, pixel i having w·sc = (bx + i·ux, wy), wy² = wy2. It
// reports false, having possibly written some pixels, if one falls in a
// cell marked exactCell.
func pairRow(dst []byte, x, r0, r1, c int, bx, ux float64, wy2 float32, cells *[tableSize]uint64, dd *[8]uint64) bool {
	var off [8]float32   // t·ux
	var dr, dl [8]uint64 // dither of the right block's pixels, and the left's
	for t := range off {
		off[t] = float32(float64(t) * ux)
		dr[t] = dd[(x+r0+t)&7]
		dl[t] = dd[(x+c-r0-7+t)&7]
	}
	gm, gk := gatherMask, gatherMul
	i := r0
	b64 := bx + float64(float64(r0)*ux)
	for ; i+8 <= r1; i += 8 {
		b := float32(b64)
		b64 += 8 * ux
		// All eight roots first (see innerRow).
		w0, w1, w2, w3 := b+off[0], b+off[1], b+off[2], b+off[3]
		w4, w5, w6, w7 := b+off[4], b+off[5], b+off[6], b+off[7]
		d0 := float32(math.Sqrt(float64(float32(w0*w0) + wy2)))
		d1 := float32(math.Sqrt(float64(float32(w1*w1) + wy2)))
		d2 := float32(math.Sqrt(float64(float32(w2*w2) + wy2)))
		d3 := float32(math.Sqrt(float64(float32(w3*w3) + wy2)))
		d4 := float32(math.Sqrt(float64(float32(w4*w4) + wy2)))
		d5 := float32(math.Sqrt(float64(float32(w5*w5) + wy2)))
		d6 := float32(math.Sqrt(float64(float32(w6*w6) + wy2)))
		d7 := float32(math.Sqrt(float64(float32(w7*w7) + wy2)))
		c0 := cells[int(d0)&(tableSize-1)]
		c1 := cells[int(d1)&(tableSize-1)]
		c2 := cells[int(d2)&(tableSize-1)]
		c3 := cells[int(d3)&(tableSize-1)]
		c4 := cells[int(d4)&(tableSize-1)]
		c5 := cells[int(d5)&(tableSize-1)]
		c6 := cells[int(d6)&(tableSize-1)]
		c7 := cells[int(d7)&(tableSize-1)]
		if c0 == exactCell || c1 == exactCell || c2 == exactCell || c3 == exactCell ||
			c4 == exactCell || c5 == exactCell || c6 == exactCell || c7 == exactCell {
			return false
		}
		r := (*[32]byte)(dst[4*i : 4*i+32])
		binary.LittleEndian.PutUint32(r[0:], uint32((c0+dr[0])&gm*gk>>32))
		binary.LittleEndian.PutUint32(r[4:], uint32((c1+dr[1])&gm*gk>>32))
		binary.LittleEndian.PutUint32(r[8:], uint32((c2+dr[2])&gm*gk>>32))
		binary.LittleEndian.PutUint32(r[12:], uint32((c3+dr[3])&gm*gk>>32))
		binary.LittleEndian.PutUint32(r[16:], uint32((c4+dr[4])&gm*gk>>32))
		binary.LittleEndian.PutUint32(r[20:], uint32((c5+dr[5])&gm*gk>>32))
		binary.LittleEndian.PutUint32(r[24:], uint32((c6+dr[6])&gm*gk>>32))
		binary.LittleEndian.PutUint32(r[28:], uint32((c7+dr[7])&gm*gk>>32))
		// The mirrors: pixel c − i − t is at offset 7 − t of the block
		// starting at c − i − 7.
		l := (*[32]byte)(dst[4*(c-i-7) : 4*(c-i)+4])
		binary.LittleEndian.PutUint32(l[28:], uint32((c0+dl[7])&gm*gk>>32))
		binary.LittleEndian.PutUint32(l[24:], uint32((c1+dl[6])&gm*gk>>32))
		binary.LittleEndian.PutUint32(l[20:], uint32((c2+dl[5])&gm*gk>>32))
		binary.LittleEndian.PutUint32(l[16:], uint32((c3+dl[4])&gm*gk>>32))
		binary.LittleEndian.PutUint32(l[12:], uint32((c4+dl[3])&gm*gk>>32))
		binary.LittleEndian.PutUint32(l[8:], uint32((c5+dl[2])&gm*gk>>32))
		binary.LittleEndian.PutUint32(l[4:], uint32((c6+dl[1])&gm*gk>>32))
		binary.LittleEndian.PutUint32(l[0:], uint32((c7+dl[0])&gm*gk>>32))
	}
	for ; i < r1; i++ {
		w := float32(bx + float64(float64(i)*ux))
		v := cells[int(float32(math.Sqrt(float64(float32(w*w)+wy2))))&(tableSize-1)]
		if v == exactCell {
			return false
		}
		binary.LittleEndian.PutUint32(dst[4*i:], gather(v+dd[(x+i)&7], gm, gk))
		binary.LittleEndian.PutUint32(dst[4*(c-i):], gather(v+dd[(x+c-i)&7], gm, gk))
	}
	return true
}

// inner2D is innerRow for any direction of w's walk.
func inner2D(dst []byte, x, k0 int, g *concGeom, cells *[tableSize]uint64, dd *[8]uint64) int {
	ux, uy := g.ux, g.uy
	bx := g.wx + float64(float64(k0)*ux)
	by := g.wy + float64(float64(k0)*uy)
	var rd [8]uint64
	var ox, oy [8]float32 // j·u
	gm, gk := gatherMask, gatherMul
	for i := range rd {
		rd[i] = dd[(x+i)&7]
		ox[i] = float32(float64(i) * ux)
		oy[i] = float32(float64(i) * uy)
	}
	n := len(dst) / 4
	i := 0
	for ; i+8 <= n; i += 8 {
		px, py := float32(bx), float32(by)
		bx += 8 * ux
		by += 8 * uy
		// All eight roots first (see innerRow).
		x0, x1, x2, x3 := px+ox[0], px+ox[1], px+ox[2], px+ox[3]
		x4, x5, x6, x7 := px+ox[4], px+ox[5], px+ox[6], px+ox[7]
		y0, y1, y2, y3 := py+oy[0], py+oy[1], py+oy[2], py+oy[3]
		y4, y5, y6, y7 := py+oy[4], py+oy[5], py+oy[6], py+oy[7]
		d0 := float32(math.Sqrt(float64(float32(x0*x0) + float32(y0*y0))))
		d1 := float32(math.Sqrt(float64(float32(x1*x1) + float32(y1*y1))))
		d2 := float32(math.Sqrt(float64(float32(x2*x2) + float32(y2*y2))))
		d3 := float32(math.Sqrt(float64(float32(x3*x3) + float32(y3*y3))))
		d4 := float32(math.Sqrt(float64(float32(x4*x4) + float32(y4*y4))))
		d5 := float32(math.Sqrt(float64(float32(x5*x5) + float32(y5*y5))))
		d6 := float32(math.Sqrt(float64(float32(x6*x6) + float32(y6*y6))))
		d7 := float32(math.Sqrt(float64(float32(x7*x7) + float32(y7*y7))))
		c0 := cells[int(d0)&(tableSize-1)]
		c1 := cells[int(d1)&(tableSize-1)]
		c2 := cells[int(d2)&(tableSize-1)]
		c3 := cells[int(d3)&(tableSize-1)]
		c4 := cells[int(d4)&(tableSize-1)]
		c5 := cells[int(d5)&(tableSize-1)]
		c6 := cells[int(d6)&(tableSize-1)]
		c7 := cells[int(d7)&(tableSize-1)]
		if c0 == exactCell || c1 == exactCell || c2 == exactCell || c3 == exactCell ||
			c4 == exactCell || c5 == exactCell || c6 == exactCell || c7 == exactCell {
			break
		}
		d := (*[32]byte)(dst[4*i : 4*i+32])
		binary.LittleEndian.PutUint32(d[0:], uint32((c0+rd[0])&gm*gk>>32))
		binary.LittleEndian.PutUint32(d[4:], uint32((c1+rd[1])&gm*gk>>32))
		binary.LittleEndian.PutUint32(d[8:], uint32((c2+rd[2])&gm*gk>>32))
		binary.LittleEndian.PutUint32(d[12:], uint32((c3+rd[3])&gm*gk>>32))
		binary.LittleEndian.PutUint32(d[16:], uint32((c4+rd[4])&gm*gk>>32))
		binary.LittleEndian.PutUint32(d[20:], uint32((c5+rd[5])&gm*gk>>32))
		binary.LittleEndian.PutUint32(d[24:], uint32((c6+rd[6])&gm*gk>>32))
		binary.LittleEndian.PutUint32(d[28:], uint32((c7+rd[7])&gm*gk>>32))
	}
	bx = g.wx + float64(float64(k0)*ux)
	by = g.wy + float64(float64(k0)*uy)
	for ; i < n; i++ {
		wx, wy := float32(bx+float64(float64(i)*ux)), float32(by+float64(float64(i)*uy))
		c := cells[int(float32(math.Sqrt(float64(float32(wx*wx)+float32(wy*wy)))))&(tableSize-1)]
		if c == exactCell {
			break
		}
		binary.LittleEndian.PutUint32(dst[4*i:], gather(c+rd[i&7], gm, gk))
	}
	return i
}

// generalT returns the gradient parameter ω of the point w = p − c0, and
// false when no circle with r(ω) > 0 passes through it.
//
// |w − ω·cd|² = (r0 + ω·dr)² is the quadratic
// qa·ω² − 2·b·ω + c = 0 with b = w·cd + r0·dr, c = |w|² − r0².
func (s *radial) generalT(wx, wy float64) (float64, bool) {
	b := float64(wx*s.cdx) + float64(wy*s.cdy) + float64(s.r0*s.dr)
	c := float64(wx*wx) + float64(wy*wy) - float64(s.r0*s.r0)
	if s.qa == 0 {
		// One root: ω = c/(2b).
		if b == 0 {
			return 0, false
		}
		w := c / (2 * b)
		return w, s.r0+float64(w*s.dr) > 0
	}
	disc := float64(b*b) - float64(s.qa*c)
	if disc < 0 {
		if !s.wellBehaved {
			return 0, false
		}
		disc = 0 // rounding: the circles cover the plane
	}
	sq := math.Sqrt(disc)
	hi, lo := (b+sq)*s.inva, (b-sq)*s.inva
	if s.qa < 0 {
		hi, lo = lo, hi
	}
	if s.wellBehaved {
		// One root has r ≥ 0, the other r ≤ 0; take the former. (At the
		// apex both give r = 0; Skia paints it, and so do we.)
		if s.r0+float64(hi*s.dr) >= 0 {
			return hi, true
		}
		return lo, true
	}
	if s.r0+float64(hi*s.dr) > 0 {
		return hi, true
	}
	if s.r0+float64(lo*s.dr) > 0 {
		return lo, true
	}
	return 0, false
}

// generalRun shades dst for two circles that are not concentric; (bx, by)
// is w at the first pixel.
func (s *radial) generalRun(dst []byte, x int, bx, by float64, dd *[8]uint64) {
	ux, uy := s.wxx, s.wxy
	for k := 0; 4*k < len(dst); {
		if s.qa != 0 {
			k += s.generalLoop(dst[4*k:], x+k, bx+float64(float64(k)*ux), by+float64(float64(k)*uy), dd)
			if 4*k >= len(dst) {
				break
			}
		}
		// One pixel through generalT: a cell marked exactCell, or every
		// pixel when qa = 0 (one root).
		wx := bx + float64(float64(k)*ux)
		wy := by + float64(float64(k)*uy)
		var c uint64
		if t, ok := s.generalT(wx, wy); ok {
			f := float64(t*tableSize) + 1
			switch {
			case !(f >= 0): // also NaN
				c = s.tab[0]
			case f >= tableSize+1:
				c = s.tab[tableSize+1]
			default:
				c = s.tab[int(f)]
				if c == exactCell {
					c = s.packedAt(t)
				}
			}
		}
		binary.LittleEndian.PutUint32(dst[4*k:], emit(c+dd[(x+k)&7]))
		k++
	}
}

// generalLoop shades the pixels of dst for two circles that are not
// concentric, with qa ≠ 0, until a pixel falls in a cell marked
// exactCell; it returns the number of pixels shaded. (bx, by) is w at
// the first pixel, x its device x.
//
// Along the span b and c of generalT are polynomials in the pixel index k:
// b = pb0 + k·pb1, c = pc0 + k·pc1 + k²·pc2. The larger root is
// ω = b/qa + √disc/|qa|, the smaller b/qa − √disc/|qa|.
func (s *radial) generalLoop(dst []byte, x int, bx, by float64, dd *[8]uint64) int {
	ux, uy := s.wxx, s.wxy
	cdx, cdy, r0, dr, qa := s.cdx, s.cdy, s.r0, s.dr, s.qa
	pb0 := float64(bx*cdx) + float64(by*cdy) + float64(r0*dr)
	pb1 := float64(ux*cdx) + float64(uy*cdy)
	pc0 := float64(bx*bx) + float64(by*by) - float64(r0*r0)
	pc1 := 2 * (float64(bx*ux) + float64(by*uy))
	pc2 := float64(ux*ux) + float64(uy*uy)
	inva, absInva := s.inva, math.Abs(s.inva)
	well := s.wellBehaved
	tab := s.tab
	var rd [8]uint64
	gm, gk := gatherMask, gatherMul
	for i := range rd {
		rd[i] = dd[(x+i)&7]
	}
	// disc returns b and the discriminant at pixel k (0 where the
	// circles cover the plane and rounding made it negative).
	disc := func(k float64) (float64, float64) {
		b := pb0 + float64(k*pb1)
		c := pc0 + float64(k*(pc1+float64(k*pc2)))
		d := float64(b*b) - float64(qa*c)
		if well && d < 0 {
			d = 0
		}
		return b, d
	}
	// pick returns the packed colour of the pixel with b, disc and
	// sq = √disc.
	pick := func(b, d, sq float64) uint64 {
		if !(d >= 0) {
			return 0
		}
		bq, sq := float64(b*inva), float64(sq*absInva)
		w := bq + sq
		if well {
			if r0+float64(w*dr) < 0 {
				w = bq - sq
			}
		} else if !(r0+float64(w*dr) > 0) {
			w = bq - sq
			if !(r0+float64(w*dr) > 0) {
				return 0
			}
		}
		f := float64(w*tableSize) + 1
		if !(f >= 0) {
			f = 0
		}
		if f > tableSize+1 {
			f = tableSize + 1
		}
		return tab[int(f)]
	}
	n := len(dst) / 4
	i := 0
	for ; i+8 <= n; i += 8 {
		k := float64(i)
		b0, e0 := disc(k)
		b1, e1 := disc(k + 1)
		b2, e2 := disc(k + 2)
		b3, e3 := disc(k + 3)
		b4, e4 := disc(k + 4)
		b5, e5 := disc(k + 5)
		b6, e6 := disc(k + 6)
		b7, e7 := disc(k + 7)
		// All eight roots first, in eight registers (see innerRow).
		s0, s1, s2, s3 := math.Sqrt(e0), math.Sqrt(e1), math.Sqrt(e2), math.Sqrt(e3)
		s4, s5, s6, s7 := math.Sqrt(e4), math.Sqrt(e5), math.Sqrt(e6), math.Sqrt(e7)
		c0, c1, c2, c3 := pick(b0, e0, s0), pick(b1, e1, s1), pick(b2, e2, s2), pick(b3, e3, s3)
		c4, c5, c6, c7 := pick(b4, e4, s4), pick(b5, e5, s5), pick(b6, e6, s6), pick(b7, e7, s7)
		if c0 == exactCell || c1 == exactCell || c2 == exactCell || c3 == exactCell ||
			c4 == exactCell || c5 == exactCell || c6 == exactCell || c7 == exactCell {
			break
		}
		d := (*[32]byte)(dst[4*i : 4*i+32])
		binary.LittleEndian.PutUint32(d[0:], gather(c0+rd[0], gm, gk))
		binary.LittleEndian.PutUint32(d[4:], gather(c1+rd[1], gm, gk))
		binary.LittleEndian.PutUint32(d[8:], gather(c2+rd[2], gm, gk))
		binary.LittleEndian.PutUint32(d[12:], gather(c3+rd[3], gm, gk))
		binary.LittleEndian.PutUint32(d[16:], gather(c4+rd[4], gm, gk))
		binary.LittleEndian.PutUint32(d[20:], gather(c5+rd[5], gm, gk))
		binary.LittleEndian.PutUint32(d[24:], gather(c6+rd[6], gm, gk))
		binary.LittleEndian.PutUint32(d[28:], gather(c7+rd[7], gm, gk))
	}
	for ; i < n; i++ {
		b, e := disc(float64(i))
		c := pick(b, e, math.Sqrt(e))
		if c == exactCell {
			break
		}
		binary.LittleEndian.PutUint32(dst[4*i:], gather(c+rd[i&7], gm, gk))
	}
	return i
}
