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

// separableBlend reports whether the operator is a blend mode (composited
// as lerp(d, blend(s, d), coverage), as Skia does for the modes where
// coverage cannot be folded into the source alpha).
func (o Op) blendMode() bool { return o >= OpMultiply }

// rdiv255 is x/255 rounded to nearest, exact for 0 ≤ x < 2^24.
func rdiv255(x uint32) uint32 { return (x + 128 + (x+128)>>8) >> 8 }

// composite1 returns op(s, d) for one premultiplied pixel, s already
// scaled by its coverage for the Porter-Duff operators. Every channel is
// computed in units of 1/255² and rounded once, so the result is within
// one half of a unit of the exact formula.
func composite1(op Op, s, d [4]uint32) [4]uint32 {
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
		r = s
	case OpColorDodge, OpColorBurn, OpSoftLight, OpHue, OpSaturation, OpColor, OpLuminosity:
		r = blendFloat(op, s, d)
	default:
		// Separable blend modes in premultiplied integer form: the
		// spec's αs·αb·B(Cs, Cb), times 255², is b below.
		for i := 0; i < 3; i++ {
			sc, dc := int32(s[i]), int32(d[i])
			isa, ida := int32(sa), int32(da)
			var b int32
			switch op {
			case OpMultiply:
				b = sc * dc
			case OpScreen:
				b = sc*ida + dc*isa - sc*dc
			case OpOverlay:
				b = hardLight(dc, ida, sc, isa)
			case OpHardLight:
				b = hardLight(sc, isa, dc, ida)
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
			v := sc*(255-ida) + dc*(255-isa) + b
			r[i] = rdiv255(uint32(max(v, 0)))
		}
		r[3] = rdiv255(sa*255 + da*(255-sa))
	}
	for i := 0; i < 3; i++ {
		r[i] = min(r[i], r[3])
	}
	return r
}

// hardLight is αs·αb·HardLight(Cs, Cb)·255² from premultiplied values:
// multiply(Cb, 2Cs) when Cs ≤ ½, else screen(Cb, 2Cs − 1).
func hardLight(s, sa, d, da int32) int32 {
	if 2*s <= sa {
		return 2 * s * d
	}
	return sa*da - 2*(da-d)*(sa-s)
}

// blendFloat computes the blend modes whose formulas divide or take roots
// (color-dodge, color-burn, soft-light and the non-separable modes) in
// float32 from non-premultiplied colours, as Skia's float pipeline does.
func blendFloat(op Op, s, d [4]uint32) [4]uint32 {
	const k = 1.0 / 255
	as, ab := float32(s[3])*k, float32(d[3])*k
	var cs, cb [3]float32
	for i := 0; i < 3; i++ {
		if s[3] != 0 {
			cs[i] = min(float32(s[i])/float32(s[3]), 1)
		}
		if d[3] != 0 {
			cb[i] = min(float32(d[i])/float32(d[3]), 1)
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
	var r [4]uint32
	for i := 0; i < 3; i++ {
		v := cs[i]*as*(1-ab) + cb[i]*ab*(1-as) + as*ab*b[i]
		r[i] = uint32(min(max(v, 0), 1)*255 + 0.5)
	}
	r[3] = rdiv255(s[3]*255 + d[3]*(255-s[3]))
	return r
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

// compositeSpan composites the premultiplied source span s into d with
// the operator: the source scaled by the coverage cov[i] (or the constant
// ca when cov is nil) for the Porter-Duff operators, the result lerped by
// the coverage for the blend modes. When clip is not nil the result is
// lerped with the destination by it: the clip of an unbounded operator,
// which must not fold into the source.
func compositeSpan(op Op, d, s []byte, cov []uint8, ca uint8, clip []uint8) {
	blend := op.blendMode()
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
		sv := [4]uint32{uint32(q[0]), uint32(q[1]), uint32(q[2]), uint32(q[3])}
		var r [4]uint32
		if blend {
			if c == 0 {
				continue
			}
			r = composite1(op, sv, dv)
			if c != 255 {
				r = lerp4(dv, r, c)
			}
		} else {
			if c != 255 {
				for j := range sv {
					sv[j] = rdiv255(sv[j] * c)
				}
			}
			r = composite1(op, sv, dv)
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
