package imagesrc

import (
	"image"
	"image/draw"
	"image/png"
	"math"
	"os"
	"testing"
)

func readNRGBA(t *testing.T, path string) *image.NRGBA {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	n := image.NewNRGBA(m.Bounds())
	draw.Draw(n, n.Rect, m, m.Bounds().Min, draw.Src) // exact for 8-bit RGBA and NRGBA
	return n
}

// compareToChromium decodes src and compares it, premultiplied, with
// Chromium's decode ref (getImageData values). It returns the PSNR over the
// colour and alpha channels and the largest difference.
func compareToChromium(t *testing.T, src, ref string) (psnr float64, maxDiff int) {
	t.Helper()
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	pm, _, err := decode(src, data, testLimits)
	if err != nil {
		t.Fatal(err)
	}
	want := readNRGBA(t, ref)
	if pm.Width != want.Rect.Dx() || pm.Height != want.Rect.Dy() {
		t.Fatalf("%s: %dx%d, Chromium %v", src, pm.Width, pm.Height, want.Rect.Size())
	}
	var se float64
	for y := 0; y < pm.Height; y++ {
		for x := 0; x < pm.Width; x++ {
			c := want.NRGBAAt(x, y)
			w := [4]byte{mul255(c.R, c.A), mul255(c.G, c.A), mul255(c.B, c.A), c.A}
			got := pixel(pm, x, y)
			for k := range 4 {
				d := int(got[k]) - int(w[k])
				se += float64(d * d)
				maxDiff = max(maxDiff, d, -d)
			}
		}
	}
	mse := se / float64(4*pm.Width*pm.Height)
	return 10 * math.Log10(255*255/max(mse, 1e-10)), maxDiff
}

// JPEG chroma is upsampled and converted as libjpeg-turbo does. With
// image/jpeg's own conversion (nearest chroma) the same file measured
// 43.1 dB, largest difference 38/255; the rest now is the IDCT (±3).
func TestJPEGMatchesChromium(t *testing.T) {
	psnr, maxDiff := compareToChromium(t, "testdata/photo.jpg", "testdata/photo.chromium.png")
	t.Logf("photo.jpg: %.2f dB, max %d", psnr, maxDiff)
	if psnr < 60 || maxDiff > 4 {
		t.Errorf("photo.jpg vs Chromium: %.2f dB, max %d; want ≥ 60 dB, ≤ 4", psnr, maxDiff)
	}
}

// Lossy WebP is converted as libwebp does: identical to Chromium when
// opaque (image/color's full-range conversion measured 30.3 dB, max
// 32/255), within 1 when premultiplied by alpha.
func TestWebPMatchesChromium(t *testing.T) {
	psnr, maxDiff := compareToChromium(t, "testdata/photo-lossy.webp", "testdata/photo-lossy.chromium.png")
	if maxDiff != 0 {
		t.Errorf("photo-lossy.webp vs Chromium: %.2f dB, max %d; want identical", psnr, maxDiff)
	}
	psnr, maxDiff = compareToChromium(t, "testdata/photo-lossy-alpha.webp", "testdata/photo-lossy-alpha.chromium.png")
	if maxDiff > 1 {
		t.Errorf("photo-lossy-alpha.webp vs Chromium: %.2f dB, max %d; want ≤ 1", psnr, maxDiff)
	}
}

// upsample2 is jdsample.c's horizontal triangle filter written plainly,
// the reference for jpegRowH2's fused version.
func upsample2(out []byte, s []int32, shift uint) {
	n := len(s)
	var b1, b2 int32 = 8, 7 // h2v2
	if shift == 2 {
		b1, b2 = 1, 2
	}
	out = out[:2*n]
	if n == 1 {
		v := byte((s[0]<<2 + b1) >> shift)
		out[0], out[1] = v, v
		return
	}
	out[0] = byte((4*s[0] + b1) >> shift)
	out[1] = byte((3*s[0] + s[1] + b2) >> shift)
	prev, cur := s[0], s[1]
	for i := 1; i < n-1; i++ {
		next := s[i+1]
		o := out[2*i : 2*i+2 : 2*i+2]
		c3 := 3 * cur
		o[0] = byte((c3 + prev + b1) >> shift)
		o[1] = byte((c3 + next + b2) >> shift)
		prev, cur = cur, next
	}
	out[2*n-2] = byte((3*cur + prev + b1) >> shift)
	out[2*n-1] = byte((4*cur + b2) >> shift)
}

// Hand-computed libjpeg triangle filter values.
func TestUpsample2(t *testing.T) {
	out := make([]byte, 6)
	// h2v1: samples 0, 100, 200 -> 0, 25, 75, 125, 175, 200.
	upsample2(out, []int32{0, 100, 200}, 2)
	if want := []byte{0, 25, 75, 125, 175, 200}; string(out) != string(want) {
		t.Errorf("h2v1: %v, want %v", out, want)
	}
	// h2v2 column sums 3·near+far of a flat 12: 48 -> 12 everywhere.
	upsample2(out, []int32{48, 48, 48}, 4)
	if want := []byte{12, 12, 12, 12, 12, 12}; string(out) != string(want) {
		t.Errorf("h2v2 flat: %v", out)
	}
	// Biases alternate: sums 0 and 16 -> (0*4+8)>>4=0, (0+16+7)>>4=1, (48+0+8)>>4=3, (64+7)>>4=4.
	upsample2(out[:4], []int32{0, 16}, 4)
	if want := []byte{0, 1, 3, 4}; string(out[:4]) != string(want) {
		t.Errorf("h2v2 biases: %v, want %v", out[:4], want)
	}
	// The fused row converter equals upsampling then converting, for
	// every width parity and both filters.
	seed := uint32(7)
	rnd := func() int32 { seed = seed*1664525 + 1013904223; return int32(seed >> 24) }
	for _, w := range []int{1, 2, 3, 4, 17, 64, 101} {
		for _, v2 := range []bool{false, true} {
			n := (w + 1) / 2
			sb, sr, y := make([]int32, n), make([]int32, n), make([]byte, w)
			for i := range n {
				sb[i], sr[i] = rnd(), rnd()
				if v2 {
					sb[i], sr[i] = 3*sb[i]+rnd(), 3*sr[i]+rnd()
				}
			}
			for i := range y {
				y[i] = byte(rnd())
			}
			shift, b1, b2 := uint(2), int32(1), int32(2)
			if v2 {
				shift, b1, b2 = 4, 8, 7
			}
			cb, cr := make([]byte, 2*n), make([]byte, 2*n)
			upsample2(cb, sb, shift)
			upsample2(cr, sr, shift)
			want, got := make([]byte, 4*w), make([]byte, 4*w)
			jpegRow(want, y, cb[:w], cr[:w])
			jpegRowH2(got, y, sb, sr, shift, b1, b2)
			if string(got) != string(want) {
				t.Fatalf("w=%d v2=%v: fused row differs", w, v2)
			}
		}
	}
}
