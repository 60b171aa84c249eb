package raster

import "encoding/binary"

// div255 returns x/255 rounded to nearest, exact for 0 ≤ x ≤ 255·255.
func div255(x uint32) uint32 { return (x + 128 + (x+128)>>8) >> 8 }

// Lane masks: a uint64 holds two pixels; masking with lo keeps R and B of
// both (bytes 0, 2, 4, 6), each in a 16-bit lane with room for a product
// of two bytes.
const lo = 0x00ff00ff00ff00ff

// div255x4 divides four 16-bit lanes, each a product of two bytes, by
// 255 the way Skia's 8-bit pipeline does: (x + 255) >> 8. It is exact at
// 0 and 255·255 and within one unit elsewhere, and it is what Chromium's
// canvas computes, which matters more here than rounding to nearest.
func div255x4(x uint64) uint64 {
	return ((x + 0x00ff00ff00ff00ff) >> 8) & lo
}

// scale2 multiplies two packed premultiplied pixels by f/255, f ≤ 255.
func scale2(p uint64, f uint64) uint64 {
	rb := div255x4((p & lo) * f)
	ga := div255x4(((p >> 8) & lo) * f)
	return rb | ga<<8
}

// pack returns c as a packed pixel (R in the low byte).
func (c Color) pack() uint64 {
	return uint64(c.R) | uint64(c.G)<<8 | uint64(c.B)<<16 | uint64(c.A)<<24
}

func unpack(p uint64) Color { return Color{uint8(p), uint8(p >> 8), uint8(p >> 16), uint8(p >> 24)} }

// over composites the packed premultiplied pixel src over dst.
func over(src, dst uint64) uint64 { return src + scale2(dst, 255-src>>24) }

// overMaskGo composites the solid colour c through the coverage m over d
// (len(d) = 4·len(m)) with packed arithmetic, as overConst: the source
// scaled by the coverage, then source-over, each division Skia's
// (x+255)>>8.
func overMaskGo(d []byte, m []uint8, c Color) {
	s1 := c.pack()
	full := c.A == 255
	for i, f := range m {
		if f == 0 {
			continue
		}
		p := d[4*i : 4*i+4 : 4*i+4]
		if f == 255 && full {
			binary.LittleEndian.PutUint32(p, uint32(s1))
			continue
		}
		sc := s1
		if f != 255 {
			sc = scale2(s1, uint64(f))
		}
		binary.LittleEndian.PutUint32(p, uint32(over(sc, uint64(binary.LittleEndian.Uint32(p)))))
	}
}

// blitter composites coverage spans into a pixmap with one paint.
type blitter struct {
	dst  *Pixmap
	clip *Mask
	op   Op

	// Solid paint: premultiplied colour with the paint alpha folded in.
	shader Shader
	color  Color
	opaque bool   // the paint's every pixel has alpha 255
	alpha  uint32 // paint alpha 0..255, applied to shader output
	row    []byte // the solid colour repeated, for row copies
	raw    Color  // the solid colour before the paint alpha

	buf  []byte  // shader output
	cbuf []uint8 // coverage × clip

	// table[f]: the solid colour scaled by coverage f, with its inverse
	// alpha in the high 32 bits (maskTable).
	table      [256]uint64
	tableColor Color
	tableOK    bool
}

func (b *blitter) reset(dst *Pixmap, p *Paint, clip *Mask) {
	b.dst, b.clip, b.op = dst, clip, p.Op
	a := p.Alpha
	if !(a >= 0) { // NaN too
		a = 0
	}
	b.alpha = uint32(min(a, 1)*255 + 0.5)
	b.shader = p.Shader
	if p.Shader == nil {
		c := p.Color
		b.raw = c
		if b.alpha != 255 {
			c = unpack(scale2(c.pack(), uint64(b.alpha)))
		}
		b.color = c
		b.opaque = c.A == 255
		b.row = b.row[:0]
	} else {
		b.opaque = p.Shader.Opaque() && b.alpha == 255
	}
}

// paintsNothing reports whether the paint leaves every pixel unchanged.
func (b *blitter) paintsNothing() bool {
	if b.op.Unbounded() {
		return false // a transparent source still clears
	}
	if b.shader == nil {
		return b.color.A == 0
	}
	return b.alpha == 0
}

func (b *blitter) pixels(y, x0, x1 int) []byte {
	off := y*b.dst.Stride + 4*x0
	return b.dst.Pix[off : off+4*(x1-x0)]
}

func (b *blitter) run(y, x0, x1 int, a uint8) {
	if b.clip != nil {
		m := b.clip.row(y, x0, x1)
		if a == 255 {
			// Full coverage: the clip row is the mask as it is.
			b.maskNoClip(y, x0, m)
			return
		}
		cb := b.cbuf[:0]
		for _, c := range m {
			cb = append(cb, uint8(div255(uint32(c)*uint32(a))))
		}
		b.cbuf = cb
		b.maskNoClip(y, x0, cb)
		return
	}
	b.runNoClip(y, x0, x1, a)
}

func (b *blitter) mask(y, x0 int, m []uint8) {
	if b.clip != nil {
		c := b.clip.row(y, x0, x0+len(m))
		cb := b.cbuf[:0]
		for i, v := range m {
			cb = append(cb, uint8(div255(uint32(v)*uint32(c[i]))))
		}
		b.cbuf = cb
		m = cb
	}
	b.maskNoClip(y, x0, m)
}

// runNoClip composites a run of constant coverage a.
func (b *blitter) runNoClip(y, x0, x1 int, a uint8) {
	d := b.pixels(y, x0, x1)
	if b.generic() {
		if a == 255 && b.alpha == 255 && b.shader == nil && blendSolid(b.op, d, b.raw) {
			return
		}
		compositeSpan(b.op, d, b.source(x0, y, x1-x0), b.alpha, nil, a, nil)
		return
	}
	if b.op == OpDestinationOut {
		b.eraseConst(d, a)
		return
	}
	if b.shader == nil {
		if a == 255 && b.opaque {
			b.fillRow(d)
			return
		}
		c := b.color
		if a != 255 {
			c = unpack(scale2(c.pack(), uint64(a)))
		}
		overConst(d, c)
		return
	}
	if a == 255 && b.opaque {
		// Opaque paint, full coverage: shade straight into the pixmap.
		b.shader.ShadeSpan(x0, y, d)
		return
	}
	s := b.shade(x0, y, x1-x0)
	overSpan(d, s, div255(uint32(a)*b.alpha))
}

// maskNoClip composites a run of per-pixel coverage.
func (b *blitter) maskNoClip(y, x0 int, m []uint8) {
	d := b.pixels(y, x0, x0+len(m))
	if b.generic() {
		compositeSpan(b.op, d, b.source(x0, y, len(m)), b.alpha, m, 0, nil)
		return
	}
	if b.op == OpDestinationOut {
		b.eraseMask(d, m)
		return
	}
	// Packed arithmetic, as overConst: the source scaled by the coverage,
	// then source-over, each division Skia's (x+255)>>8.
	if b.shader == nil {
		k := overMaskSIMD(d, m, b.color)
		if len(m)-k >= 32 {
			b.maskTable(d[4*k:], m[k:]) // the pure-Go build's long masks
		} else {
			overMaskGo(d[4*k:], m[k:], b.color)
		}
		return
	}
	s := b.shade(x0, y, len(m))
	opaque := b.alpha == 255 && b.shader.Opaque()
	for i := 0; i < len(m); i++ {
		f := m[i]
		if f == 0 {
			continue
		}
		if f == 255 && opaque {
			// A run of full coverage of an opaque shader (the inside of a
			// clipped image): the source replaces the destination.
			j := i + 1
			for j < len(m) && m[j] == 255 {
				j++
			}
			copy(d[4*i:4*j], s[4*i:4*j])
			i = j - 1
			continue
		}
		if f == 255 && b.alpha == 255 && s[4*i+3] == 255 {
			copy(d[4*i:4*i+4], s[4*i:4*i+4])
			continue
		}
		q := scale2(uint64(binary.LittleEndian.Uint32(s[4*i:])), uint64(div255(uint32(f)*b.alpha)))
		p := d[4*i : 4*i+4 : 4*i+4]
		binary.LittleEndian.PutUint32(p, uint32(over(q, uint64(binary.LittleEndian.Uint32(p)))))
	}
}

// generic reports whether spans go through the generic compositor: every
// operator but source-over, and destination-out with a solid colour
// (clearRect's erase), which have their own loops.
func (b *blitter) generic() bool {
	return b.op != OpSourceOver && (b.op != OpDestinationOut || b.shader != nil)
}

// source returns the paint's premultiplied colours for n pixels from
// (x, y), before the paint alpha (the generic compositor applies it with
// the coverage, rounding once).
func (b *blitter) source(x, y, n int) []byte {
	if b.shader == nil {
		if cap(b.buf) < 4*n {
			b.buf = make([]byte, 4*n)
		}
		s := b.buf[:4*n]
		binary.LittleEndian.PutUint32(s, uint32(b.raw.pack()))
		for k := 4; k < len(s); k *= 2 {
			copy(s[k:], s[:k])
		}
		return s
	}
	return b.shade(x, y, n)
}

// maskTable composites the solid colour through a long coverage mask
// with a table of the colour scaled by every coverage (and its inverse
// alpha), built once per colour: one multiply pair per pixel instead of
// two. The arithmetic is maskNoClip's.
func (b *blitter) maskTable(d []byte, m []uint8) {
	if !b.tableOK || b.tableColor != b.color {
		s1 := b.color.pack()
		for f := range b.table {
			sc := s1
			if f != 255 {
				sc = scale2(s1, uint64(f))
			}
			b.table[f] = sc | (255-sc>>24)<<32
		}
		b.tableColor, b.tableOK = b.color, true
	}
	t := &b.table
	d = d[:4*len(m)]
	for i, f := range m {
		if f == 0 {
			continue
		}
		e := t[f]
		sc, ia := e&0xffffffff, e>>32
		p := d[4*i : 4*i+4 : 4*i+4]
		if ia == 0 {
			binary.LittleEndian.PutUint32(p, uint32(sc))
			continue
		}
		binary.LittleEndian.PutUint32(p, uint32(sc+scale2(uint64(binary.LittleEndian.Uint32(p)), ia)))
	}
}

func (b *blitter) shade(x, y, n int) []byte {
	if cap(b.buf) < 4*n {
		b.buf = make([]byte, 4*n)
	}
	s := b.buf[:4*n]
	b.shader.ShadeSpan(x, y, s)
	return s
}

// block composites full coverage over the pixels [x0, x1) × [y0, y1) in
// one call, when the paint is a solid colour with source-over and there
// is no clip; it reports false, doing nothing, otherwise. Rows are written
// one by one from a prepared row of the colour (in L1): a growing copy of
// the block itself measured 2.5× slower (BenchmarkFillOpaqueFullCanvas).
func (b *blitter) block(x0, y0, x1, y1 int) bool {
	if b.shader != nil || b.clip != nil || b.op != OpSourceOver {
		return false
	}
	d := b.dst
	if !b.opaque && x0 == 0 && x1 == d.Width && d.Stride == 4*d.Width {
		overConst(d.Pix[y0*d.Stride:y1*d.Stride], b.color)
		return true
	}
	for y := y0; y < y1; y++ {
		row := b.pixels(y, x0, x1)
		if b.opaque {
			b.fillRow(row)
		} else {
			overConst(row, b.color)
		}
	}
	return true
}

// fillRow writes the opaque solid colour over d with one copy from a
// prepared row of that colour.
func (b *blitter) fillRow(d []byte) {
	if len(b.row) < len(d) {
		n := max(len(d), 256)
		if cap(b.row) < n {
			b.row = make([]byte, n)
		}
		b.row = b.row[:n]
		c := b.color
		b.row[0], b.row[1], b.row[2], b.row[3] = c.R, c.G, c.B, c.A
		for k := 4; k < n; k *= 2 {
			copy(b.row[k:], b.row[:k])
		}
	}
	copy(d, b.row)
}

// overConst composites the premultiplied colour c over every pixel of d:
// d = c + d·(255 - c.A)/255. The bulk goes through overConstSIMD where the
// CPU has it (AVX2: 8 pixels a step), the rest through overConstGo.
func overConst(d []byte, c Color) {
	if c.A == 0 {
		return
	}
	n := overConstSIMD(d, c)
	overConstGo(d[n:], c)
}

// overConstGo is the pure-Go source-over of a constant colour, two pixels
// per step. TestOverConstSIMDMatchesGo checks the assembly against it.
func overConstGo(d []byte, c Color) {
	ia := uint64(255 - c.A)
	s1 := c.pack()
	s2 := s1 | s1<<32
	// Two pixels per step; the re-slicing lets the compiler drop bounds
	// checks.
	for len(d) >= 8 {
		binary.LittleEndian.PutUint64(d, s2+scale2(binary.LittleEndian.Uint64(d), ia))
		d = d[8:]
	}
	if len(d) >= 4 {
		p := uint64(binary.LittleEndian.Uint32(d))
		binary.LittleEndian.PutUint32(d, uint32(s1+scale2(p, ia)))
	}
}

// overSpan composites the premultiplied span s, scaled by f/255, over d.
func overSpan(d, s []byte, f uint32) {
	if f == 0 {
		return
	}
	if f == 255 {
		i := 0
		for ; i+8 <= len(d); i += 8 {
			q := binary.LittleEndian.Uint64(s[i:])
			a1, a2 := q>>24&0xff, q>>56
			p := binary.LittleEndian.Uint64(d[i:])
			if a1 == a2 {
				if a1 == 255 {
					binary.LittleEndian.PutUint64(d[i:], q)
					continue
				}
				binary.LittleEndian.PutUint64(d[i:], q+scale2(p, 255-a1))
				continue
			}
			lo32 := uint64(uint32(q)) + scale2(p&0xffffffff, 255-a1)
			hi32 := (q >> 32) + scale2(p>>32, 255-a2)
			binary.LittleEndian.PutUint64(d[i:], lo32|hi32<<32)
		}
		for ; i < len(d); i += 4 {
			q := uint64(binary.LittleEndian.Uint32(s[i:]))
			binary.LittleEndian.PutUint32(d[i:], uint32(over(q, uint64(binary.LittleEndian.Uint32(d[i:])))))
		}
		return
	}
	ff := uint64(f)
	for i := 0; i < len(d); i += 4 {
		q := scale2(uint64(binary.LittleEndian.Uint32(s[i:])), ff)
		binary.LittleEndian.PutUint32(d[i:], uint32(over(q, uint64(binary.LittleEndian.Uint32(d[i:])))))
	}
}

// eraseConst applies destination-out with an opaque source of coverage a
// (times the paint alpha): d = d·(255 - a)/255.
func (b *blitter) eraseConst(d []byte, a uint8) {
	k := b.eraseFactor(a)
	if k == 255 {
		clear(d)
		return
	}
	keep := uint64(255 - k)
	for i := 0; i+4 <= len(d); i += 4 {
		p := uint64(binary.LittleEndian.Uint32(d[i:]))
		binary.LittleEndian.PutUint32(d[i:], uint32(scale2(p, keep)))
	}
}

func (b *blitter) eraseMask(d []byte, m []uint8) {
	for i, f := range m {
		k := b.eraseFactor(f)
		if k == 0 {
			continue
		}
		p := uint64(binary.LittleEndian.Uint32(d[4*i:]))
		binary.LittleEndian.PutUint32(d[4*i:], uint32(scale2(p, uint64(255-k))))
	}
}

// eraseFactor is the source alpha of destination-out for coverage a:
// the solid colour's alpha, or for a shader (taken as opaque) the paint
// alpha.
func (b *blitter) eraseFactor(a uint8) uint32 {
	sa := uint32(b.color.A)
	if b.shader != nil {
		sa = b.alpha
	}
	return div255(uint32(a) * sa)
}
