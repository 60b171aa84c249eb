package raster

import (
	"math"
	"math/rand/v2"
	"testing"
)

// refStroke is the slow, obviously correct stroke with round joins and
// round caps: a sample is covered when it lies within half the width of
// some segment (the union of capsules), 16×16 samples per pixel.
func refStroke(pts []float64, closed bool, hw float64, w, h int) []float64 {
	n := len(pts) / 2
	var segs [][4]float64
	for i := 0; i+1 < n; i++ {
		segs = append(segs, [4]float64{pts[2*i], pts[2*i+1], pts[2*i+2], pts[2*i+3]})
	}
	if closed {
		segs = append(segs, [4]float64{pts[2*n-2], pts[2*n-1], pts[0], pts[1]})
	}
	out := make([]float64, w*h)
	const k = 16
	for py := 0; py < h; py++ {
		for px := 0; px < w; px++ {
			c := 0
			for sy := 0; sy < k; sy++ {
				for sx := 0; sx < k; sx++ {
					x := float64(px) + (float64(sx)+0.5)/k
					y := float64(py) + (float64(sy)+0.5)/k
					for _, s := range segs {
						if segDist(x, y, s[0], s[1], s[2], s[3]) <= hw {
							c++
							break
						}
					}
				}
			}
			out[py*w+px] = float64(c) / (k * k)
		}
	}
	return out
}

func strokeCoverage(p *Path, s *Stroke, w, h int) []float64 {
	outline, _ := StrokePath(p, s, Identity, 0.01)
	return fastCoverage(outline, NonZero, w, h)
}

// The stroker against the capsule reference on random polylines, open and
// closed, thin and thick, with sharp turns and reversals.
func TestStrokeMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	const w, h = 48, 40
	for i := 0; i < 40; i++ {
		n := 2 + rng.IntN(6)
		pts := make([]float64, 0, 2*n)
		var p Path
		for j := 0; j < n; j++ {
			x, y := 4+rng.Float64()*40, 4+rng.Float64()*32
			pts = append(pts, x, y)
			if j == 0 {
				p.MoveTo(x, y)
			} else {
				p.LineTo(x, y)
			}
		}
		closed := i%3 == 0
		if closed {
			p.Close()
		}
		hw := 0.5 + rng.Float64()*5 // at least 1 px wide: thinner pens are hairlines
		got := strokeCoverage(&p, &Stroke{Width: 2 * hw, Cap: RoundCap, Join: RoundJoin, MiterLimit: 10}, w, h)
		want := refStroke(pts, closed, hw, w, h)
		s := compareCoverage(got, want)
		// Where the stroke overlaps itself inside one edge pixel — the
		// inner side of a sharp turn between short segments, where the
		// offsets go through the vertex — exact-area accumulation counts
		// the overlap twice: a few pixels are up to half a level too
		// dark. The mean stays tiny.
		if s.mean > 0.005 || s.max > 0.5 {
			t.Errorf("polyline %d (n=%d closed=%v hw=%.2f): mean %.4f max %.3f", i, n, closed, hw, s.mean, s.max)
		}
	}
}

// Caps: a horizontal segment from x=10 to x=30 at y=20, width 8.
func TestStrokeCaps(t *testing.T) {
	const w, h = 40, 40
	for _, tc := range []struct {
		cap    Cap
		x0, x1 float64 // covered x range on the centre row
	}{
		{ButtCap, 10, 30}, {SquareCap, 6, 34}, {RoundCap, 6, 34},
	} {
		var p Path
		p.MoveTo(10, 20.5)
		p.LineTo(30, 20.5)
		cov := strokeCoverage(&p, &Stroke{Width: 8, Cap: tc.cap, MiterLimit: 10}, w, h)
		for x := 0; x < w; x++ {
			c := cov[20*w+x]
			inside := float64(x) >= tc.x0 && float64(x)+1 <= tc.x1
			outside := float64(x)+1 <= tc.x0 || float64(x) >= tc.x1
			// The round cap's outermost column is not quite full: the circle
			// of radius 4 around (10, 20.5) reaches x = 6.03 on this row.
			full := 0.99
			if tc.cap == RoundCap {
				full = 0.97
			}
			if inside && c < full || outside && c > 0.01 {
				t.Errorf("cap %d: pixel %d coverage %.3f", tc.cap, x, c)
			}
		}
		// Square and butt caps have square corners; round ones do not.
		corner := cov[17*w+7]
		if tc.cap == SquareCap && corner < 0.99 || tc.cap == RoundCap && corner > 0.9 {
			t.Errorf("cap %d: corner pixel %.3f", tc.cap, corner)
		}
	}
}

// Miter limit: HTML's rule, miter length / half width = 1/sin(θ/2) for
// the angle θ between the segments; past the limit the join is a bevel.
func TestMiterLimit(t *testing.T) {
	// A 60° corner: 1/sin(30°) = 2.
	tip := func(limit float64) float64 {
		var p Path
		p.MoveTo(10, 30)
		p.LineTo(30, 30)
		p.LineTo(30-20*math.Cos(math.Pi/3), 30-20*math.Sin(math.Pi/3))
		out, _ := StrokePath(&p, &Stroke{Width: 4, Join: MiterJoin, MiterLimit: limit}, Identity, 0.01)
		_, _, x1, _, _ := out.Bounds()
		return x1
	}
	if got := tip(2.01); math.Abs(got-(30+2*math.Sqrt(3))) > 1e-6 {
		t.Errorf("limit 2.01: miter tip at x=%v, want %v", got, 30+2*math.Sqrt(3))
	}
	if got := tip(1.99); got > 30+2+1e-6 {
		t.Errorf("limit 1.99: bevel expected, outline reaches x=%v", got)
	}
}

// A path that is one point strokes nothing, whatever the cap; in a path
// with other points, a zero-length line gets its caps (Chromium; golden
// x206): a dot for round, a square for square, nothing for butt.
func TestZeroLengthStrokes(t *testing.T) {
	for _, c := range []Cap{ButtCap, RoundCap, SquareCap} {
		var p Path
		p.MoveTo(10, 10)
		p.LineTo(10, 10)
		p.MoveTo(10, 10)
		p.Close()
		if out, _ := StrokePath(&p, &Stroke{Width: 6, Cap: c, MiterLimit: 10}, Identity, 0.01); !out.Empty() {
			t.Errorf("cap %d: a one-point path was stroked", c)
		}
		var q Path
		q.MoveTo(10, 10)
		q.LineTo(10, 10)
		q.MoveTo(30, 10)
		q.LineTo(40, 10)
		cov := strokeCoverage(&q, &Stroke{Width: 6, Cap: c, MiterLimit: 10}, 50, 20)
		centre, corner := cov[10*50+10], cov[7*50+7] // pixels at (10, 10) and (7, 7)
		switch c {
		case ButtCap:
			if centre != 0 {
				t.Errorf("butt: zero-length line drew %v", centre)
			}
		case RoundCap:
			if centre < 0.99 || corner > 0.99 {
				t.Errorf("round: dot centre %v corner %v", centre, corner)
			}
		case SquareCap:
			if centre < 0.99 || corner < 0.99 {
				t.Errorf("square: centre %v corner %v", centre, corner)
			}
		}
	}
}

// Dashes: lengths along the path, phase from the offset, a restart per
// subpath, and a cap on their number.
func TestDashes(t *testing.T) {
	var p Path
	p.MoveTo(0, 10)
	p.LineTo(100, 10)
	lines := flattenPolylines(&p, 0.01)
	d, ok := dashPolylines(lines, []float64{10, 5}, 2)
	if !ok || len(d) != 7 {
		t.Fatalf("dashes: ok=%v n=%d, want 7", ok, len(d))
	}
	// First dash: the remaining 8 of the first 10 (offset 2).
	if l := polylineLength(d[0]); math.Abs(l-8) > 1e-9 {
		t.Errorf("first dash %v long, want 8", l)
	}
	if x := d[1].pts[0]; math.Abs(x-13) > 1e-9 {
		t.Errorf("second dash starts at %v, want 13", x)
	}
	// Negative offsets wrap.
	// Negative offsets wrap: phase 12 is 3 into the gap, so the first
	// dash starts at x = 3.
	d, _ = dashPolylines(lines, []float64{10, 5}, -3)
	if x := d[0].pts[0]; math.Abs(x-3) > 1e-9 {
		t.Errorf("offset -3: first dash at %v, want 3", x)
	}
	// Tiny dashes on a long path give up dashing instead of taking ages.
	if _, ok := dashPolylines(lines, []float64{1e-6, 1e-6}, 0); ok {
		t.Error("2.5e7 dashes accepted")
	}
}
