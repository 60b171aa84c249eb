package gradient

import (
	"math"
	"testing"

	"github.com/postercanvas/postercanvas/raster"
)

// refRadialT finds ω for the device pixel (x, y) independently of the
// shader's closed form: g(ω) = |p − c(ω)| − r(ω) is convex, its zeros are
// exactly the circles through p with r(ω) ≥ 0, and the largest zero with
// r(ω) > 0 wins. It reports false for no zero, and tangent reports a
// near-tangent pixel (g's minimum ≈ 0) where ω is ill-conditioned.
func refRadialT(c [6]float64, m raster.Matrix, x, y int) (w float64, ok, tangent bool) {
	inv, _ := m.Invert()
	px, py := inv.Apply(float64(x)+0.5, float64(y)+0.5)
	g := func(w float64) float64 {
		cx, cy := c[0]+w*(c[3]-c[0]), c[1]+w*(c[4]-c[1])
		return math.Hypot(px-cx, py-cy) - (c[2] + w*(c[5]-c[2]))
	}
	r := func(w float64) float64 { return c[2] + w*(c[5]-c[2]) }
	const L = 1e7
	// Golden-section search for the minimum of g on [−L, L].
	a, b := -L, L
	phi := (math.Sqrt(5) - 1) / 2
	for range 90 {
		m1, m2 := b-phi*(b-a), a+phi*(b-a)
		if g(m1) < g(m2) {
			b = m2
		} else {
			a = m1
		}
	}
	wm := (a + b) / 2
	gm := g(wm)
	scale := 1 + math.Abs(c[2]) + math.Abs(c[5])
	if gm > 1e-9*scale {
		return 0, false, gm < 1e-3*scale
	}
	bisect := func(lo, hi float64) float64 { // g(lo) ≤ 0 < g(hi) or reverse
		glo := g(lo)
		for range 90 {
			mid := (lo + hi) / 2
			if (g(mid) <= 0) == (glo <= 0) {
				lo = mid
			} else {
				hi = mid
			}
		}
		return (lo + hi) / 2
	}
	var roots []float64
	if g(L) > 0 {
		roots = append(roots, bisect(wm, L))
	}
	if g(-L) > 0 {
		roots = append(roots, bisect(wm, -L))
	}
	for _, w := range roots {
		if r(w) > 1e-9*scale {
			return w, true, gm > -1e-3*scale
		}
	}
	return 0, false, true
}

func TestRadialCone(t *testing.T) {
	stops := []Stop{
		{0, nrgba(255, 255, 255, 255)},
		{0.3, nrgba(243, 156, 18, 200)},
		{0.7, nrgba(40, 57, 220, 255)},
		{1, nrgba(192, 57, 43, 120)},
	}
	st := refRamp(stops)
	sin, cos := math.Sincos(-0.4)
	rot := raster.Matrix{A: 1.3 * cos, B: 1.3 * sin, C: -0.8 * sin, D: 0.8 * cos, E: 60, F: 120}
	for _, c := range []struct {
		name   string
		g      [6]float64
		m      raster.Matrix
		opaque bool // the cone covers the plane
	}{
		{"circular", [6]float64{150, 100, 0, 150, 100, 90}, raster.Identity, true},
		{"concentric ring", [6]float64{150, 100, 30, 150, 100, 90}, raster.Identity, true},
		{"concentric r0 > r1", [6]float64{150, 100, 90, 150, 100, 10}, raster.Identity, true},
		{"end contains start", [6]float64{120, 90, 10, 150, 100, 90}, raster.Identity, true},
		{"start contains end", [6]float64{150, 100, 100, 190, 80, 20}, raster.Identity, true},
		{"separate", [6]float64{60, 100, 20, 220, 90, 45}, raster.Identity, false},
		{"separate r0 > r1", [6]float64{60, 100, 45, 220, 90, 20}, raster.Identity, false},
		{"touching inside", [6]float64{100, 100, 20, 130, 100, 50}, raster.Identity, false},
		{"touching outside", [6]float64{100, 100, 20, 160, 100, 40}, raster.Identity, false},
		{"equal radii", [6]float64{100, 100, 30, 200, 120, 30}, raster.Identity, false},
		{"point to circle outside", [6]float64{20, 20, 0, 150, 100, 60}, raster.Identity, false},
		{"circle to point", [6]float64{150, 100, 60, 250, 180, 0}, raster.Identity, false},
		{"overlapping", [6]float64{120, 100, 50, 170, 100, 45}, raster.Identity, false},
		{"transformed", [6]float64{40, 10, 8, 70, 30, 50}, rot, true},
		{"transformed separate", [6]float64{40, 10, 8, 90, 30, 15}, rot, false},
		{"transformed circular", [6]float64{40, 10, 0, 40, 10, 50}, rot, true},
		{"transformed ring", [6]float64{40, 10, 50, 40, 10, 20}, rot, true},
		{"scaled circular", [6]float64{40, 10, 0, 40, 10, 50}, raster.Matrix{A: 2.5, D: 0.7, E: 30, F: 40}, true},
	} {
		s, ok := NewRadial(c.g[0], c.g[1], c.g[2], c.g[3], c.g[4], c.g[5], stops, c.m)
		if !ok {
			t.Fatalf("%s: not ok", c.name)
		}
		rows := shadeRect(s, 0, 0, 300, 200)
		bad, skipped, same, total, transparent := 0, 0, 0, 0, 0
		step := 1
		if testing.Short() {
			step = 4
		}
		for y := 0; y < 200; y += step {
			for x := 0; x < 300; x += step {
				w, inCone, tangent := refRadialT(c.g, c.m, x, y)
				var want [4]int
				if inCone {
					want = refPixel(refColor(st, w), x, y)
				} else {
					transparent++
				}
				got := pixelAt(rows[y], x)
				if maxDiff(got, want) > 1 {
					if tangent {
						skipped++
						continue
					}
					bad++
					if bad <= 3 {
						t.Errorf("%s: pixel (%d, %d) ω=%v in=%v: got %v, want %v", c.name, x, y, w, inCone, got, want)
					}
				}
				for k := range got {
					if got[k] == want[k] {
						same++
					}
					total++
				}
			}
		}
		if bad > 0 {
			t.Errorf("%s: %d pixels off by more than one level", c.name, bad)
		}
		frac := float64(same) / float64(total)
		t.Logf("%-24s %5d transparent, %3d ill-conditioned differing, %.4f channels exact", c.name, transparent, skipped, frac)
		if frac < 0.97 {
			t.Errorf("%s: only %.3f of channels match the exact model", c.name, frac)
		}
		if skipped > 100/step {
			t.Errorf("%s: %d near-tangent pixels differ", c.name, skipped)
		}
		if s.Opaque() {
			t.Errorf("%s: Opaque() with translucent stops", c.name)
		}
		opaqueStops := []Stop{{0, nrgba(1, 2, 3, 255)}, {1, nrgba(4, 5, 6, 255)}}
		so, _ := NewRadial(c.g[0], c.g[1], c.g[2], c.g[3], c.g[4], c.g[5], opaqueStops, c.m)
		if so.Opaque() != c.opaque {
			t.Errorf("%s: Opaque() = %v, want %v", c.name, so.Opaque(), c.opaque)
		}
		if c.opaque && transparent > 0 {
			t.Errorf("%s: the reference leaves %d pixels transparent", c.name, transparent)
		}
	}
}

// TestRadialOpaqueStops: translucent stops are never Opaque.
func TestRadialOpaqueStops(t *testing.T) {
	s, _ := NewRadial(0, 0, 0, 0, 0, 10, []Stop{{0, nrgba(0, 0, 0, 255)}, {1, nrgba(0, 0, 0, 0)}}, raster.Identity)
	if s.Opaque() {
		t.Error("translucent stops: Opaque")
	}
}

// TestRadialOneStop: a single stop paints its colour, but only inside the
// cone.
func TestRadialOneStop(t *testing.T) {
	c := nrgba(10, 200, 30, 255)
	s, _ := NewRadial(50, 50, 10, 150, 50, 20, []Stop{{0.5, c}}, raster.Identity)
	row := make([]byte, 4*300)
	s.ShadeSpan(-50, 50, row)
	if p := pixelAt(row, 100); p != [4]int{10, 200, 30, 255} {
		t.Errorf("inside: %v", p)
	}
	s.ShadeSpan(-50, 0, row)
	if p := pixelAt(row, 0); p != [4]int{} {
		t.Errorf("outside the cone: %v", p)
	}
}
