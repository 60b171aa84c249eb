package raster

import (
	"encoding/binary"
	"image"
	"math"
	"math/rand/v2"
	"testing"
)

// refComposite is the W3C Compositing and Blending formulas in float64,
// written from the spec, for one premultiplied pixel: the source s with
// coverage c (0..1), over the backdrop d. Porter-Duff operators take the
// source scaled by the coverage (HTML's layer holds s·c); blend modes are
// source-over with B mixed in, lerped with the backdrop by the coverage
// (Skia's rule for modes that cannot fold coverage into alpha).
func refComposite(op Op, s, d [4]float64, c float64) [4]float64 {
	as, ab := s[3], d[3]
	var o [4]float64
	if !op.blendMode() {
		for i := range s {
			s[i] *= c
		}
		as = s[3]
		var fa, fb float64
		switch op {
		case OpSourceOver:
			fa, fb = 1, 1-as
		case OpDestinationOver:
			fa, fb = 1-ab, 1
		case OpSourceIn:
			fa, fb = ab, 0
		case OpDestinationIn:
			fa, fb = 0, as
		case OpSourceOut:
			fa, fb = 1-ab, 0
		case OpDestinationOut:
			fa, fb = 0, 1-as
		case OpSourceAtop:
			fa, fb = ab, 1-as
		case OpDestinationAtop:
			fa, fb = 1-ab, as
		case OpXor:
			fa, fb = 1-ab, 1-as
		case OpCopy:
			fa, fb = 1, 0
		case OpLighter:
			fa, fb = 1, 1
		}
		for i := range o {
			o[i] = min(s[i]*fa+d[i]*fb, 1)
		}
		return o
	}
	var cs, cb [3]float64
	for i := 0; i < 3; i++ {
		if as > 0 {
			cs[i] = s[i] / as
		}
		if ab > 0 {
			cb[i] = d[i] / ab
		}
	}
	b := refBlend(op, cs, cb)
	for i := 0; i < 3; i++ {
		o[i] = s[i]*(1-ab) + d[i]*(1-as) + as*ab*b[i]
	}
	o[3] = as + ab*(1-as)
	for i := range o {
		o[i] = d[i] + (o[i]-d[i])*c
	}
	return o
}

func refBlend(op Op, cs, cb [3]float64) [3]float64 {
	var b [3]float64
	sep := func(f func(s, d float64) float64) {
		for i := range b {
			b[i] = f(cs[i], cb[i])
		}
	}
	multiply := func(s, d float64) float64 { return s * d }
	screen := func(s, d float64) float64 { return s + d - s*d }
	hard := func(s, d float64) float64 {
		if s <= 0.5 {
			return multiply(d, 2*s)
		}
		return screen(d, 2*s-1)
	}
	switch op {
	case OpMultiply:
		sep(multiply)
	case OpScreen:
		sep(screen)
	case OpOverlay:
		sep(func(s, d float64) float64 { return hard(d, s) })
	case OpDarken:
		sep(math.Min)
	case OpLighten:
		sep(math.Max)
	case OpColorDodge:
		sep(func(s, d float64) float64 {
			if d == 0 {
				return 0
			}
			if s >= 1 {
				return 1
			}
			return math.Min(1, d/(1-s))
		})
	case OpColorBurn:
		sep(func(s, d float64) float64 {
			if d >= 1 {
				return 1
			}
			if s == 0 {
				return 0
			}
			return 1 - math.Min(1, (1-d)/s)
		})
	case OpHardLight:
		sep(hard)
	case OpSoftLight:
		sep(func(s, d float64) float64 {
			if s <= 0.5 {
				return d - (1-2*s)*d*(1-d)
			}
			dd := math.Sqrt(d)
			if d <= 0.25 {
				dd = ((16*d-12)*d + 4) * d
			}
			return d + (2*s-1)*(dd-d)
		})
	case OpDifference:
		sep(func(s, d float64) float64 { return math.Abs(s - d) })
	case OpExclusion:
		sep(func(s, d float64) float64 { return s + d - 2*s*d })
	case OpHue:
		b = refSetLum(refSetSat(cs, refSat(cb)), refLum(cb))
	case OpSaturation:
		b = refSetLum(refSetSat(cb, refSat(cs)), refLum(cb))
	case OpColor:
		b = refSetLum(cs, refLum(cb))
	case OpLuminosity:
		b = refSetLum(cb, refLum(cs))
	}
	return b
}

func refLum(c [3]float64) float64 { return 0.3*c[0] + 0.59*c[1] + 0.11*c[2] }

func refSetLum(c [3]float64, l float64) [3]float64 {
	d := l - refLum(c)
	for i := range c {
		c[i] += d
	}
	l = refLum(c)
	n, x := min(c[0], c[1], c[2]), max(c[0], c[1], c[2])
	if n < 0 {
		for i := range c {
			c[i] = l + (c[i]-l)*l/(l-n)
		}
	}
	if x > 1 {
		for i := range c {
			c[i] = l + (c[i]-l)*(1-l)/(x-l)
		}
	}
	return c
}

func refSat(c [3]float64) float64 { return max(c[0], c[1], c[2]) - min(c[0], c[1], c[2]) }

func refSetSat(c [3]float64, s float64) [3]float64 {
	n, x := min(c[0], c[1], c[2]), max(c[0], c[1], c[2])
	var r [3]float64
	if x > n {
		for i := range c {
			r[i] = (c[i] - n) * s / (x - n)
		}
	}
	return r
}

func toF(p [4]uint8) [4]float64 {
	return [4]float64{float64(p[0]) / 255, float64(p[1]) / 255, float64(p[2]) / 255, float64(p[3]) / 255}
}

// spanShader paints a fixed span of colours.
type spanShader struct{ px []byte }

func (s spanShader) ShadeSpan(x, y int, dst []byte) { copy(dst, s.px[4*x:]) }
func (s spanShader) Opaque() bool                   { return false }

// Every operator, through the blitter (solid colours and a shader, runs
// and per-pixel masks, with paint alpha), is within 1/255 of the spec's
// float formulas on random premultiplied pixels and coverage: within one
// unit (the generic compositor rounds each channel once from exact
// integer products, plus once for the coverage), and within two units for
// source-over and destination-out with a solid colour, whose fast paths
// chain up to three of Skia's (x+255)>>8 divisions (paint alpha, coverage,
// blend), each biased up by up to one unit — the arithmetic Chromium's
// 8-bit pipeline uses, which the goldens pin. A wrong formula is off by
// tens of units.
func TestOperatorsMatchFloatReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	const n = 64
	for op := Op(0); op < numOps; op++ {
		worst := 0.0
		tol := 1.5 // a rounded result is within ½ of exact, ±1 with the coverage's rounding
		if op == OpSourceOver || op == OpDestinationOut {
			tol = 2.5
		}
		for trial := 0; trial < 300; trial++ {
			dst, _ := NewPixmap(n, 1)
			for i := 0; i < n; i++ {
				p := randPremul(rng)
				copy(dst.Pix[4*i:], p[:])
			}
			before := append([]byte(nil), dst.Pix...)
			cov := make([]uint8, n)
			for i := range cov {
				cov[i] = uint8(rng.IntN(256))
				if rng.IntN(4) == 0 {
					cov[i] = 255
				}
			}
			var paint Paint
			src := make([]byte, 4*n)
			shaded := trial%2 == 1
			if shaded {
				for i := 0; i < n; i++ {
					p := randPremul(rng)
					copy(src[4*i:], p[:])
				}
				paint.Shader = spanShader{src}
			} else {
				c := randPremul(rng)
				paint.Color = Color{c[0], c[1], c[2], c[3]}
			}
			paint.Alpha = 1
			if trial%3 == 0 {
				paint.Alpha = float64(rng.IntN(256)) / 255
			}
			paint.Op = op
			var b blitter
			b.reset(dst, &paint, nil)
			constRun := trial%5 == 0
			if trial%10 == 0 {
				cov[0] = 255 // a full run: the operators' full-coverage loops
			}
			if constRun {
				b.runNoClip(0, 0, n, cov[0])
			} else {
				b.maskNoClip(0, 0, cov)
			}
			ga := math.Round(paint.Alpha*255) / 255
			for i := 0; i < n; i++ {
				var s [4]float64
				if shaded {
					s = toF([4]uint8(src[4*i : 4*i+4]))
				} else {
					s = toF([4]uint8{paint.Color.R, paint.Color.G, paint.Color.B, paint.Color.A})
				}
				for j := range s {
					s[j] *= ga
				}
				c := float64(cov[i]) / 255
				if constRun {
					c = float64(cov[0]) / 255
				}
				want := refComposite(op, s, toF([4]uint8(before[4*i:4*i+4])), c)
				got := dst.Pix[4*i : 4*i+4]
				for j := range want {
					d := math.Abs(float64(got[j]) - want[j]*255)
					worst = max(worst, d)
					if d > tol {
						t.Fatalf("%v: pixel %v cov %v src %v (alpha %v) over %v = %v, want %.2f",
							op, i, c*255, s, paint.Alpha, before[4*i:4*i+4], got, scale255(want))
					}
				}
			}
		}
		t.Logf("%-17v worst difference from the float formula: %.2f/255", op, worst)
	}
}

func scale255(v [4]float64) [4]float64 {
	for i := range v {
		v[i] *= 255
	}
	return v
}

// Unbounded operators clear the destination outside the shape within the
// clip, and leave it alone outside the clip.
func TestUnboundedOperatorsClearWithinClip(t *testing.T) {
	for _, op := range []Op{OpSourceIn, OpSourceOut, OpDestinationIn, OpDestinationAtop, OpCopy} {
		dst, _ := NewPixmap(40, 20)
		for i := range dst.Pix {
			dst.Pix[i] = 200
		}
		r := NewRasterizer()
		clip := r.Clip(40, 20, rectPath(0, 0, 30, 20), NonZero, nil)
		r.Fill(dst, rectPath(5, 5, 10, 10), NonZero, &Paint{Color: Color{0, 0, 128, 128}, Alpha: 1, Op: op}, clip)
		in := dst.Pix[4*(7*40+7):][:4]
		out := dst.Pix[4*(2*40+20):][:4]
		outside := dst.Pix[4*(2*40+35):][:4]
		if [4]byte(out) != [4]byte{} {
			t.Errorf("%v: outside the shape, inside the clip: %v, want transparent", op, out)
		}
		if [4]byte(outside) != [4]byte{200, 200, 200, 200} {
			t.Errorf("%v: outside the clip: %v, want untouched", op, outside)
		}
		want := composite1(op, [4]uint32{0, 0, 128, 128}, [4]uint32{200, 200, 200, 200})
		if got := [4]uint32{uint32(in[0]), uint32(in[1]), uint32(in[2]), uint32(in[3])}; got != want {
			t.Errorf("%v: inside the shape: %v, want %v", op, got, want)
		}
		// A glyph-style mask takes the same path.
		m := &Mask{Rect: image.Rect(0, 0, 2, 2), Stride: 2, Alpha: []uint8{255, 255, 255, 255}}
		for i := range dst.Pix {
			dst.Pix[i] = 200
		}
		r.FillMask(dst, m, 10, 10, &Paint{Color: Color{0, 0, 128, 128}, Alpha: 1, Op: op}, clip)
		if got := binary.LittleEndian.Uint32(dst.Pix[4*(2*40+20):]); got != 0 {
			t.Errorf("%v: FillMask left %#x outside the mask", op, got)
		}
	}
}

func TestParseOp(t *testing.T) {
	for op := Op(0); op < numOps; op++ {
		if got, ok := ParseOp(op.String()); !ok || got != op {
			t.Errorf("ParseOp(%q) = %v, %v", op.String(), got, ok)
		}
	}
	for _, bad := range []string{"", "Source-Over", "darker", "plus-lighter", "source-over "} {
		if _, ok := ParseOp(bad); ok {
			t.Errorf("ParseOp(%q) accepted", bad)
		}
	}
}

// composite1 returns op(s, d) for one premultiplied pixel at full
// coverage, through the generic compositor's per-pixel functions.
func composite1(op Op, s, d [4]uint32) [4]uint32 {
	if !op.blendMode() {
		return porterDuff(op, s, d, k2)
	}
	var sf, df [4]float32
	for i := range sf {
		sf[i], df[i] = float32(s[i]), float32(d[i])
	}
	return round4(blendF(op, sf, df))
}
