package codec

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"hash/adler32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/postercanvas/postercanvas/raster"
)

// Colour situations of the round-trip tests.
const (
	kindOpaque = iota
	kindTransparent
	kindSemi
	kindFewOpaque // ≤ 256 colours, opaque
	kindFewSemi   // ≤ 256 colours, some translucent
	kindGradient  // smooth (for JPEG's PSNR bound)
	numKinds
)

var kindNames = []string{"opaque", "transparent", "semi", "few-opaque", "few-semi", "gradient"}

// premul returns a valid premultiplied pixel (channels ≤ alpha).
func premul(r, g, b, a uint8) [4]uint8 {
	m := func(c uint8) uint8 { return uint8((int(c)*int(a) + 127) / 255) }
	return [4]uint8{m(r), m(g), m(b), a}
}

func randomPixmap(rng *rand.Rand, w, h, kind int) *raster.Pixmap {
	p, err := raster.NewPixmap(w, h)
	if err != nil {
		panic(err)
	}
	var pal [][4]uint8
	if kind == kindFewOpaque || kind == kindFewSemi {
		n := 1 + rng.IntN(256)
		for i := 0; i < n; i++ {
			a := uint8(255)
			if kind == kindFewSemi && rng.IntN(3) == 0 {
				a = uint8(rng.IntN(256))
			}
			pal = append(pal, premul(uint8(rng.IntN(256)), uint8(rng.IntN(256)), uint8(rng.IntN(256)), a))
		}
	}
	fx, fy := rng.Float64()*4, rng.Float64()*4
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			var px [4]uint8
			switch kind {
			case kindOpaque:
				px = [4]uint8{uint8(rng.IntN(256)), uint8(rng.IntN(256)), uint8(rng.IntN(256)), 255}
				if rng.IntN(4) == 0 && x > 0 { // some runs
					copy(px[:], p.Pix[y*p.Stride+4*x-4:])
				}
			case kindTransparent:
			case kindSemi:
				px = premul(uint8(rng.IntN(256)), uint8(rng.IntN(256)), uint8(rng.IntN(256)), uint8(rng.IntN(256)))
			case kindFewOpaque, kindFewSemi:
				px = pal[rng.IntN(len(pal))]
			case kindGradient:
				v := func(s float64) uint8 { return uint8(127.5 + 127.5*math.Sin(s)) }
				px = [4]uint8{v(float64(x) * fx / 40), v(float64(y) * fy / 40), v(float64(x+y) / 60), 255}
			}
			copy(p.Pix[y*p.Stride+4*x:], px[:])
		}
	}
	return p
}

// straight returns the expected decoded pixel: what Chromium writes.
func straight(p *raster.Pixmap, x, y int) color.NRGBA {
	s := p.Pix[y*p.Stride+4*x:]
	a := s[3]
	return color.NRGBA{Unpremultiply(s[0], a), Unpremultiply(s[1], a), Unpremultiply(s[2], a), a}
}

func decodedNRGBA(m image.Image, x, y int) color.NRGBA {
	switch m := m.(type) {
	case *image.NRGBA:
		return m.NRGBAAt(x, y)
	case *image.RGBA:
		c := m.RGBAAt(x, y)
		if c.A != 255 {
			panic("RGBA decode of a translucent PNG")
		}
		return color.NRGBA(c)
	case *image.Paletted:
		switch c := m.Palette[m.ColorIndexAt(x, y)].(type) {
		case color.NRGBA:
			return c
		case color.RGBA:
			return color.NRGBA(c)
		}
	}
	panic(fmt.Sprintf("unexpected decoded type %T", m))
}

func checkPNG(t *testing.T, p *raster.Pixmap, o PNGOptions, what string) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := EncodePNG(&buf, p, &o); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	m, err := png.Decode(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatalf("%s: image/png cannot decode: %v", what, err)
	}
	if m.Bounds() != image.Rect(0, 0, p.Width, p.Height) {
		t.Fatalf("%s: decoded bounds %v", what, m.Bounds())
	}
	for y := 0; y < p.Height; y++ {
		for x := 0; x < p.Width; x++ {
			if got, want := decodedNRGBA(m, x, y), straight(p, x, y); got != want {
				t.Fatalf("%s: pixel (%d,%d) = %v, want %v", what, x, y, got, want)
			}
		}
	}
	return buf.Bytes()
}

func TestPNGRoundTrip(t *testing.T) {
	defer func(v int64) { minBandBytes = v }(minBandBytes)
	minBandBytes = 256 // parallel bands on small images too
	rng := rand.New(rand.NewPCG(1, 2))
	sizes := [][2]int{{1, 1}, {1, 7}, {7, 1}, {2, 2}, {4097, 3}, {3, 4097}, {33, 17}}
	for i := 0; i < 6; i++ {
		sizes = append(sizes, [2]int{1 + rng.IntN(300), 1 + rng.IntN(300)})
	}
	for _, sz := range sizes {
		for kind := 0; kind < numKinds; kind++ {
			p := randomPixmap(rng, sz[0], sz[1], kind)
			for _, lvl := range []PNGLevel{PNGFast, PNGDefault, PNGBest} {
				if lvl == PNGBest && sz[0]*sz[1] > 20000 && kind == kindOpaque {
					continue // level 9 on noise is slow and adds nothing
				}
				for _, workers := range []int{1, 2, 3, 8} {
					for _, pm := range []PaletteMode{PaletteAuto, PaletteNever} {
						what := fmt.Sprintf("%dx%d %s %s workers=%d palette=%d", sz[0], sz[1], kindNames[kind], lvl, workers, pm)
						checkPNG(t, p, PNGOptions{Level: lvl, Workers: workers, Palette: pm}, what)
					}
				}
			}
		}
	}
}

// TestPNGColorTypes checks the colour type each situation is written as.
func TestPNGColorTypes(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for kind, want := range map[int]byte{kindOpaque: ctRGB, kindSemi: ctRGBA, kindFewOpaque: ctIndexed, kindFewSemi: ctIndexed, kindTransparent: ctIndexed} {
		p := randomPixmap(rng, 64, 64, kind)
		if kind == kindOpaque || kind == kindSemi {
			// Make sure there are over 256 colours.
			for i := 0; i < 300; i++ {
				copy(p.Pix[4*i:], []byte{byte(i), byte(i >> 8), 0, 255})
				if kind == kindSemi {
					p.Pix[4*i+3] = 200 + byte(i%50)
					p.Pix[4*i] = byte(i % 200)
					p.Pix[4*i+1] = byte(i / 200)
				}
			}
		}
		b := checkPNG(t, p, PNGOptions{}, kindNames[kind])
		if got := b[8+8+9]; got != want {
			t.Errorf("%s: colour type %d, want %d", kindNames[kind], got, want)
		}
		b = checkPNG(t, p, PNGOptions{Palette: PaletteNever}, kindNames[kind])
		if got := b[8+8+9]; got == ctIndexed {
			t.Errorf("%s: PaletteNever wrote indexed colour", kindNames[kind])
		}
	}
}

// TestPNGParallelMatchesSerialPixels: worker counts change only how the
// stream is cut, never the pixels; and a parallel stream really has more
// than one band (a sync flush marker 00 00 FF FF).
func TestPNGParallel(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	p := randomPixmap(rng, 700, 800, kindGradient)
	one := checkPNG(t, p, PNGOptions{Workers: 1}, "workers=1")
	two := checkPNG(t, p, PNGOptions{Workers: 2}, "workers=2")
	if bytes.Equal(one, two) {
		t.Fatal("two workers wrote the same stream as one: no bands")
	}
	if !bytes.Contains(two, []byte{0, 0, 0xff, 0xff}) {
		t.Error("no sync flush point in the two-band stream")
	}
	// The zlib stream reads to its end with a correct Adler-32 (the
	// reader checks it at EOF) and holds every filtered row.
	for _, b := range [][]byte{one, two} {
		var idat []byte
		for i := 8; i+8 <= len(b); {
			n := int(binary.BigEndian.Uint32(b[i:]))
			if string(b[i+4:i+8]) == "IDAT" {
				idat = append(idat, b[i+8:i+8+n]...)
			}
			i += 12 + n
		}
		zr, err := zlib.NewReader(bytes.NewReader(idat))
		if err != nil {
			t.Fatal(err)
		}
		raw, err := io.ReadAll(zr)
		if err != nil {
			t.Fatalf("zlib stream: %v", err)
		}
		if len(raw) != p.Height*(1+3*p.Width) {
			t.Fatalf("zlib stream holds %d bytes, want %d", len(raw), p.Height*(1+3*p.Width))
		}
	}
	small := randomPixmap(rng, 20, 20, kindGradient)
	a := checkPNG(t, small, PNGOptions{Workers: 1}, "small 1")
	b := checkPNG(t, small, PNGOptions{Workers: 8}, "small 8")
	if !bytes.Equal(a, b) {
		t.Error("a small image was split into bands")
	}
}

func TestAdler32Combine(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for i := 0; i < 200; i++ {
		a := make([]byte, rng.IntN(20000))
		b := make([]byte, rng.IntN(20000))
		for j := range a {
			a[j] = byte(rng.IntN(256))
		}
		for j := range b {
			b[j] = byte(rng.IntN(256))
		}
		whole := adler32Update(1, append(append([]byte{}, a...), b...))
		if std := adler32.Checksum(append(append([]byte{}, a...), b...)); whole != std {
			t.Fatalf("adler32Update = %08x, hash/adler32 %08x", whole, std)
		}
		if got := adler32Combine(adler32Update(1, a), adler32Update(1, b), int64(len(b))); got != whole {
			t.Fatalf("combine = %08x, want %08x", got, whole)
		}
	}
}

func TestUnpremultiplyTable(t *testing.T) {
	for a := 0; a < 256; a++ {
		for c := 0; c <= a; c++ {
			got := int(Unpremultiply(uint8(c), uint8(a)))
			if a == 0 {
				if got != 0 {
					t.Fatalf("U(%d,0) = %d", c, got)
				}
				continue
			}
			// Within one level of exact rounding, and premultiplying
			// back gives c (the conversion loses nothing).
			exact := float64(c) * 255 / float64(a)
			if math.Abs(float64(got)-exact) > 0.5+1e-4 {
				t.Fatalf("U(%d,%d) = %d, exact %.4f", c, a, got, exact)
			}
			if back := (got*a + 127) / 255; back != c {
				t.Fatalf("premul(U(%d,%d)=%d) = %d", c, a, got, back)
			}
		}
	}
}

func TestPNGErrors(t *testing.T) {
	var buf bytes.Buffer
	if err := EncodePNG(&buf, &raster.Pixmap{}, nil); err == nil {
		t.Error("empty pixmap: no error")
	}
	if err := EncodePNG(&buf, &raster.Pixmap{Width: 10, Height: 10, Stride: 40, Pix: make([]byte, 10)}, nil); err == nil {
		t.Error("short buffer: no error")
	}
	p, _ := raster.NewPixmap(2, 2)
	if err := EncodePNG(&buf, p, &PNGOptions{Level: 7}); err == nil {
		t.Error("unknown level: no error")
	}
	if _, err := ParsePNGLevel("fastest"); err == nil {
		t.Error("ParsePNGLevel(fastest): no error")
	}
	if err := EncodeJPEG(&buf, &raster.Pixmap{}, nil); err == nil {
		t.Error("jpeg empty pixmap: no error")
	}
	if _, err := ParseChroma("422"); err == nil {
		t.Error("ParseChroma(422): no error")
	}
}

// psnr compares a decoded JPEG with the white-matted source.
func psnr(p *raster.Pixmap, m image.Image) float64 {
	var se float64
	for y := 0; y < p.Height; y++ {
		for x := 0; x < p.Width; x++ {
			s := p.Pix[y*p.Stride+4*x:]
			r, g, b, _ := m.At(x, y).RGBA()
			k := 255 - int(s[3])
			for i, d := range []uint32{r, g, b} {
				e := float64(int(s[i])+k) - float64(d>>8)
				se += e * e
			}
		}
	}
	mse := se / float64(3*p.Width*p.Height)
	if mse == 0 {
		return 99
	}
	return 10 * math.Log10(255*255/mse)
}

// TestJPEGRoundTrip: every size, colour situation, chroma mode and worker
// count decodes (image/jpeg) to the same size; smooth images come back
// within the PSNR bound at quality 0.9, no more than 1 dB under
// image/jpeg at the same quality; worker counts give identical pixels.
func TestJPEGRoundTrip(t *testing.T) {
	defer func(v int) { minJPEGParallelPixels = v }(minJPEGParallelPixels)
	minJPEGParallelPixels = 1
	rng := rand.New(rand.NewPCG(9, 10))
	sizes := [][2]int{{1, 1}, {1, 9}, {9, 1}, {17, 17}, {4097, 3}, {3, 300}, {123, 77}, {256, 256}}
	for _, sz := range sizes {
		for kind := 0; kind < numKinds; kind++ {
			p := randomPixmap(rng, sz[0], sz[1], kind)
			for _, ch := range []Chroma{Chroma420, Chroma444} {
				var first image.Image
				for _, workers := range []int{1, 2, 3} {
					var buf bytes.Buffer
					if err := EncodeJPEG(&buf, p, &JPEGOptions{Quality: 0.9, Chroma: ch, Workers: workers}); err != nil {
						t.Fatal(err)
					}
					m, err := jpeg.Decode(bytes.NewReader(buf.Bytes()))
					what := fmt.Sprintf("%dx%d %s chroma=%d workers=%d", sz[0], sz[1], kindNames[kind], ch, workers)
					if err != nil {
						t.Fatalf("%s: decode: %v", what, err)
					}
					if m.Bounds() != image.Rect(0, 0, p.Width, p.Height) {
						t.Fatalf("%s: bounds %v", what, m.Bounds())
					}
					if first == nil {
						first = m
					} else if !sameImage(first, m) {
						t.Fatalf("%s: pixels differ from one worker's", what)
					}
					if kind == kindGradient || kind == kindTransparent {
						got := psnr(p, m)
						var sb bytes.Buffer
						jpeg.Encode(&sb, whiteMatte(p), &jpeg.Options{Quality: 90})
						sm, _ := jpeg.Decode(&sb)
						std := psnr(p, sm)
						if got < 38 || (ch == Chroma420 && got < std-1) {
							t.Errorf("%s: PSNR %.2f dB (image/jpeg %.2f)", what, got, std)
						}
					}
				}
			}
		}
	}
}

func sameImage(a, b image.Image) bool {
	r := a.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if a.At(x, y) != b.At(x, y) {
				return false
			}
		}
	}
	return true
}

func whiteMatte(p *raster.Pixmap) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, p.Width, p.Height))
	for y := 0; y < p.Height; y++ {
		for x := 0; x < p.Width; x++ {
			s := p.Pix[y*p.Stride+4*x:]
			k := 255 - s[3]
			copy(m.Pix[y*m.Stride+4*x:], []byte{s[0] + k, s[1] + k, s[2] + k, 255})
		}
	}
	return m
}

// FuzzPNG: any pixels at any small size round-trip exactly through
// image/png at every level and worker count.
func FuzzPNG(f *testing.F) {
	f.Add(uint16(1), uint8(0), []byte{1, 2, 3, 4})
	f.Add(uint16(4097), uint8(1), []byte{255, 255, 255, 255, 0, 0, 0, 0})
	f.Add(uint16(3), uint8(2), bytes.Repeat([]byte{10, 20, 30, 40}, 50))
	f.Fuzz(func(t *testing.T, w uint16, mode uint8, data []byte) {
		width := int(w%4097) + 1
		n := len(data) / 4
		if n == 0 {
			return
		}
		height := (n + width - 1) / width
		if width*height > 1<<16 {
			return
		}
		p, _ := raster.NewPixmap(width, height)
		for i := 0; i < width*height; i++ {
			s := data[4*(i%n):]
			a := s[3]
			if mode&1 == 1 {
				a = 255
			}
			px := premul(s[0], s[1], s[2], a)
			copy(p.Pix[4*i:], px[:])
		}
		defer func(v int64) { minBandBytes = v }(minBandBytes)
		minBandBytes = 64
		lvl := PNGLevel(int(mode>>1) % 3)
		checkPNG(t, p, PNGOptions{Level: lvl, Workers: 1 + int(mode>>3)%4, Palette: PaletteMode(mode>>5) & 1}, "fuzz")
		var buf bytes.Buffer
		if err := EncodeJPEG(&buf, p, &JPEGOptions{Quality: float64(mode%10+1) / 10}); err != nil {
			t.Fatal(err)
		}
		if _, err := jpeg.Decode(&buf); err != nil {
			t.Fatalf("jpeg decode: %v", err)
		}
	})
}

// TestFlatBlockShortcut: the uniform-block shortcut gives the coefficients
// the full transform gives (DC equal, every AC zero) at every quality.
func TestFlatBlockShortcut(t *testing.T) {
	p, _ := raster.NewPixmap(8, 8)
	for q := 1; q <= 100; q += 3 {
		e := newJPEGEnc(p, q, false)
		for t8 := 0; t8 < 2; t8++ {
			for v := -128; v < 128; v++ {
				src := make([]float32, 64)
				for i := range src {
					src[i] = float32(v) + float32(t8)*0.37
				}
				if !flatBlock(src, 8) {
					t.Fatal("flat block not seen as flat")
				}
				var blk [64]float32
				var qc [64]int32
				nz := fdct(&qc, &blk, src, 8, &e.scale[t8])
				sc := &e.scale[t8]
				for i := range blk {
					got := qc[i]
					if (got != 0) != (nz>>i&1 != 0) {
						t.Fatalf("q=%d v=%d coefficient %d = %d but non-zero mask bit %d", q, v, i, got, nz>>i&1)
					}
					want := int32(0)
					if i == 0 {
						want = int32(64*src[0]*sc[0]+16384.5) - 16384
					}
					if got != want {
						t.Fatalf("q=%d v=%d coefficient %d: transform %d, shortcut %d", q, v, i, got, want)
					}
				}
			}
		}
	}
}

// TestZigzagBits: the byte tables move every natural-order bit to its
// zigzag position.
func TestZigzagBits(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	for n := 0; n < 2000; n++ {
		m := rng.Uint64() & rng.Uint64()
		if n < 64 {
			m = 1 << n
		}
		var want uint64
		for k, i := range zigzag {
			want |= (m >> i & 1) << k
		}
		var got uint64
		for j := 0; j < 8; j++ {
			got |= zigzagBits[j][m>>(8*j)&0xff]
		}
		if got != want {
			t.Fatalf("mask %016x: got %016x, want %016x", m, got, want)
		}
	}
}

// TestFixedFiltersMatchScalar: the eight-bytes-at-a-time Up and Sub give
// the bytes of the per-byte definitions.
func TestFixedFiltersMatchScalar(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	for _, bpp := range []int{1, 3, 4} {
		for n := 0; n < 70; n++ {
			cur, prev := make([]byte, n), make([]byte, n)
			for i := range cur {
				cur[i], prev[i] = byte(rng.IntN(256)), byte(rng.IntN(256))
			}
			for _, f := range []int{ftUp, ftSub} {
				got := newFilterScratch(f, n).filterRow(nil, cur, prev, bpp)
				want := make([]byte, n)
				filterInto(f, want, cur, prev, bpp)
				if got[0] != byte(f) || !bytes.Equal(got[1:], want) {
					t.Fatalf("filter %d bpp %d n %d: %v, want %v", f, bpp, n, got[1:], want)
				}
			}
		}
	}
}

func TestSumAbs(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	for n := 0; n < 100; n++ {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(rng.IntN(256))
			if rng.IntN(5) == 0 {
				b[i] = 0x80
			}
		}
		want := 0
		for _, v := range b {
			want += absTab[v]
		}
		if got := sumAbs(b); got != want {
			t.Fatalf("sumAbs(%v) = %d, want %d", b, got, want)
		}
	}
}

// TestDirectFiltersMatchGeneral: the fused RGB + Up/Sub path writes the
// same PNG bytes as converting rows first and filtering them.
func TestDirectFiltersMatchGeneral(t *testing.T) {
	defer func(v int64) { minBandBytes = v; directFilters = true }(minBandBytes)
	minBandBytes = 256
	rng := rand.New(rand.NewPCG(17, 18))
	for _, sz := range [][2]int{{1, 1}, {2, 3}, {5, 9}, {33, 20}, {4097, 3}, {300, 200}} {
		p := randomPixmap(rng, sz[0], sz[1], kindGradient)
		for _, f := range []int{ftUp, ftSub} {
			for _, workers := range []int{1, 3} {
				lp := levelParams{filter: f, flate: 1}
				var a, b bytes.Buffer
				directFilters = true
				if err := encodePNG(&a, p, PNGOptions{Workers: workers, Palette: PaletteNever}, lp); err != nil {
					t.Fatal(err)
				}
				directFilters = false
				if err := encodePNG(&b, p, PNGOptions{Workers: workers, Palette: PaletteNever}, lp); err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(a.Bytes(), b.Bytes()) {
					t.Fatalf("%v filter %d workers %d: direct path differs", sz, f, workers)
				}
				checkPNG(t, p, PNGOptions{Workers: workers}, "direct")
			}
		}
	}
}

// The vector Adler-32 (and the scalar one under purego) equals
// hash/adler32 on random and worst-case (all 0xff) data of every length
// class, whole and in pieces.
func TestAdler32MatchesStdlib(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for trial := 0; trial < 300; trial++ {
		n := rng.IntN(40000)
		if trial%10 == 0 {
			n = rng.IntN(200)
		}
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(rng.IntN(256))
		}
		if trial%3 == 0 {
			for i := range b {
				b[i] = 0xff
			}
		}
		want := adler32.Checksum(b)
		if got := adler32Update(adler32New(), b); got != want {
			t.Fatalf("len %d: %08x, want %08x", n, got, want)
		}
		// In pieces: the running value carries over.
		a := adler32New()
		for rest := b; len(rest) > 0; {
			k := min(len(rest), 1+rng.IntN(9000))
			a = adler32Update(a, rest[:k])
			rest = rest[k:]
		}
		if a != want {
			t.Fatalf("len %d in pieces: %08x, want %08x", n, a, want)
		}
	}
}

func BenchmarkAdler32(b *testing.B) {
	p := make([]byte, 1<<20)
	for i := range p {
		p[i] = byte(i * 7)
	}
	b.SetBytes(int64(len(p)))
	for b.Loop() {
		adler32Update(adler32New(), p)
	}
}

// Rows wider than the deflater's in-place room go through its Write path.
func TestPNGWideRows(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	for _, kind := range []int{kindOpaque, kindSemi} {
		p := randomPixmap(rng, 70000, 3, kind)
		for _, lvl := range []PNGLevel{PNGDefault, PNGFast} {
			checkPNG(t, p, PNGOptions{Level: lvl, Workers: 1, Palette: PaletteNever}, fmt.Sprintf("70000x3 %s %s", kindNames[kind], lvl))
		}
	}
}
