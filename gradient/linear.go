package gradient

import (
	"encoding/binary"
	"image/color"
	"math"

	"github.com/postercanvas/postercanvas/raster"
)

// degenerateLength is the length, in user units, under which Skia treats a
// linear gradient as degenerate and paints its last colour everywhere
// (SkGradientBaseShader::kDegenerateThreshold, 1/2^15).
const degenerateLength = 1.0 / (1 << 15)

// fixBits is the number of fraction bits of the linear shader's
// fixed-point table position, a uint32: tableBits + fixBits = 32.
const fixBits = 32 - tableBits

// linear is the shader of a linear gradient. The gradient parameter of the
// device pixel centre (px, py) is t = tx·px + ty·py + t0.
type linear struct {
	*ramp
	tx, ty, t0 float64
}

// NewLinear returns the shader of createLinearGradient(x0, y0, x1, y1)
// with the stops, whose geometry is in user space and m maps user space
// to device space (the transform in force at fill time).
//
// It returns (nil, false) when the gradient paints nothing (HTML: x0 == x1
// && y0 == y1; no stops; m not invertible). A single stop paints its
// colour everywhere (dithered, as Chromium does, which only shows with
// translucent colours); so does a gradient shorter than 2⁻¹⁵ user units
// with its last colour (undithered), as Skia does.
func NewLinear(x0, y0, x1, y1 float64, stops []Stop, m raster.Matrix) (raster.Shader, bool) {
	if len(stops) == 0 || x0 == x1 && y0 == y1 {
		return nil, false
	}
	for _, v := range [...]float64{x0, y0, x1, y1} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, false
		}
	}
	inv, ok := m.Invert()
	if !ok {
		return nil, false
	}
	if len(stops) == 1 {
		return newFlat(stops[0].Color), true
	}
	vx, vy := x1-x0, y1-y0
	l2 := float64(vx*vx) + float64(vy*vy)
	if math.Sqrt(l2) < degenerateLength {
		rp := normalizeStops(stops)
		last := rp[len(rp)-1]
		return NewSolid(color.NRGBA{uint8(last.r), uint8(last.g), uint8(last.b), uint8(last.a)}), true
	}
	// t(p) = (p − p0)·v / |v|², p = inv·(px, py).
	vx, vy = vx/l2, vy/l2
	s := &linear{ramp: newRamp(stops, 1.0/tableSize, 0)}
	s.tx = float64(vx*inv.A) + float64(vy*inv.B)
	s.ty = float64(vx*inv.C) + float64(vy*inv.D)
	s.t0 = float64(vx*(inv.E-x0)) + float64(vy*(inv.F-y0))
	return s, true
}

// Opaque reports whether every stop colour is opaque.
func (s *linear) Opaque() bool { return s.opaque }

// tAt returns the gradient parameter of the centre of pixel (x, y).
func (s *linear) tAt(x, y int) float64 {
	return float64(s.tx*(float64(x)+0.5)) + float64(s.ty*(float64(y)+0.5)) + s.t0
}

// ShadeSpan writes the gradient's colours of pixels (x, y) … (x+n−1, y).
//
// Along a row t changes by tx per pixel. The span splits into the pixels
// before and after the ramp (a constant colour), the pixels well inside
// it, shaded from the table with a fixed-point t stepped per pixel, and
// at most a few pixels at the two ends of the ramp evaluated exactly.
func (s *linear) ShadeSpan(x, y int, dst []byte) {
	n := len(dst) / 4
	if n == 0 {
		return
	}
	dst = dst[:4*n]
	dd := &ditherTab[y&7]
	tb := s.tAt(x, y)
	dt := s.tx
	if dt == 0 || math.IsNaN(tb) {
		fillPacked(dst, x, s.packedTOutside(tb), dd)
		return
	}
	// Pixel k of the span has t = tb + k·dt. The ramp [0, 1) is crossed
	// between k = kz (t = 0) and k = ko (t = 1).
	kz, ko := -tb/dt, (1-tb)/dt
	lo, hi := min(kz, ko), max(kz, ko)
	fn := float64(n)
	clampK := func(v float64) int { return int(max(-2, min(v, fn+2))) }
	// [0, e0) and [e1, n) lie outside the ramp by at least one pixel's
	// step; [i0, i1) inside it by at least one step.
	e0 := clamp(clampK(math.Floor(lo))-1, 0, n)
	e1 := clamp(clampK(math.Ceil(hi))+1, 0, n)
	i0 := clamp(clampK(math.Ceil(lo))+1, e0, e1)
	i1 := clamp(clampK(math.Floor(hi))-1, i0, e1)
	before, after := s.tab[0], s.tab[tableSize+1]
	if dt < 0 {
		before, after = after, before
	}
	if e0 > 0 {
		fillPacked(dst[:4*e0], x, before, dd)
	}
	if e1 < n {
		fillPacked(dst[4*e1:], x+e1, after, dd)
	}
	if i1 > i0 && !s.tableRun(dst[4*i0:4*i1], x+i0, tb+float64(float64(i0)*dt), dt, dd, tb, i0) {
		s.exactRun(dst[4*i0:4*i1], x+i0, tb, i0, dt, dd)
	}
	s.exactRun(dst[4*e0:4*i0], x+e0, tb, e0, dt, dd)
	s.exactRun(dst[4*i1:4*e1], x+i1, tb, i1, dt, dd)
}

// packedTOutside returns the packed colour of t for a whole span of one t.
func (s *linear) packedTOutside(t float64) uint64 {
	switch {
	case math.IsNaN(t):
		return 0
	case t < 0:
		return s.tab[0]
	case t >= 1:
		return s.tab[tableSize+1]
	}
	return s.packedAt(t)
}

// exactRun shades the pixels of dst exactly; the first one is pixel k of a
// span whose pixel 0 has t = tb.
func (s *linear) exactRun(dst []byte, x int, tb float64, k int, dt float64, dd *[8]uint64) {
	for i := 0; i+4 <= len(dst); i, k, x = i+4, k+1, x+1 {
		t := tb + float64(float64(k)*dt)
		binary.LittleEndian.PutUint32(dst[i:], emit(s.packedTOutside(t)+dd[x&7]))
	}
}

// tableRun shades dst from the table, t being ta at its first pixel and
// stepping by dt; every pixel's t must lie in [0, 1). It reports false,
// having written nothing, when the fixed-point walk could leave the table
// (only for absurdly small steps). The first pixel of dst is pixel k0 of a
// span whose pixel 0 has t = tb.
func (s *linear) tableRun(dst []byte, x int, ta, dt float64, dd *[8]uint64, tb float64, k0 int) bool {
	const scale = tableSize * (1 << fixBits)
	n := len(dst) / 4
	// Chunks of at most chunkLen pixels, each walk starting afresh from
	// the float t, bound the drift of the fixed-point step.
	for k := 0; k < n; k += chunkLen {
		m := min(n-k, chunkLen)
		tk := ta + float64(float64(k)*dt)
		ti := int64(tk * scale)
		di := int64(math.Round(dt * scale))
		tl := ti + int64(m-1)*di
		if ti < 0 || ti >= scale || tl < 0 || tl >= scale {
			if k > 0 {
				s.exactRun(dst[4*k:], x+k, tb, k0+k, dt, dd)
				return true
			}
			return false
		}
		s.tableChunk(dst[4*k:4*(k+m)], x+k, ti, di, dd, tb, k0+k, dt)
	}
	return true
}

// chunkLen is the longest run of pixels walked with one fixed-point step.
// The step is rounded to 2^-fixBits of a cell, so the walk drifts from
// the exact t by at most chunkLen·2^-(fixBits+1) < cellSlack of a cell.
const chunkLen = 2048

// tableChunk shades dst from the table: pixel k reads cell
// (ti + k·di) >> fixBits, which all lie in the table. The pixels that
// fall in cells marked exactCell are found by integer division, exactly,
// and evaluated exactly; the others are shaded by tableLoop. The first
// pixel of dst is pixel k0 of a span whose pixel 0 has t = tb.
func (s *linear) tableChunk(dst []byte, x int, ti, di int64, dd *[8]uint64, tb float64, k0 int, dt float64) {
	n := len(dst) / 4
	cells := (*[tableSize]uint64)(s.tab[1 : tableSize+1])
	k := 0 // pixels before k are done
	runs := s.exactRuns
	for r := range runs {
		if di < 0 {
			r = len(runs) - 1 - r
		}
		lo, hi := int64(runs[r][0])<<fixBits, int64(runs[r][1])<<fixBits
		// Pixels [ks, ke) have lo ≤ ti + k·di < hi.
		var ks, ke int64
		switch {
		case di > 0:
			ks, ke = ceilDiv(lo-ti, di), ceilDiv(hi-ti, di)
		case di < 0:
			// ti − hi < k·|di| ≤ ti − lo.
			ks, ke = floorDiv(ti-hi, -di)+1, floorDiv(ti-lo, -di)+1
		default:
			if ti >= lo && ti < hi {
				ks, ke = 0, int64(n)
			}
		}
		ks, ke = max(ks, int64(k)), min(ke, int64(n))
		if ks >= ke {
			continue
		}
		tableLoop(dst[4*k:4*ks], x+k, uint32(ti+int64(k)*di), uint32(di), cells, dd)
		s.exactRun(dst[4*ks:4*ke], x+int(ks), tb, k0+int(ks), dt, dd)
		k = int(ke)
	}
	tableLoop(dst[4*k:], x+k, uint32(ti+int64(k)*di), uint32(di), cells, dd)
}

// floorDiv returns ⌊a/b⌋ for b > 0.
func floorDiv(a, b int64) int64 { return -ceilDiv(-a, b) }

// ceilDiv returns ⌈a/b⌉ for b > 0.
func ceilDiv(a, b int64) int64 {
	q := a / b
	if a%b > 0 {
		q++
	}
	return q
}

// tableLoop shades dst from the cells: pixel k takes cell
// (ti + k·di) >> fixBits (uint32 arithmetic), which must not be
// exactCell, dithered; the first pixel is at x.
func tableLoop(dst []byte, x int, ti, di uint32, cells *[tableSize]uint64, dd *[8]uint64) {
	// The dither offsets of the next 8 pixels.
	var rd [8]uint64
	for i := range rd {
		rd[i] = dd[(x+i)&7]
	}
	gm, gk := gatherMask, gatherMul
	for len(dst) >= 32 {
		d := dst[:32]
		binary.LittleEndian.PutUint32(d[0:], gather(cells[ti>>fixBits]+rd[0], gm, gk))
		binary.LittleEndian.PutUint32(d[4:], gather(cells[(ti+di)>>fixBits]+rd[1], gm, gk))
		binary.LittleEndian.PutUint32(d[8:], gather(cells[(ti+2*di)>>fixBits]+rd[2], gm, gk))
		binary.LittleEndian.PutUint32(d[12:], gather(cells[(ti+3*di)>>fixBits]+rd[3], gm, gk))
		binary.LittleEndian.PutUint32(d[16:], gather(cells[(ti+4*di)>>fixBits]+rd[4], gm, gk))
		binary.LittleEndian.PutUint32(d[20:], gather(cells[(ti+5*di)>>fixBits]+rd[5], gm, gk))
		binary.LittleEndian.PutUint32(d[24:], gather(cells[(ti+6*di)>>fixBits]+rd[6], gm, gk))
		binary.LittleEndian.PutUint32(d[28:], gather(cells[(ti+7*di)>>fixBits]+rd[7], gm, gk))
		ti += 8 * di
		dst = dst[32:]
	}
	for i := 0; len(dst) >= 4; i++ {
		binary.LittleEndian.PutUint32(dst, gather(cells[ti>>fixBits]+rd[i&7], gm, gk))
		ti += di
		dst = dst[4:]
	}
}

func clamp(v, lo, hi int) int { return max(lo, min(v, hi)) }
