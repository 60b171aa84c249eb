package raster

import (
	"encoding/binary"
	"math"
)

// opNames are the HTML globalCompositeOperation keywords, by Op.
var opNames = [numOps]string{
	OpSourceOver: "source-over", OpDestinationOut: "destination-out",
	OpSourceIn: "source-in", OpSourceOut: "source-out", OpSourceAtop: "source-atop",
	OpDestinationOver: "destination-over", OpDestinationIn: "destination-in",
	OpDestinationAtop: "destination-atop", OpLighter: "lighter", OpCopy: "copy", OpXor: "xor",
	OpMultiply: "multiply", OpScreen: "screen", OpOverlay: "overlay", OpDarken: "darken",
	OpLighten: "lighten", OpColorDodge: "color-dodge", OpColorBurn: "color-burn",
	OpHardLight: "hard-light", OpSoftLight: "soft-light", OpDifference: "difference",
	OpExclusion: "exclusion", OpHue: "hue", OpSaturation: "saturation", OpColor: "color",
	OpLuminosity: "luminosity",
}

// String returns the operator's HTML keyword.
func (o Op) String() string {
	if o < numOps {
		return opNames[o]
	}
	return "invalid"
}

// ParseOp returns the operator named by an HTML globalCompositeOperation
// keyword; ok is false for anything else (HTML ignores unknown values).
func ParseOp(name string) (op Op, ok bool) {
	for i, n := range opNames {
		if n == name {
			return Op(i), true
		}
	}
	return 0, false
}

// Unbounded reports whether the operator changes the destination where
// the source is transparent: source-in, source-out, destination-in,
// destination-atop and copy. HTML draws every shape into a transparent
// layer and composites the whole layer, so with these operators a fill
// clears the destination outside the shape, within the clip.
func (o Op) Unbounded() bool {
	switch o {
	case OpSourceIn, OpSourceOut, OpDestinationIn, OpDestinationAtop, OpCopy:
		return true
	}
	return false
}

// blendMode reports whether the operator is a blend mode (composited
// as lerp(d, blend(s, d), coverage), as Skia does for the modes where
// coverage cannot be folded into the source alpha).
func (o Op) blendMode() bool { return o >= OpMultiply }

// rdiv255 is x/255 rounded to nearest, exact for 0 ≤ x < 2^24.
func rdiv255(x uint32) uint32 { return (x + 128 + (x+128)>>8) >> 8 }

// k2 is 255²: the paint alpha times the coverage, both in 0..255, is a
// fraction of k2.
const k2 = 255 * 255

// porterDuff returns op(s·f/255², d) for one premultiplied pixel and a
// Porter-Duff operator, f the source's factor (paint alpha × coverage) in
// units of 1/255². Each channel is Fa·s' + Fb·d with the operator's
// factors, computed exactly in units of 1/255³ and rounded once.
func porterDuff(op Op, s, d [4]uint32, f uint32) [4]uint32 {
	const den = k2 * 255
	F := uint64(f)
	sa := uint64(s[3])
	da := uint64(d[3])
	var r [4]uint32
	if op == OpLighter || op == OpCopy {
		for i := range r {
			v := uint32((uint64(s[i])*F + k2/2) / k2)
			if op == OpLighter {
				v = min(v+d[i], 255)
			}
			r[i] = v
		}
		return r
	}
	// fa in units of 1/255, fb in units of 1/255³.
	var fa, fb uint64
	saF := sa * F // the source alpha × f, units of 1/255³
	switch op {
	case OpSourceOver:
		fa, fb = 255, den-saF
	case OpDestinationOver:
		fa, fb = 255-da, den
	case OpSourceIn:
		fa, fb = da, 0
	case OpDestinationIn:
		fa, fb = 0, saF
	case OpSourceOut:
		fa, fb = 255-da, 0
	case OpDestinationOut:
		fa, fb = 0, den-saF
	case OpSourceAtop:
		fa, fb = da, den-saF
	case OpDestinationAtop:
		fa, fb = 255-da, saF
	case OpXor:
		fa, fb = 255-da, den-saF
	}
	for i := range r {
		r[i] = uint32((uint64(s[i])*F*fa + uint64(d[i])*fb + den/2) / den)
	}
	for i := 0; i < 3; i++ {
		r[i] = min(r[i], r[3])
	}
	return r
}

// pdFull is porterDuff at full coverage and paint alpha (f = 255²),
// where every term shares the factor 255² and the exact quotient needs
// only 32-bit products and one rounded division by 255 — the same result.
func pdFull(op Op, s, d [4]uint32) [4]uint32 {
	sa, da := s[3], d[3]
	var r [4]uint32
	switch op {
	case OpSourceOver:
		for i := range r {
			r[i] = rdiv255(s[i]*255 + d[i]*(255-sa))
		}
	case OpDestinationOver:
		for i := range r {
			r[i] = rdiv255(d[i]*255 + s[i]*(255-da))
		}
	case OpSourceIn:
		for i := range r {
			r[i] = rdiv255(s[i] * da)
		}
	case OpDestinationIn:
		for i := range r {
			r[i] = rdiv255(d[i] * sa)
		}
	case OpSourceOut:
		for i := range r {
			r[i] = rdiv255(s[i] * (255 - da))
		}
	case OpDestinationOut:
		for i := range r {
			r[i] = rdiv255(d[i] * (255 - sa))
		}
	case OpSourceAtop:
		for i := range r {
			r[i] = rdiv255(s[i]*da + d[i]*(255-sa))
		}
	case OpDestinationAtop:
		for i := range r {
			r[i] = rdiv255(d[i]*sa + s[i]*(255-da))
		}
	case OpXor:
		for i := range r {
			r[i] = rdiv255(s[i]*(255-da) + d[i]*(255-sa))
		}
	case OpLighter:
		for i := range r {
			r[i] = min(s[i]+d[i], 255)
		}
	case OpCopy:
		return s
	}
	for i := 0; i < 3; i++ {
		r[i] = min(r[i], r[3])
	}
	return r
}

// intBlend reports whether the blend mode has an exact integer form
// (blendInt): the separable modes without division or root.
func intBlend(op Op) bool {
	switch op {
	case OpMultiply, OpScreen, OpOverlay, OpDarken, OpLighten, OpHardLight, OpDifference, OpExclusion:
		return true
	}
	return false
}

// blendInt is blendF for the separable modes on integer premultiplied
// values: every term in units of 1/255², rounded once.
func blendInt(op Op, s, d [4]uint32) [4]uint32 {
	isa, ida := int32(s[3]), int32(d[3])
	var r [4]uint32
	for i := 0; i < 3; i++ {
		sc, dc := int32(s[i]), int32(d[i])
		var b int32
		switch op {
		case OpMultiply:
			b = sc * dc
		case OpScreen:
			b = sc*ida + dc*isa - sc*dc
		case OpOverlay:
			b = hardLightInt(dc, ida, sc, isa)
		case OpHardLight:
			b = hardLightInt(sc, isa, dc, ida)
		case OpDarken:
			b = min(sc*ida, dc*isa)
		case OpLighten:
			b = max(sc*ida, dc*isa)
		case OpDifference:
			b = sc*ida - dc*isa
			if b < 0 {
				b = -b
			}
		case OpExclusion:
			b = sc*ida + dc*isa - 2*sc*dc
		}
		r[i] = rdiv255(uint32(max(sc*(255-ida)+dc*(255-isa)+b, 0)))
	}
	r[3] = rdiv255(s[3]*255 + d[3]*(255-s[3]))
	for i := 0; i < 3; i++ {
		r[i] = min(r[i], r[3])
	}
	return r
}

// hardLightInt is hardLightF in units of 1/255².
func hardLightInt(s, sa, d, da int32) int32 {
	if 2*s <= sa {
		return 2 * s * d
	}
	return sa*da - 2*(da-d)*(sa-s)
}

// pdSpanFull composites the span s into d with a Porter-Duff operator at
// full coverage and paint alpha, two lanes of a uint64 per pixel (R, B
// and G, A): each channel is (s·fa + d·fb)/255 with 8-bit factors, which
// never exceeds 255·255 for premultiplied pixels, so the sums fit 16-bit
// lanes and the rounded division is pdFull's. It reports false for the
// operators it does not take (lighter, copy).
func pdSpanFull(op Op, d, s []byte) bool {
	// fa = a0 + a1·αd, fb = b0 + b1·αs (uint32 wrap-around makes −1 work).
	const m1 = ^uint32(0)
	var a0, a1, b0, b1 uint32
	switch op {
	case OpSourceOver:
		a0, b0, b1 = 255, 255, m1
	case OpDestinationOver:
		a0, a1, b0 = 255, m1, 255
	case OpSourceIn:
		a1 = 1
	case OpDestinationIn:
		b1 = 1
	case OpSourceOut:
		a0, a1 = 255, m1
	case OpDestinationOut:
		b0, b1 = 255, m1
	case OpSourceAtop:
		a1, b0, b1 = 1, 255, m1
	case OpDestinationAtop:
		a0, a1, b1 = 255, m1, 1
	case OpXor:
		a0, a1, b0, b1 = 255, m1, 255, m1
	default:
		return false
	}
	const lo = 0x00ff00ff
	n := len(d) / 4
	s = s[:4*n]
	for i := 0; i < n; i++ {
		sp := binary.LittleEndian.Uint32(s[4*i:])
		dp := binary.LittleEndian.Uint32(d[4*i:])
		fa := a0 + a1*(dp>>24)
		fb := b0 + b1*(sp>>24)
		rb := (sp&lo)*fa + (dp&lo)*fb
		ga := (sp>>8&lo)*fa + (dp>>8&lo)*fb
		rb = (rb + 0x00800080 + (rb+0x00800080)>>8&lo) >> 8 & lo
		ga = (ga + 0x00800080 + (ga+0x00800080)>>8&lo) >> 8 & lo
		binary.LittleEndian.PutUint32(d[4*i:], rb|ga<<8)
	}
	return true
}

// blendSolid composites the solid colour c over every pixel of d at full
// coverage with multiply or screen, and reports false for other
// operators. Both are, per channel in units of 1/255²,
// s·(255 − αd) + d·(255 − αs) ± s·d (multiply adds s·d; screen is
// s·255 + d·255 − s·d), and the alpha channel fits the same form with
// s = αs, d = αd. The products with the pixel's alphas go two lanes to
// a uint32, as pdSpanFull; s·d comes from a table of c's channels times
// every byte. Rounded once, as blendInt.
func blendSolid(op Op, d []byte, c Color) bool {
	if op != OpMultiply && op != OpScreen {
		return false
	}
	var t [4][256]uint32
	cs := [4]uint32{uint32(c.R), uint32(c.G), uint32(c.B), uint32(c.A)}
	for k := range t {
		for x := range t[k] {
			t[k][x] = cs[k] * uint32(x)
		}
	}
	const lo = 0x00ff00ff
	sp := cs[0] | cs[1]<<8 | cs[2]<<16 | cs[3]<<24
	srb, sga := sp&lo, sp>>8&lo
	sa := cs[3]
	n := len(d) / 4
	for i := 0; i < n; i++ {
		dp := binary.LittleEndian.Uint32(d[4*i:])
		da := dp >> 24
		drb, dga := dp&lo, dp>>8&lo
		pr := t[0][dp&0xff] | t[2][dp>>16&0xff]<<16
		pg := t[1][dp>>8&0xff] | t[3][da]<<16
		var rb, ga uint32
		if op == OpMultiply {
			rb = srb*(255-da) + drb*(255-sa) + pr
			ga = sga*(255-da) + dga*(255-sa) + pg
		} else {
			rb = srb*255 + drb*255 - pr
			ga = sga*255 + dga*255 - pg
		}
		rb = (rb + 0x00800080 + (rb+0x00800080)>>8&lo) >> 8 & lo
		ga = (ga + 0x00800080 + (ga+0x00800080)>>8&lo) >> 8 & lo
		binary.LittleEndian.PutUint32(d[4*i:], rb|ga<<8)
	}
	return true
}

// blendSpanFull composites the span s into d with a separable blend mode
// at full coverage and paint alpha: blendInt's arithmetic, with the
// operator chosen once per span and the pixel's alpha terms shared by its
// three channels.
func blendSpanFull(op Op, d, s []byte) {
	n := len(d) / 4
	s = s[:4*n]
	for i := 0; i < n; i++ {
		q := s[4*i : 4*i+4 : 4*i+4]
		p := d[4*i : 4*i+4 : 4*i+4]
		sa, da := uint32(q[3]), uint32(p[3])
		if sa == 0 {
			continue // every separable mode leaves d as it is
		}
		isa, ida := 255-sa, 255-da
		ra := rdiv255(sa*255 + da*isa)
		switch op {
		case OpMultiply:
			for c := 0; c < 3; c++ {
				sc, dc := uint32(q[c]), uint32(p[c])
				p[c] = uint8(min(rdiv255(sc*ida+dc*isa+sc*dc), ra))
			}
		case OpScreen:
			for c := 0; c < 3; c++ {
				sc, dc := uint32(q[c]), uint32(p[c])
				p[c] = uint8(min(rdiv255(sc*255+dc*255-sc*dc), ra))
			}
		default:
			r := blendInt(op, [4]uint32{uint32(q[0]), uint32(q[1]), uint32(q[2]), sa}, [4]uint32{uint32(p[0]), uint32(p[1]), uint32(p[2]), da})
			p[0], p[1], p[2] = uint8(r[0]), uint8(r[1]), uint8(r[2])
		}
		p[3] = uint8(ra)
	}
}

func round4(v [4]float32) [4]uint32 {
	var r [4]uint32
	for i := range r {
		r[i] = uint32(min(max(v[i], 0), 255) + 0.5)
	}
	for i := 0; i < 3; i++ {
		r[i] = min(r[i], r[3])
	}
	return r
}

// blendF returns the blend of s over d, premultiplied, channels in
// 0..255, in float32 as Skia's float pipeline computes blend modes: the
// result is cs·(1−αb) + cb·(1−αs) + αs·αb·B(Cs, Cb), alpha source-over.
// The separable modes are written on premultiplied values (no division);
// color-dodge, color-burn, soft-light and the non-separable modes
// un-premultiply.
func blendF(op Op, s, d [4]float32) [4]float32 {
	const k = 1.0 / 255
	sa, da := s[3]*k, d[3]*k
	var r [4]float32
	r[3] = s[3] + d[3]*(1-sa)
	switch op {
	case OpMultiply, OpScreen, OpOverlay, OpDarken, OpLighten, OpHardLight, OpDifference, OpExclusion:
		for i := 0; i < 3; i++ {
			sc, dc := s[i]*k, d[i]*k
			var b float32 // αs·αb·B(Cs, Cb)
			switch op {
			case OpMultiply:
				b = sc * dc
			case OpScreen:
				b = sc*da + dc*sa - sc*dc
			case OpOverlay:
				b = hardLightF(dc, da, sc, sa)
			case OpHardLight:
				b = hardLightF(sc, sa, dc, da)
			case OpDarken:
				b = min(sc*da, dc*sa)
			case OpLighten:
				b = max(sc*da, dc*sa)
			case OpDifference:
				b = sc*da - dc*sa
				if b < 0 {
					b = -b
				}
			case OpExclusion:
				b = sc*da + dc*sa - 2*sc*dc
			}
			r[i] = (sc*(1-da) + dc*(1-sa) + b) * 255
		}
		return r
	}
	var cs, cb [3]float32
	for i := 0; i < 3; i++ {
		if s[3] != 0 {
			cs[i] = min(s[i]/s[3], 1)
		}
		if d[3] != 0 {
			cb[i] = min(d[i]/d[3], 1)
		}
	}
	var b [3]float32
	switch op {
	case OpColorDodge:
		for i := range b {
			b[i] = colorDodge(cs[i], cb[i])
		}
	case OpColorBurn:
		for i := range b {
			b[i] = colorBurn(cs[i], cb[i])
		}
	case OpSoftLight:
		for i := range b {
			b[i] = softLight(cs[i], cb[i])
		}
	case OpHue:
		b = setLum(setSat(cs, sat(cb)), lum(cb))
	case OpSaturation:
		b = setLum(setSat(cb, sat(cs)), lum(cb))
	case OpColor:
		b = setLum(cs, lum(cb))
	case OpLuminosity:
		b = setLum(cb, lum(cs))
	}
	for i := 0; i < 3; i++ {
		r[i] = (cs[i]*sa*(1-da) + cb[i]*da*(1-sa) + sa*da*b[i]) * 255
	}
	return r
}

// hardLightF is αs·αb·HardLight(Cs, Cb) from premultiplied values:
// multiply(Cb, 2Cs) when Cs ≤ ½, else screen(Cb, 2Cs − 1).
func hardLightF(s, sa, d, da float32) float32 {
	if 2*s <= sa {
		return 2 * s * d
	}
	return sa*da - 2*(da-d)*(sa-s)
}

func colorDodge(cs, cb float32) float32 {
	switch {
	case cb == 0:
		return 0
	case cs >= 1:
		return 1
	}
	return min(1, cb/(1-cs))
}

func colorBurn(cs, cb float32) float32 {
	switch {
	case cb >= 1:
		return 1
	case cs == 0:
		return 0
	}
	return 1 - min(1, (1-cb)/cs)
}

func softLight(cs, cb float32) float32 {
	if cs <= 0.5 {
		return cb - (1-2*cs)*cb*(1-cb)
	}
	var dd float32
	if cb <= 0.25 {
		dd = ((16*cb-12)*cb + 4) * cb
	} else {
		dd = float32(math.Sqrt(float64(cb)))
	}
	return cb + (2*cs-1)*(dd-cb)
}

func lum(c [3]float32) float32 { return 0.3*c[0] + 0.59*c[1] + 0.11*c[2] }

func setLum(c [3]float32, l float32) [3]float32 {
	d := l - lum(c)
	c = [3]float32{c[0] + d, c[1] + d, c[2] + d}
	// ClipColor
	l = lum(c)
	n := min(c[0], c[1], c[2])
	x := max(c[0], c[1], c[2])
	if n < 0 && l != n {
		for i := range c {
			c[i] = l + (c[i]-l)*l/(l-n)
		}
	}
	if x > 1 && x != l {
		for i := range c {
			c[i] = l + (c[i]-l)*(1-l)/(x-l)
		}
	}
	return c
}

func sat(c [3]float32) float32 { return max(c[0], c[1], c[2]) - min(c[0], c[1], c[2]) }

func setSat(c [3]float32, s float32) [3]float32 {
	n := min(c[0], c[1], c[2])
	x := max(c[0], c[1], c[2])
	var r [3]float32
	if x > n {
		for i := range c {
			r[i] = (c[i] - n) * s / (x - n)
		}
	}
	return r
}

// compositeSpan composites the premultiplied source span s, times the
// paint alpha pa/255, into d with the operator: the source scaled by the
// coverage cov[i] (or the constant ca when cov is nil) for the Porter-Duff
// operators, the result lerped by the coverage for the blend modes. When
// clip is not nil the result is lerped with the destination by it: the
// clip of an unbounded operator, which must not fold into the source.
func compositeSpan(op Op, d, s []byte, pa uint32, cov []uint8, ca uint8, clip []uint8) {
	blend := op.blendMode()
	iblend := intBlend(op)
	if cov == nil && ca == 255 && pa == 255 && clip == nil {
		if iblend {
			blendSpanFull(op, d, s)
			return
		}
		if !blend && pdSpanFull(op, d, s) {
			return
		}
	}
	n := len(d) / 4
	for i := 0; i < n; i++ {
		c := uint32(ca)
		if cov != nil {
			c = uint32(cov[i])
		}
		k := uint32(255)
		if clip != nil {
			k = uint32(clip[i])
			if k == 0 {
				continue
			}
		}
		p := d[4*i : 4*i+4 : 4*i+4]
		dv := [4]uint32{uint32(p[0]), uint32(p[1]), uint32(p[2]), uint32(p[3])}
		q := s[4*i : 4*i+4 : 4*i+4]
		var r [4]uint32
		if blend && pa == 255 && iblend {
			if c == 0 && k == 255 {
				continue
			}
			sv := [4]uint32{uint32(q[0]), uint32(q[1]), uint32(q[2]), uint32(q[3])}
			r = blendInt(op, sv, dv)
			if c != 255 {
				r = lerp4(dv, r, c)
			}
		} else if blend {
			if c == 0 && k == 255 {
				continue
			}
			// In float, rounded once: the paint alpha, the blend, the
			// coverage's lerp.
			f := float32(pa) / 255
			sf := [4]float32{float32(q[0]) * f, float32(q[1]) * f, float32(q[2]) * f, float32(q[3]) * f}
			df := [4]float32{float32(p[0]), float32(p[1]), float32(p[2]), float32(p[3])}
			rf := blendF(op, sf, df)
			if c != 255 {
				t := float32(c) / 255
				for j := range rf {
					rf[j] = df[j] + (rf[j]-df[j])*t
				}
			}
			r = round4(rf)
		} else {
			sv := [4]uint32{uint32(q[0]), uint32(q[1]), uint32(q[2]), uint32(q[3])}
			if f := pa * c; f == k2 {
				r = pdFull(op, sv, dv)
			} else {
				r = porterDuff(op, sv, dv, f)
			}
		}
		if k != 255 {
			r = lerp4(dv, r, k)
		}
		binary.LittleEndian.PutUint32(p, r[0]|r[1]<<8|r[2]<<16|r[3]<<24)
	}
}

// lerp4 returns d + (r − d)·c/255 per channel, rounded.
func lerp4(d, r [4]uint32, c uint32) [4]uint32 {
	var o [4]uint32
	for j := range o {
		o[j] = rdiv255(r[j]*c + d[j]*(255-c))
	}
	return o
}
