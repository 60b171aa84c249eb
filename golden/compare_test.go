package golden

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/color"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// opaque builds a w×h NRGBA image from opaque RGB triples, row by row.
func opaque(w, h int, rgb ...[3]uint8) *image.NRGBA {
	m := image.NewNRGBA(image.Rect(0, 0, w, h))
	for i, c := range rgb {
		m.SetNRGBA(i%w, i/w, color.NRGBA{c[0], c[1], c[2], 255})
	}
	return m
}

func mustCompare(t *testing.T, a, b image.Image) Result {
	t.Helper()
	r, err := Compare(a, b)
	if err != nil {
		t.Fatalf("Compare: %v", err)
	}
	return r
}

func TestCompareHandComputed(t *testing.T) {
	a := opaque(2, 2,
		[3]uint8{10, 20, 30}, [3]uint8{0, 0, 0},
		[3]uint8{100, 100, 100}, [3]uint8{255, 255, 255})
	b := opaque(2, 2,
		[3]uint8{11, 20, 30},    // d = 1
		[3]uint8{0, 0, 0},       // d = 0
		[3]uint8{100, 103, 100}, // d = 3
		[3]uint8{255, 255, 235}) // d = 20
	r := mustCompare(t, a, b)
	// Squared error 1 + 9 + 400 = 410 over 2×2×4 = 16 channels: MSE 25.625,
	// PSNR = 10·log10(65025/25.625) = 10·log10(2537.56…) = 34.04416… dB.
	// Over 2/255: the 3 and the 20, 2 of 4 pixels; over 16/255: 1 of 4.
	want := Result{Width: 2, Height: 2, PSNR: 10 * math.Log10(65025/25.625),
		MaxDiff: 20, Pct2: 50, Pct16: 25, BBox: image.Rect(0, 1, 2, 2)}
	if r != want {
		t.Errorf("got %+v\nwant %+v", r, want)
	}
	if math.Abs(r.PSNR-34.044165) > 1e-6 {
		t.Errorf("PSNR %v, want 34.044165", r.PSNR)
	}
	const s = "2x2  psnr=34.04 dB  max=20  >2/255=50.000%  >16/255=25.000%  bbox=0,1-1,1"
	if r.String() != s {
		t.Errorf("String() = %q, want %q", r.String(), s)
	}
	// Symmetric.
	if r2 := mustCompare(t, b, a); r2 != r {
		t.Errorf("Compare(b, a) = %+v, want %+v", r2, r)
	}
}

func TestCompareOnePixelOff(t *testing.T) {
	// 10×10, one pixel off by 2 in one channel: squared error 4 over 400
	// channels, MSE 0.01, PSNR = 10·log10(6502500) = 68.1308… dB; nothing
	// over 2/255, so no bbox.
	a := image.NewRGBA(image.Rect(0, 0, 10, 10))
	b := image.NewRGBA(image.Rect(0, 0, 10, 10))
	for i := range a.Pix {
		a.Pix[i], b.Pix[i] = 255, 255
	}
	b.Pix[4*(3*10+7)+1] = 253
	r := mustCompare(t, a, b)
	want := Result{Width: 10, Height: 10, PSNR: 10 * math.Log10(6502500), MaxDiff: 2}
	if r != want {
		t.Errorf("got %+v, want %+v", r, want)
	}
	if !strings.HasSuffix(r.String(), ">16/255=0.000%") {
		t.Errorf("String() = %q has a bbox or wrong tail", r.String())
	}
	// Now off by 3 at (7, 3) and by 17 at (2, 8): 2% and 1% of 100 pixels.
	b.Pix[4*(3*10+7)+1] = 252
	b.Pix[4*(8*10+2)+3] = 238
	r = mustCompare(t, a, b)
	want = Result{Width: 10, Height: 10, PSNR: 10 * math.Log10(65025/((9+289)/400.0)),
		MaxDiff: 17, Pct2: 2, Pct16: 1, BBox: image.Rect(2, 3, 8, 9)}
	if r != want {
		t.Errorf("got %+v, want %+v", r, want)
	}
	if s := r.String(); !strings.HasSuffix(s, "max=17  >2/255=2.000%  >16/255=1.000%  bbox=2,3-7,8") {
		t.Errorf("String() = %q", s)
	}
}

func TestCompareIdentical(t *testing.T) {
	a := opaque(3, 1, [3]uint8{1, 2, 3}, [3]uint8{4, 5, 6}, [3]uint8{7, 8, 9})
	r := mustCompare(t, a, a)
	if !math.IsInf(r.PSNR, 1) || r.MaxDiff != 0 || r.Pct2 != 0 || r.Pct16 != 0 || !r.BBox.Empty() {
		t.Errorf("identical: got %+v", r)
	}
	if s := r.String(); s != "3x1  psnr=inf dB  max=0  >2/255=0.000%  >16/255=0.000%" {
		t.Errorf("String() = %q", s)
	}
	// The same pixels as *image.RGBA at another origin.
	b := image.NewRGBA(image.Rect(5, 7, 8, 8))
	for x := range 3 {
		b.Set(5+x, 7, a.At(x, 0))
	}
	if r := mustCompare(t, a, b); !math.IsInf(r.PSNR, 1) {
		t.Errorf("same pixels at another origin: %+v", r)
	}
	// Empty images are identical.
	e := image.NewRGBA(image.Rectangle{})
	r = mustCompare(t, e, image.NewNRGBA(image.Rect(3, 3, 3, 3)))
	if !math.IsInf(r.PSNR, 1) || r.Pct2 != 0 || r.Width != 0 {
		t.Errorf("empty: %+v", r)
	}
}

func TestCompareSizeMismatch(t *testing.T) {
	a := image.NewNRGBA(image.Rect(0, 0, 3, 2))
	for _, b := range []image.Image{
		image.NewNRGBA(image.Rect(0, 0, 2, 3)),
		image.NewRGBA(image.Rect(0, 0, 3, 3)),
		image.NewGray(image.Rect(1, 1, 3, 3)),
	} {
		if _, err := Compare(a, b); err == nil || !strings.Contains(err.Error(), "size") {
			t.Errorf("Compare %v vs %v: err = %v, want a size error", a.Bounds(), b.Bounds(), err)
		}
		if _, err := Heatmap(a, b); err == nil {
			t.Errorf("Heatmap %v vs %v: no error", a.Bounds(), b.Bounds())
		}
	}
	// Same size, different origin: fine.
	if _, err := Compare(a, image.NewRGBA(image.Rect(10, 20, 13, 22))); err != nil {
		t.Error(err)
	}
}

func TestCompareTransparentAndPremultiplied(t *testing.T) {
	// Fully transparent pixels of any colour are equal, and a
	// semi-transparent NRGBA pixel equals its premultiplied RGBA form.
	a := image.NewNRGBA(image.Rect(0, 0, 3, 1))
	a.SetNRGBA(0, 0, color.NRGBA{255, 0, 0, 0})
	a.SetNRGBA(1, 0, color.NRGBA{255, 0, 0, 128})
	a.SetNRGBA(2, 0, color.NRGBA{100, 50, 200, 128})
	b := image.NewNRGBA(image.Rect(0, 0, 3, 1))
	b.SetNRGBA(0, 0, color.NRGBA{0, 255, 77, 0})
	b.SetNRGBA(1, 0, color.NRGBA{255, 0, 0, 128})
	b.SetNRGBA(2, 0, color.NRGBA{100, 50, 200, 128})
	c := image.NewRGBA(image.Rect(0, 0, 3, 1))
	// 255·257·128/255 = 32896 → 128; 100·257·128/255 = 12900 → 50;
	// 50·257·128/255 = 6450 → 25; 200·257·128/255 = 25800 → 100.
	c.SetRGBA(1, 0, color.RGBA{128, 0, 0, 128})
	c.SetRGBA(2, 0, color.RGBA{50, 25, 100, 128})
	for _, p := range [][2]image.Image{{a, b}, {a, c}, {c, b}} {
		if r := mustCompare(t, p[0], p[1]); !math.IsInf(r.PSNR, 1) || r.MaxDiff != 0 {
			t.Errorf("%T vs %T: %v", p[0], p[1], r)
		}
	}
	// Colours that differ only below what alpha 1/255 keeps are equal too:
	// 200·257·1/255 = 201 → 0, 255·257/255 = 257 → 1.
	a.SetNRGBA(0, 0, color.NRGBA{0, 200, 255, 1})
	b.SetNRGBA(0, 0, color.NRGBA{200, 0, 255, 1})
	if r := mustCompare(t, a, b); r.MaxDiff != 0 {
		t.Errorf("alpha 1: %v", r)
	}
	// But alpha itself counts: opaque black vs transparent differs by 255
	// in the alpha channel alone, 1/4 of the channels of one of 3 pixels.
	b.SetNRGBA(0, 0, color.NRGBA{0, 0, 0, 255})
	a.SetNRGBA(0, 0, color.NRGBA{0, 0, 0, 0})
	r := mustCompare(t, a, b)
	want := Result{Width: 3, Height: 1, PSNR: 10 * math.Log10(65025/(65025/12.0)),
		MaxDiff: 255, Pct2: 100.0 / 3, Pct16: 100.0 / 3, BBox: image.Rect(0, 0, 1, 1)}
	if r != want {
		t.Errorf("got %+v, want %+v", r, want)
	}
}

func TestPremultiplyRowExhaustive(t *testing.T) {
	src := make([]uint8, 0, 4*256*256)
	for a := range 256 {
		for c := range 256 {
			src = append(src, uint8(c), uint8(255-c), uint8(c*7), uint8(a))
		}
	}
	dst := make([]uint8, len(src))
	premultiplyRow(dst, src)
	for i := 0; i < len(src); i += 4 {
		want := color.RGBAModel.Convert(color.NRGBA{src[i], src[i+1], src[i+2], src[i+3]}).(color.RGBA)
		if got := (color.RGBA{dst[i], dst[i+1], dst[i+2], dst[i+3]}); got != want {
			t.Fatalf("premultiply %v = %v, want %v", src[i:i+4], got, want)
		}
	}
}

// refCompare is a deliberately plain transcription of the definitions:
// every pixel through At and color.RGBAModel, errors summed in float64.
func refCompare(a, b image.Image) Result {
	ba, bb := a.Bounds(), b.Bounds()
	w, h := ba.Dx(), ba.Dy()
	r := Result{Width: w, Height: h}
	var sq float64
	var n2, n16 int
	for y := range h {
		for x := range w {
			ca := color.RGBAModel.Convert(a.At(ba.Min.X+x, ba.Min.Y+y)).(color.RGBA)
			cb := color.RGBAModel.Convert(b.At(bb.Min.X+x, bb.Min.Y+y)).(color.RGBA)
			d := 0
			for _, v := range []int{
				int(ca.R) - int(cb.R), int(ca.G) - int(cb.G),
				int(ca.B) - int(cb.B), int(ca.A) - int(cb.A),
			} {
				v = max(v, -v)
				sq += float64(v * v)
				d = max(d, v)
			}
			r.MaxDiff = max(r.MaxDiff, d)
			if d > 2 {
				n2++
				r.BBox = r.BBox.Union(image.Rect(x, y, x+1, y+1))
			}
			if d > 16 {
				n16++
			}
		}
	}
	total := float64(w * h)
	mse := sq / (total * 4)
	r.PSNR = math.Inf(1)
	if mse != 0 {
		r.PSNR = 10 * math.Log10(255*255/mse)
	}
	r.Pct2 = 100 * float64(n2) / total
	r.Pct16 = 100 * float64(n16) / total
	return r
}

// hidden hides an image's concrete type, forcing the generic path.
type hidden struct{ image.Image }

// randomImages returns the same random picture, mostly alike between
// calls with different seeds, as several image types, all with the
// bounds r.
func randomImages(r image.Rectangle, seed uint64) []image.Image {
	rng := rand.New(rand.NewPCG(seed, 1))
	base := rand.New(rand.NewPCG(99, 1))
	nrgba := image.NewNRGBA(r)
	for i := range nrgba.Pix {
		nrgba.Pix[i] = uint8(base.IntN(256))
		if i%4 == 3 {
			switch base.IntN(4) {
			case 0:
				nrgba.Pix[i] = 0
			case 1:
				nrgba.Pix[i] = 255
			}
		}
		if rng.IntN(5) == 0 { // perturb
			nrgba.Pix[i] += uint8(rng.IntN(41) - 20)
		}
	}
	rgba := image.NewRGBA(r)
	n64 := image.NewNRGBA64(r)
	r64 := image.NewRGBA64(r)
	gray := image.NewGray(r)
	pal := image.NewPaletted(r, nil)
	for i := range 200 {
		pal.Palette = append(pal.Palette, color.NRGBA{uint8(i * 3), uint8(i * 5), uint8(i * 7), uint8(i * 11)})
	}
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			c := nrgba.NRGBAAt(x, y)
			rgba.Set(x, y, c)
			n64.SetNRGBA64(x, y, color.NRGBA64{uint16(c.R)*257 + uint16(rng.IntN(300)), uint16(c.G) * 257, uint16(c.B) * 257, uint16(c.A) * 257})
			r64.Set(x, y, n64.At(x, y))
			gray.Set(x, y, c)
			pal.SetColorIndex(x, y, uint8(rng.IntN(200)))
		}
	}
	return []image.Image{nrgba, rgba, n64, r64, gray, pal, hidden{nrgba}, hidden{n64}}
}

func TestCompareMatchesReference(t *testing.T) {
	// Odd size, offset origins, and sub-images whose Stride is wider than
	// a row, so the fast paths index rows correctly.
	ra := image.Rect(-3, 5, 34, 29)
	rb := image.Rect(100, -40, 137, -16)
	as := randomImages(ra, 1)
	bs := randomImages(rb, 2)
	big := image.NewNRGBA(image.Rect(0, 0, 60, 50))
	copy(big.Pix, bytes.Repeat([]byte{9, 200, 30, 128, 0, 0, 0, 0, 255, 1, 2, 255}, len(big.Pix)/12))
	bigRGBA := image.NewRGBA(big.Bounds())
	for y := range 50 {
		for x := range 60 {
			bigRGBA.Set(x, y, big.At(x, y))
		}
	}
	as = append(as, big.SubImage(image.Rect(11, 13, 48, 37)), bigRGBA.SubImage(image.Rect(2, 3, 39, 27)))
	bs = append(bs, bigRGBA.SubImage(image.Rect(20, 20, 57, 44)), big.SubImage(image.Rect(0, 0, 37, 24)))
	for _, a := range as {
		for _, b := range bs {
			name := fmt.Sprintf("%T-%T", a, b)
			want := refCompare(a, b)
			got, err := Compare(a, b)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if got != want {
				t.Errorf("%s:\n got %+v\nwant %+v", name, got, want)
			}
			heat, err := Heatmap(a, b)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if wantHeat := refHeatmap(a, b); !bytes.Equal(heat.Pix, wantHeat.Pix) || heat.Rect != wantHeat.Rect {
				t.Errorf("%s: heat map differs from the reference", name)
			}
		}
	}
}

// refHeatmap transcribes the heat-map definition pixel by pixel.
func refHeatmap(a, b image.Image) *image.NRGBA {
	ba, bb := a.Bounds(), b.Bounds()
	heat := image.NewNRGBA(image.Rect(0, 0, ba.Dx(), ba.Dy()))
	for y := range ba.Dy() {
		for x := range ba.Dx() {
			ca := color.RGBAModel.Convert(a.At(ba.Min.X+x, ba.Min.Y+y)).(color.RGBA)
			cb := color.RGBAModel.Convert(b.At(bb.Min.X+x, bb.Min.Y+y)).(color.RGBA)
			d := max(absDiff(ca.R, cb.R), absDiff(ca.G, cb.G), absDiff(ca.B, cb.B), absDiff(ca.A, cb.A))
			var c color.NRGBA
			switch {
			case d == 0:
				inv := 255 - int(ca.A)
				l := (299*(int(ca.R)+inv) + 587*(int(ca.G)+inv) + 114*(int(ca.B)+inv)) / 1000
				g := uint8(200 + l*55/255)
				c = color.NRGBA{g, g, g, 255}
			case d <= 2:
				c = color.NRGBA{150, 190, 255, 255}
			case d <= 16:
				c = color.NRGBA{255, uint8(220 - 100*float64(d-3)/13), 0, 255}
			default:
				t := float64(d-17) / 238
				c = color.NRGBA{uint8(255 - 135*t), 0, uint8(40 * t), 255}
			}
			heat.SetNRGBA(x, y, c)
		}
	}
	return heat
}

func TestHeatmapColours(t *testing.T) {
	// Row 0 of a: opaque white, opaque black, transparent, then grey 100
	// against grey 100+d for the differences listed in ds.
	ds := []int{1, 2, 3, 10, 16, 17, 100, 255}
	w := 3 + len(ds)
	a := image.NewNRGBA(image.Rect(0, 0, w, 1))
	b := image.NewNRGBA(image.Rect(0, 0, w, 1))
	a.SetNRGBA(0, 0, color.NRGBA{255, 255, 255, 255})
	a.SetNRGBA(1, 0, color.NRGBA{0, 0, 0, 255})
	a.SetNRGBA(2, 0, color.NRGBA{12, 34, 56, 0})
	for i := range 3 {
		b.SetNRGBA(i, 0, a.NRGBAAt(i, 0))
	}
	for i, d := range ds {
		a.SetNRGBA(3+i, 0, color.NRGBA{0, 0, 0, 255})
		b.SetNRGBA(3+i, 0, color.NRGBA{0, uint8(d), 0, 255})
	}
	heat, err := Heatmap(a, b)
	if err != nil {
		t.Fatal(err)
	}
	want := []color.NRGBA{
		{255, 255, 255, 255}, // white: 200 + 255·55/255
		{200, 200, 200, 255}, // black
		{255, 255, 255, 255}, // transparent, over white
		{150, 190, 255, 255}, // 1
		{150, 190, 255, 255}, // 2
		{255, 220, 0, 255},   // 3: yellow
		{255, 166, 0, 255},   // 10: 220 - 100·7/13 = 166.15
		{255, 120, 0, 255},   // 16: orange
		{255, 0, 0, 255},     // 17: red
		{208, 0, 13, 255},    // 100: 255 - 135·83/238 = 207.9 → 207? see below
		{120, 0, 40, 255},    // 255: maroon
	}
	// 255 - 135·83/238 = 207.92…, truncated to 207; 40·83/238 = 13.9… → 13.
	want[9] = color.NRGBA{207, 0, 13, 255}
	for x, c := range want {
		if got := heat.NRGBAAt(x, 0); got != c {
			t.Errorf("x=%d: %v, want %v", x, got, c)
		}
	}
}

func TestToleranceCheck(t *testing.T) {
	r := Result{Width: 300, Height: 200, PSNR: 38.123, MaxDiff: 40, Pct2: 1.5, Pct16: 0.734}
	same := Result{Width: 300, Height: 200, PSNR: math.Inf(1)}
	for _, tc := range []struct {
		tol  Tolerance
		r    Result
		want []string // substrings of the error; nil: no error
	}{
		{Tolerance{}, same, nil},
		{Tolerance{}, r, []string{"max diff 40 > 0"}},
		{Tolerance{MinPSNR: 30}, r, nil},
		{Tolerance{MinPSNR: 40}, r, []string{"psnr 38.12 dB < 40 dB"}},
		{Tolerance{MinPSNR: 38.124}, r, []string{"psnr 38.12 dB < 38.124 dB"}},
		{Tolerance{MinPSNR: 38.1231}, r, []string{"psnr 38.12 dB < 38.1231 dB"}},
		{Tolerance{MinPSNR: 40.001}, Result{PSNR: 40.0009}, []string{"psnr 40.00 dB < 40.001 dB"}},
		{Tolerance{MinPSNR: 40}, Result{PSNR: 39.996}, []string{"psnr 39.996 dB < 40 dB"}},
		{Tolerance{MinPSNR: math.Inf(1)}, r, []string{"psnr 38.12 dB < +Inf dB"}},
		{Tolerance{MinPSNR: math.Inf(1)}, same, nil},
		{Tolerance{MaxDiff: 40}, r, nil},
		{Tolerance{MaxDiff: 16}, r, []string{"max diff 40 > 16"}},
		{Tolerance{MaxPct2: 2}, r, nil},
		{Tolerance{MaxPct2: 1}, r, []string{">2/255 1.500% > 1%"}},
		{Tolerance{MaxPct16: 0.5}, r, []string{">16/255 0.734% > 0.5%"}},
		{Tolerance{MaxPct16: 0.7339}, r, []string{">16/255 0.734% > 0.7339%"}},
		{Tolerance{MaxPct16: 0.7344}, Result{Pct16: 0.73449}, []string{">16/255 0.7345% > 0.7344%"}},
		{Tolerance{MaxPct16: 0.7344}, Result{Pct16: 0.73441}, []string{">16/255 0.73441% > 0.7344%"}},
		{Tolerance{MaxPct2: 0.5}, Result{Pct2: 0.5004}, []string{">2/255 0.5004% > 0.5%"}},
		{Tolerance{MaxPct16: 0.734}, r, nil},
		{Tolerance{MinPSNR: -1, MaxDiff: -1, MaxPct2: -1, MaxPct16: -1}, r, nil}, // negative: unchecked
		{Tolerance{MinPSNR: 40, MaxDiff: 16, MaxPct2: 1, MaxPct16: 0.5}, r, []string{
			"psnr 38.12 dB < 40 dB", "max diff 40 > 16", ">2/255 1.500% > 1%", ">16/255 0.734% > 0.5%"}},
		{Tolerance{MinPSNR: 40, MaxPct16: 0.5}, same, nil},
	} {
		err := tc.tol.Check(tc.r)
		if tc.want == nil {
			if err != nil {
				t.Errorf("%+v on %v: unexpected %v", tc.tol, tc.r, err)
			}
			continue
		}
		if err == nil {
			t.Errorf("%+v on %v: no error, want %q", tc.tol, tc.r, tc.want)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%+v on %v: error %q lacks %q", tc.tol, tc.r, err, w)
			}
		}
		if n := strings.Count(err.Error(), ";") + 1; n != len(tc.want) {
			t.Errorf("%+v: error %q names %d bounds, want %d", tc.tol, err, n, len(tc.want))
		}
	}
}

func ExampleTolerance_Check() {
	ref := image.NewNRGBA(image.Rect(0, 0, 10, 10))
	got := image.NewRGBA(image.Rect(0, 0, 10, 10))
	for i := range ref.Pix {
		ref.Pix[i], got.Pix[i] = 255, 255
	}
	got.Pix[4*55] = 230 // pixel (5, 5) 25/255 off in red: MSE 625/400, PSNR 46.19 dB
	r, err := Compare(got, ref)
	if err != nil {
		panic(err)
	}
	fmt.Println(r)
	fmt.Println(Tolerance{MinPSNR: 40, MaxPct16: 0.5}.Check(r))
	fmt.Println(Tolerance{MinPSNR: 40, MaxPct16: 1}.Check(r))
	// Output:
	// 10x10  psnr=46.19 dB  max=25  >2/255=1.000%  >16/255=1.000%  bbox=5,5-5,5
	// golden: >16/255 1.000% > 0.5%
	// <nil>
}

func TestPNGRoundTrip(t *testing.T) {
	m := image.NewNRGBA(image.Rect(0, 0, 4, 3))
	for i := range m.Pix {
		m.Pix[i] = uint8(i * 37)
	}
	p := filepath.Join(t.TempDir(), "m.png")
	if err := WritePNG(p, m); err != nil {
		t.Fatal(err)
	}
	got, err := ReadPNG(p)
	if err != nil {
		t.Fatal(err)
	}
	n, ok := got.(*image.NRGBA)
	if !ok || !bytes.Equal(n.Pix, m.Pix) || n.Rect != m.Rect {
		t.Errorf("round trip: got %T %v", got, got.Bounds())
	}
	if _, err := ReadPNG(filepath.Join(t.TempDir(), "missing.png")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
	bad := filepath.Join(t.TempDir(), "bad.png")
	if err := os.WriteFile(bad, []byte("not a png"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadPNG(bad); err == nil || !strings.Contains(err.Error(), "bad.png") {
		t.Errorf("bad file: %v", err)
	}
	if err := WritePNG(filepath.Join(t.TempDir(), "no", "such", "dir.png"), m); err == nil {
		t.Error("WritePNG into a missing directory: no error")
	}
}

// ---- agreement with the oracle's compare tool ----

// oracleDir returns shared/oracle, found as ../shared next to the module
// root (the directory holding go.mod, searched upwards from the test's
// working directory), or skips the test.
func oracleDir(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Skip(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("no go.mod above the working directory")
		}
		dir = parent
	}
	oracle := filepath.Join(dir, "..", "shared", "oracle")
	for _, p := range []string{"go.mod", filepath.Join("compare", "main.go"), "reference"} {
		if _, err := os.Stat(filepath.Join(oracle, p)); err != nil {
			t.Skipf("oracle not available: %v", err)
		}
	}
	return oracle
}

// buildOracle compiles the oracle's compare command (the same code `go run
// ./compare` runs) once, into a temporary directory.
func buildOracle(t *testing.T, oracle string) string {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("go command not available: %v", err)
	}
	bin := filepath.Join(t.TempDir(), "compare")
	cmd := exec.Command(goBin, "build", "-o", bin, "./compare")
	cmd.Dir = oracle
	cmd.Env = append(os.Environ(), "GOWORK=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building the oracle's compare: %v\n%s", err, out)
	}
	return bin
}

type oracleJSON struct {
	Width   int      `json:"width"`
	Height  int      `json:"height"`
	PSNR    *float64 `json:"psnr"`
	MaxDiff int      `json:"max_diff"`
	Pct2    float64  `json:"pct_over_2"`
	Pct16   float64  `json:"pct_over_16"`
	BBox    string   `json:"bbox"`
	Error   string   `json:"error"`
}

// runOracle runs the tool on a pair: its -json result, its text line, and
// its heat map.
func runOracle(t *testing.T, bin, a, b string) (oracleJSON, string, image.Image) {
	t.Helper()
	heatPath := filepath.Join(t.TempDir(), "heat.png")
	out, err := exec.Command(bin, "-json", a, b, heatPath).Output()
	if err != nil {
		t.Fatalf("oracle compare -json %s %s: %v\n%s", a, b, err, out)
	}
	var j oracleJSON
	if err := json.Unmarshal(out, &j); err != nil {
		t.Fatalf("oracle output %q: %v", out, err)
	}
	text, err := exec.Command(bin, a, b).Output()
	if err != nil {
		t.Fatalf("oracle compare %s %s: %v\n%s", a, b, err, text)
	}
	heat, err := ReadPNG(heatPath)
	if err != nil {
		t.Fatal(err)
	}
	return j, strings.TrimSuffix(string(text), "\n"), heat
}

func checkAgainstOracle(t *testing.T, bin, pa, pb string) {
	t.Helper()
	a, err := ReadPNG(pa)
	if err != nil {
		t.Fatal(err)
	}
	b, err := ReadPNG(pb)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Compare(a, b)
	if err != nil {
		t.Fatal(err)
	}
	j, text, oheat := runOracle(t, bin, pa, pb)
	t.Logf("%T vs %T: %v", a, b, r)

	const eps = 1e-9
	if j.Width != r.Width || j.Height != r.Height || j.MaxDiff != r.MaxDiff {
		t.Errorf("size/max: oracle %dx%d max %d, ours %dx%d max %d", j.Width, j.Height, j.MaxDiff, r.Width, r.Height, r.MaxDiff)
	}
	if j.PSNR == nil {
		if !math.IsInf(r.PSNR, 1) {
			t.Errorf("psnr: oracle inf, ours %v", r.PSNR)
		}
	} else if math.Abs(*j.PSNR-r.PSNR) > eps {
		t.Errorf("psnr: oracle %.17g, ours %.17g", *j.PSNR, r.PSNR)
	}
	if math.Abs(j.Pct2-r.Pct2) > eps || math.Abs(j.Pct16-r.Pct16) > eps {
		t.Errorf("pct: oracle %.17g/%.17g, ours %.17g/%.17g", j.Pct2, j.Pct16, r.Pct2, r.Pct16)
	}
	bbox := ""
	if !r.BBox.Empty() {
		bbox = fmt.Sprintf("%d,%d-%d,%d", r.BBox.Min.X, r.BBox.Min.Y, r.BBox.Max.X-1, r.BBox.Max.Y-1)
	}
	if j.BBox != bbox {
		t.Errorf("bbox: oracle %q, ours %q (%v)", j.BBox, bbox, r.BBox)
	}
	if text != r.String() {
		t.Errorf("text:\noracle %q\nours   %q", text, r.String())
	}

	heat, err := Heatmap(a, b)
	if err != nil {
		t.Fatal(err)
	}
	if heat.Bounds() != oheat.Bounds() {
		t.Fatalf("heat map bounds: ours %v, oracle %v", heat.Bounds(), oheat.Bounds())
	}
	for y := range heat.Rect.Dy() {
		for x := range heat.Rect.Dx() {
			if h, o := heat.NRGBAAt(x, y), color.NRGBAModel.Convert(oheat.At(x, y)); h != o {
				t.Fatalf("heat map at (%d,%d): ours %v, oracle %v", x, y, h, o)
			}
		}
	}
}

func TestCompareMatchesOracle(t *testing.T) {
	oracle := oracleDir(t)
	bin := buildOracle(t, oracle)
	ref := func(name string) string { return filepath.Join(oracle, "reference", name+".png") }

	t.Run("reference-pairs", func(t *testing.T) {
		for _, p := range [][2]string{
			{"010-fillrect-basic", "011-fillstyle-color-formats"},
			{"110-arc-full-circle", "120-arc-ccw"},
			{"415-transform-settransform", "400-translate-rotate"},
			{"420-clip-round-avatar", "425-clip-nested-intersection"},
			{"600-shadow-blur", "610-shadow-offset-noblur"},
			{"630-global-alpha", "640-shadow-property-api"},
			{"700-composite-destination-out", "620-shadow-text"},
			{"030-clearrect", "180-beginpath-fillrect-independent"},
			{"710-composite-porter-duff", "720-composite-blend-modes"},
			{"950-poster-product", "951-poster-profile-card"},
			{"300-gradient-circular", "300-gradient-circular"},
		} {
			t.Run(p[0]+"_vs_"+p[1], func(t *testing.T) {
				checkAgainstOracle(t, bin, ref(p[0]), ref(p[1]))
			})
		}
	})

	t.Run("modified-copies", func(t *testing.T) {
		dir := t.TempDir()
		basePath := ref("630-global-alpha") // transparent, semi-transparent and opaque pixels
		base, err := ReadPNG(basePath)
		if err != nil {
			t.Fatal(err)
		}
		orig, ok := base.(*image.NRGBA)
		if !ok {
			t.Fatalf("reference decodes as %T, want *image.NRGBA", base)
		}
		variants := modifiedCopies(orig)
		for _, v := range variants {
			p := filepath.Join(dir, v.name+".png")
			if err := WritePNG(p, v.m); err != nil {
				t.Fatal(err)
			}
			t.Run(v.name, func(t *testing.T) {
				checkAgainstOracle(t, bin, basePath, p)
			})
		}
		// The variants against each other, in both orders for one pair.
		for i := 1; i < len(variants); i++ {
			pa := filepath.Join(dir, variants[i-1].name+".png")
			pb := filepath.Join(dir, variants[i].name+".png")
			t.Run(variants[i-1].name+"_vs_"+variants[i].name, func(t *testing.T) {
				checkAgainstOracle(t, bin, pa, pb)
			})
		}
		t.Run("reversed", func(t *testing.T) {
			checkAgainstOracle(t, bin, filepath.Join(dir, variants[0].name+".png"), basePath)
		})
	})

	t.Run("opaque-as-RGBA", func(t *testing.T) {
		// An opaque *image.RGBA is written as an RGB PNG and read back as
		// *image.RGBA: the other fast path.
		dir := t.TempDir()
		var paths []string
		for _, name := range []string{"420-clip-round-avatar", "800-drawimage-9arg"} {
			m, err := ReadPNG(ref(name))
			if err != nil {
				t.Fatal(err)
			}
			rgba := image.NewRGBA(m.Bounds())
			for y := range m.Bounds().Dy() {
				for x := range m.Bounds().Dx() {
					rgba.Set(x, y, m.At(x, y))
				}
			}
			rgba.Pix[4*(10*300+10)] ^= 0x55
			p := filepath.Join(dir, name+".png")
			if err := WritePNG(p, rgba); err != nil {
				t.Fatal(err)
			}
			if back, _ := ReadPNG(p); fmt.Sprintf("%T", back) != "*image.RGBA" {
				t.Fatalf("%s reads back as %T", p, back)
			}
			paths = append(paths, p)
		}
		checkAgainstOracle(t, bin, paths[0], paths[1])
		checkAgainstOracle(t, bin, paths[0], ref("420-clip-round-avatar"))
		checkAgainstOracle(t, bin, ref("600-shadow-blur"), paths[1])
	})

	t.Run("size-mismatch", func(t *testing.T) {
		a, b := ref("010-fillrect-basic"), ref("710-composite-porter-duff")
		out, _ := exec.Command(bin, "-json", a, b).Output()
		var j oracleJSON
		if err := json.Unmarshal(out, &j); err != nil || !strings.Contains(j.Error, "size differs") {
			t.Fatalf("oracle on a size mismatch: %q (%v)", out, err)
		}
		ma, _ := ReadPNG(a)
		mb, _ := ReadPNG(b)
		if _, err := Compare(ma, mb); err == nil {
			t.Error("Compare: no error on a size mismatch")
		}
	})
}

type variant struct {
	name string
	m    image.Image
}

// modifiedCopies returns copies of orig changed in the ways a renderer's
// output drifts from a reference, stored as several PNG pixel types.
func modifiedCopies(orig *image.NRGBA) []variant {
	b := orig.Bounds()
	rng := rand.New(rand.NewPCG(2024, 7))
	clone := func() *image.NRGBA {
		m := image.NewNRGBA(b)
		copy(m.Pix, orig.Pix)
		return m
	}

	// Scattered small and large channel deltas, alpha included.
	deltas := clone()
	for range 3000 {
		i := rng.IntN(len(deltas.Pix))
		d := []int{1, -1, 2, -2, 3, -3, 16, -16, 17, -17, 60, -255, 255}[rng.IntN(13)]
		deltas.Pix[i] = uint8(max(0, min(255, int(deltas.Pix[i])+d)))
	}

	// Semi-transparency: a band whose alpha sweeps 0..255, colours kept;
	// transparent pixels recoloured (equal after premultiplying); colours
	// nudged under low alpha (mostly equal after premultiplying).
	semi := clone()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			i := semi.PixOffset(x, y)
			p := semi.Pix[i : i+4 : i+4]
			switch {
			case y >= 40 && y < 80:
				p[3] = uint8(x * 255 / (b.Dx() - 1))
			case p[3] == 0:
				p[0], p[1], p[2] = uint8(x), uint8(y), uint8(x^y)
			case p[3] < 64:
				p[0] ^= uint8(rng.IntN(64))
				p[2] ^= uint8(rng.IntN(8))
			case y >= 150 && p[3] < 255:
				p[3] = uint8(int(p[3]) * 3 / 4)
			}
		}
	}

	// The same pixels in other PNG types, read back through the generic
	// paths: 16-bit with low bits that survive premultiplying differently,
	// grey, and a paletted image with semi-transparent entries.
	n64 := image.NewNRGBA64(b)
	gray := image.NewGray(b)
	pal := image.NewPaletted(b, nil)
	for i := range 256 {
		pal.Palette = append(pal.Palette, color.NRGBA{uint8(i), uint8(255 - i), uint8(i * 3), uint8(255 - i%7*40)})
	}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := semi.NRGBAAt(x, y)
			n64.SetNRGBA64(x, y, color.NRGBA64{
				uint16(c.R)*257 + uint16(rng.IntN(256)), uint16(c.G)*257 - uint16(min(c.G, 1)),
				uint16(c.B) * 257, uint16(c.A)*257 - uint16(rng.IntN(int(c.A)+1)),
			})
			gray.Set(x, y, c)
			pal.SetColorIndex(x, y, c.G)
		}
	}
	return []variant{
		{"deltas", deltas},
		{"semi", semi},
		{"semi-nrgba64", n64},
		{"semi-gray", gray},
		{"semi-paletted", pal},
	}
}

func BenchmarkCompare(b *testing.B) {
	poster, render := benchPoster()
	for _, tc := range []struct {
		name string
		a, c image.Image
	}{
		// A render (*image.RGBA) against its reference (*image.NRGBA from
		// a PNG), differing on 1% of the pixels: the usual golden test.
		{"RGBA-vs-NRGBA-sparse", render, poster},
		// Worst cases: semi-transparent everywhere, 4% of pixels differ.
		{"NRGBA-dense", benchNRGBA(0), benchNRGBA(1)},
		{"RGBA-dense", benchRGBA(0), benchRGBA(1)},
		{"NRGBA-identical", benchNRGBA(0), benchNRGBA(0)},
	} {
		b.Run(tc.name, func(b *testing.B) {
			b.SetBytes(int64(4 * 750 * 1334))
			for b.Loop() {
				if _, err := Compare(tc.a, tc.c); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// benchPoster returns a poster-sized reference, opaque with a transparent
// corner and anti-aliased edges, and a render of it as *image.RGBA with
// 1% of the pixels off by a little.
func benchPoster() (*image.NRGBA, *image.RGBA) {
	ref := image.NewNRGBA(image.Rect(0, 0, 750, 1334))
	for y := range 1334 {
		for x := range 750 {
			c := color.NRGBA{uint8(x / 3), uint8(y / 6), 200, 255}
			switch {
			case x < 100 && y < 100:
				c = color.NRGBA{}
			case (x+y)%40 == 0:
				c.A = uint8(x * y)
			}
			ref.SetNRGBA(x, y, c)
		}
	}
	render := image.NewRGBA(ref.Rect)
	premultiplyRow(render.Pix, ref.Pix)
	rng := rand.New(rand.NewPCG(1, 2))
	for range 750 * 1334 / 100 {
		i := 4 * rng.IntN(750*1334)
		render.Pix[i] = uint8(min(int(render.Pix[i])+1+rng.IntN(4), int(render.Pix[i+3])))
	}
	return ref, render
}

// benchNRGBA is a poster-sized image, semi-transparent in places, with
// every 97th byte changed when seed is 1.
func benchNRGBA(seed int) *image.NRGBA {
	m := image.NewNRGBA(image.Rect(0, 0, 750, 1334))
	for i := range m.Pix {
		m.Pix[i] = uint8(i * 31 >> 3)
		if seed == 1 && i%97 == 0 {
			m.Pix[i] += 5
		}
	}
	return m
}

func benchRGBA(seed int) *image.RGBA {
	n := benchNRGBA(seed)
	m := image.NewRGBA(n.Rect)
	premultiplyRow(m.Pix, n.Pix)
	return m
}
