package raster

import (
	"image"
	"math"
	"math/rand/v2"
	"testing"
)

// refKernel is the blur's 1-D kernel written out: for σ < 2 a sampled,
// normalized Gaussian; above, the convolution of three boxes (w, w and w,
// or for an even w: w, w and w+1), centred.
func refKernel(sigma float64) []float64 {
	if sigma < 2 {
		r := int(math.Ceil(3 * sigma))
		k := make([]float64, 2*r+1)
		sum := 0.0
		for i := range k {
			x := float64(i - r)
			k[i] = math.Exp(-x * x / (2 * sigma * sigma))
			sum += k[i]
		}
		for i := range k {
			k[i] /= sum
		}
		return k
	}
	w := int(math.Floor(sigma*3*math.Sqrt(2*math.Pi)/4 + 0.5))
	boxes := []int{w, w, w}
	if w%2 == 0 {
		boxes[2] = w + 1
	}
	k := []float64{1}
	for _, b := range boxes {
		n := make([]float64, len(k)+b-1)
		for i, v := range k {
			for j := 0; j < b; j++ {
				n[i+j] += v / float64(b)
			}
		}
		k = n
	}
	return k
}

// refBlur blurs m over out with the reference kernel, horizontally then
// vertically, rounding to 8 bits after each pass as Skia does.
func refBlur(m *Mask, sigma float64, out image.Rectangle) []uint8 {
	k := refKernel(sigma)
	r := len(k) / 2
	w, h := out.Dx(), m.Rect.Dy()
	hp := make([]float64, w*h)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			acc := 0.0
			for i, kv := range k {
				sx := out.Min.X + x + i - r
				if sx >= m.Rect.Min.X && sx < m.Rect.Max.X {
					acc += kv * float64(m.Alpha[y*m.Stride+sx-m.Rect.Min.X])
				}
			}
			hp[y*w+x] = math.Floor(acc + 0.5)
		}
	}
	res := make([]uint8, w*out.Dy())
	for y := 0; y < out.Dy(); y++ {
		for x := 0; x < w; x++ {
			acc := 0.0
			for i, kv := range k {
				sy := out.Min.Y + y + i - r
				if sy >= m.Rect.Min.Y && sy < m.Rect.Max.Y {
					acc += kv * hp[(sy-m.Rect.Min.Y)*w+x]
				}
			}
			res[y*w+x] = uint8(math.Floor(acc + 0.5))
		}
	}
	return res
}

// Blur equals the written-out kernels within one level (the box passes
// divide by a fixed-point reciprocal, Skia's way, and round only at the
// end of the three boxes), for small and large σ, on shapes with long
// runs of equal rows (which the vertical pass copies instead of
// filtering) and on noise, with the output cut by a window.
func TestBlurMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	r := NewRasterizer()
	for _, sigma := range []float64{0.4, 1, 1.9, 2, 2.5, 3.7, 6, 12, 24.5} {
		shapes := map[string]*Mask{
			"rounded card": cloneMask(r.Coverage(roundRectPath(10.3, 7.6, 60, 140, 12), NonZero, image.Rect(-100, -100, 400, 400))),
			"wide card":    cloneMask(r.Coverage(roundRectPath(-20.5, 3, 260, 90, 20), NonZero, image.Rect(-100, -100, 400, 400))),
			"circle":       cloneMask(r.Coverage(circlePath(30, 40, 17.5), NonZero, image.Rect(-100, -100, 400, 400))),
		}
		noise := &Mask{Rect: image.Rect(3, -4, 40, 30), Stride: 37, Alpha: make([]uint8, 37*34)}
		for i := range noise.Alpha {
			noise.Alpha[i] = uint8(rng.IntN(256))
		}
		shapes["noise"] = noise
		// Wider than two column strips of the vertical pass, no flat middle.
		wide := &Mask{Rect: image.Rect(-7, 0, 593, 12), Stride: 600, Alpha: make([]uint8, 600*12)}
		for i := range wide.Alpha {
			wide.Alpha[i] = uint8(rng.IntN(256))
		}
		shapes["wide noise"] = wide
		for name, m := range shapes {
			for _, within := range []image.Rectangle{image.Rect(-1000, -1000, 1000, 1000), image.Rect(5, 20, 50, 90)} {
				got := r.Blur(m, sigma, within)
				reach := BlurReach(sigma)
				wantRect := m.Rect.Inset(-reach).Intersect(within)
				if got.Rect != wantRect {
					t.Fatalf("σ %v %s: rect %v, want %v", sigma, name, got.Rect, wantRect)
				}
				want := refBlur(m, sigma, wantRect)
				worst := 0
				for y := 0; y < wantRect.Dy(); y++ {
					for x := 0; x < wantRect.Dx(); x++ {
						d := int(got.Alpha[y*got.Stride+x]) - int(want[y*wantRect.Dx()+x])
						worst = max(worst, d, -d)
					}
				}
				if worst > 1 {
					t.Errorf("σ %v %s within %v: off by %d levels from the reference", sigma, name, within, worst)
				}
			}
		}
	}
}

// The three boxes approximate the Gaussian the spec asks for: the blurred
// edge of a half-plane stays within 3 % of the true Gaussian's profile.
func TestBlurApproximatesGaussian(t *testing.T) {
	r := NewRasterizer()
	for _, sigma := range []float64{2, 5, 12, 40} {
		m := r.Coverage(rectPath(0, -500, 1000, 1000), NonZero, image.Rect(0, -500, 1000, 500))
		got := r.Blur(m, sigma, image.Rect(-400, 5, 400, 6))
		worst := 0.0
		for x := got.Rect.Min.X; x < got.Rect.Max.X; x++ {
			want := 255 * 0.5 * math.Erfc(-(float64(x)+0.5)/(sigma*math.Sqrt2))
			worst = max(worst, math.Abs(float64(got.At(x, 5))-want))
		}
		if worst > 0.03*255 {
			t.Errorf("σ %v: the blurred edge is %.1f levels from a Gaussian's", sigma, worst)
		}
	}
}

// Limits: σ ≤ 0 or NaN leaves the mask as it is; a huge σ is clamped to
// MaxBlurSigma; an empty mask stays empty.
func TestBlurLimits(t *testing.T) {
	r := NewRasterizer()
	m := r.Coverage(rectPath(0, 0, 4, 4), NonZero, image.Rect(0, 0, 10, 10))
	for _, s := range []float64{0, -3, math.NaN()} {
		if got := r.Blur(m, s, image.Rect(-50, -50, 50, 50)); got != m {
			t.Errorf("σ %v changed the mask", s)
		}
	}
	if BlurReach(1e9) != BlurReach(MaxBlurSigma) || BlurReach(math.Inf(1)) != BlurReach(MaxBlurSigma) {
		t.Errorf("huge σ not clamped: reach %d vs %d", BlurReach(1e9), BlurReach(MaxBlurSigma))
	}
	if got := r.Blur(&Mask{}, 5, image.Rect(0, 0, 10, 10)); !got.Rect.Empty() {
		t.Errorf("empty mask blurred to %v", got.Rect)
	}
}

func roundRectPath(x, y, w, h, rad float64) *Path {
	var p Path
	const k = 0.5522847498
	p.MoveTo(x+rad, y)
	p.LineTo(x+w-rad, y)
	p.CubeTo(x+w-rad+k*rad, y, x+w, y+rad-k*rad, x+w, y+rad)
	p.LineTo(x+w, y+h-rad)
	p.CubeTo(x+w, y+h-rad+k*rad, x+w-rad+k*rad, y+h, x+w-rad, y+h)
	p.LineTo(x+rad, y+h)
	p.CubeTo(x+rad-k*rad, y+h, x, y+h-rad+k*rad, x, y+h-rad)
	p.LineTo(x, y+rad)
	p.CubeTo(x, y+rad-k*rad, x+rad-k*rad, y, x+rad, y)
	p.Close()
	return &p
}

// cloneMask copies a mask out of the Rasterizer's scratch buffers.
func cloneMask(m *Mask) *Mask {
	c := *m
	c.Alpha = append([]uint8(nil), m.Alpha...)
	return &c
}
