package raster

import (
	"math"
	"math/rand/v2"
	"testing"
)

// refCoverage is the slow, obviously correct rasterizer the fast one is
// checked against: 16×16 point samples per pixel, each tested for its
// winding number against the flattened path (flattened 100 times finer
// than the rasterizer does, so the polygon is the curve for this test).
func refCoverage(p *Path, rule FillRule, w, h int) []float64 {
	var segs []float64
	flattenPath(p, cullRect{-1e300, -1e300, 1e300, 1e300}, sinkFunc(func(x0, y0, x1, y1 float64) {
		segs = append(segs, x0, y0, x1, y1)
	}))
	out := make([]float64, w*h)
	const n = 16
	for py := 0; py < h; py++ {
		for sy := 0; sy < n; sy++ {
			y := float64(py) + (float64(sy)+0.5)/n
			// Crossings of this sample row, with their winding direction.
			type xing struct {
				x float64
				d int
			}
			var xs []xing
			for i := 0; i < len(segs); i += 4 {
				x0, y0, x1, y1 := segs[i], segs[i+1], segs[i+2], segs[i+3]
				d := 1
				if y0 > y1 {
					x0, y0, x1, y1 = x1, y1, x0, y0
					d = -1
				}
				if y < y0 || y >= y1 {
					continue
				}
				xs = append(xs, xing{x0 + (y-y0)*(x1-x0)/(y1-y0), d})
			}
			for px := 0; px < w; px++ {
				for sx := 0; sx < n; sx++ {
					x := float64(px) + (float64(sx)+0.5)/n
					wn := 0
					for _, c := range xs {
						if c.x < x {
							wn += c.d
						}
					}
					if (rule == NonZero && wn != 0) || (rule == EvenOdd && wn%2 != 0) {
						out[py*w+px] += 1.0 / (n * n)
					}
				}
			}
		}
	}
	return out
}

type sinkFunc func(x0, y0, x1, y1 float64)

func (f sinkFunc) line(x0, y0, x1, y1 float64) { f(x0, y0, x1, y1) }

// fastCoverage fills p in opaque white onto a transparent pixmap and
// returns the alpha channel.
func fastCoverage(p *Path, rule FillRule, w, h int) []float64 {
	dst, _ := NewPixmap(w, h)
	NewRasterizer().Fill(dst, p, rule, &Paint{Color: Color{255, 255, 255, 255}, Alpha: 1}, nil)
	out := make([]float64, w*h)
	for i := range out {
		out[i] = float64(dst.Pix[4*i+3]) / 255
	}
	return out
}

type covStats struct {
	max, mean float64
	n         int
}

func compareCoverage(a, b []float64) covStats {
	var s covStats
	for i := range a {
		d := math.Abs(a[i] - b[i])
		s.max = max(s.max, d)
		s.mean += d
	}
	s.mean /= float64(len(a))
	s.n = len(a)
	return s
}

func randomPolygon(rng *rand.Rand, n int, w, h, margin float64) *Path {
	var p Path
	for i := 0; i < n; i++ {
		x := -margin + rng.Float64()*(w+2*margin)
		y := -margin + rng.Float64()*(h+2*margin)
		if i == 0 {
			p.MoveTo(x, y)
		} else {
			p.LineTo(x, y)
		}
	}
	p.Close()
	return &p
}

// The tolerance against 16×16 supersampling: an edge parallel to the sample
// grid can be off by up to 1/16 between sample rows, so single pixels may
// differ by ~0.07; the mean difference stays far lower. Self-intersecting
// polygons also differ where windings of both signs meet inside one pixel
// (exact-area accumulation integrates the winding before clamping).
func TestRandomPolygonsMatchReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const w, h = 40, 30
	for i := 0; i < 60; i++ {
		rule := NonZero
		if i%2 == 1 {
			rule = EvenOdd
		}
		p := randomPolygon(rng, 3+i%6, w, h, 10)
		got := fastCoverage(p, rule, w, h)
		want := refCoverage(p, rule, w, h)
		s := compareCoverage(got, want)
		if s.mean > 0.01 {
			t.Errorf("polygon %d rule %d: mean coverage error %.4f > 0.01 (max %.3f)", i, rule, s.mean, s.max)
		}
	}
}

// Simple (non-self-intersecting) shapes must match closely everywhere.
func TestConvexShapesMatchReference(t *testing.T) {
	const w, h = 48, 40
	for i, p := range []*Path{
		rectPath(3.25, 4.5, 30.7, 20.1),
		circlePath(24, 20, 15.3),
		circlePath(10.5, 10.5, 2.2),
		trianglePath(2, 38, 46, 35.5, 20.2, 1.3),
	} {
		got := fastCoverage(p, NonZero, w, h)
		want := refCoverage(p, NonZero, w, h)
		s := compareCoverage(got, want)
		if s.max > 0.07 || s.mean > 0.003 {
			t.Errorf("shape %d: max %.4f mean %.5f", i, s.max, s.mean)
		}
	}
}

func rectPath(x, y, w, h float64) *Path {
	var p Path
	p.MoveTo(x, y)
	p.LineTo(x+w, y)
	p.LineTo(x+w, y+h)
	p.LineTo(x, y+h)
	p.Close()
	return &p
}

func trianglePath(ax, ay, bx, by, cx, cy float64) *Path {
	var p Path
	p.MoveTo(ax, ay)
	p.LineTo(bx, by)
	p.LineTo(cx, cy)
	p.Close()
	return &p
}

// circlePath approximates a circle with 4 cubics (the classic k = 0.5523).
func circlePath(cx, cy, r float64) *Path {
	const k = 0.5522847498307936
	var p Path
	p.MoveTo(cx+r, cy)
	p.CubeTo(cx+r, cy+k*r, cx+k*r, cy+r, cx, cy+r)
	p.CubeTo(cx-k*r, cy+r, cx-r, cy+k*r, cx-r, cy)
	p.CubeTo(cx-r, cy-k*r, cx-k*r, cy-r, cx, cy-r)
	p.CubeTo(cx+k*r, cy-r, cx+r, cy-k*r, cx+r, cy)
	p.Close()
	return &p
}

// Geometry far outside the canvas folds onto its edges exactly: a huge
// triangle whose only visible part is a half-plane, and the same with
// vertices at ±1e9.
func TestFarOffCanvas(t *testing.T) {
	const w, h = 30, 20
	for _, far := range []float64{1e3, 1e6, 1e9} {
		// A triangle covering the whole canvas.
		p := trianglePath(-far, -far, 3*far, -far, -far, 3*far)
		got := fastCoverage(p, NonZero, w, h)
		for i, v := range got {
			if v != 1 {
				t.Fatalf("far=%g: pixel %d coverage %v, want 1", far, i, v)
			}
		}
		// A sliver crossing the canvas diagonally, vertices far away.
		q := trianglePath(-far, -far, far, far+0.0, far, far-far/1e3)
		got = fastCoverage(q, NonZero, w, h)
		want := refCoverage(q, NonZero, w, h)
		if s := compareCoverage(got, want); s.mean > 0.01 {
			t.Errorf("far=%g sliver: mean %.4f max %.4f", far, s.mean, s.max)
		}
	}
}

// A shape cut by the right edge keeps its coverage up to that edge.
func TestRightEdgeClip(t *testing.T) {
	const w, h = 20, 4
	got := fastCoverage(rectPath(5, 0, 1000, 4), NonZero, w, h)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			want := 0.0
			if x >= 5 {
				want = 1
			}
			if got[y*w+x] != want {
				t.Fatalf("(%d,%d) = %v, want %v", x, y, got[y*w+x], want)
			}
		}
	}
}

// TestFlattenDeviation measures how far flattened random quads and cubics
// stray from the true curve: every polyline vertex is on the curve, so the
// distance is the largest gap between a chord and the curve between its
// end points, sampled finely.
func TestFlattenDeviation(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	worst := 0.0
	for i := 0; i < 400; i++ {
		s := math.Pow(10, rng.Float64()*3) // curves 1 px to 1000 px long
		pt := func() (float64, float64) { return rng.Float64() * s, rng.Float64() * s }
		x0, y0 := pt()
		x1, y1 := pt()
		x2, y2 := pt()
		x3, y3 := pt()
		var p Path
		p.MoveTo(x0, y0)
		var eval func(u float64) (float64, float64)
		if i%2 == 0 {
			p.QuadTo(x1, y1, x2, y2)
			eval = func(u float64) (float64, float64) {
				v := 1 - u
				return v*v*x0 + 2*v*u*x1 + u*u*x2, v*v*y0 + 2*v*u*y1 + u*u*y2
			}
		} else {
			p.CubeTo(x1, y1, x2, y2, x3, y3)
			eval = func(u float64) (float64, float64) {
				v := 1 - u
				return v*v*v*x0 + 3*v*v*u*x1 + 3*v*u*u*x2 + u*u*u*x3, v*v*v*y0 + 3*v*v*u*y1 + 3*v*u*u*y2 + u*u*u*y3
			}
		}
		var pts []float64
		flattenPath(&p, cullRect{-1e300, -1e300, 1e300, 1e300}, sinkFunc(func(ax, ay, bx, by float64) {
			if len(pts) == 0 {
				pts = append(pts, ax, ay)
			}
			pts = append(pts, bx, by)
		}))
		// Distance from each of 400 curve samples to the polyline.
		for j := 0; j <= 400; j++ {
			cx, cy := eval(float64(j) / 400)
			best := math.Inf(1)
			for k := 0; k+3 < len(pts); k += 2 {
				best = min(best, segDist(cx, cy, pts[k], pts[k+1], pts[k+2], pts[k+3]))
			}
			worst = max(worst, best)
		}
	}
	t.Logf("largest deviation: %.4f px", worst)
	if worst > FlattenTolerance {
		t.Errorf("flattening strays %.4f px from the curve, more than FlattenTolerance = %v", worst, FlattenTolerance)
	}
}

func segDist(px, py, ax, ay, bx, by float64) float64 {
	dx, dy := bx-ax, by-ay
	l2 := dx*dx + dy*dy
	u := 0.0
	if l2 > 0 {
		u = min(max(((px-ax)*dx+(py-ay)*dy)/l2, 0), 1)
	}
	return math.Hypot(px-ax-u*dx, py-ay-u*dy)
}

// Shapes taller than a band keep their geometry across band edges: a
// slanted parallelogram 4 px wide has, on every row, 4 px of coverage
// centred where its centre line crosses the row's middle.
func TestBandsKeepGeometry(t *testing.T) {
	const w, h = 200, 3000 // bands of 65536/202 = 324 rows: 10 bands
	var p Path
	slope := 0.05
	p.MoveTo(10, 0)
	p.LineTo(14, 0)
	p.LineTo(14+slope*h, h)
	p.LineTo(10+slope*h, h)
	p.Close()
	cov := fastCoverage(&p, NonZero, w, h)
	for y := 0; y < h; y++ {
		sum, mom := 0.0, 0.0
		for x := 0; x < w; x++ {
			c := cov[y*w+x]
			sum += c
			mom += c * (float64(x) + 0.5)
		}
		want := 12 + slope*(float64(y)+0.5)
		if math.Abs(sum-4) > 0.02 || math.Abs(mom/sum-want) > 0.02 {
			t.Fatalf("row %d: coverage %.3f centred at %.3f, want 4 at %.3f", y, sum, mom/sum, want)
		}
	}
}

// The rectangle fast path gives the coverage the general rasterizer gives.
func TestRectFastPathMatchesRasterizer(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	for i := 0; i < 300; i++ {
		x0, y0 := rng.Float64()*60-10, rng.Float64()*50-10
		w, h := rng.Float64()*40, rng.Float64()*30
		if i%7 == 0 {
			w, h = rng.Float64(), rng.Float64() // sub-pixel
		}
		fast := fastCoverage(rectPath(x0, y0, w, h), NonZero, 48, 40)
		// The same rectangle as a path the fast path does not take (an
		// extra collinear vertex).
		var p Path
		p.MoveTo(x0, y0)
		p.LineTo(x0+w/2, y0)
		p.LineTo(x0+w, y0)
		p.LineTo(x0+w, y0+h)
		p.LineTo(x0, y0+h)
		p.Close()
		if _, _, _, _, ok := axisRect(&p); ok {
			t.Fatal("a five-vertex path took the rectangle path")
		}
		slow := fastCoverage(&p, NonZero, 48, 40)
		for k := range fast {
			if d := math.Abs(fast[k] - slow[k]); d > 1.5/255 {
				t.Fatalf("rect %d (%v,%v %vx%v) pixel %d: fast %v general %v", i, x0, y0, w, h, k, fast[k], slow[k])
			}
		}
	}
}

// A shape drawn from its coverage mask gives the pixels the rasterizer
// gives, wherever the mask is placed.
func TestFillMaskMatchesFill(t *testing.T) {
	p := circlePath(6.3, 5.7, 4.4)
	r := NewRasterizer()
	m := r.Clip(20, 20, p, NonZero, nil)
	paint := Paint{Color: Color{200, 10, 30, 255}, Alpha: 0.7}
	for _, off := range [][2]int{{0, 0}, {10, 3}, {-4, -2}, {27, 14}} {
		a, _ := NewPixmap(32, 18)
		b, _ := NewPixmap(32, 18)
		r.FillMask(a, m, off[0], off[1], &paint, nil)
		q := circlePath(6.3+float64(off[0]), 5.7+float64(off[1]), 4.4)
		r.Fill(b, q, NonZero, &paint, nil)
		for i := range a.Pix {
			if d := int(a.Pix[i]) - int(b.Pix[i]); d > 1 || d < -1 {
				t.Fatalf("offset %v byte %d: mask %d, fill %d", off, i, a.Pix[i], b.Pix[i])
			}
		}
	}
}
