package gradient

import (
	"bytes"
	"math"
	"math/rand"
	"testing"

	"github.com/postercanvas/postercanvas/raster"
)

// testPixmap returns a w×h premultiplied pixmap of pseudo-random pixels
// (alpha varies unless opaque).
func testPixmap(w, h int, opaque bool, seed int64) *raster.Pixmap {
	p, _ := raster.NewPixmap(w, h)
	r := rand.New(rand.NewSource(seed))
	for i := 0; i < len(p.Pix); i += 4 {
		a := uint8(255)
		if !opaque {
			a = uint8(r.Intn(256))
		}
		p.Pix[i+3] = a
		for c := 0; c < 3; c++ {
			p.Pix[i+c] = uint8(r.Intn(int(a) + 1))
		}
	}
	return p
}

func shadeAll(s raster.Shader, x0, y0, w, h int) []byte {
	out := make([]byte, 4*w*h)
	for y := 0; y < h; y++ {
		s.ShadeSpan(x0, y0+y, out[4*w*y:4*w*(y+1)])
	}
	return out
}

// generic returns a copy of the shader with its fast paths off: every
// span goes through the general per-pixel loop of its sampling.
func generic(s raster.Shader) raster.Shader {
	c := *s.(*imageShader)
	c.copyRows = false
	return &genericShader{&c}
}

type genericShader struct{ s *imageShader }

func (g genericShader) Opaque() bool { return g.s.opaque }
func (g genericShader) ShadeSpan(x, y int, dst []byte) {
	U, V := g.s.start(x, y)
	switch {
	case g.s.filter == FilterNearest:
		g.s.nearestSpan(U, V, dst)
	case g.s.legacy:
		g.s.bilinearSpan(U, V, dst)
	default:
		g.s.smoothSpan(U, V, dst)
	}
}

// TestImageFastPathsIdentical: the row-copy path (integer translation)
// and the scale-translate clamp path give exactly the pixels of the
// general loops, inside and outside the image.
func TestImageFastPathsIdentical(t *testing.T) {
	img := testPixmap(37, 23, false, 1)
	cases := []raster.Matrix{
		{A: 1, D: 1, E: 5, F: -3},             // row copy
		{A: 1, D: 1, E: -40, F: 30},           // row copy, mostly outside
		{A: 2.5, D: 1.75, E: 3.3, F: -2.1},    // upscale
		{A: 0.8, D: 0.6, E: 0.5, F: 0.5},      // mild downscale
		{A: -1.5, D: 2, E: 80, F: 1},          // mirrored
		{A: 32, D: 32, E: -100.25, F: -50.75}, // strong upscale
	}
	for _, m := range cases {
		for _, f := range []Filter{FilterBilinear, FilterNearest} {
			s, ok := NewImage(img, m, f, TileClamp, TileClamp)
			if !ok {
				t.Fatalf("%v: not ok", m)
			}
			a := shadeAll(s, -7, -5, 120, 60)
			b := shadeAll(generic(s), -7, -5, 120, 60)
			if !bytes.Equal(a, b) {
				t.Errorf("matrix %+v filter %d: fast path differs from the general loop", m, f)
			}
		}
	}
}

// TestImageIntegerTranslateIsCopy: under an integer translation every
// device pixel is exactly one texel (Skia drops filtering there).
func TestImageIntegerTranslateIsCopy(t *testing.T) {
	img := testPixmap(16, 8, false, 2)
	s, _ := NewImage(img, raster.Matrix{A: 1, D: 1, E: 3, F: 2}, FilterMipmap, TileClamp, TileClamp)
	for y := 0; y < 8; y++ {
		got := make([]byte, 4*16)
		s.ShadeSpan(3, y+2, got)
		if !bytes.Equal(got, img.Pix[y*img.Stride:y*img.Stride+64]) {
			t.Fatalf("row %d differs from the image", y)
		}
	}
}

// TestImageBilinear4Bit pins Skia's legacy filter: the 32× upscale ramp
// the oracle renders (grid.png red 230 → black 20 changes every two
// device pixels by 1/16 of the step, truncated).
func TestImageBilinear4Bit(t *testing.T) {
	img, _ := raster.NewPixmap(2, 1)
	copy(img.Pix, []byte{230, 25, 75, 255, 20, 20, 20, 255})
	s, _ := NewImage(img, raster.Matrix{A: 32, D: 32}, FilterBilinear, TileClamp, TileClamp)
	row := make([]byte, 4*64)
	s.ShadeSpan(0, 0, row)
	// Chromium's values at device x = 16+2k .. (oracle, scene "up"): the
	// red channel steps 230, 216, 203, 190, … , 33, 20.
	want := []byte{230, 216, 203, 190, 177, 164, 151, 138, 125, 111, 98, 85, 72, 59, 46, 33}
	for k, w := range want {
		x := 16 + 2*k
		if row[4*x] != w || row[4*x+4] != w {
			t.Errorf("x=%d: red %d,%d, want %d twice", x, row[4*x], row[4*x+4], w)
		}
	}
	if row[4*48] != 20 || row[4*63] != 20 {
		t.Errorf("right of the last texel centre: %d %d, want 20 (clamped)", row[4*48], row[4*63])
	}
}

// TestImageSmoothMatchesFloat: under rotation the sampler follows float
// bilinear interpolation within one level.
func TestImageSmoothMatchesFloat(t *testing.T) {
	img := testPixmap(20, 20, true, 3)
	sn, cs := math.Sincos(0.4)
	m := raster.Matrix{A: 3 * cs, B: 3 * sn, C: -3 * sn, D: 3 * cs, E: 40, F: 5}
	s, _ := NewImage(img, m, FilterBilinear, TileClamp, TileClamp)
	inv, _ := m.Invert()
	got := shadeAll(s, 0, 0, 80, 80)
	at := func(x, y, c int) float64 {
		x, y = min(max(x, 0), 19), min(max(y, 0), 19)
		return float64(img.Pix[y*img.Stride+4*x+c])
	}
	worst := 0.0
	for y := 0; y < 80; y++ {
		for x := 0; x < 80; x++ {
			u, v := inv.Apply(float64(x)+0.5, float64(y)+0.5)
			u, v = u-0.5, v-0.5
			x0, y0 := math.Floor(u), math.Floor(v)
			fx, fy := u-x0, v-y0
			for c := 0; c < 4; c++ {
				ix, iy := int(x0), int(y0)
				want := (at(ix, iy, c)*(1-fx)+at(ix+1, iy, c)*fx)*(1-fy) + (at(ix, iy+1, c)*(1-fx)+at(ix+1, iy+1, c)*fx)*fy
				worst = max(worst, math.Abs(float64(got[4*(80*y+x)+c])-want))
			}
		}
	}
	if worst > 2.5 {
		t.Errorf("rotated bilinear is %.2f levels from float interpolation (want ≤ 2.5)", worst)
	}
}

// TestImageTiles: repeat wraps, decal is transparent outside, clamp
// repeats the edge; nearest takes the texel before an exact edge.
func TestImageTiles(t *testing.T) {
	img := testPixmap(4, 3, false, 4)
	texel := func(x, y int) []byte { return img.Pix[y*img.Stride+4*x : y*img.Stride+4*x+4] }
	m := raster.Matrix{A: 1, D: 1, E: 0.25, F: 0} // not an integer translation
	for _, tc := range []struct {
		tx, ty Tile
		x, y   int
		want   []byte
	}{
		{TileRepeat, TileRepeat, 5, 4, texel(1, 1)},
		{TileRepeat, TileRepeat, -1, -1, texel(3, 2)},
		{TileDecal, TileDecal, 5, 1, []byte{0, 0, 0, 0}},
		{TileRepeat, TileDecal, 6, 1, texel(2, 1)},
		{TileRepeat, TileDecal, 1, 3, []byte{0, 0, 0, 0}},
		{TileClamp, TileClamp, 9, -5, texel(3, 0)},
	} {
		s, _ := NewImage(img, m, FilterNearest, tc.tx, tc.ty)
		got := make([]byte, 4)
		s.ShadeSpan(tc.x, tc.y, got)
		if !bytes.Equal(got, tc.want) {
			t.Errorf("tiles %d,%d at (%d,%d): %v, want %v", tc.tx, tc.ty, tc.x, tc.y, got, tc.want)
		}
	}
	if s, _ := NewImage(img, m, FilterNearest, TileDecal, TileRepeat); s.Opaque() {
		t.Error("a decal shader is never opaque")
	}
}

// TestImageSingular: a singular transform paints nothing.
func TestImageSingular(t *testing.T) {
	if _, ok := NewImage(testPixmap(2, 2, true, 5), raster.Matrix{A: 1}, FilterMipmap, TileClamp, TileClamp); ok {
		t.Error("singular transform accepted")
	}
	if _, ok := NewImage(nil, raster.Identity, FilterMipmap, TileClamp, TileClamp); ok {
		t.Error("nil image accepted")
	}
}

// TestMipIndex pins the level choice measured against the oracle
// (scenes down and down2 of the drawimage notes): 0.55 keeps level 0,
// 0.5 and 0.45 take level 1, 0.1 takes 3, and the larger axis scale
// decides (0.2 × 0.1 takes 2).
func TestMipIndex(t *testing.T) {
	for _, tc := range []struct {
		sx, sy float64
		want   int
	}{{1, 1, 0}, {2, 2, 0}, {0.75, 0.75, 0}, {0.55, 0.55, 0}, {0.5, 0.5, 1}, {0.45, 0.45, 1}, {0.1, 0.1, 3}, {0.2, 0.1, 2}, {1e-9, 1e-9, 29}} {
		if got := mipIndex(raster.Matrix{A: tc.sx, D: tc.sy}); got != tc.want {
			t.Errorf("scale %v×%v: level %d, want %d", tc.sx, tc.sy, got, tc.want)
		}
	}
}

// TestHalve: even sides average 2×2 boxes, odd sides use 1-2-1, both
// truncating (SkMipmap), down to 1×1.
func TestHalve(t *testing.T) {
	p, _ := raster.NewPixmap(2, 2)
	copy(p.Pix, []byte{10, 0, 0, 255, 11, 0, 0, 255, 10, 0, 0, 255, 10, 0, 0, 255})
	if h := halve(p); h.Width != 1 || h.Height != 1 || h.Pix[0] != 10 || h.Pix[3] != 255 {
		t.Errorf("2x2: %v", h.Pix)
	}
	q, _ := raster.NewPixmap(3, 1)
	copy(q.Pix, []byte{0, 0, 0, 0, 100, 0, 0, 255, 40, 0, 0, 255})
	if h := halve(q); h.Width != 1 || h.Pix[0] != (0+200+40)/4 || h.Pix[3] != (510+255)/4 {
		t.Errorf("3x1: %v", h.Pix)
	}
	base := testPixmap(37, 5, false, 6)
	mp := mipsOf(base)
	if mipsOf(base) != mp {
		t.Error("mipmaps not cached per image")
	}
	for i, want := range [][2]int{{18, 2}, {9, 1}, {4, 1}, {2, 1}, {1, 1}, {1, 1}} {
		if l := mp.level(base, i+1); l.Width != want[0] || l.Height != want[1] {
			t.Errorf("level %d: %d×%d, want %d×%d", i+1, l.Width, l.Height, want[0], want[1])
		}
	}
}

// BenchmarkImageDownscale shades a 1200×900 opaque image scaled into
// 1000×750, row by row, as drawImage does.
func BenchmarkImageDownscale(b *testing.B) {
	img := testPixmap(1200, 900, true, 7)
	s, _ := NewImage(img, raster.Matrix{A: 1000.0 / 1200, D: 750.0 / 900}, FilterMipmap, TileClamp, TileClamp)
	row := make([]byte, 4*1000)
	b.SetBytes(4 * 1000 * 750)
	for b.Loop() {
		for y := 0; y < 750; y++ {
			s.ShadeSpan(0, y, row)
		}
	}
}

// BenchmarkImageDownscaleGeneric is BenchmarkImageDownscale through the
// general per-pixel loop, for the fast path's ratio.
func BenchmarkImageDownscaleGeneric(b *testing.B) {
	img := testPixmap(1200, 900, true, 7)
	s, _ := NewImage(img, raster.Matrix{A: 1000.0 / 1200, D: 750.0 / 900}, FilterMipmap, TileClamp, TileClamp)
	g := generic(s)
	row := make([]byte, 4*1000)
	b.SetBytes(4 * 1000 * 750)
	for b.Loop() {
		for y := 0; y < 750; y++ {
			g.ShadeSpan(0, y, row)
		}
	}
}

// TestImageHigh: the high mode interpolates smoothly when enlarging
// (Catmull-Rom: a constant image stays constant, a ramp stays monotonic)
// and blends two mipmap levels when shrinking.
func TestImageHigh(t *testing.T) {
	flat := testPixmap(4, 4, true, 8)
	for i := 0; i < len(flat.Pix); i += 4 {
		copy(flat.Pix[i:], []byte{10, 200, 30, 255})
	}
	s, _ := NewImage(flat, raster.Matrix{A: 7.3, D: 5.1, E: 1.2}, FilterHigh, TileClamp, TileClamp)
	out := shadeAll(s, 0, 0, 40, 30)
	for i := 0; i < len(out); i += 4 {
		if !bytes.Equal(out[i:i+4], []byte{10, 200, 30, 255}) {
			t.Fatalf("cubic of a constant image: %v", out[i:i+4])
		}
	}
	ramp, _ := raster.NewPixmap(8, 1)
	for x := 0; x < 8; x++ {
		copy(ramp.Pix[4*x:], []byte{byte(30 * x), 0, 0, 255})
	}
	s, _ = NewImage(ramp, raster.Matrix{A: 10, D: 10}, FilterHigh, TileClamp, TileClamp)
	row := make([]byte, 4*80)
	s.ShadeSpan(0, 0, row)
	for x := 1; x < 80; x++ {
		if row[4*x] < row[4*x-4] {
			t.Fatalf("cubic ramp not monotonic at %d: %d < %d", x, row[4*x], row[4*x-4])
		}
	}
	// Shrinking by 0.3: levels 1 and 2 blended; a flat image stays flat.
	big := testPixmap(64, 64, true, 9)
	for i := 0; i < len(big.Pix); i += 4 {
		copy(big.Pix[i:], []byte{100, 50, 25, 255})
	}
	s, _ = NewImage(big, raster.Matrix{A: 0.3, D: 0.3}, FilterHigh, TileClamp, TileClamp)
	if s.(*imageShader).next == nil {
		t.Fatal("no second level at scale 0.3")
	}
	out = shadeAll(s, 0, 0, 19, 19)
	for i := 0; i < len(out); i += 4 {
		if !bytes.Equal(out[i:i+4], []byte{100, 50, 25, 255}) {
			t.Fatalf("trilinear of a constant image: %v", out[i:i+4])
		}
	}
}

// TestImageExtremeTransforms: huge, tiny and far transforms never panic
// and write only valid premultiplied colours.
func TestImageExtremeTransforms(t *testing.T) {
	img := testPixmap(5, 3, false, 10)
	r := rand.New(rand.NewSource(11))
	vals := []float64{0, 1e-12, -1e-12, 1e-6, 0.3, 1, -1, 7.5, 1e6, -1e6, 1e12, 1e30, -1e30}
	pick := func() float64 { return vals[r.Intn(len(vals))] * (1 + r.Float64()) }
	row := make([]byte, 4*64)
	for k := 0; k < 3000; k++ {
		m := raster.Matrix{A: pick(), B: pick(), C: pick(), D: pick(), E: pick(), F: pick()}
		if k%3 == 0 {
			m.B, m.C = 0, 0
		}
		f := Filter(r.Intn(4))
		s, ok := NewImage(img, m, f, Tile(r.Intn(3)), Tile(r.Intn(3)))
		if !ok {
			continue
		}
		x, y := r.Intn(2000)-1000, r.Intn(2000)-1000
		s.ShadeSpan(x, y, row)
		for i := 0; i < len(row); i += 4 {
			if row[i] > row[i+3] || row[i+1] > row[i+3] || row[i+2] > row[i+3] {
				t.Fatalf("matrix %+v filter %d: invalid premultiplied colour %v", m, f, row[i:i+4])
			}
		}
	}
}

// TestImageSIMDMatchesGo: the AVX2 row passes give exactly the pure-Go
// passes' pixels (and so the 2-D filter's), over scales, offsets,
// mirrors, clamps and spans of every length mod 4.
func TestImageSIMDMatchesGo(t *testing.T) {
	if !haveAVX2 {
		t.Skip("no AVX2 here")
	}
	defer func() { useSIMD = haveAVX2 }()
	img := testPixmap(53, 31, false, 12)
	r := rand.New(rand.NewSource(13))
	for k := 0; k < 300; k++ {
		m := raster.Matrix{A: (r.Float64()*4 - 1) * 3, D: r.Float64()*4 + 0.3, E: r.Float64()*80 - 40, F: r.Float64()*40 - 20}
		if m.A == 0 {
			continue
		}
		w := 1 + r.Intn(90)
		x0 := r.Intn(20) - 10
		var out [2][]byte
		for i, simd := range []bool{false, true} {
			useSIMD = simd
			s, ok := NewImage(img, m, FilterBilinear, TileClamp, TileClamp)
			if !ok {
				t.Fatal("not ok")
			}
			out[i] = shadeAll(s, x0, -5, w, 50)
		}
		if !bytes.Equal(out[0], out[1]) {
			t.Fatalf("matrix %+v width %d: AVX2 differs from Go", m, w)
		}
	}
}
