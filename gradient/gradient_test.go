package gradient

import (
	"math"
	"testing"

	"github.com/postercanvas/postercanvas/raster"
)

var threeStops = []Stop{
	{0, nrgba(255, 0, 0, 255)},
	{0.5, nrgba(255, 255, 0, 255)},
	{1, nrgba(0, 0, 255, 255)},
}

func TestDegenerate(t *testing.T) {
	id := raster.Identity
	singular := raster.Matrix{A: 1, B: 2, C: 2, D: 4}
	nan := math.NaN()
	for _, c := range []struct {
		name string
		ok   bool
		make func() (raster.Shader, bool)
	}{
		{"linear same points", false, func() (raster.Shader, bool) { return NewLinear(5, 5, 5, 5, threeStops, id) }},
		{"linear no stops", false, func() (raster.Shader, bool) { return NewLinear(0, 0, 10, 0, nil, id) }},
		{"linear singular", false, func() (raster.Shader, bool) { return NewLinear(0, 0, 10, 0, threeStops, singular) }},
		{"linear NaN", false, func() (raster.Shader, bool) { return NewLinear(0, nan, 10, 0, threeStops, id) }},
		{"linear ok", true, func() (raster.Shader, bool) { return NewLinear(0, 0, 10, 0, threeStops, id) }},
		{"linear vertical ok", true, func() (raster.Shader, bool) { return NewLinear(3, 0, 3, 10, threeStops, id) }},
		{"radial equal circles", false, func() (raster.Shader, bool) { return NewRadial(5, 5, 3, 5, 5, 3, threeStops, id) }},
		{"radial equal points", false, func() (raster.Shader, bool) { return NewRadial(5, 5, 0, 5, 5, 0, threeStops, id) }},
		{"radial no stops", false, func() (raster.Shader, bool) { return NewRadial(5, 5, 0, 5, 5, 3, nil, id) }},
		{"radial singular", false, func() (raster.Shader, bool) { return NewRadial(5, 5, 0, 5, 5, 3, threeStops, singular) }},
		{"radial Inf", false, func() (raster.Shader, bool) { return NewRadial(5, 5, 0, 5, 5, math.Inf(1), threeStops, id) }},
		{"radial concentric", true, func() (raster.Shader, bool) { return NewRadial(5, 5, 1, 5, 5, 3, threeStops, id) }},
		{"radial equal radii", true, func() (raster.Shader, bool) { return NewRadial(5, 5, 3, 9, 5, 3, threeStops, id) }},
		{"radial zero radii", true, func() (raster.Shader, bool) { return NewRadial(5, 5, 0, 9, 5, 0, threeStops, id) }},
	} {
		s, ok := c.make()
		if ok != c.ok || (s != nil) != c.ok {
			t.Errorf("%s: got (%v, %v), want ok=%v", c.name, s, ok, c.ok)
		}
	}
}

// TestOneStop: a single stop paints its colour everywhere; translucent
// colours are dithered like any gradient.
func TestOneStop(t *testing.T) {
	c := nrgba(200, 100, 50, 128)
	s, ok := NewLinear(0, 0, 100, 0, []Stop{{0.3, c}}, raster.Identity)
	if !ok || s.Opaque() {
		t.Fatalf("got ok=%v opaque=%v", ok, ok && s.Opaque())
	}
	st := refRamp([]Stop{{0.3, c}})
	compareExact(t, "one stop", s, st, -20, 0, 200, 16, func(x, y int) (float64, bool) { return 0.5, true })
	s, _ = NewLinear(0, 0, 100, 0, []Stop{{0.3, nrgba(1, 2, 3, 255)}}, raster.Identity)
	if !s.Opaque() {
		t.Error("opaque one-stop gradient not Opaque")
	}
	row := make([]byte, 4*20)
	s.ShadeSpan(7, 3, row)
	for i := 0; i < 20; i++ {
		if p := pixelAt(row, i); p != [4]int{1, 2, 3, 255} {
			t.Fatalf("pixel %d = %v", i, p)
		}
	}
}

func TestSolid(t *testing.T) {
	s := NewSolid(nrgba(255, 128, 1, 128))
	row := make([]byte, 4*37)
	s.ShadeSpan(3, 9, row)
	for i := range 37 {
		if p := pixelAt(row, i); p != [4]int{128, 64, 1, 128} {
			t.Fatalf("pixel %d = %v", i, p)
		}
	}
	if s.Opaque() || !NewSolid(nrgba(0, 0, 0, 255)).Opaque() {
		t.Error("Opaque wrong")
	}
}

// TestStopOrder: stops are stable-sorted and clamped, so adding them in
// any order gives the same paint, and equal offsets give a hard edge
// with the later stop after it.
func TestStopOrder(t *testing.T) {
	red, green, blue := nrgba(255, 0, 0, 255), nrgba(0, 255, 0, 255), nrgba(0, 0, 255, 255)
	sorted := []Stop{{0, red}, {0.5, green}, {0.5, blue}, {1, red}}
	shuffled := []Stop{{0.5, green}, {2, red}, {0.5, blue}, {-1, red}}
	a, _ := NewLinear(0, 0, 200, 0, sorted, raster.Identity)
	b, _ := NewLinear(0, 0, 200, 0, shuffled, raster.Identity)
	ra, rb := make([]byte, 4*240), make([]byte, 4*240)
	for y := range 8 {
		a.ShadeSpan(-20, y, ra)
		b.ShadeSpan(-20, y, rb)
		if string(ra) != string(rb) {
			t.Fatal("shuffled stops paint differently")
		}
	}
	// Pixel 99 (t = 0.4975) is on the green side of the hard edge, pixel
	// 100 (t = 0.5025) on the blue side.
	a.ShadeSpan(0, 0, ra)
	p99, p100 := pixelAt(ra, 99), pixelAt(ra, 100)
	if p99[1] < 250 || p100[2] < 250 {
		t.Errorf("hard edge: pixel 99 = %v, pixel 100 = %v", p99, p100)
	}
	got := normalizeStops(shuffled)
	wantOff := []float64{0, 0.5, 0.5, 1}
	wantG := []float64{0, 255, 0, 0}
	for i, s := range got {
		if s.off != wantOff[i] || s.g != wantG[i] {
			t.Errorf("stop %d = %+v", i, s)
		}
	}
}

// TestLinearExact compares linear gradients, with translucent stops and
// several directions, with the exact model.
func TestLinearExact(t *testing.T) {
	stops := []Stop{
		{0.1, nrgba(255, 255, 255, 0)},
		{0.35, nrgba(20, 200, 90, 255)},
		{0.6, nrgba(250, 10, 40, 100)},
		{0.9, nrgba(0, 0, 0, 255)},
	}
	st := refRamp(stops)
	for _, g := range [][4]float64{
		{0, 0, 300, 0}, {300, 0, 0, 0}, {40, 110, 140, 190}, {100, 300, 120, -50},
		{0, 0, 0, 100}, {17.3, 5.5, 17.4, 5.5}, {0, 0, 3000, 2000},
	} {
		s, ok := NewLinear(g[0], g[1], g[2], g[3], stops, raster.Identity)
		if !ok {
			t.Fatal("not ok")
		}
		frac := compareExact(t, "linear", s, st, -10, -5, 320, 210, func(x, y int) (float64, bool) {
			return refLinearT(g[0], g[1], g[2], g[3], raster.Identity, x, y), true
		})
		if frac < 0.97 {
			t.Errorf("geometry %v: only %.3f of channels match the exact model", g, frac)
		}
	}
}

// TestLinearLongSpan: spans longer than one fixed-point chunk, in both
// directions, with hard stops.
func TestLinearLongSpan(t *testing.T) {
	stops := []Stop{{0, nrgba(255, 0, 0, 255)}, {0.3, nrgba(0, 0, 255, 128)}, {0.3, nrgba(0, 255, 0, 255)}, {1, nrgba(9, 9, 9, 255)}}
	st := refRamp(stops)
	for _, g := range [][4]float64{{10, 0, 7010, 30}, {7010, 30, 10, 0}} {
		s, _ := NewLinear(g[0], g[1], g[2], g[3], stops, raster.Identity)
		frac := compareExact(t, "long span", s, st, -50, 0, 7100, 3, func(x, y int) (float64, bool) {
			return refLinearT(g[0], g[1], g[2], g[3], raster.Identity, x, y), true
		})
		if frac < 0.97 {
			t.Errorf("geometry %v: only %.3f of channels match the exact model", g, frac)
		}
	}
}

// TestLinearTransform compares a gradient under rotate + scale +
// translate with the exact model evaluated through the inverse matrix.
func TestLinearTransform(t *testing.T) {
	sin, cos := math.Sincos(0.7)
	m := raster.Matrix{A: 1.7 * cos, B: 1.7 * sin, C: -0.6 * sin, D: 0.6 * cos, E: 80, F: 30}
	stops := append([]Stop{{0.25, nrgba(9, 9, 200, 160)}}, threeStops...)
	st := refRamp(stops)
	s, _ := NewLinear(10, 20, 120, 60, stops, m)
	frac := compareExact(t, "transformed linear", s, st, 0, 0, 300, 200, func(x, y int) (float64, bool) {
		return refLinearT(10, 20, 120, 60, m, x, y), true
	})
	if frac < 0.97 {
		t.Errorf("only %.3f of channels match the exact model", frac)
	}
}

// TestHardStops: hard stops, including one in the middle of a table cell,
// are exact: every pixel takes the colour of its side of the edge.
func TestHardStops(t *testing.T) {
	red, blue, green := nrgba(255, 0, 0, 255), nrgba(0, 0, 255, 255), nrgba(0, 255, 0, 255)
	mid := 0.5 + 0.37/tableSize // inside cell 2048
	stops := []Stop{{0, red}, {mid, red}, {mid, blue}, {0.75, blue}, {0.75, green}, {1, green}}
	st := refRamp(stops)
	// A long, shallow gradient: many pixels per table cell.
	for _, g := range [][4]float64{{0, 0, 100000, 0}, {100000, 0, 0, 0}, {-49000, 0, 51000, 0}} {
		s, _ := NewLinear(g[0], g[1], g[2], g[3], stops, raster.Identity)
		for _, x0 := range []int{int(mid*100000) - 200, 74800} {
			compareExact(t, "hard stop", s, st, x0, 0, x0+400, 8, func(x, y int) (float64, bool) {
				return refLinearT(g[0], g[1], g[2], g[3], raster.Identity, x, y), true
			})
		}
	}
	// Radial: the edge is a circle; centred off the span, on a pixel
	// edge and on a pixel centre (the last two use the row symmetry).
	for _, c := range [][3]float64{{0, 0, 1000}, {100, 40, 60}, {100.5, 40.5, 60}, {100.5, 40.5, 61.3}} {
		s, _ := NewRadial(c[0], c[1], 0, c[0], c[1], c[2], stops, raster.Identity)
		x0, y0 := int(c[0]-c[2])-10, int(c[1]-c[2])-10
		if c[0] == 0 {
			x0, y0 = 300, 300
		}
		compareExact(t, "radial hard stop", s, st, x0, y0, x0+140, y0+140, func(x, y int) (float64, bool) {
			return math.Hypot(float64(x)+0.5-c[0], float64(y)+0.5-c[1]) / c[2], true
		})
	}
	// A ring (r0 > 0) and an inverted one (r0 > r1).
	for _, c := range [][2]float64{{20, 60}, {60, 20}} {
		s, _ := NewRadial(100, 40, c[0], 100, 40, c[1], stops, raster.Identity)
		compareExact(t, "ring hard stop", s, st, 30, -30, 170, 110, func(x, y int) (float64, bool) {
			d := math.Hypot(float64(x)+0.5-100, float64(y)+0.5-40)
			return (d - c[0]) / (c[1] - c[0]), true
		})
	}
}

// TestHardStopAtEnds: stops at 0 and 1 with equal offsets.
func TestHardStopAtEnds(t *testing.T) {
	red, blue, green := nrgba(255, 0, 0, 255), nrgba(0, 0, 255, 255), nrgba(0, 255, 0, 255)
	stops := []Stop{{0, red}, {0, blue}, {1, green}, {1, red}}
	st := refRamp(stops)
	s, _ := NewLinear(10, 0, 90, 0, stops, raster.Identity)
	compareExact(t, "ends", s, st, 0, 0, 100, 8, func(x, y int) (float64, bool) {
		return refLinearT(10, 0, 90, 0, raster.Identity, x, y), true
	})
	// The pixel centred on t = 0 exactly (x = 9.5 … no: use 0 → 80 at
	// pixel 0, t = 0.5/80) takes blue, the pixel before red.
	row := make([]byte, 4*3)
	s.ShadeSpan(9, 0, row)
	if p := pixelAt(row, 0); p[0] < 250 {
		t.Errorf("before the start: %v, want red", p)
	}
	if p := pixelAt(row, 1); p[2] < 250 {
		t.Errorf("just after the start: %v, want blue", p)
	}
}

// TestTableAccuracy checks the bound the table is built for: every cell
// not marked exactCell is within maxCellError (¼ level) of the exact
// premultiplied colour everywhere in the cell, widened by cellSlack, for
// ramps from gentle to steep, with translucent stops, and for the cell
// mappings of a linear gradient (t = i/N) and of concentric circles (t =
// β + α·i, α < 0 when r0 > r1). With the dither offset under half a level,
// a shaded pixel is then within one level of the exact model; the shader
// tests check that on whole images.
func TestTableAccuracy(t *testing.T) {
	sets := [][]Stop{
		threeStops,
		{{0, nrgba(0, 0, 0, 255)}, {1, nrgba(255, 255, 255, 255)}},
		{{0, nrgba(255, 0, 0, 0)}, {1, nrgba(0, 0, 255, 255)}},
		{{0.2, nrgba(255, 255, 255, 255)}, {0.3, nrgba(0, 0, 0, 10)}, {0.31, nrgba(0, 255, 0, 255)}},
		{{0.5, nrgba(255, 0, 0, 255)}, {0.5 + 1e-5, nrgba(0, 0, 255, 255)}},
		{{0.1, nrgba(10, 20, 30, 40)}, {0.1, nrgba(250, 240, 230, 220)}, {0.7, nrgba(100, 0, 200, 255)}},
	}
	maps := [][2]float64{
		{1.0 / tableSize, 0},                 // linear, general radial
		{60.0 / (tableSize * 40), -0.5},      // circles r0 = 20, r1 = 60
		{60.0 / (tableSize * -40), 1.5},      // circles r0 = 60, r1 = 20
		{100.0 / (tableSize * 3), -97.0 / 3}, // a thin ring
	}
	for n, stops := range sets {
		for _, mp := range maps {
			alpha, beta := mp[0], mp[1]
			rp := newRamp(stops, alpha, beta)
			st := refRamp(stops)
			exact := 0
			for i := range tableSize {
				e := rp.tab[1+i]
				if e == exactCell {
					exact++
					continue
				}
				cell := unpack(e)
				for k := 0; k <= 16; k++ {
					// Sample the widened cell; its upper end is a limit
					// from inside.
					u := (float64(k)/16)*(1+2*cellSlack) - cellSlack
					tv := beta + alpha*(float64(i)+u)
					if k == 16 {
						tv = math.Nextafter(tv, beta+alpha*float64(i))
					}
					want := refColor(st, tv)
					// pack caps r, g, b at A + 1/256, A the rounded
					// alpha, which gives the same pixels after the clamp
					// to alpha.
					capA := math.Floor(cell[3]+0.5) + 1.0/256
					for ch := range 3 {
						want[ch] = math.Min(want[ch], capA)
					}
					for ch := range 4 {
						// unpack rounds to 1/256 of a level.
						if d := math.Abs(cell[ch] - want[ch]); d > maxCellError+1.0/512 {
							t.Fatalf("set %d map %v cell %d t=%v channel %d: table %v, exact %v", n, mp, i, tv, ch, cell[ch], want[ch])
						}
					}
				}
			}
			t.Logf("set %d map %v: %d exact cells", n, mp, exact)
		}
	}
}

// unpack decodes a packed colour to premultiplied levels.
func unpack(c uint64) [4]float64 {
	return [4]float64{
		float64(int(c&0xffff)-2) / 256,
		float64(int(c>>32&0xffff)-2) / 256,
		float64(int(c>>16&0xffff)-2) / 256,
		float64(int(c>>48)-128) / 256,
	}
}

// TestDitherMatrix: the dither is Skia's 8×8 ordered matrix; its first row
// is 0 48 12 60 3 51 15 63 (in 64ths).
func TestDitherMatrix(t *testing.T) {
	want := []uint64{0, 48, 12, 60, 3, 51, 15, 63}
	seen := map[uint64]bool{}
	for y := range 8 {
		for x := range 8 {
			m := ditherTab[y][x] & 0xffff / 4
			if y == 0 && m != want[x] {
				t.Errorf("row 0 entry %d = %d, want %d", x, m, want[x])
			}
			if ditherTab[y][x] != 4*m*(1|1<<16|1<<32) {
				t.Errorf("entry (%d, %d) not on the r, g, b lanes", x, y)
			}
			seen[m] = true
		}
	}
	if len(seen) != 64 {
		t.Errorf("%d distinct entries, want 64", len(seen))
	}
}

// TestPackClamp: after dithering, r, g, b never exceed a.
func TestPackClamp(t *testing.T) {
	for a := 0.0; a <= 255; a += 0.37 {
		for _, r := range []float64{a, a * 0.999, a - 0.3, a - 0.6} {
			r = max(r, 0)
			c := pack(r, r, r, a)
			for x := range 8 {
				for y := range 8 {
					v := emit(c + ditherTab[y][x])
					got := [4]int{int(v & 0xff), int(v >> 8 & 0xff), int(v >> 16 & 0xff), int(v >> 24)}
					if got[0] > got[3] {
						t.Fatalf("a=%v r=%v: pixel %v has r > a", a, r, got)
					}
					// Away from rounding ties (closer than the 1/512 level
					// of the fixed point) the pixel is exactly Chromium's.
					want := refPixel([4]float64{r, r, r, a}, x, y)
					v0 := math.Min(r+refDither(x, y), a)
					if f := v0 - math.Floor(v0); math.Abs(f-0.5) < 1.0/256 {
						continue
					}
					if f := a - math.Floor(a); math.Abs(f-0.5) < 1.0/256 {
						continue
					}
					if maxDiff(got, want) > 0 {
						t.Fatalf("a=%v r=%v at (%d, %d): got %v, want %v", a, r, x, y, got, want)
					}
				}
			}
		}
	}
}

func TestLinearOpaque(t *testing.T) {
	s, _ := NewLinear(0, 0, 10, 10, threeStops, raster.Identity)
	if !s.Opaque() {
		t.Error("opaque stops: not Opaque")
	}
	s, _ = NewLinear(0, 0, 10, 10, append([]Stop{{0.2, nrgba(0, 0, 0, 254)}}, threeStops...), raster.Identity)
	if s.Opaque() {
		t.Error("translucent stop: Opaque")
	}
}

func TestNoAllocs(t *testing.T) {
	lin, _ := NewLinear(0, 0, 100, 50, threeStops, raster.Identity)
	rad, _ := NewRadial(50, 50, 0, 50, 50, 40, threeStops, raster.Identity)
	gen, _ := NewRadial(20, 50, 5, 50, 50, 40, threeStops, raster.Identity)
	row := make([]byte, 4*300)
	for _, s := range []raster.Shader{lin, rad, gen, NewSolid(nrgba(1, 2, 3, 4))} {
		if n := testing.AllocsPerRun(20, func() { s.ShadeSpan(-10, 7, row) }); n != 0 {
			t.Errorf("%T: %v allocations per span", s, n)
		}
	}
}

// TestSpanEdges: spans of every short length and start agree with the
// same pixels shaded in one long span.
func TestSpanEdges(t *testing.T) {
	lin, _ := NewLinear(3, 0, 60, 9, threeStops, raster.Identity)
	rad, _ := NewRadial(30, 5, 0, 30, 5, 40, threeStops, raster.Identity)
	gen, _ := NewRadial(20, 5, 5, 30, 5, 40, threeStops, raster.Identity)
	for _, s := range []raster.Shader{lin, rad, gen} {
		full := make([]byte, 4*100)
		s.ShadeSpan(-20, 5, full)
		for x := -20; x < 80; x++ {
			for n := 0; n <= 20 && x+n <= 80; n++ {
				part := make([]byte, 4*n)
				s.ShadeSpan(x, 5, part)
				if string(part) != string(full[4*(x+20):4*(x+20+n)]) {
					t.Fatalf("%T: span (%d, n=%d) differs", s, x, n)
				}
			}
		}
	}
}
